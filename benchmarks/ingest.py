"""Import throughput of the real importer against the text pipeline alone.

    python -m benchmarks.ingest --articles 1000 [--database postgres|sqlite|both] [--jobs N]

Writes N Mehr-style pages (the corpus' real sentences recombined, with spelling variants)
to a temporary folder, times ``manage.py import_articles`` on it (parse, normalize, save;
one transaction per file) and then ``persian.normalize`` + ``persian.index_key`` alone
on the same texts: the text work an import cannot skip (a saved article's search
document is its ``index_key``). Prints the figures and ends with one line of JSON. PostgreSQL is
DATABASE_URL when it points at PostgreSQL (use an empty scratch database), otherwise a
throwaway cluster.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import common

MODULE = "benchmarks.ingest"
GOAL = {"articles_per_s": 300.0}


def write_pages(folder: Path, n: int) -> list[str]:
    corpus = common.Corpus()
    rng = random.Random(7)
    pages = []
    for number in range(1, n + 1):
        page = corpus.mehr_page(number)
        # Some scraped pages lose the blank lines between paragraphs.
        page = page if rng.random() < 0.9 else page.replace("\n\n", "\n")
        (folder / f"{number:06d}.txt").write_text(page, encoding="utf-8")
        pages.append(page)
    return pages


def run(engine: str, *, articles: int, jobs: int | None = None) -> dict:
    from django.core.management import call_command

    from articles.models import Article
    from exhibition import persian

    started = time.perf_counter()
    persian.preload()  # hazm's word list loads once per process; not per article
    preload_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="exhibition-ingest-") as workdir:
        pages = write_pages(Path(workdir), articles)
        started = time.perf_counter()
        # Its per-file report would drown the figures.
        jobs_args = ["--jobs", str(jobs)] if jobs else []
        call_command(
            "import_articles",
            workdir,
            "--no-progress",
            *jobs_args,
            verbosity=0,
            stdout=io.StringIO(),
        )
        import_s = time.perf_counter() - started
    imported = Article.objects.count()
    if imported != articles:
        raise SystemExit(f"imported {imported} articles out of {articles}")
    started = time.perf_counter()
    for page in pages:
        persian.index_key(persian.normalize(page))
    pipeline_s = time.perf_counter() - started
    figures = {
        "engine": engine,
        "articles": articles,
        "jobs": jobs or os.cpu_count(),
        "hazm_preload_s": round(preload_s, 2),
        "import_s": round(import_s, 2),
        "import_articles_per_s": round(articles / import_s, 1),
        "pipeline_s": round(pipeline_s, 2),
        "pipeline_articles_per_s": round(articles / pipeline_s, 1),
        "pipeline_share": round(pipeline_s / import_s, 2),
    }
    print(
        f"import_articles: {figures['import_articles_per_s']} articles/s "
        f"({import_s:.1f} s); text pipeline alone: {figures['pipeline_articles_per_s']} "
        f"articles/s ({pipeline_s:.1f} s); pipeline share of import time "
        f"{figures['pipeline_share']:.0%}; hazm preload {preload_s:.1f} s",
        flush=True,
    )
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument(
        "--jobs", type=int, help="import_articles --jobs (default: its own, one per CPU)"
    )
    parser.add_argument("--child", choices=common.ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        common.child_main(
            lambda engine: run(engine, articles=args.articles, jobs=args.jobs), args.child
        )
        return {}
    engines = list(common.ENGINES) if args.database == "both" else [args.database]
    child_args = ["--articles", str(args.articles)]
    if args.jobs:
        child_args += ["--jobs", str(args.jobs)]
    results = common.run_engines(MODULE, child_args, engines)
    summary = {
        "benchmark": "ingest",
        "articles": args.articles,
        "machine": common.machine(),
        "results": results,
        "goal": {
            **GOAL,
            "met": all(
                r["import_articles_per_s"] >= GOAL["articles_per_s"] for r in results.values()
            ),
        },
    }
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
