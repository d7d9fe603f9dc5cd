"""Note timeliness kept by the hour (``NoteHour``, see ``waypoint.notes.note_hours``):
the table, the triggers that keep it, and a count of the notes already there."""

from typing import Any

from django.conf import settings
from django.db import migrations, models

from waypoint.notes import note_hours


def forward(apps: Any, schema_editor: Any) -> None:
    note_hours.install(schema_editor)


def backward(apps: Any, schema_editor: Any) -> None:
    note_hours.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_staff_language"),
        ("enrollments", "0007_enrollment_quiet_index"),
        ("notes", "0003_coach_phrase_language"),
        ("participants", "0003_name_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NoteHour",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("program_id", models.BigIntegerField()),
                ("author_id", models.BigIntegerField()),
                ("hour", models.BigIntegerField()),
                ("signed", models.IntegerField(default=0)),
                ("late", models.IntegerField(default=0)),
                ("drafts", models.IntegerField(default=0)),
            ],
        ),
        migrations.AddIndex(
            model_name="note",
            index=models.Index(
                condition=models.Q(("status", "draft")), fields=["due_at"], name="note_draft_due"
            ),
        ),
        migrations.AddConstraint(
            model_name="notehour",
            constraint=models.UniqueConstraint(
                fields=("program_id", "author_id", "hour"), name="note_hour_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="notehour",
            index=models.Index(
                condition=models.Q(("drafts__gt", 0)),
                fields=["program_id", "author_id", "hour"],
                name="note_hour_open_drafts",
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
