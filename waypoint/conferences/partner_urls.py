"""The partner view of conferences (see ``partner.py``). Every name is in the matrix."""

from __future__ import annotations

from django.urls import path

from waypoint.conferences import partner

urlpatterns = [
    path("partner/conferences/", partner.partner_conferences, name="partner_conferences"),
    path(
        "partner/conferences/<uuid:public_id>/",
        partner.partner_conference,
        name="partner_conference",
    ),
    path(
        "partner/conferences/<uuid:public_id>/update/",
        partner.partner_conference_update,
        name="partner_conference_update",
    ),
    path(
        "partner/conferences/<uuid:public_id>/done/",
        partner.partner_action_done,
        name="partner_action_done",
    ),
]
