"""Conference email: invitations with a real iCalendar file (REQUEST, and CANCEL when
the meeting is called off or someone is taken off the list), each attendee's agenda,
and action items once the minutes are signed.

The calendar file never names a participant. The agenda lists, for each attendee, only
the participants they may hear about (``queries.hearing``), and for someone outside the
organization only a first name or initials unless a consent covers contact details.
Every share with someone outside the organization is recorded as a disclosure under the
consent that allowed it, in the transaction that decides to send; the email itself goes
once that transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from waypoint import bounds
from waypoint.conferences import queries
from waypoint.conferences.models import ActionItem, Attendee, Conference
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import Category, Disclosure
from waypoint.notes.calendar import invitation_address

PRODID = "-//Waypoint//Conferences//EN"
PREPARE = (
    "Come prepared: for each person, a line or two on the strengths you have seen, "
    "what gets in the way, and ideas that could help. Keep to what matters for the plan."
)


def address(attendee: Attendee) -> str | None:
    """Where an attendee's email goes: their own address, a staff or partner account's,
    or for a participant the address on their profile marked safe."""
    if attendee.email:
        return attendee.email
    if attendee.user is not None and attendee.user.email:
        return str(attendee.user.email)
    if attendee.participant is not None:
        return invitation_address(attendee.participant)
    return None


def _organizer(conference: Conference) -> str:
    creator = conference.created_by
    if creator is not None and creator.email:
        return str(creator.email)
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "waypoint@localhost"


def when(conference: Conference) -> str:
    local = timezone.localtime(conference.starts_at)
    hour = local.strftime("%I:%M %p").lstrip("0").lower()
    return f"{local:%A, %B} {local.day}, {local.year} at {hour} ({local.tzname()})"


def _where(conference: Conference) -> str:
    parts = [conference.place, conference.video_link]
    return " · ".join(p for p in parts if p)


def _summary(conference: Conference, attendee: Attendee) -> str:
    """The calendar title: the conference's own name for staff; for anyone else the
    kind and the organization, since a name typed by staff may name someone."""
    if attendee.kind == Attendee.Kind.STAFF:
        return conference.title
    return f"{conference.get_kind_display()} with {conference.organization.name}"


def ics(conference: Conference, attendee: Attendee, to: str, *, cancelled: bool) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"{conference.public_id}@waypoint")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", conference.starts_at)
    event.add("dtend", bounds.later(conference.starts_at, timedelta(minutes=conference.minutes)))
    event.add("sequence", conference.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", _summary(conference, attendee))
    if conference.place:
        event.add("location", conference.place)
    if conference.video_link:
        event.add("url", conference.video_link)
    event.add(
        "description",
        f"{conference.get_kind_display()} ({conference.organization.name}). "
        + (f"Video link: {conference.video_link}. " if conference.video_link else "")
        + "The agenda is in the email.",
    )
    organizer = vCalAddress(f"mailto:{_organizer(conference)}")
    organizer.params["cn"] = vText(str(conference.created_by or conference.organization.name))
    event.add("organizer", organizer)
    person = vCalAddress(f"mailto:{to}")
    person.params["cn"] = vText(attendee.name)
    person.params["role"] = vText("REQ-PARTICIPANT")
    person.params["partstat"] = vText("NEEDS-ACTION")
    event.add("attendee", person, encode=False)
    cal.add_component(event)
    return bytes(cal.to_ical())


def _message(
    conference: Conference,
    attendee: Attendee,
    to: str,
    subject: str,
    body: list[str],
    *,
    cancelled: bool,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject, body="\n".join(body), to=[to], reply_to=[_organizer(conference)]
    )
    content = ics(conference, attendee, to, cancelled=cancelled)
    method = "CANCEL" if cancelled else "REQUEST"
    message.attach_alternative(content.decode(), f"text/calendar; method={method}")
    message.attach("invitation.ics", content, "text/calendar")
    return message


def _day(conference: Conference) -> str:
    return f"{timezone.localtime(conference.starts_at):%B %-d}"


def shown_name(participant: Any, cell: queries.Hearing) -> str:
    return str(participant.preferred_name) if cell.full_name else queries.short_name(participant)


def invitations(
    conference: Conference, attendees: Iterable[Attendee], *, by: Any
) -> list[EmailMultiAlternatives]:
    """Build each attendee's invitation (or cancellation) with their agenda, recording
    the disclosures the agendas make. Call inside the sending transaction."""
    cancelled = conference.cancelled
    check = queries.privacy_check(conference)
    cells = {a.pk: a for a in check.attendees}
    carried = queries.carried_items(conference, check.discussions)
    messages = []
    for attendee in attendees:
        attendee = cells.get(attendee.pk, attendee)
        to = address(attendee)
        if to is None:
            continue
        if cancelled:
            messages.append(cancellation(conference, attendee, to))
            continue
        lines = [
            f"Hello {attendee.name},",
            "",
            f"You are invited to a {conference.get_kind_display().lower()} with "
            f"{conference.organization.name}.",
            f"When: {when(conference)}, for {conference.minutes} minutes",
        ]
        if conference.place:
            lines.append(f"Where: {conference.place}")
        if conference.video_link:
            lines.append(f"Video link: {conference.video_link}")
        if attendee.roles:
            lines.append(f"Your role: {', '.join(attendee.roles).lower()}")
        agenda = []
        for discussion in check.discussions:
            cell = check.cell(attendee, discussion)
            if not cell.cleared or cell.steps_out:
                continue
            entry = f"- {shown_name(discussion.participant, cell)}: {discussion.reason}"
            agenda.append(entry)
            for item in carried.get(discussion.enrollment_id, []):
                if cell.may_hear(item.sensitive_categories):
                    agenda.append(
                        f"    Open from an earlier meeting: {item.what} (due {item.due_on:%b %-d})"
                    )
            if attendee.outside and cell.consents:
                consent_actions.disclose(
                    by=by,
                    participant=discussion.participant,
                    consents=cell.consents,
                    categories=[Category.CONTACT] if cell.full_name else [],
                    channel=Disclosure.Channel.CONFERENCE,
                    about=f"Agenda: {conference.get_kind_display().lower()}",
                )
        lines += ["", "Agenda:" if agenda else "The agenda will be shared at the meeting."]
        lines += agenda
        if attendee.kind in (Attendee.Kind.PARTNER, Attendee.Kind.RESOURCE):
            lines += ["", PREPARE]
            if attendee.user_id is not None:
                lines.append("You can also send your update ahead when you sign in to Waypoint.")
        lines += ["", "The attached invitation adds it to your calendar."]
        messages.append(
            _message(
                conference,
                attendee,
                to,
                f"{'Updated: ' if conference.sequence else ''}{_summary(conference, attendee)}",
                lines,
                cancelled=False,
            )
        )
    return messages


def cancellation(conference: Conference, attendee: Attendee, to: str) -> EmailMultiAlternatives:
    lines = [
        f"Hello {attendee.name},",
        "",
        f"The {conference.get_kind_display().lower()} on {when(conference)} is cancelled"
        + ("." if conference.cancelled else " for you: you are no longer on its list."),
    ]
    message = _message(
        conference,
        attendee,
        to,
        f"Cancelled: {_summary(conference, attendee)}",
        lines,
        cancelled=True,
    )
    return message


def action_item_messages(conference: Conference, *, by: Any) -> list[EmailMultiAlternatives]:
    """After signing: each owner outside the organization gets only their items, and only
    what they may hear; the participant gets theirs in plain words. Staff items are on
    their owners' lists already. Records the disclosures."""
    check = queries.privacy_check(conference)
    by_discussion = {d.pk: d for d in check.discussions}
    items = list(
        ActionItem.objects.filter(conference=conference, owner_attendee__isnull=False)
        .select_related("owner_attendee__participant", "owner_attendee__user", "service")
        .order_by("due_on", "pk")
    )
    owners: dict[int, list[ActionItem]] = {}
    for item in items:
        owners.setdefault(item.owner_attendee_id, []).append(item)  # type: ignore[arg-type]
    messages = []
    for owner_items in owners.values():
        owner = owner_items[0].owner_attendee
        assert owner is not None
        to = address(owner)
        if to is None:
            continue
        lines = [f"Hello {owner.name},", ""]
        mine = owner.kind == Attendee.Kind.PARTICIPANT
        lines.append(
            "Here is what you said you would do after our meeting:"
            if mine
            else f"Here are your action items from the {conference.get_kind_display().lower()} "
            f"with {conference.organization.name} on {_day(conference)}:"
        )
        shown = 0
        for item in owner_items:
            discussion = by_discussion[item.discussion_id]
            cell = check.cell(owner, discussion)
            if not cell.may_hear(item.sensitive_categories):
                continue
            shown += 1
            about = "" if mine else f" (for {shown_name(discussion.participant, cell)})"
            lines.append(f"- {item.what}{about}, by {item.due_on:%A, %B %-d}")
            if item.service is not None:
                lines.append(f"    Where: {item.service.name}")
            if owner.outside and cell.consents and not mine:
                consent_actions.disclose(
                    by=by,
                    participant=discussion.participant,
                    consents=cell.consents,
                    categories=sorted(set(item.sensitive_categories))
                    + ([Category.CONTACT] if cell.full_name else []),
                    channel=Disclosure.Channel.CONFERENCE,
                    about=f"Action item: {conference.get_kind_display().lower()}",
                )
        if not shown:
            continue
        lines += [
            "",
            "If something gets in the way, reply to this email and we will work it out together."
            if mine
            else "When it is done, or if something gets in the way, reply to this email.",
        ]
        messages.append(
            EmailMultiAlternatives(
                subject="What you agreed to do"
                if mine
                else f"Your action items: {_summary(conference, owner)}",
                body="\n".join(lines),
                to=[to],
                reply_to=[_organizer(conference)],
            )
        )
    return messages


def deliver(messages: list[EmailMultiAlternatives]) -> None:
    if messages:
        get_connection().send_messages(messages)
