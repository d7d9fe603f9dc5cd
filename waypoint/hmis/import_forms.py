"""Forms of the HMIS import: the upload, and a program for each HMIS project."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import Program

NEW = "new"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HMIS CSV export (a zip)"),
        help_text=gettext_lazy(
            "HUD's FY2026 HMIS CSV files in one zip, at the top or inside one folder."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".zip"}),
        error_messages={"required": gettext_lazy("Choose the zip to import.")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".zip"):
            raise ValidationError(_("Choose a .zip file."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit})
        return upload


class ProjectsForm(forms.Form):
    """One select per HMIS project: a new program named after it, or an existing one."""

    def __init__(
        self,
        *args: Any,
        projects: dict[str, dict[str, Any]],
        programs: list[Program],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NEW, _("A new program")), *[(str(p.pk), p.name) for p in programs]]
        self.rows: list[tuple[str, dict[str, Any], str]] = []
        for number, (project_id, about) in enumerate(projects.items()):
            name = f"project_{number}"
            self.fields[name] = forms.ChoiceField(
                label=about.get("name") or project_id,
                choices=choices,
                initial=NEW,
                widget=forms.Select(attrs={"class": "usa-select"}),
                error_messages={"invalid_choice": _("Choose a program from the list.")},
            )
            self.rows.append((project_id, about, name))

    def choices(self) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for project_id, _about, name in self.rows:
            value = self.cleaned_data[name]
            out[project_id] = None if value == NEW else int(value)
        return out

    def field_rows(self) -> list[tuple[str, dict[str, Any], Any]]:
        return [(project_id, about, self[name]) for project_id, about, name in self.rows]
