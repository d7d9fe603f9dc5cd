"""Contacts kept by the quarter hour (``ContactQuarter``, see
``waypoint.notes.contact_quarters``): the table, the triggers that keep it, and a count
of the contacts already there."""

from typing import Any

from django.db import migrations, models

from waypoint.notes import contact_quarters


def forward(apps: Any, schema_editor: Any) -> None:
    contact_quarters.install(schema_editor)


def backward(apps: Any, schema_editor: Any) -> None:
    contact_quarters.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0004_note_hours"),
        ("enrollments", "0007_enrollment_quiet_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactQuarter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("program_id", models.BigIntegerField()),
                ("quarter", models.BigIntegerField()),
                ("completed", models.IntegerField(default=0)),
                ("attempted", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("program_id", "quarter"), name="contact_quarter_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
