"""The database keeps plans honest (SQLite and PostgreSQL).

- An acknowledged version never changes and is never deleted.
- A plan's goals, long-term goals, needs links, steps and services change only
  while their version is a draft.
- Progress is only ever added to.

On SQLite the triggers let the test suite's flush through (see waypoint.audit.guard);
on PostgreSQL flush truncates, which row triggers do not see.
"""

from django.db import migrations

CONTENT = [
    "plans_longtermgoal",
    "plans_goal",
    "plans_goalneed",
    "plans_step",
    "plans_service",
]
DRAFT_ONLY = "only a draft plan changes"
ACKNOWLEDGED = "an acknowledged plan never changes"
APPEND_ONLY = "plan progress is only added to"


def _sqlite():
    statements = [
        f"""CREATE TRIGGER plan_version_acknowledged_no_update BEFORE UPDATE ON plans_planversion
           WHEN OLD.status = 'acknowledged' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{ACKNOWLEDGED}'); END;""",
        f"""CREATE TRIGGER plan_version_acknowledged_no_delete BEFORE DELETE ON plans_planversion
           WHEN OLD.status = 'acknowledged' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{ACKNOWLEDGED}'); END;""",
        f"""CREATE TRIGGER plan_progress_no_update BEFORE UPDATE ON plans_progress
           WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END;""",
        f"""CREATE TRIGGER plan_progress_no_delete BEFORE DELETE ON plans_progress
           WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END;""",
    ]
    status = "(SELECT status FROM plans_planversion WHERE id = {}.version_id)"
    for table in CONTENT:
        for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            statements.append(
                f"""CREATE TRIGGER {table}_draft_only_{op.lower()} BEFORE {op} ON {table}
                   WHEN {status.format(row)} IS NOT 'draft' AND waypoint_audit_permit() = 0
                   BEGIN SELECT RAISE(ABORT, '{DRAFT_ONLY}'); END;"""
            )
        statements.append(
            f"""CREATE TRIGGER {table}_draft_only_update_new BEFORE UPDATE ON {table}
               WHEN {status.format("NEW")} IS NOT 'draft' AND waypoint_audit_permit() = 0
               BEGIN SELECT RAISE(ABORT, '{DRAFT_ONLY}'); END;"""
        )
    return statements


def _sqlite_reverse():
    names = [
        "plan_version_acknowledged_no_update",
        "plan_version_acknowledged_no_delete",
        "plan_progress_no_update",
        "plan_progress_no_delete",
    ]
    for table in CONTENT:
        names += [f"{table}_draft_only_{op}" for op in ("insert", "update", "delete", "update_new")]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres():
    statements = [
        f"""CREATE OR REPLACE FUNCTION plan_version_frozen() RETURNS trigger AS $$
           BEGIN
             IF OLD.status = 'acknowledged' THEN RAISE EXCEPTION '{ACKNOWLEDGED}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER plan_version_acknowledged_no_change BEFORE UPDATE OR DELETE
           ON plans_planversion FOR EACH ROW EXECUTE FUNCTION plan_version_frozen();""",
        f"""CREATE OR REPLACE FUNCTION plan_progress_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER plan_progress_no_change BEFORE UPDATE OR DELETE ON plans_progress
           FOR EACH ROW EXECUTE FUNCTION plan_progress_append_only();""",
        f"""CREATE OR REPLACE FUNCTION plan_content_draft_only() RETURNS trigger AS $$
           DECLARE found text;
           BEGIN
             IF TG_OP IN ('UPDATE', 'DELETE') THEN
               SELECT status INTO found FROM plans_planversion WHERE id = OLD.version_id;
               IF found IS DISTINCT FROM 'draft' THEN RAISE EXCEPTION '{DRAFT_ONLY}'; END IF;
             END IF;
             IF TG_OP IN ('UPDATE', 'INSERT') THEN
               SELECT status INTO found FROM plans_planversion WHERE id = NEW.version_id;
               IF found IS DISTINCT FROM 'draft' THEN RAISE EXCEPTION '{DRAFT_ONLY}'; END IF;
             END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
    ]
    for table in CONTENT:
        statements.append(
            f"""CREATE TRIGGER {table}_draft_only BEFORE INSERT OR UPDATE OR DELETE ON {table}
               FOR EACH ROW EXECUTE FUNCTION plan_content_draft_only();"""
        )
    return statements


def _postgres_reverse():
    statements = [
        "DROP TRIGGER IF EXISTS plan_version_acknowledged_no_change ON plans_planversion;",
        "DROP TRIGGER IF EXISTS plan_progress_no_change ON plans_progress;",
    ]
    statements += [f"DROP TRIGGER IF EXISTS {t}_draft_only ON {t};" for t in CONTENT]
    statements += [
        "DROP FUNCTION IF EXISTS plan_version_frozen();",
        "DROP FUNCTION IF EXISTS plan_progress_append_only();",
        "DROP FUNCTION IF EXISTS plan_content_draft_only();",
    ]
    return statements


def forwards(apps, schema_editor):
    sqlite = schema_editor.connection.vendor == "sqlite"
    for sql in _sqlite() if sqlite else _postgres():
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    sqlite = schema_editor.connection.vendor == "sqlite"
    for sql in _sqlite_reverse() if sqlite else _postgres_reverse():
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
