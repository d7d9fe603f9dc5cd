"""Every change made from (or about) a participant's own Waypoint, audited in the same
transaction. Staff invite, end access and answer; the participant joins, marks steps
done, adds steps, suggests changes and picks their language."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from waypoint import bounds
from waypoint.accounts.models import User
from waypoint.accounts.queries import access_for
from waypoint.errors import ActionRefused
from waypoint.participants.models import Participant
from waypoint.plans.models import Plan, PlanVersion, Progress, Step, StepStatus, Who
from waypoint.portal.models import Ask, Invitation, OwnStep, SentForm
from waypoint.toolkit import audit, check_person_writer, check_writer, created_once, earlier

INVITATION_DAYS = 14
# Easy to read aloud and to type from paper: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MAX_WORDS = 1000


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def clean_code(typed: str) -> str:
    """What someone typed, without spaces and dashes, in capitals."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def code_hash(typed: str) -> str:
    return hashlib.sha256(clean_code(typed).encode()).hexdigest()


def _audit_person(
    by: User, action: str, kind: str, obj: Any, participant: Any, **changes: Any
) -> None:
    audit(
        by,
        action,
        kind,
        obj.public_id,
        participant_id=participant.pk,
        organization_id=participant.organization_id,
        changes=changes,
    )


# --- Staff: letting a participant in ------------------------------------------------------


@transaction.atomic
def invite(
    *, by: User, participant: Participant, address: str | None, link: Callable[[str], str]
) -> tuple[Invitation, str]:
    """A one-time code for the participant's own Waypoint, for a fortnight. With
    ``address`` it is also emailed (in their language; the message names no program,
    no organization and nothing about them). Earlier unused codes stop working."""
    check_person_writer(by, participant)
    account = User.objects.filter(participant=participant, is_active=True).first()
    if account is not None:
        raise ActionRefused(gettext("They already use their own Waypoint."))
    now = timezone.now()
    Invitation.objects.filter(
        participant=participant, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    code = new_code()
    invitation = Invitation.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        code_hash=code_hash(code),
        emailed=address is not None,
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    _audit_person(by, "create", "portal_invitation", invitation, participant, emailed=bool(address))
    if address is not None:
        url = link(code)
        language = participant.writing_language
        expires = invitation.expires_at
        transaction.on_commit(lambda: _send_invitation(address, url, code, expires, language))
    return invitation, code


def _send_invitation(address: str, url: str, code: str, expires: Any, language: str) -> None:
    with translation.override(language):
        context = {"url": url, "code": code, "expires": timezone.localtime(expires)}
        send_mail(
            subject=gettext("Your own Waypoint"),
            message=render_to_string("portal/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )


@transaction.atomic
def send_sign_in_link(*, user: User, url: str, minutes: int) -> None:
    """Email a participant their one-time sign-in link, in the language they get things in
    writing in, once the transaction commits (a rolled-back one sends nothing). The
    message carries the link and how long it works, nothing about them."""
    participant = user.participant
    language = participant.writing_language if participant else "en"
    address = user.email
    transaction.on_commit(lambda: _send_link(address, url, minutes, language))


def _send_link(address: str, url: str, minutes: int, language: str) -> None:
    with translation.override(language):
        send_mail(
            subject=gettext("Your sign-in link"),
            message=render_to_string("portal/email/link.txt", {"url": url, "minutes": minutes}),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )


@transaction.atomic
def end_access(*, by: User, participant: Participant) -> None:
    """The participant's own Waypoint stops letting them in; open codes stop working."""
    check_person_writer(by, participant)
    now = timezone.now()
    revoked = Invitation.objects.filter(
        participant=participant, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    account = User.objects.select_for_update().filter(participant=participant).first()
    if account is None or not account.is_active:
        if not revoked:
            raise ActionRefused(gettext("They do not use their own Waypoint."))
    else:
        account.is_active = False
        account.save(update_fields=["is_active"])
    audit(
        by,
        "revoke",
        "portal_account",
        participant.public_id,
        participant_id=participant.pk,
        organization_id=participant.organization_id,
        changes={"invitations": revoked, "account": bool(account and not account.is_active)},
    )


def usable_invitation(code: str) -> Invitation | None:
    found = (
        Invitation.objects.filter(code_hash=code_hash(code))
        .select_related("participant", "organization")
        .first()
    )
    if found is None or found.used_at or found.revoked_at or found.expires_at <= timezone.now():
        return None
    return found


@transaction.atomic
def join(*, code: str, username: str, password: str, email: str = "") -> User:
    """The participant chooses how they sign in, with the code they were given."""
    invitation = usable_invitation(code)
    if invitation is None:
        raise ActionRefused(
            gettext("That code does not work. It may be used up or too old: ask for a new one."),
            field="code",
        )
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None:
        raise ActionRefused(gettext("That code has just been used."), field="code")
    username = username.strip()
    if not username or len(username) > 150:
        raise ActionRefused(
            gettext("Choose a sign-in name of up to 150 letters."), field="username"
        )
    participant = invitation.participant
    account = User.objects.select_for_update().filter(participant=participant).first()
    taken = User.objects.filter(username__iexact=username)
    if account is not None:
        taken = taken.exclude(pk=account.pk)
    if taken.exists():
        raise ActionRefused(
            gettext("That sign-in name is taken: choose another."), field="username"
        )
    if account is None:
        account = User(participant=participant, organization_id=participant.organization_id)
    account.username = username
    account.display_name = participant.preferred_name
    account.email = email.strip()
    account.is_active = True
    try:
        validate_password(password, account)
    except ValidationError as problem:
        raise ActionRefused(" ".join(problem.messages), field="password1") from problem
    account.set_password(password)
    account.save()
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    audit(
        account,
        "create",
        "portal_account",
        participant.public_id,
        participant_id=participant.pk,
        organization_id=participant.organization_id,
        changes={"username": username},
    )
    return account


# --- The participant ------------------------------------------------------------------------


def _own(by: User, participant_id: int) -> None:
    if access_for(by).participant_id != participant_id:
        raise ActionRefused(gettext("This is not your plan."))


def _words(value: str, message: str, field: str, limit: int = MAX_WORDS) -> str:
    value = (value or "").strip()
    if not value:
        raise ActionRefused(message, field=field)
    if len(value) > limit:
        raise ActionRefused(
            gettext("Keep it under %(limit)s characters.") % {"limit": limit}, field=field
        )
    return value


def _ask(
    *,
    by: User,
    plan: Plan | None,
    kind: str,
    creation_key: uuid.UUID | None,
    enrollment: Any = None,
    **fields: Any,
) -> Ask:
    enrollment = enrollment or plan.enrollment  # type: ignore[union-attr]
    ask, made = created_once(
        Ask,
        creation_key,
        lambda: Ask.objects.create(
            organization_id=enrollment.organization_id,
            enrollment=enrollment,
            participant_id=enrollment.participant_id,
            kind=kind,
            plan=plan,
            created_by=by,
            created_at=timezone.now(),
            creation_key=creation_key,
            **fields,
        ),
    )
    if made:
        audit(
            by,
            "create",
            "portal_ask",
            ask.public_id,
            participant_id=enrollment.participant_id,
            organization_id=enrollment.organization_id,
            program_id=enrollment.program_id,
            changes={"kind": kind},
        )
    return ask


def _shown(version: PlanVersion) -> None:
    if version.status == PlanVersion.Status.DRAFT:
        raise ActionRefused(gettext("This version is still being written."))


@transaction.atomic
def claim_done(*, by: User, version: PlanVersion, step_key: uuid.UUID) -> Ask:
    """ "I did this": the participant says a step of theirs is done; their navigator
    confirms it. Sending it twice is the same request."""
    plan = version.plan
    _own(by, plan.participant_id)
    _shown(version)
    step = Step.objects.filter(version=version, key=step_key).first()
    if step is None:
        raise ActionRefused(gettext("That step is not in this plan."))
    if step.who != Who.PARTICIPANT:
        raise ActionRefused(gettext("Someone else does this step: they will mark it."))
    latest = Progress.objects.filter(plan=plan, item_key=step_key).order_by("-at", "-pk").first()
    if latest is not None and latest.status == StepStatus.DONE:
        raise ActionRefused(gettext("This step is already marked done."))
    waiting = Ask.objects.filter(
        plan=plan, item_key=step_key, kind=Ask.Kind.DONE, status=Ask.Status.OPEN
    ).first()
    if waiting is not None:
        return waiting
    try:
        with transaction.atomic():
            return _ask(
                by=by,
                plan=plan,
                kind=Ask.Kind.DONE,
                creation_key=None,
                item_key=step_key,
                item_text=step.what,
            )
    except IntegrityError:
        # The same click twice at once: the one open request per step already exists.
        found = Ask.objects.filter(
            plan=plan, item_key=step_key, kind=Ask.Kind.DONE, status=Ask.Status.OPEN
        ).first()
        if found is None:
            raise
        return found


@transaction.atomic
def add_own_step(
    *,
    by: User,
    version: PlanVersion,
    goal_key: uuid.UUID,
    what: str,
    due_on: date | None = None,
    creation_key: uuid.UUID | None = None,
) -> OwnStep:
    """A step the participant adds under one of their goals; their navigator sees it."""
    plan = version.plan
    _own(by, plan.participant_id)
    _shown(version)
    done = earlier(OwnStep, creation_key, plan=plan)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if not version.goals.filter(key=goal_key).exists():
        raise ActionRefused(gettext("Choose one of your goals."), field="goal")
    what = _words(what, gettext("Write the step in a few words."), "what", 300)
    if due_on is not None and (problem := bounds.AHEAD.problem(due_on)):
        raise ActionRefused(problem, field="due_on")
    step, made = created_once(
        OwnStep,
        creation_key,
        lambda: OwnStep.objects.create(
            plan=plan,
            goal_key=goal_key,
            what=what,
            due_on=due_on,
            created_by=by,
            created_at=timezone.now(),
            creation_key=creation_key,
        ),
    )
    if made:
        _ask(by=by, plan=plan, kind=Ask.Kind.STEP, creation_key=None, own_step=step, item_text=what)
    return step


@transaction.atomic
def finish_own_step(*, by: User, step: OwnStep) -> OwnStep:
    """The participant ticks off a step they added themselves (no one else confirms it)."""
    locked = OwnStep.objects.select_for_update().select_related("plan__enrollment").get(pk=step.pk)
    _own(by, locked.plan.participant_id)
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.save(update_fields=["done_at"])
        enrollment = locked.plan.enrollment
        audit(
            by,
            "update",
            "portal_own_step",
            locked.public_id,
            participant_id=locked.plan.participant_id,
            organization_id=enrollment.organization_id,
            program_id=enrollment.program_id,
            changes={"done": True},
        )
    return locked


@transaction.atomic
def suggest_change(
    *,
    by: User,
    version: PlanVersion,
    words: str,
    goal_key: uuid.UUID | None = None,
    creation_key: uuid.UUID | None = None,
) -> Ask:
    """A change the participant would like; it waits on their navigator's home."""
    plan = version.plan
    _own(by, plan.participant_id)
    _shown(version)
    done = earlier(Ask, creation_key, plan=plan)
    if done is not None:
        return done  # type: ignore[no-any-return]
    words = _words(words, gettext("Write what you would like to change."), "words")
    about = ""
    if goal_key is not None:
        goal = version.goals.filter(key=goal_key).first()
        if goal is None:
            raise ActionRefused(gettext("Choose one of your goals."), field="goal")
        about = goal.text[:500]
    return _ask(
        by=by,
        plan=plan,
        kind=Ask.Kind.CHANGE,
        creation_key=creation_key,
        words=words,
        item_key=goal_key,
        item_text=about,
    )


@transaction.atomic
def ask_to_stop_sharing(
    *, by: User, consent: Any, words: str = "", creation_key: uuid.UUID | None = None
) -> Ask:
    """The participant asks to withdraw a consent; their navigator records it (a consent
    is withdrawn by the people who recorded it, with a note, so partners are told)."""
    from waypoint.enrollments.models import Enrollment

    _own(by, consent.participant_id)
    done = earlier(Ask, creation_key, participant=consent.participant)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if consent.state() in ("revoked", "ended"):
        raise ActionRefused(gettext("This agreement has already ended."))
    words = (words or "").strip()
    if len(words) > MAX_WORDS:
        raise ActionRefused(
            gettext("Keep it under %(limit)s characters.") % {"limit": MAX_WORDS}, field="words"
        )
    # The navigator of their newest open enrollment answers (else their newest one).
    enrollment = (
        Enrollment.objects.filter(participant_id=consent.participant_id)
        .order_by(
            models.Case(models.When(status="exited", then=1), default=0), "-started_on", "-pk"
        )
        .first()
    )
    if enrollment is None:
        raise ActionRefused(gettext("Ask your navigator."))
    return _ask(
        by=by,
        plan=None,
        enrollment=enrollment,
        kind=Ask.Kind.WITHDRAW,
        creation_key=creation_key,
        consent=consent,
        words=words,
        item_text=str(consent.recipient)[:500],
    )


@transaction.atomic
def choose_language(*, by: User, language: str) -> Participant:
    """The participant picks the language Waypoint speaks to them in (and writes to them in)."""
    access = access_for(by)
    if access.participant_id is None:
        raise ActionRefused(gettext("Only a participant chooses this here."))
    if language not in {code for code, _ in settings.LANGUAGES}:
        raise ActionRefused(gettext("Choose one of the languages listed."), field="language")
    participant = Participant.objects.select_for_update().get(pk=access.participant_id)
    if participant.written_language != language:
        before = participant.written_language
        participant.written_language = language
        participant.save(update_fields=["written_language"])
        _audit_person(
            by,
            "update",
            "participant",
            participant,
            participant,
            written_language=[before, language],
        )
    return participant


# --- Questions sent to answer on their own device ----------------------------------------------


@transaction.atomic
def send_form(*, by: User, assessment: Any, sections: list[str]) -> SentForm:
    """Send sections of a draft assessment to the participant's own Waypoint, to answer
    on their own device. A newer sending replaces one not answered yet."""
    from waypoint.assessments.sections import BY_KEY

    enrollment = assessment.enrollment
    check_writer(by, enrollment.program_id)
    if not assessment.is_draft:
        raise ActionRefused(gettext("This assessment is complete; start a new one to ask more."))
    if not User.objects.filter(participant_id=enrollment.participant_id, is_active=True).exists():
        raise ActionRefused(
            gettext(
                "They do not use their own Waypoint yet: invite them first, "
                "or hand them the device."
            ),
            field="sections",
        )
    chosen = [key for key in BY_KEY if key in set(sections)]
    if not chosen or len(chosen) != len(set(sections)):
        raise ActionRefused(gettext("Choose at least one section to send."), field="sections")
    sees_private = access_for(by).sees_sensitive(enrollment.program)
    if any(BY_KEY[key].sensitive for key in chosen) and not sees_private:
        raise ActionRefused(gettext("Only the roles this program allows can send that section."))
    now = timezone.now()
    SentForm.objects.select_for_update().filter(
        assessment=assessment, done_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    sent = SentForm.objects.create(
        organization_id=enrollment.organization_id,
        assessment=assessment,
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        sections=chosen,
        sent_by=by,
        sent_at=now,
    )
    audit(
        by,
        "send",
        "portal_form",
        sent.public_id,
        participant_id=enrollment.participant_id,
        organization_id=enrollment.organization_id,
        program_id=enrollment.program_id,
        changes={"sections": chosen},
    )
    return sent


def _open_form(by: User, sent: SentForm) -> SentForm:
    locked = SentForm.objects.select_for_update().select_related("enrollment").get(pk=sent.pk)
    _own(by, locked.participant_id)
    if not locked.is_open:
        raise ActionRefused(gettext("These questions are closed. Thank you."))
    return locked


@transaction.atomic
def save_my_answers(
    *,
    by: User,
    sent: SentForm,
    sections: list[str],
    answers: dict[str, Any],
    declined: list[str],
    expected_version: int,
) -> Any:
    """Save what the participant answered of the sections sent to them."""
    from waypoint.assessments.actions import save_answers

    locked = _open_form(by, sent)
    if not set(sections) <= set(locked.sections):
        raise ActionRefused(gettext("Those questions were not sent to you."))
    assessment = sent.assessment
    assessment.enrollment = locked.enrollment
    return save_answers(
        by=by,
        assessment=assessment,
        sections=sections,
        answers=answers,
        declined=declined,
        expected_version=expected_version,
        by_participant=True,
    )


@transaction.atomic
def finish_form(*, by: User, sent: SentForm) -> SentForm:
    """The participant is done: their navigator is told, and the questions close."""
    from waypoint.assessments.sections import BY_KEY

    locked = _open_form(by, sent)
    locked.done_at = timezone.now()
    locked.save(update_fields=["done_at"])
    enrollment = locked.enrollment
    _ask(
        by=by,
        plan=None,
        enrollment=enrollment,
        kind=Ask.Kind.FORM,
        creation_key=None,
        item_key=sent.assessment.public_id,
        item_text=", ".join(str(BY_KEY[key].title) for key in locked.sections)[:500],
    )
    return locked


# --- Staff: answering -----------------------------------------------------------------------


ANSWERS = {
    Ask.Kind.DONE: {Ask.Status.CONFIRMED, Ask.Status.NOT_YET},
    Ask.Kind.STEP: {Ask.Status.ANSWERED},
    Ask.Kind.CHANGE: {Ask.Status.ANSWERED},
    Ask.Kind.WITHDRAW: {Ask.Status.ANSWERED},
    Ask.Kind.FORM: {Ask.Status.ANSWERED},
}


@transaction.atomic
def answer(*, by: User, ask: Ask, outcome: str, words: str = "") -> Ask:
    """The navigator answers: confirms a step done (it is recorded as progress on the
    plan), says not yet, or replies to a step added or a change suggested."""
    locked = Ask.objects.select_for_update().select_related("enrollment").get(pk=ask.pk)
    enrollment = locked.enrollment
    check_writer(by, enrollment.program_id)
    if locked.status != Ask.Status.OPEN:
        raise ActionRefused(gettext("This has already been answered."))
    if outcome not in ANSWERS[Ask.Kind(locked.kind)]:
        raise ActionRefused(gettext("Choose one of the answers offered."))
    words = (words or "").strip()
    if len(words) > MAX_WORDS:
        raise ActionRefused(
            gettext("Keep it under %(limit)s characters.") % {"limit": MAX_WORDS}, field="answer"
        )
    if outcome == Ask.Status.NOT_YET and not words:
        raise ActionRefused(gettext("Say what is still to do, for them to read."), field="answer")
    if outcome == Ask.Status.CONFIRMED and locked.plan is not None and locked.item_key:
        from waypoint.plans.actions import record_progress

        locked.plan.enrollment = enrollment
        record_progress(
            by=by,
            plan=locked.plan,
            kind=Progress.Kind.STEP,
            key=locked.item_key,
            status=StepStatus.DONE,
            reason="Marked done by them in their own Waypoint; confirmed.",
        )
    locked.status = outcome
    locked.answer = words
    locked.answered_by = by
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit(
        by,
        "update",
        "portal_ask",
        locked.public_id,
        participant_id=locked.participant_id,
        organization_id=enrollment.organization_id,
        program_id=enrollment.program_id,
        changes={"status": outcome},
    )
    return locked
