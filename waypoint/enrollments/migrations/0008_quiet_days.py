"""People counted by the day their next contact falls due (``QuietDay``, see
``waypoint.enrollments.quiet_days``): the table, the triggers that keep it, and a
count of the enrollments already there."""

from typing import Any

from django.db import migrations, models

from waypoint.enrollments import quiet_days


def forward(apps: Any, schema_editor: Any) -> None:
    quiet_days.install(schema_editor)


def backward(apps: Any, schema_editor: Any) -> None:
    quiet_days.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("enrollments", "0007_enrollment_quiet_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuietDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("program_id", models.BigIntegerField()),
                ("due_on", models.DateField()),
                ("shard", models.SmallIntegerField()),
                ("people", models.IntegerField(default=0)),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=models.Q(("people", 0), _negated=True),
                        fields=["program_id", "due_on"],
                        name="quiet_day_counted",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("program_id", "due_on", "shard"), name="quiet_day_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
