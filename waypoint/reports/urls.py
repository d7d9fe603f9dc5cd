"""The program dashboard and the data-quality page."""

from django.urls import include, path

urlpatterns = [
    path("", include("waypoint.reports.urls_dashboard")),
    path("", include("waypoint.reports.urls_data_quality")),
]
