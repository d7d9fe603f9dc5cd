"""Conference email: invitations with a real iCalendar file (REQUEST, and CANCEL when
the meeting is called off or someone is taken off the list), each attendee's agenda,
and action items once the minutes are signed.

The calendar file never names a participant. The agenda lists, for each attendee, only
the participants they may hear about (``queries.hearing``), and for someone outside the
organization only a first name or initials unless a consent covers contact details.
Every share with someone outside the organization is recorded as a disclosure under the
consent that allowed it, in the transaction that decides to send; the email itself goes
once that transaction has committed.

Each email (and its calendar file) speaks its recipient's language: a participant's
language in writing, a staff or partner account's own choice of language, otherwise the
site's. What is recorded about a share (the disclosure's ``about``) stays in the site's
language: it is stored text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from icalendar import Calendar, Event, vCalAddress, vText

from waypoint import bounds
from waypoint.conferences import queries
from waypoint.conferences.models import ActionItem, Attendee, Conference
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import Category, Disclosure
from waypoint.notes.calendar import invitation_address, spoken_moment

if TYPE_CHECKING:
    from waypoint.accounts.models import User

PRODID = "-//Waypoint//Conferences//EN"
PREPARE = gettext_lazy(
    "Come prepared: for each person, a line or two on the strengths you have seen, "
    "what gets in the way, and ideas that could help. Keep to what matters for the plan."
)


def language_of(attendee: Attendee) -> str:
    """The language an attendee's email speaks (see the module)."""
    known = {code for code, _name in settings.LANGUAGES}
    if attendee.kind == Attendee.Kind.PARTICIPANT and attendee.participant is not None:
        return str(attendee.participant.writing_language)
    chosen = getattr(attendee.user, "language", "") if attendee.user_id is not None else ""
    return str(chosen) if chosen in known else str(settings.LANGUAGE_CODE)


def _english() -> bool:
    return (translation.get_language() or "en").split("-")[0] == "en"


def stored_kind(conference: Conference) -> str:
    """The conference's kind in lower case in the site's language, for stored text."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(conference.get_kind_display()).lower()


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
    return spoken_moment(conference.starts_at)


def _where(conference: Conference) -> str:
    parts = [conference.place, conference.video_link]
    return " · ".join(p for p in parts if p)


def _summary(conference: Conference, attendee: Attendee) -> str:
    """The calendar title: the conference's own name for staff; for anyone else the
    kind and the organization, since a name typed by staff may name someone."""
    if attendee.kind == Attendee.Kind.STAFF:
        return conference.title
    return _("%(kind)s with %(organization)s") % {
        "kind": conference.get_kind_display(),
        "organization": conference.organization.name,
    }


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
    words = {
        "kind": conference.get_kind_display(),
        "organization": conference.organization.name,
        "link": conference.video_link,
    }
    event.add(
        "description",
        _("%(kind)s (%(organization)s). Video link: %(link)s. The agenda is in the email.") % words
        if conference.video_link
        else _("%(kind)s (%(organization)s). The agenda is in the email.") % words,
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
    local = timezone.localtime(conference.starts_at)
    return f"{local:%B %-d}" if _english() else date_format(local, "MONTH_DAY_FORMAT")


def _date(day: Any, english: str, other: str) -> str:
    """A date: ``english`` is a strftime format, ``other`` Django's for another
    language."""
    return f"{day:{english}}" if _english() else date_format(day, other)


def _weekday(day: Any) -> str:
    """A due date with its weekday: "Monday, January 5"."""
    if _english():
        return f"{day:%A, %B %-d}"
    return _("%(weekday)s, %(date)s") % {
        "weekday": date_format(day, "l"),
        "date": date_format(day, "MONTH_DAY_FORMAT"),
    }


def shown_name(participant: Any, cell: queries.Hearing) -> str:
    return str(participant.preferred_name) if cell.full_name else queries.short_name(participant)


def invitations(
    conference: Conference, attendees: Iterable[Attendee], *, by: User
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
        with translation.override(language_of(attendee)):
            messages.append(_invitation(conference, attendee, to, check, carried, by=by))
    return messages


def _invitation(
    conference: Conference,
    attendee: Attendee,
    to: str,
    check: queries.Check,
    carried: dict[int, list[Any]],
    *,
    by: User,
) -> EmailMultiAlternatives:
    words = {
        "name": attendee.name,
        "kind": str(conference.get_kind_display()).lower(),
        "organization": conference.organization.name,
        "when": when(conference),
        "minutes": conference.minutes,
    }
    lines = [
        _("Hello %(name)s,") % words,
        "",
        _("You are invited to a %(kind)s with %(organization)s.") % words,
        ngettext(
            "When: %(when)s, for %(minutes)s minute",
            "When: %(when)s, for %(minutes)s minutes",
            conference.minutes,
        )
        % words,
    ]
    if conference.place:
        lines.append(_("Where: %(place)s") % {"place": conference.place})
    if conference.video_link:
        lines.append(_("Video link: %(link)s") % {"link": conference.video_link})
    if attendee.roles:
        lines.append(_("Your role: %(roles)s") % {"roles": ", ".join(attendee.roles).lower()})
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
                    "    "
                    + _("Open from an earlier meeting: %(what)s (due %(day)s)")
                    % {"what": item.what, "day": _date(item.due_on, "%b %-d", "MONTH_DAY_FORMAT")}
                )
        if attendee.outside and cell.consents:
            consent_actions.disclose(
                by=by,
                participant=discussion.participant,
                consents=cell.consents,
                categories=[Category.CONTACT] if cell.full_name else [],
                channel=Disclosure.Channel.CONFERENCE,
                about=f"Agenda: {stored_kind(conference)}",
            )
    lines += ["", _("Agenda:") if agenda else _("The agenda will be shared at the meeting.")]
    lines += agenda
    if attendee.kind in (Attendee.Kind.PARTNER, Attendee.Kind.RESOURCE):
        lines += ["", str(PREPARE)]
        if attendee.user_id is not None:
            lines.append(_("You can also send your update ahead when you sign in to Waypoint."))
    lines += ["", _("The attached invitation adds it to your calendar.")]
    summary = _summary(conference, attendee)
    return _message(
        conference,
        attendee,
        to,
        _("Updated: %(summary)s") % {"summary": summary} if conference.sequence else summary,
        lines,
        cancelled=False,
    )


def cancellation(conference: Conference, attendee: Attendee, to: str) -> EmailMultiAlternatives:
    with translation.override(language_of(attendee)):
        words = {
            "name": attendee.name,
            "kind": str(conference.get_kind_display()).lower(),
            "when": when(conference),
        }
        lines = [
            _("Hello %(name)s,") % words,
            "",
            _("The %(kind)s on %(when)s is cancelled.") % words
            if conference.cancelled
            else _("The %(kind)s on %(when)s is cancelled for you: you are no longer on its list.")
            % words,
        ]
        return _message(
            conference,
            attendee,
            to,
            _("Cancelled: %(summary)s") % {"summary": _summary(conference, attendee)},
            lines,
            cancelled=True,
        )


def action_item_messages(conference: Conference, *, by: User) -> list[EmailMultiAlternatives]:
    """After signing: each owner outside the organization gets only their items, and only
    what they may hear; the participant gets theirs in plain words. Staff items are on
    their owners' lists already. Records the disclosures."""
    check = queries.privacy_check(conference)
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
        with translation.override(language_of(owner)):
            message = _action_items(conference, owner, owner_items, to, check, by=by)
        if message is not None:
            messages.append(message)
    return messages


def _action_items(
    conference: Conference,
    owner: Attendee,
    owner_items: list[ActionItem],
    to: str,
    check: queries.Check,
    *,
    by: User,
) -> EmailMultiAlternatives | None:
    """One owner's action items, or None when they may hear about none of them."""
    by_discussion = {d.pk: d for d in check.discussions}
    lines = [_("Hello %(name)s,") % {"name": owner.name}, ""]
    mine = owner.kind == Attendee.Kind.PARTICIPANT
    lines.append(
        _("Here is what you said you would do after our meeting:")
        if mine
        else _("Here are your action items from the %(kind)s with %(organization)s on %(day)s:")
        % {
            "kind": str(conference.get_kind_display()).lower(),
            "organization": conference.organization.name,
            "day": _day(conference),
        }
    )
    shown = 0
    for item in owner_items:
        discussion = by_discussion[item.discussion_id]
        cell = check.cell(owner, discussion)
        if not cell.may_hear(item.sensitive_categories):
            continue
        shown += 1
        words = {
            "what": item.what,
            "name": shown_name(discussion.participant, cell),
            "day": _weekday(item.due_on),
        }
        lines.append(
            "- "
            + (
                _("%(what)s, by %(day)s") % words
                if mine
                else _("%(what)s (for %(name)s), by %(day)s") % words
            )
        )
        if item.service is not None:
            lines.append("    " + _("Where: %(place)s") % {"place": item.service.name})
        if owner.outside and cell.consents and not mine:
            consent_actions.disclose(
                by=by,
                participant=discussion.participant,
                consents=cell.consents,
                categories=sorted(set(item.sensitive_categories))
                + ([Category.CONTACT] if cell.full_name else []),
                channel=Disclosure.Channel.CONFERENCE,
                about=f"Action item: {stored_kind(conference)}",
            )
    if not shown:
        return None
    lines += [
        "",
        _("If something gets in the way, reply to this email and we will work it out together.")
        if mine
        else _("When it is done, or if something gets in the way, reply to this email."),
    ]
    return EmailMultiAlternatives(
        subject=_("What you agreed to do")
        if mine
        else _("Your action items: %(summary)s") % {"summary": _summary(conference, owner)},
        body="\n".join(lines),
        to=[to],
        reply_to=[_organizer(conference)],
    )


def deliver(messages: list[EmailMultiAlternatives]) -> None:
    if messages:
        get_connection().send_messages(messages)
