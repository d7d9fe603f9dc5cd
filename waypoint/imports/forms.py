from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import Program
from waypoint.accounts.terminology import term
from waypoint.imports.checking import FIELDS, LEAVE_OUT, REQUIRED
from waypoint.imports.models import PeopleImport

SELECT = {"class": "usa-select"}


class UploadForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        label=gettext_lazy("Program they are enrolled in"),
        widget=forms.Select(attrs=SELECT),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the programs you manage.")},
    )
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "A CSV file or an Excel workbook (.xlsx; its first sheet). The first row names "
            "the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programs

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Choose a .csv or an .xlsx file."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit})
        return upload


def field_choices(program: Program) -> list[tuple[str, str]]:
    words = dict(FIELDS)
    words["navigator"] = _("%(navigator)s (username or email)") % {
        "navigator": term("Navigator", program.terminology)
    }
    return [(LEAVE_OUT, _("Leave out")), *((k, str(v)) for k, v in words.items())]


class MappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or leave it out."""

    def __init__(self, *args: Any, job: PeopleImport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = field_choices(job.program)
        samples = job.rows[:3]
        for index, header in enumerate(job.headers):
            examples = [str(cells[index]) for _n, cells in samples if cells[index]]
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                required=False,
                choices=choices,
                initial=job.mapping.get(str(index), LEAVE_OUT),
                help_text=(
                    _("For example: %(values)s") % {"values": ", ".join(v[:40] for v in examples)}
                    if examples
                    else _("Empty in the first rows.")
                ),
                widget=forms.Select(attrs=SELECT),
            )

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if value
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [v for v in data.values() if v]
        for field in REQUIRED:
            if field not in chosen:
                raise ValidationError(_("Choose the column that holds the name they go by."))
        twice = sorted({str(dict(FIELDS)[v]) for v in chosen if chosen.count(v) > 1})
        if twice:
            raise ValidationError(
                _("Choose each field for one column only: %(fields)s.")
                % {"fields": ", ".join(twice)}
            )
        return data


class RunForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("When a row has a problem"),
        choices=[
            (
                PeopleImport.Mode.ALL,
                gettext_lazy("All or nothing: any problem stops the import; nothing is created"),
            ),
            (
                PeopleImport.Mode.GOOD,
                gettext_lazy("Import the good rows: rows with problems are left out and listed"),
            ),
        ],
        initial=PeopleImport.Mode.ALL,
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
    )
