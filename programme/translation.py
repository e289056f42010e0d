"""Visitor-facing text in Persian and English (``_fa`` / ``_en`` columns)."""

from modeltranslation.translator import TranslationOptions, register

from programme.models import Session, Speaker


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("name", "organisation")
    required_languages = {"fa": ("name",)}


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "room")
    required_languages = {"fa": ("title",)}
