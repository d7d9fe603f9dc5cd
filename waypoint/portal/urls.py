"""The participant's own Waypoint under /my/, and the staff pages about it. Every name
is in the permission matrix."""

from __future__ import annotations

from django.urls import path

from waypoint.portal import views

urlpatterns = [
    # Coming in.
    path("my/sign-in/", views.portal_sign_in, name="portal_sign_in"),
    path("my/join/", views.portal_join, name="portal_join"),
    path("my/join/<str:code>/", views.portal_join_link, name="portal_join_link"),
    path("my/sign-in/link/", views.portal_link, name="portal_link"),
    path("my/sign-in/link/go/", views.portal_link_use, name="portal_link_use"),
    path("my/sign-in/link/<str:token>/", views.portal_link_open, name="portal_link_open"),
    path("my/language/", views.portal_language, name="portal_language"),
    # Their own pages.
    path("my/", views.portal_home, name="portal_home"),
    path("my/plan/<uuid:public_id>/", views.portal_plan, name="portal_plan"),
    path(
        "my/plan/<uuid:public_id>/acknowledge/",
        views.portal_acknowledge,
        name="portal_acknowledge",
    ),
    path(
        "my/plan/<uuid:public_id>/steps/<uuid:key>/done/",
        views.portal_step_done,
        name="portal_step_done",
    ),
    path("my/plan/<uuid:public_id>/steps/new/", views.portal_step_add, name="portal_step_add"),
    path("my/plan/<uuid:public_id>/suggest/", views.portal_suggest, name="portal_suggest"),
    path(
        "my/own-steps/<uuid:public_id>/done/",
        views.portal_own_step_done,
        name="portal_own_step_done",
    ),
    path("my/appointments/", views.portal_appointments, name="portal_appointments"),
    path(
        "my/appointments/<uuid:public_id>/calendar.ics",
        views.portal_appointment_ics,
        name="portal_appointment_ics",
    ),
    path("my/next/<uuid:public_id>/", views.portal_post_plan, name="portal_post_plan"),
    path("my/questions/<uuid:public_id>/", views.portal_form, name="portal_form"),
    path("my/sharing/", views.portal_sharing, name="portal_sharing"),
    path(
        "my/sharing/<uuid:public_id>/stop/",
        views.portal_consent_stop,
        name="portal_consent_stop",
    ),
    # Staff.
    path(
        "participants/<uuid:public_id>/own-waypoint/",
        views.portal_invite,
        name="portal_invite",
    ),
    path(
        "assessments/<uuid:public_id>/send-to-own-waypoint/",
        views.portal_form_send,
        name="portal_form_send",
    ),
    path(
        "participants/<uuid:public_id>/own-waypoint/end/",
        views.portal_access_end,
        name="portal_access_end",
    ),
    path(
        "own-waypoint/requests/<uuid:public_id>/answer/",
        views.portal_ask_answer,
        name="portal_ask_answer",
    ),
]
