#!/usr/bin/env bash
# Rebuild tests/fixtures/db-before-documents-app.tar.xz: the demo database and its archived PDFs
# as the portal made them at the commit before the documents app (07bfe9f), for
# tests/test_upgrade.py. Run from the project root with the project's .venv; takes ~30 s.
set -euo pipefail
commit=07bfe9f
root=$(pwd)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/src" "$commit"
mkdir -p "$work/out"
export DATABASE_URL="sqlite:///$work/out/db.sqlite3" PRIVATE_MEDIA_ROOT="$work/out/private"
export STEERING_VAR_DIR="$work/var" DJANGO_SETTINGS_MODULE=steering.settings.dev
cd "$work/src"
"$root/.venv/bin/python" manage.py compile_catalogues >/dev/null
"$root/.venv/bin/python" manage.py migrate -v0
"$root/.venv/bin/python" manage.py seed_demo >/dev/null
# Archive every signed document now (no worker ran during the seed), two personal letters per
# letter, and one finished render job of a draft.
"$root/.venv/bin/python" manage.py shell -v0 <<'PY'
from meetings.models import Invitation, InvitationLetter, Minutes, Notice
from reports.services import render_job_request, render_job_run, signed_document_archive
for notice in Notice.objects.all():
    signed_document_archive(notice=notice)
for minutes in Minutes.objects.filter(locked=True):
    signed_document_archive(minutes=minutes)
for letter in InvitationLetter.objects.all():
    signed_document_archive(letter=letter)
    people = Invitation.objects.filter(meeting=letter.meeting).exclude(user_id=letter.meeting.presiding_id)
    for invitation in people[:2]:
        signed_document_archive(letter=letter, invitation=invitation)
draft = Minutes.objects.filter(locked=False).select_related("meeting").first()
render_job_run(job_id=render_job_request(minutes=draft, actor=draft.meeting.secretary).pk)
PY
cd "$work/out"
python3 - <<'PY'
import json, sqlite3
db = sqlite3.connect("db.sqlite3")
columns = ["id", "kind", "meeting_id", "notice_id", "minutes_id", "letter_id", "invitation_id", "sha256", "file"]
rows = db.execute(f"select {', '.join(columns)} from reports_signeddocument order by id").fetchall()
manifest = {"commit": "07bfe9f", "signed_documents": [dict(zip(columns, row)) for row in rows]}
json.dump(manifest, open("manifest.json", "w"), indent=1)
db.execute("vacuum")
PY
tar -cJf "$root/tests/fixtures/db-before-documents-app.tar.xz" db.sqlite3 private manifest.json
echo "wrote tests/fixtures/db-before-documents-app.tar.xz"
