"""benchmarks.search: which of issue 16's goals a run's sizes allow, and how they read."""

from django.test import SimpleTestCase

from benchmarks import search


def size(p95_ms: float, speedup_p50: float = 200.0) -> dict:
    return {
        "kinds": {"all": {"search": {"p50_ms": 5.0, "p95_ms": p95_ms}, "speedup_p50": speedup_p50}}
    }


class GoalTests(SimpleTestCase):
    def test_each_goal_is_judged_only_when_the_run_has_its_sizes(self):
        self.assertEqual(search.goals({"postgres": {"sizes": {"10000": size(5.0)}}}), {})
        only_100k = search.goals({"postgres": {"sizes": {"100000": size(20.0)}}})
        self.assertEqual(set(only_100k), {"p95", "speedup", "met"})
        self.assertTrue(only_100k["met"])

    def test_the_goals_are_postgresqls(self):
        self.assertEqual(search.goals({"sqlite": {"sizes": {"100000": size(90.0)}}}), {})

    def test_p95_speedup_and_growth_from_100k_to_300k(self):
        sizes = {"100000": size(20.0, speedup_p50=90.0), "300000": size(32.0)}
        goals = search.goals({"postgres": {"sizes": sizes}})
        self.assertTrue(goals["p95"]["met"])
        self.assertFalse(goals["speedup"]["met"])  # 90x, the goal is 100x
        self.assertEqual(goals["growth"]["p95_ratio"], 1.6)
        self.assertFalse(goals["growth"]["met"])  # 1.6x, the goal is at most 1.5x
        self.assertFalse(goals["met"])
