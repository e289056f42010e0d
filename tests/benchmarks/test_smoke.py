"""The benchmarks still run and end with their figures. Nothing here asserts a time."""

import json
import os
import shutil
import subprocess
import sys
from unittest import skipIf

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase


def run_benchmark(module: str, *args: str, full: bool = False) -> dict:
    # The SQLite half only: the benchmark makes its own database, whatever the suite uses.
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", module, *args, "--database", "sqlite"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=environment,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    return summary if full else summary["results"]["sqlite"]


@skipIf(connection.vendor != "sqlite", "run once, with the SQLite half of the suite")
class BenchmarkSmokeTests(SimpleTestCase):
    def test_search_benchmark_compares_with_like_and_times_snippets(self):
        results = run_benchmark(
            "benchmarks.search",
            "--corpus",
            "sentences",
            "--articles",
            "40",
            "--queries-per-kind",
            "2",
            "--baseline-per-kind",
            "1",
        )
        self.assertEqual(results["corpus"], "sentences")
        figures = results["sizes"]["40"]
        self.assertEqual(figures["articles"], 40)
        self.assertEqual(figures["kinds"]["all"]["search"]["n"], 6)
        self.assertEqual(figures["kinds"]["all"]["like"]["n"], 3)
        # Every article holds «نمایشگاه»: both sides count them all.
        self.assertEqual(figures["matches"]["نمایشگاه"]["search"], 40)
        self.assertEqual(figures["matches"]["نمایشگاه"]["like"], 40)
        self.assertEqual(figures["snippets_ms"]["n"], 45)

    def test_search_benchmark_on_the_realistic_corpus_grows_one_archive(self):
        summary = run_benchmark(
            "benchmarks.search",
            "--articles",
            "150,200",
            "--queries-per-kind",
            "2",
            "--baseline-per-kind",
            "1",
            "--queries-per-band",
            "4",
            full=True,
        )
        results = summary["results"]["sqlite"]
        self.assertEqual(results["corpus"], "zipf")
        self.assertEqual(set(results["sizes"]), {"150", "200"})
        small, large = results["sizes"]["150"], results["sizes"]["200"]
        # No word is in under 0.1 % of 200 articles; every other kind has queries, and
        # the same ones at both sizes.
        kinds = {"mid", "common", "two-word", "phrase", "variant", "all"}
        self.assertEqual(set(large["kinds"]), kinds)
        self.assertEqual(set(small["matches"]), set(large["matches"]))
        for band, (low, high) in (("mid", (0.001, 0.02)), ("common", (0.02, 0.2))):
            with self.subTest(band=band):
                self.assertGreaterEqual(small["df"][band]["df_min_pct"], 100 * low)
                self.assertLess(small["df"][band]["df_max_pct"], 100 * high)
        # Phrases and two-word queries are taken from the text: each finds its article.
        for q, m in large["matches"].items():
            if q.startswith(('"', "«")) or " " in q and "standard" not in m:
                with self.subTest(q=q):
                    self.assertGreaterEqual(m["search"], 1)
        self.assertTrue(any("standard" in m for m in large["matches"].values()))
        # The goals need 100,000 and 300,000 articles on PostgreSQL: none is evaluated.
        self.assertNotIn("met", summary["goal"])

    def test_ingest_benchmark_imports_every_page(self):
        figures = run_benchmark("benchmarks.ingest", "--articles", "25", "--jobs", "1")
        self.assertEqual(figures["articles"], 25)
        self.assertGreater(figures["import_articles_per_s"], 0)
        self.assertGreater(figures["pipeline_articles_per_s"], 0)

    def test_import_profile_counts_the_statements_of_each_file(self):
        figures = run_benchmark(
            "benchmarks.import_profile", "--files", "20", "--jobs", "2", "--exhibitors"
        )
        self.assertEqual(figures["files"], 20)
        # One INSERT of articles per batch of 16 files (two batches), as the rest.
        self.assertEqual(figures["statements_by_kind_per_file"]["INSERT articles_article"], 0.1)
        # With the counter's first row: 1.05 (2.2 when each article was an INSERT).
        self.assertLess(figures["statements_per_file"], 1.5)
        self.assertIsNone(figures["round_trips_per_file"])  # counted on PostgreSQL only
        self.assertGreater(figures["saving_cpu_ms_per_file"], 0)
        self.assertGreater(figures["workers_cpu_ms_per_file"], 0)

    @skipIf(not shutil.which("wrk"), "needs wrk (Debian's package)")
    def test_load_benchmark_drives_every_page_of_the_production_stack(self):
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.load",
                "--articles",
                "20",
                "--seconds",
                "1",
                "--connections",
                "2",
                "--workers",
                "1",
                "--database",
                "sqlite",
            ],
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            env=environment,
            timeout=300,
        )
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(
            set(figures["pages"]),
            {"home", "news", "article", "search", "exhibitors", "floor_plan", "feed"},
        )
        self.assertGreater(figures["baseline_rps"], 0)
        # Each page answered 200 before its run (the benchmark stops otherwise); a page
        # slower than the run's one second may finish no request in it, so no rate here.
        for name, page in figures["pages"].items():
            with self.subTest(page=name):
                self.assertEqual(page["errors"], 0)
        self.assertEqual(figures["workers"], 1)
        self.assertGreater(figures["worker_uss_mb"], 0)
        self.assertIn("met", figures["goal"])
