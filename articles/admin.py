from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from articles import archive, search, services, text
from articles.forms import JALALI_OR_GREGORIAN, ArticleAdminForm
from articles.models import Article, ArticleImage, Desk, Status, Tag
from exhibition import display, jalali, persian
from exhibition.admin_mixins import PersianAdminMixin
from exhibition.revisions import RevisionAdmin


@admin.register(Desk)
class DeskAdmin(PersianAdminMixin, TranslationAdmin):
    list_display = ("name", "slug")
    slug_sources = ("name_fa", "name_en")  # as the importer makes a desk's
    search_fields = ("name_fa", "name_en", "slug")


@admin.register(Tag)
class TagAdmin(PersianAdminMixin, TranslationAdmin):
    list_display = ("name", "slug")
    slug_sources = ("name_fa", "name_en")  # as the importer makes a tag's
    search_fields = ("name_fa", "name_en", "slug")


class ScheduleActionForm(ActionForm):
    # Text, parsed by the action itself: the admin answers an invalid action form with
    # «No action selected», which would hide what is wrong with the time.
    publish_at = forms.CharField(
        label=_("Publish at (for “schedule”)"),
        required=False,
        help_text=JALALI_OR_GREGORIAN,
        widget=jalali.AdminMomentInput,
    )
    note = forms.CharField(
        label=_("Note (for “return to draft”)"),
        required=False,
        help_text=_("Why it goes back; kept in the article's history."),
    )


class JalaliPublishedFilter(admin.SimpleListFilter):
    """The Persian admin's publication filter: Jalali years and the months that have news
    (articles.archive), newest first, instead of Gregorian «this month», «this year»."""

    title = _("publication (Jalali)")
    parameter_name = "published"
    MONTHS_SHOWN = 24  # the newest months listed; older ones through their year

    def lookups(self, request, model_admin):
        dated = model_admin.get_queryset(request).exclude(published_at=None)  # not drafts
        months = archive.months_with_articles(dated, jalali=True)
        years = list(dict.fromkeys(month.year for month in months))
        choices = [
            (f"{m.year}-{m.month}", persian.to_persian_digits(m.label))
            for m in months[: self.MONTHS_SHOWN]
        ]
        return choices + [(str(year), persian.to_persian_digits(year)) for year in years]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        year, _dash, month = persian.to_latin_digits(self.value()).partition("-")
        try:
            period = (
                archive.Month(int(year), int(month), True)
                if month
                else archive.Year(int(year), True)
            )
        except (ValueError, archive.InvalidPeriod) as exc:
            raise IncorrectLookupParameters(str(exc)) from exc
        return archive.in_period(queryset, period)


@admin.register(Article)
class ArticleAdmin(PersianAdminMixin, RevisionAdmin):
    list_display = (
        "title",
        "news_code",
        "desk",
        "status",
        "publish_time",
        "view_count",
        "language",
        "needs_review",
    )
    list_filter = ("status", "language", "translation_outdated", "desk", "published_at")
    list_select_related = ("desk",)
    # The search box itself; the matching and the order are the site's search backend's
    # (get_search_results).
    search_fields = ("title",)
    search_help_text = _('Same search as the site: any spelling, "phrases", -exclusion.')
    readonly_fields = (
        "news_code",
        "view_count",
        "created_at",
        "updated_at",
        "preview_link",
        "translation_outdated",
    )
    # No prepopulated_fields: Django's script keeps Arabic letters and Latin digits; a slug
    # left empty is made on save from the normalized title, as the importer makes it.
    filter_horizontal = ("tags",)
    raw_id_fields = ("paired",)
    date_hierarchy = "published_at"
    form = ArticleAdminForm
    action_form = ScheduleActionForm
    # Each is offered only to whom its permission allows (see has_*_permission below).
    actions = ("submit_for_review", "publish_now", "schedule", "return_to_draft", "unpublish")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "news_code",
                    "language",
                    "desk",
                    "kicker",
                    "title",
                    "slug",
                    "lead",
                    "body",
                    "tags",
                )
            },
        ),
        (
            _("Publication"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "preview_link",
                    "view_count",
                    "created_at",
                    "updated_at",
                )
            },
        ),
        (
            _("Source and media"),
            {
                "fields": (
                    "reporter",
                    "source_agency",
                    "source_url",
                    "image",
                    "image_alt_fa",
                    "image_alt_en",
                    "image_caption",
                    "paired",
                    "translation_outdated",
                )
            },
        ),
        (_("Correction"), {"fields": ("is_correction", "correction_note")}),
    )

    # Inlines of other apps (booths: the exhibitors an article mentions), added by their
    # AppConfig.ready() with add_inline: articles imports none of them, and this class
    # stays the one registered for Article.
    extra_inlines = []

    @classmethod
    def add_inline(cls, inline):
        if inline not in cls.extra_inlines:
            cls.extra_inlines.append(inline)

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *self.extra_inlines]

    # Whether an article is public, and from when, is the publish_article permission's
    # decision: without it the form shows both read-only (a new article stays a draft)
    # and the actions below are not offered.
    publication_fields = ("status", "published_at")

    def get_list_filter(self, request):
        # Persian staff read Jalali dates everywhere: months and years of their calendar.
        if archive.uses_jalali(translation.get_language()):
            return tuple(
                JalaliPublishedFilter if f == "published_at" else f for f in self.list_filter
            )
        return self.list_filter

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.submit_article")

    def has_change_permission(self, request, obj=None):
        # What the public reads (published or scheduled) changes only through those who
        # may publish it: a reporter's or translator's edit of a live story would skip the
        # review (and a stolen account could rewrite the front page). They can still view it.
        live = obj is not None and obj.status == Status.PUBLISHED
        if live and not self.has_publish_permission(request):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = [self._shown(f) for f in super().get_readonly_fields(request, obj)]
        if not self.has_publish_permission(request):
            fields = (*fields, *self.publication_fields)
        return fields

    # The action bar's boxes serve only the editors' actions ("schedule", "return to
    # draft"): a reporter was shown a publish time that no action of theirs reads.
    editor_action_fields = ("publish_at", "note")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        form = getattr(response, "context_data", {}).get("action_form")
        if form is not None and not self.has_publish_permission(request):
            for name in self.editor_action_fields:
                form.fields.pop(name, None)
        return response

    @admin.display(description=_("publish time"), ordering="published_at")
    def publish_time(self, article):
        return jalali.local_moment(article.published_at)

    # The stored flag, shown as a boolean, put a red ❌ on every article that is not an
    # outdated translation (a brand-new one too): it says so in words only when it is.
    @admin.display(description=_("needs review"), ordering="translation_outdated")
    def needs_review(self, article):
        if article.translation_outdated:
            return _("Yes: the original changed after this translation")
        return self.get_empty_value_display()  # not None: the form would print "None"

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": [self._shown(f) for f in options["fields"]]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def _shown(self, field):
        return "needs_review" if field == "translation_outdated" else field

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
        # Nothing yet: save_related saves the article, its tags and the inlines in one
        # service call, so that its text is final (search document, mentions) only
        # after staff's inline edits (a mention hidden or added there stays so).
        pass

    def save_related(self, request, form, formsets, change):
        def save_tags_and_inlines():
            super(ArticleAdmin, self).save_related(request, form, formsets, change)

        obj = form.instance
        service = services.article_update if change else services.article_create
        service(article=obj, save_related=save_tags_and_inlines)
        report = getattr(obj, "normalization_report", None)
        if report is not None and report.changed:
            fields = display.local_list(
                Article._meta.get_field(f).verbose_name for f in report.fields
            )
            self.message_user(
                request,
                _(
                    "The text was normalized in: %(fields)s (%(letters)s letters folded, "
                    "%(digits)s digits converted, %(spacing)s spacing or punctuation fixes, "
                    "%(other)s other changes)."
                )
                % {
                    "fields": fields,
                    "letters": display.local_digits(report.letters),
                    "digits": display.local_digits(report.digits),
                    "spacing": display.local_digits(report.spacing),
                    "other": display.local_digits(report.other),
                },
                messages.INFO,
            )
        repeated = text.repeated_paragraphs(obj.body)
        if repeated:
            self.message_user(
                request,
                ngettext(
                    "%(count)s paragraph repeats an earlier one: %(first)s",
                    "%(count)s paragraphs repeat earlier ones, e.g. %(first)s",
                    len(repeated),
                )
                % {
                    "count": display.local_digits(len(repeated)),
                    "first": display.quoted(f"{repeated[0][:60]}…"),
                },
                messages.WARNING,
            )

    def _each(self, request, queryset, step, done):
        """Run ``step`` on each selected article; one refused (say, not in the state the
        step starts from) is named in a message and the others go ahead."""
        count = 0
        for article in queryset:
            try:
                step(article)
            except (ValidationError, PermissionDenied) as exc:
                reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, reason, messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": display.local_digits(count)})

    @admin.action(description=_("Submit for review"), permissions=["submit"])
    def submit_for_review(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda article: services.article_submit_for_review(article=article, by=request.user),
            _("%(count)s submitted for review."),
        )

    @admin.action(description=_("Return to draft (with the note given)"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        note = request.POST.get("note", "")
        self._each(
            request,
            queryset,
            lambda article: services.article_return_to_draft(
                article=article, by=request.user, note=note
            ),
            _("%(count)s returned to draft."),
        )

    def restored(self, request, obj):
        # A restore saves through save_model, which leaves the article to save_related,
        # and the revert view never calls that: the one write path runs here, so the
        # search document, the pair's flag and the exhibitor mentions follow the text.
        services.article_update(article=obj)

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        for article in queryset:
            services.article_publish(article=article)
        self.message_user(
            request, _("%(count)s published.") % {"count": display.local_digits(len(queryset))}
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        for article in queryset:
            services.article_unpublish(article=article)
        self.message_user(
            request, _("%(count)s unpublished.") % {"count": display.local_digits(len(queryset))}
        )

    @admin.action(description=_("Schedule at the time given"), permissions=["publish"])
    def schedule(self, request, queryset):
        typed = request.POST.get("publish_at", "").strip()
        if not typed:
            self.message_user(request, _("Give a time to schedule at."), messages.ERROR)
            return
        try:
            # Jalali or Gregorian, any digits; datetime-local's 2026-12-01T10:00 too.
            at = jalali.JalaliDateTimeField().clean(typed)
        except ValidationError as exc:
            why = _("%(typed)s is not a time: %(why)s") % {
                "typed": display.quoted(typed),
                "why": " ".join(exc.messages),
            }
            # As markup (escaped), so the admin echoes what was typed in its own digits.
            self.message_user(request, format_html("{}", why), messages.ERROR)
            return
        try:
            for article in queryset:
                services.article_schedule(article=article, at=at)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        self.message_user(
            request, _("%(count)s scheduled.") % {"count": display.local_digits(len(queryset))}
        )


# --- the gallery: an inline added through the same hook as other apps' ------------------


class ArticleImageFormSet(BaseInlineFormSet):
    """Saves and deletes through the services (a new upload is stripped of its EXIF)."""

    def save_new(self, form, commit=True):
        setattr(form.instance, self.fk.name, self.instance)
        image = form.save(commit=False)
        if commit:
            services.article_image_save(article_image=image)
        return image

    def save_existing(self, form, obj, commit=True):
        image = form.save(commit=False)
        if commit:
            services.article_image_save(article_image=image)
        return image

    def delete_existing(self, obj, commit=True):
        if commit:
            services.article_image_delete(article_image=obj)


class ArticleImageInline(PersianAdminMixin, TranslationStackedInline):
    model = ArticleImage
    formset = ArticleImageFormSet
    fields = ("image", "alt", "caption", "credit", "order")
    extra = 0


ArticleAdmin.add_inline(ArticleImageInline)
