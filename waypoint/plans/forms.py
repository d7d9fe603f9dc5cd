from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint import bounds
from waypoint.plans.actions import GoalData, ServiceData, StepData
from waypoint.plans.models import Goal, GoalStatus, LongTermGoal, StepStatus, Who

INPUT = {"class": "usa-input"}
DATE = {"class": "usa-input", "type": "date"}
BLANK_STEPS = 2
BLANK_SERVICES = 1


def _key(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


def provider_choices(stored: str | None = None) -> list[tuple[str, Any]]:
    """Who can provide a service: the program's people and partners. The participant's
    own part in a goal is an action step, not a service; a service stored with them as
    its provider before keeps that choice, so editing the goal changes nothing unasked."""
    return [
        (value, label)
        for value, label in Who.choices
        if value != Who.PARTICIPANT or stored == Who.PARTICIPANT
    ]


class LongTermForm(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, goals: list[LongTermGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = len(goals) + 1
        if self.is_bound:
            while f"lt-{self.rows}-words" in self.data:
                self.rows += 1
        for i in range(self.rows):
            existing = goals[i] if i < len(goals) else None
            self.fields[f"lt-{i}-key"] = forms.CharField(
                required=False,
                widget=forms.HiddenInput,
                initial=str(existing.key) if existing else "",
            )
            self.fields[f"lt-{i}-words"] = forms.CharField(
                required=False,
                max_length=1000,
                label=gettext("Long-term goal %(number)s, in their words") % {"number": i + 1},
                initial=existing.words if existing else "",
                widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
                help_text=gettext(
                    "For example “I want my own place to live”. Leave blank to remove."
                )
                if i == 0
                else "",
            )

    def rows_bound(self) -> list[tuple[Any, Any]]:
        return [(self[f"lt-{i}-key"], self[f"lt-{i}-words"]) for i in range(self.rows)]

    def goals(self) -> list[tuple[uuid.UUID | None, str]]:
        data = self.cleaned_data
        return [(_key(data[f"lt-{i}-key"]), data[f"lt-{i}-words"]) for i in range(self.rows)]


class GoalForm(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        max_length=1000,
        label=_("Short-term goal"),
        help_text=_(
            "What they will do, in words you both agree on. For example “Apply to three "
            "warehouse jobs near the 12 bus line”."
        ),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
        error_messages={"required": _("Write the goal, in words you both agree on.")},
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs this goal answers"),
        help_text=_("Numbers correspond: every goal traces to at least one numbered need."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        error_messages={"required": _("Choose at least one numbered need this goal answers.")},
    )
    long_term = forms.ChoiceField(
        required=False,
        label=_("Long-term goal it leads to"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    measure = forms.CharField(
        required=False,
        max_length=500,
        label=_("How you will both know it is done"),
        help_text=_("For example “three applications sent”."),
        widget=forms.TextInput(attrs=INPUT),
    )
    target_date = forms.DateField(
        required=False,
        label=_("Target date"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={"invalid": _("Use a date like 2027-03-31.")},
        validators=[bounds.AHEAD],
    )
    strengths = forms.CharField(
        required=False,
        max_length=500,
        label=_("Strengths it builds on"),
        help_text=_("From the assessment, in their words."),
        widget=forms.TextInput(attrs=INPUT),
    )
    achievable_confirmed = forms.BooleanField(
        required=False,
        label=_("They told us it is achievable: they feel they can do it"),
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )
    realistic_confirmed = forms.BooleanField(
        required=False,
        label=_("They told us it is realistic for their life right now"),
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )

    def __init__(
        self,
        *args: Any,
        needs: list[Any],
        long_term: list[LongTermGoal],
        goal: Goal | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.need_objects = {str(item.need.number): item.need for item in needs}
        self.fields["needs"].choices = [  # type: ignore[attr-defined]
            (
                str(item.need.number),
                gettext("Need %(number)s: %(description)s")
                % {
                    "number": item.need.number,
                    "description": (
                        item.need.description if item.shows_details else gettext("(private)")
                    ),
                },
            )
            for item in needs
        ]
        self.fields["long_term"].choices = [  # type: ignore[attr-defined]
            ("", gettext("None yet")),
            *[(str(g.key), g.words) for g in long_term],
        ]
        steps = list(goal.steps.all()) if goal else []
        services = list(goal.services.all()) if goal else []
        self.step_rows = len(steps) + BLANK_STEPS
        self.service_rows = len(services) + BLANK_SERVICES
        if self.is_bound:
            while f"step-{self.step_rows}-what" in self.data:
                self.step_rows += 1
            while f"service-{self.service_rows}-what" in self.data:
                self.service_rows += 1
        for i in range(self.step_rows):
            s = steps[i] if i < len(steps) else None
            self.fields[f"step-{i}-key"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=str(s.key) if s else ""
            )
            self.fields[f"step-{i}-what"] = forms.CharField(
                required=False,
                max_length=500,
                label=gettext("Step %(number)s") % {"number": i + 1},
                initial=s.what if s else "",
                widget=forms.TextInput(attrs=INPUT),
            )
            self.fields[f"step-{i}-who"] = forms.ChoiceField(
                required=False,
                choices=Who.choices,
                label=gettext("Who does it"),
                initial=s.who if s else Who.PARTICIPANT,
                widget=forms.Select(attrs={"class": "usa-select"}),
            )
            self.fields[f"step-{i}-who_name"] = forms.CharField(
                required=False,
                max_length=200,
                label=gettext("Name (optional)"),
                initial=s.who_name if s else "",
                widget=forms.TextInput(attrs=INPUT),
            )
            self.fields[f"step-{i}-due_on"] = forms.DateField(
                required=False,
                label=gettext("By when"),
                initial=s.due_on if s else None,
                widget=forms.DateInput(attrs=DATE),
                error_messages={"invalid": gettext("Use a date like 2027-03-31.")},
                validators=[bounds.AHEAD],
            )
        for i in range(self.service_rows):
            v = services[i] if i < len(services) else None
            self.fields[f"service-{i}-key"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=str(v.key) if v else ""
            )
            self.fields[f"service-{i}-what"] = forms.CharField(
                required=False,
                max_length=500,
                label=gettext("Service %(number)s: what the program will do") % {"number": i + 1},
                initial=v.what if v else "",
                widget=forms.TextInput(attrs=INPUT),
            )
            self.fields[f"service-{i}-provider"] = forms.ChoiceField(
                required=False,
                choices=provider_choices(v.provider if v else None),
                label=gettext("Who provides it"),
                initial=v.provider if v else Who.NAVIGATOR,
                widget=forms.Select(attrs={"class": "usa-select"}),
                error_messages={"invalid_choice": gettext("Choose who provides it from the list.")},
            )
            self.fields[f"service-{i}-how_often"] = forms.CharField(
                required=False,
                max_length=100,
                label=gettext("How often"),
                initial=v.how_often if v else "",
                widget=forms.TextInput(attrs=INPUT),
            )
        if goal is not None and not self.is_bound:
            self.initial.update(
                {
                    "text": goal.text,
                    "measure": goal.measure,
                    "target_date": goal.target_date,
                    "strengths": goal.strengths,
                    "achievable_confirmed": goal.achievable_confirmed,
                    "realistic_confirmed": goal.realistic_confirmed,
                    "long_term": str(goal.long_term_key or ""),
                    "needs": [str(link.need.number) for link in goal.need_links.all()],
                }
            )

    def step_fields(self) -> list[tuple[Any, ...]]:
        return [
            tuple(self[f"step-{i}-{part}"] for part in ("key", "what", "who", "who_name", "due_on"))
            for i in range(self.step_rows)
        ]

    def service_fields(self) -> list[tuple[Any, ...]]:
        return [
            tuple(self[f"service-{i}-{part}"] for part in ("key", "what", "provider", "how_often"))
            for i in range(self.service_rows)
        ]

    def goal_data(self) -> GoalData:
        data = self.cleaned_data
        steps = [
            StepData(
                what=data[f"step-{i}-what"],
                who=data[f"step-{i}-who"] or Who.PARTICIPANT,
                who_name=data[f"step-{i}-who_name"],
                due_on=data[f"step-{i}-due_on"],
                key=_key(data[f"step-{i}-key"]),
            )
            for i in range(self.step_rows)
            if data[f"step-{i}-what"].strip()
        ]
        services = [
            ServiceData(
                what=data[f"service-{i}-what"],
                provider=data[f"service-{i}-provider"] or Who.NAVIGATOR,
                how_often=data[f"service-{i}-how_often"],
                key=_key(data[f"service-{i}-key"]),
            )
            for i in range(self.service_rows)
            if data[f"service-{i}-what"].strip()
        ]
        return GoalData(
            text=data["text"],
            needs=[self.need_objects[n] for n in data["needs"]],
            measure=data["measure"],
            target_date=data["target_date"],
            strengths=data["strengths"],
            achievable_confirmed=data["achievable_confirmed"],
            realistic_confirmed=data["realistic_confirmed"],
            long_term_key=_key(data["long_term"]),
            steps=steps,
            services=services,
        )


class AcknowledgeForm(forms.Form):
    """The participant's own words on their plan: shown in their language."""

    name = forms.CharField(
        max_length=200,
        label=_("Type your name"),
        widget=forms.TextInput(attrs={"class": "usa-input", "autocomplete": "off"}),
        error_messages={
            "required": _("Type your name to say this plan is yours."),
            "max_length": _("Type your name in 200 characters or fewer."),
        },
    )
    on = forms.DateField(
        label=_("Today's date"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": _("Add today's date."),
            "invalid": _("Use a date like 2027-03-31."),
        },
        validators=[bounds.PAST],
    )
    agree = forms.BooleanField(
        label=_("I have read this plan and it says what we agreed"),
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
        error_messages={"required": _("Tick the box if the plan says what you agreed.")},
    )


class ReviseForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        label=_("Why the plan is changing"),
        help_text=_("For example “Amara started a job; new goals for her first month”."),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
        error_messages={"required": _("Say why the plan is changing.")},
    )


class GoalProgressForm(forms.Form):
    status = forms.ChoiceField(
        choices=GoalStatus.choices,
        label=_("How it is going"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label=_("In their words (needed to set a goal aside)"),
        widget=forms.TextInput(attrs=INPUT),
    )


class StepProgressForm(forms.Form):
    status = forms.ChoiceField(choices=StepStatus.choices)
