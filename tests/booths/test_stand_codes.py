from django.test import SimpleTestCase

from booths.stand_codes import parse_stand_code


class ParseStandCodeTests(SimpleTestCase):
    def test_every_way_a_visitor_types_a_code_reads_as_the_stored_one(self):
        typed = [
            "A-12", "A12", "a-12", "a12", " A 12 ", "A_12", "A.12", "A–12", "A—12",
            "A-012", "A-۱۲", "A-١٢", "الف-۱۲", "الف۱۲", "الف ۱۲", "ا-۱۲",
            "A\u200c-12", "\u200fA-12",
        ]  # fmt: skip
        for text in typed:
            with self.subTest(text=text):
                self.assertEqual(parse_stand_code(text), "A-12")

    def test_persian_hall_letters_follow_the_abjad_order_of_signage(self):
        self.assertEqual(parse_stand_code("ب-۷"), "B-7")
        self.assertEqual(parse_stand_code("ج۲۳"), "C-23")
        self.assertEqual(parse_stand_code("د 1"), "D-1")

    def test_what_is_not_a_code_is_none(self):
        for text in ("", "A", "12", "منطقه ۲۲", "Seoul", "A-12345", "A-12-3", "ABCD-1", "<b>" * 9):
            with self.subTest(text=text):
                self.assertIsNone(parse_stand_code(text))
