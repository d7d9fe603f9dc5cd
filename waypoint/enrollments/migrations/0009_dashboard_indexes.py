"""Indexes for the program dashboard at a million: retention read from an index alone,
and the navigators of people no longer on a caseload."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_user_display_name_index"),
        ("enrollments", "0008_quiet_days"),
        ("households", "0001_initial"),
        ("participants", "0003_name_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(
                fields=["program", "started_on", "exited_on", "id"],
                name="enrollment_program_started",
            ),
        ),
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("inquiry", "eligibility", "enrolled", "exiting")), _negated=True
                ),
                fields=["program", "navigator", "id"],
                name="enrollment_off_caseload",
            ),
        ),
    ]
