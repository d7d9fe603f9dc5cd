"""The database keeps a signed file review as it was signed (SQLite and PostgreSQL).

- A signed review is never updated or deleted.
- Its answers are never added, changed or removed once it is signed.

Corrections are their own rows and keep moving after signing.
On SQLite the triggers let the test suite's flush through (see waypoint.audit.guard);
on PostgreSQL flush truncates, which row triggers do not see.
"""

from django.db import migrations

FROZEN_WORDS = "a signed file review never changes; start a new review"
BY_REVIEW = "(SELECT status FROM quality_review WHERE id = {row}.review_id)"
TABLE = "quality_answer"


def _sqlite():
    statements = [
        f"""CREATE TRIGGER quality_review_signed_no_update BEFORE UPDATE ON quality_review
           WHEN OLD.status = 'signed' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;""",
        f"""CREATE TRIGGER quality_review_signed_no_delete BEFORE DELETE ON quality_review
           WHEN OLD.status = 'signed' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;""",
    ]
    for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        statements.append(
            f"""CREATE TRIGGER {TABLE}_signed_{op.lower()} BEFORE {op} ON {TABLE}
               WHEN {BY_REVIEW.format(row=row)} = 'signed' AND waypoint_audit_permit() = 0
               BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;"""
        )
    statements.append(
        f"""CREATE TRIGGER {TABLE}_signed_move BEFORE UPDATE ON {TABLE}
           WHEN {BY_REVIEW.format(row="NEW")} = 'signed' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;"""
    )
    return statements


def _sqlite_reverse():
    names = ["quality_review_signed_no_update", "quality_review_signed_no_delete"]
    names += [f"{TABLE}_signed_{op}" for op in ("insert", "update", "delete", "move")]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres():
    return [
        f"""CREATE OR REPLACE FUNCTION quality_review_signed_frozen() RETURNS trigger AS $$
           BEGIN
             IF OLD.status = 'signed' THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER quality_review_signed_frozen BEFORE UPDATE OR DELETE
           ON quality_review FOR EACH ROW EXECUTE FUNCTION quality_review_signed_frozen();""",
        f"""CREATE OR REPLACE FUNCTION {TABLE}_frozen() RETURNS trigger AS $$
           BEGIN
             IF TG_OP IN ('UPDATE', 'DELETE') AND {BY_REVIEW.format(row="OLD")} = 'signed'
             THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP IN ('UPDATE', 'INSERT') AND {BY_REVIEW.format(row="NEW")} = 'signed'
             THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        f"""CREATE TRIGGER {TABLE}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {TABLE}
           FOR EACH ROW EXECUTE FUNCTION {TABLE}_frozen();""",
    ]


def _postgres_reverse():
    return [
        "DROP TRIGGER IF EXISTS quality_review_signed_frozen ON quality_review;",
        "DROP FUNCTION IF EXISTS quality_review_signed_frozen();",
        f"DROP TRIGGER IF EXISTS {TABLE}_frozen ON {TABLE};",
        f"DROP FUNCTION IF EXISTS {TABLE}_frozen();",
    ]


def forwards(apps, schema_editor):
    sqlite = schema_editor.connection.vendor == "sqlite"
    for sql in _sqlite() if sqlite else _postgres():
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    sqlite = schema_editor.connection.vendor == "sqlite"
    for sql in _sqlite_reverse() if sqlite else _postgres_reverse():
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
