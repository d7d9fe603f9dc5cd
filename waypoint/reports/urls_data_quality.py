from django.urls import URLPattern, path

from waypoint.reports import views_data_quality as views

urlpatterns: list[URLPattern] = [
    path("reports/data-quality/", views.data_quality_page, name="data_quality"),
    path(
        "reports/data-quality/to-fix.csv",
        views.data_quality_download,
        {"fmt": "csv"},
        name="data_quality_csv",
    ),
    path(
        "reports/data-quality/to-fix.xlsx",
        views.data_quality_download,
        {"fmt": "xlsx"},
        name="data_quality_xlsx",
    ),
]
