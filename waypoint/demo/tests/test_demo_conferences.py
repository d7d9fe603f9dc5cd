"""The demo's case conferences: a weekly team conference with its history and meetings
ahead, an interagency conference with the partner sign-in, and a family conference with
its follow-up; all made through the actions, consistent with the privacy check and the
calendar, in plain words.

``check_conferences`` runs on the whole demo in ``test_demo_any_day.py``.
"""

from __future__ import annotations

import re
from itertools import pairwise

from django.utils import timezone

from waypoint.accounts.models import Organization, User
from waypoint.audit.models import AuditEvent
from waypoint.conferences import queries
from waypoint.conferences.models import (
    DEFAULT_GROUND_RULES,
    ActionItem,
    Attendee,
    Conference,
)
from waypoint.consent.models import Disclosure
from waypoint.demo.management.commands import seed_demo
from waypoint.notes.coach import default_coach

WORDS = re.compile(r"\b(clients?|cases?)\b", re.IGNORECASE)
WORD_KINDS = ("label", "opinion", "shorthand")


def _texts(conferences: list[Conference]) -> list[str]:
    texts = [c.title for c in conferences]
    texts += [rule for c in conferences for rule in c.ground_rules]
    for conference in conferences:
        for d in conference.discussions.all():
            texts += [d.reason, d.strengths, d.barriers, d.service_needs]
            texts += [t for c in d.contributions.all() for t in (c.strengths, c.barriers, c.ideas)]
            texts += [a.words for a in d.agreements.all()]
        texts += [i.what for i in conference.action_items.all()]
    return [t for t in texts if t]


def check_series(conferences: list[Conference]) -> list[Conference]:
    """The weekly team conference: signed history, meetings ahead with agendas, action
    items done on time and late, open, and overdue ones carried into later agendas."""
    now, today = timezone.now(), timezone.localdate()
    series = sorted((c for c in conferences if c.series_id), key=lambda c: c.starts_at)
    assert len({c.series_id for c in series}) == 1
    assert len(series) >= 4
    assert {c.kind for c in series} == {"team"}
    assert {c.program.name for c in series} == {"Harbor Youth Works"}
    days = [timezone.localdate(c.starts_at) for c in series]
    assert all((b - a).days == 7 for a, b in pairwise(days))
    assert all(day.weekday() < 5 for day in days)
    past = [c for c in series if days[series.index(c)] < today]
    ahead = [c for c in series if c.starts_at > now]
    assert len(past) >= 4
    assert ahead
    assert len(past) + len(ahead) == len(series)

    for conference in past:
        assert conference.signed_at is not None
        assert conference.starts_at < conference.signed_at <= now
        attendees = list(conference.attendees.all())
        assert all(a.attendance != Attendee.Attendance.INVITED for a in attendees)
        notetaker = next(a for a in attendees if a.notetaker)
        assert conference.signed_by_id == notetaker.user_id
        assert sum(a.facilitator for a in attendees) == 1
        discussions = list(conference.discussions.all())
        assert discussions
        for d in discussions:
            assert d.summary_confirmed
            assert d.contributions.exists()
        assert conference.action_items.exists()
    assert any(a.attendance == "absent" for c in past for a in c.attendees.all())
    for conference in ahead:
        assert not conference.signed
        assert conference.discussions.exists()
        assert not conference.action_items.exists()
    assert ahead[0].invited_at is not None

    items = list(ActionItem.objects.filter(conference__in=past).select_related("conference"))
    done = [i for i in items if i.status == ActionItem.Status.DONE]
    for item in done:
        assert item.closed_at is not None
        assert item.conference.starts_at <= item.closed_at <= now
    on_time = [i for i in done if i.closed_at and timezone.localdate(i.closed_at) <= i.due_on]
    late = [i for i in done if i not in on_time]
    still = [i for i in items if i.is_open]
    overdue = [i for i in still if i.due_on < today]
    assert on_time
    assert late
    assert overdue
    assert [i for i in still if i.due_on >= today]
    # Each overdue item is on a later meeting's agenda for its participant, and on the
    # next meeting's.
    for item in overdue:
        later = [c for c in past if c.starts_at > item.conference.starts_at]
        assert any(c.discussions.filter(enrollment_id=item.enrollment_id) for c in later)
    following = ahead[0]
    carried = queries.carried_items(following, list(following.discussions.all()))
    assert {i.pk for i in overdue} <= {i.pk for rows in carried.values() for i in rows}

    # Their owners see them: the navigator's open items, the facilitator's overdue ones.
    navigator = User.objects.get(username="navigator")
    mine = queries.my_open_items(navigator)
    assert mine
    assert all(i.owner_user_id == navigator.pk for i in mine)
    supervisor = User.objects.get(username="supervisor")
    facilitated = {i.pk for i in queries.overdue_for_facilitator(supervisor)}
    assert {i.pk for i in overdue} <= facilitated
    return series


def check_interagency(conferences: list[Conference]) -> None:
    """With the partner sign-in: one participant cleared by a consent naming the
    partner, one discussed while the partner steps out; the next meeting invited."""
    now = timezone.now()
    partner = User.objects.select_related("partner_of").get(username=seed_demo.PARTNER_USERNAME)
    held = next(c for c in conferences if c.kind == "interagency" and c.signed)
    assert held.starts_at < now
    dana = held.attendees.get(user=partner)
    assert dana.kind == Attendee.Kind.PARTNER
    assert dana.provider_id == partner.partner_of_id
    assert dana.attendance == Attendee.Attendance.ATTENDED
    check = queries.privacy_check(held)
    assert not any(check.blocked(d) for d in check.discussions)
    shared = [d for d in check.discussions if not d.staff_only]
    apart = [d for d in check.discussions if d.staff_only]
    assert len(shared) == 1
    assert len(apart) == 1
    cell = check.cell(dana, shared[0])
    assert cell.cleared
    assert not cell.steps_out
    assert any(
        c.recipient_provider_id == partner.partner_of_id and "assessment" in c.categories
        for c in cell.consents
    )
    assert check.cell(dana, apart[0]).steps_out
    for a in check.attendees:
        if a.kind == Attendee.Kind.STAFF:
            assert all(check.cell(a, d).cleared for d in check.discussions)

    # Dana sent her update ahead, said nothing about the other person, and owns one item.
    assert shared[0].contributions.filter(attendee=dana, ahead=True).exists()
    assert not apart[0].contributions.filter(attendee=dana).exists()
    owned = ActionItem.objects.filter(owner_attendee=dana)
    assert [i.discussion_id for i in owned] == [shared[0].pk]

    # The next meeting: planned, invited, the staff-only part still staff only.
    follow = next(c for c in conferences if c.follows_id == held.pk)
    assert follow.kind == "interagency"
    assert follow.starts_at > now
    assert follow.invited_at is not None
    assert not follow.signed
    assert follow.discussions.filter(enrollment=apart[0].enrollment, staff_only=True).exists()
    # What left the organization was recorded under the consent; nothing about the other.
    to_partner = Disclosure.objects.filter(
        channel="conference", consent__recipient_provider_id=partner.partner_of_id
    )
    assert to_partner.filter(participant=shared[0].participant).exists()
    assert not to_partner.filter(participant=apart[0].participant).exists()


def check_family(conferences: list[Conference]) -> None:
    """The family conference: ground rules agreed, everyone's view before anyone spoke
    twice, each attendee's word on the plan, items for the family, a follow-up ahead."""
    now = timezone.now()
    held = next(c for c in conferences if c.kind == "family" and c.signed)
    assert held.signed_at is not None
    assert held.rules_agreed_at is not None
    assert held.starts_at <= held.rules_agreed_at <= held.signed_at <= now
    assert len(held.ground_rules) > len(DEFAULT_GROUND_RULES)
    attendees = list(held.attendees.all())
    assert {"family", "participant", "staff"} <= {a.kind for a in attendees}
    assert all(a.attendance == Attendee.Attendance.ATTENDED for a in attendees)
    (discussion,) = held.discussions.all()
    assert discussion.summary_confirmed
    check = queries.privacy_check(held)
    assert not check.blocked(discussion)
    relative = next(a for a in attendees if a.kind == Attendee.Kind.FAMILY)
    cell = check.cell(relative, discussion)
    assert cell.cleared
    assert [c.recipient_name for c in cell.consents] == [relative.name]
    spoken = [c.attendee_id for c in discussion.contributions.order_by("written_at", "pk")]
    assert sorted(spoken[: len(attendees)]) == sorted(a.pk for a in attendees)
    agreed = {a.attendee_id: a.answer for a in discussion.agreements.all()}
    assert set(agreed) == {a.pk for a in attendees}
    assert "agrees" in agreed.values()
    owners = set(
        held.action_items.exclude(owner_attendee=None).values_list(
            "owner_attendee__kind", flat=True
        )
    )
    assert owners == {"family", "participant"}
    assert held.action_items.filter(owner_user__isnull=False).exists()

    follow = next(c for c in conferences if c.follows_id == held.pk)
    assert follow.kind == "family"
    assert follow.starts_at > now
    assert not follow.signed
    assert follow.ground_rules == held.ground_rules
    assert follow.attendees.count() == len(attendees)
    assert follow.discussions.filter(enrollment=discussion.enrollment).exists()


def check_conferences(out: str) -> None:
    """The demo's conferences hang together (run on the whole demo)."""
    line = next(x for x in out.splitlines() if x.startswith("Conferences:"))
    assert "weekly team conference" in line
    org = Organization.objects.get(name=seed_demo.ORGANIZATION_NAME)
    conferences = list(
        Conference.objects.filter(organization=org)
        .select_related("program", "series")
        .order_by("starts_at", "pk")
    )
    series = check_series(conferences)
    check_interagency(conferences)
    check_family(conferences)
    assert len(conferences) == len(series) + 4

    # Written through the actions: every conference and every signing is audited.
    made = AuditEvent.objects.filter(
        organization=org, object_type="conference", action="create"
    ).values_list("object_id", flat=True)
    assert {str(c.public_id) for c in conferences} <= set(made)
    signed = AuditEvent.objects.filter(organization=org, object_type="conference", action="sign")
    assert signed.count() == sum(1 for c in conferences if c.signed)

    # Plain, person-first words, every placeholder filled, nothing the coach would flag.
    coach = default_coach()
    for text in _texts(conferences):
        assert not WORDS.search(text), text
        assert "{" not in text and "}" not in text, text
        found = [a.found for a in coach.check_text("assessment", text) if a.kind in WORD_KINDS]
        assert not found, (text, found)
