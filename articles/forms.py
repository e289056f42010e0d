from datetime import date, datetime

import jdatetime
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Service
from exhibition import persian
from exhibition.digits import LatinDigitsFormMixin

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


class SearchForm(LatinDigitsFormMixin, forms.Form):
    latin_digit_fields = ("date_from", "date_to")

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


# Staff read Jalali dates everywhere in the admin; a date typed with a year before this is
# taken as Jalali (1405-08-29), since no news is from the year 1405 of our era.
FIRST_GREGORIAN_YEAR = 1700
JALALI_OR_GREGORIAN = _("A Gregorian date (2026-11-20) or a Jalali one (1405-08-29).")


def jalali_as_gregorian(moment: datetime | None) -> datetime | None:
    """``moment`` (aware, as a form parsed it) with a Jalali date read as Jalali."""
    if moment is None or moment.year >= FIRST_GREGORIAN_YEAR:
        return moment
    typed = timezone.localtime(moment)
    try:
        day = jdatetime.date(typed.year, typed.month, typed.day).togregorian()
    except ValueError as exc:
        raise ValidationError(_("That is no Jalali date."), code="invalid") from exc
    return timezone.make_aware(datetime.combine(day, typed.time()))


class ArticleAdminForm(forms.ModelForm):
    # Not a column: ticking it dates the correction note (Article.corrected_at), which a
    # published article then shows and the corrections page lists.
    is_correction = forms.BooleanField(
        label=_("This edit is a correction"), required=False,
        help_text=_("Readers see the note below, dated now, on the article and on the "
                    "corrections page."),
    )  # fmt: skip

    class Meta:
        model = Article
        fields = ("published_at",)  # ArticleAdmin's fieldsets give the form all of its fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if field := self.fields.get("published_at"):
            field.help_text = format_lazy("{} {}", field.help_text, JALALI_OR_GREGORIAN)
        if field := self.fields.get("correction_note"):
            field.help_text = _("What was wrong and what it now says, for readers.")

    def clean_published_at(self):
        return jalali_as_gregorian(self.cleaned_data.get("published_at"))

    def clean(self):
        data = super().clean()
        note = (data.get("correction_note") or "").strip()
        if data.get("is_correction") and not note:
            self.add_error("correction_note", _("Say what was corrected."))
        elif note and not data.get("is_correction") and not self.instance.corrected_at:
            self.add_error(
                "is_correction",
                _("Tick this to publish the correction note, or leave the note empty."),
            )
        return data

    def save(self, commit=True):
        if self.cleaned_data.get("is_correction"):
            self.instance.corrected_at = timezone.now()
            # The revision this save records says it was a correction, and which.
            self.instance._change_reason = self.cleaned_data["correction_note"]
        return super().save(commit=commit)
