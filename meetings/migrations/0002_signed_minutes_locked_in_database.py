"""Signed minutes are locked in the database itself: any UPDATE or DELETE of a locked row is
refused, whatever route (ORM, admin, raw SQL, queryset.update) tries it. Both SQLite and
PostgreSQL get a trigger."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER minutes_locked_no_update BEFORE UPDATE ON meetings_minutes
       WHEN OLD.locked = 1 BEGIN SELECT RAISE(ABORT, 'signed minutes are locked'); END;""",
    """CREATE TRIGGER minutes_locked_no_delete BEFORE DELETE ON meetings_minutes
       WHEN OLD.locked = 1 BEGIN SELECT RAISE(ABORT, 'signed minutes are locked'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS minutes_locked_no_update;", "DROP TRIGGER IF EXISTS minutes_locked_no_delete;"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION meetings_minutes_refuse_locked() RETURNS trigger AS $$
       BEGIN
         IF OLD.locked THEN
           RAISE EXCEPTION 'signed minutes are locked' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER minutes_locked BEFORE UPDATE OR DELETE ON meetings_minutes
       FOR EACH ROW EXECUTE FUNCTION meetings_minutes_refuse_locked();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS minutes_locked ON meetings_minutes;",
    "DROP FUNCTION IF EXISTS meetings_minutes_refuse_locked();",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
