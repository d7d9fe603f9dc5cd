from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.caseload.queries import DUE_FILTERS, SORTS, Filters

SELECT = {"class": "usa-select"}


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Find by name"),
        widget=forms.TextInput(
            attrs={"class": "usa-input", "type": "search", "autocomplete": "off"}
        ),
    )
    program = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, widget=forms.Select(attrs=SELECT)
    )
    phase = forms.ChoiceField(
        required=False, label=gettext_lazy("Stage"), widget=forms.Select(attrs=SELECT)
    )
    due = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Due"),
        choices=[("", gettext_lazy("Any")), *DUE_FILTERS.items()],
        widget=forms.Select(attrs=SELECT),
    )
    sort = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Sort by"),
        choices=[
            ("due", gettext_lazy("What is due next")),
            ("name", gettext_lazy("Name")),
            ("contact", gettext_lazy("Longest without contact")),
            ("enrolled", gettext_lazy("Longest enrolled")),
        ],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(
        self, *args: Any, programs: list[Any], phases: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", _("All programs"))] + [  # type: ignore[attr-defined]
            (p.pk, p.name) for p in programs
        ]
        self.fields["phase"].choices = [("", _("Any stage")), *phases]  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        sort = data.get("sort") or "due"
        return Filters(
            q=data.get("q") or "",
            program=data.get("program"),
            phase=data.get("phase") or "",
            due=data.get("due") or "",
            sort=sort if sort in SORTS else "due",
        )
