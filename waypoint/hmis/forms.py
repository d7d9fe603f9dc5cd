"""Forms of the HMIS exchange: a program's HUD descriptors and asking for an export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint import bounds
from waypoint.accounts.models import Program
from waypoint.hmis.codes import FUNDER_CHOICES, RRH_SUBTYPE_CHOICES, SERVICE_RECORD_CHOICES
from waypoint.hmis.models import GeographyType, HousingType, Participation, ProjectType

INPUT = {"class": "usa-input"}
SHORT_INPUT = {"class": "usa-input usa-input--small"}
SELECT = {"class": "usa-select"}
CHECKBOX = {"class": "usa-checkbox__input"}
DATE = {"class": "usa-input", "type": "date"}
NONE_CHOSEN = _("Not chosen")


def _coded(label: Any, choices: Any, help_text: Any = "", *, blank: bool = True) -> Any:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
        choices=[("", NONE_CHOSEN), *choices] if blank else list(choices),
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Choose from the list.")},
    )


def _day(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        validators=[bounds.WIDE],
        widget=forms.DateInput(attrs=DATE),
        error_messages={"invalid": _("Give a date.")},
    )


class HudProjectForm(forms.Form):
    reports_to_hud = forms.BooleanField(
        label=_("This program reports to HUD"),
        required=False,
        help_text=_("Its people and enrollments are part of the HMIS CSV export."),
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    project_type = _coded(_("Project type"), ProjectType.choices)
    rrh_subtype = _coded(
        _("Rapid re-housing kind"), RRH_SUBTYPE_CHOICES, _("Only for rapid re-housing.")
    )
    housing_type = _coded(
        _("Housing type"),
        HousingType.choices,
        _("Only for projects that house people overnight."),
    )
    continuum_project = forms.BooleanField(
        label=_("Part of the Continuum of Care"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    coc_code = forms.CharField(
        label=_("CoC code"),
        required=False,
        max_length=6,
        help_text=_("For example CA-600."),
        widget=forms.TextInput(attrs=SHORT_INPUT),
    )
    geocode = forms.CharField(
        label=_("Geocode"),
        required=False,
        max_length=6,
        help_text=_("HUD's six-digit geographic code."),
        widget=forms.TextInput(attrs={**SHORT_INPUT, "inputmode": "numeric"}),
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={**SHORT_INPUT, "inputmode": "numeric"}),
    )
    geography_type = _coded(_("Geography type"), GeographyType.choices, blank=False)
    funder = _coded(_("Funding source"), FUNDER_CHOICES)
    other_funder = forms.CharField(
        label=_("Other funding source"),
        required=False,
        max_length=100,
        help_text=_("Only when the funding source is “Local or other funding source”."),
        widget=forms.TextInput(attrs=INPUT),
    )
    grant_id = forms.CharField(
        label=_("Grant number"), required=False, max_length=100, widget=forms.TextInput(attrs=INPUT)
    )
    grant_start = _day(_("Grant start"))
    grant_end = _day(_("Grant end"), _("Leave empty while the grant lasts."))
    operating_start = _day(_("Operating since"))
    operating_end = _day(_("Operating until"), _("Leave empty while the project runs."))
    participation = _coded(_("HMIS participation"), Participation.choices, blank=False)
    contacts_as = _coded(
        _("Report contacts as HUD services"),
        SERVICE_RECORD_CHOICES,
        _(
            "Only for PATH, HOPWA and SSVF projects: each completed contact becomes a case "
            "management service."
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def fiscal_year_start(today: date) -> date:
    """October 1 of HUD's current federal fiscal year."""
    year = today.year if today.month >= 10 else today.year - 1
    return date(year, 10, 1)


class ExportForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        validators=[bounds.WIDE],
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": _("Give the first day."), "invalid": _("Give the first day.")},
    )
    end = forms.DateField(
        label=_("To"),
        validators=[bounds.WIDE],
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": _("Give the last day."), "invalid": _("Give the last day.")},
    )
    programs = forms.TypedMultipleChoiceField(
        label=_("Programs"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        error_messages={
            "required": _("Choose at least one program."),
            "invalid_choice": _("Choose programs from the list."),
        },
    )
    hashed = forms.BooleanField(
        label=_("Hash names (HUD's SHA-256 form)"),
        required=False,
        help_text=_(
            "Names become Soundex codes hashed with SHA-256 (HashStatus 4), as HUD's Eva "
            "tool expects. Leave it off for an export to your HMIS lead."
        ),
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )

    def __init__(self, *args: Any, programs: list[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programs"].choices = [(p.pk, p.name) for p in programs]  # type: ignore[attr-defined]
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.update(
                start=fiscal_year_start(today), end=today, programs=[p.pk for p in programs]
            )
