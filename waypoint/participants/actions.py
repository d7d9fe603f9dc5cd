"""Every change to a participant's record: audited, atomic, explicit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organization
from waypoint.audit.actions import Entry, record
from waypoint.errors import StaleEdit
from waypoint.participants.models import DECLINABLE_FIELDS, ContactMethod, Participant
from waypoint.participants.normalize import contact_key, name_key
from waypoint.toolkit import changed_since, earlier, saved_once

if TYPE_CHECKING:
    from waypoint.accounts.models import User

PERSON_FIELDS = (
    "preferred_name",
    "legal_name",
    "pronunciation",
    "pronouns",
    "date_of_birth",
    "languages",
    "written_language",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "emergency_contact_phone",
    "declined",
)


@dataclass(frozen=True)
class ContactData:
    kind: str
    value: str
    safe_to_contact: str = ContactMethod.Safe.ASK
    preferred_time: str = ""


def _clean_person(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: data.get(name, "") for name in PERSON_FIELDS}
    cleaned["preferred_name"] = str(cleaned["preferred_name"]).strip()
    cleaned["date_of_birth"] = data.get("date_of_birth") or None
    cleaned["written_language"] = data.get("written_language") or "en"  # English unless said
    cleaned["declined"] = sorted(set(data.get("declined") or []) & set(DECLINABLE_FIELDS))
    for declined in cleaned["declined"]:
        if declined == "emergency_contact":
            for part in ("name", "relationship", "phone"):
                cleaned[f"emergency_contact_{part}"] = ""
        elif declined == "date_of_birth":
            cleaned["date_of_birth"] = None
        elif declined == "contacts":
            continue  # the callers drop the contact methods
        else:
            cleaned[declined] = ""
    return cleaned


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _set_contacts(participant: Participant, contacts: list[ContactData]) -> None:
    participant.contacts.all().delete()
    ContactMethod.objects.bulk_create(
        ContactMethod(
            participant=participant,
            kind=c.kind,
            value=c.value.strip(),
            normalized=contact_key(c.kind, c.value),
            safe_to_contact=c.safe_to_contact,
            preferred_time=c.preferred_time.strip(),
            position=i,
        )
        for i, c in enumerate(contacts)
        if c.value.strip()
    )


def _contact_summary(contacts: list[ContactData]) -> list[str]:
    return [
        f"{c.kind}:{c.value.strip()}:{c.safe_to_contact}:{c.preferred_time.strip()}"
        for c in contacts
        if c.value.strip()
    ]


@transaction.atomic
def create_participant(
    *,
    by: User,
    organization: Organization,
    data: dict[str, Any],
    contacts: list[ContactData] | None = None,
    creation_key: uuid.UUID | None = None,
    role: str = "",
) -> Participant:
    """Create a person's record. A repeated ``creation_key`` returns the first one."""
    done = earlier(Participant, creation_key, organization=organization)
    if done is not None:
        return done  # type: ignore[no-any-return]
    cleaned = _clean_person(data)
    if "contacts" in cleaned["declined"]:
        contacts = []
    participant = Participant(
        organization=organization,
        created_by=by,
        creation_key=creation_key,
        name_key=name_key(cleaned["preferred_name"], cleaned["legal_name"]),
        **cleaned,
    )
    # The creation key's uniqueness is the database's to enforce (``saved_once``): checked
    # here, a simultaneous submit committing in between would be refused instead of found.
    participant.full_clean(exclude=["name_key", "creation_key"])
    participant, made = saved_once(participant, creation_key, organization=organization)
    if not made:
        return participant  # a simultaneous submit of the same form made it
    _set_contacts(participant, contacts or [])
    record(
        by=by,
        action="create",
        role=role,
        organization_id=organization.pk,
        entries=[
            Entry(
                "participant",
                str(participant.public_id),
                participant.pk,
                {
                    "fields": {k: _plain(v) for k, v in cleaned.items() if v},
                    "contacts": _contact_summary(contacts or []),
                },
            )
        ],
    )
    return participant


@transaction.atomic
def update_participant(
    *,
    by: User,
    participant: Participant,
    data: dict[str, Any],
    contacts: list[ContactData],
    expected_version: int,
    role: str = "",
) -> Participant:
    """Save changes, refusing with what changed if someone saved since ``expected_version``."""
    cleaned = _clean_person(data)
    if "contacts" in cleaned["declined"]:
        contacts = []
    current = Participant.objects.select_for_update().get(pk=participant.pk)
    if current.version != expected_version:
        raise _stale(current, expected_version)
    before = {name: getattr(current, name) for name in PERSON_FIELDS}
    before_contacts = [
        f"{c.kind}:{c.value}:{c.safe_to_contact}:{c.preferred_time}" for c in current.contacts.all()
    ]
    changed = {
        name: [_plain(before[name]), _plain(cleaned[name])]
        for name in PERSON_FIELDS
        if before[name] != cleaned[name]
    }
    after_contacts = _contact_summary(contacts)
    if not changed and before_contacts == after_contacts:
        return current
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.name_key = name_key(cleaned["preferred_name"], cleaned["legal_name"])
    current.full_clean(exclude=["name_key"])
    updated = Participant.objects.filter(pk=current.pk, version=expected_version).update(
        **cleaned, name_key=current.name_key, version=F("version") + 1
    )
    if updated != 1:
        raise _stale(current, expected_version)
    _set_contacts(current, contacts)
    current.refresh_from_db()
    changes: dict[str, Any] = {"version": current.version, "fields": changed}
    if before_contacts != after_contacts:
        changes["contacts"] = [before_contacts, after_contacts]
    record(
        by=by,
        action="update",
        role=role,
        organization_id=current.organization_id,
        entries=[Entry("participant", str(current.public_id), current.pk, changes)],
    )
    return current


FIELD_LABELS = {
    "preferred_name": _("name they go by"),
    "legal_name": _("legal name"),
    "pronunciation": _("pronunciation"),
    "pronouns": _("pronouns"),
    "date_of_birth": _("date of birth"),
    "languages": _("languages"),
    "written_language": _("language for what they get in writing"),
    "emergency_contact_name": _("emergency contact"),
    "emergency_contact_relationship": _("emergency contact"),
    "emergency_contact_phone": _("emergency contact"),
    "declined": _("prefer-not-to-say choices"),
    "contacts": _("contact methods"),
}


def _stale(current: Participant, expected_version: int) -> StaleEdit:
    return changed_since(
        "participant",
        current.public_id,
        expected_version,
        participant_id=current.pk,
        parts=lambda changes: [
            *changes.get("fields", {}),
            *(["contacts"] if "contacts" in changes else []),
        ],
        titles=FIELD_LABELS,
    ).refusal()
