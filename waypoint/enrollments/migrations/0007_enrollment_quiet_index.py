"""The supervision page's per-program count of people with no contact lately, read
from one partial index (see ``Enrollment.Meta.indexes``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("enrollments", "0006_household_stay")]

    operations = [
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("inquiry", "eligibility", "enrolled", "exiting", "follow_up"))
                ),
                fields=["program", "contact_due_on", "id"],
                name="enrollment_quiet",
            ),
        ),
    ]
