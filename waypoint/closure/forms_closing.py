"""Forms for closing an enrollment, deciding on a closure, and a program's ending
settings and reasons. Each keeps what was typed when an action refuses it."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint import bounds
from waypoint.closure.hud import COMPLETION, DESTINATION_CHOICES, shown_destination
from waypoint.closure.models import Check, ClosureReason, ClosureSettings, Rule
from waypoint.hmis.codes import SUBSIDY_CHOICES

INPUT = {"class": "usa-input"}
NUMBER = {"class": "usa-input usa-input--small"}
SELECT = {"class": "usa-select"}
TEXTAREA = {"class": "usa-textarea", "rows": 4}
SHORT = {"class": "usa-textarea", "rows": 2}
CHECKBOX = {"class": "usa-checkbox__input"}
AS_THE_REASON = _("As the reason usually means")


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def reason_text(reason: ClosureReason) -> str:
    return _("%(reason)s (usually: %(destination)s)") % {
        "reason": reason.label,
        "destination": shown_destination(reason.destination),
    }


def destination_choices() -> list[tuple[Any, Any]]:
    """HUD's destinations grouped, in the reader's language."""
    return [
        (_(title), [(str(c), _(label)) for c, label in group])
        for title, group in DESTINATION_CHOICES
    ]


class CloseForm(forms.Form):
    reason = forms.TypedChoiceField(
        coerce=int,
        label=_("Reason"),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Choose the reason from the program's list."),
            "invalid_choice": _("Choose the reason from the program's list."),
        },
    )
    destination = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Where they are going (HUD destination)"),
        help_text=_("Leave it as the reason usually means, or choose where they are going."),
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Choose where they are going from the list.")},
    )
    destination_subsidy = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Which ongoing subsidy (HUD rental subsidy type)"),
        help_text=_("Only when they are renting with an ongoing subsidy."),
        choices=[("", _("Not renting with a subsidy")), *SUBSIDY_CHOICES],
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Choose the subsidy from the list.")},
    )
    completion = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label=_("How the program ended for them (HUD project completion)"),
        choices=[("", AS_THE_REASON), *[(str(c), _(label)) for c, label in COMPLETION]],
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Choose how the program ended from the list.")},
    )
    exit_on = forms.DateField(
        label=_("Exit date"),
        help_text=_("The day they leave: not before they started, not in the future."),
        validators=[bounds.WIDE],
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
        error_messages={"required": _("Give the exit date."), "invalid": _("Give the exit date.")},
    )
    note = forms.CharField(
        label=_("Closing note"),
        help_text=_("How things stand as they leave, and what comes next for them."),
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Write a closing note: how things stand as they leave.")},
    )
    celebration = forms.MultipleChoiceField(
        label=_("How the transition was marked (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        error_messages={"invalid_choice": _("Choose from the program's celebration ideas.")},
    )
    celebration_words = forms.CharField(
        label=_("In your own words (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, reasons: list[ClosureReason], ideas: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.reasons = {r.pk: r for r in reasons}
        self.fields["reason"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a reason")),
            *[(str(r.pk), reason_text(r)) for r in reasons],
        ]
        self.fields["destination"].choices = [  # type: ignore[attr-defined]
            ("", AS_THE_REASON),
            *destination_choices(),
        ]
        self.fields["celebration"].choices = [(i, i) for i in ideas]  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())
            self.initial.setdefault("exit_on", timezone.localdate())

    def chosen(self) -> dict[str, Any]:
        """The action's arguments: the destination and completion the reason usually
        means where none was chosen."""
        data = self.cleaned_data
        reason = self.reasons.get(data["reason"])
        destination = data.get("destination")
        completion = data.get("completion")
        if reason is not None:
            destination = reason.destination if destination is None else destination
            completion = reason.completion if completion is None else completion
        return {
            "reason": reason,
            "destination": destination,
            "destination_subsidy": data.get("destination_subsidy"),
            "completion": completion,
            "exit_on": data["exit_on"],
            "note": data["note"],
            "celebration": data.get("celebration") or [],
            "celebration_words": data.get("celebration_words") or "",
            "creation_key": data.get("creation_key"),
            "expected_version": data["version"],
        }


class DecisionForm(forms.Form):
    """Approve, return or withdraw a closure: a comment and the version it was read at."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, required: bool = False, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        if label:
            field.label = label
        if required:
            field.required = True
            field.error_messages["required"] = _("Say what needs to change before it can close.")


def _day_list(text: str) -> list[str]:
    return [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]


class EndingSettingsForm(forms.Form):
    notice_weeks = forms.IntegerField(
        label=_("Weeks of notice before the transition date"),
        min_value=0,
        max_value=52,
        widget=forms.NumberInput(attrs=NUMBER),
        error_messages={
            "min_value": _("Give from 0 to 52 weeks."),
            "max_value": _("Give from 0 to 52 weeks."),
        },
    )
    reminder_days = forms.CharField(
        label=_("Reminders, in days before the transition date"),
        help_text=_("Whole numbers from 0 to 730, separated by commas, for example 28, 14, 7, 1."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
    )
    check_in_days = forms.CharField(
        label=_("Check-ins, in days after the exit"),
        help_text=_("Whole numbers from 1 to 730, separated by commas, for example 30, 90, 180."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
    )
    silence_days = forms.IntegerField(
        label=_("List someone after this many days without contact (0 is off)"),
        min_value=0,
        max_value=730,
        widget=forms.NumberInput(attrs=NUMBER),
        error_messages={
            "min_value": _("Give from 0 to 730 days."),
            "max_value": _("Give from 0 to 730 days."),
        },
    )
    return_window_days = forms.IntegerField(
        label=_("Return window, in days"),
        help_text=_(
            "Someone who comes back within it reopens the same enrollment; later, a "
            "new enrollment starts, linked to the earlier one."
        ),
        min_value=0,
        max_value=730,
        widget=forms.NumberInput(attrs=NUMBER),
        error_messages={
            "min_value": _("Give from 0 to 730 days."),
            "max_value": _("Give from 0 to 730 days."),
        },
    )
    needs_approval = forms.BooleanField(
        label=_("Every closure needs a supervisor's approval"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    celebration_ideas = forms.CharField(
        label=_("Celebration ideas, one a line"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rules: ClosureSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for check in Check:
            self.fields[f"rule_{check.value}"] = forms.ChoiceField(
                label=check.label,
                choices=Rule.choices,
                widget=forms.Select(attrs=SELECT),
                error_messages={"invalid_choice": _("Choose a rule from the list.")},
            )
        if not self.is_bound:
            self.initial.update(
                {
                    "notice_weeks": rules.notice_weeks,
                    "reminder_days": ", ".join(str(d) for d in rules.reminder_days),
                    "check_in_days": ", ".join(str(d) for d in rules.check_in_days),
                    "silence_days": rules.silence_days,
                    "return_window_days": rules.return_window_days,
                    "needs_approval": rules.needs_approval,
                    "celebration_ideas": "\n".join(rules.celebration_ideas),
                    "version": rules.version,
                    **{f"rule_{c.value}": rules.rule(c.value) for c in Check},
                }
            )

    def rule_fields(self) -> list[Any]:
        return [self[f"rule_{c.value}"] for c in Check]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "notice_weeks": data["notice_weeks"],
            "reminder_days": _day_list(data.get("reminder_days") or ""),
            "check_in_days": _day_list(data.get("check_in_days") or ""),
            "silence_days": data["silence_days"],
            "return_window_days": data["return_window_days"],
            "needs_approval": data.get("needs_approval", False),
            "check_rules": {c.value: data[f"rule_{c.value}"] for c in Check},
            "celebration_ideas": (data.get("celebration_ideas") or "").splitlines(),
        }


class ReasonForm(forms.Form):
    label = forms.CharField(
        label=_("Reason, in the program's words"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Write the reason in a few words.")},
    )
    destination = forms.TypedChoiceField(
        coerce=int,
        label=_("Where it usually means they are going (HUD destination)"),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Choose where they are going from the list."),
            "invalid_choice": _("Choose where they are going from the list."),
        },
    )
    completion = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label=_("How the program ended (HUD project completion)"),
        choices=[("", _("Not recorded")), *[(str(c), _(label)) for c, label in COMPLETION]],
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Choose how the program ended from the list.")},
    )
    needs_approval = forms.BooleanField(
        label=_("A supervisor approves closures for this reason"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose where they are going")),
            *destination_choices(),
        ]

    @classmethod
    def for_reason(cls, reason: ClosureReason, data: Any = None) -> ReasonForm:
        return cls(
            data,
            initial={
                "label": reason.label,
                "destination": reason.destination,
                "completion": reason.completion,
                "needs_approval": reason.needs_approval,
            },
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "label": data["label"],
            "destination": _int_or_none(data.get("destination")),
            "completion": _int_or_none(data.get("completion")),
            "needs_approval": bool(data.get("needs_approval")),
        }
