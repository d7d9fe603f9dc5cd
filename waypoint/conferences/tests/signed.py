"""Conferences that have been held: for the follow-up and partner tests, and for the
generated route tests (``waypoint/tests/test_permissions.py``), which need a record of
each kind to open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from waypoint.conferences import actions
from waypoint.conferences.models import ActionItem, Attendee, Conference, Discussion
from waypoint.conferences.tests.conftest import Meeting, give_consent


@dataclass
class Held:
    meeting: Meeting
    mine: ActionItem  # Nia's
    theirs: ActionItem  # Pia's


def hold(
    world: Any,
    meeting: Meeting,
    *,
    consent: tuple[str, ...] = ("assessment",),
    due: date | None = None,
    sign: bool = True,
) -> Held:
    """Hold the meeting about Amara (Chen, whom Nia may not hear about, taken off):
    everyone came, Pia brought an update, Sam summarised, Nia and Pia each took an
    item; Nia signs."""
    give_consent(world, world.amara, list(consent))
    conference = meeting.conference
    actions.record_attendance(
        by=world.supervisor,
        conference=conference,
        attendance={a.pk: "attended" for a in (meeting.sam, meeting.nia, meeting.pia)},
    )
    actions.remove_discussion(by=world.supervisor, discussion=meeting.chen)
    actions.add_contribution(
        by=world.supervisor,
        discussion=meeting.amara,
        attendee=meeting.pia,
        strengths="Comes every week",
        ideas="Evening pantry hours",
    )
    actions.save_summary(
        by=world.supervisor,
        discussion=meeting.amara,
        expected_version=meeting.amara.version,
        strengths="Steady, organised",
        barriers="Evening shifts clash with pantry hours",
        service_needs="Food on weekends",
        confirmed=True,
    )
    due = due or timezone.localdate() + timedelta(days=7)
    mine = actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what="Call the shift manager about Tuesdays",
        due_on=due,
        owner_user=world.navigator,
    )
    theirs = actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what="Hold a Saturday box",
        due_on=due,
        owner_attendee=meeting.pia,
    )
    if sign:
        actions.sign_minutes(by=world.navigator, conference=conference)
    meeting.amara.refresh_from_db()
    return Held(meeting, mine, theirs)


def signed_for(world: Any, enrollment: Any, user: Any) -> tuple[Conference, Discussion, ActionItem]:
    """A signed team conference in ``enrollment``'s program that discussed them, set up by
    the administrator, attended by ``user`` (staff of the organization), with an action
    item ``user`` owns when they may (the administrator's otherwise)."""
    admin = world.admin
    conference = actions.create_conference(
        by=admin,
        program=enrollment.program,
        kind="team",
        title="Weekly team conference",
        starts_at=timezone.now() - timedelta(hours=2),
        place="Room 1",
    )
    staff = (
        user is not None
        and user.organization_id == world.org.pk
        and user.partner_of_id is None
        and user.participant_id is None
        and user.pk != admin.pk
    )
    if staff:
        actions.add_attendee(by=admin, conference=conference, kind="staff", user=user)
    chair = conference.attendees.get(user=admin)
    actions.assign_roles(
        by=admin, conference=conference, facilitator=chair, timekeeper=chair, notetaker=chair
    )
    actions.record_attendance(
        by=admin,
        conference=conference,
        attendance={a.pk: "attended" for a in conference.attendees.all()},
    )
    discussion = actions.add_discussion(
        by=admin, conference=conference, enrollment=enrollment, reason="Three missed appointments"
    )
    actions.add_contribution(
        by=admin, discussion=discussion, attendee=chair, strengths="Comes back every time"
    )
    owner = user if staff and _may_own(user, enrollment) else admin
    item = actions.add_action_item(
        by=admin,
        discussion=discussion,
        what="Call about the bus pass",
        due_on=timezone.localdate() + timedelta(days=3),
        owner_user=owner,
    )
    actions.sign_minutes(by=admin, conference=conference)
    return conference, discussion, item


def _may_own(user: Any, enrollment: Any) -> bool:
    from waypoint.access import sees_enrollment
    from waypoint.accounts.queries import access_for

    return sees_enrollment(access_for(user), enrollment)


def partner_meeting(world: Any, enrollment: Any, *, signed: bool) -> Conference:
    """An interagency conference in ``enrollment``'s program with Pia (the partner)
    invited and cleared to hear about them; signed with an item Pia owns, or not yet
    held (so Pia can send her update). Made once: the page a form is found on and the
    route it posts to are the same meeting."""
    admin = world.admin
    made = Conference.objects.filter(
        attendees__user=world.partner,
        discussions__enrollment=enrollment,
        signed_at__isnull=not signed,
    ).first()
    if made is not None:
        return made
    give_consent(world, enrollment, ["assessment"])
    conference = actions.create_conference(
        by=admin,
        program=enrollment.program,
        kind="interagency",
        title="With Harbor Food Bank",
        starts_at=timezone.now() + timedelta(hours=2 if not signed else -2),
        place="Room 2",
    )
    pia = actions.add_attendee(by=admin, conference=conference, kind="partner", user=world.partner)
    discussion = actions.add_discussion(
        by=admin, conference=conference, enrollment=enrollment, reason="Food on weekends"
    )
    if not signed:
        return conference
    chair = conference.attendees.get(user=admin)
    actions.assign_roles(
        by=admin, conference=conference, facilitator=chair, timekeeper=chair, notetaker=chair
    )
    actions.record_attendance(
        by=admin, conference=conference, attendance={chair.pk: "attended", pia.pk: "attended"}
    )
    actions.add_action_item(
        by=admin,
        discussion=discussion,
        what="Hold a Saturday box",
        due_on=timezone.localdate() + timedelta(days=3),
        owner_attendee=Attendee.objects.get(pk=pia.pk),
    )
    actions.sign_minutes(by=admin, conference=conference)
    return conference
