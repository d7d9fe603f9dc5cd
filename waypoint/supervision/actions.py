"""Every change to a supervision session: start a draft, change it (a stale form is
refused), add and remove agreed actions while it is a draft, sign it (then it never
changes), and mark an agreed action done (still possible after signing).

Only the supervisor who holds the session writes it; the navigator it is about (and the
supervisor) mark agreed actions done; managers and administrators read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.accounts.models import Membership, Program
from waypoint.accounts.queries import access_for
from waypoint.errors import ActionRefused
from waypoint.supervision.models import AgreedAction, Discussed, Session
from waypoint.supervision.queries import ACTION_KIND, KIND, SUPERVISED_ROLES, discussable
from waypoint.toolkit import audit, changed_since, created_once, earlier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from waypoint.accounts.models import User

FROZEN = gettext_lazy("This session was signed and never changes.")
NOT_YOURS = gettext_lazy("Only the supervisor who held this session can change it.")
MAX_ACTIONS = 20
TITLES: dict[str, StrOrPromise] = {
    "held_on": gettext_lazy("the date"),
    "caseload_discussed": gettext_lazy("the caseload discussed"),
    "support_offered": gettext_lazy("the support offered"),
    "next_on": gettext_lazy("the next session"),
    "discussed": gettext_lazy("the people discussed"),
    "actions": gettext_lazy("the agreed actions"),
}


def _title(key: str) -> str:
    """What a refusal calls a part of the session, in the page's language."""
    return str(TITLES[key]) if key in TITLES else key


@dataclass
class SessionData:
    """A draft's fields. ``None`` leaves that part as it is."""

    held_on: date | None = None
    caseload_discussed: str | None = None
    support_offered: str | None = None
    next_on: date | None = None
    clear_next_on: bool = False
    discussed: list[int] | None = None  # enrollment ids
    changed: list[str] = field(default_factory=list)


def _audit(by: User, action: str, kind: str, obj: Any, session: Session, changes: Any) -> None:
    audit(
        by,
        action,
        kind,
        obj.public_id,
        participant_id=None,
        organization_id=session.organization_id,
        program_id=session.program_id,
        changes=changes,
    )


def _words(value: str, limit: int, field_name: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ActionRefused(
            _("Keep it under %(limit)s characters.") % {"limit": limit}, field=field_name
        )
    if problem := bounds.text_problem(value):
        raise ActionRefused(problem, field=field_name)
    return value


def check_held_on(held_on: date | None) -> date:
    if held_on is None:
        raise ActionRefused(_("Give the date you met."), field="held_on")
    if problem := bounds.PAST.problem(held_on):
        raise ActionRefused(problem, field="held_on")
    if held_on > timezone.localdate():
        raise ActionRefused(_("The date you met cannot be in the future."), field="held_on")
    return held_on


def check_next_on(next_on: date | None, held_on: date) -> date | None:
    if next_on is None:
        return None
    if problem := bounds.AHEAD.problem(next_on):
        raise ActionRefused(problem, field="next_on")
    if next_on <= held_on:
        raise ActionRefused(_("The next session comes after this one."), field="next_on")
    return next_on


def _check_supervisor(by: User, program: Program) -> None:
    access = access_for(by)
    if access.organization_id != program.organization_id or not access.can_supervise(program.pk):
        raise ActionRefused(_("You do not supervise this program."), field="program")


@transaction.atomic
def start_session(
    *,
    by: User,
    program: Program,
    navigator: Any,
    held_on: date | None,
    creation_key: uuid.UUID | None = None,
) -> Session:
    """A new draft session of ``by`` with ``navigator``, who works in ``program``."""
    found = earlier(Session, creation_key, supervisor=by)
    if found is not None:
        return found  # type: ignore[no-any-return]
    _check_supervisor(by, program)
    if navigator is None or navigator.pk == by.pk:
        raise ActionRefused(_("Choose the person you met."), field="navigator")
    works_there = Membership.objects.filter(
        user_id=navigator.pk, program_id=program.pk, role__in=list(SUPERVISED_ROLES)
    ).exists()
    if not works_there or not navigator.is_active:
        raise ActionRefused(_("Choose someone who works in this program."), field="navigator")
    held_on = check_held_on(held_on)

    def make() -> Session:
        return Session.objects.create(
            organization_id=program.organization_id,
            program=program,
            supervisor=by,
            navigator=navigator,
            held_on=held_on,
            creation_key=creation_key,
        )

    session, made = created_once(Session, creation_key, make, supervisor=by)
    if made:
        _audit(
            by,
            "create",
            KIND,
            session,
            session,
            {"held_on": held_on.isoformat(), "navigator": navigator.pk},
        )
    return session


def _locked(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("program", "navigator", "supervisor")
        .get(pk=session.pk)
    )


def _lock_draft(by: User, session: Session, expected_version: int | None) -> Session:
    locked = _locked(session)
    if locked.supervisor_id != by.pk:
        raise ActionRefused(str(NOT_YOURS))
    if not locked.is_draft:
        raise ActionRefused(str(FROZEN))
    if expected_version is not None and expected_version != locked.edit_version:
        since = changed_since(
            KIND,
            locked.public_id,
            expected_version,
            parts=lambda changes: [k for k in changes.get("what", []) if k],
            titles=_title,
            counter="edit_version",
        )
        raise since.refusal()
    return locked


def _touch(by: User, locked: Session, what: list[str], changes: dict[str, Any]) -> None:
    locked.edit_version += 1
    locked.save()
    _audit(
        by,
        "update",
        KIND,
        locked,
        locked,
        {"what": what, "edit_version": locked.edit_version, **changes},
    )


@transaction.atomic
def save_session(
    *, by: User, session: Session, data: SessionData, expected_version: int | None
) -> Session:
    """Change a draft: the date, the caseload discussed, the people discussed, the
    support offered and the next session. A form opened before another save is refused
    with what changed."""
    locked = _lock_draft(by, session, expected_version)
    what: list[str] = []
    held_on = locked.held_on
    if data.held_on is not None:
        held_on = check_held_on(data.held_on)
    next_on = locked.next_on
    if data.clear_next_on:
        next_on = None
    elif data.next_on is not None:
        next_on = data.next_on
    if next_on is not None and (next_on != locked.next_on or held_on != locked.held_on):
        next_on = check_next_on(next_on, held_on)
    texts = {}
    if data.caseload_discussed is not None:
        texts["caseload_discussed"] = _words(data.caseload_discussed, 4000, "caseload_discussed")
    if data.support_offered is not None:
        texts["support_offered"] = _words(data.support_offered, 4000, "support_offered")
    if held_on != locked.held_on:
        locked.held_on = held_on
        what.append("held_on")
    if next_on != locked.next_on:
        locked.next_on = next_on
        what.append("next_on")
    for name, value in texts.items():
        if value != getattr(locked, name):
            setattr(locked, name, value)
            what.append(name)
    if data.discussed is not None and _save_discussed(by, locked, data.discussed):
        what.append("discussed")
    _touch(by, locked, what, {})
    return locked


def _save_discussed(by: User, locked: Session, enrollment_ids: list[int]) -> bool:
    wanted = set(enrollment_ids)
    allowed = set(discussable(by, locked).values_list("pk", flat=True))
    have = set(locked.discussed.values_list("enrollment_id", flat=True))
    if wanted - allowed - have:
        raise ActionRefused(
            _("Choose from the people on this navigator's caseload."), field="discussed"
        )
    # Someone discussed earlier who has since left the caseload stays unless unticked.
    gone = have - wanted
    new = wanted - have
    if gone:
        locked.discussed.filter(enrollment_id__in=gone).delete()
    if new:
        Discussed.objects.bulk_create(
            Discussed(session=locked, enrollment_id=pk) for pk in sorted(new)
        )
    return bool(gone or new)


@transaction.atomic
def add_agreed_action(
    *, by: User, session: Session, what: str, owner: Any, due_on: date | None
) -> AgreedAction:
    """Agree an action in a draft: what, who does it (the supervisor or the navigator)
    and by when."""
    locked = _lock_draft(by, session, None)
    text = _words(what, 500, "what")
    if not text:
        raise ActionRefused(_("Write what was agreed."), field="what")
    if owner is None or owner.pk not in (locked.supervisor_id, locked.navigator_id):
        raise ActionRefused(_("Choose who does it: you or the person you met."), field="owner")
    if due_on is None:
        raise ActionRefused(_("Give the date it is due."), field="due_on")
    if problem := bounds.AHEAD.problem(due_on):
        raise ActionRefused(problem, field="due_on")
    if locked.actions.count() >= MAX_ACTIONS:
        raise ActionRefused(
            _("Keep it to %(limit)s agreed actions.") % {"limit": MAX_ACTIONS}, field="what"
        )
    action = AgreedAction.objects.create(session=locked, what=text, owner=owner, due_on=due_on)
    _audit(by, "create", ACTION_KIND, action, locked, {"due_on": due_on.isoformat()})
    _touch(by, locked, ["actions"], {})
    return action


@transaction.atomic
def remove_agreed_action(*, by: User, action: AgreedAction) -> Session:
    """Take an agreed action out of a draft."""
    locked = _lock_draft(by, action.session, None)
    found = locked.actions.filter(pk=action.pk).first()
    if found is None:
        raise ActionRefused(_("That action is not part of this session."))
    _audit(by, "delete", ACTION_KIND, found, locked, {})
    found.delete()
    _touch(by, locked, ["actions"], {})
    return locked


@transaction.atomic
def sign_session(*, by: User, session: Session, expected_version: int | None) -> Session:
    """The supervisor signs the draft: from now on it never changes. Its agreed actions
    stay open until someone marks them done."""
    locked = _lock_draft(by, session, expected_version)
    if not (locked.support_offered or locked.caseload_discussed):
        raise ActionRefused(
            _("Write what you discussed or the support you offered before signing."),
            field="support_offered",
        )
    locked.status = Session.Status.SIGNED
    locked.signed_at = timezone.now()
    locked.save(update_fields=["status", "signed_at", "updated_at"])
    _audit(by, "sign", KIND, locked, locked, {"status": ["draft", "signed"]})
    return locked


@transaction.atomic
def mark_action_done(*, by: User, action: AgreedAction) -> AgreedAction:
    """The supervisor or the navigator of the session marks an agreed action done."""
    locked = (
        AgreedAction.objects.select_for_update(of=("self",))
        .select_related("session")
        .get(pk=action.pk)
    )
    session = locked.session
    if by.pk not in (session.supervisor_id, session.navigator_id):
        raise ActionRefused(_("Only the supervisor or the person they met can mark this done."))
    if locked.done_at is not None:
        return locked  # a second click: already done
    locked.done_at = timezone.now()
    locked.done_by = by
    locked.save(update_fields=["done_at", "done_by"])
    _audit(by, "update", ACTION_KIND, locked, session, {"done": True})
    return locked
