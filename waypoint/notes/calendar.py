"""Calendar invitations for appointments: a real iCalendar (.ics) file, by email.

The invitation says when, where and with whom, never what the meeting is about:
email leaves the organization, and a purpose can be private.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
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
    return str(staff) if staff is not None else "your navigator"


def ics(appointment: Any, address: str) -> bytes:
    """The invitation (or, for a cancelled appointment, the cancellation) as .ics."""
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
    event.add("summary", f"Meeting with {_staff_name(appointment)}")
    where = _where(appointment)
    if where:
        event.add("location", where)
    event.add(
        "description",
        f"{appointment.get_method_display()} with {_staff_name(appointment)} "
        f"({appointment.organization.name}).",
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
    local = timezone.localtime(appointment.starts_at)
    hour = local.strftime("%I:%M %p").lstrip("0").lower()
    return f"{local:%A, %B} {local.day}, {local.year} at {hour} ({local.tzname()})"


def send_invitation(appointment: Any, address: str) -> None:
    """Email the invitation (or cancellation) with the .ics attached."""
    cancelled = appointment.status == appointment.Status.CANCELLED
    name = appointment.participant.preferred_name
    staff = _staff_name(appointment)
    when = _when(appointment)
    if cancelled:
        subject = f"Cancelled: meeting with {staff}"
        body = [f"Hello {name},", "", f"The meeting with {staff} on {when} is cancelled."]
    else:
        subject = f"Meeting with {staff}"
        body = [
            f"Hello {name},",
            "",
            f"This is your meeting with {staff}:",
            f"When: {when}, for {appointment.minutes} minutes",
            f"How: {appointment.get_method_display()}",
        ]
        where = _where(appointment)
        if where:
            body.append(f"Where: {where}")
        body += ["", "The attached invitation adds it to your calendar."]
    body += ["", f"If you need to change it, reply to this email or contact {staff}."]
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
