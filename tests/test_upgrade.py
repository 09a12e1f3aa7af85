"""An installation made before the documents app upgrades with `migrate` and loses nothing.

The fixture is the demo database and its archived PDFs as the portal made them at 07bfe9f, the
commit before the documents app (scripts/make_upgrade_fixture.sh). The upgrade runs in a
subprocess on a copy, whatever database the rest of the suite uses.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FIXTURE = ROOT / "tests" / "fixtures" / "db-before-documents-app.tar.xz"

# Run inside the upgraded installation: every signed document served through its download link,
# as a person who may read it, with the hash of the bytes served and the header that carries it.
SERVE_EVERY_SIGNED_PDF = r"""
import hashlib, json, sys
import django
django.setup()
from django.test import Client
from django.urls import reverse
from meetings.models import SignedDocument
from members.models import User

people = list(User.objects.filter(username__in=["chair", "secretary", "secretary_lead", "deputy"]))
results = []
for document in SignedDocument.objects.select_related("letter", "meeting").order_by("pk"):
    K = SignedDocument.Kind
    meeting = document.meeting_id
    if document.kind == K.NOTICE:
        url = reverse("meetings:notice-pdf", kwargs={"pk": meeting})
    elif document.kind == K.MINUTES:
        url = reverse("meetings:minutes-document-pdf", kwargs={"pk": meeting, "minutes_pk": document.minutes_id})
    elif document.letter.superseded_at is not None:
        url = None  # a superseded letter has no download link: its stored file is checked instead
    elif document.kind == K.INVITATION:
        url = reverse("meetings:invitation-pdf", kwargs={"pk": meeting})
    else:
        url = reverse(
            "meetings:personal-invitation-pdf", kwargs={"pk": meeting, "invitation_pk": document.invitation_id}
        )
    served = header = None
    if url:
        for person in people:
            client = Client()
            client.force_login(person)
            response = client.get(url)
            if response.status_code == 200:
                served = hashlib.sha256(b"".join(response.streaming_content)).hexdigest()
                header = response["X-Content-SHA256"]
                break
    with document.file.open("rb") as handle:
        stored = hashlib.sha256(handle.read()).hexdigest()
    results.append({"id": document.pk, "kind": document.kind, "url": url, "served": served,
                    "header": header, "stored_file": stored, "stored_hash": document.sha256})
json.dump(results, sys.stdout)
"""


def _row_counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as db:
        tables = [name for (name,) in db.execute("select name from sqlite_master where type = 'table'")]
        return {table: db.execute(f'select count(*) from "{table}"').fetchone()[0] for table in tables}  # noqa: S608


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory) -> dict:
    """The fixture unpacked, its row counts read, then `migrate` and the download script run."""
    work = tmp_path_factory.mktemp("upgrade")
    with tarfile.open(FIXTURE) as archive:
        archive.extractall(work, filter="data")
    before = _row_counts(work / "db.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "steering.settings.test",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "STEERING_VAR_DIR": str(work / "var"),
        "PYTHONPATH": str(ROOT),
    }
    migrate = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    after = _row_counts(work / "db.sqlite3")
    served = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", SERVE_EVERY_SIGNED_PDF],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode == 0, served.stderr
    manifest = json.loads((work / "manifest.json").read_text())
    with sqlite3.connect(work / "db.sqlite3") as db:
        content_types = dict(
            db.execute(
                "select model, app_label from django_content_type where model in "
                "('signeddocument', 'historicalsigneddocument', 'renderjob', 'registercounter')"
            ).fetchall()
        )
        # Who holds the committee permissions the directives added to the roles, after migrate.
        new_grants = dict(
            db.execute(
                "select p.codename, count(*) from members_committeeuserobjectpermission g "
                "join auth_permission p on p.id = g.permission_id "
                "where p.codename in ('decide_directive', 'follow_up_directives', 'propose_acceptance') "
                "group by p.codename"
            ).fetchall()
        )
    return {
        "new_grants": new_grants,
        "content_types": content_types,
        "before": before,
        "after": after,
        "migrate": migrate.stdout,
        "documents": json.loads(served.stdout),
        "manifest": {row["id"]: row for row in manifest["signed_documents"]},
    }


def test_upgrade_applies_the_moves_and_keeps_every_row_of_every_table(upgraded):
    assert "reports.0004_tables_move_to_documents_and_meetings... OK" in upgraded["migrate"]
    assert "documents.0001_initial... OK" in upgraded["migrate"]
    assert "meetings.0004_signed_documents_from_reports... OK" in upgraded["migrate"]
    before, after = upgraded["before"], upgraded["after"]
    # Models added since the fixture get their content types and permissions (post_migrate), and
    # the roles' new committee permissions (the directive decisions) are granted by the reconcile
    # that follows migrate (members.receivers): those tables may only grow (and SQLite's id
    # counters with them); every other table keeps exactly its rows.
    grown = {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "members_committeeuserobjectpermission",
        "sqlite_sequence",
    }
    kept = {table: after.get(table) for table in before if table not in grown}
    assert kept == {table: count for table, count in before.items() if table not in grown}
    assert all(after[table] >= before[table] for table in grown)
    assert before["reports_signeddocument"] == 47 and before["reports_renderjob"] == 1


def test_upgrade_grants_the_roles_new_permissions_at_once(upgraded):
    """The chair and deputies decide directives, the standing member follows them up and the
    secretariat proposes acceptance from the moment migrate has run, not from the next nightly
    reconcile."""
    grants = upgraded["new_grants"]
    assert set(grants) == {"decide_directive", "follow_up_directives", "propose_acceptance"}
    assert all(count >= 1 for count in grants.values())


def test_upgrade_serves_every_signed_pdf_with_the_hash_it_had_before(upgraded):
    documents, manifest = upgraded["documents"], upgraded["manifest"]
    assert sorted(d["id"] for d in documents) == sorted(manifest)
    for document in documents:
        before = manifest[document["id"]]["sha256"]
        assert document["stored_hash"] == document["stored_file"] == before, document
        if document["url"] is not None:
            assert document["served"] == document["header"] == before, document
    served = [d for d in documents if d["url"] is not None]
    assert {d["kind"] for d in served} == {"notice", "minutes", "invitation", "personal_invitation"}
    assert len(served) >= 40


def test_upgrade_moves_content_types_with_their_models(upgraded):
    """Permissions and admin log entries hang on content types: they follow the models."""
    assert upgraded["content_types"] == {
        "signeddocument": "meetings",
        "historicalsigneddocument": "meetings",
        "renderjob": "documents",
        "registercounter": "documents",
    }


def test_fixture_is_the_demo_with_its_archive():
    """The fixture holds what the test relies on: a year of demo data and the archived files."""
    with tarfile.open(FIXTURE) as archive:
        names = archive.getnames()
    assert "db.sqlite3" in names and "manifest.json" in names
    assert sum(name.startswith("private/signed/") and name.endswith(".pdf") for name in names) == 47
