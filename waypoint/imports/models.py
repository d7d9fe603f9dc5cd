"""One upload of people from a spreadsheet (its columns, its dry run and how the import
went), and one row per person it created, keyed by the row's fingerprint so the same
file imported again creates nothing new."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeopleImport(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Choosing the columns")
        CHECKED = "checked", _("Checked, not imported yet")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        STOPPED = "stopped", _("Stopped: nothing was imported")
        FAILED = "failed", _("Could not be imported")

    class Mode(models.TextChoices):
        ALL = "all", _("All or nothing")
        GOOD = "good", _("Import the good rows")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE)
    program = models.ForeignKey("accounts.Program", on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    # The language of the person who uploaded it: the problems are written in it.
    language = models.CharField(max_length=8, default="en")
    headers = models.JSONField(default=list, blank=True)
    # [[row number as the spreadsheet shows it, [cell, ...]], ...]; emptied once imported.
    rows = models.JSONField(default=list, blank=True)
    # {"<column index>": "<field>"}
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    mode = models.CharField(max_length=4, choices=Mode.choices, blank=True)
    checked = models.JSONField(default=dict, blank=True)  # the dry run's counts
    summary = models.JSONField(default=dict, blank=True)  # the import's counts
    problems = models.JSONField(default=list, blank=True)  # [{"row", "column", "message"}]
    problem_count = models.PositiveIntegerField(default=0)
    already = models.JSONField(default=list, blank=True)  # row numbers imported before
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class ImportedRow(models.Model):
    """A person an import created, under the fingerprint of the row they came from
    (organization, program and the row's normalized values)."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE)
    program = models.ForeignKey("accounts.Program", on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey(PeopleImport, on_delete=models.CASCADE, related_name="created_rows")
    row_number = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=64)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["row_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "fingerprint"], name="imported_row_once_per_program"
            )
        ]

    def __str__(self) -> str:
        return f"row {self.row_number}"
