"""On PostgreSQL, the database itself refuses overlapping terms for the chair and the standing
member of one committee (an exclusion constraint over the term's date range). SQLite has no such
constraint; there members.services and the partial unique index of 0001 enforce the rule."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE members_roleassignment
  ADD CONSTRAINT single_holder_roles_no_overlap
  EXCLUDE USING gist (
    committee_id WITH =,
    role WITH =,
    daterange(start_date, end_date, '[]') WITH &&
  ) WHERE (role IN ('chair', 'standing_member'));
"""
DROP = "ALTER TABLE members_roleassignment DROP CONSTRAINT IF EXISTS single_holder_roles_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
