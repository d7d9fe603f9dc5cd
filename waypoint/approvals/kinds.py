"""The registry of what can need approval. Each kind says how to load and describe its
subject, where its own page is, and what approving or returning it does. The apps that
own the subjects keep their rules: approving calls their actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.approvals.models import Approval, Kind
from waypoint.errors import ActionRefused, StaleEdit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from waypoint.accounts.models import User

# The words of a link to a subject, unless its kind says better ones.
OPEN_IT = gettext_lazy("Open it to read it")


@dataclass(frozen=True)
class Spec:
    key: str
    title: StrOrPromise
    # The subject, read by its id within the approval's enrollment (None if gone).
    load: Callable[[Approval], Any]
    # (label, words) rows for the approval page: nothing a requester's email would carry.
    describe: Callable[[Approval, Any], list[tuple[str, str]]]
    link: Callable[[Approval, Any], str]
    approve: Callable[[Any, Approval], None]
    returned: Callable[[Any, Approval, str], None] = field(default=lambda by, a, comment: None)
    # A kind whose own actions decide (a closure): approving, returning and withdrawing
    # call them with the comment, and they record the decision on the approval (``mirror``).
    decide: Callable[[str, Any, Approval, str], None] | None = None
    # The words of the link to the subject's own page.
    open_words: StrOrPromise = OPEN_IT


# --- A plan version before it is shared ----------------------------------------------------


def _plan(approval: Approval) -> Any:
    from waypoint.plans.models import PlanVersion

    return (
        PlanVersion.objects.filter(pk=approval.subject_id, plan__enrollment=approval.enrollment)
        .select_related("plan")
        .first()
    )


def _describe_plan(approval: Approval, version: Any) -> list[tuple[str, str]]:
    if version is None:
        return [(_("Service plan"), _("No longer there"))]
    goals = version.goals.count()
    return [
        (_("Service plan"), _("Version %(number)s") % {"number": version.number}),
        (_("Now"), version.get_status_display()),
        (_("Short-term goals"), str(goals)),
    ]


def _plan_link(approval: Approval, version: Any) -> str:
    return reverse("plan_detail", args=[version.public_id]) if version is not None else ""


def _approve_plan(by: User, approval: Approval) -> None:
    from waypoint.plans import actions as plans

    version = _plan(approval)
    if version is None:
        raise ActionRefused(_("This plan version is no longer there."))
    expected = int(approval.details.get("edit_version", version.edit_version))
    try:
        plans.share(by=by, version=version, expected=expected, approved=True)
    except StaleEdit:
        raise ActionRefused(
            _(
                "The plan changed after it was sent for approval. Return it with a comment so "
                "it can be checked and sent again."
            )
        ) from None


# --- Assigning beyond the caseload cap -----------------------------------------------------


def _enrollment(approval: Approval) -> Any:
    return approval.enrollment


def _describe_caseload(approval: Approval, enrollment: Any) -> list[tuple[str, str]]:
    from waypoint.accounts.models import User
    from waypoint.enrollments.actions import caseload_count

    navigator = User.objects.filter(pk=approval.details.get("navigator")).first()
    rows = [(_("Assign to"), str(navigator) if navigator else _("Someone no longer here"))]
    if navigator is not None:
        count = caseload_count(approval.program_id, navigator.pk)
        rows.append(
            (
                _("Their caseload now"),
                _("%(count)s (the cap is %(cap)s)")
                % {"count": count, "cap": approval.program.caseload_cap},
            )
        )
    rows.append((_("Reason"), approval.reason or "—"))
    return rows


def _caseload_link(approval: Approval, enrollment: Any) -> str:
    return reverse("participant_detail", args=[enrollment.participant.public_id])


def _approve_caseload(by: User, approval: Approval) -> None:
    from waypoint.accounts.models import User
    from waypoint.enrollments import actions as enrollments

    navigator = User.objects.filter(pk=approval.details.get("navigator")).first()
    if navigator is None:
        raise ActionRefused(_("The person to assign is no longer here. Return it."))
    if approval.enrollment.navigator_id == navigator.pk:
        return  # assigned some other way meanwhile: nothing more to apply
    enrollments.assign_navigator(
        by=by,
        enrollment=approval.enrollment,
        navigator=navigator,
        override_reason=approval.reason or "Approved beyond the cap.",
        approval=approval,
    )


# --- A referral carrying a sensitive category ----------------------------------------------


def _referral(approval: Approval) -> Any:
    from waypoint.referrals.models import Referral

    return (
        Referral.objects.filter(pk=approval.subject_id, enrollment=approval.enrollment)
        .select_related("service", "provider", "to_program")
        .first()
    )


def _describe_referral(approval: Approval, referral: Any) -> list[tuple[str, str]]:
    from waypoint.consent.models import Category

    if referral is None:
        return [(_("Referral"), _("No longer there"))]
    labels = [str(Category(c).label) for c in referral.categories if c in Category.values]
    return [
        (_("Referral to"), str(referral.recipient)),
        (_("Now"), referral.get_status_display()),
        (_("It would share"), ", ".join(labels) or _("Nothing beyond the referral")),
    ]


def _referral_link(approval: Approval, referral: Any) -> str:
    return reverse("referral_detail", args=[referral.public_id]) if referral is not None else ""


def _approve_referral(by: User, approval: Approval) -> None:
    from waypoint.referrals import actions as referrals

    referral = _referral(approval)
    if referral is None:
        raise ActionRefused(_("This referral is no longer there."))
    referrals.send_referral(by=by, referral=referral, approved=True)


# --- A closure (its own pages and history stay; deciding calls its actions) ------------------


def _closure(approval: Approval) -> Any:
    from waypoint.closure.models import Closure

    return (
        Closure.objects.filter(pk=approval.subject_id, enrollment=approval.enrollment)
        .select_related("reason")
        .first()
    )


def _describe_closure(approval: Approval, closure: Any) -> list[tuple[str, str]]:
    if closure is None:
        return [(_("Closure"), _("No longer there"))]
    return [
        (_("Reason"), closure.reason_label),
        (_("Exit date"), dateformat.format(closure.exit_on, "M d, Y")),
        (_("Now"), closure.get_status_display()),
    ]


def _closure_link(approval: Approval, closure: Any) -> str:
    return reverse("closure_detail", args=[closure.public_id]) if closure is not None else ""


def _decide_closure(which: str, by: User, approval: Approval, comment: str) -> None:
    from waypoint.closure import actions as closure_actions

    closure = _closure(approval)
    if closure is None:
        raise ActionRefused(_("This closure is no longer there."))
    calls: dict[str, Any] = {
        "approve": closure_actions.approve_closure,
        "return": closure_actions.return_closure,
        "withdraw": closure_actions.withdraw_closure,
    }
    calls[which](by=by, closure=closure, comment=comment)


def _never(by: User, approval: Approval) -> None:
    raise ActionRefused(_("This kind is decided through its own actions."))


KINDS: dict[str, Spec] = {
    Kind.CLOSURE: Spec(
        key=Kind.CLOSURE,
        title=gettext_lazy("Closure"),
        open_words=gettext_lazy("Open the closure"),
        load=_closure,
        describe=_describe_closure,
        link=_closure_link,
        approve=_never,
        decide=_decide_closure,
    ),
    Kind.PLAN: Spec(
        key=Kind.PLAN,
        title=gettext_lazy("Service plan"),
        open_words=gettext_lazy("Open the service plan version"),
        load=_plan,
        describe=_describe_plan,
        link=_plan_link,
        approve=_approve_plan,
    ),
    Kind.CASELOAD: Spec(
        key=Kind.CASELOAD,
        title=gettext_lazy("Beyond the caseload cap"),
        open_words=gettext_lazy("Open their record"),
        load=_enrollment,
        describe=_describe_caseload,
        link=_caseload_link,
        approve=_approve_caseload,
    ),
    Kind.REFERRAL: Spec(
        key=Kind.REFERRAL,
        title=gettext_lazy("Referral"),
        open_words=gettext_lazy("Open the referral"),
        load=_referral,
        describe=_describe_referral,
        link=_referral_link,
        approve=_approve_referral,
    ),
}


def spec(kind: str) -> Spec:
    found = KINDS.get(kind)
    if found is None:
        raise ActionRefused(_("Choose what needs approval from the list."), field="kind")
    return found
