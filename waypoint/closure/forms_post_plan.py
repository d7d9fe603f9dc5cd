"""The forms of the post-program plan: the draft's edit form (every goal the reader may
see, the people who help, the resources, the next stage) and the participant's
acknowledgement."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint import bounds
from waypoint.closure.actions import GoalEdit, PostPlanData, ResourceData, SupportData
from waypoint.closure.models import PostPlanGoal, PostPlanSupport, PostProgramPlan
from waypoint.errors import ActionRefused, show_on_form

BLANK_ROWS = 2
INPUT = {"class": "usa-input"}
AREA = {"class": "usa-textarea", "rows": 3}
SELECT = {"class": "usa-select"}
CHECKBOX = forms.CheckboxInput(attrs={"class": "usa-checkbox__input"})


def _text(label: Any, limit: int, *, area: bool = False, **extra: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=False,
        widget=forms.Textarea(attrs=AREA) if area else forms.TextInput(attrs=INPUT),
        # Django fills in the limit (it passes it as ``limit_value``).
        error_messages={"max_length": _("Keep it under %(limit_value)s characters.")},
        **extra,
    )


class PostPlanForm(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    next_stage = forms.ChoiceField(
        label=_("The next stage"),
        required=False,
        choices=[("", _("Not decided yet")), *PostProgramPlan.Stage.choices],
        widget=forms.Select(attrs=SELECT),
    )
    next_stage_words = _text(_("The next stage, in their words"), 2000, area=True)
    still_help = _text(_("How the program can still help"), 2000, area=True)
    stay_in_touch = _text(_("How to stay in touch"), 1000, area=True)
    check_ins_words = _text(_("The check-ins agreed"), 1000, area=True)

    def __init__(
        self,
        data: Any,
        *,
        plan: PostProgramPlan,
        goals: list[PostPlanGoal],
        supports: list[PostPlanSupport],
        resources: list[Any],
    ) -> None:
        super().__init__(data)
        self.plan = plan
        self.goal_rows = goals
        self.initial.update(
            {
                "edit_version": plan.edit_version,
                "next_stage": plan.next_stage,
                "next_stage_words": plan.next_stage_words,
                "still_help": plan.still_help,
                "stay_in_touch": plan.stay_in_touch,
                "check_ins_words": plan.check_ins_words,
            }
        )
        for goal in goals:
            p = f"goal-{goal.goal_key}"
            self.fields[f"{p}-outcome"] = forms.ChoiceField(
                label=_("How it ended"),
                choices=PostPlanGoal.Outcome.choices,
                widget=forms.Select(attrs=SELECT),
            )
            self.fields[f"{p}-next_steps"] = _text(_("Next steps they will take"), 2000, area=True)
            self.fields[f"{p}-words"] = _text(_("In their words"), 1000, area=True)
            self.initial.update(
                {
                    f"{p}-outcome": goal.outcome,
                    f"{p}-next_steps": goal.next_steps,
                    f"{p}-words": goal.words,
                }
            )
        self.support_count = len(supports) + BLANK_ROWS
        for i in range(self.support_count):
            row = supports[i] if i < len(supports) else None
            self.fields[f"support-{i}-id"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False
            )
            self.fields[f"support-{i}-who"] = _text(_("Who"), 200)
            self.fields[f"support-{i}-kind"] = forms.ChoiceField(
                label=_("Kind of help"),
                choices=PostPlanSupport.Kind.choices,
                widget=forms.Select(attrs=SELECT),
                required=False,
            )
            self.fields[f"support-{i}-how"] = _text(_("How they help"), 500)
            self.fields[f"support-{i}-reach"] = _text(_("How to reach them"), 200)
            if row is not None:
                self.fields[f"support-{i}-remove"] = forms.BooleanField(
                    label=_("Remove"), required=False, widget=CHECKBOX
                )
                self.initial.update(
                    {
                        f"support-{i}-id": row.pk,
                        f"support-{i}-who": row.who,
                        f"support-{i}-kind": row.kind,
                        f"support-{i}-how": row.how,
                        f"support-{i}-reach": row.reach,
                    }
                )
        self.resource_count = len(resources) + BLANK_ROWS
        for i in range(self.resource_count):
            res = resources[i] if i < len(resources) else None
            self.fields[f"resource-{i}-id"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False
            )
            self.fields[f"resource-{i}-name"] = _text(_("Service or place"), 300)
            self.fields[f"resource-{i}-expect"] = _text(_("What to expect"), 1000, area=True)
            self.fields[f"resource-{i}-reach"] = _text(_("How to reach it"), 300)
            if res is not None:
                self.fields[f"resource-{i}-remove"] = forms.BooleanField(
                    label=_("Remove"), required=False, widget=CHECKBOX
                )
                self.initial.update(
                    {
                        f"resource-{i}-id": res.pk,
                        f"resource-{i}-name": res.name,
                        f"resource-{i}-expect": res.expect,
                        f"resource-{i}-reach": res.reach,
                    }
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in data.items():
            if isinstance(value, str) and (problem := bounds.text_problem(value)):
                self.add_error(name, problem)
        return data

    def goal_fields(self) -> list[tuple[PostPlanGoal, list[Any]]]:
        return [
            (
                goal,
                [
                    self[f"goal-{goal.goal_key}-{part}"]
                    for part in ("outcome", "next_steps", "words")
                ],
            )
            for goal in self.goal_rows
        ]

    def _row_fields(self, prefix: str, count: int, parts: tuple[str, ...]) -> list[Any]:
        rows = []
        for i in range(count):
            fields = [self[f"{prefix}-{i}-{part}"] for part in parts]
            remove = self[f"{prefix}-{i}-remove"] if f"{prefix}-{i}-remove" in self.fields else None
            rows.append({"id": self[f"{prefix}-{i}-id"], "fields": fields, "remove": remove})
        return rows

    def support_fields(self) -> list[Any]:
        return self._row_fields("support", self.support_count, ("who", "kind", "how", "reach"))

    def resource_fields(self) -> list[Any]:
        return self._row_fields("resource", self.resource_count, ("name", "expect", "reach"))

    def refuse(self, refused: ActionRefused) -> None:
        """Show an action's refusal beside its field: the action numbers the rows it was
        given, the form numbers every row it shows (removed and blank ones too)."""
        found = re.fullmatch(r"(support|resource)-(\d+)-(\w+)", refused.field or "")
        if found:
            kind, i, part = found.group(1), int(found.group(2)), found.group(3)
            rows = self.sent_rows.get(kind, [])
            if i < len(rows):
                refused.field = f"{kind}-{rows[i]}-{part}"
        show_on_form(self, refused)

    def to_data(self) -> PostPlanData:
        d = self.cleaned_data
        self.sent_rows: dict[str, list[int]] = {"support": [], "resource": []}
        supports = []
        for i in range(self.support_count):
            if d.get(f"support-{i}-remove"):
                continue
            who = d.get(f"support-{i}-who", "").strip()
            how = d.get(f"support-{i}-how", "").strip()
            reach = d.get(f"support-{i}-reach", "").strip()
            row_id = d.get(f"support-{i}-id")
            if not (who or how or reach) and row_id is None:
                continue  # a blank row left blank
            self.sent_rows["support"].append(i)
            supports.append(
                SupportData(
                    who=who,
                    kind=d.get(f"support-{i}-kind") or PostPlanSupport.Kind.OTHER,
                    how=how,
                    reach=reach,
                    id=row_id,
                )
            )
        resources = []
        for i in range(self.resource_count):
            if d.get(f"resource-{i}-remove"):
                continue
            name = d.get(f"resource-{i}-name", "").strip()
            expect = d.get(f"resource-{i}-expect", "").strip()
            reach = d.get(f"resource-{i}-reach", "").strip()
            row_id = d.get(f"resource-{i}-id")
            if not (name or expect or reach) and row_id is None:
                continue
            self.sent_rows["resource"].append(i)
            resources.append(ResourceData(name=name, expect=expect, reach=reach, id=row_id))
        return PostPlanData(
            next_stage=d.get("next_stage", ""),
            next_stage_words=d.get("next_stage_words", ""),
            still_help=d.get("still_help", ""),
            stay_in_touch=d.get("stay_in_touch", ""),
            check_ins_words=d.get("check_ins_words", ""),
            goals={
                goal.goal_key: GoalEdit(
                    outcome=d[f"goal-{goal.goal_key}-outcome"],
                    next_steps=d.get(f"goal-{goal.goal_key}-next_steps", ""),
                    words=d.get(f"goal-{goal.goal_key}-words", ""),
                )
                for goal in self.goal_rows
            },
            supports=supports,
            resources=resources,
        )
