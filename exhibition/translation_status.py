"""Admin page "Translation status": what still has no English, with links to fix it.

A fixed number of queries (a count and one page of rows per section), whatever the
number of objects."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from modeltranslation.translator import translator

from articles.models import Article, Desk, Tag
from booths.models import Achievement, Exhibitor, Hall, SisterCity
from exhibition.access import can_translate

TARGET = "en"
SOURCE = settings.LANGUAGE_CODE
ROWS_SHOWN = 100
TRANSLATED_MODELS = (Exhibitor, Achievement, Hall, SisterCity, Desk, Tag)


@dataclass
class Row:
    label: str
    url: str
    missing: list[str] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    count: int
    rows: list[Row]
    changelist_url: str = ""


def _empty(name: str) -> Q:
    return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


def _admin_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def model_section(model) -> Section:
    """Objects with a Persian value whose English column is empty, per field."""
    fields = translator.get_options_for_model(model).get_field_names()
    missing_en = Q()
    for name in fields:
        missing_en |= _empty(f"{name}_{TARGET}") & ~_empty(f"{name}_{SOURCE}")
    columns = [f"{name}_{code}" for name in fields for code in (SOURCE, TARGET)]
    queryset = model.objects.filter(missing_en).only("pk", *columns).order_by("pk")
    rows = []
    for obj in queryset[:ROWS_SHOWN]:
        missing = [
            str(model._meta.get_field(name).verbose_name)
            for name in fields
            if getattr(obj, f"{name}_{SOURCE}") and not getattr(obj, f"{name}_{TARGET}")
        ]
        rows.append(Row(getattr(obj, f"{fields[0]}_{SOURCE}"), _admin_url(obj), missing))
    meta = model._meta
    return Section(
        meta.label_lower,
        str(meta.verbose_name_plural).capitalize(),
        queryset.count(),
        rows,
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
    )


def article_sections() -> list[Section]:
    untranslated = Article.objects.published().missing_translation(TARGET).order_by("-published_at")
    outdated = Article.objects.filter(translation_outdated=True).order_by("-updated_at")
    sections = []
    for key, title, queryset, missing in (
        (
            "untranslated",
            _("Published articles without an English pair"),
            untranslated,
            _("English pair"),
        ),
        ("outdated", _("Translations to review (the source changed)"), outdated, _("review")),
    ):
        rows = [
            Row(article.title, _admin_url(article), [str(missing)])
            for article in queryset.only("pk", "title")[:ROWS_SHOWN]
        ]
        sections.append(
            Section(
                f"articles.{key}",
                str(title),
                queryset.count(),
                rows,
                reverse("admin:articles_article_changelist"),
            )
        )
    return sections


def translation_status() -> list[Section]:
    return [model_section(model) for model in TRANSLATED_MODELS] + article_sections()


class TranslationStatusView(TemplateView):
    """Mounted through admin.site.admin_view (staff only); for translators only, like
    Rosetta (other staff get the 403 page)."""

    template_name = "admin/translation_status.html"
    admin_site = None

    def dispatch(self, request, *args, **kwargs):
        if not can_translate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = translation_status()
        context.update(
            self.admin_site.each_context(self.request),
            title=_("Translation status"),
            sections=sections,
            total=sum(section.count for section in sections),
            rows_shown=ROWS_SHOWN,
        )
        return context
