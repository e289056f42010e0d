import csv
import io

from django.test import SimpleTestCase

from exhibition.csv_safety import SafeWriter, neutralize

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]


class NeutralizeTests(SimpleTestCase):
    def test_every_formula_trigger_gets_a_leading_quote(self):
        for payload in PAYLOADS:
            with self.subTest(payload=payload):
                self.assertEqual(neutralize(payload), "'" + payload)

    def test_other_cells_are_unchanged(self):
        for value in (
            "",
            "شهرداری تهران",
            "A-1 C-1",
            "1-2",
            " =1",
            "https://x.example/?a=1",
            -5,
            2.5,
            None,
        ):
            with self.subTest(value=value):
                self.assertEqual(neutralize(value), value)

    def test_the_writer_round_trips_the_text_behind_the_quote(self):
        buffer = io.StringIO()
        SafeWriter(buffer).writerow([*PAYLOADS, -7])
        cells = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
        self.assertEqual(cells, ["'" + payload for payload in PAYLOADS] + ["-7"])
