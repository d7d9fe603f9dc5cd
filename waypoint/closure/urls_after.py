"""After the goodbye: recording a follow-up check-in, or closing it with a reason."""

from django.urls import path

from waypoint.closure import views_after

urlpatterns = [
    path("check-ins/<uuid:public_id>/", views_after.check_in_record, name="check_in_record"),
    path("check-ins/<uuid:public_id>/close/", views_after.check_in_close, name="check_in_close"),
]
