from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from exhibition.admin_mixins import DemoContentMixin
from programme.models import Session, SessionSpeaker, SessionTheme, Speaker


class DayListFilter(admin.SimpleListFilter):
    """The programme's days, in Tehran's time."""

    title = _("day")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        starts = Session.objects.values_list("start", flat=True)
        days = sorted({timezone.localtime(start).date() for start in starts})
        return [(day.isoformat(), day.isoformat()) for day in days]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            day = timezone.datetime.fromisoformat(value).date()
        except ValueError:
            return queryset.none()  # a hand-edited address lists nothing, not a 500
        return queryset.on_day(day)


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 1
    fields = ("speaker", "order")
    autocomplete_fields = ("speaker",)


class SessionThemeInline(admin.TabularInline):
    """What the session is about: delegations' briefing packs suggest it on these."""

    model = SessionTheme
    extra = 1
    fields = ("theme",)


@admin.register(Session)
class SessionAdmin(DemoContentMixin, TranslationAdmin):
    list_display = (
        "title",
        "day",
        "start_time",
        "end_time",
        "hall",
        "kind",
        "languages",
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
        return obj.day.isoformat()

    @admin.display(description=_("starts"), ordering="start")
    def start_time(self, obj):
        return obj.local_start.strftime("%H:%M")

    @admin.display(description=_("ends"), ordering="end")
    def end_time(self, obj):
        return obj.local_end.strftime("%H:%M")


@admin.register(Speaker)
class SpeakerAdmin(DemoContentMixin, TranslationAdmin):
    list_display = ("name", "organisation", "demo_content")
    list_filter = ("is_demo",)
    search_fields = ("name_fa", "name_en", "organisation_fa", "organisation_en")
