"""The database keeps signed notes as they were signed (SQLite and PostgreSQL).

- A signed note is never updated or deleted.
- The goals a note links to, and the contact it records, change only while the note
  is a draft.
- Addenda are only ever added.

On SQLite the triggers let the test suite's flush through (see waypoint.audit.guard);
on PostgreSQL flush truncates, which row triggers do not see.
"""

from django.db import migrations

SIGNED = "a signed note never changes; add an addendum"
ADDENDA = "addenda are only added to"
SIGNED_NOTE = "(SELECT status FROM notes_note WHERE {})"


def _sqlite():
    statements = [
        f"""CREATE TRIGGER note_signed_no_update BEFORE UPDATE ON notes_note
           WHEN OLD.status = 'signed' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;""",
        f"""CREATE TRIGGER note_signed_no_delete BEFORE DELETE ON notes_note
           WHEN OLD.status = 'signed' AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;""",
        f"""CREATE TRIGGER note_addendum_no_update BEFORE UPDATE ON notes_addendum
           WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{ADDENDA}'); END;""",
        f"""CREATE TRIGGER note_addendum_no_delete BEFORE DELETE ON notes_addendum
           WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{ADDENDA}'); END;""",
    ]
    for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        found = SIGNED_NOTE.format(f"id = {row}.note_id")
        statements.append(
            f"""CREATE TRIGGER note_link_signed_{op.lower()} BEFORE {op} ON notes_notelink
               WHEN {found} = 'signed' AND waypoint_audit_permit() = 0
               BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;"""
        )
    for op in ("UPDATE", "DELETE"):
        found = SIGNED_NOTE.format("contact_id = OLD.id")
        statements.append(
            f"""CREATE TRIGGER contact_signed_{op.lower()} BEFORE {op} ON notes_contact
               WHEN {found} = 'signed' AND waypoint_audit_permit() = 0
               BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END;"""
        )
    return statements


def _sqlite_reverse():
    names = [
        "note_signed_no_update",
        "note_signed_no_delete",
        "note_addendum_no_update",
        "note_addendum_no_delete",
        "note_link_signed_insert",
        "note_link_signed_update",
        "note_link_signed_delete",
        "contact_signed_update",
        "contact_signed_delete",
    ]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres():
    return [
        f"""CREATE OR REPLACE FUNCTION note_signed_frozen() RETURNS trigger AS $$
           BEGIN
             IF OLD.status = 'signed' THEN RAISE EXCEPTION '{SIGNED}'; END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER note_signed_no_change BEFORE UPDATE OR DELETE ON notes_note
           FOR EACH ROW EXECUTE FUNCTION note_signed_frozen();""",
        f"""CREATE OR REPLACE FUNCTION note_addendum_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION '{ADDENDA}'; END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER note_addendum_no_change BEFORE UPDATE OR DELETE ON notes_addendum
           FOR EACH ROW EXECUTE FUNCTION note_addendum_append_only();""",
        f"""CREATE OR REPLACE FUNCTION note_link_draft_only() RETURNS trigger AS $$
           DECLARE found text;
           BEGIN
             IF TG_OP IN ('UPDATE', 'DELETE') THEN
               SELECT status INTO found FROM notes_note WHERE id = OLD.note_id;
               IF found = 'signed' THEN RAISE EXCEPTION '{SIGNED}'; END IF;
             END IF;
             IF TG_OP IN ('UPDATE', 'INSERT') THEN
               SELECT status INTO found FROM notes_note WHERE id = NEW.note_id;
               IF found = 'signed' THEN RAISE EXCEPTION '{SIGNED}'; END IF;
             END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER note_link_draft_only BEFORE INSERT OR UPDATE OR DELETE
           ON notes_notelink FOR EACH ROW EXECUTE FUNCTION note_link_draft_only();""",
        f"""CREATE OR REPLACE FUNCTION contact_draft_only() RETURNS trigger AS $$
           BEGIN
             IF EXISTS (SELECT 1 FROM notes_note WHERE contact_id = OLD.id
                        AND status = 'signed') THEN
               RAISE EXCEPTION '{SIGNED}';
             END IF;
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER contact_draft_only BEFORE UPDATE OR DELETE ON notes_contact
           FOR EACH ROW EXECUTE FUNCTION contact_draft_only();""",
    ]


def _postgres_reverse():
    return [
        "DROP TRIGGER IF EXISTS note_signed_no_change ON notes_note;",
        "DROP TRIGGER IF EXISTS note_addendum_no_change ON notes_addendum;",
        "DROP TRIGGER IF EXISTS note_link_draft_only ON notes_notelink;",
        "DROP TRIGGER IF EXISTS contact_draft_only ON notes_contact;",
        "DROP FUNCTION IF EXISTS note_signed_frozen();",
        "DROP FUNCTION IF EXISTS note_addendum_append_only();",
        "DROP FUNCTION IF EXISTS note_link_draft_only();",
        "DROP FUNCTION IF EXISTS contact_draft_only();",
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
    dependencies = [("notes", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
