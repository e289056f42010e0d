from django.urls import path

from exhibition.pagecache import public_page
from programme import views

app_name = "programme"

urlpatterns = [
    path("programme/", public_page(views.ProgrammeView.as_view()), name="programme"),
    # Before <slug>.ics: a session's slug is never "calendar" (models.RESERVED_SLUGS).
    path(
        "programme/calendar.ics",
        public_page(views.ProgrammeCalendarView.as_view()),
        name="calendar",
    ),
    path(
        "programme/<str:slug>.ics",
        public_page(views.SessionCalendarView.as_view()),
        name="session_ics",
    ),
    path(
        "programme/<str:slug>/",
        public_page(views.SessionDetailView.as_view()),
        name="session_detail",
    ),
    path("visit/", public_page(views.VisitView.as_view()), name="visit"),
    path(
        "exhibitors/<str:slug>/briefing-pack/",
        public_page(views.BriefingPackView.as_view()),
        name="briefing_pack",
    ),
]
