"""The programme's public pages and calendars; every one runs a fixed number of queries."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from booths.models import Exhibitor
from programme.models import Session
from programme.selectors import briefing_pack
from programme.services import programme_calendar, programme_days

CALENDAR_TYPE = "text/calendar; charset=utf-8"


class ProgrammeView(TemplateView):
    template_name = "programme/programme.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = list(Session.objects.with_details())
        context.update(
            days=programme_days(sessions=sessions), has_demo=any(s.is_demo for s in sessions)
        )
        return context


class SessionDetailView(DetailView):
    model = Session
    slug_url_kwarg = "slug"

    def get_queryset(self):
        return Session.objects.with_details()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = self.event_data(self.object)
        return context

    def event_data(self, session):
        """schema.org Event, for search engines and calendar assistants."""
        request = self.request
        place = ", ".join(p for p in (session.room, session.hall.name if session.hall else "") if p)
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": session.title,
            "startDate": session.local_start.isoformat(),
            "endDate": session.local_end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": request.build_absolute_uri(session.get_absolute_url()),
            "inLanguage": ["fa", "en"] if session.languages == "both" else [session.languages],
            "location": {
                "@type": "Place",
                "name": place or _("Sister Cities and Urban Governance Exhibition"),
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": _("Tehran"),
                    "addressCountry": "IR",
                },
            },
        }
        if session.description:
            data["description"] = session.description
        speakers = session.ordered_speakers()
        if speakers:
            data["performer"] = [{"@type": "Person", "name": s.name} for s in speakers]
        return data


class CalendarResponseMixin:
    def calendar_response(self, sessions, *, name, filename):
        response = HttpResponse(
            programme_calendar(
                sessions=sessions, absolute_url=self.request.build_absolute_uri, name=name
            ),
            content_type=CALENDAR_TYPE,
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class ProgrammeCalendarView(CalendarResponseMixin, View):
    """The whole programme, for a calendar application to subscribe to."""

    def get(self, request, *args, **kwargs):
        return self.calendar_response(
            Session.objects.select_related("hall"),
            name=_("Exhibition programme"),
            filename="programme.ics",
        )


class SessionCalendarView(CalendarResponseMixin, DetailView):
    """One session, to add to a calendar."""

    model = Session
    slug_url_kwarg = "slug"

    def get_queryset(self):
        return Session.objects.select_related("hall")

    def get(self, request, *args, **kwargs):
        session = self.get_object()
        return self.calendar_response([session], name=session.title, filename="session.ics")


class VisitView(TemplateView):
    """Practical information: what the facts file states, and placeholders marked so."""

    template_name = "programme/visit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = programme_days(sessions=Session.objects.select_related("hall"))
        context.update(days=days, has_demo=Session.objects.filter(is_demo=True).exists())
        return context


class BriefingPackView(DetailView):
    """A sister-city delegation's briefing pack: a page to print (styles/print.css fits
    it to A4) or save as a PDF for the visiting mayor; the names of the other language
    stand beside each name."""

    model = Exhibitor
    slug_url_kwarg = "slug"
    template_name = "programme/briefing_pack.html"
    context_object_name = "delegation"

    def get_queryset(self):
        return Exhibitor.objects.select_related("sister_city")

    def get_object(self, queryset=None):
        exhibitor = super().get_object(queryset)
        if exhibitor.kind != Exhibitor.Kind.SISTER_CITY_DELEGATION:
            raise Http404(_("Only a sister-city delegation has a briefing pack."))
        return exhibitor

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pack"] = briefing_pack(delegation=self.object, language=get_language())
        return context
