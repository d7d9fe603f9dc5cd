"""HUD settings of a program, the HMIS CSV exports and the import."""

from django.urls import path

from waypoint.hmis import import_views, views

urlpatterns = [
    path("programs/<int:pk>/hud/", views.hud_project, name="hud_project"),
    path("reports/hmis/", views.hmis_exports, name="hmis_exports"),
    path("reports/hmis/import/", import_views.hmis_imports, name="hmis_imports"),
    path("reports/hmis/import/<uuid:public_id>/", import_views.hmis_import, name="hmis_import"),
    path("reports/hmis/<uuid:public_id>/", views.hmis_export, name="hmis_export"),
    path(
        "reports/hmis/<uuid:public_id>/download/",
        views.hmis_export_download,
        name="hmis_export_download",
    ),
    path(
        "reports/hmis/<uuid:public_id>/discard/",
        views.hmis_export_discard,
        name="hmis_export_discard",
    ),
]
