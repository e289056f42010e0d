"""The production stack under load: requests per second, latency and errors per page.

    python -m benchmarks.load [--articles 10000] [--seconds 10] [--connections 32]
                              [--workers N] [--threads N] [--database postgres|sqlite]

Starts what `make serve` runs, on loopback: gunicorn with deploy/gunicorn.conf.py and
production settings, a throwaway PostgreSQL holding N generated Persian articles (the
search benchmark's corpus) plus the seeded exhibitors, and a throwaway Redis as the
shared cache. Then drives each page with wrk (Debian's package: ``apt-get install
wrk``) for a fixed time at a fixed number of connections, /healthz first as the
baseline (a database round trip and nothing else). Prints the figures and ends with
one line of JSON. Every request says it came through the TLS proxy
(``X-Forwarded-Proto: https``, with TRUST_X_FORWARDED_PROTO=1), as in production.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks import common

MODULE = "benchmarks.load"
SEARCH_QUERY = "مدیریت شهری"
# Page name → path (the article's path is found once the archive is built).
PAGES = {
    "home": "/fa/",
    "news": "/fa/news/",
    "article": None,
    "search": "/fa/search/?q=" + urllib.parse.quote(SEARCH_QUERY),
    "exhibitors": "/fa/exhibitors/",
    "floor_plan": "/fa/floor-plan/",
    "feed": "/fa/news/rss/",
}
BASELINE = "/healthz"
# docs/performance.md, "Load": each page's rate as a share of the baseline's.
GOAL = {
    "cached_share": 0.60,
    "article_share": 0.30,
    "search_share": 0.20,
    "p99_ms": 150.0,
    "errors": 0,
    "worker_uss_mb": 60.0,
}
# wrk's summary as one line of JSON (its own text output changes units as it likes).
WRK_SCRIPT = """
wrk.headers["X-Forwarded-Proto"] = "https"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def prepare(articles: int) -> dict:
    """In a child process on DATABASE_URL: schema, the seeded site, N generated
    articles numbered after the seeded ones, and every article's exhibitor mentions."""
    common.setup_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command
    from django.db.models import F
    from django.utils import translation

    from articles.models import Article
    from articles.services import allocate_news_code
    from benchmarks import search

    common.migrate()
    call_command("seed", verbosity=0)
    # The generated archive takes news codes 1..N: the seeded articles move past it.
    Article.objects.update(news_code=F("news_code") + articles)
    build_s = search.build(articles)
    allocate_news_code(at_least=Article.objects.order_by("-news_code")[0].news_code)
    started = time.perf_counter()
    call_command("recompute_mentions", verbosity=0)
    mentions_s = time.perf_counter() - started
    with translation.override("fa"):
        article = Article.objects.published().in_language("fa").order_by("-news_code")
        article_path = article.filter(news_code__lte=articles // 2 or 1)[0].get_absolute_url()
    return {
        "articles": Article.objects.count(),
        "build_s": round(build_s, 1),
        "mentions_s": round(mentions_s, 1),
        "article_path": article_path,
    }


@contextlib.contextmanager
def redis_cache():
    """The throwaway Redis the test suite uses, or (before it existed) our own."""
    try:
        from exhibition.throwaway_redis import throwaway_redis
    except ImportError:
        throwaway_redis = None
    if throwaway_redis is not None:
        with throwaway_redis() as redis:
            yield redis.url
        return
    from exhibition.throwaway_gunicorn import free_port

    server = shutil.which("redis-server")
    if not server:
        raise SystemExit("redis-server not found: apt-get install redis-server")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(100):
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            time.sleep(0.05)
        yield f"rediscache://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait()


def fetch(url: str) -> int:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status


def run_wrk(wrk: str, script: Path, url: str, *, seconds: int, connections: int) -> dict:
    threads = max(1, min(connections, os.cpu_count() or 1))
    result = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("WRKJSON "))
    raw = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(raw[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "errors": errors,
        "requests": raw["requests"],
    }


def worker_memory(master_pid: int) -> list[dict]:
    import psutil

    workers = []
    for worker in psutil.Process(master_pid).children():
        info = worker.memory_full_info()
        workers.append(
            {
                "pid": worker.pid,
                "rss_mb": round(info.rss / 2**20, 1),
                "uss_mb": round(info.uss / 2**20, 1),
            }
        )
    return workers


def goal_met(figures: dict) -> dict:
    pages = figures["pages"]
    checks = {
        "cached_share": all(
            pages[name]["share"] >= GOAL["cached_share"]
            for name in ("home", "news", "exhibitors", "floor_plan", "feed")
        ),
        "article_share": pages["article"]["share"] >= GOAL["article_share"],
        "search_share": pages["search"]["share"] >= GOAL["search_share"],
        "p99_ms": all(p["p99_ms"] < GOAL["p99_ms"] for p in pages.values()),
        "errors": all(p["errors"] == 0 for p in pages.values()),
        "worker_uss_mb": figures["worker_uss_mb"] <= GOAL["worker_uss_mb"],
    }
    return {**GOAL, "checks": checks, "met": all(checks.values())}


def run(args) -> dict:
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("wrk not found: install Debian's package (apt-get install wrk)")
    from exhibition.throwaway_gunicorn import throwaway_gunicorn

    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="exhibition-load-")))
        database_url = stack.enter_context(common.database_url(args.database))
        cache_url = stack.enter_context(redis_cache())
        env = {
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "TRUST_X_FORWARDED_PROTO": "1",
            "STATIC_ROOT": str(workdir / "static"),
            "LOG_LEVEL": "WARNING",
            # No worker recycling mid-run: the memory figures are of workers that have
            # served every page (gunicorn lets this variable override its config file).
            "GUNICORN_CMD_ARGS": "--max-requests 0",
            **({"WEB_WORKERS": str(args.workers)} if args.workers else {}),
            **({"WEB_THREADS": str(args.threads)} if args.threads else {}),
            # --no-page-cache: every page rendered afresh (the "uncached" figures).
            **({"PAGE_CACHE_TTL": "0"} if args.no_page_cache else {}),
        }
        child_env = {**os.environ, **env}
        print(f"preparing {args.articles} articles on {args.database} …", flush=True)
        child = subprocess.run(
            [sys.executable, "-m", MODULE, "--prepare", str(args.articles)],
            env=child_env,
            cwd=common.ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        data = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"archive: {data['articles']} articles (built in {data['build_s']} s, mentions "
            f"{data['mentions_s']} s)",
            flush=True,
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env={**child_env, "DJANGO_SETTINGS_MODULE": "exhibition.settings.prod"},
            cwd=common.ROOT,
            check=True,
        )
        server = stack.enter_context(throwaway_gunicorn(env))
        paths = {**PAGES, "article": data["article_path"]}
        for name, path in {"baseline": BASELINE, **paths}.items():
            # Each page answers 200 before it is measured (and is warm in the cache).
            if (status := fetch(server.url + path)) != 200:
                raise SystemExit(f"{name} {path} answered {status}")
        script = workdir / "summary.lua"
        script.write_text(WRK_SCRIPT)
        load = lambda path: run_wrk(  # noqa: E731
            wrk, script, server.url + path, seconds=args.seconds, connections=args.connections
        )
        print(f"wrk: {args.connections} connections, {args.seconds} s per page", flush=True)
        baseline = load(BASELINE)
        _print_row("healthz", baseline, 1.0)
        pages = {}
        for name, path in paths.items():
            pages[name] = load(path)
            pages[name]["share"] = round(pages[name]["rps"] / baseline["rps"], 3)
            _print_row(name, pages[name], pages[name]["share"])
        workers = worker_memory(server.process.pid)
    for worker in workers:
        print(f"worker {worker['pid']}: RSS {worker['rss_mb']} MB, USS {worker['uss_mb']} MB")
    figures = {
        "benchmark": "load",
        "database": args.database,
        "articles": data["articles"],
        "seconds": args.seconds,
        "connections": args.connections,
        "page_cache": not args.no_page_cache,
        "workers": len(workers),
        "baseline_rps": baseline["rps"],
        "baseline": baseline,
        "pages": pages,
        "worker_rss_mb": max(w["rss_mb"] for w in workers),
        "worker_uss_mb": max(w["uss_mb"] for w in workers),
        "machine": common.machine(),
    }
    figures["goal"] = goal_met(figures)
    return figures


def _print_row(name: str, figures: dict, share: float) -> None:
    print(
        f"{name:<11} {figures['rps']:>8.1f} req/s  p50 {figures['p50_ms']:>7.2f} ms  "
        f"p99 {figures['p99_ms']:>7.2f} ms  errors {figures['errors']:>4}  "
        f"{share:>6.1%} of baseline",
        flush=True,
    )


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk's run per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the config's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: the config's)")
    parser.add_argument("--database", choices=common.ENGINES, default="postgres")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="render every page afresh (PAGE_CACHE_TTL=0)"
    )
    parser.add_argument("--prepare", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare is not None:
        print(json.dumps(prepare(args.prepare), ensure_ascii=False), flush=True)
        return {}
    figures = run(args)
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
