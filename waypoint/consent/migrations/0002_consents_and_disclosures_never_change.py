"""The database keeps consents and disclosures as recorded (SQLite and PostgreSQL).

- A consent's terms never change and it is never deleted; the only change is its
  revocation, once.
- Disclosures are only ever added: the accounting of disclosures cannot be edited.
"""

from django.db import migrations

TERMS = [
    "public_id",
    "creation_key",
    "organization_id",
    "participant_id",
    "recipient_provider_id",
    "recipient_name",
    "recipient_detail",
    "categories",
    "purpose",
    "starts_on",
    "ends_on",
    "how",
    "witness_name",
    "typed_name",
    "form_file",
    "form_content_type",
    "recorded_by_id",
    "created_at",
]
CONSENT = "the terms of a consent never change; record a new consent or revoke this one"
DISCLOSURE = "disclosures are only ever added"


def _sqlite():
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in TERMS)
    return [
        f"""CREATE TRIGGER consent_terms_frozen BEFORE UPDATE ON consent_consent
           WHEN (OLD.revoked_at IS NOT NULL OR {changed}) AND waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{CONSENT}'); END;""",
        f"""CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent_consent
           WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{CONSENT}'); END;""",
        f"""CREATE TRIGGER disclosure_no_update BEFORE UPDATE ON consent_disclosure
           WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{DISCLOSURE}'); END;""",
        f"""CREATE TRIGGER disclosure_no_delete BEFORE DELETE ON consent_disclosure
           WHEN waypoint_audit_permit() = 0
           BEGIN SELECT RAISE(ABORT, '{DISCLOSURE}'); END;""",
    ]


def _sqlite_reverse():
    names = [
        "consent_terms_frozen",
        "consent_no_delete",
        "disclosure_no_update",
        "disclosure_no_delete",
    ]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres():
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in TERMS)
    return [
        f"""CREATE OR REPLACE FUNCTION consent_terms_frozen() RETURNS trigger AS $$
           BEGIN
             IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{CONSENT}'; END IF;
             IF OLD.revoked_at IS NOT NULL OR {changed} THEN
               RAISE EXCEPTION '{CONSENT}';
             END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER consent_terms_frozen BEFORE UPDATE OR DELETE ON consent_consent
           FOR EACH ROW EXECUTE FUNCTION consent_terms_frozen();""",
        f"""CREATE OR REPLACE FUNCTION disclosure_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION '{DISCLOSURE}'; END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER disclosure_append_only BEFORE UPDATE OR DELETE ON consent_disclosure
           FOR EACH ROW EXECUTE FUNCTION disclosure_append_only();""",
    ]


def _postgres_reverse():
    return [
        "DROP TRIGGER IF EXISTS consent_terms_frozen ON consent_consent;",
        "DROP TRIGGER IF EXISTS disclosure_append_only ON consent_disclosure;",
        "DROP FUNCTION IF EXISTS consent_terms_frozen();",
        "DROP FUNCTION IF EXISTS disclosure_append_only();",
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
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
