"""The database cache's table, where settings use one (production): ``migrate`` alone
sets a server up, with no separate ``createcachetable`` step to forget."""

from django.core.management import call_command
from django.db import migrations


def make_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_organization_second_factor_required")]

    operations = [migrations.RunPython(make_cache_table, migrations.RunPython.noop)]
