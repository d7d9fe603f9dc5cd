"""After the goodbye: each follow-up check-in logged as a post-exit contact with a short
outcome, or closed with a reason; and the daily sweep that tells supervisors how many
open enrollments have gone quiet (never who, and never closing anything)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint import bounds
from waypoint.closure.actions._common import audit_record, day_words, lock
from waypoint.closure.models import CheckIn, ClosureSettings, SilenceNotice
from waypoint.enrollments.models import REOPENABLE
from waypoint.errors import ActionRefused
from waypoint.notes.models import Contact, Method
from waypoint.toolkit import audit, changed_since, check_writer, earlier

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_WORDS = 500
SUPERVISING = ("supervisor", "manager")


def _fresh(by: User, check_in: CheckIn, expected_version: int | None) -> None:
    """Refuse a save made from a page opened before someone else recorded this check-in."""
    if expected_version is None or check_in.version == expected_version:
        return
    since = changed_since(
        "check_in",
        check_in.public_id,
        expected_version,
        parts=lambda changes: [_("the check-in")],
        participant_id=check_in.participant_id,
    )
    raise since.refusal()


def _locked(by: User, check_in: CheckIn) -> tuple[CheckIn, Any]:
    """The check-in and its enrollment, both locked (the enrollment first, as logging a
    contact does), after checking ``by`` may write in its program."""
    check_writer(by, check_in.enrollment.program_id)
    enrollment = lock(check_in.enrollment)
    current = CheckIn.objects.select_for_update().select_related("closure").get(pk=check_in.pk)
    return current, enrollment


def _still_due(current: CheckIn, enrollment: Any) -> None:
    if current.status != CheckIn.Status.DUE:
        raise ActionRefused(
            _("This check-in is already recorded: %(status)s.")
            % {"status": current.get_status_display().lower()},
            field="status",
        )
    if enrollment.status not in REOPENABLE or enrollment.cycle != current.cycle:
        raise ActionRefused(
            _("They are in the program now, so this check-in is not needed."), field="status"
        )


def _words(words: str, field: str, *, required: str = "") -> str:
    words = (words or "").strip()
    if required and not words:
        raise ActionRefused(required, field=field)
    if len(words) > MAX_WORDS:
        raise ActionRefused(
            _("Keep it under %(most)s characters.") % {"most": MAX_WORDS}, field=field
        )
    if problem := bounds.text_problem(words):
        raise ActionRefused(problem, field=field)
    return words


def _when(happened_at: datetime | None, current: CheckIn) -> datetime:
    if not isinstance(happened_at, datetime) or timezone.is_naive(happened_at):
        raise ActionRefused(_("Give the date and time you reached out."), field="happened_at")
    if happened_at > timezone.now() + timedelta(minutes=5):
        raise ActionRefused(
            _("That time is still to come. Record a check-in after you reach out."),
            field="happened_at",
        )
    exit_on = current.closure.exit_on
    if bounds.local(happened_at).date() < exit_on:
        raise ActionRefused(
            _("That is before they left on %(exit_on)s. A check-in comes after the exit.")
            % {"exit_on": day_words(exit_on)},
            field="happened_at",
        )
    return happened_at


@transaction.atomic
def record_check_in(
    *,
    by: User,
    check_in: CheckIn,
    reached: bool,
    method: str,
    happened_at: datetime | None,
    outcomes: Iterable[str] = (),
    words: str = "",
    attempt_result: str = "",
    expected_version: int | None = None,
    creation_key: uuid.UUID | None = None,
) -> CheckIn:
    """Record one try at a check-in, logged as a post-exit contact (with its draft note).
    Reached: the check-in is done, with the outcomes (working, housed, in school or
    training, would like help again) and their words. Not reached: one more attempt is
    counted and it stays due (``close_check_in`` gives up or skips it). A double submit
    makes one contact; a page opened before someone else recorded it is refused."""
    from waypoint.notes.actions import log_contact

    current, enrollment = _locked(by, check_in)
    if earlier(Contact, creation_key, enrollment=enrollment) is not None:
        return current  # the same form, sent twice: the first one counted
    _fresh(by, current, expected_version)
    _still_due(current, enrollment)
    if method not in Method.values:
        raise ActionRefused(_("Choose how you reached out, from the list."), field="method")
    when = _when(happened_at, current)
    chosen = list(dict.fromkeys(outcomes or []))
    if any(o not in CheckIn.Outcome.values for o in chosen):
        raise ActionRefused(_("Choose how things are from the list."), field="outcomes")
    if not reached and chosen:
        raise ActionRefused(
            _("How things are is for when you reached them; leave it empty for a try."),
            field="outcomes",
        )
    words = _words(words, "words")
    if attempt_result and attempt_result not in Contact.AttemptResult.values:
        raise ActionRefused(_("Choose what happened from the list."), field="attempt_result")
    contact = log_contact(
        by=by,
        enrollment=enrollment,
        outcome=Contact.Outcome.COMPLETED if reached else Contact.Outcome.ATTEMPTED,
        data={
            "method": method,
            "happened_at": when,
            "attempt_result": "" if reached else attempt_result,
        },
        creation_key=creation_key,
        after_exit=True,
    )
    current.attempts = min(current.attempts + 1, 999)
    current.contact = contact
    fields = ["attempts", "contact", "version"]
    if reached:
        current.status = CheckIn.Status.REACHED
        current.outcomes = chosen
        current.words = words
        current.done_by, current.done_at = by, timezone.now()
        fields += ["status", "outcomes", "words", "done_by", "done_at"]
    current.version += 1
    current.save(update_fields=fields)
    audit_record(
        by,
        "update",
        "check_in",
        current,
        enrollment,
        {
            "status": current.status,
            "attempts": current.attempts,
            "contact": str(contact.public_id),
            "outcomes": len(current.outcomes),
            "version": current.version,
        },
    )
    return current


@transaction.atomic
def close_check_in(
    *,
    by: User,
    check_in: CheckIn,
    status: str,
    reason: str,
    expected_version: int | None = None,
) -> CheckIn:
    """Close a check-in without reaching them: ``not_reached`` (given up after trying)
    or ``skipped`` (not needed), with the reason in a few words."""
    if status not in (CheckIn.Status.NOT_REACHED, CheckIn.Status.SKIPPED):
        raise ActionRefused(_("Choose whether you gave up or it is not needed."), field="status")
    current, enrollment = _locked(by, check_in)
    _fresh(by, current, expected_version)
    _still_due(current, enrollment)
    reason = _words(reason, "reason", required=_("Say why, in a few words."))
    current.status = status
    current.words = reason
    current.done_by, current.done_at = by, timezone.now()
    current.version += 1
    current.save(update_fields=["status", "words", "done_by", "done_at", "version"])
    audit_record(
        by,
        "update",
        "check_in",
        current,
        enrollment,
        {"status": current.status, "attempts": current.attempts, "version": current.version},
    )
    return current


def give_up_check_in(
    *, by: User, check_in: CheckIn, reason: str, expected_version: int | None = None
) -> CheckIn:
    return close_check_in(
        by=by,
        check_in=check_in,
        status=CheckIn.Status.NOT_REACHED,
        reason=reason,
        expected_version=expected_version,
    )


def skip_check_in(
    *, by: User, check_in: CheckIn, reason: str, expected_version: int | None = None
) -> CheckIn:
    return close_check_in(
        by=by,
        check_in=check_in,
        status=CheckIn.Status.SKIPPED,
        reason=reason,
        expected_version=expected_version,
    )


# The daily sweep ------------------------------------------------------------------------


@dataclass
class SweepResult:
    """What one run of the daily sweep found and did. ``quiet`` is each program's count
    of candidates to close (programs with the long-silence list on); ``emails`` how many
    supervisors were told today. Other parts of the sweep add their own counts."""

    today: date
    quiet: dict[int, int] = field(default_factory=dict)
    emails: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _supervisors(program_id: int) -> list[Any]:
    from waypoint.accounts.queries import staff_in_program

    return [u for u in staff_in_program(program_id, SUPERVISING) if u.email]


def _tell(address: str, program_name: str, count: int, days: int, language: str = "") -> None:
    """Email one supervisor the count, in the language they chose for Waypoint."""
    words = {"program": program_name, "count": count, "days": days}
    with translation.override(language or django_settings.LANGUAGE_CODE):
        body = (
            ngettext(
                "In %(program)s, %(count)s open enrollment has had no contact for %(days)s "
                "days or more.",
                "In %(program)s, %(count)s open enrollments have had no contact for %(days)s "
                "days or more.",
                count,
            )
            % words
            + "\n"
            + _(
                "They are listed as candidates to close on your supervision page "
                "(Waypoint, /supervision/). Nothing closes on its own: look at each, and talk "
                "with the navigator."
            )
            + "\n"
        )
        subject = _("Long silence in %(program)s: %(count)s to look at") % words
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=body,
            from_email=django_settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    )


@transaction.atomic
def notify_long_silence(today: date) -> SweepResult:
    """For each program with the long-silence list on, email each of its supervisors how
    many candidates to close it has (no names), once a day at most and only when there
    are any. Marks nothing closed."""
    from waypoint.closure.queries import silence_counts

    result = SweepResult(today=today)
    rules = list(ClosureSettings.objects.filter(silence_days__gt=0).select_related("program"))
    silence = {r.program_id: r.silence_days for r in rules}
    counts = silence_counts(silence, today)
    now = timezone.now()
    for setting in rules:
        program = setting.program
        count = counts.get(program.pk, 0)
        result.quiet[program.pk] = count
        if not count:
            continue
        told = []
        for user in _supervisors(program.pk):
            _notice, made = SilenceNotice.objects.get_or_create(
                program=program,
                user=user,
                sent_on=today,
                defaults={"candidates": count, "sent_at": now},
            )
            if made:
                _tell(user.email, program.name, count, setting.silence_days, user.language)
                told.append(user.pk)
        result.emails += len(told)
        if told:
            audit(
                None,
                "send",
                "long_silence",
                program.pk,
                participant_id=None,
                organization_id=program.organization_id,
                program_id=program.pk,
                changes={"candidates": count, "told": told, "on": today.isoformat()},
            )
    return result


def daily_sweep(today: date) -> SweepResult:
    """Everything endings do once a day: the long-silence count to supervisors, and the
    transition reminders to navigators (``extra["reminders"]``: how many were sent)."""
    from waypoint.closure.actions.forecast import send_transition_reminders

    result = notify_long_silence(today)
    result.extra["reminders"] = send_transition_reminders(today)
    return result
