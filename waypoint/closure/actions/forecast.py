"""The transition date (the forecast), its reminders, and the exit interview.

- ``set_forecast`` / ``clear_forecast``: the planned transition date of the current
  cycle, and when and how it was talked through with the participant; the enrollment
  keeps a copy (``Enrollment.transition_on``) so the caseload stays one query.
- ``send_transition_reminders``: the daily email to a navigator on each of the
  program's reminder days; each reminder is remembered on the forecast, so a second run
  sends nothing.
- ``schedule_interview``: the exit interview as an appointment (the notes app sends the
  calendar invitation); ``record_interview``: held (in their words, a satisfaction from
  1 to 5, the program's own exit questions) or declined. Recording it held also records
  its appointment as kept, through the notes app's own action.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from waypoint import bounds
from waypoint.accounts.queries import access_for
from waypoint.closure.actions._common import (
    OPEN,
    audit_record,
    check_open,
    day_words,
    lock,
    this_cycle,
)
from waypoint.closure.models import ClosureSettings, ExitInterview, Forecast
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.toolkit import changed_since, check_writer, earlier, saved_once

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_DISCUSSED_HOW = 500
MAX_WORDS = 2000
MAX_ANSWER = 5000
MAX_REMINDER_DAYS = 365
# What a wrong answer to a question of each kind is told ("%(label)s": the question).
ANSWER_HINTS = {
    "number": gettext_lazy("“%(label)s”: use a number, like 3 or 2.5."),
    "date": gettext_lazy("“%(label)s”: use a date like 2026-03-31."),
    "yes_no": gettext_lazy("“%(label)s”: answer yes or no."),
    "single": gettext_lazy("“%(label)s”: choose one of its choices."),
    "multiple": gettext_lazy("“%(label)s”: choose from its choices."),
}
CHECK_THE_ANSWER = gettext_lazy("“%(label)s”: check the answer.")
YEARS_AHEAD = 3
SATISFACTION = (
    (1, gettext_lazy("1: Not at all satisfied")),
    (2, gettext_lazy("2: A little satisfied")),
    (3, gettext_lazy("3: Somewhat satisfied")),
    (4, gettext_lazy("4: Very satisfied")),
    (5, gettext_lazy("5: Completely satisfied")),
)
FORECAST_PARTS = {
    "transition_on": gettext_lazy("the transition date"),
    "discussed_on": gettext_lazy("when it was discussed"),
    "discussed_how": gettext_lazy("how it was discussed"),
    "cleared": gettext_lazy("the transition date"),
}
INTERVIEW_PARTS = {
    "status": gettext_lazy("whether it was held"),
    "held_on": gettext_lazy("the day it was held"),
    "helped": gettext_lazy("what helped"),
    "better": gettext_lazy("what could be better"),
    "next_feelings": gettext_lazy("how they feel about what's next"),
    "satisfaction": gettext_lazy("satisfaction"),
    "answers": gettext_lazy("the program's questions"),
    "declined_words": gettext_lazy("their words"),
    "appointment": gettext_lazy("the appointment"),
}


def _latest(today: date) -> date:
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def short_notice(transition_on: date | None, rules: ClosureSettings, today: date) -> bool:
    """Whether the date is closer than the program asks (``notice_weeks`` ahead)."""
    return transition_on is not None and (transition_on - today).days < 7 * rules.notice_weeks


def _stale(kind: str, obj: Any, expected: int, by: User, parts: dict[str, Any]) -> StaleEdit:
    return changed_since(
        kind,
        obj.public_id,
        expected,
        parts=lambda changes: [k for k in changes if k in parts],
        titles=lambda key: str(parts.get(key, key)),
        by=by,
        actions=("create", "update"),
    ).refusal()


# --- The forecast ---------------------------------------------------------------------


@transaction.atomic
def set_forecast(
    *,
    by: User,
    enrollment: Enrollment,
    transition_on: date | None,
    discussed_on: date | None = None,
    discussed_how: str = "",
    expected_version: int | None = None,
) -> Forecast:
    """Set (or change) the planned transition date of the current ending, and when and
    how it was talked through. ``expected_version`` is the forecast's version the form
    was opened at (0 when there was none)."""
    check_writer(by, enrollment.program_id)
    current = lock(enrollment)
    check_open(current, "transition date")
    forecast = this_cycle(Forecast, current).select_for_update().first()
    discussed_how = discussed_how.strip()
    if expected_version is not None:
        have = forecast.version if forecast is not None else 0
        same = forecast is not None and (
            forecast.transition_on,
            forecast.discussed_on,
            forecast.discussed_how,
        ) == (transition_on, discussed_on, discussed_how)
        if same:
            return forecast  # type: ignore[return-value]  # the same form sent twice
        if have != expected_version:
            if forecast is None:
                raise StaleEdit([_("the transition date (someone cleared it)")], [])
            raise _stale("forecast", forecast, expected_version, by, FORECAST_PARTS)
    today = timezone.localdate()
    if transition_on is None:
        raise ActionRefused(_("Give the planned transition date."), field="transition_on")
    if transition_on < current.started_on:
        raise ActionRefused(
            _("The transition date cannot be before they started on %(started_on)s.")
            % {"started_on": day_words(current.started_on)},
            field="transition_on",
        )
    if transition_on > _latest(today):
        raise ActionRefused(
            _("Give a transition date within %(years)s years, by %(latest)s.")
            % {"years": YEARS_AHEAD, "latest": day_words(_latest(today))},
            field="transition_on",
        )
    if discussed_on is not None:
        if discussed_on > today:
            raise ActionRefused(
                _(
                    "The day it was discussed cannot be in the future. Record it once you have "
                    "talked it through."
                ),
                field="discussed_on",
            )
        if discussed_on < current.started_on:
            raise ActionRefused(
                _("The day it was discussed cannot be before they started on %(started_on)s.")
                % {"started_on": day_words(current.started_on)},
                field="discussed_on",
            )
    if len(discussed_how) > MAX_DISCUSSED_HOW:
        raise ActionRefused(
            _("Keep it under %(most)s characters.") % {"most": MAX_DISCUSSED_HOW},
            field="discussed_how",
        )
    if text_problem := bounds.text_problem(discussed_how):
        raise ActionRefused(text_problem, field="discussed_how")
    now = timezone.now()
    changes: dict[str, Any] = {}
    if forecast is None:
        forecast = Forecast.objects.create(
            enrollment=current,
            participant_id=current.participant_id,
            cycle=current.cycle,
            transition_on=transition_on,
            discussed_on=discussed_on,
            discussed_how=discussed_how,
            set_by=by,
            set_at=now,
        )
        action = "create"
        changes = {
            "transition_on": str(transition_on),
            "discussed_on": str(discussed_on) if discussed_on else None,
            "discussed_how": bool(discussed_how),
        }
    else:
        action = "update"
        new = {
            "transition_on": transition_on,
            "discussed_on": discussed_on,
            "discussed_how": discussed_how,
        }
        for name, value in new.items():
            if getattr(forecast, name) != value:
                changes[name] = str(value) if isinstance(value, date) else value
        if not changes:
            return forecast
        if "transition_on" in changes:
            forecast.reminded = []
        for name, value in new.items():
            setattr(forecast, name, value)
        forecast.set_by, forecast.set_at = by, now
        forecast.version += 1
        forecast.save(update_fields=[*new, "reminded", "set_by", "set_at", "version"])
        if "discussed_how" in changes:
            changes["discussed_how"] = bool(discussed_how)
    changes["version"] = forecast.version
    if current.transition_on != transition_on:
        current.transition_on = transition_on
        current.save(update_fields=["transition_on", "updated_at"])
    audit_record(by, action, "forecast", forecast, current, changes)
    forecast.enrollment = current
    return forecast


@transaction.atomic
def clear_forecast(
    *, by: User, enrollment: Enrollment, expected_version: int | None = None
) -> None:
    """Take the transition date away (the plan changed); the enrollment's copy too."""
    check_writer(by, enrollment.program_id)
    current = lock(enrollment)
    check_open(current, "transition date")
    forecast = this_cycle(Forecast, current).select_for_update().first()
    if forecast is None:
        return
    if expected_version is not None and forecast.version != expected_version:
        raise _stale("forecast", forecast, expected_version, by, FORECAST_PARTS)
    audit_record(
        by,
        "delete",
        "forecast",
        forecast,
        current,
        {"cleared": True, "transition_on": str(forecast.transition_on)},
    )
    forecast.delete()
    if current.transition_on is not None:
        current.transition_on = None
        current.save(update_fields=["transition_on", "updated_at"])


# --- Reminders --------------------------------------------------------------------------


def _reminder_days(rules: ClosureSettings | None) -> set[int]:
    days = rules.reminder_days if rules is not None else ClosureSettings().reminder_days
    found = set()
    for day in days or []:
        try:
            number = int(day)
        except (TypeError, ValueError):
            continue
        if 0 < number <= MAX_REMINDER_DAYS:
            found.add(number)
    return found


def _reminder_text(days: int, path: str, language: str = "") -> tuple[str, str]:
    """The reminder's subject and body, in the navigator's language for Waypoint."""
    with translation.override(language or django_settings.LANGUAGE_CODE):
        if days == 1:
            subject = _("A transition tomorrow")
            first = _("A participant on your caseload has a transition tomorrow.")
        else:
            subject = ngettext(
                "A transition in %(days)s day", "A transition in %(days)s days", days
            ) % {"days": days}
            first = ngettext(
                "A participant on your caseload has a transition in %(days)s day.",
                "A participant on your caseload has a transition in %(days)s days.",
                days,
            ) % {"days": days}
        sign_in = _("Sign in to Waypoint to see it and to plan the last steps together:")
    body = f"{first}\n{sign_in}\n{path}\n"
    return subject, body


def send_transition_reminders(today: date) -> int:
    """Email each open enrollment's navigator on the program's reminder days before its
    transition date (28, 14, 7 and 1 by default). Each reminder is sent once: the day is
    remembered on the forecast. The email never names the participant. Returns how
    many were sent."""
    rules = {s.program_id: s for s in ClosureSettings.objects.all()}
    candidates = (
        Forecast.objects.filter(
            enrollment__status__in=OPEN,
            transition_on__gt=today,
            transition_on__lte=today + timedelta(days=MAX_REMINDER_DAYS),
        )
        .select_related("enrollment")
        .order_by("pk")
    )
    sent = 0
    for forecast in candidates:
        enrollment = forecast.enrollment
        days = (forecast.transition_on - today).days
        if forecast.cycle != enrollment.cycle:
            continue
        if enrollment.transition_on != forecast.transition_on:
            continue
        if days not in _reminder_days(rules.get(enrollment.program_id)):
            continue
        if days in forecast.reminded:
            continue
        sent += _remind(forecast.pk, days, today)
    return sent


@transaction.atomic
def _remind(forecast_pk: int, days: int, today: date) -> int:
    forecast = (
        Forecast.objects.select_for_update(of=("self",))
        .select_related("enrollment__navigator", "participant")
        .get(pk=forecast_pk)
    )
    if days in forecast.reminded or (forecast.transition_on - today).days != days:
        return 0  # a simultaneous run sent it, or the date moved
    navigator = forecast.enrollment.navigator
    if navigator is None or not navigator.email or not navigator.is_active:
        return 0
    forecast.reminded = sorted({*forecast.reminded, days}, reverse=True)
    forecast.save(update_fields=["reminded"])
    audit_record(
        None,
        "update",
        "forecast",
        forecast,
        forecast.enrollment,
        {"reminded": days, "to": navigator.pk},
    )
    path = reverse("participant_detail", kwargs={"public_id": forecast.participant.public_id})
    subject, body = _reminder_text(days, path, navigator.language)
    address = navigator.email
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=body,
            from_email=django_settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    )
    return 1


# --- The exit interview -----------------------------------------------------------------


def exit_questions(program: Any) -> list[dict[str, Any]]:
    """The program's active exit interview questions, as they are asked now."""
    from waypoint.assessments.models import Question

    found = Question.objects.filter(
        program=program, section=Question.Placement.EXIT, active=True
    ).order_by("position", "pk")
    return [q.snapshot() for q in found]


@transaction.atomic
def schedule_interview(
    *,
    by: User,
    enrollment: Enrollment,
    data: dict[str, Any],
    invite: bool = False,
    creation_key: uuid.UUID | None = None,
) -> ExitInterview:
    """Schedule the exit interview as an appointment (with the calendar invitation when
    ``invite``). An interview already scheduled gets the new appointment (the old one is
    left as it is: cancel it on its page); one held or declined is refused."""
    from waypoint.notes.actions import schedule_appointment

    check_writer(by, enrollment.program_id)
    current = lock(enrollment)
    done = earlier(ExitInterview, creation_key, enrollment=current)
    if done is not None:
        return done  # type: ignore[no-any-return]
    check_open(current, "exit interview")
    interview = this_cycle(ExitInterview, current).select_for_update().first()
    if interview is not None and interview.status != ExitInterview.Status.SCHEDULED:
        raise ActionRefused(
            _("The exit interview is already recorded (%(status)s).")
            % {"status": interview.get_status_display().lower()}
        )
    appointment = schedule_appointment(
        by=by,
        enrollment=current,
        # The appointment's purpose is stored (their record's words), so it stays as given.
        data={**data, "purpose": str(data.get("purpose") or "Exit interview")},
        invite=invite,
        creation_key=creation_key,
    )
    now = timezone.now()
    if interview is None:
        made = ExitInterview(
            enrollment=current,
            participant_id=current.participant_id,
            cycle=current.cycle,
            status=ExitInterview.Status.SCHEDULED,
            appointment=appointment,
            created_by=by,
            created_at=now,
            creation_key=creation_key,
        )
        saved, created = saved_once(made, creation_key, enrollment=current)
        if not created:
            return saved
        interview = saved
        action = "create"
    else:
        if interview.appointment_id == appointment.pk:
            return interview  # the same form sent twice
        interview.appointment = appointment
        interview.version += 1
        interview.save(update_fields=["appointment", "version"])
        action = "update"
    audit_record(
        by,
        action,
        "exit_interview",
        interview,
        current,
        {
            "status": interview.status,
            "appointment": str(appointment.public_id),
            "version": interview.version,
        },
    )
    return interview


@dataclass
class Record:
    """What was said at the exit interview (everything optional), or their choice not to
    have one (``held=False``, with their words if they gave any)."""

    held: bool = True
    held_on: date | None = None
    helped: str = ""
    better: str = ""
    next_feelings: str = ""
    satisfaction: int | None = None
    answers: dict[str, Any] | None = None
    declined_words: str = ""


def _check_record(record: Record, enrollment: Enrollment, today: date) -> None:
    if record.held:
        if record.held_on is None:
            raise ActionRefused(_("Give the day the exit interview was held."), field="held_on")
        if record.held_on > today:
            raise ActionRefused(
                _("The exit interview cannot be recorded as held in the future."), field="held_on"
            )
        if record.held_on < enrollment.started_on:
            raise ActionRefused(
                _("The day it was held cannot be before they started on %(started_on)s.")
                % {"started_on": day_words(enrollment.started_on)},
                field="held_on",
            )
    if record.satisfaction is not None and not 1 <= record.satisfaction <= 5:
        raise ActionRefused(_("Choose a satisfaction from 1 to 5."), field="satisfaction")
    for name in ("helped", "better", "next_feelings", "declined_words"):
        value = getattr(record, name)
        if len(value) > MAX_WORDS:
            raise ActionRefused(
                _("Keep it under %(most)s characters.") % {"most": MAX_WORDS}, field=name
            )
        if problem := bounds.text_problem(value):
            raise ActionRefused(problem, field=name)


def _checked_answers(questions: list[dict[str, Any]], given: dict[str, Any]) -> dict[str, Any]:
    """The answers to the questions asked (others are dropped), each checked against its
    question's kind; a wrong one is refused with the question's words."""
    out: dict[str, Any] = {}
    for q in questions:
        value = given.get(q["key"])
        if value is None or value == "" or value == []:
            continue
        label = q["label"]
        kind = q["kind"]
        wrong = ActionRefused(str(ANSWER_HINTS.get(kind, CHECK_THE_ANSWER)) % {"label": label})
        if kind == "multiple":
            if not isinstance(value, list) or not set(map(str, value)) <= set(q["choices"]):
                raise wrong
            value = [str(v) for v in value]
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise wrong
        else:
            value = str(value).strip()
            if kind == "single" and value not in q["choices"]:
                raise wrong
            if kind == "yes_no" and value not in ("yes", "no"):
                raise wrong
            if kind == "number":
                try:
                    number = Decimal(value)
                except InvalidOperation:
                    raise wrong from None
                if not number.is_finite() or abs(number) >= Decimal("1e10"):
                    raise wrong
            if kind == "date":
                try:
                    day = date.fromisoformat(value)
                except ValueError:
                    raise wrong from None
                if bounds.WIDE.problem(day):
                    raise wrong
            if len(value) > MAX_ANSWER:
                raise ActionRefused(
                    _("“%(label)s”: keep it under %(most)s characters.")
                    % {"label": label, "most": MAX_ANSWER}
                )
        for text in value if isinstance(value, list) else [value]:
            if problem := bounds.text_problem(text):
                raise ActionRefused(
                    _("“%(label)s”: %(problem)s") % {"label": label, "problem": problem}
                )
        out[q["key"]] = value
    return out


def _same(interview: ExitInterview, fields: dict[str, Any]) -> bool:
    return all(getattr(interview, name) == value for name, value in fields.items())


@transaction.atomic
def record_interview(
    *,
    by: User,
    enrollment: Enrollment,
    record: Record,
    expected_version: int | None = None,
    creation_key: uuid.UUID | None = None,
) -> ExitInterview:
    """Record the exit interview held (and its appointment kept, with a contact and a
    note to write, the way the notes app records a meeting), or declined. An interview
    never scheduled is made here. ``expected_version`` is the interview's version the
    form was opened at (0 when there was none); the same form sent twice changes it
    once."""
    from waypoint.notes.actions import cancel_appointment, log_contact
    from waypoint.notes.models import Appointment, Contact

    check_writer(by, enrollment.program_id)
    current = lock(enrollment)
    check_open(current, "exit interview")
    interview = this_cycle(ExitInterview, current).select_for_update().first()
    today = timezone.localdate()
    for name in ("helped", "better", "next_feelings", "declined_words"):
        setattr(record, name, str(getattr(record, name) or "").strip())
    _check_record(record, current, today)
    questions = (
        interview.questions
        if interview is not None and interview.status == ExitInterview.Status.HELD
        else exit_questions(current.program)
    )
    answers = _checked_answers(questions, record.answers or {})
    if not access_for(by).sees_sensitive(current.program):
        # Answers to private questions this role may not read are kept as they were.
        private = {q["key"] for q in questions if q.get("sensitive")}
        kept = interview.answers if interview is not None else {}
        answers = {k: v for k, v in answers.items() if k not in private}
        answers.update({k: v for k, v in kept.items() if k in private})
    held = ExitInterview.Status.HELD
    fields: dict[str, Any] = {
        "status": held if record.held else ExitInterview.Status.DECLINED,
        "held_on": record.held_on if record.held else None,
        "helped": record.helped if record.held else "",
        "better": record.better if record.held else "",
        "next_feelings": record.next_feelings if record.held else "",
        "satisfaction": record.satisfaction if record.held else None,
        "answers": answers if record.held else {},
        "questions": questions if record.held else [],
        "declined_words": "" if record.held else record.declined_words,
    }
    have = interview.version if interview is not None else 0
    if expected_version is not None and have != expected_version:
        if interview is not None and _same(interview, fields):
            return interview  # the same form sent twice
        if interview is None:
            raise StaleEdit(["the exit interview"], [])
        raise _stale("exit_interview", interview, expected_version, by, INTERVIEW_PARTS)
    now = timezone.now()
    if interview is None:
        made = ExitInterview(
            enrollment=current,
            participant_id=current.participant_id,
            cycle=current.cycle,
            created_by=by,
            created_at=now,
            recorded_by=by,
            recorded_at=now,
            creation_key=creation_key,
            **fields,
        )
        saved, created = saved_once(made, creation_key, enrollment=current)
        if not created:
            return saved
        interview = saved
        action = "create"
        changed = list(fields)
    else:
        changed = [name for name, value in fields.items() if getattr(interview, name) != value]
        if not changed:
            return interview
        for name, value in fields.items():
            setattr(interview, name, value)
        interview.recorded_by, interview.recorded_at = by, now
        interview.version += 1
        interview.save()
        action = "update"
    appointment = interview.appointment
    if record.held and appointment is not None:
        status = Appointment.objects.filter(pk=appointment.pk).values_list("status", flat=True)
        if status.first() == Appointment.Status.SCHEDULED:
            happened = min(appointment.starts_at, now)
            log_contact(
                by=by,
                enrollment=current,
                outcome=Contact.Outcome.COMPLETED,
                data={
                    "method": appointment.method,
                    "place": appointment.place,
                    "happened_at": happened,
                    "minutes": appointment.minutes,
                },
                appointment=appointment,
            )
    elif appointment is not None:
        status = Appointment.objects.filter(pk=appointment.pk).values_list("status", flat=True)
        if status.first() == Appointment.Status.SCHEDULED:
            appointment.enrollment = current
            cancel_appointment(
                by=by, appointment=appointment, reason="They chose not to have an exit interview."
            )
    audit_record(
        by,
        action,
        "exit_interview",
        interview,
        current,
        {
            **{name: True for name in changed if name not in ("status", "held_on")},
            **({"status": interview.status} if "status" in changed else {}),
            **({"held_on": str(interview.held_on)} if "held_on" in changed else {}),
            "version": interview.version,
        },
    )
    return interview
