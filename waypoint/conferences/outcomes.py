"""What a conference leaves behind, read from elsewhere in Waypoint: the action items on
the owner's and the facilitator's home page, the conferences on a participant's timeline,
the items linked to a plan's goals, the printable record of one participant's discussion,
and the counts on the supervision page.

Everything here is for staff and goes through the one access core: only enrollments the
reader may open, and content carrying a private category (health, substance use, ...)
only where the program lets the reader's role read it; otherwise it is marked ``hidden``
and the page says that something private is there without saying what. Each read is a
fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import bounds
from waypoint.access import enrollment_scope
from waypoint.accounts.queries import StaffAccess, access_for
from waypoint.conferences import queries
from waypoint.conferences.models import (
    ActionItem,
    Agreement,
    Attendee,
    Conference,
    Contribution,
    Discussion,
    MinutesAddendum,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

COUNT_DAYS = 90


def _private(access: StaffAccess, program: Any, categories: list[str]) -> bool:
    """Whether content with these private categories must be hidden from ``access``."""
    return bool(categories) and not access.sees_sensitive(program)


def mark_hidden(user: User, items: list[ActionItem]) -> list[ActionItem]:
    """Set ``hidden`` on each item (its enrollment's program loaded)."""
    access = access_for(user)
    for item in items:
        item.hidden = _private(access, item.enrollment.program, item.sensitive_categories)  # type: ignore[attr-defined]
    return items


# --- Home -------------------------------------------------------------------------------


@dataclass
class FollowUp:
    """The conference part of a staff member's home page."""

    mine: list[ActionItem]
    overdue: list[ActionItem]
    today: date

    @property
    def participants(self) -> list[Any]:
        shown = [i.participant for i in self.mine] + [i.participant for i in self.overdue]
        return list({p.pk: p for p in shown}.values())


def follow_up_filters(user: User, today: date) -> dict[str, QuerySet[ActionItem]]:
    """What ``follow_up`` reads, by name, unordered and unjoined (for the home page's one
    question of which of its lists have anything)."""
    return {
        "action_items": queries.my_open_items_filter(user),
        "facilitated_overdue": queries.overdue_for_facilitator_filter(user, today),
    }


def follow_up(
    user: User, today: date | None = None, *, present: Container[str] | None = None
) -> FollowUp:
    """The user's open items from signed minutes, and the overdue items of conferences
    they facilitated. Two queries, or only those of ``present`` (names of
    ``follow_up_filters`` known to have rows)."""
    today = today or timezone.localdate()
    mine: list[ActionItem] = []
    overdue: list[ActionItem] = []
    if present is None or "action_items" in present:
        mine = mark_hidden(user, queries.my_open_items(user))
    if present is None or "facilitated_overdue" in present:
        overdue = mark_hidden(user, queries.overdue_for_facilitator(user, today))
    for item in [*mine, *overdue]:
        item.days_over = (today - item.due_on).days  # type: ignore[attr-defined]
    return FollowUp(mine=mine, overdue=overdue, today=today)


# --- A participant's timeline and plan ----------------------------------------------------


def _opens(access: StaffAccess, user: User, conferences: list[Conference]) -> set[int]:
    """Which of these conferences the user may open (the rule of
    ``queries.conference_for``), in at most one query."""
    opened = {
        c.pk
        for c in conferences
        if access.is_admin or access.sees_whole_program(c.program_id) or c.created_by_id == user.pk
    }
    rest = [c.pk for c in conferences if c.pk not in opened]
    if rest:
        opened |= set(
            Attendee.objects.filter(conference_id__in=rest, user_id=user.pk).values_list(
                "conference_id", flat=True
            )
        )
    return opened


def signed_discussions(user: User, participant: Any, limit: int = 50) -> list[Discussion]:
    """Signed conferences that discussed ``participant`` in enrollments the user may
    open, newest first, each with its action items. Three queries at most."""
    access = access_for(user)
    found = list(
        Discussion.objects.filter(
            enrollment_scope(access, via="enrollment__"),
            participant=participant,
            conference__signed_at__isnull=False,
        )
        .select_related("conference", "enrollment__program")
        .prefetch_related(
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner_user", "owner_attendee"),
            )
        )
        .order_by("-conference__starts_at", "-pk")[:limit]
    )
    printable = _opens(access, user, [d.conference for d in found])
    for d in found:
        program = d.enrollment.program
        d.at = d.conference.starts_at  # type: ignore[attr-defined]
        d.is_conference = True  # type: ignore[attr-defined]
        d.summary_hidden = _private(access, program, d.sensitive_categories)  # type: ignore[attr-defined]
        d.printable = d.conference_id in printable  # type: ignore[attr-defined]
        d.items = list(d.action_items.all())  # type: ignore[attr-defined]
        for item in d.items:  # type: ignore[attr-defined]
            item.hidden = _private(access, program, item.sensitive_categories)
    return found


def with_conferences(events: list[Any], discussions: list[Discussion]) -> list[Any]:
    """A timeline's events and its conferences in one list, newest first."""
    return sorted([*events, *discussions], key=lambda e: e.at, reverse=True)


def items_by_goal(enrollment_id: int, sees_private: bool) -> dict[uuid.UUID, list[ActionItem]]:
    """Each plan goal's action items from signed conferences, by the goal's key. One
    query."""
    found: dict[uuid.UUID, list[ActionItem]] = defaultdict(list)
    rows = (
        ActionItem.objects.filter(
            enrollment_id=enrollment_id,
            goal_key__isnull=False,
            conference__signed_at__isnull=False,
        )
        .select_related("conference", "owner_user", "owner_attendee")
        .order_by("due_on", "pk")
    )
    for item in rows:
        item.hidden = bool(item.sensitive_categories) and not sees_private  # type: ignore[attr-defined]
        found[item.goal_key].append(item)  # type: ignore[index]
    return found


# --- The printable record -------------------------------------------------------------------


@dataclass
class DiscussionRecord:
    """One participant's part of a conference, for the file and for auditors."""

    discussion: Discussion
    conference: Conference
    attendees: list[Attendee]
    contributions: list[Contribution]
    summary_hidden: bool
    agreements: list[Agreement]
    items: list[ActionItem]
    addenda: list[MinutesAddendum]
    hidden_count: int = 0
    today: date = field(default_factory=timezone.localdate)


def attendee_label(attendee: Attendee, discussion: Discussion) -> str:
    """How an attendee is named in one participant's record: another participant who
    came is not named there."""
    if attendee.kind == Attendee.Kind.PARTICIPANT and (
        attendee.participant_id != discussion.participant_id
    ):
        return _("Another participant")
    return attendee.name


def discussion_record(user: User, discussion: Discussion) -> DiscussionRecord:
    """Everything of ``discussion`` the user may read (opened through
    ``queries.discussion_for``). Five queries."""
    access = access_for(user)
    program = discussion.enrollment.program
    conference = discussion.conference
    attendees = list(conference.attendees.select_related("provider"))
    contributions = list(
        Contribution.objects.filter(discussion=discussion).select_related("attendee")
    )
    agreements = list(Agreement.objects.filter(discussion=discussion).select_related("attendee"))
    items = list(
        ActionItem.objects.filter(discussion=discussion)
        .select_related("owner_user", "owner_attendee", "service", "closed_by")
        .order_by("due_on", "pk")
    )
    addenda = list(
        MinutesAddendum.objects.filter(discussion=discussion).select_related("written_by")
    )
    hidden = 0
    private: list[Any] = [*contributions, *items]
    for row in private:
        row.hidden = _private(access, program, row.sensitive_categories)
        hidden += row.hidden
    for attendee in attendees:
        attendee.label = attendee_label(attendee, discussion)  # type: ignore[attr-defined]
    spoke: list[Any] = [*contributions, *agreements]
    for row in spoke:
        row.attendee.label = attendee_label(row.attendee, discussion)
    for item in items:
        item.on_time = (  # type: ignore[attr-defined]
            item.status == ActionItem.Status.DONE
            and item.closed_at is not None
            and bounds.local(item.closed_at).date() <= item.due_on
        )
        owner = item.owner_attendee
        item.owner_label = (  # type: ignore[attr-defined]
            attendee_label(owner, discussion) if owner is not None else str(item.owner_user)
        )
    summary_hidden = _private(access, program, discussion.sensitive_categories)
    return DiscussionRecord(
        discussion=discussion,
        conference=conference,
        attendees=attendees,
        contributions=contributions,
        summary_hidden=summary_hidden,
        agreements=agreements,
        items=items,
        addenda=addenda,
        hidden_count=hidden + int(summary_hidden and discussion.has_summary),
    )


# --- Supervision ------------------------------------------------------------------------------


@dataclass
class ConferenceCounts:
    """A program's conferences over the last ``COUNT_DAYS`` days."""

    held: int = 0
    discussed: int = 0
    due: int = 0
    on_time: int = 0

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def program_counts(
    program_ids: list[int], today: date | None = None
) -> dict[int, ConferenceCounts]:
    """Per program: conferences held (their minutes signed) in the last ``COUNT_DAYS`` days,
    the participants of the program discussed in them, and of the action items for its
    participants due in those days (not released as no longer needed), how many were
    done by their due date. Three grouped queries."""
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=COUNT_DAYS)
    found: dict[int, ConferenceCounts] = {pid: ConferenceCounts() for pid in program_ids}
    if not program_ids:
        return found
    held = (
        Conference.objects.filter(program_id__in=program_ids, signed_at__gte=since)
        .values_list("program_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pid, n in held:
        found[pid].held = n
    discussed = (
        Discussion.objects.filter(
            enrollment__program_id__in=program_ids,
            conference__signed_at__gte=since,
        )
        .values_list("enrollment__program_id")
        .annotate(n=Count("participant_id", distinct=True))
        .order_by()
    )
    for pid, n in discussed:
        found[pid].discussed = n
    items = (
        ActionItem.objects.filter(
            enrollment__program_id__in=program_ids,
            conference__signed_at__isnull=False,
            due_on__gt=today - timedelta(days=COUNT_DAYS),
            due_on__lte=today,
        )
        .exclude(status=ActionItem.Status.RELEASED)
        .values_list("enrollment__program_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(status=ActionItem.Status.DONE, closed_at__date__lte=F("due_on")),
            ),
        )
        .order_by()
    )
    for pid, due, on_time in items:
        found[pid].due = due
        found[pid].on_time = on_time
    return found
