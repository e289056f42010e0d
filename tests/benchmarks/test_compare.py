"""benchmarks.compare: which figures it compares and how it reads them."""

from django.test import SimpleTestCase

from benchmarks import compare

RUN = {
    "benchmark": "search",
    "articles": 300,
    "results": {
        "sqlite": {
            "build_s": 40.9,
            "kinds": {"one-word": {"search": {"n": 5, "p50_ms": 10.0}, "speedup_p50": 4.0}},
            "import_articles_per_s": 100.0,
        }
    },
    "goal": {"articles_per_s": 300.0, "met": False},
}


class FiguresTests(SimpleTestCase):
    def test_timings_rates_and_speedups_only_not_the_goals(self):
        self.assertEqual(
            compare.figures(RUN),
            {
                "results.sqlite.kinds.one-word.search.p50_ms": 10.0,
                "results.sqlite.kinds.one-word.speedup_p50": 4.0,
                "results.sqlite.import_articles_per_s": 100.0,
            },
        )

    def test_medians_and_the_ratio_head_over_base(self):
        base = [{"a_ms": 10.0}, {"a_ms": 30.0}, {"a_ms": 20.0}]
        head = [{"a_ms": 11.0}, {"a_ms": 22.0}, {"a_ms": 90.0}]
        row = compare.compare(base, head)["a_ms"]
        self.assertEqual((row["base"], row["head"]), (20.0, 22.0))
        self.assertAlmostEqual(row["ratio"], 1.1)

    def test_a_figure_missing_on_one_side_is_not_compared(self):
        table = compare.compare([{"a_ms": 1.0, "b_ms": 2.0}], [{"a_ms": 1.0}])
        self.assertEqual(list(table), ["a_ms"])

    def test_a_longer_time_is_slower_and_a_higher_rate_is_faster(self):
        self.assertEqual(compare.verdict("x.p95_ms", 1.2), "slower")
        self.assertEqual(compare.verdict("x.import_articles_per_s", 1.2), "faster or equal")
        self.assertEqual(compare.verdict("x.import_articles_per_s", 0.8), "slower")
