"""Backup and restore of the whole portal: one .tar.gz holding a portable database dump (Django's
JSON serializer, natural foreign keys, gzip), every file under the media roots (the private root
holds the signed PDFs and the papers) and manifest.json (format, created_at, applied migrations,
row counts per model, size and SHA-256 of every member). The management commands `backup` and
`restore` are thin wrappers around this module; docs/operations.md says how to run them.

Not in the dump, because the database rebuilds them itself: content types and auth permissions
(recreated by `migrate`, referenced by natural key) and sessions (everyone signs in again).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "data.json.gz"
FILES_PREFIX = "files"
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
CHUNK = 1024 * 1024


class BackupError(Exception):
    """An archive that cannot be written, checked or restored; the message says why, in Vietnamese."""


@dataclass
class Manifest:
    data: dict = field(default_factory=dict)

    @property
    def files(self) -> dict[str, dict]:
        return self.data["files"]

    @property
    def counts(self) -> dict[str, int]:
        return self.data["counts"]


def media_roots() -> dict[str, Path]:
    """The folders whose files go into the archive, by the name they carry inside it."""
    roots = {"private": Path(settings.PRIVATE_MEDIA_ROOT)}
    if settings.MEDIA_ROOT:
        roots["media"] = Path(settings.MEDIA_ROOT)
    return roots


def dumped_models() -> list:
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps and model._meta.label_lower not in excluded_models
    ]


def row_counts() -> dict[str, int]:
    """Rows per dumped model, auto-created many-to-many tables included (they travel in the dump)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created:
            owner = model._meta.auto_created
            if owner not in dumped_models():
                continue
        elif model not in dumped_models():
            continue
        counts[model._meta.label_lower] = model._base_manager.count()
    return counts


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _sha256(fileobj) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _media_files() -> list[tuple[str, Path]]:
    """(name in the archive, path on disk) of every regular file under the media roots. Symbolic
    links are never followed nor stored: a link could point anywhere on the server."""
    found = []
    for root_name, root in media_roots().items():
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not os.path.islink(os.path.join(dirpath, d)))
            for filename in sorted(filenames):
                path = Path(dirpath) / filename
                if stat.S_ISREG(path.lstat().st_mode):
                    relative = path.relative_to(root).as_posix()
                    found.append((f"{FILES_PREFIX}/{root_name}/{relative}", path))
    return found


def _add(tar: tarfile.TarFile, name: str, fileobj, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, fileobj)


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return (
        Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var"))
        / "backups"
        / f"backup-{stamp}.tar.gz"
    )


def create_backup(output: Path) -> Manifest:
    """Write the archive to `output` (0600, written aside then renamed, so a half-written archive
    never carries the final name) and return its manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        dump_path = Path(work) / DUMP
        # One read transaction, so the dump and the counts describe the same moment.
        with transaction.atomic():
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                all=True,
                output=str(dump_path),
                verbosity=0,
            )
            counts = row_counts()
            migrations = applied_migrations()
        with dump_path.open("rb") as dump:
            dump_hash, dump_size = _sha256(dump)
        manifest = Manifest(
            {
                "format_version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "migrations": migrations,
                "latest_migrations": {app: names[-1] for app, names in migrations.items()},
                "counts": counts,
                "dump": {"path": DUMP, "size": dump_size, "sha256": dump_hash},
                "files": {},
            }
        )
        partial = Path(work) / "archive.tar.gz"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            with dump_path.open("rb") as dump:
                _add(tar, DUMP, dump, dump_size)
            for name, path in _media_files():
                with path.open("rb") as handle:
                    digest, size = _sha256(handle)
                    handle.seek(0)
                    _add(tar, name, handle, size)
                manifest.files[name] = {"size": size, "sha256": digest}
            body = json.dumps(manifest.data, ensure_ascii=False, indent=2, sort_keys=True).encode()
            _add(tar, MANIFEST, io.BytesIO(body), len(body))
        os.replace(partial, output)
    os.chmod(output, 0o600)
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def verify_archive(archive: Path) -> Manifest:
    """Check every member against the manifest before anything is restored: a member that is not
    a plain file, a path leaving its folder, a missing or extra file, a wrong size or hash."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("The backup file %(path)s does not exist.") % {"path": archive})
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(
                        _(
                            "The backup contains %(name)s, which is not a plain file inside the archive: refused."
                        )
                        % {"name": member.name}
                    )
            by_name = {member.name: member for member in members}
            if len(by_name) != len(members) or MANIFEST not in by_name:
                raise BackupError(_("The backup has no single manifest.json: it is not a portal backup."))
            manifest = Manifest(json.load(tar.extractfile(by_name[MANIFEST])))
            if manifest.data.get("format_version") != FORMAT_VERSION:
                raise BackupError(_("The backup is in a format this portal does not know."))
            expected = {DUMP: manifest.data["dump"], **manifest.files}
            if set(expected) != set(by_name) - {MANIFEST}:
                raise BackupError(_("The backup's files do not match its manifest: refused."))
            for name, entry in expected.items():
                if not name.startswith(f"{FILES_PREFIX}/") and name != DUMP:
                    raise BackupError(_("The backup's files do not match its manifest: refused."))
                digest, size = _sha256(tar.extractfile(by_name[name]))
                if (digest, size) != (entry["sha256"], entry["size"]):
                    raise BackupError(
                        _(
                            "%(name)s in the backup does not match its SHA-256 in the manifest: the archive was altered or damaged."
                        )
                        % {"name": name}
                    )
    except (tarfile.TarError, OSError, EOFError, ValueError, KeyError, TypeError) as error:
        raise BackupError(_("The backup cannot be read: %(error)s") % {"error": error}) from error
    return manifest


def _sqlite_triggers() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return list(cursor.fetchall())


def flush_database() -> None:
    """Delete every row. PostgreSQL's flush truncates, which the row triggers guarding signed
    minutes and approved reports do not see; on SQLite those triggers would refuse the deletes,
    so they are dropped for the flush and recreated, exactly as they were, right after."""
    triggers = _sqlite_triggers() if connection.vendor == "sqlite" else []
    with connection.cursor() as cursor:
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    try:
        call_command("flush", interactive=False, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)


@contextmanager
def _history_off():
    """The dump carries the history rows; loaddata setting a many-to-many field would otherwise
    add a second, invented history row (simple-history records m2m changes even on raw loads)."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def database_is_empty() -> bool:
    return not any(model._base_manager.exists() for model in dumped_models())


def restore_backup(archive: Path, *, force: bool = False) -> Manifest:
    """Verify, then load the dump in one transaction and write the files. Refuses a database that
    already holds rows (or media files already present) unless `force`, and a database whose
    migrations differ from the backup's."""
    manifest = verify_archive(archive)
    if manifest.data["migrations"] != applied_migrations():
        raise BackupError(
            _(
                "The database's migrations differ from the backup's: run `python manage.py migrate` "
                "with the portal version that made the backup, then restore."
            )
        )
    roots = media_roots()
    targets = []
    for name in manifest.files:
        _prefix, root_name, relative = name.split("/", 2)
        if root_name not in roots:
            raise BackupError(_("The backup's files do not match its manifest: refused."))
        root = roots[root_name].resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            raise BackupError(_("The backup's files do not match its manifest: refused."))
        targets.append((name, target))
    if not force:
        if not database_is_empty():
            raise BackupError(
                _(
                    "The database is not empty: restore only into an empty database, or add --force to erase it first."
                )
            )
        for _name, target in targets:
            if target.exists():
                raise BackupError(
                    _("%(path)s already exists: restore only into an empty media folder, or add --force.")
                    % {"path": target}
                )
    with tempfile.TemporaryDirectory() as work:
        dump_path = Path(work) / DUMP
        with tarfile.open(archive, mode="r:gz") as tar:
            with tar.extractfile(DUMP) as source, dump_path.open("wb") as sink:
                shutil.copyfileobj(source, sink)
            with transaction.atomic():
                if force:
                    flush_database()
                with _history_off():
                    call_command("loaddata", str(dump_path), verbosity=0)
                for name, target in targets:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    if target.is_symlink():
                        target.unlink()
                    with tar.extractfile(name) as source, target.open("wb") as sink:
                        shutil.copyfileobj(source, sink)
    return manifest


def read_dump(archive: Path) -> list[dict]:
    """The dump's records (for tests and for a look at what a backup holds)."""
    with tarfile.open(archive, mode="r:gz") as tar, tar.extractfile(DUMP) as source:
        return json.loads(gzip.decompress(source.read()))
