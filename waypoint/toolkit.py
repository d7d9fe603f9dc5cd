"""The shared action toolkit: what every app's ``actions.py`` needs around a change.

- ``audit``: write the change's audit event, with the actor's role in the record's
  program, in the caller's transaction.
- ``check_writer``: refuse a role that only reads in the record's program
  (``check_person_writer`` for a record of the person, such as a consent).
- ``earlier``: what an earlier submit of the same form made (a creation key makes a
  double click one row); a key already used for something else is refused.
- ``created_once`` (``saved_once`` for a row built in memory): make the row under its
  creation key, or hand back the row a simultaneous submit made first (the database's
  unique key decides; no 5xx).
- ``changed_since``: who changed what since the version a form was opened at, read from
  the audit trail, so a stale save is refused with words a person can act on.
- ``program_settings_of`` / ``program_settings_for``: a program's one-row settings to read
  (defaults unsaved) or to change (made the first time).
- ``save_program_settings``: save a program's one-row settings (endings, file reviews,
  approvals) with the stale check, only what changed, the version and the audit event.

New apps start from these; none copies them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext, gettext_lazy

from waypoint.access import READ_ONLY
from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.errors import ActionRefused, StaleEdit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from waypoint.accounts.models import User

USED_ELSEWHERE = gettext_lazy(
    "This form was already sent for something else. Reload the page and try again."
)

T = TypeVar("T")


def audit(
    by: User | None,
    action: str,
    kind: str,
    object_id: Any,
    *,
    participant_id: int | None,
    organization_id: int | None,
    program_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
) -> None:
    """One audit event for one object. The role recorded is ``by``'s role in
    ``program_id`` (their strongest role anywhere when the object has no program)."""
    role = ""
    if by is not None and getattr(by, "is_authenticated", False):
        access = access_for(by)
        role = access.role_in([program_id]) if program_id is not None else access.primary_role
    record(
        by=by,
        action=action,
        role=role,
        organization_id=organization_id,
        entries=[Entry(kind, str(object_id), participant_id, dict(changes or {}))],
    )


def audit_enrollment_record(
    by: User | None,
    action: str,
    kind: str,
    obj: Any,
    enrollment: Any,
    changes: Mapping[str, Any] | None = None,
) -> None:
    """``audit`` for a record that belongs to an enrollment (or the enrollment itself)."""
    audit(
        by,
        action,
        kind,
        obj.public_id,
        participant_id=enrollment.participant_id,
        organization_id=enrollment.organization_id,
        program_id=enrollment.program_id,
        changes=changes,
    )


def check_writer(by: User, program_id: int, message: StrOrPromise = READ_ONLY) -> None:
    """Refuse unless ``by`` may write in the program."""
    if not access_for(by).can_write(program_id):
        raise ActionRefused(str(message))


def check_person_writer(by: User, participant: Any) -> None:
    """Refuse unless ``by`` may write in at least one program the person is enrolled in
    (for a record of the person rather than of one enrollment: a consent)."""
    access = access_for(by)
    if access.organization_id != participant.organization_id:
        raise ActionRefused(gettext("This person's record belongs to another organization."))
    programs = set(participant.enrollments.values_list("program_id", flat=True))
    if not (access.is_admin or any(access.can_write(p) for p in programs)):
        raise ActionRefused(gettext("Your role here is read only."))


def earlier(model: Any, creation_key: uuid.UUID | None, **scope: Any) -> Any:
    """The row an earlier submit with this creation key made, or None. ``scope`` names
    what it must belong to (``enrollment=...``); a key used for anything else is refused,
    never handed back."""
    if creation_key is None:
        return None
    found = model.objects.filter(creation_key=creation_key).first()
    if found is not None and any(getattr(found, f"{k}_id") != v.pk for k, v in scope.items()):
        raise ActionRefused(str(USED_ELSEWHERE), field="creation_key")
    return found


def created_once(
    model: Any, creation_key: uuid.UUID | None, make: Callable[[], T], **scope: Any
) -> tuple[T, bool]:
    """``make()`` the new row; if a simultaneous submit with the same creation key got
    there first (the unique key refuses ours), hand back that row instead. Returns the
    row and whether this call made it."""
    if creation_key is None:
        return make(), True
    try:
        with transaction.atomic():
            return make(), True
    except IntegrityError:
        found = earlier(model, creation_key, **scope)
        if found is None:
            raise
        return found, False


def saved_once(instance: T, creation_key: uuid.UUID | None, **scope: Any) -> tuple[T, bool]:
    """``created_once`` for a new row already built in memory: save it, or hand back the
    row a simultaneous submit with the same creation key saved first."""

    def save() -> T:
        instance.save()  # type: ignore[attr-defined]
        return instance

    return created_once(type(instance), creation_key, save, **scope)


@dataclass
class Since:
    """What others changed after the version a form was opened at."""

    changed: list[str] = field(default_factory=list)
    who: list[str] = field(default_factory=list)
    others: bool = False

    def refusal(self) -> StaleEdit:
        return StaleEdit(self.changed, self.who)


def changed_since(
    object_type: str,
    object_id: Any,
    expected: int,
    *,
    parts: Callable[[dict[str, Any]], Iterable[str]],
    titles: Mapping[str, StrOrPromise] | Callable[[str], StrOrPromise] = {},  # noqa: B006
    counter: str = "version",
    by: User | None = None,
    participant_id: int | None = None,
    actions: tuple[str, ...] = ("update",),
) -> Since:
    """Read the ``actions`` events of one object with a ``counter`` above ``expected``:
    the parts they changed (``parts(changes)``, named through ``titles``) and who."""
    from waypoint.audit.models import AuditEvent

    events = AuditEvent.objects.filter(
        object_type=object_type, object_id=str(object_id), action__in=actions
    )
    if participant_id is not None:
        events = events.filter(participant_id=participant_id)
    since = Since()
    name = titles if callable(titles) else (lambda key: titles.get(key, key))
    for event in events.select_related("actor"):
        if int(event.changes.get(counter, 0)) <= expected:
            continue
        if by is not None and event.actor_id != by.pk:
            since.others = True
        for key in parts(event.changes):
            title = str(name(key))  # a lazy title, in the reader's language
            if title not in since.changed:
                since.changed.append(title)
        if event.actor and str(event.actor) not in since.who:
            since.who.append(str(event.actor))
    return since


def save_program_settings(
    by: User,
    row: T,
    *,
    kind: str,
    program: Any,
    expected_version: int | None,
    titles: Mapping[str, StrOrPromise],
    clean: Callable[[], dict[str, Any]],
) -> T:
    """Save a program's settings row (``row``, locked by the caller, with a
    ``version``): a form opened before someone else's save is refused naming what they
    changed; ``clean()`` gives the checked values; only those that differ are saved, the
    version goes up and the change is audited. Nothing changed: nothing is written."""
    current: Any = row
    if expected_version is not None and current.version != expected_version:
        raise changed_since(
            kind,
            current.pk,
            expected_version,
            parts=lambda c: [k for k in c if k in titles],
            titles=titles,
            by=by,
        ).refusal()
    changed = {k: v for k, v in clean().items() if getattr(current, k) != v}
    if not changed:
        return row
    for name, value in changed.items():
        setattr(current, name, value)
    current.version += 1
    current.save(update_fields=[*changed, "version"])
    audit(
        by,
        "update",
        kind,
        current.pk,
        participant_id=None,
        organization_id=program.organization_id,
        program_id=program.pk,
        changes={**changed, "version": current.version},
    )
    return row


M = TypeVar("M", bound=Model)


def program_settings_of(model: type[M], program: Any) -> M:
    """A program's one-row settings for reading: the saved row, or the model's defaults
    unsaved (so reading a page never writes)."""
    found = model._default_manager.filter(program=program).first()
    return found if found is not None else model(program=program)


def program_settings_for(model: type[M], program: Any) -> M:
    """A program's one-row settings to change, made with the defaults the first time (a
    simultaneous first save finds the row the other made)."""
    found = model._default_manager.filter(program=program).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return model._default_manager.create(program=program)
    except IntegrityError:
        return model._default_manager.get(program=program)
