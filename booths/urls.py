from django.conf import settings
from django.urls import path

from booths import views
from exhibition import digits  # noqa: F401  (registers <number:…>)
from exhibition.pagecache import public_page

app_name = "booths"

# public_page: the anonymous answer may be cached (exhibition/pagecache.py); the
# directory's filters and the floor plan's search box, like search, make addresses
# without end, so they are kept shorter.

urlpatterns = [
    path(
        "exhibitors/",
        public_page(views.ExhibitorListView.as_view(), ttl=settings.PAGE_CACHE_SEARCH_TTL),
        name="exhibitor_list",
    ),
    path("exhibitors.csv", public_page(views.ExhibitorCsvView.as_view()), name="exhibitor_csv"),
    path(
        "exhibitors/<str:slug>/",
        public_page(views.ExhibitorDetailView.as_view()),
        name="exhibitor_detail",
    ),
    path("districts/", public_page(views.DistrictListView.as_view()), name="district_list"),
    path(
        "districts/<number:number>/",
        public_page(views.DistrictDetailView.as_view()),
        name="district_detail",
    ),
    path(
        "floor-plan/",
        public_page(views.FloorPlanView.as_view(), searched_by=("q",)),
        name="floor_plan",
    ),
    path("stands/<str:code>/sign/", public_page(views.StandSignView.as_view()), name="stand_sign"),
    path("stands/<str:code>/qr.svg", public_page(views.StandQrView.as_view()), name="stand_qr"),
    path("sister-cities/", public_page(views.SisterCityListView.as_view()), name="sister_cities"),
]
