from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from articles.models import Service
from exhibition import persian

# Beyond these a day's start or end in Tehran's time is no date Python can hold (year 1,
# year 9999); the date picker offers them all the same.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
OUT_OF_RANGE = _("Choose a date between the years 1900 and 2100.")


class DateFilterField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            widget=forms.DateInput(
                attrs={"type": "date", "min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}
            ),
            validators=[
                MinValueValidator(FIRST_DAY, message=OUT_OF_RANGE),
                MaxValueValidator(LAST_DAY, message=OUT_OF_RANGE),
            ],
            **kwargs,
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the news"), max_length=persian.MAX_QUERY_LENGTH, required=False,
        error_messages={"max_length": _(
            "The search is too long: use at most %(limit_value)d characters."
        )},
    )  # fmt: skip
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.all(), required=False,
        to_field_name="slug", empty_label=_("All services"),
    )  # fmt: skip
    date_from = DateFilterField(label=_("From"))
    date_to = DateFilterField(label=_("To"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date is after the end date."))
        data["query"] = persian.parse_query(data.get("q") or "")
        return data
