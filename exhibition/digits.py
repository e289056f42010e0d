"""Numbers typed in Persian or Arabic-Indic digits, where the site reads numbers.

Persian pages show news codes, districts and years in Persian digits, so a reader may
type them back that way: into a URL (/fa/news/۱۲/) or a filter (?district=۶).
"""

from django.urls import register_converter

from exhibition import persian


class NumberConverter:
    """``<number:name>``: like ``<int:name>``, in any of the three digit sets."""

    regex = persian.NUMBER_PATTERN

    def to_python(self, value: str) -> int:
        return int(persian.to_latin_digits(value))

    def to_url(self, value) -> str:
        return str(value)


register_converter(NumberConverter, "number")


class LatinDigitsFormMixin:
    """A form whose ``latin_digit_fields`` are read with Latin digits, whatever digits
    were typed (dates, numbers). The form shows them back in Latin digits, as date
    inputs need."""

    latin_digit_fields: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name in self.latin_digit_fields:
                if name in data:
                    data[name] = persian.to_latin_digits(data[name])
        super().__init__(data, *args, **kwargs)
