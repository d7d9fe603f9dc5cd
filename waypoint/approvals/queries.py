"""Reading approvals: the funnel for one (through the one access core), the pending ones
a supervisor may decide (oldest first, with their age), the requester's own, and the
decided history. Each list is a fixed number of queries, whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from waypoint.access import enrollment_record, enrollment_scope
from waypoint.accounts.models import PROGRAM_WIDE_ROLES
from waypoint.accounts.queries import access_for
from waypoint.approvals.models import Approval, ApprovalStep
from waypoint.audit.actions import Entry, record

if TYPE_CHECKING:
    from waypoint.accounts.models import User

LIMIT = 50
SUPERVISING = ("admin", "manager", "supervisor")
RELATED = ("enrollment__participant", "enrollment__program", "program", "requested_by")


def approval_for(user: User, public_id: Any, *, write: bool = False) -> Approval:
    """One approval of an enrollment the user may open; 404 otherwise. Records the read.
    The person who asked also opens their own request while they still work in the
    program: someone who added a person beyond the cap does not see them until a
    supervisor approves, and may still read the answer and withdraw."""
    own = (
        Approval.objects.filter(public_id=public_id, requested_by_id=getattr(user, "pk", None))
        .select_related("enrollment__program", "enrollment__participant", "requested_by")
        .first()
    )
    access = access_for(user)
    if (
        own is not None
        and access.organization_id == own.organization_id
        and access.can_write(own.program_id)
    ):
        record(
            by=user,
            action="view",
            role=access.role_in([own.program_id]),
            organization_id=own.organization_id,
            entries=[Entry("approval", str(own.public_id), own.enrollment.participant_id)],
        )
        return own
    found: Approval = enrollment_record(
        user,
        Approval,
        public_id,
        kind="approval",
        write=write,
        related=("requested_by", "decided_by"),
    )
    return found


def latest_for(kind: str, subject_id: int) -> Approval | None:
    """The subject's newest approval (for its own page: waiting, returned with the
    comment, approved). The caller has opened the subject through its funnel."""
    found = (
        Approval.objects.filter(kind=kind, subject_id=subject_id)
        .select_related("decided_by", "requested_by")
        .order_by("-requested_at", "-pk")
        .first()
    )
    if found is not None and found.status == Approval.Status.RETURNED:
        last = found.steps.filter(kind=ApprovalStep.Kind.RETURNED).order_by("-at", "-pk").first()
        found.return_comment = last.comment if last else ""  # type: ignore[attr-defined]
    return found


def _visible(user: User) -> QuerySet[Approval]:
    """Approvals of the enrollments the user may open."""
    from waypoint.enrollments.models import Enrollment

    access = access_for(user)
    return Approval.objects.filter(
        enrollment__in=Enrollment.objects.filter(enrollment_scope(access)).values("pk")
    )


def _overseen(user: User) -> QuerySet[Approval]:
    """Approvals in the programs the user oversees (supervises, manages or audits)."""
    access = access_for(user)
    found = _visible(user)
    if access.is_admin:
        return found
    return found.filter(program_id__in=sorted(access.programs_with(PROGRAM_WIDE_ROLES)))


@dataclass
class Waiting:
    approval: Approval
    days: int

    @property
    def participant(self) -> Any:
        return self.approval.enrollment.participant


def age(approval: Approval, today: date) -> int:
    return max(0, (today - timezone.localdate(approval.requested_at)).days)


def pending_for(
    user: User,
    program_id: int | None = None,
    *,
    limit: int = LIMIT,
    leave_out: tuple[str, ...] = (),
) -> tuple[list[Waiting], int]:
    """The pending approvals ``user`` may decide or oversee, oldest first, each with its
    age in days, and how many there are. A supervisor's own requests are left out (another
    supervisor decides them), and so are the kinds in ``leave_out``. Two queries."""
    found = _overseen(user).filter(status=Approval.Status.PENDING).exclude(requested_by=user)
    if leave_out:
        found = found.exclude(kind__in=leave_out)
    if program_id is not None:
        found = found.filter(program_id=program_id)
    total = found.count()
    today = timezone.localdate()
    rows = list(found.select_related(*RELATED).order_by("requested_at", "pk")[:limit])
    return [Waiting(a, age(a, today)) for a in rows], total


def history(user: User, *, program_id: int | None, kind: str, limit: int = 100) -> list[Approval]:
    """Decided approvals (approved, returned, withdrawn), newest decision first."""
    found = _overseen(user).exclude(status=Approval.Status.PENDING)
    if program_id is not None:
        found = found.filter(program_id=program_id)
    if kind:
        found = found.filter(kind=kind)
    return list(
        found.select_related(*RELATED, "decided_by").order_by(
            "-decided_at", "-requested_at", "-pk"
        )[:limit]
    )


def mine_filter(user: User, *, days: int = 14) -> QuerySet[Approval]:
    """Which approvals ``mine`` lists, unordered and unjoined."""
    since = timezone.now() - timedelta(days=days)
    access = access_for(user)
    writes = (
        sorted(p for p in access.roles_by_program if access.can_write(p))
        if not access.is_admin
        else None
    )
    found = Approval.objects.filter(
        Q(status__in=[Approval.Status.PENDING, Approval.Status.RETURNED])
        | Q(status=Approval.Status.APPROVED, decided_at__gte=since),
        requested_by=user,
        organization_id=access.organization_id or -1,
    )
    if writes is not None:
        found = found.filter(program_id__in=writes)
    return found.exclude(decided_by=user)


def mine(user: User, *, days: int = 14, limit: int = 20) -> list[Approval]:
    """The user's own requests for their home: waiting, returned (with the comment), and
    approved in the last ``days`` days. Two queries."""
    rows: list[Approval] = list(
        mine_filter(user, days=days)
        .select_related(*RELATED)
        .prefetch_related(
            Prefetch(
                "steps",
                ApprovalStep.objects.filter(kind=ApprovalStep.Kind.RETURNED).order_by("at", "pk"),
                to_attr="returns",
            )
        )
        .order_by("-requested_at", "-pk")[:limit]
    )
    for a in rows:
        returns = getattr(a, "returns", [])
        a.return_comment = returns[-1].comment if returns else ""  # type: ignore[attr-defined]
    return rows
