"""One benchmark on two revisions of the code, alternating, in the same run.

    python -m benchmarks.compare --base REV [--rounds 3] -- search --articles 10000
    python -m benchmarks.compare --base REV --head REV2 -- ingest --articles 1000

The base revision (and the head, given ``--head``) is extracted with ``git archive``
into a temporary directory; without ``--head`` the head is this checkout as it is.
Each round runs the base and then the head (the order alternates between rounds, so
a machine that speeds up or slows down during the run does not favour one side), both
with this checkout's Python and libraries, and keeps the last line of JSON each
prints. Per figure (every ``*_ms``, ``*_per_s`` and ``speedup_*`` in that JSON) it
prints the median of the rounds on each side and the ratio head / base, then ends
with one line of JSON. A ratio is what holds on a noisy machine; the absolute times
do not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURE_SUFFIXES = ("_ms", "_per_s")
FIGURE_PREFIXES = ("speedup_",)
# Times: larger is slower. Rates and speed-ups: larger is faster.
LOWER_IS_BETTER_SUFFIX = "_ms"


def is_figure(key: str, value) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    return key.endswith(FIGURE_SUFFIXES) or key.startswith(FIGURE_PREFIXES)


def figures(data, prefix="") -> dict[str, float]:
    """Every timing, rate and speed-up in a benchmark's JSON, by its dotted path."""
    found = {}
    if isinstance(data, dict):
        for key, value in data.items():
            if not prefix and key == "goal":
                continue  # the benchmark's targets, not measurements
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                found.update(figures(value, path))
            elif is_figure(key, value):
                found[path] = float(value)
    return found


def run_once(tree: Path, module: str, args: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-2000:] + completed.stderr[-4000:])
        raise SystemExit(f"benchmarks.{module} failed in {tree}")
    last = completed.stdout.strip().splitlines()[-1]
    print(f"  {tree.name}: {time.perf_counter() - started:.0f} s", flush=True)
    return json.loads(last)


def extract(revision: str, into: Path) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", revision],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", commit], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return commit


def compare(base_runs: list[dict], head_runs: list[dict]) -> dict[str, dict]:
    base = [figures(run) for run in base_runs]
    head = [figures(run) for run in head_runs]
    shared = sorted(set.intersection(*(set(f) for f in base + head)))
    table = {}
    for path in shared:
        base_median = statistics.median(f[path] for f in base)
        head_median = statistics.median(f[path] for f in head)
        ratio = head_median / base_median if base_median else None
        table[path] = {"base": base_median, "head": head_median, "ratio": ratio}
    return table


def verdict(path: str, ratio: float | None) -> str:
    if ratio is None:
        return ""
    slower = ratio > 1 if path.endswith(LOWER_IS_BETTER_SUFFIX) else ratio < 1
    return "slower" if slower else "faster or equal"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the revision to compare against")
    parser.add_argument("--head", help="the revision to compare (default: this checkout)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("benchmark", nargs=argparse.REMAINDER, help="-- MODULE [ARGS…]")
    options = parser.parse_args(argv)
    command = [part for part in options.benchmark if part != "--"]
    if not command:
        parser.error("name a benchmark after --, e.g. -- search --articles 10000")
    module, args = command[0], command[1:]
    with tempfile.TemporaryDirectory(prefix="bench-base-") as directory:
        base_tree = Path(directory) / "base"
        base_tree.mkdir()
        base_commit = extract(options.base, base_tree)
        if options.head:
            head_tree = Path(directory) / "head"
            head_tree.mkdir()
            head_commit = extract(options.head, head_tree)
        else:
            head_tree = ROOT
            head_commit = subprocess.run(
                ["git", "describe", "--always", "--dirty"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        print(f"benchmarks.{module} {' '.join(args)}: base {base_commit}, head {head_commit}")
        base_runs, head_runs = [], []
        for number in range(options.rounds):
            print(f"round {number + 1} of {options.rounds}", flush=True)
            order = [("base", base_tree), ("head", head_tree)]
            for side, tree in order if number % 2 == 0 else order[::-1]:
                (base_runs if side == "base" else head_runs).append(run_once(tree, module, args))
    table = compare(base_runs, head_runs)
    width = max((len(path) for path in table), default=10)
    print(f"\n{'figure':<{width}}  {'base':>10}  {'head':>10}  head/base")
    for path, row in table.items():
        ratio = "—" if row["ratio"] is None else f"{row['ratio']:.2f}"
        line = f"{path:<{width}}  {row['base']:>10.2f}  {row['head']:>10.2f}  {ratio:>9}"
        print(f"{line}  {verdict(path, row['ratio'])}")
    print(
        json.dumps(
            {
                "benchmark": "compare",
                "module": module,
                "args": args,
                "base": base_commit,
                "head": head_commit,
                "rounds": options.rounds,
                "figures": table,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
