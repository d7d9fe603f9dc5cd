"""The forms of households: start one, find and add a member, change a member, the head,
a member leaving, and enrolling members together as a household stay."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.households.models import Relationship

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = {"class": "usa-input", "type": "date"}
TEXT = {"class": "usa-input"}
SELECT = {"class": "usa-select"}
CHECK = {"class": "usa-checkbox__input"}
INVALID_DATE = gettext_lazy("Use a date like 2026-03-31.")
NOT_HEAD = [(code, label) for code, label in Relationship.choices if code != Relationship.HEAD]


def _text(label: StrOrPromise, max_length: int, *, required: bool = False, **extra: Any) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[bounds.check_text],
        widget=forms.TextInput(attrs=TEXT),
        **extra,
    )


def _date(label: StrOrPromise, validator: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        validators=[validator],
        error_messages={"required": gettext_lazy("Give the date."), "invalid": INVALID_DATE},
    )


def _relationship(label: StrOrPromise, choices: list[Any]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": gettext_lazy("Choose a relationship."),
            "invalid_choice": gettext_lazy("Choose a relationship from the list."),
        },
    )


class StartForm(forms.Form):
    creation_key = forms.UUIDField(widget=forms.HiddenInput)
    name = _text(
        gettext_lazy("What the household is called (optional)"),
        200,
        help_text=gettext_lazy("For example, the family name they use."),
    )
    joined_on = _date(gettext_lazy("Living together since"), bounds.PAST)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"joined_on": timezone.localdate(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)


class SearchForm(forms.Form):
    q = _text(gettext_lazy("Their name"), 200, required=True)


class _MemberFields(forms.Form):
    creation_key = forms.UUIDField(widget=forms.HiddenInput)
    relationship = _relationship(gettext_lazy("Relationship to the head of household"), NOT_HEAD)
    relationship_words = _text(
        gettext_lazy("In their own words (optional)"),
        100,
        help_text=gettext_lazy("For example, grandmother or godson."),
    )
    joined_on = _date(gettext_lazy("Joined the household on"), bounds.PAST)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "joined_on": timezone.localdate(),
            "relationship": Relationship.NOT_COLLECTED,
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)


class ParticipantMemberForm(_MemberFields):
    participant = forms.ChoiceField(
        label=gettext_lazy("Who joins"),
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        error_messages={
            "required": gettext_lazy("Choose who joins."),
            "invalid_choice": gettext_lazy("Choose someone from the search results."),
        },
    )
    shown_to_household = forms.BooleanField(
        label=gettext_lazy(
            "They agree that their name and relationship show on the other members' pages"
        ),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    move = forms.BooleanField(
        label=gettext_lazy(
            "Move them here: if they are part of another household, they leave it on the "
            "day they join this one"
        ),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [  # type: ignore[attr-defined]
            (str(p.public_id), p.preferred_name) for p in people
        ]


class PersonMemberForm(_MemberFields):
    name = _text(gettext_lazy("Name they go by"), 200, required=True)
    date_of_birth = _date(gettext_lazy("Date of birth (optional)"), bounds.BIRTH, required=False)

    field_order = ["name", "date_of_birth", "relationship", "relationship_words", "joined_on"]


class MemberForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    relationship = _relationship(gettext_lazy("Relationship to the head of household"), NOT_HEAD)
    relationship_words = _text(gettext_lazy("In their own words (optional)"), 100)
    shown_to_household = forms.BooleanField(
        label=gettext_lazy(
            "They agree that their name and relationship show on the other members' pages"
        ),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )

    def __init__(self, *args: Any, head: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if head:
            self.fields["relationship"].choices = [  # type: ignore[attr-defined]
                (Relationship.HEAD, Relationship.HEAD.label)
            ]


class LeaveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    left_on = _date(gettext_lazy("Left on"), bounds.PAST)
    reason = _text(gettext_lazy("Why they left (optional)"), 300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"left_on": timezone.localdate(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)


class HeadForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    member = forms.ChoiceField(
        label=gettext_lazy("New head of household"),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": gettext_lazy("Choose the new head."),
            "invalid_choice": gettext_lazy("Choose a current member from the list."),
        },
    )
    former_head_relationship = _relationship(
        gettext_lazy("How the former head is related to the new head"), NOT_HEAD
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = choices  # type: ignore[attr-defined]


class StayForm(forms.Form):
    """One choice per person who may join the stay: left out, or their relationship to
    the stay's head (exactly one head)."""

    creation_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        choices = [("", gettext_lazy("Not part of this stay")), *Relationship.choices]
        for candidate in candidates:
            self.fields[f"rel_{candidate.enrollment.public_id}"] = forms.TypedChoiceField(
                label=candidate.enrollment.participant.preferred_name,
                coerce=int,
                empty_value=None,
                required=False,
                choices=choices,
                widget=forms.Select(attrs=SELECT),
                error_messages={
                    "invalid_choice": gettext_lazy("Choose a relationship from the list.")
                },
            )

    def rows(self) -> list[Any]:
        return [self[f"rel_{c.enrollment.public_id}"] for c in self.candidates]

    def chosen(self) -> list[tuple[Any, int]]:
        return [
            (c.enrollment, self.cleaned_data[f"rel_{c.enrollment.public_id}"])
            for c in self.candidates
            if self.cleaned_data.get(f"rel_{c.enrollment.public_id}") is not None
        ]


class LeaveStayForm(forms.Form):
    new_head = forms.ChoiceField(
        label=gettext_lazy("Who heads the stay after they leave"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": gettext_lazy("Choose someone from the list.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_head"].choices = [("", gettext_lazy("Choose someone")), *choices]  # type: ignore[attr-defined]
