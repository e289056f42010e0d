"""Search latency through the site's own search code against a plain LIKE scan.

    python -m benchmarks.search --articles 100000[,300000] [--corpus zipf|sentences]
                                [--queries-per-kind 50] [--baseline-per-kind 10]
                                [--queries-per-band 8] [--database postgres|sqlite|both]

Builds N published Persian articles (``--corpus zipf``, the default: a Zipf–Mandelbrot
term distribution over hazm's lexicon mixed with the fixture's real sentences and the
spelling variants of real pages, see ``benchmarks/zipf.py``; ``--corpus sentences``: the
old corpus, ~11 real sentences recombined), then times the queries the way the search
page runs them (result count plus the first page of 20 ranked rows) and the same words
as ``ILIKE '%…%'`` (PostgreSQL) / ``LIKE`` (SQLite) over title and body. On the Zipf
corpus the queries are chosen from the corpus's own document frequencies: rare, mid and
common single words, two-word queries, phrases and variant spellings. Several sizes
(``--articles 100000,300000``) are measured in one run, each growing the same archive,
with the same queries. Prints the figures and ends with one line of JSON. PostgreSQL is
DATABASE_URL when it points at PostgreSQL (use an empty scratch database), otherwise a
throwaway cluster.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections import Counter

from benchmarks import common, zipf

MODULE = "benchmarks.search"
PAGE_SIZE = 20  # articles.views.PAGE_SIZE
BATCH = 2000
# The old corpus's fixed queries (``--corpus sentences``).
QUERIES = {
    "one-word": ["نمایشگاه", "شهرداريها", "ایروان", "۱۴۰۳", "خواهرخواندگی"],
    "two-word": [
        "مدیریت شهری",
        "شهرداری تهران",
        "دانش‌بنیان مسکو",
        "تبادل تجربیات",
        "حکمرانی كلانشهرها",
    ],
    "phrase": [
        '"مدیریت شهری"',
        '"شرکت های دانش بنیان"',
        "«شهرداری تهران»",
        '"از شهر باکو"',
        '"تبادل تجربیات"',
    ],
}
# Issue 16's goals, on PostgreSQL: at 100,000 articles p95 and the speed-up over ILIKE
# at p50 (all queries together); p95 at 300,000 against p95 at 100,000 in the same run.
GOAL = {"articles": 100_000, "p95_ms": 25.0, "speedup": 100.0, "at": 300_000, "growth": 1.5}

_corpus: zipf.ZipfCorpus | zipf.SentenceCorpus | None = None


def make_corpus(kind: str) -> zipf.ZipfCorpus | zipf.SentenceCorpus:
    return zipf.ZipfCorpus() if kind == "zipf" else zipf.SentenceCorpus()


def _article_rows(start: int, stop: int, now_ts: float) -> tuple[list[dict], Counter]:
    """Field values for articles [start, stop), saved the way Article.save() would save
    them: display text normalized (by the corpus, per distinct word or sentence: hazm on
    every article would take far longer than the search it is setting up), body as <p>
    paragraphs, and ``search_document`` from articles.text.search_document itself; and
    the document frequencies of the keys."""
    from articles import text
    from exhibition import persian

    rows = []
    for number in range(start + 1, stop + 1):
        article = _corpus.article(number)
        title, lead = article["title"], article["lead"]
        body = zipf.body_html(article["paragraphs"])
        rows.append(
            {
                "news_code": number,
                "title": title,
                "slug": persian.slugify(title) or "news",
                "lead": lead,
                "body": body,
                "source_agency": "خبرگزاری مهر",
                "published_at_ts": now_ts - 3600 - number * 60,
                "search_document": text.search_document(
                    title=title, kicker="", lead=lead, body_html=body, tag_names=[]
                ),
            }
        )
    return rows, zipf.document_frequencies(row["search_document"] for row in rows)


def _article_rows_star(args: tuple) -> tuple[list[dict], Counter]:
    return _article_rows(*args)


def build(n: int, *, start: int = 0, corpus: str = "zipf", df: Counter | None = None) -> float:
    """Insert articles start+1..n with bulk_create (SQLite's FTS5 triggers fire;
    PostgreSQL's GIN index is maintained on insert), adding their keys' document
    frequencies to ``df``. Returns seconds."""
    global _corpus
    from datetime import UTC, datetime

    from django.db import connection

    from articles.models import Article, Language, Status

    started = time.perf_counter()
    if start == 0 and Article.objects.count() == n:
        # A DATABASE_URL that an earlier run already filled (--keep).
        if df is not None:
            documents = Article.objects.values_list("search_document", flat=True)
            zipf.document_frequencies(documents.iterator(chunk_size=BATCH), df)
        return 0.0
    if _corpus is None or _corpus.kind != corpus:
        _corpus = make_corpus(corpus)
        _corpus.warm()  # before forking, so the workers share it
    now_ts = time.time()
    ranges = [(s, min(n, s + BATCH), now_ts) for s in range(start, n, BATCH)]
    workers = min(os.cpu_count() or 1, len(ranges)) or 1
    ctx = multiprocessing.get_context("fork")
    connection.close()  # never share a connection with forked workers
    with ctx.Pool(workers) as pool:
        # imap: insert one batch while the workers build the next ones.
        for done, (rows, counts) in enumerate(pool.imap(_article_rows_star, ranges), 1):
            if done % 25 == 0:  # every 50,000 articles: how long the rest will take
                made = done * BATCH
                rate = made / (time.perf_counter() - started)
                print(f"  {start + made} articles, {rate:.0f}/s", flush=True)
            if df is not None:
                df.update(counts)
            objs = []
            for row in rows:
                ts = row.pop("published_at_ts")
                objs.append(
                    Article(
                        **row,
                        language=Language.PERSIAN,
                        status=Status.PUBLISHED,
                        published_at=datetime.fromtimestamp(ts, UTC),
                    )
                )
            Article.objects.bulk_create(objs, batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def site_search(q: str) -> int:
    """What the search page does: parse, rank the newest matches (counting up to
    SEARCH_CANDIDATES + 1, i.e. "more than SEARCH_CANDIDATES") and fetch the first page."""
    from django.core.paginator import Paginator

    from articles.search import search_articles
    from exhibition import persian

    results = search_articles(persian.parse_query(q), language="fa")
    rows = list(Paginator(results, PAGE_SIZE).page(1).object_list)
    assert all(hasattr(r, "rank") for r in rows)
    return results.total


def snippets(q: str) -> float:
    """Milliseconds to highlight the first page's titles and cut their snippets, as the
    results page does after the search (not part of the timed search)."""
    from django.core.paginator import Paginator

    from articles.search import highlight, search_articles, snippet
    from exhibition import persian

    query = persian.parse_query(q)
    page = list(Paginator(search_articles(query, language="fa"), PAGE_SIZE).page(1).object_list)
    started = time.perf_counter()
    for article in page:
        snippet(article, query)
        highlight(article.title, query)
    return (time.perf_counter() - started) * 1000


def like_patterns(q: str) -> list[str]:
    """The words a naive search would look for: a quoted phrase as one substring."""
    stripped = q.strip()
    if stripped[:1] in '"«' and len(stripped) > 2:
        return [stripped[1:-1]]
    return stripped.split()


def like_scan(q: str) -> int:
    """The baseline: the same count + first page with LIKE/ILIKE over title and body."""
    from django.db import connection
    from django.utils import timezone

    operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    patterns = like_patterns(q)
    where = " AND ".join(
        ["status = 'published'", "published_at <= %s", "language = 'fa'"]
        + [f"(title || ' ' || body) {operator} %s"] * len(patterns)
    )
    params = [timezone.now(), *(f"%{p}%" for p in patterns)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM articles_article WHERE {where}", params)
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT id, title, lead, body, published_at FROM articles_article WHERE {where} "
            f"ORDER BY published_at DESC, news_code DESC LIMIT {PAGE_SIZE}",
            params,
        )
        cursor.fetchall()
    return count


def explain(q: str) -> str:
    """The plans of what the site runs for ``q``: on PostgreSQL one statement (candidates,
    ranks and count), on SQLite the candidates, then the ranks."""
    from django.db import connection

    from articles.search import get_search_backend
    from exhibition import persian

    backend = get_search_backend()
    statements = backend.statements(
        persian.parse_query(q), language="fa", desk=None, date_from=None, date_to=None
    )
    out = []
    for label, (sql, params) in statements:
        with connection.cursor() as cursor:
            cursor.execute(backend.explain_prefix + sql, params)
            rows = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
        out.append(f"--- {label} {q}\n" + "\n".join(rows))
    return "\n".join(out)


def time_queries(
    func, queries: list[str], samples: int, counts: dict, per_query: dict
) -> list[float]:
    timings = []
    for i in range(samples):
        q = queries[i % len(queries)]
        started = time.perf_counter()
        counts[q] = func(q)
        timings.append((time.perf_counter() - started) * 1000)
        per_query.setdefault(q, []).append(timings[-1])
    return timings


def server_figures(engine: str) -> dict:
    from django.db import connection

    figures = {"engine": engine}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            figures["server_version"] = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            figures["shared_buffers"] = cursor.fetchone()[0]
    else:
        import sqlite3

        figures["server_version"] = sqlite3.sqlite_version
    return figures


def run(
    engine: str,
    *,
    sizes: list[int],
    corpus: str,
    per_kind: int,
    baseline_per_kind: int,
    per_band: int,
    show_plans: bool,
) -> dict:
    """Grow one archive through ``sizes`` and measure at each; the queries are chosen
    once, at the first size, so every size times the same ones."""
    figures = {**server_figures(engine), "corpus": corpus, "sizes": {}}
    df: Counter = Counter()
    built, queries = 0, None
    for n in sizes:
        build_s = build(n, start=built, corpus=corpus, df=df)
        built = n
        print(f"built {n} articles in {build_s:.1f} s (0: reused)", flush=True)
        if queries is None:
            if corpus == "zipf":
                queries = zipf.choose_queries(_corpus or make_corpus(corpus), df, n, per_band)
            else:
                queries = zipf.Queries(QUERIES, {})
        figures["sizes"][str(n)] = {
            "articles": n,
            "build_s": round(build_s, 1),
            **measure(queries, df, n, per_kind, baseline_per_kind, show_plans),
        }
    return figures


def measure(
    queries: zipf.Queries,
    df: Counter,
    articles: int,
    per_kind: int,
    baseline_per_kind: int,
    show_plans: bool,
) -> dict:
    figures = {}
    bands = {}
    for kind, kind_queries in queries.by_kind.items():
        dfs = [d for q in kind_queries for d in zipf.query_df(q, df)]
        if dfs:
            bands[kind] = {
                "df_min": min(dfs),
                "df_max": max(dfs),
                "df_min_pct": round(100 * min(dfs) / articles, 3),
                "df_max_pct": round(100 * max(dfs) / articles, 3),
            }
    figures["df"] = bands
    print(f"queries per kind, document frequency of their words at {articles} articles:")
    for kind, kind_queries in queries.by_kind.items():
        b = bands.get(kind)
        shown = (
            f"df {b['df_min']}–{b['df_max']} ({b['df_min_pct']}–{b['df_max_pct']} %)"
            if b
            else "none at this size"
        )
        print(f"  {kind:<9} {shown}: {' | '.join(kind_queries)}", flush=True)
    search_counts, like_counts, search_ms_by_query, like_ms_by_query = {}, {}, {}, {}
    for q in queries.all():  # warm-up (the LIKE scans read the whole table anyway)
        search_counts[q] = site_search(q)
    if show_plans:
        for kind_queries in queries.by_kind.values():
            if kind_queries:
                print(explain(kind_queries[0]), flush=True)
    kinds = {}
    all_search, all_like = [], []
    for kind, kind_queries in queries.by_kind.items():
        if not kind_queries:
            continue
        search_ms = time_queries(
            site_search, kind_queries, per_kind, search_counts, search_ms_by_query
        )
        like_ms = time_queries(
            like_scan, kind_queries, baseline_per_kind, like_counts, like_ms_by_query
        )
        all_search += search_ms
        all_like += like_ms
        kinds[kind] = _compare(search_ms, like_ms)
    kinds["all"] = _compare(all_search, all_like)
    figures["kinds"] = kinds
    matches = {}
    for q, n in search_counts.items():
        matches[q] = {
            "search": n,
            "like": like_counts.get(q),
            "search_p50_ms": common.summarize(search_ms_by_query[q])["p50_ms"]
            if q in search_ms_by_query
            else None,
        }
        if q in queries.standard:  # what the standard spelling finds, for comparison
            matches[q]["standard"] = queries.standard[q]
            matches[q]["standard_search"] = site_search(queries.standard[q])
    figures["matches"] = matches
    render_ms = [snippets(q) for q in queries.all() for _ in range(3)]
    figures["snippets_ms"] = common.summarize(render_ms)
    print(f"{'kind':<10} {'search p50/p95/mean ms':>26} {'LIKE p50/p95/mean ms':>26} {'×':>7}")
    for kind, f in kinds.items():
        s, b = f["search"], f["like"]
        print(
            f"{kind:<10} {s['p50_ms']:>8.2f} {s['p95_ms']:>8.2f} {s['mean_ms']:>8.2f} "
            f"{b['p50_ms']:>8.1f} {b['p95_ms']:>8.1f} {b['mean_ms']:>8.1f} "
            f"{f['speedup_p50']:>7.1f}"
        )
    render = figures["snippets_ms"]
    print(
        f"results page, snippets and title highlights of 20 articles: p50 "
        f"{render['p50_ms']:.2f} ms, p95 {render['p95_ms']:.2f} ms (not in the search times)"
    )
    print("matches, site search / LIKE (site search p50 ms) [standard spelling: matches]:")
    for q, m in matches.items():
        standard = f" [{m['standard']}: {m['standard_search']}]" if "standard" in m else ""
        print(f"  {q}: {m['search']} / {m['like']} ({m['search_p50_ms']}){standard}")
    return figures


def _compare(search_ms: list[float], like_ms: list[float]) -> dict:
    search, like = common.summarize(search_ms), common.summarize(like_ms)
    return {
        "search": search,
        "like": like,
        "speedup_p50": round(like["p50_ms"] / search["p50_ms"], 1),
        "speedup_mean": round(like["mean_ms"] / search["mean_ms"], 1),
    }


def goals(results: dict) -> dict:
    """Issue 16's goals on PostgreSQL, each evaluated when the run has its sizes."""
    postgres = results.get("postgres", {}).get("sizes", {})
    out = {}
    at_goal = postgres.get(str(GOAL["articles"]))
    if at_goal:
        overall = at_goal["kinds"]["all"]
        out["p95"] = {
            "articles": GOAL["articles"],
            "goal_ms": GOAL["p95_ms"],
            "p95_ms": overall["search"]["p95_ms"],
            "met": overall["search"]["p95_ms"] <= GOAL["p95_ms"],
        }
        out["speedup"] = {
            "articles": GOAL["articles"],
            "goal": GOAL["speedup"],
            "speedup_p50": overall["speedup_p50"],
            "met": overall["speedup_p50"] >= GOAL["speedup"],
        }
    at_larger = postgres.get(str(GOAL["at"]))
    if at_goal and at_larger:
        ratio = (
            at_larger["kinds"]["all"]["search"]["p95_ms"]
            / at_goal["kinds"]["all"]["search"]["p95_ms"]
        )
        out["growth"] = {
            "articles": [GOAL["articles"], GOAL["at"]],
            "goal_ratio": GOAL["growth"],
            "p95_ratio": round(ratio, 2),
            "met": ratio <= GOAL["growth"],
        }
    if out:
        out["met"] = all(g["met"] for g in out.values())
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles",
        default="10000",
        help="archive size, or sizes separated by commas, measured in one run (10000,100000)",
    )
    parser.add_argument("--corpus", choices=["zipf", "sentences"], default="zipf")
    parser.add_argument(
        "--queries-per-kind",
        type=int,
        default=50,
        help="timed site searches per query kind (cycling over its queries)",
    )
    parser.add_argument(
        "--baseline-per-kind",
        type=int,
        default=10,
        help="timed LIKE scans per query kind (they are slow)",
    )
    parser.add_argument(
        "--queries-per-band",
        type=int,
        default=8,
        help="distinct queries per kind on the zipf corpus",
    )
    parser.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument(
        "--explain", action="store_true", help="print the query plans of one query per kind"
    )
    parser.add_argument("--child", choices=common.ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(n.replace("_", "")) for n in args.articles.split(",")})
    except ValueError:
        parser.error("--articles: whole numbers separated by commas")
    if not sizes or sizes[0] < 1:
        parser.error("--articles: at least one article")
    options = {
        "sizes": sizes,
        "corpus": args.corpus,
        "per_kind": args.queries_per_kind,
        "baseline_per_kind": args.baseline_per_kind,
        "per_band": args.queries_per_band,
        "show_plans": args.explain,
    }
    if args.child:
        common.child_main(lambda engine: run(engine, **options), args.child)
        return {}
    engines = list(common.ENGINES) if args.database == "both" else [args.database]
    child_argv = [
        "--articles",
        ",".join(map(str, sizes)),
        "--corpus",
        args.corpus,
        "--queries-per-kind",
        str(args.queries_per_kind),
        "--baseline-per-kind",
        str(args.baseline_per_kind),
        "--queries-per-band",
        str(args.queries_per_band),
        *(["--explain"] * args.explain),
    ]
    results = common.run_engines(MODULE, child_argv, engines)
    summary = {"benchmark": "search", **options, "machine": common.machine(), "results": results}
    # The targets, and each goal the run's sizes allow, with "met" over those.
    summary["goal"] = {"targets": GOAL, **goals(results)}
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
