"""Visitor-facing text in Persian and English (``_fa`` / ``_en`` columns)."""

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
