"""Demo data: the Tây Ninh e-Government steering committee and a second committee, their people
and demo logins (demo/people.py), and a year of meetings (demo/story/).

Idempotent: a second run finds everything in place and writes nothing (no new history rows).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.clock import DemoClock
from demo.people import DEMO_LOGINS, seed_people, seed_role_changes
from demo.story import seed_meetings


class Command(BaseCommand):
    help = "Create the demo committees, people and demo logins (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it refuses to run with "
                "DEBUG off. Pass --force if this really is a demo installation."
            )
        verbose = options.get("verbosity", 1) >= 1
        clock = DemoClock(timezone.now())
        with transaction.atomic():
            created = seed_people()
            created += seed_role_changes(clock)
            created += seed_meetings(clock, stdout=self.stdout if verbose else None)
        if verbose:
            self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} records created or updated)."))
            self.stdout.write(f"Demo logins: {', '.join(DEMO_LOGINS)} — password: {settings.DEMO_PASSWORD}")
