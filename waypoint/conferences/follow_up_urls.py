"""After a conference, for staff (see ``follow_up.py``). Every name is in the matrix."""

from __future__ import annotations

from django.urls import path

from waypoint.conferences import follow_up

urlpatterns = [
    path(
        "conference-actions/<uuid:public_id>/close/",
        follow_up.conference_action_close,
        name="conference_action_close",
    ),
    path(
        "discussions/<uuid:public_id>/print/",
        follow_up.discussion_print,
        name="discussion_print",
    ),
]
