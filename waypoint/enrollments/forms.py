"""Forms for enrolling, moving along the flow and assigning navigators."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import DeliveryMode, Program, User
from waypoint.accounts.terminology import term
from waypoint.enrollments.models import Status

SELECT = {"class": "usa-select"}
TEXTAREA = {"class": "usa-textarea", "rows": 2}
START_STATUSES = [
    (Status.INQUIRY, _("Inquiry: first conversation")),
    (Status.ELIGIBILITY, _("Eligibility: checking fit")),
    (Status.ENROLLED, _("Enrolled: starting services")),
]


class StartForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        widget=forms.Select(attrs=SELECT),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your programs.")},
    )
    status = forms.ChoiceField(
        choices=START_STATUSES, label=_("Start at"), widget=forms.Select(attrs=SELECT)
    )
    navigator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
        empty_label=_("Not assigned yet"),
        error_messages={"invalid_choice": _("Choose a navigator from the list.")},
    )
    delivery_mode = forms.ChoiceField(
        choices=[("", _("Not decided yet")), *DeliveryMode.choices],
        required=False,
        label=_("How services are delivered"),
        widget=forms.Select(attrs=SELECT),
    )
    override_reason = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Reason to assign beyond the caseload cap"),
        help_text=_(
            "A supervisor can assign beyond the cap; where the program asks, others send "
            "it for a supervisor's approval."
        ),
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(
        self,
        *args: Any,
        programs: Any,
        navigators: Any,
        cap_programs: Collection[int],
        **kwargs: Any,
    ) -> None:
        """``cap_programs``: the programs in which this person may give a reason to assign
        beyond the caseload cap (they supervise it, or it asks a supervisor to approve).
        Where there is none the field is not offered, and a reason posted anyway is refused."""
        super().__init__(*args, **kwargs)
        program_field = self.fields["program"]
        navigator_field = self.fields["navigator"]
        assert isinstance(program_field, forms.ModelChoiceField)
        assert isinstance(navigator_field, forms.ModelChoiceField)
        program_field.queryset = programs
        navigator_field.queryset = navigators
        self.cap_programs = frozenset(cap_programs)
        if not self.cap_programs:
            del self.fields["override_reason"]

    @property
    def offers_override(self) -> bool:
        return "override_reason" in self.fields

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        posted = self.data.get(self.add_prefix("override_reason")) if self.is_bound else None
        program = cleaned.get("program")
        if (posted or "").strip() and program is not None and program.pk not in self.cap_programs:
            cleaned["override_reason"] = ""
            self.add_error(
                None,
                _(
                    "Only a %(supervisor)s or program manager can assign beyond the "
                    "%(caseload)s cap."
                )
                % {
                    "supervisor": term("supervisor", program.terminology),
                    "caseload": term("caseload", program.terminology),
                },
            )
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Status.choices, label=_("Move to"), widget=forms.Select(attrs=SELECT)
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Why (optional)"),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=[], widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, phases: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p, p) for p in phases]  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        max_length=1000, label=_("Why reopen"), widget=forms.Textarea(attrs=TEXTAREA)
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(forms.Form):
    navigator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a navigator."),
            "invalid_choice": _("Choose a navigator from the list."),
        },
    )
    override_reason = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Reason to assign beyond the caseload cap"),
        help_text=_("Needed only when the navigator is at or over the cap."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, navigators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["navigator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = navigators
