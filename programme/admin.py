from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from exhibition import display, jalali
from exhibition.admin_mixins import DemoContentMixin, PersianAdminMixin
from programme.models import Session, SessionSpeaker, SessionTheme, Speaker


class DayListFilter(admin.SimpleListFilter):
    """The programme's days, in Tehran's time (Jalali in the Persian admin)."""

    title = _("day")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        starts = Session.objects.values_list("start", flat=True)
        days = sorted({timezone.localtime(start).date() for start in starts})
        return [(day.isoformat(), jalali.local_day(day)) for day in days]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            day = timezone.datetime.fromisoformat(value).date()
        except ValueError:
            return queryset.none()  # a hand-edited address lists nothing, not a 500
        return queryset.on_day(day)


class SessionSpeakerInline(PersianAdminMixin, admin.TabularInline):
    model = SessionSpeaker
    extra = 1
    fields = ("speaker", "order")
    autocomplete_fields = ("speaker",)


class SessionThemeInline(PersianAdminMixin, admin.TabularInline):
    """What the session is about: delegations' briefing packs suggest it on these."""

    model = SessionTheme
    extra = 1
    fields = ("theme",)


@admin.register(Session)
class SessionAdmin(PersianAdminMixin, DemoContentMixin, TranslationAdmin):
    list_display = (
        "title",
        "day",
        "start_time",
        "end_time",
        "hall",
        "kind",
        "languages",
        "sign",
        "demo_content",
    )
    list_filter = (DayListFilter, "kind", "hall", "languages", "is_demo")
    list_select_related = ("hall",)
    date_hierarchy = "start"
    search_fields = (
        "title_fa",
        "title_en",
        "room_fa",
        "room_en",
        "speakers__name_fa",
        "speakers__name_en",
    )
    autocomplete_fields = ("exhibitors", "sister_cities")
    inlines = [SessionSpeakerInline, SessionThemeInline]
    fieldsets = (
        (None, {"fields": ("title", "kind", "slug", "description")}),
        (_("When and where"), {"fields": ("start", "end", "hall", "room", "languages")}),
        (_("Who takes part"), {"fields": ("exhibitors", "sister_cities")}),
        (_("Display"), {"fields": ("is_demo",)}),
    )

    @admin.display(description=_("day"), ordering="start")
    def day(self, obj):
        return jalali.local_day(obj.day)

    @admin.display(description=_("starts"), ordering="start")
    def start_time(self, obj):
        return display.local_digits(obj.local_start.strftime("%H:%M"))

    @admin.display(description=_("ends"), ordering="end")
    def end_time(self, obj):
        return display.local_digits(obj.local_end.strftime("%H:%M"))

    @admin.display(description=_("sign to print"))
    def sign(self, obj):
        url = reverse("programme:session_sign", kwargs={"slug": obj.slug})
        return format_html('<a href="{}">{}</a>', url, _("A5 sign with QR code"))


@admin.register(Speaker)
class SpeakerAdmin(PersianAdminMixin, DemoContentMixin, TranslationAdmin):
    list_display = ("name", "organisation", "demo_content")
    list_filter = ("is_demo",)
    search_fields = ("name_fa", "name_en", "organisation_fa", "organisation_en")
