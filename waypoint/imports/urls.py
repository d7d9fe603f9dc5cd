from django.urls import URLPattern, path

from waypoint.imports import views

urlpatterns: list[URLPattern] = [
    path("imports/people/", views.imports_new, name="imports_new"),
    path(
        "imports/people/<uuid:public_id>/columns/",
        views.imports_columns,
        name="imports_columns",
    ),
    path("imports/people/<uuid:public_id>/", views.imports_detail, name="imports_detail"),
    path("imports/people/<uuid:public_id>/run/", views.imports_run, name="imports_run"),
]
