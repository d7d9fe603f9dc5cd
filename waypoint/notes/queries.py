"""Reading contacts, notes, appointments and commitments: through the participant funnel.
A note marked private shows its facts (when, how, who wrote it) to everyone on the
team and its words only to the roles the program allows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from waypoint.access import enrollment_record, enrollment_scope
from waypoint.accounts.queries import access_for
from waypoint.assessments.models import SENSITIVE_DOMAINS
from waypoint.enrollments.models import CASELOAD_STATUSES, Enrollment
from waypoint.notes.models import (
    ATTEMPT_SECTIONS,
    SECTIONS,
    Appointment,
    Commitment,
    Contact,
    Note,
    NoteLink,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

SENSITIVE_CATEGORIES = tuple(str(d) for d in SENSITIVE_DOMAINS)


def hours_between(start: datetime, end: datetime) -> float:
    return round((end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(hours=1), 1)


def private_goal_keys(user: User, enrollment: Enrollment) -> set[uuid.UUID]:
    """Goals (and their steps) this person may not read: those answering a private need."""
    if access_for(user).sees_sensitive(enrollment.program):
        return set()
    from waypoint.plans.models import GoalNeed

    links = GoalNeed.objects.filter(
        goal__version__plan__enrollment=enrollment, need__domain__in=SENSITIVE_CATEGORIES
    )
    return set(links.values_list("goal__key", flat=True))


CATEGORY_LABELS = {
    "physical_health": gettext_lazy("Health"),
    "mental_health": gettext_lazy("Mental health"),
    "substance_use": gettext_lazy("Substance use"),
    "legal_documents": gettext_lazy("Legal, immigration and documents"),
    "justice": gettext_lazy("Justice involvement"),
}
assert set(CATEGORY_LABELS) == set(SENSITIVE_CATEGORIES)


def _funnel(
    user: User, model: Any, public_id: Any, kind: str, *, write: bool, related: tuple[str, ...]
) -> Any:
    return enrollment_record(user, model, public_id, kind=kind, write=write, related=related)


def note_for(user: User, public_id: Any, *, write: bool = False) -> Note:
    """A note of a participant the user may see; 404 otherwise. Records the read."""
    note: Note = _funnel(
        user, Note, public_id, "note", write=write, related=("contact", "author", "signed_by")
    )
    return note


def appointment_for(user: User, public_id: Any, *, write: bool = False) -> Appointment:
    found: Appointment = _funnel(
        user, Appointment, public_id, "appointment", write=write, related=("staff",)
    )
    return found


def commitment_for(user: User, public_id: Any, *, write: bool = False) -> Commitment:
    found: Commitment = _funnel(
        user, Commitment, public_id, "commitment", write=write, related=("owner",)
    )
    return found


def hides_words(user: User, note: Note) -> bool:
    """Whether this person sees only that the note exists (private, and not their role)."""
    return note.sensitive and not access_for(user).sees_sensitive(note.enrollment.program)


def from_private_note(user: User, item: Appointment | Commitment, program: Any) -> bool:
    """Whether an appointment or commitment made from a private note must hide its words
    (purpose, what was promised) from this person, as the note itself does."""
    if hasattr(item, "note_categories"):
        # A list annotated the note's categories instead of loading the note.
        sensitive = bool(item.note_categories)
    else:
        note = item.from_note if isinstance(item, Appointment) else item.note
        sensitive = note is not None and note.sensitive
    return sensitive and not access_for(user).sees_sensitive(program)


def mark_private(user: User, items: list[Any], program: Any = None) -> list[Any]:
    """Set ``hidden`` on each appointment or commitment (see ``from_private_note``)."""
    for item in items:
        item.hidden = from_private_note(user, item, program or item.enrollment.program)
    return items


@dataclass
class Timeliness:
    due_at: datetime
    signed_at: datetime | None
    late: bool
    overdue: bool
    hours: float | None

    @property
    def text(self) -> str:
        if self.signed_at is None:
            return _("Overdue") if self.overdue else _("Due")
        return _("Signed late") if self.late else _("Signed on time")


def timeliness(note: Note, now: datetime | None = None) -> Timeliness:
    now = now or timezone.now()
    hours = None
    if note.signed_at is not None:
        hours = hours_between(note.contact.happened_at, note.signed_at)
    return Timeliness(
        due_at=note.due_at,
        signed_at=note.signed_at,
        late=note.signed_late,
        overdue=note.is_draft and note.due_at < now,
        hours=hours,
    )


@dataclass
class GoalOption:
    key: uuid.UUID
    label: str
    steps: list[tuple[uuid.UUID, str]] = field(default_factory=list)


def current_version(enrollment: Enrollment) -> Any:
    """The plan in force: the latest acknowledged version, else the latest of any kind."""
    from waypoint.plans.models import PlanVersion

    versions = list(PlanVersion.objects.filter(plan__enrollment=enrollment).order_by("-number")[:5])
    for version in versions:
        if version.status == PlanVersion.Status.ACKNOWLEDGED:
            return version
    return versions[0] if versions else None


def goal_options(user: User, enrollment: Enrollment) -> list[GoalOption]:
    """The goals and steps a note can link to, without goals this person may not read."""
    version = current_version(enrollment)
    if version is None:
        return []
    hidden = private_goal_keys(user, enrollment)
    options = []
    for goal in version.goals.prefetch_related("steps").order_by("position", "pk"):
        if goal.key in hidden:
            continue
        option = GoalOption(
            goal.key, _("Goal %(number)s: %(text)s") % {"number": goal.position, "text": goal.text}
        )
        option.steps = [(s.key, s.what) for s in goal.steps.all()]
        options.append(option)
    return options


def link_labels(user: User, note: Note) -> list[str]:
    """What the note advances, in words ("Goal 2: …", "Step: …"), hidden ones counted."""
    from waypoint.plans.models import Goal, Step

    links = list(note.links.all())
    if not links:
        return []
    hidden = private_goal_keys(user, note.enrollment)
    keys = [link.item_key for link in links]
    goals = {
        g.key: g
        for g in Goal.objects.filter(version__plan_id=links[0].plan_id, key__in=keys).order_by(
            "version__number"
        )
    }
    steps = {
        s.key: s
        for s in Step.objects.filter(goal__version__plan_id=links[0].plan_id, key__in=keys)
        .select_related("goal")
        .order_by("goal__version__number")
    }
    labels, private = [], 0
    for link in links:
        if link.goal_key in hidden:
            private += 1
        elif link.item_key in goals:
            goal = goals[link.item_key]
            labels.append(
                _("Goal %(number)s: %(text)s") % {"number": goal.position, "text": goal.text}
            )
        elif link.item_key in steps:
            labels.append(_("Step: %(what)s") % {"what": steps[link.item_key].what})
    if private:
        labels.append(
            ngettext("%(count)s private goal", "%(count)s private goals", private)
            % {"count": private}
        )
    return labels


@dataclass
class Section:
    key: str
    title: str
    prompt: str
    text: str


def sections_of(note: Note) -> list[Section]:
    keys = ATTEMPT_SECTIONS if note.contact.attempted else [key for key, _, _ in SECTIONS]
    return [
        Section(key, str(title), str(prompt), getattr(note, key))
        for key, title, prompt in SECTIONS
        if key in keys
    ]


def contacts_of(enrollment: Enrollment, limit: int | None = 10) -> list[Contact]:
    found = (
        Contact.objects.filter(enrollment=enrollment)
        .select_related("note", "logged_by")
        .order_by("-happened_at", "-pk")
    )
    return list(found[:limit] if limit else found)


def appointments_of(enrollment: Enrollment) -> list[Appointment]:
    """Scheduled appointments, soonest first (including ones still to be recorded)."""
    return list(
        Appointment.objects.filter(enrollment=enrollment, status=Appointment.Status.SCHEDULED)
        .select_related("staff", "from_note")
        .order_by("starts_at")[:20]
    )


def commitments_of(enrollment: Enrollment) -> list[Commitment]:
    return list(
        Commitment.objects.filter(enrollment=enrollment, status=Commitment.Status.OPEN)
        .select_related("owner", "note")
        .order_by("due_on", "created_at")[:20]
    )


def notes_by_goal(plan_id: int) -> dict[uuid.UUID, list[Note]]:
    """Each goal key of a plan with the notes that advance it (or one of its steps)."""
    links = (
        NoteLink.objects.filter(plan_id=plan_id)
        .select_related("note__contact", "note__author")
        .order_by("-note__contact__happened_at")
    )
    found: dict[uuid.UUID, list[Note]] = {}
    for link in links:
        notes = found.setdefault(link.goal_key, [])
        if all(n.pk != link.note.pk for n in notes):
            notes.append(link.note)
    return found


# --- The navigator's home ----------------------------------------------------------


@dataclass
class Home:
    appointments: list[Appointment]
    commitments: list[Commitment]
    drafts: list[Note]

    @property
    def participants(self) -> list[Any]:
        shown = [a.participant for a in self.appointments]
        shown += [c.participant for c in self.commitments]
        shown += [n.participant for n in self.drafts]
        return list({p.pk: p for p in shown}.values())


def my_home(user: User, days: int = 7) -> Home:
    """What the navigator has on: appointments in the next ``days`` (and earlier ones not
    yet recorded), promises not yet kept, notes not yet signed. Three queries, each
    joining only what the home page shows (the access rule rides on the enrollment join
    rather than a subquery: PostgreSQL plans that in a fifth of the time)."""
    now = timezone.now()
    visible = enrollment_scope(access_for(user), via="enrollment__")
    org = Q(organization_id=user.organization_id)
    appointments = (
        Appointment.objects.filter(
            visible,
            org,
            Q(enrollment__navigator_id=user.pk) | Q(staff_id=user.pk),
            status=Appointment.Status.SCHEDULED,
            starts_at__lte=now + timedelta(days=days),
            enrollment__status__in=CASELOAD_STATUSES,
        )
        .select_related("participant", "enrollment__program")
        .annotate(note_categories=F("from_note__sensitive_categories"))
        .order_by("starts_at")[:50]
    )
    commitments = (
        Commitment.objects.filter(visible, org, owner_id=user.pk, status=Commitment.Status.OPEN)
        .select_related("participant", "enrollment__program")
        .annotate(note_categories=F("note__sensitive_categories"))
        .order_by("due_on", "created_at")[:50]
    )
    drafts = (
        Note.objects.filter(visible, org, author_id=user.pk, status=Note.Status.DRAFT)
        .select_related("participant", "contact")
        .order_by("due_at")[:50]
    )
    return Home(
        mark_private(user, list(appointments)), mark_private(user, list(commitments)), list(drafts)
    )
