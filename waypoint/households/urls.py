"""Household routes (included from ``waypoint/urls.py``)."""

from __future__ import annotations

from django.urls import path

from waypoint.households import views

urlpatterns = [
    path(
        "participants/<uuid:public_id>/household/new/",
        views.participant_household_start,
        name="participant_household_start",
    ),
    path("households/<uuid:public_id>/", views.household_detail, name="household_detail"),
    path("households/<uuid:public_id>/head/", views.household_head, name="household_head"),
    path(
        "households/<uuid:public_id>/members/new/",
        views.household_member_add,
        name="household_member_add",
    ),
    path(
        "households/<uuid:public_id>/people/new/",
        views.household_person_add,
        name="household_person_add",
    ),
    path("household-members/<uuid:public_id>/", views.household_member, name="household_member"),
    path(
        "household-members/<uuid:public_id>/leave/",
        views.household_member_leave,
        name="household_member_leave",
    ),
    path(
        "enrollments/<uuid:public_id>/household-stay/",
        views.enrollment_household_stay,
        name="enrollment_household_stay",
    ),
    path(
        "enrollments/<uuid:public_id>/household-stay/leave/",
        views.enrollment_stay_leave,
        name="enrollment_stay_leave",
    ),
]
