from modeltranslation.translator import TranslationOptions, register

from articles.models import Desk, Tag


@register(Desk)
class ServiceTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
