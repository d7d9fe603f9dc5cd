"""Every program has its closure reasons from the start (new programs get them when they
are made), so reading a closing page never has to write them."""

from django.db import migrations


def install(apps, schema_editor):
    from waypoint.closure.actions._common import DEFAULT_REASONS

    Program = apps.get_model("accounts", "Program")
    ClosureReason = apps.get_model("closure", "ClosureReason")
    have = set(ClosureReason.objects.values_list("program_id", flat=True).distinct())
    ClosureReason.objects.bulk_create(
        [
            ClosureReason(
                program_id=program_id,
                label=label,
                destination=destination,
                completion=completion,
                position=position,
            )
            for program_id in Program.objects.exclude(pk__in=have).values_list("pk", flat=True)
            for position, (label, destination, completion) in enumerate(DEFAULT_REASONS)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_cache_table"),
        ("closure", "0004_forecast_reminders"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
