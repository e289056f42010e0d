"""The floor plan's geometry (booths/plan.py): labels, one scale, mini-maps."""

from django.test import TestCase, override_settings
from django.utils import translation

from booths.models import Hall, Stand
from booths.plan import (
    LABEL_MAX_FONT,
    LABEL_MIN_FONT,
    PADDING,
    PX_PER_METRE,
    _text_width,
    hall_plan,
    label_layout,
    stand_minimaps,
)

FIXTURES = ["fixtures/20_booths_facts.json", "fixtures/30_booths_demo.json"]


def fits(lines, size, width, depth):
    widest = max(_text_width(line, size) for line in lines)
    return widest <= width - 2 * PADDING + 1e-9 and len(lines) * size * 1.15 <= depth


class LabelLayoutTests(TestCase):
    def test_a_name_that_fits_keeps_one_line_at_full_size(self):
        self.assertEqual(label_layout("Tehran Municipality", 16, 8), (["Tehran Municipality"], 0.8))

    def test_a_long_name_wraps_before_it_shrinks(self):
        lines, size = label_layout("هیئت کاراکاس", 4, 6)
        self.assertEqual(lines, ["هیئت", "کاراکاس"])
        self.assertGreaterEqual(size, LABEL_MIN_FONT)

    def test_a_label_never_goes_below_the_readable_minimum_and_stays_inside(self):
        for label in ("District 21", "Kalanshahr Data", "شهرداری منطقهٔ بیست و یکم تهران"):
            for width, depth in ((3, 4), (4, 4), (4, 6), (6, 6)):
                with self.subTest(label=label, width=width, depth=depth):
                    lines, size = label_layout(label, width, depth)
                    self.assertTrue(lines)
                    self.assertGreaterEqual(size, LABEL_MIN_FONT)
                    self.assertLessEqual(size, LABEL_MAX_FONT)
                    self.assertTrue(fits(lines, size, width, depth - 1.4), (lines, size))

    def test_what_cannot_fit_at_the_minimum_is_shortened_visibly(self):
        lines, size = label_layout("Supercalifragilistic Municipality", 3, 4)
        self.assertEqual(size, LABEL_MIN_FONT)
        self.assertTrue(lines[-1].endswith("…"))

    def test_an_empty_label_has_no_lines(self):
        self.assertEqual(label_layout("  ", 6, 6), ([], 0))


class HallPlanTests(TestCase):
    fixtures = FIXTURES

    def test_every_assigned_demo_stand_gets_a_label_in_both_languages(self):
        for lang in ("fa", "en"):
            with translation.override(lang):
                for hall in Hall.objects.all():
                    stands = Stand.objects.filter(hall=hall).select_related("exhibitor")
                    plan = hall_plan(hall, stands)
                    for s in plan.stands:
                        with self.subTest(lang=lang, stand=s.stand.code):
                            self.assertEqual(bool(s.label), bool(s.stand.exhibitor_id))
                            self.assertNotIn("…", s.label)

    def test_every_hall_is_drawn_at_the_same_scale(self):
        for hall in Hall.objects.all():
            plan = hall_plan(hall, [])
            self.assertEqual(float(plan.width_px), hall.width * PX_PER_METRE)
            self.assertEqual(float(plan.height_px), hall.depth * PX_PER_METRE)


@override_settings(LANGUAGE_CODE="fa")
class MiniMapTests(TestCase):
    fixtures = FIXTURES

    def boxes(self, plan):
        x, y, w, h = map(float, plan.view_box.split())
        return x, y, x + w, y + h

    def test_mini_maps_cut_no_stand_and_keep_the_plan_scale(self):
        for stand in Stand.objects.select_related("hall"):
            with self.subTest(stand=stand.code):
                [plan] = stand_minimaps([stand])
                x0, y0, x1, y1 = self.boxes(plan)
                self.assertTrue(x0 <= stand.x and stand.x + stand.width <= x1)
                self.assertTrue(y0 <= stand.y and stand.y + stand.depth <= y1)
                for other in plan.stands:
                    o = other.stand
                    touches = o.x < x1 and o.x + o.width > x0 and o.y < y1 and o.y + o.depth > y0
                    if touches:
                        self.assertTrue(
                            x0 <= o.x and o.x + o.width <= x1 and y0 <= o.y and o.y + o.depth <= y1,
                            f"{o.code} is cut by {plan.view_box}",
                        )
                self.assertAlmostEqual(float(plan.width_px), (x1 - x0) * PX_PER_METRE, places=1)
                self.assertLess(x1 - x0, stand.hall.width + 0.01)

    def test_one_mini_map_per_hall_highlighting_every_stand_there(self):
        stands = list(Stand.objects.filter(exhibitor__slug="tehran-municipality"))
        plans = stand_minimaps(stands)
        self.assertEqual([p.hall.code for p in plans], ["A", "C"])
        self.assertEqual([len(p.current_stands) for p in plans], [1, 1])
        self.assertFalse(any(p.with_ids for p in plans))

    def test_a_mini_map_shows_the_stands_around_and_no_more_than_it_can_show_whole(self):
        [plan] = stand_minimaps([Stand.objects.get(code="B-7")])
        drawn = {s.stand.code for s in plan.stands}
        self.assertTrue({"B-6", "B-7", "B-8", "B-14", "B-15"} <= drawn, drawn)
        self.assertLess(len(drawn), Stand.objects.filter(hall__code="B").count())

    def test_even_a_big_stand_is_shown_among_its_neighbours(self):
        [plan] = stand_minimaps([Stand.objects.get(code="A-1")])
        drawn = {s.stand.code for s in plan.stands}
        self.assertTrue({"A-1", "A-2"} <= drawn, drawn)
