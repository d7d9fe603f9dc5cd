"""The dashboard's filters: a program, perhaps a navigator, and a date range. Ids and
dates only (nothing sensitive), so they travel in the query string."""

from __future__ import annotations

from datetime import timedelta
from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.reports.dashboard import MAX_SPAN_DAYS, default_range

SELECT = {"class": "usa-select"}
DATE = {"class": "usa-input", "type": "date"}


class LeanSelect(forms.Select):
    """A select written straight in Python (no template per option): a program may have
    hundreds of navigators to choose from."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        # One f-string per option, every key and label escaped here: a thousand options
        # render in a millisecond, where ``format_html`` per option costs ten.
        options = "".join(
            f'<option value="{escape(str(key))}"'
            f"{' selected' if str(key) in chosen else ''}>{escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 (escaped above)
        )


class DashboardFilterForm(forms.Form):
    program = forms.TypedChoiceField(
        label=gettext_lazy("Program"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    navigator = forms.TypedChoiceField(
        label=gettext_lazy("Navigator"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LeanSelect(attrs=SELECT),
    )
    start = forms.DateField(
        label=gettext_lazy("From"), validators=[bounds.PAST], widget=forms.DateInput(attrs=DATE)
    )
    end = forms.DateField(
        label=gettext_lazy("To"), validators=[bounds.PAST], widget=forms.DateInput(attrs=DATE)
    )

    def __init__(
        self,
        data: Any,
        *,
        programs: list[Any],
        program: Any,
        navigators: list[tuple[int, str]],
    ) -> None:
        start, end = default_range(timezone.localdate())
        initial = {"program": program.pk, "start": start, "end": end}
        # Filled in from the defaults for whatever the query string leaves out.
        values = {k: data.get(k) for k in ("program", "navigator", "start", "end") if data.get(k)}
        super().__init__({**{k: str(v) for k, v in initial.items()}, **values})
        self.fields["program"].choices = [(p.pk, p.name) for p in programs]  # type: ignore[attr-defined]
        self.fields["navigator"].choices = [("", _("Everyone")), *navigators]  # type: ignore[attr-defined]
        self.fields["start"].widget.attrs.update(max=timezone.localdate().isoformat())
        self.fields["end"].widget.attrs.update(max=timezone.localdate().isoformat())

    def full_clean(self) -> None:
        super().full_clean()
        # A field with a message points at it, so a screen reader reads it with the field.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-error"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("Choose a day on or after the first day."))
            elif end - start > timedelta(days=MAX_SPAN_DAYS):
                self.add_error("start", _("Choose a range of three years or less."))
        return data
