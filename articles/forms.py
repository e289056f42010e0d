import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles import archive
from articles.models import Article, Desk, Language, Status
from articles.search import BY_DATE, BY_RELEVANCE
from articles.widgets import BodyEditorWidget
from exhibition import persian
from exhibition.digits import LatinDigitsFormMixin
from exhibition.display import language_attrs
from exhibition.forms import PublicForm
from exhibition.jalali import (
    DATE_PATTERN,
    NO_JALALI_DATE,
    OUT_OF_RANGE,
    TYPE_A_DATE,
    JalaliDateInput,
    as_jalali,
)
from exhibition.persian import english

# Beyond these a day's start or end in Tehran's time is no date Python can hold (year 1,
# year 9999); the date picker offers them all the same.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)


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


# Staff read Jalali dates everywhere in the admin; a date typed with a year before this is
# taken as Jalali (1405-08-29), since no news is from the year 1405 of our era. The same
# rule reads the Persian site's date filters.
JALALI_OR_GREGORIAN = _("A Gregorian date (2026-11-20) or a Jalali one (1405-08-29).")

_DATE_RE = re.compile(DATE_PATTERN)
JALALI_OUT_OF_RANGE = format_lazy(
    _("Choose a date between {first} and {last}."),
    first=as_jalali(FIRST_DAY),
    last=as_jalali(LAST_DAY),
)


class JalaliDateField(forms.DateField):
    """A date filter of the Persian site: Jalali (1405/09/01, 1405-09-01), or Gregorian
    when the year says so (archive.FIRST_GREGORIAN_YEAR)."""

    widget = JalaliDateInput
    default_error_messages = {"invalid": TYPE_A_DATE}

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            validators=[
                MinValueValidator(FIRST_DAY, message=JALALI_OUT_OF_RANGE),
                MaxValueValidator(LAST_DAY, message=JALALI_OUT_OF_RANGE),
            ],
            **kwargs,
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        match = _DATE_RE.fullmatch(persian.to_latin_digits(str(value)).strip())
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return archive.day_as_gregorian(*map(int, match.groups()))
        except (ValueError, OverflowError) as exc:
            raise ValidationError(NO_JALALI_DATE, code="invalid") from exc


class SearchForm(LatinDigitsFormMixin, PublicForm):
    """The search page's form; English pages filter by Gregorian dates
    (``JalaliSearchForm`` is the Persian pages')."""

    latin_digit_fields = ("date_from", "date_to")

    q = forms.CharField(
        label=_("Search the news"),
        max_length=persian.MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _("The search is too long: use at most %(limit_value)d characters.")
        },
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Desk.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All services"),
    )
    date_from = DateFilterField(label=_("From"))
    date_to = DateFilterField(label=_("To"))
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(BY_RELEVANCE, _("Relevance")), (BY_DATE, _("Newest first"))],
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date is after the end date."))
        data["sort"] = data.get("sort") or BY_RELEVANCE
        # English stop words («the», «of») need not be in a match: english.py.
        data["query"] = english.without_stop_words(persian.parse_query(data.get("q") or ""))
        return data


class JalaliSearchForm(SearchForm):
    """The Persian pages' search form: Jalali date filters."""

    date_from = JalaliDateField(label=_("From"))
    date_to = JalaliDateField(label=_("To"))


def search_form_class(language: str | None) -> type[SearchForm]:
    return JalaliSearchForm if archive.uses_jalali(language) else SearchForm


def jalali_as_gregorian(moment: datetime | None) -> datetime | None:
    """``moment`` (aware, as a form parsed it) with a Jalali date read as Jalali."""
    if moment is None or moment.year >= archive.FIRST_GREGORIAN_YEAR:
        return moment
    typed = timezone.localtime(moment)
    try:
        day = archive.day_as_gregorian(typed.year, typed.month, typed.day)
    except ValueError as exc:
        raise ValidationError(NO_JALALI_DATE, code="invalid") from exc
    return timezone.make_aware(datetime.combine(day, typed.time()))


class ArticleAdminForm(forms.ModelForm):
    # Not a column: ticking it dates the correction note (Article.corrected_at), which a
    # published article then shows and the corrections page lists.
    is_correction = forms.BooleanField(
        label=_("This edit is a correction"),
        required=False,
        help_text=_(
            "Readers see the note below, dated now, on the article and on the corrections page."
        ),
    )

    class Meta:
        model = Article
        fields = ("published_at",)  # ArticleAdmin's fieldsets give the form all of its fields
        widgets = {"body": BodyEditorWidget()}  # rich text, limited to what is kept on save

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if field := self.fields.get("published_at"):
            field.help_text = format_lazy("{} {}", field.help_text, JALALI_OR_GREGORIAN)
        if field := self.fields.get("correction_note"):
            field.help_text = _("What was wrong and what it now says, for readers.")
        if field := self.fields.get("body"):
            # Written in the editor (articles/widgets.py), not as blank-line paragraphs.
            field.help_text = _(
                "Format with the toolbar: headings, lists, quotes, links, bold and italic. "
                "Any other markup is removed on save."
            )
        # The article's own text reads in its language's direction, whatever the admin's
        # (static/js/admin-direction.js follows a change of the language chosen).
        language = self.data.get("language") or self.instance.language or Language.PERSIAN
        for name in self.LANGUAGE_FIELDS:
            if field := self.fields.get(name):
                field.widget.attrs.update(language_attrs(language), **{"data-article-text": ""})

    # Written in the article's language (the body's editor follows it by itself).
    LANGUAGE_FIELDS = ("kicker", "title", "lead", "image_caption", "correction_note")

    class Media:
        js = ("js/admin-direction.js",)

    def clean_published_at(self):
        return jalali_as_gregorian(self.cleaned_data.get("published_at"))

    def clean(self):
        data = super().clean()
        publishes = data.get("status") == Status.PUBLISHED and "published_at" in self.fields
        if publishes and not data.get("published_at") and "published_at" not in self.errors:
            data["published_at"] = timezone.now()  # "Published" with no time: now
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
