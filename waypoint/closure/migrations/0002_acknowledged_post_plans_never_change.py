"""The database keeps an acknowledged post-program plan as the participant agreed it
(SQLite and PostgreSQL).

- An acknowledged post-program plan is never updated or deleted.
- Its goals, supports and resources are never added, changed or removed once it is
  acknowledged. A change is a new version.

On SQLite the triggers let the test suite's flush through (see waypoint.audit.guard);
on PostgreSQL flush truncates, which row triggers do not see.
"""

from django.db import migrations

FROZEN_WORDS = "an acknowledged post-program plan never changes; start a new version"
BY_PLAN = "(SELECT status FROM closure_postprogramplan WHERE id = {row}.post_plan_id)"
CHILDREN = ("closure_postplangoal", "closure_postplansupport", "closure_postplanresource")


def _sqlite():
    statements = [
        f"""CREATE TRIGGER post_plan_acknowledged_no_update BEFORE UPDATE
           ON closure_postprogramplan
           WHEN OLD.status = 'acknowledged' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;""",
        f"""CREATE TRIGGER post_plan_acknowledged_no_delete BEFORE DELETE
           ON closure_postprogramplan
           WHEN OLD.status = 'acknowledged' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;""",
    ]
    for table in CHILDREN:
        for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            statements.append(
                f"""CREATE TRIGGER {table}_acknowledged_{op.lower()} BEFORE {op} ON {table}
                   WHEN {BY_PLAN.format(row=row)} = 'acknowledged'
                   AND waypoint_audit_permit() = 0
                   BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;"""
            )
        statements.append(
            f"""CREATE TRIGGER {table}_acknowledged_move BEFORE UPDATE ON {table}
               WHEN {BY_PLAN.format(row="NEW")} = 'acknowledged'
               AND waypoint_audit_permit() = 0
               BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;"""
        )
    return statements


def _sqlite_reverse():
    names = ["post_plan_acknowledged_no_update", "post_plan_acknowledged_no_delete"]
    for table in CHILDREN:
        names += [f"{table}_acknowledged_{op}" for op in ("insert", "update", "delete", "move")]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres():
    statements = [
        f"""CREATE OR REPLACE FUNCTION post_plan_acknowledged_frozen() RETURNS trigger AS $$
           BEGIN
             IF OLD.status = 'acknowledged' THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER post_plan_acknowledged_frozen BEFORE UPDATE OR DELETE
           ON closure_postprogramplan FOR EACH ROW
           EXECUTE FUNCTION post_plan_acknowledged_frozen();""",
    ]
    for table in CHILDREN:
        statements += [
            f"""CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger AS $$
               BEGIN
                 IF TG_OP IN ('UPDATE', 'DELETE') AND {BY_PLAN.format(row="OLD")} = 'acknowledged'
                 THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
                 IF TG_OP IN ('UPDATE', 'INSERT') AND {BY_PLAN.format(row="NEW")} = 'acknowledged'
                 THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
                 IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                 RETURN NEW;
               END; $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
               FOR EACH ROW EXECUTE FUNCTION {table}_frozen();""",
        ]
    return statements


def _postgres_reverse():
    statements = [
        "DROP TRIGGER IF EXISTS post_plan_acknowledged_frozen ON closure_postprogramplan;",
        "DROP FUNCTION IF EXISTS post_plan_acknowledged_frozen();",
    ]
    for table in CHILDREN:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};",
            f"DROP FUNCTION IF EXISTS {table}_frozen();",
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
    dependencies = [("closure", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
