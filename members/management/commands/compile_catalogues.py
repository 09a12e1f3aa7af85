"""Compile locale/*/LC_MESSAGES/django.po to .mo.

Uses Django's compilemessages when GNU gettext (msgfmt) is installed, and polib otherwise, so a
fresh machine with only Python can run `make run`.
"""

import shutil

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's translation catalogues."

    def handle(self, *args, **options) -> None:
        if shutil.which("msgfmt"):
            call_command(
                "compilemessages", locale=["vi", "en"], verbosity=0, ignore_patterns=[".venv", "var"]
            )
            self.stdout.write("Catalogues compiled with msgfmt.")
            return
        import polib  # only here: the fallback for a machine without msgfmt

        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"{count} catalogues compiled with polib.")
