"""`python manage.py backup [--output PATH]`: write one archive of the whole portal (database dump,
files, manifest of SHA-256 hashes); `backup --check PATH` verifies an archive without restoring it.
The logic lives in members.backup; docs/operations.md says how to schedule and check backups."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.backup import BackupError, create_backup, default_output, verify_archive


class Command(BaseCommand):
    help = "Write a backup archive (database, files, manifest), or verify one with --check."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="archive to write (default var/backups/backup-YYYYmmdd-HHMM.tar.gz)",
        )
        parser.add_argument("--check", metavar="PATH", help="verify this archive's hashes; restore nothing")

    def handle(self, *args, output: str | None = None, check: str | None = None, **options) -> None:
        with translation.override("vi"):
            try:
                if check:
                    manifest = verify_archive(Path(check))
                    self.stdout.write(
                        _("%(path)s is intact: %(rows)d rows, %(files)d files, made %(created)s.")
                        % {
                            "path": check,
                            "rows": sum(manifest.counts.values()),
                            "files": len(manifest.files),
                            "created": timezone.localtime(
                                datetime.datetime.fromisoformat(manifest.data["created_at"])
                            ).strftime("%d/%m/%Y %H:%M"),
                        }
                    )
                    return
                target = Path(output) if output else default_output()
                manifest = create_backup(target)
            except BackupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                _("Backup written to %(path)s: %(rows)d rows, %(files)d files.")
                % {"path": target, "rows": sum(manifest.counts.values()), "files": len(manifest.files)}
            )
