"""Visitor-facing text in Persian and English (``_fa`` / ``_en`` columns)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from booths.models import Achievement, Exhibitor, Hall, SisterCity


@register(SisterCity)
class SisterCityTranslation(TranslationOptions):
    fields = ("city", "country", "year_note")
    required_languages = {"fa": ("city", "country")}


@register(Exhibitor)
class ExhibitorTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")
    required_languages = {"fa": ("name", "short_name")}


@register(Hall)
class HallTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"fa": ("name",)}


@register(Achievement)
class AchievementTranslation(TranslationOptions):
    fields = ("title", "summary", "unit")
    required_languages = {"fa": ("title",)}


# Registered here, after its translation fields exist, so that the revisions hold
# name_fa and name_en; the untranslated ``name`` (and its kind) only reads the active
# language's column and would restore one language into the other. Derived columns are
# left out too: a restore keeps their current values, and save() recomputes them.
simple_history.register(
    Exhibitor,
    excluded_fields=[
        *ExhibitorTranslation.fields,
        "search_document",
        "name_sort_fa",
        "name_sort_en",
    ],
)
