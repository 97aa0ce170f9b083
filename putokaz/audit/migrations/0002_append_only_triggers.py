"""The database itself refuses UPDATE and DELETE on the access log (SQLite and PostgreSQL).

DELETE goes through only while a purge permit row exists (lawful retention purges).
TRUNCATE is left to the table owner: the application's role should not own the table.
"""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog "
    "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;",
    "CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslog "
    "WHEN NOT EXISTS (SELECT 1 FROM audit_purgepermit) "
    "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update;",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_delete;",
]
POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION audit_accesslog_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_purgepermit) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_accesslog is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER audit_accesslog_no_change BEFORE UPDATE OR DELETE ON audit_accesslog "
    "FOR EACH ROW EXECUTE FUNCTION audit_accesslog_append_only();",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_change ON audit_accesslog;",
    "DROP FUNCTION IF EXISTS audit_accesslog_append_only();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
