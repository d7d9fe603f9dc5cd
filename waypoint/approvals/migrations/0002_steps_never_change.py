"""The database keeps an approval's history as it happened: a step is never updated or
deleted (SQLite and PostgreSQL).

On SQLite the triggers let the test suite's flush through (see waypoint.audit.guard);
on PostgreSQL flush truncates, which row triggers do not see.
"""

from django.db import migrations

WORDS = "the history of an approval never changes; add a step instead"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        statements = [
            f"""CREATE TRIGGER approvals_step_no_{op.lower()} BEFORE {op}
               ON approvals_approvalstep WHEN waypoint_audit_permit() = 0
               BEGIN SELECT RAISE(ABORT, '{WORDS}'); END;"""
            for op in ("UPDATE", "DELETE")
        ]
    else:
        statements = [
            f"""CREATE OR REPLACE FUNCTION approvals_step_frozen() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION '{WORDS}'; END; $$ LANGUAGE plpgsql;""",
            """CREATE TRIGGER approvals_step_frozen BEFORE UPDATE OR DELETE
               ON approvals_approvalstep FOR EACH ROW
               EXECUTE FUNCTION approvals_step_frozen();""",
        ]
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        statements = [
            "DROP TRIGGER IF EXISTS approvals_step_no_update;",
            "DROP TRIGGER IF EXISTS approvals_step_no_delete;",
        ]
    else:
        statements = [
            "DROP TRIGGER IF EXISTS approvals_step_frozen ON approvals_approvalstep;",
            "DROP FUNCTION IF EXISTS approvals_step_frozen();",
        ]
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
