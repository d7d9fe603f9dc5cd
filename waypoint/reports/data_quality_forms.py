"""The data-quality page's filters: a program, a navigator, a date range."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.reports.data_quality import Filters

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from waypoint.accounts.models import User

DATE = {"class": "usa-input", "type": "date"}
SELECT = {"class": "usa-select"}
DEFAULT_DAYS = 90
MAX_DAYS = 366 * 5


def _date(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        validators=[bounds.PAST],
        error_messages={"invalid": gettext_lazy("Use a date like 2026-03-31.")},
    )


class DataQualityForm(forms.Form):
    program = forms.TypedChoiceField(
        label=gettext_lazy("Program"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    navigator = forms.TypedChoiceField(
        label=gettext_lazy("Navigator"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    start = _date(gettext_lazy("From"))
    end = _date(gettext_lazy("To"))

    def __init__(self, data: Any, *, programs: list[Any], people: list[Any], own: bool) -> None:
        today = timezone.localdate()
        super().__init__(
            data, initial={"start": today - timedelta(days=DEFAULT_DAYS), "end": today}
        )
        self.own = own
        self.fields["program"].choices = [  # type: ignore[attr-defined]
            ("", _("All my programs")),
            *((p.pk, p.name) for p in programs),
        ]
        people_choices = [(u.pk, str(u)) for u in people]
        self.fields["navigator"].choices = (  # type: ignore[attr-defined]
            people_choices if own else [("", _("Everyone")), *people_choices]
        )
        if own:
            self.fields["navigator"].help_text = _("Your own caseload.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        start = cleaned.get("start") or self.initial["start"]
        end = cleaned.get("end") or today
        if "start" in cleaned and "end" in cleaned and start > end:
            self.add_error("end", _("The end of the range comes after its start."))
        elif (end - start).days > MAX_DAYS:
            self.add_error("start", _("Keep the range to five years or less."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def filters(self, user: User) -> Filters:
        """The filters chosen (the defaults when nothing was sent); a navigator's own
        figures whatever was sent."""
        if self.is_bound and self.is_valid():
            c = self.cleaned_data
            navigator = user.pk if self.own else c["navigator"]
            return Filters(c["start"], c["end"], c["program"], navigator)
        start, end = self.initial["start"], self.initial["end"]
        return Filters(start, end, None, user.pk if self.own else None)
