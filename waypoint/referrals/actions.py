"""Making, sending and following referrals. Every step is a ReferralEvent (who, when,
why) and an audit event; each step sets the navigator's next follow-up task and settles
the last one, until the loop is closed."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Need
from waypoint.consent import queries as consent_queries
from waypoint.consent.models import Category, Consent
from waypoint.directory.models import Service
from waypoint.enrollments.models import CASELOAD_STATUSES, Enrollment
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.notes import actions as notes
from waypoint.referrals.models import (
    CLOSED,
    NEEDS_REASON,
    NEXT,
    DeclineReason,
    Referral,
    ReferralEvent,
    Status,
)
from waypoint.toolkit import audit_enrollment_record, check_writer, earlier

if TYPE_CHECKING:
    from waypoint.accounts.models import User

# The follow-up task each step sets for the navigator, and in how many days it is due
# (None: the program's answer window). Task titles are stored data: they stay in these
# words, whatever language the step is recorded in.
FOLLOW_UPS: dict[str, tuple[str, int | None]] = {
    Status.SENT: ("Check that {provider} received {name}'s referral", None),
    Status.RECEIVED: ("Check that {provider} has answered about {name}", None),
    Status.NO_RESPONSE: ("Call {provider}: no answer yet about {name}'s referral", 2),
    Status.WAITLISTED: ("Check on {name}'s place on the {provider} waitlist", 14),
    Status.ACCEPTED: ("Check that {name} has started with {provider}", 7),
}
# Statuses a partner may set (the partner view); staff may set any allowed step.
PARTNER_STEPS = frozenset(
    {
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.DECLINED,
        Status.NOT_ELIGIBLE,
        Status.CONNECTED,
        Status.OUTCOME,
    }
)
ANSWERS = frozenset(
    {Status.RECEIVED, Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.NOT_ELIGIBLE}
)
MAX_TEXT = 2000


def _audit(by: User | None, action: str, referral: Referral, **changes: Any) -> None:
    audit_enrollment_record(by, action, "referral", referral, referral.enrollment, changes)


def receives(by: User, referral: Referral) -> bool:
    """Whether ``by`` answers this referral inside the organization: staff who can write
    in the program it was sent to."""
    return referral.to_program_id is not None and access_for(by).can_write(referral.to_program_id)


def _follow_up(referral: Referral, status: str, by: User | None, now: datetime) -> None:
    """Settle the last follow-up task and set the next one, if the loop is still open.
    What is stored (the reason, the task's title) is written in Waypoint's own words,
    not in the language of the request."""
    with translation.override(None):
        moved = f"The referral moved to “{str(Status(status).label).lower()}”."
        provider = referral.recipient
    if referral.follow_up_id is not None and referral.follow_up is not None:
        notes.settle_follow_up(
            commitment=referral.follow_up,
            kept=True,
            reason=moved,
            by=by,
        )
        referral.follow_up = None
    step = FOLLOW_UPS.get(status)
    if step is None:
        return
    text, days = step
    if days is None:
        days = referral.enrollment.program.referral_response_days
    owner = referral.enrollment.navigator or referral.referred_by
    referral.follow_up = notes.add_follow_up(
        enrollment=referral.enrollment,
        owner=owner,
        what=text.format(provider=provider, name=referral.participant.preferred_name),
        due_on=timezone.localdate(now) + timedelta(days=days),
        by=by,
    )


def check_share(
    *, participant_id: int, service: Service, consent: Consent | None, categories: Iterable[str]
) -> list[str]:
    """The categories a referral to ``service`` may carry under ``consent`` now; refuses
    in words when the consent is missing, not in force, for someone else, or too narrow."""
    wanted = [c for c in Category.values if c in set(categories)]
    if consent is None:
        raise ActionRefused(
            _(
                "Choose the consent that lets you share with them (record one first if there "
                "is none)."
            ),
            field="consent",
        )
    if consent.participant_id != participant_id:
        raise ActionRefused(_("That consent is someone else's."), field="consent")
    if consent.recipient_provider_id != service.organization_id:
        raise ActionRefused(
            _("That consent is for %(recipient)s, not %(provider)s.")
            % {"recipient": consent.recipient, "provider": service.organization.name},
            field="consent",
        )
    if consent not in consent_queries.in_force(participant_id, consent_ids=[consent.pk]):
        raise ActionRefused(_("That consent is not in force today."), field="consent")
    beyond = [c for c in wanted if c not in consent.categories]
    if beyond:
        labels = ", ".join(str(Category(c).label).lower() for c in beyond)
        raise ActionRefused(
            _("The consent does not cover %(categories)s; leave it out or record a wider consent.")
            % {"categories": labels},
            field="categories",
        )
    return wanted


def _start(by: User, enrollment: Enrollment, creation_key: uuid.UUID | None) -> Referral | None:
    """What an earlier submit of the same form made (a double click makes one referral);
    refuses a read-only role or an ended enrollment."""
    check_writer(by, enrollment.program_id)
    done = earlier(Referral, creation_key, enrollment=enrollment)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if enrollment.status not in CASELOAD_STATUSES:
        raise ActionRefused(_("This enrollment has ended; reopen it to refer."))
    return None


@transaction.atomic
def make_referral(
    *,
    by: User,
    enrollment: Enrollment,
    service: Service,
    consent: Consent | None,
    categories: Iterable[str],
    participant_agreed: bool,
    message: str = "",
    need: Need | None = None,
    goal_key: uuid.UUID | None = None,
    send: bool = True,
    creation_key: uuid.UUID | None = None,
) -> Referral:
    """Refer from a need or a goal to a directory service; sent at once unless ``send``
    is False (a draft to finish later)."""
    earlier = _start(by, enrollment, creation_key)
    if earlier is not None:
        return earlier
    if service.owner_id != enrollment.organization_id:
        raise ActionRefused(_("Choose a service from your directory."), field="service")
    if service.status in (Service.Status.DEFUNCT, Service.Status.INACTIVE):
        raise ActionRefused(_("That service is no longer running."), field="service")
    if need is not None and need.enrollment_id != enrollment.pk:
        raise ActionRefused(_("That need belongs to another enrollment."))
    message = message.strip()
    if len(message) > MAX_TEXT:
        raise ActionRefused(_("Keep the message under 2,000 characters."), field="message")
    wanted = [c for c in Category.values if c in set(categories)]
    if send:
        if not participant_agreed:
            raise ActionRefused(
                _("Record that they agreed to this referral."), field="participant_agreed"
            )
        wanted = check_share(
            participant_id=enrollment.participant_id,
            service=service,
            consent=consent,
            categories=wanted,
        )
    ask = send and _asks_approval(enrollment, wanted)
    referral = _create(
        by=by,
        enrollment=enrollment,
        send=send and not ask,
        audit={"categories": wanted},
        need=need,
        goal_key=goal_key,
        service=service,
        provider_id=service.organization_id,
        consent=consent,
        categories=wanted,
        participant_agreed=participant_agreed,
        message=message,
        creation_key=creation_key,
    )
    if ask:
        _ask_approval(by, referral)
    return referral


def _asks_approval(enrollment: Enrollment, categories: Iterable[str]) -> bool:
    """Whether the program asks a supervisor to approve a referral carrying these
    categories before it is sent (only when one is sensitive)."""
    from waypoint.approvals import actions as approvals
    from waypoint.consent.models import SENSITIVE

    if not any(c in SENSITIVE for c in categories):
        return False
    return approvals.asks(enrollment.program, "referral")


def _ask_approval(by: User, referral: Referral) -> None:
    from waypoint.approvals import actions as approvals

    approvals.request_approval(
        by=by, kind="referral", enrollment=referral.enrollment, subject_id=referral.pk
    )


def _create(
    *, by: User, enrollment: Enrollment, send: bool, audit: dict[str, Any], **fields: Any
) -> Referral:
    """The new referral as a draft (with its first event and audit), sent if asked."""
    now = timezone.now()
    referral = Referral.objects.create(
        organization_id=enrollment.organization_id,
        participant_id=enrollment.participant_id,
        enrollment=enrollment,
        referred_by=by,
        status=Status.DRAFT,
        **fields,
    )
    ReferralEvent.objects.create(referral=referral, to_status=Status.DRAFT, at=now, by=by)
    _audit(by, "create", referral, **audit)
    if send:
        _move(_locked(referral), Status.SENT, by=by, now=now)
        referral.refresh_from_db()
    return referral


@transaction.atomic
def send_referral(*, by: User, referral: Referral, approved: bool = False) -> Referral:
    """Send a draft, checking agreement and consent at this moment. Where the program
    asks a supervisor to approve a referral carrying a sensitive category, it stays a
    draft with a pending approval (approving it sends it)."""
    check_writer(by, referral.enrollment.program_id)
    locked = _locked(referral)
    if locked.status != Status.DRAFT:
        raise ActionRefused(_("This referral has already been sent."))
    if not locked.participant_agreed:
        raise ActionRefused(_("Record that they agreed to this referral first."))
    assert locked.service is not None
    check_share(
        participant_id=locked.participant_id,
        service=locked.service,
        consent=locked.consent,
        categories=locked.categories,
    )
    if not approved and _asks_approval(locked.enrollment, locked.categories):
        _ask_approval(by, locked)
        return locked
    _move(locked, Status.SENT, by=by, now=timezone.now())
    return locked


def _locked(referral: Referral) -> Referral:
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related(
            "enrollment__program",
            "enrollment__navigator",
            "participant",
            "provider",
            "service__organization",
            "follow_up",
            "consent",
            "to_program",
            "to_staff",
        )
        .get(pk=referral.pk)
    )
    return locked


def _move(
    referral: Referral,
    to: str,
    *,
    by: User | None,
    now: datetime,
    reason: str = "",
    note: str = "",
    by_partner: bool = False,
) -> None:
    before = referral.status
    referral.status = to
    if to == Status.SENT:
        referral.sent_at = now
    if to in ANSWERS and referral.answered_at is None:
        referral.answered_at = now
    if to == Status.CONNECTED:
        referral.connected_at = now
    if to in CLOSED and referral.closed_at is None:
        referral.closed_at = now
    if to in (Status.DECLINED, Status.NOT_ELIGIBLE):
        referral.reason = reason
    if to == Status.OUTCOME:
        referral.outcome = note
    if to == Status.ACCEPTED and referral.is_internal and referral.enrollment_made is None:
        assert by is not None  # a person accepts; only "no response" is recorded by Waypoint
        referral.enrollment_made = _enroll_inside(referral, by)
    referral.version += 1
    _follow_up(referral, to, by, now)
    referral.save()
    if to == Status.SENT and referral.provider_id is not None:
        from waypoint.referrals.notify import email_partner, partner_addresses

        # The people there when it was sent; the email goes once the step is saved.
        addresses = partner_addresses(referral)
        if addresses:
            transaction.on_commit(lambda: email_partner(referral, addresses))
    ReferralEvent.objects.create(
        referral=referral,
        from_status=before,
        to_status=to,
        at=now,
        by=by,
        by_partner=by_partner,
        reason=reason,
        note=note,
    )
    _audit(by, "update", referral, status=to, version=referral.version)


@transaction.atomic
def move_referral(
    *,
    by: User,
    referral: Referral,
    to: str,
    reason: str = "",
    note: str = "",
    version: int | None = None,
    by_partner: bool = False,
) -> Referral:
    """Record the next step. Staff in the program may record any allowed step; a partner
    (``by_partner``, checked by the partner view) only the answers a partner gives."""
    receiver = not by_partner and receives(by, referral)
    if by_partner or (receiver and not access_for(by).can_write(referral.enrollment.program_id)):
        if to not in PARTNER_STEPS:
            raise ActionRefused(_("Only the referring program records that."))
    elif not receiver:
        check_writer(by, referral.enrollment.program_id)
    locked = _locked(referral)
    if version is not None and locked.version != version:
        raise StaleEdit([_("Status")], [])
    if to not in NEXT[locked.status]:
        raise ActionRefused(
            _("A referral that is “%(now)s” cannot become “%(to)s”.")
            % {"now": locked.get_status_display().lower(), "to": Status(to).label.lower()}
            if to in Status.values
            else _("Choose what happened.")
        )
    note = note.strip()
    if len(note) > MAX_TEXT:
        raise ActionRefused(_("Keep it under 2,000 characters."), field="note")
    if to in (Status.DECLINED, Status.NOT_ELIGIBLE) and reason not in DeclineReason.values:
        raise ActionRefused(_("Choose the reason."), field="reason")
    if to in NEEDS_REASON and reason == DeclineReason.OTHER and not note:
        raise ActionRefused(_("Say a few words about the reason."), field="note")
    if to == Status.WITHDRAWN and not note:
        raise ActionRefused(_("Say why it is withdrawn."), field="note")
    if to == Status.OUTCOME and not note:
        raise ActionRefused(_("Say how it went."), field="note")
    if to == Status.SENT and locked.service is not None:
        check_share(
            participant_id=locked.participant_id,
            service=locked.service,
            consent=locked.consent,
            categories=locked.categories,
        )
    _move(
        locked,
        to,
        by=by,
        now=timezone.now(),
        reason=reason if to in NEEDS_REASON else "",
        note=note,
        by_partner=by_partner,
    )
    if by_partner:
        # The referring navigator is told a partner recorded a step (no details in it).
        from waypoint.referrals.notify import email_navigator

        transaction.on_commit(lambda: email_navigator(locked, by=by))
    return locked


@transaction.atomic
def send_what_to_expect(*, referral: Referral) -> bool:
    """Email the participant the service's "what to expect", at their address marked safe
    to use, once the transaction commits (a rolled-back one sends nothing). False, and
    nothing sent, for a draft or when no address is marked safe."""
    from waypoint.referrals.notify import email_participant, safe_email

    address = safe_email(referral)
    if address is None or referral.status == Status.DRAFT:
        return False
    transaction.on_commit(lambda: email_participant(referral, address))
    return True


@transaction.atomic
def flag_unanswered(*, now: datetime | None = None) -> int:
    """Mark sent referrals that had no answer within their program's window as "no
    response" (and set the navigator's follow-up call). Returns how many."""
    now = now or timezone.now()
    flagged = 0
    waiting = Referral.objects.filter(status__in=(Status.SENT, Status.RECEIVED)).select_related(
        "enrollment__program"
    )
    for referral in waiting:
        window = timedelta(days=referral.enrollment.program.referral_response_days)
        since = referral.sent_at if referral.status == Status.SENT else referral.answered_at
        if since is None or since + window > now:
            continue
        _move(_locked(referral), Status.NO_RESPONSE, by=None, now=now)
        flagged += 1
    return flagged


def _enroll_inside(referral: Referral, by: User) -> Enrollment | None:
    """Accepting a referral inside the organization starts the person's enrollment in the
    program it was sent to (at inquiry, with the named staff member, if any)."""
    from waypoint.enrollments.actions import enroll
    from waypoint.enrollments.models import CAP_STATUSES

    program = referral.to_program
    assert program is not None
    open_here = Enrollment.objects.filter(
        participant_id=referral.participant_id, program=program, status__in=CAP_STATUSES
    ).first()
    if open_here is not None:
        return open_here
    if referral.to_staff is not None:
        try:
            with transaction.atomic():
                return enroll(
                    by=by,
                    participant=referral.participant,
                    program=program,
                    navigator=referral.to_staff,
                )
        except ActionRefused:
            pass  # at their cap, say: a supervisor assigns someone
    return enroll(by=by, participant=referral.participant, program=program)


@transaction.atomic
def refer_inside(
    *,
    by: User,
    enrollment: Enrollment,
    program: Any,
    staff: Any = None,
    participant_agreed: bool,
    message: str = "",
    need: Need | None = None,
    goal_key: uuid.UUID | None = None,
    creation_key: uuid.UUID | None = None,
) -> Referral:
    """Refer to another program of the organization (optionally to someone there). It
    carries their name, the need and your message; the program's staff answer it, and
    accepting it starts the person's enrollment there."""
    earlier = _start(by, enrollment, creation_key)
    if earlier is not None:
        return earlier
    if program.organization_id != enrollment.organization_id:
        raise ActionRefused(_("Choose one of your organization's programs."), field="program")
    if program.pk == enrollment.program_id:
        raise ActionRefused(_("Choose a program other than this one."), field="program")
    if staff is not None and not access_for(staff).can_write(program.pk):
        raise ActionRefused(
            _("%(person)s does not work in %(program)s.") % {"person": staff, "program": program},
            field="staff",
        )
    if need is not None and need.enrollment_id != enrollment.pk:
        raise ActionRefused(_("That need belongs to another enrollment."))
    if not participant_agreed:
        raise ActionRefused(
            _("Record that they agreed to this referral."), field="participant_agreed"
        )
    message = message.strip()
    if len(message) > MAX_TEXT:
        raise ActionRefused(_("Keep the message under 2,000 characters."), field="message")
    return _create(
        by=by,
        enrollment=enrollment,
        send=True,
        audit={"inside": program.pk},
        need=need,
        goal_key=goal_key,
        to_program=program,
        to_staff=staff,
        participant_agreed=True,
        message=message,
        creation_key=creation_key,
    )
