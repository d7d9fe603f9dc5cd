"""The partner view of conferences: a person at a partner organization who signs in sees
the conferences they are invited to, and of each only what the privacy check lets them
hear at that moment (``queries.privacy_check``).

For each participant on the agenda a partner may hear about (a consent in force naming
their organization and covering the assessment, and not a part held with staff only):
the name as the consent allows (a first name and an initial unless it covers contact
details), why they are discussed, what others brought and the summary when the consent
covers every private category in it, and the action items. Of anyone else on the
agenda, nothing: not a name, not a count.

Before the meeting they send their update ahead ("Come prepared": strengths, barriers,
ideas). Once the minutes are signed they mark their own action items done. Every page
that shows a participant records a disclosure under the consent that allowed it, and an
audit event, as the partner view of referrals does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from waypoint.audit.actions import Entry, record
from waypoint.conferences import actions, queries
from waypoint.conferences.models import ActionItem, Attendee, Conference, Contribution, Discussion
from waypoint.conferences.notify import shown_name, stored_kind
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import SENSITIVE, Category, Disclosure
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.referrals.queries import partner_provider_id

TEXT = {"class": "usa-textarea", "rows": 2, "maxlength": 600}
PRIVATE_CHOICES = [(c, Category(c).label) for c in Category.values if c in SENSITIVE]


class UpdateForm(forms.Form):
    """A partner's update about one participant, before the meeting."""

    discussion = forms.UUIDField(widget=forms.HiddenInput)
    strengths = forms.CharField(
        label=gettext_lazy("Strengths you have seen"),
        required=False,
        max_length=600,
        help_text=gettext_lazy("A line or two: what is going well, what they are good at."),
        widget=forms.Textarea(attrs=TEXT),
    )
    barriers = forms.CharField(
        label=gettext_lazy("What gets in the way"),
        required=False,
        max_length=600,
        help_text=gettext_lazy("What makes things harder right now, in a line or two."),
        widget=forms.Textarea(attrs=TEXT),
    )
    ideas = forms.CharField(
        label=gettext_lazy("Ideas that could help"),
        required=False,
        max_length=600,
        help_text=gettext_lazy("What you or others could do. Keep to what matters for the plan."),
        widget=forms.Textarea(attrs=TEXT),
    )
    sensitive = forms.MultipleChoiceField(
        label=gettext_lazy("Private details in this update"),
        required=False,
        choices=PRIVATE_CHOICES,
        help_text=gettext_lazy(
            "Tick any your update mentions, so only those allowed to hear it do."
        ),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, prefix_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())


@dataclass
class Row:
    """One participant on the agenda, as this partner may hear about them."""

    discussion: Discussion
    name: str
    mine: list[Contribution] = field(default_factory=list)
    others: list[tuple[str, Contribution]] = field(default_factory=list)
    summary: bool = False
    items: list[tuple[str, ActionItem]] = field(default_factory=list)
    form: UpdateForm | None = None


def _who(attendee: Attendee | None, me: Attendee, discussion: Discussion, name: str) -> str:
    """How someone in the meeting is named to a partner: staff and partners by name, the
    participant as the consent allows, family and others by who they are."""
    if attendee is None:
        return ""
    if attendee.pk == me.pk:
        return _("You")
    if attendee.kind in (Attendee.Kind.STAFF, Attendee.Kind.PARTNER):
        return attendee.name
    if attendee.participant_id == discussion.participant_id:
        return name
    return str(attendee.get_kind_display())


def _heading(conference: Conference) -> str:
    return _("%(kind)s with %(organization)s") % {
        "kind": conference.get_kind_display(),
        "organization": conference.organization.name,
    }


def _open_for_updates(conference: Conference) -> bool:
    return not conference.signed and not conference.cancelled


@require_http_methods(["GET"])
def partner_conferences(request: AuthedRequest) -> HttpResponse:
    """Conferences this person is invited to, newest first. No participant is named."""
    partner_provider_id(request.user)
    rows = list(
        Attendee.objects.filter(user_id=request.user.pk)
        .select_related("conference__organization")
        .order_by("-conference__starts_at", "-pk")[:200]
    )
    return render(request, "conferences/partner_list.html", {"rows": rows})


@require_http_methods(["GET"])
def partner_conference(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference, me = queries.partner_conference_for(request.user, public_id)
    return _show(request, conference, me)


def _hears(check: queries.Check, me: Attendee) -> tuple[Attendee, dict[int, queries.Hearing]]:
    """This partner's row of the privacy check, and what they may hear of each
    discussion."""
    me = next(a for a in check.attendees if a.pk == me.pk)
    return me, {d.pk: check.cell(me, d) for d in check.discussions}


def _shown(check: queries.Check, cells: dict[int, queries.Hearing]) -> list[Discussion]:
    return [d for d in check.discussions if cells[d.pk].cleared and not cells[d.pk].steps_out]


def _rows(
    conference: Conference,
    check: queries.Check,
    me: Attendee,
    cells: dict[int, queries.Hearing],
    bound: tuple[str, UpdateForm] | None,
) -> list[Row]:
    """The participants this partner may hear about, with what they may hear."""
    shown = _shown(check, cells)
    ids = [d.pk for d in shown]
    contributions: dict[int, list[Contribution]] = {i: [] for i in ids}
    items: dict[int, list[ActionItem]] = {i: [] for i in ids}
    if ids:
        for c in Contribution.objects.filter(discussion_id__in=ids).select_related("attendee"):
            contributions[c.discussion_id].append(c)
        for item in (
            ActionItem.objects.filter(discussion_id__in=ids)
            .select_related("owner_user", "owner_attendee")
            .order_by("due_on", "pk")
        ):
            items[item.discussion_id].append(item)
    rows = []
    for d in shown:
        cell = cells[d.pk]
        name = shown_name(d.participant, cell)
        row = Row(discussion=d, name=name)
        for c in contributions[d.pk]:
            if c.attendee_id == me.pk:
                row.mine.append(c)  # their own words, whatever they ticked
            elif cell.may_hear(c.sensitive_categories):
                row.others.append((_who(c.attendee, me, d, name), c))
        row.summary = d.has_summary and cell.may_hear(d.sensitive_categories)
        if conference.signed:
            for item in items[d.pk]:
                if cell.may_hear(item.sensitive_categories):
                    owner = item.owner_attendee
                    who = _who(owner, me, d, name) if owner else str(item.owner_user)
                    row.items.append((who, item))
        if _open_for_updates(conference):
            if bound is not None and bound[0] == str(d.public_id):
                row.form = bound[1]
            else:
                row.form = UpdateForm(initial={"discussion": d.public_id}, prefix_id=str(d.pk))
        rows.append(row)
    return rows


def _record_shown(
    request: AuthedRequest, conference: Conference, rows: list[Row], cells: dict[int, Any]
) -> None:
    """A disclosure under the consent for each participant shown, naming what was
    shared; an audit event for the conference and one per participant. A fixed number
    of queries."""
    shares = []
    for row in rows:
        cell = cells[row.discussion.pk]
        categories: set[str] = set()
        if cell.full_name:
            categories.add(Category.CONTACT)
        if row.others or row.summary or row.items:
            categories.add(Category.ASSESSMENT)
        for _who, c in row.others:
            categories |= set(c.sensitive_categories)
        if row.summary:
            categories |= set(row.discussion.sensitive_categories)
        for _owner, item in row.items:
            categories |= set(item.sensitive_categories)
        shares.append((row.discussion.participant, cell.consents, sorted(categories)))
    consent_actions.disclose_many(
        by=request.user,
        shares=shares,
        channel=Disclosure.Channel.CONFERENCE,
        about=f"Partner view: {stored_kind(conference)}",
    )
    record(
        by=request.user,
        action="view",
        role="partner",
        organization_id=conference.organization_id,
        entries=[
            Entry("conference", str(conference.public_id), None),
            *(
                Entry(
                    "conference_discussion",
                    str(r.discussion.public_id),
                    r.discussion.participant_id,
                )
                for r in rows
            ),
        ],
    )


def _show(
    request: AuthedRequest,
    conference: Conference,
    me: Attendee,
    *,
    bound: tuple[str, UpdateForm] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    check = queries.privacy_check(conference)
    me, cells = _hears(check, me)
    rows = _rows(conference, check, me, cells, bound)
    _record_shown(request, conference, rows, cells)
    facilitator = next(
        (
            a
            for a in check.attendees
            if a.facilitator and (a.kind == Attendee.Kind.STAFF or a.pk == me.pk)
        ),
        None,
    )
    context = {
        "conference": conference,
        "heading": _heading(conference),
        "me": me,
        "rows": rows,
        "facilitator": facilitator,
        "open_for_updates": _open_for_updates(conference),
        "problem": problem,
        "today": timezone.localdate(),
    }
    return render(request, "conferences/partner_conference.html", context, status=status)


@require_http_methods(["POST"])
def partner_conference_update(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Send an update ahead about one participant on the agenda."""
    conference, me = queries.partner_conference_for(request.user, public_id)
    raw = str(request.POST.get("discussion", ""))
    form = UpdateForm(request.POST, prefix_id="posted")
    if not _open_for_updates(conference):
        messages.error(request, _("This meeting is over or cancelled, so updates are closed."))
        return redirect("partner_conference", public_id=conference.public_id)
    check = queries.privacy_check(conference)
    me, cells = _hears(check, me)
    discussion = next((d for d in _shown(check, cells) if str(d.public_id) == raw), None)
    if discussion is None:
        return _show(
            request,
            conference,
            me,
            problem=_("Choose someone on this agenda to send your update about."),
            status=400,
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_contribution(
                by=request.user,
                discussion=discussion,
                attendee=me,
                strengths=data["strengths"],
                barriers=data["barriers"],
                ideas=data["ideas"],
                sensitive=data["sensitive"],
                ahead=True,
                creation_key=data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Thank you: your update is with the team for the meeting."))
            return redirect("partner_conference", public_id=conference.public_id)
    return _show(request, conference, me, bound=(raw, form), status=400)


@require_http_methods(["POST"])
def partner_action_done(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Mark one of their own action items done."""
    conference, me = queries.partner_conference_for(request.user, public_id)
    back = redirect("partner_conference", public_id=conference.public_id)
    try:
        wanted = uuid.UUID(str(request.POST.get("item", "")))
    except ValueError:
        wanted = None
    item = (
        ActionItem.objects.filter(conference=conference, owner_attendee=me, public_id=wanted)
        .select_related("conference", "owner_attendee", "enrollment__program")
        .first()
        if wanted is not None
        else None
    )
    if item is not None:
        discussion = Discussion.objects.select_related("participant", "enrollment__program").get(
            pk=item.discussion_id
        )
        consents = queries.consents_for([discussion]).get(discussion.participant_id, [])
        cell = queries.hearing(me, discussion, access=None, consents=consents)
        if not cell.may_hear(item.sensitive_categories):
            item = None
    if item is None:
        messages.error(request, _("Choose one of your action items from this meeting."))
        return back
    try:
        actions.close_action_item(by=request.user, item=item, status=ActionItem.Status.DONE)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Marked done: %(what)s. Thank you; the team can see it.") % {"what": item.what},
        )
    return back
