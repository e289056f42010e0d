from modeltranslation.translator import TranslationOptions, register

from articles.models import Service, Tag


@register(Service)
class ServiceTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
