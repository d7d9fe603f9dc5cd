from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from waypoint import bounds
from waypoint.notes.coach import SECTIONS as COACHED
from waypoint.notes.models import ATTEMPT_SECTIONS, SECTIONS, CoachPhrase, Contact, Method, Place
from waypoint.notes.queries import CATEGORY_LABELS, GoalOption

INPUT = {"class": "usa-input"}
SELECT = {"class": "usa-select"}
WHEN = {"class": "usa-input", "type": "datetime-local"}
TEXTAREA = {"class": "usa-textarea", "rows": 4}
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in local time; a time the clocks skip or repeat is refused
    with words a person can act on."""

    widget = forms.DateTimeInput(attrs=WHEN, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", LOCAL_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "ambiguous_timezone":
                raise ValidationError(
                    _(
                        "The clocks changed at that time, so it happened twice or not at all. "
                        "Choose a time a little earlier or later."
                    ),
                    code="ambiguous_timezone",
                ) from None
            raise ValidationError(
                _("Give the date and time, for example 2026-11-24 14:30.")
            ) from None


def _choices(options: Any, blank: StrOrPromise = "") -> list[tuple[str, StrOrPromise]]:
    """Choices with string values; labels stay lazy, in the reader's language."""
    out: list[tuple[str, StrOrPromise]] = [("", blank)] if blank else []
    return out + [(str(v), label) for v, label in options]


def _method() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("How"),
        choices=_choices(Method.choices),
        widget=forms.Select(attrs=SELECT),
    )


def _minutes(
    *, required: bool, longest: int, initial: int | None = None, shortest: int = 1
) -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("How long (minutes)"),
        required=required,
        initial=initial,
        min_value=shortest,
        max_value=longest,
        widget=forms.NumberInput(attrs={**INPUT, "inputmode": "numeric"}),
    )


def _place() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Where (kind of place)"),
        required=False,
        choices=_choices(Place.choices, gettext_lazy("Choose if it helps")),
        widget=forms.Select(attrs=SELECT),
    )


def _place_detail(help_text: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Place name or address"),
        required=False,
        max_length=200,
        help_text=help_text,
        widget=forms.TextInput(attrs=INPUT),
    )


class ContactFields(forms.Form):
    """The facts of a contact, shared by logging one and by its note."""

    method = _method()
    happened_at = LocalDateTimeField(label=gettext_lazy("When"), validators=[bounds.PAST])
    minutes = _minutes(required=False, longest=1440)
    place = _place()
    place_detail = _place_detail(gettext_lazy("Only if they want it written down."))
    present = forms.CharField(
        label=gettext_lazy("Who was there"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("For example: Amara and her aunt; Sam (supervisor)."),
        widget=forms.TextInput(attrs=INPUT),
    )
    attempt_result = forms.ChoiceField(
        label=gettext_lazy("What happened"),
        required=False,
        choices=_choices(Contact.AttemptResult.choices, gettext_lazy("Choose one")),
        widget=forms.Select(attrs=SELECT),
    )

    CONTACT_FIELDS = (
        "method",
        "happened_at",
        "minutes",
        "place",
        "place_detail",
        "present",
        "attempt_result",
    )

    def contact_data(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(key) for key in self.CONTACT_FIELDS}


class ContactForm(ContactFields):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Did you reach them?"),
        choices=[
            (Contact.Outcome.COMPLETED, gettext_lazy("Yes: we met or talked")),
            (Contact.Outcome.ATTEMPTED, gettext_lazy("Not this time: I tried to reach them")),
        ],
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    appointment = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["outcome", *ContactFields.CONTACT_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())
            self.initial.setdefault("happened_at", timezone.localtime().replace(second=0))


class NoteForm(ContactFields):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)
    next_meeting_at = LocalDateTimeField(
        label=gettext_lazy("Next meeting (date and time)"),
        required=False,
        validators=[bounds.AHEAD],
        help_text=gettext_lazy("Then choose “Schedule it” to put it on the calendar."),
    )
    links = forms.MultipleChoiceField(
        label=gettext_lazy("Goals and steps this contact advanced"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    sensitive = forms.MultipleChoiceField(
        label=gettext_lazy("Private details in this note"),
        required=False,
        choices=list(CATEGORY_LABELS.items()),
        help_text=gettext_lazy(
            "Tick any that this note talks about. Only the roles the program allows "
            "will read it; others see only that it exists."
        ),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )

    def __init__(
        self,
        *args: Any,
        attempt: bool,
        goals: list[GoalOption],
        sees_private: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.attempt = attempt
        self.section_keys = [
            key for key, _, _ in SECTIONS if not attempt or key in ATTEMPT_SECTIONS
        ]
        for key, title, prompt in SECTIONS:
            if key not in self.section_keys:
                continue
            self.fields[key] = forms.CharField(
                label=title,
                required=False,
                help_text=prompt,
                max_length=20000,
                strip=True,
                widget=forms.Textarea(
                    attrs={**TEXTAREA, "data-coach-section": key, "spellcheck": "true"}
                ),
            )
        choices: list[tuple[str, str]] = []
        for goal in goals:
            choices.append((str(goal.key), goal.label))
            choices += [
                (str(key), _("Step: %(what)s") % {"what": what}) for key, what in goal.steps
            ]
        self.fields["links"].choices = choices  # type: ignore[attr-defined]
        self.goal_keys = {str(g.key) for g in goals}
        if attempt:
            del self.fields["next_meeting_at"]
            del self.fields["links"]
        else:
            del self.fields["attempt_result"]
        if not sees_private:
            del self.fields["sensitive"]

    def section_fields(self) -> list[tuple[str, Any]]:
        return [(key, self[key]) for key in self.section_keys]

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in self.section_keys}

    def link_keys(self, saved: list[uuid.UUID]) -> list[uuid.UUID] | None:
        """The ticked goals and steps, plus saved links this form did not offer (goals
        of an earlier plan version), which stay as they were."""
        if "links" not in self.fields:
            return None
        offered = {value for value, _ in self.fields["links"].choices}  # type: ignore[attr-defined]
        kept = [key for key in saved if str(key) not in offered]
        return [uuid.UUID(k) for k in self.cleaned_data.get("links", [])] + kept

    def link_rows(self) -> list[tuple[Any, bool]]:
        """Each checkbox, and whether it is a goal (steps are indented under it)."""
        if "links" not in self.fields:
            return []
        return [(box, box.data["value"] in self.goal_keys) for box in self["links"]]


class AppointmentForm(forms.Form):
    starts_at = LocalDateTimeField(label=gettext_lazy("When"), validators=[bounds.AHEAD])
    minutes = _minutes(required=True, longest=720, initial=60, shortest=5)
    method = _method()
    place = _place()
    place_detail = _place_detail(
        gettext_lazy("Only if they want it written down. It goes in the invitation.")
    )
    purpose = forms.CharField(
        label=gettext_lazy("What it is for"),
        max_length=300,
        help_text=gettext_lazy("For your team. The invitation does not say it."),
        widget=forms.TextInput(attrs=INPUT),
    )
    others = forms.CharField(
        label=gettext_lazy("Also coming"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Staff, family or a partner, if any."),
        widget=forms.TextInput(attrs=INPUT),
    )
    invite = forms.BooleanField(
        label=gettext_lazy("Email them a calendar invitation"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    note = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, can_invite: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())
        if not can_invite:
            del self.fields["invite"]

    def appointment_data(self) -> dict[str, Any]:
        keys = ("starts_at", "minutes", "method", "place", "place_detail", "purpose", "others")
        return {key: self.cleaned_data.get(key) for key in keys}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=INPUT),
    )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Addendum"),
        max_length=5000,
        help_text=gettext_lazy(
            "A correction or addition. It is dated and signed with your name, and "
            "shown under the note."
        ),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())


class CommitmentForm(forms.Form):
    what = forms.CharField(
        label=gettext_lazy("What you promised"),
        max_length=300,
        help_text=gettext_lazy("For example: “Call the landlord about the deposit”."),
        widget=forms.TextInput(attrs=INPUT),
    )
    due_on = forms.DateField(
        label=gettext_lazy("By when"),
        required=False,
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}, format="%Y-%m-%d"),
        validators=[bounds.AHEAD],
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    note = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())


class CloseCommitmentForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("kept", gettext_lazy("Kept")), ("released", gettext_lazy("No longer needed"))]
    )
    reason = forms.CharField(required=False, max_length=500)


class PhraseForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=CoachPhrase.Kind.choices,
        widget=forms.Select(attrs=SELECT),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language it is written in"),
        choices=settings.LANGUAGES,
        initial="en",
        required=False,
        help_text=gettext_lazy(
            "Every note is checked against phrases in every language; the advice is "
            "shown in the phrase's own language."
        ),
        widget=forms.Select(attrs=SELECT),
    )
    phrase = forms.CharField(
        label=gettext_lazy("Word or phrase to look for"),
        max_length=100,
        help_text=gettext_lazy(
            "Matched as whole words, in any capitals. A hyphen also matches a space "
            "or nothing (“non-compliant” finds “noncompliant”)."
        ),
        widget=forms.TextInput(attrs=INPUT),
    )
    suggestion = forms.CharField(
        label=gettext_lazy("What to write instead"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
    )
    why = forms.CharField(
        label=gettext_lazy("Why, in one sentence"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
    )
    sections = forms.MultipleChoiceField(
        label=gettext_lazy("Only in these sections"),
        required=False,
        choices=[(key, title) for key, title, _ in SECTIONS if key in COACHED],
        help_text=gettext_lazy(
            "Leave all unticked to look everywhere (except “In their words”, which "
            "is the participant's own view)."
        ),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    not_after = forms.CharField(
        label=gettext_lazy("Not when it follows these words"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Separated by commas, for example: spoke, explained."),
        widget=forms.TextInput(attrs=INPUT),
    )
    not_before = forms.CharField(
        label=gettext_lazy("Not when these words follow it"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Separated by commas, for example: line, hotline."),
        widget=forms.TextInput(attrs=INPUT),
    )
    active = forms.BooleanField(
        label=gettext_lazy("Use this phrase"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )
