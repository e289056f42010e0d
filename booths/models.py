"""Exhibitors, their halls and stands, district achievements and Tehran's sister cities.

Every Persian text goes through ``exhibition.persian`` on save; the canonical
search document and the Persian sort key are stored columns so that search
and alphabetical order work the same on SQLite and PostgreSQL (database
collations do not know the Persian alphabet).
"""

import functools
import operator
import re

from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Count, F, Min, Prefetch, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from booths.stand_codes import STAND_CODE_PATTERN, parse_stand_code
from exhibition import display, persian
from exhibition.normalized_text import NormalizedTextMixin

DISTRICT_COUNT = 22
IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
# Jalali years the exhibition can plausibly report on (1300 AP is 1921 CE).
JALALI_YEAR_MIN = 1300
JALALI_YEAR_MAX = 1500
# Enough for the first 100 letters of a name; longer names tie-break by pk.
SORT_KEY_LENGTH = 600


def stored_sort_key(text: str) -> str:
    """``persian.sort_key`` as a string whose plain byte order is the same order.

    Each weight becomes six hex digits, so any collation that orders digits
    and a-f ascending (C, glibc and ICU locales alike) keeps Persian alphabet
    order in ORDER BY.
    """
    weights, _text = persian.sort_key(text)
    return "".join(f"{weight:06x}" for weight in weights)[:SORT_KEY_LENGTH]


def normalize_lines(text: str) -> str:
    """Normalize each non-empty line, dropping blank and duplicate lines."""
    seen = []
    for line in (text or "").splitlines():
        line = persian.normalize(line.strip()) if line.strip() else ""
        if line and line not in seen:
            seen.append(line)
    return "\n".join(seen)


class NormalizedTextModel(NormalizedTextMixin, models.Model):
    """Normalizes its ``normalized_fields`` with the shared pipeline on every save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalize_text()
        super().save(*args, **kwargs)


class SisterCity(NormalizedTextModel):
    class Relation(models.TextChoices):
        SISTER_CITY = "sister_city", _("Sister city")
        MEMORANDUM = "memorandum", _("Memorandum of understanding")

    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=120)
    country_code = models.CharField(
        _("country code"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter ISO 3166 code."))],
        help_text=_("ISO 3166-1 alpha-2, e.g. KR; used by the directory's country filter."),
    )

    class YearCertainty(models.TextChoices):
        KNOWN = "known", _("Certain (or unknown, when there is no year)")
        UNCERTAIN = "uncertain", _("Uncertain")
        DISPUTED = "disputed", _("Sources give two years")

    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_(
            "Gregorian year of the agreement (the earlier one where sources disagree); "
            "leave empty when unknown."
        ),
    )
    # The year is shown no more certain than the sources: «2004 (uncertain)», «1963 or
    # 1977» (templates/booths/includes/agreement_year.html).
    year_certainty = models.CharField(
        _("how certain the year is"),
        max_length=10,
        choices=YearCertainty.choices,
        default=YearCertainty.KNOWN,
    )
    other_year = models.PositiveSmallIntegerField(
        _("other year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Where sources give two years: the later one."),
    )
    year_note = models.CharField(
        _("note on the year"),
        max_length=300,
        blank=True,
        help_text=_("Where sources disagree or the status is uncertain, say so here."),
    )
    relation = models.CharField(
        _("relation"), max_length=20, choices=Relation.choices, default=Relation.SISTER_CITY
    )

    normalized_fields = ("city_fa", "country_fa", "year_note_fa")

    class Meta:
        ordering = ["relation", models.F("year").asc(nulls_last=True), "pk"]
        verbose_name = _("sister city")
        verbose_name_plural = _("sister cities")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="booths_sistercity_year_range",
            ),
            models.CheckConstraint(
                condition=Q(country_code__regex=r"^[A-Z]{2}$"),
                name="booths_sistercity_country_code_format",
            ),
            # Two years only when the sources disagree, and an uncertain year is a year.
            models.CheckConstraint(
                condition=(
                    Q(year_certainty="known") & Q(other_year__isnull=True)
                    | Q(year_certainty="uncertain", year__isnull=False, other_year__isnull=True)
                    | Q(year_certainty="disputed", year__isnull=False, other_year__gt=F("year"))
                ),
                name="booths_sistercity_year_certainty",
            ),
        ]

    def __str__(self):
        return f"{self.city} ({self.country})"

    def get_absolute_url(self):
        return f"{reverse('booths:sister_cities')}#city-{self.pk}"

    def clean(self):
        super().clean()
        Certainty = self.YearCertainty
        errors = {}
        if self.year_certainty == Certainty.DISPUTED:
            if self.year is None or self.other_year is None or self.other_year <= self.year:
                errors["other_year"] = _(
                    "Where sources disagree, give both years, the earlier one first."
                )
        elif self.other_year is not None:
            errors["other_year"] = _("A second year only where sources give two years.")
        if self.year_certainty == Certainty.UNCERTAIN and self.year is None:
            errors["year"] = _("An uncertain year is still a year: give it, or mark it known.")
        if errors:
            raise ValidationError(errors)

    def search_document(self) -> str:
        """City and country in both languages as the exhibitor search reads them; not
        stored: the directory matches the few sister cities in Python."""
        names = (self.city_fa, self.city_en, self.country_fa, self.country_en)
        tokens = [t for name in names if name for t in persian.search_tokens(name)]
        return f" {' '.join(tokens)} " if tokens else ""


def _term_patterns(query) -> list[list[str]]:
    """For each term of ``query``, the substrings of a search document (`` token…``)
    any of which matches it."""
    terms = []
    for options in query.term_options():
        # Words match as prefixes; numbers whole, so «منطقه ۲» is not district 22. A
        # term may also be matched by a compound alternative («دانشبنیان», «دانش بنیان»).
        patterns = []
        for tokens in options:
            pattern = " ".join(tokens)
            # A compound's parts as an alternative match whole: «شهرداری» read as
            # «شهر داری» must not find «شهر داریوش».
            whole = pattern.isdigit() or len(tokens) > 1
            patterns.append(f" {pattern} " if whole else f" {pattern}")
        terms.append(patterns)
    return terms


class ExhibitorQuerySet(models.QuerySet):
    def districts(self):
        return self.filter(kind=Exhibitor.Kind.DISTRICT_MUNICIPALITY).order_by("district")

    def with_stands(self):
        """With stands (and halls) and sister city, in a fixed number of queries."""
        return self.select_related("sister_city").prefetch_related(
            models.Prefetch("stands", queryset=Stand.objects.select_related("hall"))
        )

    def with_achievement_counts(self):
        return self.annotate(achievement_count=Count("achievements", distinct=True))

    def search(self, q: str):
        """Exhibitors whose names or aliases (either language), stand codes, or sister
        city and its country (either language) match the query.

        Query and document go through the same canonical tokens, so ي/ی, ك/ک,
        ZWNJ and Persian/Latin digits do not matter. Each term matches the
        start of a token; quoted phrases match whole consecutive tokens. A query
        that reads as a stand code («A12», «الف-۱۲») also finds that stand's exhibitor.
        """
        query = persian.parse_query(q or "")
        by_stand = Q()
        if code := parse_stand_code(q or ""):
            by_stand = Q(pk__in=Stand.objects.filter(code=code).values("exhibitor_id"))
        if query.is_empty:
            # As the shared pipeline defines it: exclusions alone match nothing.
            return self.none() if query.excluded else self
        # Sister cities are few: their names are matched here, with the same patterns.
        cities = {city.pk: city.search_document() for city in SisterCity.objects.all()}

        def matching(pattern):
            return Q(search_document__contains=pattern) | Q(
                sister_city__in=[pk for pk, doc in cities.items() if pattern in doc]
            )

        condition = Q()
        for patterns in _term_patterns(query):
            condition &= functools.reduce(operator.or_, map(matching, patterns))
        for phrase in query.phrases:
            condition &= matching(f" {' '.join(phrase)} ")
        for token in query.excluded:
            condition &= ~matching(f" {token} ")
        return self.filter(condition | by_stand) if by_stand else self.filter(condition)

    def named_in(self, article):
        """The exhibitors ``article`` names (hidden mentions left out), alphabetical in
        the article's language."""
        return self.filter(mentions__article=article, mentions__is_hidden=False).ordered_by_name(
            article.language
        )

    def ordered_by_name(self, language: str | None = None):
        """Alphabetical: Persian alphabet order in Persian, English order in English."""
        if (language or get_language() or "fa").startswith("en"):
            return self.order_by("name_sort_en", "pk")
        return self.order_by("name_sort_fa", "pk")

    def ordered_by_stand(self):
        return self.annotate(first_stand=Min("stands__sort_key")).order_by(
            models.F("first_stand").asc(nulls_last=True), "name_sort_fa", "pk"
        )

    def achieving_in(self, themes):
        """Districts and companies with achievements in ``themes`` (Achievement.Category
        values), those with the most such achievements first; each carries them as
        ``matching_achievements``. What a visiting city's interests point to in its
        briefing pack."""
        themes = list(themes)
        in_themes = Q(achievements__category__in=themes)
        return (
            self.filter(
                in_themes,
                kind__in=[
                    Exhibitor.Kind.DISTRICT_MUNICIPALITY,
                    Exhibitor.Kind.KNOWLEDGE_BASED_COMPANY,
                ],
            )
            .annotate(matching_count=Count("achievements", filter=in_themes, distinct=True))
            .order_by("-matching_count", "name_sort_fa", "pk")
            .prefetch_related(
                Prefetch(
                    "achievements",
                    queryset=Achievement.objects.filter(category__in=themes),
                    to_attr="matching_achievements",
                )
            )
        )

    def featured_first(self, language: str | None = None):
        ordered = self.ordered_by_name(language)
        return ordered.order_by("-featured", *ordered.query.order_by)


class Exhibitor(NormalizedTextModel):
    class Kind(models.TextChoices):
        TEHRAN_MUNICIPALITY = "tehran_municipality", _("Tehran Municipality")
        DISTRICT_MUNICIPALITY = "district_municipality", _("District municipality")
        ASSEMBLY = "assembly", _("Assembly of Mayors of Iran's Metropolises")
        KNOWLEDGE_BASED_COMPANY = "knowledge_based_company", _("Knowledge-based company")
        SISTER_CITY_DELEGATION = "sister_city_delegation", _("Sister-city delegation")
        OTHER = "other", _("Other organisation")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, help_text=_("Shown on the stand sign and the floor plan.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Part of the page address; made from the English name once, then kept."),
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="booths/logos/",
        blank=True,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS)],
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("public e-mail"), blank=True)
    contact_phone = models.CharField(_("public telephone"), max_length=40, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    district = models.PositiveSmallIntegerField(
        _("district number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(DISTRICT_COUNT)],
        help_text=_("1–22, for district municipalities only."),
    )
    sister_city = models.ForeignKey(
        SisterCity,
        verbose_name=_("sister city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text=_("For sister-city delegations only."),
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_(
            "Other names used in the news, one per line, in either language "
            "(e.g. “منطقه ۲۲”, “منطقه بیست و دوم”)."
        ),
    )
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("Illustrative content, not a fact; removed by delete_demo_content."),
    )
    search_document = models.TextField(_("search document"), editable=False, default="")
    name_sort_fa = models.CharField(
        editable=False, max_length=SORT_KEY_LENGTH, default="", db_index=True
    )
    name_sort_en = models.CharField(
        editable=False, max_length=SORT_KEY_LENGTH, default="", db_index=True
    )

    objects = ExhibitorQuerySet.as_manager()
    # names_signature() as last read or written (None for a new exhibitor; parts are
    # None when deferred): exhibitor_update compares it to tell whether the names changed.
    saved_names_signature = None

    normalized_fields = (
        "name_fa",
        "name_en",
        "short_name_fa",
        "short_name_en",
        "description_fa",
        "description_en",
    )

    class Meta:
        ordering = ["name_sort_fa", "pk"]
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        constraints = [
            models.CheckConstraint(
                condition=Q(district__isnull=True)
                | Q(district__gte=1, district__lte=DISTRICT_COUNT),
                name="booths_exhibitor_district_range",
            ),
            models.CheckConstraint(
                condition=(Q(kind="district_municipality") & Q(district__isnull=False))
                | (~Q(kind="district_municipality") & Q(district__isnull=True)),
                name="booths_exhibitor_district_iff_district_municipality",
            ),
            models.CheckConstraint(
                condition=(Q(kind="sister_city_delegation") & Q(sister_city__isnull=False))
                | (~Q(kind="sister_city_delegation") & Q(sister_city__isnull=True)),
                name="booths_exhibitor_sister_city_iff_delegation",
            ),
            models.UniqueConstraint(fields=["district"], name="booths_exhibitor_unique_district"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """This row only; ``booths.services.exhibitor_create`` / ``exhibitor_update``
        also recompute the news mentions when the names or aliases changed."""
        self.normalize_text()
        self.refresh_derived_fields()
        if not self.slug:
            # Made once: renaming an exhibitor must not break links to its page.
            self.slug = self.unique_slug()
        models.Model.save(self, *args, **kwargs)
        self.saved_names_signature = self.names_signature()

    def get_absolute_url(self):
        if self.kind == self.Kind.DISTRICT_MUNICIPALITY and self.district:
            return reverse("booths:district_detail", kwargs={"number": self.district})
        return reverse("booths:exhibitor_detail", kwargs={"slug": self.slug})

    def clean(self):
        """The kind's CHECK constraints as messages beside the fields they concern (the
        constraint's own message names only the constraint)."""
        super().clean()
        errors = {}
        is_district = self.kind == self.Kind.DISTRICT_MUNICIPALITY
        if is_district and self.district is None:
            errors["district"] = _("A district municipality needs its district.")
        elif not is_district and self.district is not None:
            errors["district"] = _("Only a district municipality has a district.")
        is_delegation = self.kind == self.Kind.SISTER_CITY_DELEGATION
        if is_delegation and self.sister_city_id is None:
            errors["sister_city"] = _("A sister-city delegation needs its sister city.")
        elif not is_delegation and self.sister_city_id is not None:
            errors["sister_city"] = _("Only a sister-city delegation has a sister city.")
        if errors:
            raise ValidationError(errors)

    def kind_in_name(self) -> bool:
        """Whether the name, in the language shown, already says the kind («Tehran
        Municipality», «شهرداری منطقه ۳»): a card then leaves it out."""
        return display.already_says(self.name, self.get_kind_display())

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.saved_names_signature = instance.names_signature()
        return instance

    def names_signature(self):
        # The search document holds every name; the aliases field says which of them
        # staff made aliases (a one-word name counts only as an alias).
        return (self.__dict__.get("search_document"), self.__dict__.get("aliases"))

    @property
    def is_district(self):
        return self.kind == self.Kind.DISTRICT_MUNICIPALITY

    def alias_lines(self) -> list[str]:
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]

    def names_and_aliases(self) -> list[str]:
        """Every name this exhibitor goes by, in both languages, without repeats."""
        names = []
        for value in (
            self.name_fa,
            self.name_en,
            self.short_name_fa,
            self.short_name_en,
            *self.alias_lines(),
        ):
            if value and value not in names:
                names.append(value)
        return names

    def build_search_document(self) -> str:
        # Padded with spaces so a lookup can anchor on token boundaries.
        tokens, compounds = [], {}
        for name in self.names_and_aliases():
            tokens.extend(persian.search_tokens(name))
            compounds.update(dict.fromkeys(persian.compound_tokens(name)))
        key = persian.append_compounds(" ".join(tokens), compounds)
        return f" {key} " if key else ""

    def build_sort_keys(self) -> tuple[str, str]:
        return (
            stored_sort_key(self.name_fa or self.name_en or ""),
            persian.pad_numbers(self.name_en or self.name_fa or "").casefold()[:SORT_KEY_LENGTH],
        )

    def unique_slug(self) -> str:
        base = persian.slugify(self.name_en or self.name_fa or "", max_length=190) or "exhibitor"
        slug, n = base, 2
        while Exhibitor.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def normalize_text(self):
        changes = super().normalize_text()
        aliases = normalize_lines(self.aliases)
        if aliases != self.aliases:
            changes.append(("aliases", self.aliases, aliases))
            self.aliases = aliases
        return changes

    def refresh_derived_fields(self):
        self.search_document = self.build_search_document()
        self.name_sort_fa, self.name_sort_en = self.build_sort_keys()


class Hall(NormalizedTextModel):
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{1,3}$", _("One to three capital Latin letters."))],
        help_text=_("The letters every stand code in this hall starts with, e.g. A."),
    )
    name = models.CharField(_("name"), max_length=120)
    width = models.PositiveSmallIntegerField(_("width (m)"), validators=[MinValueValidator(1)])
    depth = models.PositiveSmallIntegerField(_("depth (m)"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_demo = models.BooleanField(_("demo content"), default=False)

    normalized_fields = ("name_fa", "name_en")

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{1,3}$"), name="booths_hall_code_format"
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0, depth__gt=0), name="booths_hall_positive_size"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('booths:floor_plan')}#hall-{self.code}"


def stand_sort_key(code: str) -> str:
    """``A-2`` before ``A-12``: letters, then the number zero-padded."""
    letters, _dash, number = (code or "").partition("-")
    return f"{letters:<3}{int(number) if number.isdigit() else 0:05d}"


class Stand(models.Model):
    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.PROTECT, related_name="stands"
    )
    code = models.CharField(
        _("code"),
        max_length=8,
        validators=[
            RegexValidator(
                STAND_CODE_PATTERN,
                _("Use the hall's letters, a hyphen and a number, e.g. A-12."),
            )
        ],
    )
    exhibitor = models.ForeignKey(
        Exhibitor,
        verbose_name=_("exhibitor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stands",
    )
    x = models.PositiveSmallIntegerField(_("x (m)"), help_text=_("From the hall's left wall."))
    y = models.PositiveSmallIntegerField(_("y (m)"), help_text=_("From the hall's entrance wall."))
    width = models.PositiveSmallIntegerField(_("width (m)"), validators=[MinValueValidator(1)])
    depth = models.PositiveSmallIntegerField(_("depth (m)"), validators=[MinValueValidator(1)])
    is_demo = models.BooleanField(_("demo content"), default=False)
    sort_key = models.CharField(editable=False, max_length=8, default="", db_index=True)

    class Meta:
        ordering = ["hall__position", "sort_key"]
        verbose_name = _("stand")
        verbose_name_plural = _("stands")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="booths_stand_unique_code"),
            models.CheckConstraint(
                condition=Q(code__regex=STAND_CODE_PATTERN), name="booths_stand_code_format"
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0, depth__gt=0), name="booths_stand_positive_size"
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.sort_key = stand_sort_key(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The fragment lands on the stand in its hall, also without JavaScript.
        return f"{reverse('booths:floor_plan')}?stand={self.code}#stand-{self.code}"

    @property
    def area(self) -> int:
        """Size in square metres, from the rectangle on the plan."""
        return self.width * self.depth

    def overlaps(self, other: "Stand") -> bool:
        return (
            self.hall_id == other.hall_id
            and self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.depth
            and other.y < self.y + self.depth
        )

    def clean(self):
        errors = {}
        if self.hall_id and self.code and re.match(STAND_CODE_PATTERN, self.code):
            if self.code.split("-")[0] != self.hall.code:
                errors["code"] = _("A stand code starts with its hall's letters (%(hall)s-…).") % {
                    "hall": self.hall.code
                }
            if self.width and self.depth:
                if self.x + self.width > self.hall.width or self.y + self.depth > self.hall.depth:
                    errors["width"] = _("The stand does not fit inside its hall.")
                others = Stand.objects.filter(hall_id=self.hall_id).exclude(pk=self.pk)
                clash = next((s for s in others if self.overlaps(s)), None)
                if clash:
                    errors["x"] = _("The stand overlaps stand %(code)s.") % {"code": clash.code}
        if errors:
            raise ValidationError(errors)


class Amenity(models.Model):
    """A visitor facility drawn on a hall's plan as a symbol (entrance, prayer room…)."""

    class Kind(models.TextChoices):
        ENTRANCE = "entrance", _("Entrance")
        PRAYER_ROOM = "prayer_room", _("Prayer room")
        FOOD = "food", _("Food and drink")
        TOILETS = "toilets", _("Toilets")
        FIRST_AID = "first_aid", _("First aid")

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.CASCADE, related_name="amenities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    x = models.PositiveSmallIntegerField(
        _("x (m)"), help_text=_("Centre of the symbol, from the hall's left wall.")
    )
    y = models.PositiveSmallIntegerField(
        _("y (m)"), help_text=_("Centre of the symbol, from the hall's entrance wall.")
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["hall__position", "kind", "pk"]
        verbose_name = _("amenity")
        verbose_name_plural = _("amenities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["entrance", "prayer_room", "food", "toilets", "first_aid"]),
                name="booths_amenity_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.hall})"

    def clean(self):
        placed = self.hall_id and self.x is not None and self.y is not None
        if placed and (self.x > self.hall.width or self.y > self.hall.depth):
            raise ValidationError({"x": _("The symbol must lie inside its hall.")})


class Achievement(NormalizedTextModel):
    class Category(models.TextChoices):
        TRANSPORT = "transport", _("Transport")
        GREEN_SPACE = "green_space", _("Green space")
        SMART_CITY = "smart_city", _("Smart city")
        WASTE = "waste", _("Waste")
        CULTURE = "culture", _("Culture")
        SOCIAL_SERVICES = "social_services", _("Social services")
        URBAN_PLANNING = "urban_planning", _("Urban planning")
        OTHER = "other", _("Other")

    exhibitor = models.ForeignKey(
        Exhibitor,
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="achievements",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    year = models.PositiveSmallIntegerField(
        _("year (Jalali)"),
        validators=[MinValueValidator(JALALI_YEAR_MIN), MaxValueValidator(JALALI_YEAR_MAX)],
        help_text=_("Solar Hijri year, e.g. 1403."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    figure = models.DecimalField(
        _("figure"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    image = models.FileField(
        _("image"),
        upload_to="booths/achievements/",
        blank=True,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS)],
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    normalized_fields = ("title_fa", "title_en", "summary_fa", "summary_en", "unit_fa", "unit_en")

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=JALALI_YEAR_MIN, year__lte=JALALI_YEAR_MAX),
                name="booths_achievement_jalali_year_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.exhibitor.get_absolute_url()}#achievement-{self.pk}"

    @property
    def figure_display(self) -> str:
        """The figure without trailing zeros (12, 3.5), never in exponent notation."""
        if self.figure is None:
            return ""
        text = f"{self.figure:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text


class CityInterest(models.Model):
    """A theme a sister city cares about, in the achievements' categories: its
    delegation's briefing pack suggests the sessions, districts and companies on it."""

    city = models.ForeignKey(
        SisterCity,
        verbose_name=_("sister city"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Achievement.Category.choices)
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("Illustrative content, not a fact; removed by delete_demo_content."),
    )

    class Meta:
        ordering = ["city", "theme"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(fields=["city", "theme"], name="booths_cityinterest_unique"),
        ]

    def __str__(self):
        return f"{self.city}: {self.get_theme_display()}"

    def get_absolute_url(self):
        return self.city.get_absolute_url()


class Mention(models.Model):
    """An article that names an exhibitor: found in the text, or added by staff.

    Automatic rows follow the article's text on every recompute; staff rows and
    hidden rows are never changed by it, so a wrong match stays suppressed.
    """

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("Found in the text")
        STAFF = "staff", _("Added by staff")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="exhibitor_mentions",
    )
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="mentions"
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.STAFF
    )
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Hide a wrong match: it is not shown and does not come back on recompute."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["exhibitor__name_sort_fa", "pk"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "exhibitor"], name="booths_mention_unique_article_exhibitor"
            ),
            models.CheckConstraint(
                condition=Q(source__in=["automatic", "staff"]), name="booths_mention_source_valid"
            ),
        ]

    def __str__(self):
        return f"{self.exhibitor} — {self.article}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()
