"""The database refuses any change to a completed assessment (SQLite and PostgreSQL).

On SQLite the triggers let the test suite's flush through (see waypoint.audit.guard);
on PostgreSQL flush truncates, which row triggers do not see.
"""

from django.db import migrations

MESSAGE = "completed assessments never change"
SQLITE = [
    f"""CREATE TRIGGER assessment_complete_no_update BEFORE UPDATE ON assessments_assessment
       WHEN OLD.status = 'complete' AND waypoint_audit_permit() = 0
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER assessment_complete_no_delete BEFORE DELETE ON assessments_assessment
       WHEN OLD.status = 'complete' AND waypoint_audit_permit() = 0
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS assessment_complete_no_update;",
    "DROP TRIGGER IF EXISTS assessment_complete_no_delete;",
]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION assessment_complete_frozen() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'complete' THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER assessment_complete_no_change BEFORE UPDATE OR DELETE
       ON assessments_assessment
       FOR EACH ROW EXECUTE FUNCTION assessment_complete_frozen();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS assessment_complete_no_change ON assessments_assessment;",
    "DROP FUNCTION IF EXISTS assessment_complete_frozen();",
]


def forwards(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRES_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_assessments_and_questions")]

    operations = [migrations.RunPython(forwards, backwards)]
