"""CSV files that a spreadsheet opens as data, never as formulas (CSV injection).

OWASP's rule: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return may be read as a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``), so such a
cell gets a leading single quote and is shown as text. Only text is changed: a number
written as a number (an int or float, e.g. a negative one) stays a number. The cost is
visible: a telephone written «+98 21 …» reads «'+98 21 …» in the file. The rule looks
at the first character only, and so does this: « =1», with a space first, is left as
it is. Quotes and separators inside a cell are the csv module's job (it quotes the cell).
"""

import csv

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """``value`` as a cell no spreadsheet will evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose rows are neutralized cell by cell."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralize(value) for value in row])
