"""The transition date and the exit interview."""

from django.urls import path

from waypoint.closure import views_forecast as views

urlpatterns = [
    path("enrollments/<uuid:public_id>/transition/", views.forecast_edit, name="forecast_edit"),
    path(
        "enrollments/<uuid:public_id>/transition/clear/",
        views.forecast_clear,
        name="forecast_clear",
    ),
    path(
        "enrollments/<uuid:public_id>/exit-interview/schedule/",
        views.exit_interview_schedule,
        name="exit_interview_schedule",
    ),
    path(
        "enrollments/<uuid:public_id>/exit-interview/record/",
        views.exit_interview_record,
        name="exit_interview_record",
    ),
    path(
        "exit-interviews/<uuid:public_id>/",
        views.exit_interview_detail,
        name="exit_interview_detail",
    ),
]
