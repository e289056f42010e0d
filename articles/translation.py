from modeltranslation.translator import TranslationOptions, register

from articles.models import ArticleImage, Desk, Tag


@register(Desk)
class ServiceTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ArticleImage)
class ArticleImageTranslationOptions(TranslationOptions):
    fields = ("alt",)
    required_languages = ("fa", "en")
