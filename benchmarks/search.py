"""Search latency through the site's own search code against a plain LIKE scan.

    python -m benchmarks.search --articles 100000 [--queries-per-kind 50]
                                [--database postgres|sqlite|both]

Builds N published Persian articles recombined from the corpus' real sentences with
injected spelling variants, then times one-word, two-word and phrase queries the way the
search page runs them (result count plus the first page of 20 ranked rows) and the same
words as ``ILIKE '%…%'`` (PostgreSQL) / ``LIKE`` (SQLite) over title and body. Prints the
figures and ends with one line of JSON. PostgreSQL is DATABASE_URL when it points at
PostgreSQL (use an empty scratch database), otherwise a throwaway cluster.
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import random
import sys
import time

from benchmarks import common

MODULE = "benchmarks.search"
PAGE_SIZE = 20  # articles.views.PAGE_SIZE
BATCH = 2000
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
GOAL = {"articles": 100_000, "p95_ms": 25.0, "speedup": 50.0}

_corpus: common.Corpus | None = None
_normalized: dict[str, str] = {}


def _normalize(sentence: str) -> str:
    from exhibition import persian

    if sentence not in _normalized:
        _normalized[sentence] = persian.normalize(sentence)
    return _normalized[sentence]


def _article_rows(start: int, stop: int, now_ts: float) -> list[dict]:
    """Field values for articles [start, stop), saved the way Article.save() would save
    them: display text normalized (per corpus sentence, cached: hazm on 100k articles
    would take far longer than the search it is setting up), body as <p> paragraphs, and
    ``search_document`` from articles.text.search_document itself."""
    from articles import text
    from exhibition import persian

    rng = random.Random(start)
    rows = []
    for number in range(start + 1, stop + 1):
        raw = _corpus.raw_article(number, rng)
        title = f"{_normalize(raw['title'])} ({persian.to_persian_digits(number)})"
        lead = _normalize(raw["lead"])
        paragraphs = [
            " ".join(_normalize(s) for s in common._SENTENCE_END_RE.split(p))
            for p in raw["paragraphs"]
        ]
        body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
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
    return rows


def _article_rows_star(args: tuple) -> list[dict]:
    return _article_rows(*args)


def build(n: int) -> float:
    """Insert n articles with bulk_create (SQLite's FTS5 triggers fire; PostgreSQL's GIN
    expression index is maintained on insert). Returns seconds."""
    global _corpus
    from datetime import UTC, datetime

    from django.db import connection

    from articles.models import Article, Language, Status

    started = time.perf_counter()
    if Article.objects.count() == n:
        return 0.0  # a DATABASE_URL that an earlier run already filled (--keep)
    _corpus = common.Corpus()
    for sentence in _corpus.pool:  # warm the cache before forking
        _normalize(sentence)
    now_ts = time.time()
    ranges = [(s, min(n, s + BATCH), now_ts) for s in range(0, n, BATCH)]
    workers = min(os.cpu_count() or 1, len(ranges)) or 1
    ctx = multiprocessing.get_context("fork")
    connection.close()  # never share a connection with forked workers
    with ctx.Pool(workers) as pool:
        # imap: insert one batch while the workers build the next ones.
        for rows in pool.imap(_article_rows_star, ranges):
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


def run(
    engine: str, *, articles: int, per_kind: int, baseline_per_kind: int, show_plans: bool
) -> dict:
    from django.db import connection

    build_s = build(articles)
    print(f"built {articles} articles in {build_s:.1f} s (0: reused)", flush=True)
    figures = {"engine": engine, "articles": articles, "build_s": round(build_s, 1)}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            figures["server_version"] = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            figures["shared_buffers"] = cursor.fetchone()[0]
    else:
        import sqlite3

        figures["server_version"] = sqlite3.sqlite_version
    search_counts, like_counts, search_ms_by_query, like_ms_by_query = {}, {}, {}, {}
    for queries in QUERIES.values():
        for q in queries:  # warm-up (the LIKE scans read the whole table anyway)
            search_counts[q] = site_search(q)
    if show_plans:
        for queries in QUERIES.values():
            print(explain(queries[0]), flush=True)
    kinds = {}
    all_search, all_like = [], []
    for kind, queries in QUERIES.items():
        search_ms = time_queries(site_search, queries, per_kind, search_counts, search_ms_by_query)
        like_ms = time_queries(like_scan, queries, baseline_per_kind, like_counts, like_ms_by_query)
        all_search += search_ms
        all_like += like_ms
        kinds[kind] = _compare(search_ms, like_ms)
    kinds["all"] = _compare(all_search, all_like)
    figures["kinds"] = kinds
    matches = {
        q: {
            "search": n,
            "like": like_counts.get(q),
            "search_p50_ms": common.summarize(search_ms_by_query[q])["p50_ms"]
            if q in search_ms_by_query
            else None,
        }
        for q, n in search_counts.items()
    }
    figures["matches"] = matches
    render_ms = [snippets(q) for queries in QUERIES.values() for q in queries for _ in range(3)]
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
    print("matches, site search / LIKE (site search p50 ms):", flush=True)
    for q, m in matches.items():
        print(f"  {q}: {m['search']} / {m['like']} ({m['search_p50_ms']})")
    return figures


def _compare(search_ms: list[float], like_ms: list[float]) -> dict:
    search, like = common.summarize(search_ms), common.summarize(like_ms)
    return {
        "search": search,
        "like": like,
        "speedup_p50": round(like["p50_ms"] / search["p50_ms"], 1),
        "speedup_mean": round(like["mean_ms"] / search["mean_ms"], 1),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
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
    parser.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument(
        "--explain", action="store_true", help="print the query plans of one query per kind"
    )
    parser.add_argument("--child", choices=common.ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    options = {
        "articles": args.articles,
        "per_kind": args.queries_per_kind,
        "baseline_per_kind": args.baseline_per_kind,
        "show_plans": args.explain,
    }
    if args.child:
        common.child_main(lambda engine: run(engine, **options), args.child)
        return {}
    engines = list(common.ENGINES) if args.database == "both" else [args.database]
    child_argv = [
        "--articles",
        str(args.articles),
        "--queries-per-kind",
        str(args.queries_per_kind),
        "--baseline-per-kind",
        str(args.baseline_per_kind),
        *(["--explain"] * args.explain),
    ]
    results = common.run_engines(MODULE, child_argv, engines)
    summary = {"benchmark": "search", **options, "machine": common.machine(), "results": results}
    postgres = results.get("postgres")
    if postgres and args.articles >= GOAL["articles"]:
        overall = postgres["kinds"]["all"]
        summary["goal"] = {
            **GOAL,
            "met": overall["search"]["p95_ms"] <= GOAL["p95_ms"]
            and overall["speedup_p50"] >= GOAL["speedup"],
        }
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
