"""Forms for setting up and holding a conference. Each keeps what was typed when an
action refuses it."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.conferences.models import Agreement, Attendee, Kind, Series
from waypoint.consent.models import SENSITIVE, Category
from waypoint.notes.forms import LocalDateTimeField

INPUT = {"class": "usa-input"}
SELECT = {"class": "usa-select"}
TEXTAREA = {"class": "usa-textarea", "rows": 3}
SHORT = {"class": "usa-textarea", "rows": 2}
CHECKBOX = {"class": "usa-checkbox__input"}
RADIO = {"class": "usa-radio__input"}
PRIVATE_CHOICES = [(str(c), Category(c).label) for c in Category.values if c in SENSITIVE]


class Keyed(forms.Form):
    """A form whose submit carries a creation key, so a double click makes one row."""

    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())


def _private() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=gettext_lazy("Private categories it touches"),
        choices=PRIVATE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text=gettext_lazy("Only people whose role or consent covers a category will see it."),
    )


class WhenWhereForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        help_text=gettext_lazy(
            "For example “Youth Works weekly team conference”. Staff see it; people "
            "outside the organization see only the kind of meeting."
        ),
        widget=forms.TextInput(attrs=INPUT),
    )
    starts_at = LocalDateTimeField(label=gettext_lazy("Date and time"), validators=[bounds.AHEAD])
    minutes = forms.IntegerField(
        label=gettext_lazy("Length in minutes"),
        min_value=15,
        max_value=480,
        initial=60,
        widget=forms.NumberInput(attrs={**INPUT, "min": 15, "max": 480}),
    )
    place = forms.CharField(
        label=gettext_lazy("Place"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("A room and address, or leave it empty for a video meeting."),
        widget=forms.TextInput(attrs=INPUT),
    )
    video_link = forms.URLField(
        label=gettext_lazy("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("Starting with https://"),
        widget=forms.URLInput(attrs=INPUT),
    )


class ConferenceForm(WhenWhereForm, Keyed):
    program = forms.TypedChoiceField(
        label=gettext_lazy("Program"), coerce=int, choices=[], widget=forms.Select(attrs=SELECT)
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of conference"),
        choices=Kind.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        help_text=gettext_lazy(
            "A team conference is staff of your organization; an interagency one "
            "brings in partners; a family conference is shaped by the family."
        ),
    )
    every = forms.ChoiceField(
        label=gettext_lazy("Repeats"),
        required=False,
        choices=[("", gettext_lazy("Does not repeat")), *Series.Every.choices],
        widget=forms.Select(attrs=SELECT),
    )
    meetings = forms.IntegerField(
        label=gettext_lazy("How many meetings to plan"),
        required=False,
        min_value=1,
        max_value=26,
        initial=6,
        help_text=gettext_lazy("For a repeating conference: each meeting is its own record."),
        widget=forms.NumberInput(attrs={**INPUT, "min": 1, "max": 26}),
    )
    field_order = ["program", "kind", "title", "starts_at", "minutes", "place", "video_link"]

    def __init__(self, *args: Any, programs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [(p.pk, p.name) for p in programs]  # type: ignore[attr-defined]


class EditForm(WhenWhereForm):
    prefix = "edit"
    version = forms.IntegerField(widget=forms.HiddenInput)


class GroundRulesForm(forms.Form):
    prefix = "rules"
    version = forms.IntegerField(widget=forms.HiddenInput)
    rules = forms.CharField(
        label=gettext_lazy("Ground rules, one per line"),
        max_length=6000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 7}),
        help_text=gettext_lazy("Start from these and change them with the family, in their words."),
    )
    agreed = forms.BooleanField(
        label=gettext_lazy("The family agreed these ground rules"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )


class StaffAttendeeForm(Keyed):
    prefix = "staff"
    user = forms.TypedChoiceField(
        label=gettext_lazy("Staff member"),
        coerce=int,
        choices=[],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, staff: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Choose someone")), *[(u.pk, str(u)) for u in staff]]  # type: ignore[attr-defined]


class PartnerAttendeeForm(Keyed):
    prefix = "partner"
    person = forms.ChoiceField(
        label=gettext_lazy("Partner person"),
        choices=[],
        widget=forms.Select(attrs=SELECT),
        help_text=gettext_lazy(
            "Someone with a partner sign-in, or a contact from the resource directory."
        ),
    )

    def __init__(self, *args: Any, accounts: list[Any], contacts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Any] = [("", _("Choose someone"))]
        if accounts:
            choices.append(
                (
                    _("Partner sign-ins"),
                    [(f"user:{u.pk}", f"{u} ({u.partner_of})") for u in accounts],
                )
            )
        if contacts:
            choices.append(
                (
                    _("Directory contacts"),
                    [(f"contact:{c.pk}", f"{c.name} ({c.organization})") for c in contacts],
                )
            )
        self.fields["person"].choices = choices  # type: ignore[attr-defined]


class PersonAttendeeForm(Keyed):
    """A family member, a supporter or a resource person: named here."""

    prefix = "person"
    kind = forms.ChoiceField(
        label=gettext_lazy("Who they are"),
        choices=[
            (Attendee.Kind.FAMILY, gettext_lazy("Family member or supporter")),
            (
                Attendee.Kind.RESOURCE,
                gettext_lazy("Resource person (for example a specialist who informs the meeting)"),
            ),
        ],
        widget=forms.RadioSelect(attrs=RADIO),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=200, widget=forms.TextInput(attrs=INPUT)
    )
    relationship = forms.CharField(
        label=gettext_lazy("Relationship or role"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("For example “aunt”, “mentor”, “housing specialist”."),
        widget=forms.TextInput(attrs=INPUT),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        required=False,
        max_length=254,
        help_text=gettext_lazy(
            "For the invitation and their action items. Leave empty to invite them another way."
        ),
        widget=forms.EmailInput(attrs=INPUT),
    )


class ParticipantAttendeeForm(Keyed):
    prefix = "participant"
    participant = forms.ChoiceField(
        label=gettext_lazy("Participant"), choices=[], widget=forms.Select(attrs=SELECT)
    )
    email = forms.EmailField(
        label=gettext_lazy("Email (optional)"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("Empty: the address on their profile marked safe, if there is one."),
        widget=forms.EmailInput(attrs=INPUT),
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose someone")),
            *[(str(p.public_id), p.preferred_name) for p in people],
        ]


class RolesForm(forms.Form):
    prefix = "roles"
    facilitator = forms.ChoiceField(
        label=gettext_lazy("Facilitator"),
        required=False,
        choices=[],
        widget=forms.Select(attrs=SELECT),
    )
    timekeeper = forms.ChoiceField(
        label=gettext_lazy("Timekeeper"),
        required=False,
        choices=[],
        widget=forms.Select(attrs=SELECT),
    )
    notetaker = forms.ChoiceField(
        label=gettext_lazy("Notetaker"),
        required=False,
        choices=[],
        help_text=gettext_lazy("A staff member: the notetaker signs the minutes."),
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, attendees: list[Attendee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("Nobody yet")), *[(str(a.public_id), a.name) for a in attendees]]
        staff = [("", _("Nobody yet"))]
        staff += [(str(a.public_id), a.name) for a in attendees if a.kind == Attendee.Kind.STAFF]
        self.fields["facilitator"].choices = everyone  # type: ignore[attr-defined]
        self.fields["timekeeper"].choices = everyone  # type: ignore[attr-defined]
        self.fields["notetaker"].choices = staff  # type: ignore[attr-defined]
        if not self.is_bound:
            for role in ("facilitator", "timekeeper", "notetaker"):
                held = [a for a in attendees if getattr(a, role)]
                if held:
                    self.initial[role] = str(held[0].public_id)


class DiscussionForm(Keyed):
    prefix = "agenda"
    enrollment = forms.ChoiceField(
        label=gettext_lazy("Participant"), choices=[], widget=forms.Select(attrs=SELECT)
    )
    reason = forms.CharField(
        label=gettext_lazy("Why they are discussed"),
        max_length=300,
        help_text=gettext_lazy(
            "A few words: “new barriers since the plan”, “three missed appointments”, "
            "“ready to plan the transition”."
        ),
        widget=forms.TextInput(attrs=INPUT),
    )
    budget_minutes = forms.IntegerField(
        label=gettext_lazy("Time for them, in minutes"),
        min_value=1,
        max_value=240,
        initial=10,
        widget=forms.NumberInput(attrs={**INPUT, "min": 1, "max": 240}),
    )
    staff_only = forms.BooleanField(
        label=gettext_lazy("Discuss them with staff only"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
        help_text=gettext_lazy("People from outside the organization step out for this part."),
    )

    def __init__(self, *args: Any, enrollments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose someone")),
            *[
                (str(e.public_id), f"{e.participant.preferred_name} ({e.program.name})")
                for e in enrollments
            ],
        ]


class DiscussionEditForm(forms.Form):
    prefix = "about"
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = DiscussionForm.base_fields["reason"]
    budget_minutes = DiscussionForm.base_fields["budget_minutes"]
    staff_only = DiscussionForm.base_fields["staff_only"]


class ContributionForm(Keyed):
    prefix = "say"
    attendee = forms.ChoiceField(
        label=gettext_lazy("Who is speaking"), choices=[], widget=forms.Select(attrs=SELECT)
    )
    strengths = forms.CharField(
        label=gettext_lazy("Strengths"),
        required=False,
        max_length=600,
        help_text=gettext_lazy("What they bring: a line or two, not the whole story."),
        widget=forms.Textarea(attrs=SHORT),
    )
    barriers = forms.CharField(
        label=gettext_lazy("Barriers"),
        required=False,
        max_length=600,
        help_text=gettext_lazy("What gets in the way right now."),
        widget=forms.Textarea(attrs=SHORT),
    )
    ideas = forms.CharField(
        label=gettext_lazy("Ideas and solutions"),
        required=False,
        max_length=600,
        help_text=gettext_lazy("What could help, and who could do it."),
        widget=forms.Textarea(attrs=SHORT),
    )
    sensitive = _private()

    def __init__(self, *args: Any, speakers: list[Attendee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendee"].choices = [(str(a.public_id), a.name) for a in speakers]  # type: ignore[attr-defined]


class SummaryForm(forms.Form):
    prefix = "summary"
    version = forms.IntegerField(widget=forms.HiddenInput)
    strengths = forms.CharField(
        label=gettext_lazy("Strengths"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    barriers = forms.CharField(
        label=gettext_lazy("Barriers"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    service_needs = forms.CharField(
        label=gettext_lazy("Service needs"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy("The group confirmed this summary"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    sensitive = _private()


class AgreementForm(forms.Form):
    prefix = "agree"
    attendee = forms.ChoiceField(
        label=gettext_lazy("Who"), choices=[], widget=forms.Select(attrs=SELECT)
    )
    answer = forms.ChoiceField(
        label=gettext_lazy("Their word on the plan"),
        choices=Agreement.Answer.choices,
        widget=forms.Select(attrs=SELECT),
    )
    words = forms.CharField(
        label=gettext_lazy("In their words (optional)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
    )

    def __init__(self, *args: Any, attendees: list[Attendee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendee"].choices = [(str(a.public_id), a.name) for a in attendees]  # type: ignore[attr-defined]


class ActionItemForm(Keyed):
    prefix = "item"
    what = forms.CharField(
        label=gettext_lazy("What will be done"),
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
    )
    owner = forms.ChoiceField(
        label=gettext_lazy("Who will do it"), choices=[], widget=forms.Select(attrs=SELECT)
    )
    due_on = forms.DateField(
        label=gettext_lazy("By when"),
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}, format="%Y-%m-%d"),
        validators=[bounds.AHEAD],
    )
    link = forms.ChoiceField(
        label=gettext_lazy("For which need or goal"),
        required=False,
        choices=[],
        widget=forms.Select(attrs=SELECT),
    )
    service = forms.ChoiceField(
        label=gettext_lazy("Resource from the directory (optional)"),
        required=False,
        choices=[],
        widget=forms.Select(attrs=SELECT),
    )
    sensitive = _private()

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[str, str]],
        links: list[tuple[str, str]],
        services: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Choose someone")), *owners]  # type: ignore[attr-defined]
        self.fields["link"].choices = [("", _("Not linked")), *links]  # type: ignore[attr-defined]
        self.fields["service"].choices = [("", _("None")), *services]  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One radio group per attendee, built from the list."""

    def __init__(self, *args: Any, attendees: list[Attendee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for attendee in attendees:
            name = f"a_{attendee.public_id}"
            self.fields[name] = forms.ChoiceField(
                label=attendee.name,
                choices=[
                    (Attendee.Attendance.ATTENDED, _("Came")),
                    (Attendee.Attendance.ABSENT, _("Did not come")),
                ],
                required=False,
                initial=attendee.attendance if attendee.attendance != "invited" else None,
                widget=forms.RadioSelect(attrs=RADIO),
            )
            self.rows.append((attendee, name))

    def values(self) -> dict[int, str]:
        found = {}
        for attendee, name in self.rows:
            value = self.cleaned_data.get(name)
            if value:
                found[attendee.pk] = value
        return found

    def bound_rows(self) -> list[tuple[Attendee, Any]]:
        return [(attendee, self[name]) for attendee, name in self.rows]


class CancelForm(forms.Form):
    prefix = "cancel"
    reason = forms.CharField(
        label=gettext_lazy("Why (optional)"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("For your team. The cancellation email does not say it."),
        widget=forms.TextInput(attrs=INPUT),
    )


class AddendumForm(Keyed):
    prefix = "addendum"
    discussion = forms.ChoiceField(
        label=gettext_lazy("About"), required=False, choices=[], widget=forms.Select(attrs=SELECT)
    )
    text = forms.CharField(
        label=gettext_lazy("Addendum"),
        max_length=5000,
        help_text=gettext_lazy(
            "A correction or addition. It is dated and signed with your name, and shown "
            "with the minutes."
        ),
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args: Any, discussions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discussion"].choices = [  # type: ignore[attr-defined]
            ("", _("The whole meeting")),
            *[(str(d.public_id), d.participant.preferred_name) for d in discussions],
        ]


class FollowUpForm(Keyed):
    prefix = "follow"
    starts_at = LocalDateTimeField(
        label=gettext_lazy("Date and time of the follow-up meeting"), validators=[bounds.AHEAD]
    )
