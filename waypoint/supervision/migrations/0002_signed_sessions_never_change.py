"""The database keeps a signed supervision session as the supervisor signed it (SQLite
and PostgreSQL).

- A signed session is never updated or deleted.
- The people it discussed are never added, changed or removed once it is signed.
- Its agreed actions are never added or removed once it is signed, and only their
  "done" fields (done_at, done_by) change: the rest of the row stays as agreed.

On SQLite the triggers let the test suite's flush through (see waypoint.audit.guard);
on PostgreSQL flush truncates, which row triggers do not see.
"""

from django.db import migrations

FROZEN_WORDS = "a signed supervision session never changes"
BY_SESSION = "(SELECT status FROM supervision_session WHERE id = {row}.session_id)"
ACTION_CHANGED = (
    "NEW.what IS NOT OLD.what OR NEW.owner_id IS NOT OLD.owner_id "
    "OR NEW.due_on IS NOT OLD.due_on OR NEW.session_id IS NOT OLD.session_id"
)
ACTION_CHANGED_PG = (
    "NEW.what IS DISTINCT FROM OLD.what OR NEW.owner_id IS DISTINCT FROM OLD.owner_id "
    "OR NEW.due_on IS DISTINCT FROM OLD.due_on OR NEW.session_id IS DISTINCT FROM OLD.session_id"
)


def _raise(name: str, when: str, op: str, table: str) -> str:
    return f"""CREATE TRIGGER {name} BEFORE {op} ON {table}
        WHEN ({when}) AND waypoint_audit_permit() = 0
        BEGIN SELECT RAISE(ABORT, '{FROZEN_WORDS}'); END;"""


SQLITE_NAMES = [
    "supervision_session_signed_no_update",
    "supervision_session_signed_no_delete",
    "supervision_discussed_signed_insert",
    "supervision_discussed_signed_update",
    "supervision_discussed_signed_move",
    "supervision_discussed_signed_delete",
    "supervision_action_signed_insert",
    "supervision_action_signed_delete",
    "supervision_action_signed_update",
]


def _sqlite():
    old, new = BY_SESSION.format(row="OLD"), BY_SESSION.format(row="NEW")
    return [
        _raise(SQLITE_NAMES[0], "OLD.status = 'signed'", "UPDATE", "supervision_session"),
        _raise(SQLITE_NAMES[1], "OLD.status = 'signed'", "DELETE", "supervision_session"),
        _raise(SQLITE_NAMES[2], f"{new} = 'signed'", "INSERT", "supervision_discussed"),
        _raise(SQLITE_NAMES[3], f"{old} = 'signed'", "UPDATE", "supervision_discussed"),
        _raise(SQLITE_NAMES[4], f"{new} = 'signed'", "UPDATE", "supervision_discussed"),
        _raise(SQLITE_NAMES[5], f"{old} = 'signed'", "DELETE", "supervision_discussed"),
        _raise(SQLITE_NAMES[6], f"{new} = 'signed'", "INSERT", "supervision_agreedaction"),
        _raise(SQLITE_NAMES[7], f"{old} = 'signed'", "DELETE", "supervision_agreedaction"),
        _raise(
            SQLITE_NAMES[8],
            f"({old} = 'signed' OR {new} = 'signed') AND ({ACTION_CHANGED})",
            "UPDATE",
            "supervision_agreedaction",
        ),
    ]


def _postgres():
    old, new = BY_SESSION.format(row="OLD"), BY_SESSION.format(row="NEW")
    return [
        f"""CREATE OR REPLACE FUNCTION supervision_session_frozen() RETURNS trigger AS $$
           BEGIN
             IF OLD.status = 'signed' THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER supervision_session_frozen BEFORE UPDATE OR DELETE
           ON supervision_session FOR EACH ROW
           EXECUTE FUNCTION supervision_session_frozen();""",
        f"""CREATE OR REPLACE FUNCTION supervision_discussed_frozen() RETURNS trigger AS $$
           BEGIN
             IF TG_OP IN ('UPDATE', 'DELETE') AND {old} = 'signed'
             THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP IN ('UPDATE', 'INSERT') AND {new} = 'signed'
             THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER supervision_discussed_frozen BEFORE INSERT OR UPDATE OR DELETE
           ON supervision_discussed FOR EACH ROW
           EXECUTE FUNCTION supervision_discussed_frozen();""",
        f"""CREATE OR REPLACE FUNCTION supervision_action_frozen() RETURNS trigger AS $$
           BEGIN
             IF TG_OP = 'DELETE' AND {old} = 'signed'
             THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP = 'INSERT' AND {new} = 'signed'
             THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP = 'UPDATE' AND ({old} = 'signed' OR {new} = 'signed')
                AND ({ACTION_CHANGED_PG})
             THEN RAISE EXCEPTION '{FROZEN_WORDS}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER supervision_action_frozen BEFORE INSERT OR UPDATE OR DELETE
           ON supervision_agreedaction FOR EACH ROW
           EXECUTE FUNCTION supervision_action_frozen();""",
    ]


def _postgres_reverse():
    return [
        "DROP TRIGGER IF EXISTS supervision_session_frozen ON supervision_session;",
        "DROP FUNCTION IF EXISTS supervision_session_frozen();",
        "DROP TRIGGER IF EXISTS supervision_discussed_frozen ON supervision_discussed;",
        "DROP FUNCTION IF EXISTS supervision_discussed_frozen();",
        "DROP TRIGGER IF EXISTS supervision_action_frozen ON supervision_agreedaction;",
        "DROP FUNCTION IF EXISTS supervision_action_frozen();",
    ]


def forwards(apps, schema_editor):
    sqlite = schema_editor.connection.vendor == "sqlite"
    for sql in _sqlite() if sqlite else _postgres():
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_NAMES]
    else:
        statements = _postgres_reverse()
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
