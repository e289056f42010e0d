from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from booths.models import (
    Achievement,
    Amenity,
    CityInterest,
    Exhibitor,
    Hall,
    Mention,
    SisterCity,
    Stand,
)
from booths.plan import hall_plan
from booths.services import exhibitor_create, exhibitor_update
from exhibition import display
from exhibition.admin_mixins import DemoContentMixin, PersianAdminMixin
from exhibition.revisions import RevisionAdmin


def canonical_search(queryset, search_term):
    """The public directory's search (canonical Persian tokens) for admin lists."""
    if not search_term.strip():
        return queryset
    return queryset.search(search_term)


def stand_plan_preview(stand, *, width=None):
    if not (stand and stand.pk and stand.hall_id):
        return _("Save the stand to see its place on the plan.")
    neighbours = Stand.objects.filter(hall_id=stand.hall_id).select_related("exhibitor")
    plan = hall_plan(stand.hall, neighbours, current=[stand.pk], link_to_exhibitors=False)
    # The admin turns newlines of read-only values into <br>, which SVG does not allow.
    html = render_to_string("booths/includes/hall_plan.html", {"plan": plan, "width": width})
    return mark_safe(" ".join(html.split("\n")))  # the template autoescaped every value


class StandInlineFormSet(BaseInlineFormSet):
    def clean(self):
        """Stands added or moved together must not overlap each other either (each one's
        own clean compares it only with the stands already saved)."""
        super().clean()
        changed = [
            form
            for form in self.forms
            if form.has_changed() and form.is_valid() and not self._should_delete_form(form)
        ]
        for index, form in enumerate(changed):
            clash = next((o for o in changed[:index] if form.instance.overlaps(o.instance)), None)
            if clash is not None:
                form.add_error(
                    "x", _("The stand overlaps stand %(code)s.") % {"code": clash.instance.code}
                )


class StandInline(PersianAdminMixin, admin.TabularInline):
    model = Stand
    formset = StandInlineFormSet
    extra = 0
    fields = ("hall", "code", "x", "y", "width", "depth", "is_demo", "plan_preview")
    readonly_fields = ("plan_preview",)

    @admin.display(description=_("sign to print"))
    def sign(self, obj):
        url = reverse("booths:stand_sign", kwargs={"code": obj.code})
        return format_html('<a href="{}">{}</a>', url, _("A5 sign with QR code"))

    @admin.display(description=_("place on the plan"))
    def plan_preview(self, obj):
        return stand_plan_preview(obj, width=240)


class AchievementInline(PersianAdminMixin, TranslationStackedInline):
    model = Achievement
    extra = 0
    fields = ("title", "summary", "year", "category", "figure", "unit", "image", "is_demo")


class ExhibitorMentionInline(PersianAdminMixin, admin.TabularInline):
    """The news that mention the exhibitor; edited on each article's page."""

    model = Mention
    extra = 0
    can_delete = False
    fields = ("article", "source", "is_hidden", "created")
    readonly_fields = fields
    verbose_name_plural = _("In the news (edit on the article)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").order_by("-article__pk")


class ArticleMentionInline(PersianAdminMixin, admin.TabularInline):
    """Add an exhibitor the text does not name, or hide a wrong automatic match.

    On the news app's article admin (booths.apps adds it: articles must not import
    booths). Saving an article recomputes the automatic mentions after this inline is
    saved, so a row hidden here stays hidden."""

    model = Mention
    extra = 0
    fields = ("exhibitor", "source", "is_hidden", "created")
    readonly_fields = ("source", "created")
    autocomplete_fields = ("exhibitor",)
    verbose_name_plural = _("Exhibitors mentioned (found in the text on save; hide wrong ones)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exhibitor")


@admin.register(Exhibitor)
class ExhibitorAdmin(PersianAdminMixin, DemoContentMixin, RevisionAdmin, TranslationAdmin):
    list_display = ("name", "kind", "district", "featured", "demo_content")
    list_filter = ("kind", "district", "featured", "is_demo")
    search_fields = ("name_fa",)  # shows the search box; the matching is canonical, below
    search_help_text = _("Names and aliases in either language; spelling variants match.")
    list_select_related = ("sister_city",)
    readonly_fields = ("slug_note",)
    inlines = [StandInline, AchievementInline, ExhibitorMentionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("kind", "name", "short_name", "slug", "slug_note", "description")}),
        (_("Where it belongs"), {"fields": ("district", "sister_city")}),
        (_("Contact"), {"fields": ("logo", "website", "contact_email", "contact_phone")}),
        (_("Recognition in the news"), {"fields": ("aliases",)}),
        (_("Display"), {"fields": ("featured", "is_demo")}),
    )

    @admin.display(description=_("about the slug"))
    def slug_note(self, obj):
        return _("Left empty, it is made from the English name when saved, and then kept.")

    def get_search_results(self, request, queryset, search_term):
        return canonical_search(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        if change:
            exhibitor_update(exhibitor=obj)
        else:
            exhibitor_create(exhibitor=obj)


@admin.register(Stand)
class StandAdmin(PersianAdminMixin, DemoContentMixin, admin.ModelAdmin):
    list_display = ("code", "hall", "exhibitor", "area", "sign", "demo_content")
    list_filter = ("hall", "is_demo")
    list_select_related = ("hall", "exhibitor")
    search_fields = ("code",)
    autocomplete_fields = ("exhibitor",)
    readonly_fields = ("plan_preview",)
    fields = ("hall", "code", "exhibitor", "x", "y", "width", "depth", "is_demo", "plan_preview")

    @admin.display(description=_("size (m²)"))
    def area(self, obj):
        return display.local_digits(obj.area)

    @admin.display(description=_("sign to print"))
    def sign(self, obj):
        url = reverse("booths:stand_sign", kwargs={"code": obj.code})
        return format_html('<a href="{}">{}</a>', url, _("A5 sign with QR code"))

    @admin.display(description=_("place on the plan"))
    def plan_preview(self, obj):
        return stand_plan_preview(obj)


class AmenityInline(PersianAdminMixin, admin.TabularInline):
    model = Amenity
    extra = 0
    fields = ("kind", "x", "y", "is_demo")


@admin.register(Hall)
class HallAdmin(PersianAdminMixin, DemoContentMixin, TranslationAdmin):
    list_display = ("code", "name", "width", "depth", "position", "demo_content")
    list_filter = ("is_demo",)
    inlines = [AmenityInline]


@admin.register(Achievement)
class AchievementAdmin(PersianAdminMixin, DemoContentMixin, TranslationAdmin):
    list_display = ("title", "exhibitor", "year", "category", "demo_content")
    list_filter = ("category", "year", "is_demo", "exhibitor__kind")
    list_select_related = ("exhibitor",)
    search_fields = ("title_fa", "title_en")
    autocomplete_fields = ("exhibitor",)


class CityInterestInline(PersianAdminMixin, admin.TabularInline):
    """The themes the delegation's briefing pack matches sessions and achievements on."""

    model = CityInterest
    extra = 1
    fields = ("theme", "is_demo")


@admin.register(SisterCity)
class SisterCityAdmin(PersianAdminMixin, TranslationAdmin):
    list_display = ("city", "country", "year", "year_certainty", "other_year", "relation")
    inlines = [CityInterestInline]
    list_filter = ("relation",)
    search_fields = ("city_fa", "city_en", "country_fa", "country_en")


@admin.register(Amenity)
class AmenityAdmin(PersianAdminMixin, DemoContentMixin, admin.ModelAdmin):
    list_display = ("kind", "hall", "x", "y", "demo_content")
    list_filter = ("hall", "kind", "is_demo")
    list_select_related = ("hall",)
