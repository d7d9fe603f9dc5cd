from django.urls import path

from waypoint.conferences import views

urlpatterns = [
    path("conferences/", views.conference_list, name="conference_list"),
    path("conferences/new/", views.conference_new, name="conference_new"),
    path("conferences/<uuid:public_id>/", views.conference_detail, name="conference_detail"),
    path("conferences/<uuid:public_id>/edit/", views.conference_edit, name="conference_edit"),
    path(
        "conferences/<uuid:public_id>/ground-rules/",
        views.conference_ground_rules,
        name="conference_ground_rules",
    ),
    path(
        "conferences/<uuid:public_id>/attendees/staff/",
        views.conference_staff_add,
        name="conference_staff_add",
    ),
    path(
        "conferences/<uuid:public_id>/attendees/partner/",
        views.conference_partner_add,
        name="conference_partner_add",
    ),
    path(
        "conferences/<uuid:public_id>/attendees/person/",
        views.conference_person_add,
        name="conference_person_add",
    ),
    path(
        "conferences/<uuid:public_id>/attendees/participant/",
        views.conference_participant_add,
        name="conference_participant_add",
    ),
    path(
        "conferences/<uuid:public_id>/attendees/remove/",
        views.conference_attendee_remove,
        name="conference_attendee_remove",
    ),
    path("conferences/<uuid:public_id>/roles/", views.conference_roles, name="conference_roles"),
    path(
        "conferences/<uuid:public_id>/agenda/",
        views.conference_discussion_add,
        name="conference_discussion_add",
    ),
    path("conferences/<uuid:public_id>/invite/", views.conference_invite, name="conference_invite"),
    path("conferences/<uuid:public_id>/cancel/", views.conference_cancel, name="conference_cancel"),
    path(
        "conferences/<uuid:public_id>/attendance/",
        views.conference_attendance,
        name="conference_attendance",
    ),
    path("conferences/<uuid:public_id>/sign/", views.conference_sign, name="conference_sign"),
    path(
        "conferences/<uuid:public_id>/addenda/",
        views.conference_addendum,
        name="conference_addendum",
    ),
    path(
        "conferences/<uuid:public_id>/follow-up/",
        views.conference_follow_up,
        name="conference_follow_up",
    ),
    path("discussions/<uuid:public_id>/", views.discussion_detail, name="discussion_detail"),
    path("discussions/<uuid:public_id>/edit/", views.discussion_edit, name="discussion_edit"),
    path("discussions/<uuid:public_id>/remove/", views.discussion_remove, name="discussion_remove"),
    path("discussions/<uuid:public_id>/timer/", views.discussion_timer, name="discussion_timer"),
    path(
        "discussions/<uuid:public_id>/contributions/",
        views.discussion_contribution,
        name="discussion_contribution",
    ),
    path(
        "discussions/<uuid:public_id>/summary/", views.discussion_summary, name="discussion_summary"
    ),
    path(
        "discussions/<uuid:public_id>/agreement/",
        views.discussion_agreement,
        name="discussion_agreement",
    ),
    path(
        "discussions/<uuid:public_id>/actions/",
        views.discussion_action_add,
        name="discussion_action_add",
    ),
    path(
        "action-items/<uuid:public_id>/remove/",
        views.action_item_remove,
        name="action_item_remove",
    ),
]
