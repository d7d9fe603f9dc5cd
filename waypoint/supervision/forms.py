"""The forms of a supervision session: start one, change a draft, agree an action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.supervision.actions import SessionData
from waypoint.supervision.models import Session

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = {"class": "usa-input", "type": "date"}
AREA = {"class": "usa-textarea", "rows": 4}
SELECT = {"class": "usa-select"}
INVALID_DATE = gettext_lazy("Use a date like 2026-03-31.")


def _date(
    label: StrOrPromise, validator: Any, *, required: bool = True, **extra: Any
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        validators=[validator],
        error_messages={"required": gettext_lazy("Give the date."), "invalid": INVALID_DATE},
        **extra,
    )


class StartForm(forms.Form):
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    program = forms.TypedChoiceField(
        label=gettext_lazy("Program"),
        coerce=int,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": gettext_lazy("Choose the program."),
            "invalid_choice": gettext_lazy("Choose a program from the list."),
        },
    )
    navigator = forms.TypedChoiceField(
        label=gettext_lazy("Who you met"),
        coerce=int,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": gettext_lazy("Choose the person you met."),
            "invalid_choice": gettext_lazy("Choose a person from the list."),
        },
    )
    held_on = _date(gettext_lazy("Date you met"), bounds.PAST)

    def __init__(self, data: Any, *, programs: list[Any], people: list[Any]) -> None:
        super().__init__(data, initial={"held_on": timezone.localdate()})
        self.fields["program"].choices = [(p.pk, p.name) for p in programs]  # type: ignore[attr-defined]
        self.fields["navigator"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a person")),
            *((u.pk, str(u)) for u in people),
        ]


class SessionForm(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    held_on = _date(gettext_lazy("Date you met"), bounds.PAST)
    discussed = forms.TypedMultipleChoiceField(
        label=gettext_lazy("People discussed (optional)"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        help_text=gettext_lazy(
            "From the open caseload you may see. Leave all unticked to name nobody."
        ),
    )
    caseload_discussed = forms.CharField(
        label=gettext_lazy("The caseload discussed"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=AREA),
        error_messages={"max_length": gettext_lazy("Keep it under 4000 characters.")},
        help_text=gettext_lazy(
            "What you talked through: programs, workload, the people who need more time."
        ),
    )
    support_offered = forms.CharField(
        label=gettext_lazy("Support offered"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=AREA),
        error_messages={"max_length": gettext_lazy("Keep it under 4000 characters.")},
    )
    next_on = _date(gettext_lazy("Next session (optional)"), bounds.AHEAD, required=False)

    def __init__(self, data: Any, *, session: Session, choices: list[Any]) -> None:
        super().__init__(data)
        self.fields["discussed"].choices = [  # type: ignore[attr-defined]
            (e.pk, f"{e.participant.preferred_name} ({e.get_status_display()})") for e in choices
        ]
        self.initial.update(
            {
                "edit_version": session.edit_version,
                "held_on": session.held_on,
                "caseload_discussed": session.caseload_discussed,
                "support_offered": session.support_offered,
                "next_on": session.next_on,
                "discussed": list(session.discussed.values_list("enrollment_id", flat=True)),
            }
        )
        for name in ("caseload_discussed", "support_offered"):
            self.fields[name].validators.append(bounds.check_text)

    def to_data(self) -> SessionData:
        c = self.cleaned_data
        return SessionData(
            held_on=c["held_on"],
            caseload_discussed=c["caseload_discussed"],
            support_offered=c["support_offered"],
            next_on=c["next_on"],
            clear_next_on=c["next_on"] is None,
            discussed=list(c["discussed"]),
        )


class AgreedActionForm(forms.Form):
    what = forms.CharField(
        label=gettext_lazy("What was agreed"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
        validators=[bounds.check_text],
        error_messages={
            "required": gettext_lazy("Write what was agreed."),
            "max_length": gettext_lazy("Keep it under 500 characters."),
        },
    )
    owner = forms.TypedChoiceField(
        label=gettext_lazy("Who does it"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    due_on = _date(gettext_lazy("Due on"), bounds.AHEAD)

    def __init__(self, data: Any, *, session: Session) -> None:
        super().__init__(data, prefix="action")
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            (session.navigator_id, str(session.navigator)),
            (session.supervisor_id, _("%(name)s (you)") % {"name": session.supervisor}),
        ]
