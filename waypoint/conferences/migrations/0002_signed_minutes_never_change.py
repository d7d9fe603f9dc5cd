"""The database keeps signed minutes as they were signed (SQLite and PostgreSQL).

- A signed conference is never updated or deleted.
- Its attendees, discussions, contributions and agreements are never added, changed or
  removed once the minutes are signed.
- Its action items keep what was agreed (what, who, when, what it is linked to); only
  their progress (open, done, no longer needed) and the time they were sent change.
- Addenda are only ever added.

On SQLite the triggers let the test suite's flush through (see waypoint.audit.guard);
on PostgreSQL flush truncates, which row triggers do not see.
"""

from django.db import migrations

SIGNED = "signed minutes never change; add an addendum"
ADDENDA = "minutes addenda are only added to"
# Each frozen table, and how a row reaches its conference's signed_at.
BY_CONFERENCE = "(SELECT signed_at FROM conferences_conference WHERE id = {row}.conference_id)"
BY_DISCUSSION = (
    "(SELECT c.signed_at FROM conferences_conference c JOIN conferences_discussion d "
    "ON d.conference_id = c.id WHERE d.id = {row}.discussion_id)"
)
FROZEN = {
    "conferences_attendee": BY_CONFERENCE,
    "conferences_discussion": BY_CONFERENCE,
    "conferences_contribution": BY_DISCUSSION,
    "conferences_agreement": BY_DISCUSSION,
}
# What an action item agreed in signed minutes keeps.
AGREED = [
    "conference_id",
    "discussion_id",
    "enrollment_id",
    "participant_id",
    "what",
    "owner_user_id",
    "owner_attendee_id",
    "due_on",
    "need_id",
    "goal_key",
    "service_id",
    "sensitive_categories",
    "created_by_id",
    "created_at",
]


def _sqlite():
    statements = [
        f"""CREATE TRIGGER conference_signed_no_update BEFORE UPDATE ON conferences_conference
           WHEN OLD.signed_at IS NOT NULL AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;""",
        f"""CREATE TRIGGER conference_signed_no_delete BEFORE DELETE ON conferences_conference
           WHEN OLD.signed_at IS NOT NULL AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;""",
        f"""CREATE TRIGGER minutes_addendum_no_update BEFORE UPDATE
           ON conferences_minutesaddendum WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{ADDENDA}'); END;""",
        f"""CREATE TRIGGER minutes_addendum_no_delete BEFORE DELETE
           ON conferences_minutesaddendum WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{ADDENDA}'); END;""",
    ]
    for table, path in FROZEN.items():
        for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            statements.append(
                f"""CREATE TRIGGER {table}_signed_{op.lower()} BEFORE {op} ON {table}
                   WHEN {path.format(row=row)} IS NOT NULL AND waypoint_audit_permit() = 0
                   BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;"""
            )
    signed = BY_CONFERENCE.format(row="OLD")
    changed = " OR ".join(f"NEW.{col} IS NOT OLD.{col}" for col in AGREED)
    statements += [
        f"""CREATE TRIGGER action_item_signed_insert BEFORE INSERT ON conferences_actionitem
           WHEN {BY_CONFERENCE.format(row="NEW")} IS NOT NULL AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;""",
        f"""CREATE TRIGGER action_item_signed_delete BEFORE DELETE ON conferences_actionitem
           WHEN {signed} IS NOT NULL AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;""",
        f"""CREATE TRIGGER action_item_signed_update BEFORE UPDATE ON conferences_actionitem
           WHEN {signed} IS NOT NULL AND ({changed}) AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;""",
    ]
    return statements


def _sqlite_reverse():
    names = [
        "conference_signed_no_update",
        "conference_signed_no_delete",
        "minutes_addendum_no_update",
        "minutes_addendum_no_delete",
        "action_item_signed_insert",
        "action_item_signed_delete",
        "action_item_signed_update",
    ]
    for table in FROZEN:
        names += [f"{table}_signed_{op}" for op in ("insert", "update", "delete")]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres():
    statements = [
        f"""CREATE OR REPLACE FUNCTION conference_signed_frozen() RETURNS trigger AS $$
           BEGIN
             IF OLD.signed_at IS NOT NULL THEN RAISE EXCEPTION '{SIGNED}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER conference_signed_no_change BEFORE UPDATE OR DELETE
           ON conferences_conference FOR EACH ROW EXECUTE FUNCTION conference_signed_frozen();""",
        f"""CREATE OR REPLACE FUNCTION minutes_addendum_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION '{ADDENDA}'; END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER minutes_addendum_no_change BEFORE UPDATE OR DELETE
           ON conferences_minutesaddendum FOR EACH ROW
           EXECUTE FUNCTION minutes_addendum_append_only();""",
    ]
    for table, path in FROZEN.items():
        statements += [
            f"""CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger AS $$
               BEGIN
                 IF TG_OP IN ('UPDATE', 'DELETE') AND {path.format(row="OLD")} IS NOT NULL
                 THEN RAISE EXCEPTION '{SIGNED}'; END IF;
                 IF TG_OP IN ('UPDATE', 'INSERT') AND {path.format(row="NEW")} IS NOT NULL
                 THEN RAISE EXCEPTION '{SIGNED}'; END IF;
                 IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                 RETURN NEW;
               END; $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
               FOR EACH ROW EXECUTE FUNCTION {table}_frozen();""",
        ]
    changed = " OR ".join(f"NEW.{col} IS DISTINCT FROM OLD.{col}" for col in AGREED)
    statements += [
        f"""CREATE OR REPLACE FUNCTION action_item_agreed_frozen() RETURNS trigger AS $$
           BEGIN
             IF TG_OP = 'INSERT' THEN
               IF {BY_CONFERENCE.format(row="NEW")} IS NOT NULL
               THEN RAISE EXCEPTION '{SIGNED}'; END IF;
               RETURN NEW;
             END IF;
             IF {BY_CONFERENCE.format(row="OLD")} IS NOT NULL THEN
               IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{SIGNED}'; END IF;
               IF {changed} THEN RAISE EXCEPTION '{SIGNED}'; END IF;
             END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER action_item_agreed_frozen BEFORE INSERT OR UPDATE OR DELETE
           ON conferences_actionitem FOR EACH ROW
           EXECUTE FUNCTION action_item_agreed_frozen();""",
    ]
    return statements


def _postgres_reverse():
    statements = [
        "DROP TRIGGER IF EXISTS conference_signed_no_change ON conferences_conference;",
        "DROP TRIGGER IF EXISTS minutes_addendum_no_change ON conferences_minutesaddendum;",
        "DROP TRIGGER IF EXISTS action_item_agreed_frozen ON conferences_actionitem;",
        "DROP FUNCTION IF EXISTS conference_signed_frozen();",
        "DROP FUNCTION IF EXISTS minutes_addendum_append_only();",
        "DROP FUNCTION IF EXISTS action_item_agreed_frozen();",
    ]
    for table in FROZEN:
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
    dependencies = [("conferences", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
