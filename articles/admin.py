import jdatetime
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from articles import search, services, text
from articles.forms import JALALI_OR_GREGORIAN, ArticleAdminForm, jalali_as_gregorian
from articles.models import Article, Service, Tag
from exhibition import persian
from exhibition.revisions import RevisionAdmin


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_fa", "name_en", "slug")


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_fa", "name_en", "slug")


class ScheduleActionForm(ActionForm):
    # Text, parsed by the action itself: the admin answers an invalid action form with
    # «No action selected», which would hide what is wrong with the time.
    publish_at = forms.CharField(
        label=_("Publish at (for “schedule”)"), required=False, help_text=JALALI_OR_GREGORIAN,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip


@admin.register(Article)
class ArticleAdmin(RevisionAdmin):
    list_display = ("title", "news_code", "service", "status", "publish_time", "view_count",
                    "language", "needs_review")  # fmt: skip
    list_filter = ("status", "language", "translation_outdated", "service", "published_at")
    list_select_related = ("service",)
    # The search box itself; the matching and the order are the site's search backend's
    # (get_search_results).
    search_fields = ("title",)
    search_help_text = _('Same search as the site: any spelling, "phrases", -exclusion.')
    readonly_fields = ("news_code", "view_count", "created_at", "updated_at", "preview_link",
                       "translation_outdated")  # fmt: skip
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    raw_id_fields = ("paired",)
    date_hierarchy = "published_at"
    form = ArticleAdminForm
    action_form = ScheduleActionForm
    actions = ("publish_now", "unpublish", "schedule")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("news_code", "language", "service", "kicker", "title", "slug",
                           "lead", "body", "tags")}),
        (_("Publication"), {"fields": ("status", "published_at", "preview_link", "view_count",
                                       "created_at", "updated_at")}),
        (_("Source and media"), {"fields": ("reporter", "source_agency", "source_url", "image",
                                            "image_caption", "paired",
                                            "translation_outdated")}),
        (_("Correction"), {"fields": ("is_correction", "correction_note")}),
    )  # fmt: skip

    # Whether an article is public, and from when, is the publish_article permission's
    # decision: without it the form shows both read-only (a new article stays a draft)
    # and the actions below are not offered.
    publication_fields = ("status", "published_at")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            fields = (*fields, *self.publication_fields)
        return fields

    @admin.display(description=_("publish time"), ordering="published_at")
    def publish_time(self, article):
        if article.published_at is None:
            return "—"
        moment = jdatetime.datetime.fromgregorian(datetime=timezone.localtime(article.published_at))
        return persian.to_persian_digits(moment.strftime("%Y/%m/%d %H:%M"))

    @admin.display(description=_("needs review"), boolean=True, ordering="translation_outdated")
    def needs_review(self, article):
        # Only a translation can be outdated; a source article shows no icon.
        return True if article.translation_outdated else None

    @admin.display(description=_("preview"))
    def preview_link(self, article):
        if not article.pk:
            return "—"
        with translation.override(article.language):
            url = reverse("articles:preview", kwargs={"pk": article.pk})
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("Preview"))

    def get_search_results(self, request, queryset, search_term):
        query = persian.parse_query(search_term)
        if query.is_empty and search_term.strip():
            # As on the site: «-word» alone, or only punctuation, looks for nothing.
            self.message_user(
                request,
                _("Your search has no words we can look for. Type at least one word or number."),
                messages.WARNING,
            )
            return queryset.none(), False
        if query.is_empty:
            return queryset, False
        found = search.get_search_backend(queryset.db).admin_search(query, queryset=queryset)
        if ORDER_VAR in request.GET:
            # Staff sorted by a column: the change list's order (set before the search).
            found = found.order_by(*queryset.query.order_by)
        return found, False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report = getattr(obj, "normalization_report", None)
        if report is not None and report.changed:
            fields = ", ".join(str(Article._meta.get_field(f).verbose_name) for f in report.fields)
            self.message_user(
                request,
                _(
                    "The text was normalized in: %(fields)s (%(letters)d letters folded, "
                    "%(digits)d digits converted, %(spacing)d spacing or punctuation fixes, "
                    "%(other)d other changes)."
                )
                % {
                    "fields": fields,
                    "letters": report.letters,
                    "digits": report.digits,
                    "spacing": report.spacing,
                    "other": report.other,
                },  # fmt: skip
                messages.INFO,
            )
        repeated = text.repeated_paragraphs(obj.body)
        if repeated:
            self.message_user(
                request,
                ngettext(
                    "%(count)d paragraph repeats an earlier one: «%(first)s…»",
                    "%(count)d paragraphs repeat earlier ones, e.g. «%(first)s…»",
                    len(repeated),
                )
                % {"count": len(repeated), "first": repeated[0][:60]},
                messages.WARNING,
            )

    def restored(self, request, obj):
        # A restore saves the row only (no save_related): the search document and the
        # exhibitor mentions follow the restored text here.
        services.article_refresh_search_document(article=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.article_refresh_search_document(article=form.instance)

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        for article in queryset:
            services.article_publish(article=article)
        self.message_user(request, _("%(count)d published.") % {"count": len(queryset)})

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        for article in queryset:
            services.article_unpublish(article=article)
        self.message_user(request, _("%(count)d unpublished.") % {"count": len(queryset)})

    @admin.action(description=_("Schedule at the time given"), permissions=["publish"])
    def schedule(self, request, queryset):
        typed = request.POST.get("publish_at", "").strip()
        if not typed:
            self.message_user(request, _("Give a time to schedule at."), messages.ERROR)
            return
        try:
            at = jalali_as_gregorian(forms.DateTimeField().clean(typed))
        except ValidationError:
            self.message_user(
                request,
                _("«%(typed)s» is not a time; give one like 2026-12-01 10:00.") % {"typed": typed},
                messages.ERROR,
            )
            return
        try:
            for article in queryset:
                services.article_schedule(article=article, at=at)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        self.message_user(request, _("%(count)d scheduled.") % {"count": len(queryset)})
