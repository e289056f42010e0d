from django.urls import path

from booths import views
from exhibition import digits  # noqa: F401  (registers <number:…>)

app_name = "booths"

urlpatterns = [
    path("exhibitors/", views.ExhibitorListView.as_view(), name="exhibitor_list"),
    path("exhibitors.csv", views.ExhibitorCsvView.as_view(), name="exhibitor_csv"),
    path("exhibitors/<str:slug>/", views.ExhibitorDetailView.as_view(), name="exhibitor_detail"),
    path("districts/", views.DistrictListView.as_view(), name="district_list"),
    path("districts/<number:number>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("floor-plan/", views.FloorPlanView.as_view(), name="floor_plan"),
    path("sister-cities/", views.SisterCityListView.as_view(), name="sister_cities"),
]
