"""The organization's second-step requirement, on by default.

Existing organizations get it on too (the column default fills them): staff who
have no authenticator app yet are taken to set one up at their next sign-in, and an
administrator can turn it off on the organization's sign-in security page. The demo
organization turns it off again each time ``seed_demo`` runs (demo only).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_partner_users"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="second_factor_required",
            field=models.BooleanField(
                default=True,
                help_text="Everyone who can see participant data signs in with a code from an authenticator app as well as their password.",
            ),
        ),
    ]
