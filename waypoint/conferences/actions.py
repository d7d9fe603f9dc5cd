"""Setting up, holding and closing a conference. Every change is audited in the same
transaction; what people said is never copied into the audit trail, only what changed.

Privacy first: a participant whose privacy is not cleared for someone present cannot be
discussed (no timer, contribution, summary or action item) until a consent is recorded
or that part is held with staff only. Action items owned outside the organization carry
only what their owner may hear.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.access import sees_enrollment
from waypoint.accounts.models import User
from waypoint.accounts.queries import access_for
from waypoint.conferences import queries
from waypoint.conferences.models import (
    DEFAULT_GROUND_RULES,
    ActionItem,
    Agreement,
    Attendee,
    Conference,
    Contribution,
    Discussion,
    Kind,
    MinutesAddendum,
    Series,
)
from waypoint.consent.models import SENSITIVE, Category
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused
from waypoint.toolkit import audit, changed_since, check_writer, created_once, earlier, saved_once

MAX_MEETINGS = 26
CLOSED_ENROLLMENT = ("exited",)
SIGNED = gettext_lazy(
    "The minutes are signed, so this meeting no longer changes. Add an addendum instead."
)
CANCELLED = gettext_lazy("This conference is cancelled.")
SETUP_TITLES = {
    "title": gettext_lazy("Title"),
    "starts_at": gettext_lazy("Date and time"),
    "minutes": gettext_lazy("Length"),
    "place": gettext_lazy("Place"),
    "video_link": gettext_lazy("Video link"),
    "ground_rules": gettext_lazy("Ground rules"),
}
SUMMARY_TITLES = {
    "strengths": gettext_lazy("Strengths"),
    "barriers": gettext_lazy("Barriers"),
    "service_needs": gettext_lazy("Service needs"),
    "confirmed": gettext_lazy("Confirmed with the group"),
    "private": gettext_lazy("Private details"),
    "reason": gettext_lazy("Reason"),
    "budget_minutes": gettext_lazy("Time budget"),
    "staff_only": gettext_lazy("Staff only"),
}


def _setup_title(key: str) -> str:
    return str(SETUP_TITLES.get(key, key))


def _summary_title(key: str) -> str:
    return str(SUMMARY_TITLES.get(key, key))


# --- Shared checks ------------------------------------------------------------------------


def _audit(
    by: User, action: str, what: str, obj: Any, conference: Conference, **changes: Any
) -> None:
    audit(
        by,
        action,
        what,
        obj.public_id,
        participant_id=getattr(obj, "participant_id", None),
        organization_id=conference.organization_id,
        program_id=conference.program_id,
        changes=changes,
    )


def _runner(by: User, conference: Conference) -> None:
    access = access_for(by)
    if access.organization_id != conference.organization_id:
        raise ActionRefused(_("This conference belongs to another organization."))
    if not queries.may_run(access, conference, by):
        raise ActionRefused(
            _(
                "Only staff of this program who attend the conference, set it up or supervise "
                "the program can change it."
            )
        )


def _open(conference: Conference) -> Conference:
    """Lock the conference row and refuse once it is signed or cancelled."""
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    if locked.signed_at is not None:
        raise ActionRefused(str(SIGNED))
    if locked.status == Conference.Status.CANCELLED:
        raise ActionRefused(str(CANCELLED))
    return locked


def _text(value: Any, field: str, most: int, *, required: str = "") -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ActionRefused(required, field=field)
    if len(text) > most:
        raise ActionRefused(_("Keep it under %(most)s characters.") % {"most": most}, field=field)
    if (problem := bounds.text_problem(text)) is not None:
        raise ActionRefused(problem, field=field)
    return text


def _sensitive(categories: Any) -> list[str]:
    chosen = [str(c) for c in categories or []]
    wrong = [c for c in chosen if c not in SENSITIVE]
    if wrong:
        raise ActionRefused(_("Choose private categories from the list."), field="sensitive")
    return [c for c in Category.values if c in chosen]


def _when(starts_at: Any) -> datetime:
    if not isinstance(starts_at, datetime) or timezone.is_naive(starts_at):
        raise ActionRefused(_("Give the date and time of the meeting."), field="starts_at")
    if (problem := bounds.AHEAD.problem(starts_at)) is not None:
        raise ActionRefused(problem, field="starts_at")
    return starts_at


def _length(minutes: Any) -> int:
    try:
        value = int(minutes)
    except (TypeError, ValueError):
        raise ActionRefused(_("Give the length in minutes."), field="minutes") from None
    if not 15 <= value <= 480:
        raise ActionRefused(_("Give a length from 15 minutes to 8 hours (480)."), field="minutes")
    return value


def _video(link: Any) -> str:
    text = _text(link, "video_link", 500)
    if text and not text.startswith("https://"):
        raise ActionRefused(_("Give the video link starting with https://"), field="video_link")
    return text


def _moment(at: datetime | None, earliest: datetime) -> datetime:
    """When something happened: now, or, when it is recorded after the fact (the demo
    does), a moment from ``earliest`` (the meeting's start) to now."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at) or not earliest <= at <= now:
        raise ActionRefused(_("Give a moment from the start of the meeting to now."), field="at")
    return at


def _may_hear_or_refuse(discussion: Discussion) -> None:
    block = queries.discussion_block(discussion)
    if block is not None:
        raise ActionRefused(block)


def _check_sensitive_for(by: User, discussion: Discussion, categories: list[str]) -> None:
    """Only staff whose role reads a private category may record it."""
    if categories and not access_for(by).sees_sensitive(discussion.enrollment.program):
        raise ActionRefused(
            _(
                "Your role does not read private categories in this program, so it cannot "
                "record them."
            ),
            field="sensitive",
        )


# --- Set-up -------------------------------------------------------------------------------


@transaction.atomic
def create_conference(
    *,
    by: User,
    program: Any,
    kind: str,
    title: str,
    starts_at: datetime,
    minutes: int = 60,
    place: str = "",
    video_link: str = "",
    every: str = "",
    meetings: int = 1,
    creation_key: uuid.UUID | None = None,
) -> Conference:
    """Plan a conference (or a series: ``every`` week, two or four weeks, ``meetings``
    of them, each its own record). The person who sets it up attends and facilitates."""
    check_writer(by, program.pk)
    if access_for(by).organization_id != program.organization_id:
        raise ActionRefused(_("That program belongs to another organization."))
    done = earlier(Conference, creation_key, program=program)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if kind not in Kind.values:
        raise ActionRefused(_("Choose the kind of conference from the list."), field="kind")
    title = _text(title, "title", 200, required=_("Give the conference a name."))
    starts_at = _when(starts_at)
    minutes = _length(minutes)
    place = _text(place, "place", 300)
    video_link = _video(video_link)
    if not place and not video_link:
        raise ActionRefused(_("Say where it is held, or give a video link."), field="place")
    if every and every not in Series.Every.values:
        raise ActionRefused(_("Choose how often it repeats from the list."), field="every")
    count = int(meetings or 1) if every else 1
    if not 1 <= count <= MAX_MEETINGS:
        raise ActionRefused(
            _("Plan from 1 to %(most)s meetings at a time.") % {"most": MAX_MEETINGS},
            field="meetings",
        )
    now = timezone.now()
    series = None
    if every:
        series = Series.objects.create(
            organization_id=program.organization_id,
            program=program,
            every=every,
            created_by=by,
            created_at=now,
        )

    def make(at: datetime, key: uuid.UUID | None) -> Conference:
        conference = Conference.objects.create(
            organization_id=program.organization_id,
            program=program,
            kind=kind,
            title=title,
            starts_at=at,
            minutes=minutes,
            place=place,
            video_link=video_link,
            series=series,
            ground_rules=list(DEFAULT_GROUND_RULES) if kind == Kind.FAMILY else [],
            created_by=by,
            created_at=now,
            creation_key=key,
        )
        Attendee.objects.create(
            conference=conference,
            kind=Attendee.Kind.STAFF,
            user=by,
            name=str(by),
            email=by.email or "",
            facilitator=True,
            added_by=by,
            added_at=now,
        )
        return conference

    first, made = created_once(Conference, creation_key, lambda: make(starts_at, creation_key))
    if not made:
        return first
    meetings_made = [first]
    for n in range(1, count):
        at = bounds.later(starts_at, timedelta(days=series.days * n))  # type: ignore[union-attr]
        meetings_made.append(make(at, None))
    for conference in meetings_made:
        _audit(
            by,
            "create",
            "conference",
            conference,
            conference,
            kind=kind,
            series=str(series.public_id) if series else "",
        )
    return first


@transaction.atomic
def update_conference(
    *, by: User, conference: Conference, expected_version: int, data: dict[str, Any]
) -> Conference:
    """Change when, where, the name or (family) the ground rules. Invitations already
    sent go out again as an update."""
    _runner(by, conference)
    locked = _open(conference)
    if locked.version != expected_version:
        raise changed_since(
            "conference",
            locked.public_id,
            expected_version,
            parts=lambda changes: changes.get("changed", []),
            titles=_setup_title,
            by=by,
        ).refusal()
    new = {
        "title": _text(data.get("title"), "title", 200, required=_("Give the conference a name.")),
        "starts_at": _when(data.get("starts_at")),
        "minutes": _length(data.get("minutes")),
        "place": _text(data.get("place"), "place", 300),
        "video_link": _video(data.get("video_link")),
    }
    if not new["place"] and not new["video_link"]:
        raise ActionRefused(_("Say where it is held, or give a video link."), field="place")
    if "ground_rules" in data:
        rules = [_text(r, "ground_rules", 300) for r in data["ground_rules"]]
        new["ground_rules"] = [r for r in rules if r][:20]
    changed = [k for k, v in new.items() if getattr(locked, k) != v]
    if not changed:
        return locked
    for key in changed:
        setattr(locked, key, new[key])
    if "ground_rules" in changed:
        locked.rules_agreed_at = None
    moved = bool({"starts_at", "minutes", "place", "video_link"} & set(changed))
    if moved and locked.invited_at is not None:
        locked.sequence += 1
    locked.version += 1
    locked.save()
    _audit(by, "update", "conference", locked, locked, changed=changed, version=locked.version)
    if moved and locked.invited_at is not None:
        _send(locked, list(locked.attendees.filter(invited_at__isnull=False)), by)
    return locked


def _send(conference: Conference, attendees: list[Attendee], by: User) -> None:
    """Build the invitations (recording their disclosures) now; send them once the
    transaction has committed."""
    from waypoint.conferences import notify

    messages = notify.invitations(conference, attendees, by=by)
    transaction.on_commit(lambda: notify.deliver(messages))


@transaction.atomic
def agree_ground_rules(
    *, by: User, conference: Conference, at: datetime | None = None
) -> Conference:
    """The family agreed the ground rules as they stand (now, or ``at`` a moment since
    the meeting started)."""
    _runner(by, conference)
    locked = _open(conference)
    if not locked.is_family:
        raise ActionRefused(_("Ground rules belong to family conferences."))
    if not locked.ground_rules:
        raise ActionRefused(_("Write at least one ground rule first."), field="ground_rules")
    locked.rules_agreed_at = _moment(at, locked.starts_at)
    locked.version += 1
    locked.save()
    _audit(
        by, "update", "conference", locked, locked, changed=["rules_agreed"], version=locked.version
    )
    return locked


@transaction.atomic
def cancel_conference(*, by: User, conference: Conference, reason: str = "") -> Conference:
    """Call the meeting off; everyone invited is sent the cancellation."""
    _runner(by, conference)
    locked = _open(conference)
    locked.status = Conference.Status.CANCELLED
    locked.cancelled_reason = _text(reason, "reason", 500)
    locked.sequence += 1
    locked.version += 1
    locked.save()
    _audit(by, "status", "conference", locked, locked, status="cancelled")
    attendees = list(locked.attendees.filter(invited_at__isnull=False))
    if attendees:
        _send(locked, attendees, by)
    return locked


# --- Attendees ----------------------------------------------------------------------------


@transaction.atomic
def add_attendee(
    *,
    by: User,
    conference: Conference,
    kind: str,
    user: User | None = None,
    directory_contact: Any = None,
    participant: Any = None,
    name: str = "",
    email: str = "",
    relationship: str = "",
    provider: Any = None,
    creation_key: uuid.UUID | None = None,
) -> Attendee:
    """Invite someone: a staff member, a partner person (an account or a directory
    contact), a family member, the participant, or a resource person."""
    _runner(by, conference)
    locked = _open(conference)
    done = earlier(Attendee, creation_key, conference=locked)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if kind not in Attendee.Kind.values:
        raise ActionRefused(_("Choose who they are from the list."), field="kind")
    fields: dict[str, Any] = {
        "kind": kind,
        "relationship": _text(relationship, "relationship", 100),
    }
    org = locked.organization_id
    if kind == Attendee.Kind.STAFF:
        if (
            user is None
            or user.organization_id != org
            or user.partner_of_id is not None
            or user.participant_id is not None
        ):
            raise ActionRefused(_("Choose a staff member of your organization."), field="user")
        fields.update(user=user, name=str(user), email=user.email or "")
    elif kind == Attendee.Kind.PARTNER and user is not None:
        if user.partner_of is None or user.partner_of.owner_id != org:
            raise ActionRefused(_("Choose someone at a partner organization."), field="user")
        fields.update(user=user, provider=user.partner_of, name=str(user), email=user.email or "")
    elif kind == Attendee.Kind.PARTNER and directory_contact is not None:
        if directory_contact.owner_id != org or directory_contact.organization_id is None:
            raise ActionRefused(
                _("Choose a contact from your directory."), field="directory_contact"
            )
        fields.update(
            directory_contact=directory_contact,
            provider=directory_contact.organization,
            name=_text(name or directory_contact.name, "name", 200, required=_("Give their name.")),
            email=_text(email or directory_contact.email, "email", 254),
        )
    elif kind == Attendee.Kind.PARTICIPANT:
        if participant is None or participant.organization_id != org:
            raise ActionRefused(_("Choose the participant."), field="participant")
        fields.update(
            participant=participant,
            name=participant.preferred_name,
            email=_text(email, "email", 254),
        )
    else:
        if kind == Attendee.Kind.PARTNER:
            raise ActionRefused(
                _("Choose a partner person's account or a directory contact."), field="user"
            )
        if provider is not None and provider.owner_id != org:
            raise ActionRefused(_("Choose an organization from your directory."), field="provider")
        fields.update(
            name=_text(name, "name", 200, required=_("Give their name.")),
            email=_text(email, "email", 254),
            provider=provider,
        )
    if fields.get("user") is not None and locked.attendees.filter(user=fields["user"]).exists():
        raise ActionRefused(
            _("%(name)s is already invited.") % {"name": fields["name"]}, field="user"
        )
    if participant is not None and locked.attendees.filter(participant=participant).exists():
        raise ActionRefused(
            _("%(name)s is already invited.") % {"name": fields["name"]}, field="participant"
        )
    attendee, made = saved_once(
        Attendee(
            conference=locked,
            added_by=by,
            added_at=timezone.now(),
            creation_key=creation_key,
            **fields,
        ),
        creation_key,
        conference=locked,
    )
    if made:
        _audit(by, "create", "conference_attendee", attendee, locked, kind=kind)
    return attendee


@transaction.atomic
def assign_roles(
    *,
    by: User,
    conference: Conference,
    facilitator: Attendee | None,
    timekeeper: Attendee | None,
    notetaker: Attendee | None,
) -> Conference:
    """Who facilitates, keeps time and takes notes (one person may hold two)."""
    _runner(by, conference)
    locked = _open(conference)
    chosen = {"facilitator": facilitator, "timekeeper": timekeeper, "notetaker": notetaker}
    for role, attendee in chosen.items():
        if attendee is not None and attendee.conference_id != locked.pk:
            raise ActionRefused(_("Choose someone invited to this conference."), field=role)
        if attendee is not None and role == "notetaker" and attendee.kind != Attendee.Kind.STAFF:
            raise ActionRefused(
                _("The notetaker signs the minutes, so choose a staff member."), field=role
            )
    locked.attendees.update(facilitator=False, timekeeper=False, notetaker=False)
    for role, attendee in chosen.items():
        if attendee is not None:
            Attendee.objects.filter(pk=attendee.pk).update(**{role: True})
    _audit(
        by,
        "update",
        "conference",
        locked,
        locked,
        roles={r: str(a.public_id) if a else "" for r, a in chosen.items()},
    )
    return locked


@transaction.atomic
def remove_attendee(*, by: User, attendee: Attendee) -> None:
    """Take someone off the list before the meeting (not once they have spoken or own an
    action item); a sent invitation is cancelled."""
    conference = attendee.conference
    _runner(by, conference)
    locked = _open(conference)
    if (
        attendee.contributions.exists()
        or attendee.action_items.exists()
        or attendee.agreements.exists()
    ):
        raise ActionRefused(
            _(
                "%(name)s has spoken or owns an action item, so they stay on the record. "
                "Mark them as not come instead."
            )
            % {"name": attendee.name}
        )
    staff = locked.attendees.exclude(pk=attendee.pk).filter(kind=Attendee.Kind.STAFF)
    if attendee.kind == Attendee.Kind.STAFF and not staff.exists():
        raise ActionRefused(_("A conference needs at least one staff member."))
    invited = attendee.invited_at is not None
    _audit(by, "delete", "conference_attendee", attendee, locked)
    attendee.delete()
    if invited:
        from waypoint.conferences import notify

        to = notify.address(attendee)
        if to is not None:
            message = notify.cancellation(locked, attendee, to)
            transaction.on_commit(lambda: notify.deliver([message]))


@transaction.atomic
def record_attendance(
    *, by: User, conference: Conference, attendance: dict[int, str]
) -> Conference:
    """Who came (attendee pk -> came / did not come)."""
    _runner(by, conference)
    locked = _open(conference)
    known = {a.pk: a for a in locked.attendees.all()}
    for pk, value in attendance.items():
        if pk not in known:
            raise ActionRefused(_("Someone on the form is not invited to this conference."))
        if value not in Attendee.Attendance.values:
            raise ActionRefused(_("Mark each person came or did not come."), field="attendance")
    changed = {}
    for pk, value in attendance.items():
        if known[pk].attendance != value:
            Attendee.objects.filter(pk=pk).update(attendance=value)
            changed[str(known[pk].public_id)] = value
    if changed:
        _audit(by, "update", "conference", locked, locked, attendance=changed)
    return locked


# --- Who is discussed ---------------------------------------------------------------------


@transaction.atomic
def add_discussion(
    *,
    by: User,
    conference: Conference,
    enrollment: Enrollment,
    reason: str,
    budget_minutes: int = 10,
    staff_only: bool = False,
    creation_key: uuid.UUID | None = None,
) -> Discussion:
    """Put a participant on the agenda, with the reason they are discussed."""
    _runner(by, conference)
    locked = _open(conference)
    access = access_for(by)
    if enrollment.organization_id != locked.organization_id or not sees_enrollment(
        access, enrollment
    ):
        raise ActionRefused(_("Choose someone whose enrollment you work with."), field="enrollment")
    check_writer(by, enrollment.program_id)
    done = earlier(Discussion, creation_key, conference=locked)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if enrollment.status in CLOSED_ENROLLMENT:
        raise ActionRefused(
            _("Their enrollment has ended; reopen it to discuss them."), field="enrollment"
        )
    reason = _text(reason, "reason", 300, required=_("Say why they are discussed, in a few words."))
    budget = _budget(budget_minutes)
    if locked.discussions.filter(enrollment=enrollment).exists():
        raise ActionRefused(
            _("%(name)s is already on this agenda.")
            % {"name": enrollment.participant.preferred_name},
            field="enrollment",
        )
    position = (locked.discussions.aggregate(m=Max("position"))["m"] or 0) + 1
    discussion, made = saved_once(
        Discussion(
            organization_id=locked.organization_id,
            conference=locked,
            enrollment=enrollment,
            participant_id=enrollment.participant_id,
            reason=reason,
            position=position,
            budget_minutes=budget,
            staff_only=bool(staff_only),
            added_by=by,
            added_at=timezone.now(),
            creation_key=creation_key,
        ),
        creation_key,
        conference=locked,
    )
    if made:
        _audit(
            by, "create", "conference_discussion", discussion, locked, staff_only=bool(staff_only)
        )
    return discussion


def _budget(value: Any) -> int:
    try:
        budget = int(value)
    except (TypeError, ValueError):
        raise ActionRefused(_("Give the time in minutes."), field="budget_minutes") from None
    if not 1 <= budget <= 240:
        raise ActionRefused(_("Give from 1 to 240 minutes."), field="budget_minutes")
    return budget


def _lock_discussion(discussion: Discussion) -> Discussion:
    locked = Discussion.objects.select_for_update().get(pk=discussion.pk)
    locked.conference = discussion.conference
    locked.enrollment = discussion.enrollment
    locked.participant = discussion.participant
    return locked


def _stale(by: User, discussion: Discussion, expected: int) -> None:
    if discussion.version != expected:
        raise changed_since(
            "conference_discussion",
            discussion.public_id,
            expected,
            parts=lambda changes: changes.get("changed", []),
            titles=_summary_title,
            by=by,
        ).refusal()


@transaction.atomic
def update_discussion(
    *,
    by: User,
    discussion: Discussion,
    expected_version: int,
    reason: str,
    budget_minutes: int,
    staff_only: bool,
) -> Discussion:
    """Change why they are discussed, their time, or hold it with staff only."""
    conference = discussion.conference
    _runner(by, conference)
    _open(conference)
    locked = _lock_discussion(discussion)
    _stale(by, locked, expected_version)
    new = {
        "reason": _text(
            reason, "reason", 300, required=_("Say why they are discussed, in a few words.")
        ),
        "budget_minutes": _budget(budget_minutes),
        "staff_only": bool(staff_only),
    }
    changed = [k for k, v in new.items() if getattr(locked, k) != v]
    if changed:
        for key in changed:
            setattr(locked, key, new[key])
        locked.version += 1
        locked.save()
        _audit(
            by,
            "update",
            "conference_discussion",
            locked,
            conference,
            changed=changed,
            version=locked.version,
        )
    return locked


@transaction.atomic
def remove_discussion(*, by: User, discussion: Discussion) -> None:
    """Take a participant off the agenda before anything is recorded about them."""
    conference = discussion.conference
    _runner(by, conference)
    _open(conference)
    if (
        discussion.contributions.exists()
        or discussion.action_items.exists()
        or discussion.has_summary
        or discussion.elapsed_seconds
        or discussion.timer_started_at
    ):
        raise ActionRefused(
            _("Something is already recorded about them in this meeting, so they stay on it.")
        )
    _audit(by, "delete", "conference_discussion", discussion, conference)
    discussion.delete()


# --- The meeting --------------------------------------------------------------------------


def _check_timekeeper(by: User, conference: Conference) -> None:
    holders = conference.attendees.filter(user_id=by.pk).values_list("timekeeper", "facilitator")
    if not any(t or f for t, f in holders):
        raise ActionRefused(_("The timekeeper (or the facilitator) runs the timer."))


@transaction.atomic
def start_timer(*, by: User, discussion: Discussion) -> Discussion:
    """Start this participant's time (stopping any other running in the meeting)."""
    conference = discussion.conference
    _runner(by, conference)
    _open(conference)
    _check_timekeeper(by, conference)
    _may_hear_or_refuse(discussion)
    now = timezone.now()
    for other in conference.discussions.select_for_update().filter(timer_started_at__isnull=False):
        if other.pk != discussion.pk:
            _stop(other, now)
    locked = _lock_discussion(discussion)
    if locked.timer_started_at is None:
        locked.timer_started_at = now
        locked.save(update_fields=["timer_started_at"])
        _audit(by, "update", "conference_discussion", locked, conference, timer="start")
    return locked


def _stop(discussion: Discussion, now: datetime) -> None:
    if discussion.timer_started_at is None:
        return
    spent = max(0, int((now - discussion.timer_started_at).total_seconds()))
    discussion.elapsed_seconds = min(discussion.elapsed_seconds + spent, 24 * 3600)
    discussion.timer_started_at = None
    discussion.save(update_fields=["elapsed_seconds", "timer_started_at"])


@transaction.atomic
def stop_timer(*, by: User, discussion: Discussion) -> Discussion:
    conference = discussion.conference
    _runner(by, conference)
    _open(conference)
    _check_timekeeper(by, conference)
    locked = _lock_discussion(discussion)
    if locked.timer_started_at is not None:
        _stop(locked, timezone.now())
        _audit(by, "update", "conference_discussion", locked, conference, timer="stop")
    return locked


@transaction.atomic
def add_contribution(
    *,
    by: User,
    discussion: Discussion,
    attendee: Attendee,
    strengths: str = "",
    barriers: str = "",
    ideas: str = "",
    sensitive: list[str] | None = None,
    ahead: bool = False,
    creation_key: uuid.UUID | None = None,
) -> Contribution:
    """One attendee's brief word: strengths, barriers, ideas (a line or two each)."""
    conference = discussion.conference
    if ahead:
        # A partner's update before the meeting: they may write only as themselves, and
        # only about someone they may hear about.
        if attendee.user_id != by.pk:
            raise ActionRefused(_("You can send your own update only."))
        _open(conference)
        _writer_may_hear(attendee, discussion)
    else:
        _runner(by, conference)
        _open(conference)
    if attendee.conference_id != conference.pk:
        raise ActionRefused(_("Choose someone invited to this conference."), field="attendee")
    done = earlier(Contribution, creation_key, discussion=discussion)
    if done is not None:
        return done  # type: ignore[no-any-return]
    _may_hear_or_refuse(discussion)
    categories = _sensitive(sensitive)
    if not ahead:
        _check_sensitive_for(by, discussion, categories)
    if conference.is_family and not ahead:
        _check_turn(discussion, attendee)
    texts = {
        "strengths": _text(strengths, "strengths", 600),
        "barriers": _text(barriers, "barriers", 600),
        "ideas": _text(ideas, "ideas", 600),
    }
    if not any(texts.values()):
        raise ActionRefused(
            _("Write at least one of strengths, barriers or ideas."), field="strengths"
        )
    contribution, made = saved_once(
        Contribution(
            discussion=discussion,
            attendee=attendee,
            sensitive_categories=categories,
            ahead=ahead,
            written_by=by,
            written_at=timezone.now(),
            creation_key=creation_key,
            **texts,
        ),
        creation_key,
        discussion=discussion,
    )
    if made:
        contribution.participant_id = discussion.participant_id  # type: ignore[attr-defined]
        _audit(
            by,
            "create",
            "conference_contribution",
            contribution,
            conference,
            private=categories,
            ahead=ahead,
        )
    return contribution


def _check_turn(discussion: Discussion, attendee: Attendee) -> None:
    """A family conference: everyone present speaks before anyone speaks twice."""
    present = [a for a in discussion.conference.attendees.all() if a.present]
    if attendee.pk not in {a.pk for a in present}:
        raise ActionRefused(
            _("%(name)s is marked as not come.") % {"name": attendee.name}, field="attendee"
        )
    _counts, waiting, _round = queries.spoken(discussion.conference, discussion, present)
    if attendee.pk not in {a.pk for a in waiting}:
        names = ", ".join(a.name for a in waiting)
        raise ActionRefused(
            _(
                "Everyone speaks before anyone speaks twice. Still to speak in this round: "
                "%(names)s."
            )
            % {"names": names},
            field="attendee",
        )


def _writer_may_hear(attendee: Attendee, discussion: Discussion) -> None:
    """Refuse an update ahead from someone who may not hear about this participant (no
    consent in force naming them, or a part held with staff only). Names no one."""
    access = None
    if attendee.kind == Attendee.Kind.STAFF and attendee.user_id is not None:
        access = queries.staff_access([attendee.user_id], discussion.organization_id)[
            attendee.user_id
        ]
    consents = queries.consents_for([discussion]).get(discussion.participant_id, [])
    cell = queries.hearing(attendee, discussion, access=access, consents=consents)
    if not cell.cleared or cell.steps_out:
        raise ActionRefused(
            _(
                "You can send an update only about someone whose consent to share with you is "
                "in force and who is discussed while you are there."
            ),
            field="discussion",
        )


@transaction.atomic
def save_summary(
    *,
    by: User,
    discussion: Discussion,
    expected_version: int,
    strengths: str,
    barriers: str,
    service_needs: str,
    confirmed: bool,
    sensitive: list[str] | None = None,
) -> Discussion:
    """The facilitator's summary of strengths, barriers and service needs, and whether
    the group confirmed it."""
    conference = discussion.conference
    _runner(by, conference)
    _open(conference)
    locked = _lock_discussion(discussion)
    _stale(by, locked, expected_version)
    _may_hear_or_refuse(locked)
    categories = _sensitive(sensitive)
    _check_sensitive_for(by, locked, categories)
    new = {
        "strengths": _text(strengths, "strengths", 3000),
        "barriers": _text(barriers, "barriers", 3000),
        "service_needs": _text(service_needs, "service_needs", 3000),
        "summary_confirmed": bool(confirmed),
        "sensitive_categories": categories,
    }
    if new["summary_confirmed"] and not (
        new["strengths"] or new["barriers"] or new["service_needs"]
    ):
        raise ActionRefused(_("Write the summary before the group confirms it."), field="strengths")
    changed = [k for k, v in new.items() if getattr(locked, k) != v]
    if changed:
        for key in changed:
            setattr(locked, key, new[key])
        locked.version += 1
        locked.save()
        names = {"summary_confirmed": "confirmed", "sensitive_categories": "private"}
        _audit(
            by,
            "update",
            "conference_discussion",
            locked,
            conference,
            changed=[names.get(k, k) for k in changed],
            version=locked.version,
        )
    return locked


@transaction.atomic
def record_agreement(
    *, by: User, discussion: Discussion, attendee: Attendee, answer: str, words: str = ""
) -> Agreement:
    """A family conference's plan by consensus: each attendee's word on it."""
    conference = discussion.conference
    _runner(by, conference)
    _open(conference)
    if not conference.is_family:
        raise ActionRefused(_("Agreements belong to family conferences."))
    if attendee.conference_id != conference.pk:
        raise ActionRefused(_("Choose someone invited to this conference."), field="attendee")
    if answer not in Agreement.Answer.values:
        raise ActionRefused(_("Choose their answer from the list."), field="answer")
    _may_hear_or_refuse(discussion)
    words = _text(words, "words", 300)
    agreement, made = Agreement.objects.update_or_create(
        discussion=discussion,
        attendee=attendee,
        defaults={
            "answer": answer,
            "words": words,
            "recorded_by": by,
            "recorded_at": timezone.now(),
        },
    )
    audit(
        by,
        "create" if made else "update",
        "conference_agreement",
        discussion.public_id,
        participant_id=discussion.participant_id,
        organization_id=conference.organization_id,
        program_id=conference.program_id,
        changes={"attendee": str(attendee.public_id), "answer": answer},
    )
    return agreement


# --- Action items -------------------------------------------------------------------------


def _owner(
    by: User, discussion: Discussion, owner_user: User | None, owner_attendee: Attendee | None
) -> tuple[User | None, Attendee | None, queries.Hearing | None]:
    """Check who will own an item: staff who may open the enrollment, or an attendee
    cleared to hear about the participant. Returns the owner and, for an attendee, what
    they may hear."""
    if (owner_user is None) == (owner_attendee is None):
        raise ActionRefused(_("Choose who will do it."), field="owner")
    if owner_user is not None:
        access = queries.staff_access([owner_user.pk], discussion.organization_id)[owner_user.pk]
        if owner_user.organization_id != discussion.organization_id or not sees_enrollment(
            access, discussion.enrollment
        ):
            raise ActionRefused(
                _("%(who)s does not work with %(name)s's enrollment, so cannot own this.")
                % {"who": owner_user, "name": discussion.participant.preferred_name},
                field="owner",
            )
        return owner_user, None, None
    assert owner_attendee is not None
    if owner_attendee.conference_id != discussion.conference_id:
        raise ActionRefused(_("Choose someone invited to this conference."), field="owner")
    if owner_attendee.kind == Attendee.Kind.STAFF:
        return _owner(by, discussion, owner_attendee.user, None)
    consents = queries.consents_for([discussion]).get(discussion.participant_id, [])
    cell = queries.hearing(owner_attendee, discussion, access=None, consents=consents)
    if not cell.cleared or cell.steps_out:
        raise ActionRefused(
            _("%(who)s may not hear about %(name)s: %(why)s %(fix)s")
            % {
                "who": owner_attendee.name,
                "name": discussion.participant.preferred_name,
                "why": cell.why,
                "fix": cell.fix,
            },
            field="owner",
        )
    return None, owner_attendee, cell


@transaction.atomic
def add_action_item(
    *,
    by: User,
    discussion: Discussion,
    what: str,
    due_on: date,
    owner_user: User | None = None,
    owner_attendee: Attendee | None = None,
    need: Any = None,
    goal_key: uuid.UUID | None = None,
    service: Any = None,
    sensitive: list[str] | None = None,
    creation_key: uuid.UUID | None = None,
) -> ActionItem:
    """An action item with an owner and a due date, linked to the participant's need or
    goal, with a directory resource if it helps."""
    conference = discussion.conference
    _runner(by, conference)
    _open(conference)
    done = earlier(ActionItem, creation_key, discussion=discussion)
    if done is not None:
        return done  # type: ignore[no-any-return]
    _may_hear_or_refuse(discussion)
    what = _text(what, "what", 300, required=_("Write what will be done, in a few words."))
    if not isinstance(due_on, date) or (problem := bounds.AHEAD.problem(due_on)) is not None:
        raise ActionRefused(
            problem if isinstance(due_on, date) else _("Give the date it is due."), field="due_on"
        )
    categories = _sensitive(sensitive)
    _check_sensitive_for(by, discussion, categories)
    if need is not None:
        if need.enrollment_id != discussion.enrollment_id:
            raise ActionRefused(_("Choose one of their needs."), field="need")
        if need.domain in SENSITIVE and need.domain not in categories:
            categories = [c for c in Category.values if c in {*categories, need.domain}]
    if service is not None and service.owner_id != discussion.organization_id:
        raise ActionRefused(_("Choose a service from your directory."), field="service")
    if goal_key is not None and not _goal_exists(discussion.enrollment_id, goal_key):
        raise ActionRefused(_("Choose one of their plan's goals."), field="goal")
    user, attendee, cell = _owner(by, discussion, owner_user, owner_attendee)
    if cell is not None and not cell.may_hear(categories):
        raise ActionRefused(
            _(
                "This item carries private information that %(name)s may not hear. Give it to "
                "a staff member, or record a consent that covers it."
            )
            % {"name": attendee.name if attendee else ""},
            field="owner",
        )
    item, made = saved_once(
        ActionItem(
            organization_id=discussion.organization_id,
            conference=conference,
            discussion=discussion,
            enrollment_id=discussion.enrollment_id,
            participant_id=discussion.participant_id,
            what=what,
            owner_user=user,
            owner_attendee=attendee,
            due_on=due_on,
            need=need,
            goal_key=goal_key,
            service=service,
            sensitive_categories=categories,
            created_by=by,
            created_at=timezone.now(),
            creation_key=creation_key,
        ),
        creation_key,
        discussion=discussion,
    )
    if made:
        _audit(
            by,
            "create",
            "conference_action",
            item,
            conference,
            due_on=str(due_on),
            owner=str(user.pk) if user else str(attendee.public_id if attendee else ""),
        )
    return item


def _goal_exists(enrollment_id: int, goal_key: uuid.UUID) -> bool:
    from waypoint.plans.models import Goal

    return Goal.objects.filter(version__plan__enrollment_id=enrollment_id, key=goal_key).exists()


@transaction.atomic
def remove_action_item(*, by: User, item: ActionItem) -> None:
    """Take an item off before the minutes are signed."""
    conference = item.conference
    _runner(by, conference)
    _open(conference)
    _audit(by, "delete", "conference_action", item, conference)
    item.delete()


@transaction.atomic
def close_action_item(
    *, by: User, item: ActionItem, status: str, reason: str = "", at: datetime | None = None
) -> ActionItem:
    """Mark an item done, or no longer needed (with a reason), now or ``at`` a moment
    since its meeting started. Its owner, or whoever may run the conference, may do it;
    an owner outside the organization who signs in (a partner person) marks their own
    items once the minutes are signed."""
    conference = item.conference
    access = access_for(by)
    owner = item.owner_attendee
    if owner is not None and owner.user_id is not None and owner.user_id == by.pk:
        if conference.signed_at is None:
            raise ActionRefused(_("Action items can be marked once the minutes are signed."))
    else:
        if item.owner_user_id != by.pk and not queries.may_run(access, conference, by):
            raise ActionRefused(_("Only its owner, or staff running the conference, can close it."))
        if not access.can_write(item.enrollment.program_id):
            raise ActionRefused(_("Your role in this program is read only."))
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if status not in (ActionItem.Status.DONE, ActionItem.Status.RELEASED):
        raise ActionRefused(_("Mark it done or no longer needed."), field="status")
    if locked.status != ActionItem.Status.OPEN:
        raise ActionRefused(
            _("This is already marked %(status)s.")
            % {"status": str(locked.get_status_display()).lower()}
        )
    reason = _text(reason, "reason", 500)
    if status == ActionItem.Status.RELEASED and not reason:
        raise ActionRefused(_("Say why it is no longer needed."), field="reason")
    closed_at = _moment(at, conference.starts_at)
    locked.status = status
    locked.closed_reason = reason
    locked.closed_by, locked.closed_at = by, closed_at
    locked.version += 1
    locked.save()
    _audit(by, "update", "conference_action", locked, conference, status=status)
    return locked


# --- Right after --------------------------------------------------------------------------


def missing_for_signing(
    conference: Conference, check: queries.Check, shown: set[int] | None = None
) -> list[str]:
    """What has to be in place before the notetaker signs, in words. Participants not in
    ``shown`` (whom the reader does not work with) are not named."""
    missing = []
    if any(a.attendance == Attendee.Attendance.INVITED for a in check.attendees):
        missing.append(_("Record who came and who did not."))
    if not check.discussions:
        missing.append(_("Add at least one participant to the agenda."))
    if any(d.timer_started_at is not None for d in check.discussions):
        missing.append(_("Stop the timer."))
    for d in check.discussions:
        if check.blocked(d) and (d.contributions.exists() or d.action_items.exists()):
            if shown is None or d.pk in shown:
                missing.append(
                    _(
                        "%(name)s's privacy is not cleared for everyone present: see the "
                        "privacy check."
                    )
                    % {"name": d.participant.preferred_name}
                )
            else:
                missing.append(
                    _(
                        "Someone's privacy is not cleared for everyone present: see the privacy "
                        "check."
                    )
                )
    return missing


@transaction.atomic
def sign_minutes(*, by: User, conference: Conference, at: datetime | None = None) -> Conference:
    """The notetaker signs (now, or ``at`` a moment since the meeting started, when the
    signing is recorded after the fact): from then on nothing of the meeting changes.
    Action items go out at once: staff items to their owners' lists, outside owners by
    email with only their items, the participant in plain words."""
    _runner(by, conference)
    locked = _open(conference)
    if not locked.attendees.filter(user_id=by.pk, notetaker=True).exists():
        raise ActionRefused(_("The notetaker signs the minutes."))
    check = queries.privacy_check(locked)
    missing = missing_for_signing(locked, check)
    if missing:
        raise ActionRefused(_("Before signing: %(missing)s") % {"missing": " ".join(missing)})
    now = _moment(at, locked.starts_at)
    items = list(ActionItem.objects.filter(conference=locked))
    ActionItem.objects.filter(conference=locked).update(sent_at=now)
    locked.signed_by, locked.signed_at = by, now
    locked.save()
    _audit(by, "sign", "conference", locked, locked, items=len(items))
    if items:
        from waypoint.conferences import notify

        messages = notify.action_item_messages(locked, by=by)
        transaction.on_commit(lambda: notify.deliver(messages))
    return locked


@transaction.atomic
def add_minutes_addendum(
    *,
    by: User,
    conference: Conference,
    text: str,
    discussion: Discussion | None = None,
    creation_key: uuid.UUID | None = None,
) -> MinutesAddendum:
    """A dated, signed correction or addition to signed minutes."""
    _runner(by, conference)
    if not Conference.objects.filter(pk=conference.pk, signed_at__isnull=False).exists():
        raise ActionRefused(_("Until the minutes are signed, change them directly."))
    done = earlier(MinutesAddendum, creation_key, conference=conference)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if discussion is not None and discussion.conference_id != conference.pk:
        raise ActionRefused(_("Choose a participant discussed in this meeting."))
    text = _text(text, "text", 5000, required=_("Write the correction or addition."))
    addendum, made = saved_once(
        MinutesAddendum(
            conference=conference,
            discussion=discussion,
            text=text,
            written_by=by,
            written_at=timezone.now(),
            creation_key=creation_key,
        ),
        creation_key,
        conference=conference,
    )
    if made:
        audit(
            by,
            "create",
            "minutes_addendum",
            addendum.public_id,
            participant_id=discussion.participant_id if discussion else None,
            organization_id=conference.organization_id,
            program_id=conference.program_id,
        )
    return addendum


# --- Invitations and follow-up ------------------------------------------------------------


@transaction.atomic
def send_invitations(*, by: User, conference: Conference) -> int:
    """Email everyone with an address a calendar invitation and their agenda. Returns how
    many were sent."""
    from waypoint.conferences import notify

    _runner(by, conference)
    locked = _open(conference)
    attendees = [a for a in locked.attendees.select_related("user") if notify.address(a)]
    if not attendees:
        raise ActionRefused(_("Nobody invited has an email address yet."))
    now = timezone.now()
    if locked.invited_at is not None:
        locked.sequence += 1
    locked.invited_at = now
    locked.save(update_fields=["invited_at", "sequence"])
    Attendee.objects.filter(pk__in=[a.pk for a in attendees]).update(invited_at=now)
    _audit(by, "send", "conference", locked, locked, invitations=len(attendees))
    _send(locked, attendees, by)
    return len(attendees)


@transaction.atomic
def schedule_follow_up(
    *,
    by: User,
    conference: Conference,
    starts_at: datetime,
    creation_key: uuid.UUID | None = None,
) -> Conference:
    """The next meeting to check how the plan is working: the same people and the same
    participants, who carry their open items into it."""
    _runner(by, conference)
    done = earlier(Conference, creation_key, program=conference.program)
    if done is not None:
        return done  # type: ignore[no-any-return]
    starts_at = _when(starts_at)
    if starts_at <= conference.starts_at:
        raise ActionRefused(_("The follow-up meeting comes after this one."), field="starts_at")
    now = timezone.now()
    follow, made = saved_once(
        Conference(
            organization_id=conference.organization_id,
            program_id=conference.program_id,
            kind=conference.kind,
            title=conference.title,
            starts_at=starts_at,
            minutes=conference.minutes,
            place=conference.place,
            video_link=conference.video_link,
            follows=conference,
            ground_rules=list(conference.ground_rules),
            created_by=by,
            created_at=now,
            creation_key=creation_key,
        ),
        creation_key,
        program=conference.program,
    )
    if not made:
        return follow
    for attendee in conference.attendees.all():
        Attendee.objects.create(
            conference=follow,
            kind=attendee.kind,
            user_id=attendee.user_id,
            provider_id=attendee.provider_id,
            directory_contact_id=attendee.directory_contact_id,
            participant_id=attendee.participant_id,
            name=attendee.name,
            relationship=attendee.relationship,
            email=attendee.email,
            facilitator=attendee.facilitator,
            timekeeper=attendee.timekeeper,
            notetaker=attendee.notetaker,
            added_by=by,
            added_at=now,
        )
    if not follow.attendees.filter(user_id=by.pk).exists():
        Attendee.objects.create(
            conference=follow,
            kind="staff",
            user=by,
            name=str(by),
            email=by.email or "",
            added_by=by,
            added_at=now,
        )
    for n, discussion in enumerate(conference.discussions.select_related("enrollment"), start=1):
        if discussion.enrollment.status in CLOSED_ENROLLMENT:
            continue
        Discussion.objects.create(
            organization_id=conference.organization_id,
            conference=follow,
            enrollment_id=discussion.enrollment_id,
            participant_id=discussion.participant_id,
            # Stored text (the discussion's reason): not translated.
            reason="Follow-up: how the plan is working",
            position=n,
            budget_minutes=discussion.budget_minutes,
            staff_only=discussion.staff_only,
            added_by=by,
            added_at=now,
        )
    _audit(by, "create", "conference", follow, follow, follows=str(conference.public_id))
    return follow
