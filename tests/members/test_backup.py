"""Backup and restore (issue #14, item 10): the demo data set goes into one archive, the database
and media folder are wiped, and the restore brings back every row and every file byte for byte."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
import tarfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from members.backup import flush_database, row_counts

pytestmark = pytest.mark.usefixtures("unlock_signed_minutes_at_teardown")


@pytest.fixture
def roots(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return [settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT]


@pytest.fixture
def seeded(roots):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    (roots[1] / "logo.png").parent.mkdir(parents=True, exist_ok=True)
    (roots[1] / "logo.png").write_bytes(b"\x89PNG not really")
    return roots


def file_hashes(roots) -> dict[str, str]:
    return {
        f"{root.name}/{path.relative_to(root).as_posix()}": hashlib.sha256(path.read_bytes()).hexdigest()
        for root in roots
        if root.exists()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def all_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in apps.get_models(include_auto_created=True)}


def wipe(roots) -> None:
    flush_database()
    for root in roots:
        shutil.rmtree(root, ignore_errors=True)


def run(command, *args, **kwargs) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, **kwargs)
    return out.getvalue()


def test_backup_wipe_restore_brings_back_every_row_and_every_file(seeded, tmp_path):
    counts_before, hashes_before = all_counts(), file_hashes(seeded)
    assert counts_before["meetings.minutes"] and any(name.endswith(".pdf") for name in hashes_before)
    archive = tmp_path / "out" / "b.tar.gz"

    run("backup", output=str(archive))

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    wipe(seeded)
    assert all_counts()["meetings.minutes"] == 0 and file_hashes(seeded) == {}

    output = run("restore", str(archive))

    assert all_counts() == counts_before
    assert file_hashes(seeded) == hashes_before
    assert "Đã khôi phục" in output


def test_manifest_lists_counts_migrations_and_the_hash_of_every_file(seeded, tmp_path):
    archive = tmp_path / "b.tar.gz"
    run("backup", output=str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"] == row_counts()
    assert manifest["latest_migrations"]["meetings"].startswith("00")
    listed = {name.removeprefix("files/"): entry["sha256"] for name, entry in manifest["files"].items()}
    assert listed == file_hashes(seeded)
    assert "nguyên vẹn: " in run("backup", check=str(archive))


def _rewrite(archive, out, change) -> None:
    """A copy of the archive with the members passed through change(info, data) -> (info, data)."""
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as target:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            info, data = change(info, data)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))


def test_a_tampered_archive_is_refused_by_check_and_restore(seeded, tmp_path):
    archive, tampered = tmp_path / "b.tar.gz", tmp_path / "t.tar.gz"
    run("backup", output=str(archive))
    pdf = next(name for name in file_hashes(seeded) if name.endswith(".pdf"))

    _rewrite(archive, tampered, lambda i, d: (i, d + b"x" if i.name == f"files/{pdf}" else d))
    wipe(seeded)

    for command, kwargs in (("backup", {"check": str(tampered)}), ("restore", {})):
        with pytest.raises(CommandError, match="SHA-256"):
            run(command, *([str(tampered)] if command == "restore" else []), **kwargs)
    assert all_counts()["meetings.minutes"] == 0 and file_hashes(seeded) == {}


def test_a_member_leaving_the_media_folder_is_refused(seeded, tmp_path):
    archive, evil = tmp_path / "b.tar.gz", tmp_path / "e.tar.gz"
    run("backup", output=str(archive))

    def escape(info, data):
        if info.name.startswith("files/media/"):
            info.name = "files/media/../../escaped.txt"
        return info, data

    _rewrite(archive, evil, escape)
    wipe(seeded)
    with pytest.raises(CommandError, match="escaped.txt"):
        run("restore", str(evil))
    assert not (tmp_path / "escaped.txt").exists()


def test_a_symlink_in_the_archive_is_refused(roots, tmp_path):
    with tarfile.open(tmp_path / "s.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo("files/private/link")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(info)
    with pytest.raises(CommandError, match="files/private/link"):
        run("restore", str(tmp_path / "s.tar.gz"))


def test_a_symlink_under_the_media_root_is_not_followed_into_the_backup(roots, tmp_path):
    roots[0].mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("not portal data")
    (roots[0] / "link.txt").symlink_to(tmp_path / "secret.txt")
    (roots[0] / "paper.pdf").write_bytes(b"%PDF")
    archive = tmp_path / "only.tar.gz"
    run("backup", output=str(archive))
    with tarfile.open(archive) as tar:
        assert tar.getnames() == ["data.json.gz", "files/private/paper.pdf", "manifest.json"]
        assert list(json.load(tar.extractfile("manifest.json"))["files"]) == ["files/private/paper.pdf"]


def test_a_non_empty_database_is_refused_unless_forced(seeded, tmp_path):
    archive = tmp_path / "b.tar.gz"
    run("backup", output=str(archive))
    counts_before, hashes_before = all_counts(), file_hashes(seeded)
    shutil.rmtree(seeded[1])

    with pytest.raises(CommandError, match="--force"):
        run("restore", str(archive))

    run("restore", str(archive), force=True)
    assert all_counts() == counts_before
    assert file_hashes(seeded) == hashes_before


def test_a_backup_from_another_migration_state_is_refused(roots, tmp_path):
    archive, older = tmp_path / "b.tar.gz", tmp_path / "o.tar.gz"
    run("backup", output=str(archive))

    def drop_last_meetings_migration(info, data):
        if info.name == "manifest.json":
            manifest = json.loads(data)
            manifest["migrations"]["meetings"].pop()
            data = json.dumps(manifest).encode()
        return info, data

    _rewrite(archive, older, drop_last_meetings_migration)
    with pytest.raises(CommandError, match="migrate"):
        run("restore", str(older))
