"""`python manage.py restore PATH [--force]`: verify a backup archive, then load it into an empty
database and media folder (--force erases the database first). The logic lives in members.backup."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from members.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media folder (--force erases first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the archive written by `manage.py backup`")
        parser.add_argument("--force", action="store_true", help="erase a non-empty database first")

    def handle(self, *args, path: str, force: bool = False, **options) -> None:
        with translation.override("vi"):
            try:
                manifest = restore_backup(Path(path), force=force)
            except BackupError as error:
                raise CommandError(str(error)) from error
            for label, count in sorted(manifest.counts.items()):
                if count:
                    self.stdout.write(f"{label}: {count}")
            self.stdout.write(
                _("Restored %(rows)d rows and %(files)d files from %(path)s.")
                % {"rows": sum(manifest.counts.values()), "files": len(manifest.files), "path": path}
            )
