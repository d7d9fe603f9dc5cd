"""Calendar invitations for appointments: a real iCalendar (.ics) file, by email.

The invitation says when, where and with whom, never what the meeting is about:
email leaves the organization, and a purpose can be private.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from waypoint import bounds
from waypoint.participants.models import ContactMethod, Participant

PRODID = "-//Waypoint//Appointments//EN"


def invitation_address(participant: Participant) -> str | None:
    """The participant's first email address marked safe to use, if any."""
    for contact in participant.contacts.all():
        if (
            contact.kind == ContactMethod.Kind.EMAIL
            and contact.safe_to_contact == ContactMethod.Safe.YES
        ):
            return str(contact.value)
    return None


def _where(appointment: Any) -> str:
    parts = [appointment.get_place_display() if appointment.place else ""]
    parts.append(appointment.place_detail)
    if not appointment.place and not appointment.place_detail:
        parts.append(appointment.get_method_display())
    return ", ".join(p for p in parts if p)


def _staff_name(appointment: Any) -> str:
    staff = appointment.staff
    return str(staff) if staff is not None else gettext("your navigator")


def ics(appointment: Any, address: str) -> bytes:
    """The invitation (or, for a cancelled appointment, the cancellation) as .ics, its
    words in the language the participant gets things in writing in."""
    with translation.override(appointment.participant.writing_language):
        return _ics(appointment, address)


def _ics(appointment: Any, address: str) -> bytes:
    cancelled = appointment.status == appointment.Status.CANCELLED
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"{appointment.public_id}@waypoint")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", bounds.later(appointment.starts_at, timedelta(minutes=appointment.minutes)))
    event.add("sequence", appointment.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", gettext("Meeting with %(staff)s") % {"staff": _staff_name(appointment)})
    where = _where(appointment)
    if where:
        event.add("location", where)
    event.add(
        "description",
        gettext("%(how)s with %(staff)s (%(organization)s).")
        % {
            "how": appointment.get_method_display(),
            "staff": _staff_name(appointment),
            "organization": appointment.organization.name,
        },
    )
    organizer = vCalAddress(f"mailto:{_organizer_email(appointment)}")
    organizer.params["cn"] = vText(_staff_name(appointment))
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{address}")
    attendee.params["cn"] = vText(appointment.participant.preferred_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return bytes(cal.to_ical())


def _organizer_email(appointment: Any) -> str:
    staff = appointment.staff
    if staff is not None and staff.email:
        return str(staff.email)
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "waypoint@localhost"


def _when(appointment: Any) -> str:
    return spoken_moment(appointment.starts_at)


def spoken_moment(moment: Any) -> str:
    """A day and time as an invitation says it, in the language being spoken (English
    with its own clock; another language with its own names and clock)."""
    local = timezone.localtime(moment)
    if (translation.get_language() or "en").split("-")[0] == "en":
        hour = local.strftime("%I:%M %p").lstrip("0").lower()
        return f"{local:%A, %B} {local.day}, {local.year} at {hour} ({local.tzname()})"
    # Another language: its own names of days and months and its own clock.
    return gettext("%(day)s, %(date)s at %(time)s (%(zone)s)") % {
        "day": date_format(local, "l"),
        "date": date_format(local, "DATE_FORMAT"),
        "time": time_format(local, "TIME_FORMAT"),
        "zone": local.tzname(),
    }


def send_invitation(appointment: Any, address: str) -> None:
    """Email the invitation (or cancellation) with the .ics attached, in the language the
    participant gets things in writing in."""
    with translation.override(appointment.participant.writing_language):
        _send_invitation(appointment, address)


def _send_invitation(appointment: Any, address: str) -> None:
    cancelled = appointment.status == appointment.Status.CANCELLED
    words = {
        "name": appointment.participant.preferred_name,
        "staff": _staff_name(appointment),
        "when": _when(appointment),
    }
    if cancelled:
        subject = gettext("Cancelled: meeting with %(staff)s") % words
        body = [
            gettext("Hello %(name)s,") % words,
            "",
            gettext("The meeting with %(staff)s on %(when)s is cancelled.") % words,
        ]
    else:
        subject = gettext("Meeting with %(staff)s") % words
        body = [
            gettext("Hello %(name)s,") % words,
            "",
            gettext("This is your meeting with %(staff)s:") % words,
            gettext("When: %(when)s, for %(minutes)s minutes")
            % {**words, "minutes": appointment.minutes},
            gettext("How: %(how)s") % {"how": appointment.get_method_display()},
        ]
        where = _where(appointment)
        if where:
            body.append(gettext("Where: %(where)s") % {"where": where})
        body += ["", gettext("The attached invitation adds it to your calendar.")]
    body += [
        "",
        gettext("If you need to change it, reply to this email or contact %(staff)s.") % words,
    ]
    message = EmailMultiAlternatives(
        subject=subject,
        body="\n".join(body),
        to=[address],
        reply_to=[_organizer_email(appointment)],
    )
    content = ics(appointment, address)
    method = "CANCEL" if cancelled else "REQUEST"
    message.attach_alternative(content.decode(), f"text/calendar; method={method}")
    message.attach("invitation.ics", content, "text/calendar")
    message.send()
