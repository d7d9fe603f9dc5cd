"""The program dashboard's routes (see views_dashboard)."""

from django.urls import URLPattern, path

from waypoint.reports import views_dashboard as views

urlpatterns: list[URLPattern] = [
    path("dashboard/", views.dashboard_start, name="dashboard"),
    path("programs/<int:pk>/dashboard/", views.program_dashboard, name="program_dashboard"),
    # views_dashboard._shown builds these links from the dashboard's own path.
    path(
        "programs/<int:pk>/dashboard/<slug:chart>/<slug:column>/<slug:bucket>/",
        views.dashboard_people,
        name="dashboard_people",
    ),
    path(
        "programs/<int:pk>/dashboard/<slug:chart>.<slug:fmt>",
        views.dashboard_download,
        name="dashboard_download",
    ),
]
