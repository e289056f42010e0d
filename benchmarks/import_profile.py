"""Where an import's saving process spends its time, per imported file.

    python -m benchmarks.import_profile --files 300 [--database postgres|sqlite|both]
        [--jobs N] [--exhibitors] [--cprofile FILE]

Imports N pages of ``benchmarks.ingest`` with ``manage.py import_articles`` and counts, per
file: the SQL statements the saving process sends (by kind and table), on PostgreSQL its
round trips to the server (libpq's protocol trace: every simple query and every extended
query's Sync, so BEGIN and COMMIT count too), its CPU time (with
``--jobs`` 2 or more the workers parse and normalize, so this is the saving alone), and on
PostgreSQL the CPU time of the server process that serves it. ``--exhibitors`` loads the
booths fixtures first, so the mentions hook has names to match. ``--cprofile FILE`` writes
the saving process's profile (read it with ``python -m pstats FILE``). Ends with one line
of JSON, like the other benchmarks.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import cProfile
import io
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import common
from benchmarks.ingest import write_pages

MODULE = "benchmarks.import_profile"
_TABLE_RE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.I)


def _statement_kind(sql: str) -> str:
    words = sql.lstrip().split(None, 1)
    verb = words[0].upper() if words else "?"
    if verb in {"SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET"}:
        return verb
    table = _TABLE_RE.search(sql)
    return f"{verb} {table.group(1) if table else '?'}"


def _backend_cpu_s() -> float | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    import psutil

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


@contextlib.contextmanager
def _round_trips(counter: list[int]):
    """Count the saving process's round trips to PostgreSQL while the block runs: libpq
    traces every protocol message the client sends; each simple Query and each Sync
    (the end of an extended query: Parse/Bind/Execute) waits for the server once."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from psycopg import pq

    pgconn = connection.connection.pgconn
    with tempfile.TemporaryFile() as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            yield
        finally:
            pgconn.untrace()
            trace.seek(0)
            for line in trace.read().decode("utf-8", "replace").splitlines():
                direction, _length, message = (line.split("\t") + ["", "", ""])[:3]
                if direction == "F" and message.split(" ", 1)[0] in {"Query", "Sync"}:
                    counter[0] += 1


def _children_cpu_s() -> float:
    # The workers' CPU, once they have ended (the command joins its pool).
    times = os.times()
    return times.children_user + times.children_system


def run(engine: str, *, files: int, jobs: int, exhibitors: bool, cprofile: str | None) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article
    from exhibition import persian

    if exhibitors:
        call_command(
            "loaddata", str(common.ROOT / "fixtures" / "20_booths_facts.json"), verbosity=0
        )
    persian.preload()
    statements: collections.Counter[str] = collections.Counter()

    def count(execute, sql, params, many, context):
        statements[_statement_kind(sql)] += 1
        return execute(sql, params, many, context)

    with tempfile.TemporaryDirectory(prefix="exhibition-import-profile-") as workdir:
        write_pages(Path(workdir), files)
        connection.ensure_connection()
        backend_before = _backend_cpu_s()
        profiler = cProfile.Profile() if cprofile else None
        children_before = _children_cpu_s()
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        round_trips = [0]
        with connection.execute_wrapper(count), _round_trips(round_trips):
            if profiler:
                profiler.enable()
            call_command(
                "import_articles",
                workdir,
                "--no-progress",
                "--jobs",
                str(jobs),
                verbosity=0,
                stdout=io.StringIO(),
            )
            if profiler:
                profiler.disable()
        cpu_s, wall_s = time.process_time() - cpu_before, time.perf_counter() - wall_before
        workers_s = _children_cpu_s() - children_before
        backend_after = _backend_cpu_s()
    if profiler:
        profiler.dump_stats(cprofile)
    imported = Article.objects.count()
    if imported != files:
        raise SystemExit(f"imported {imported} articles out of {files}")
    per_file = {kind: round(n / files, 2) for kind, n in statements.most_common()}
    figures = {
        "engine": engine,
        "files": files,
        "jobs": jobs,
        "exhibitors": exhibitors,
        "statements_per_file": round(sum(statements.values()) / files, 2),
        "statements_by_kind_per_file": per_file,
        "round_trips_per_file": round(round_trips[0] / files, 2)
        if connection.vendor == "postgresql"
        else None,
        "saving_cpu_ms_per_file": round(1000 * cpu_s / files, 2),
        "workers_cpu_ms_per_file": round(1000 * workers_s / files, 2),
        "wall_ms_per_file": round(1000 * wall_s / files, 2),
        "server_cpu_ms_per_file": None
        if backend_before is None
        else round(1000 * (backend_after - backend_before) / files, 2),
    }
    print(
        f"{engine}: {figures['statements_per_file']} statements per file "
        f"({', '.join(f'{k} {v}' for k, v in per_file.items())}); "
        + (
            f"{figures['round_trips_per_file']} round trips per file; "
            if figures["round_trips_per_file"] is not None
            else ""
        )
        + "saving process "
        f"{figures['saving_cpu_ms_per_file']} ms CPU per file"
        + (
            f", server {figures['server_cpu_ms_per_file']} ms"
            if figures["server_cpu_ms_per_file"] is not None
            else ""
        )
        + f"; workers {figures['workers_cpu_ms_per_file']} ms"
        + f"; wall {figures['wall_ms_per_file']} ms per file (jobs {jobs})",
        flush=True,
    )
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--exhibitors", action="store_true")
    parser.add_argument("--cprofile", metavar="FILE")
    parser.add_argument("--child", choices=common.ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        cprofile = f"{args.cprofile}.{args.child}" if args.cprofile else None
        common.child_main(
            lambda engine: run(
                engine,
                files=args.files,
                jobs=args.jobs,
                exhibitors=args.exhibitors,
                cprofile=cprofile,
            ),
            args.child,
        )
        return {}
    engines = list(common.ENGINES) if args.database == "both" else [args.database]
    child_args = ["--files", str(args.files), "--jobs", str(args.jobs)]
    if args.exhibitors:
        child_args.append("--exhibitors")
    if args.cprofile:
        child_args += ["--cprofile", str(Path(args.cprofile).resolve())]
    results = common.run_engines(MODULE, child_args, engines)
    summary = {"benchmark": "import_profile", "files": args.files, "results": results}
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
