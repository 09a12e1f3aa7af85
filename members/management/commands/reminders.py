"""`python manage.py reminders [--at YYYY-MM-DDTHH:MM] [--dry-run]`: run the reminder sweep as of a
moment (now by default, Asia/Ho_Chi_Minh) and print, per rule, who was — or, with --dry-run, would
be — reminded of what, in Vietnamese. The beat job (members.jobs.run_reminders) runs the same
sweep every 15 minutes; administrators use --dry-run to preview a day or a week ahead."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from members.reminders import Outcome, RuleReport, reminders_sweep

AT_FORMAT = "%Y-%m-%dT%H:%M"
LANGUAGE = "vi"


def parse_at(value: str) -> datetime.datetime:
    """The moment given as YYYY-MM-DDTHH:MM, in the portal's time zone; CommandError otherwise."""
    try:
        moment = datetime.datetime.strptime(value.strip(), AT_FORMAT)
    except ValueError:
        raise CommandError(
            _("--at %(value)s is not a moment: give it as YYYY-MM-DDTHH:MM, e.g. 2027-01-04T08:00.")
            % {"value": value}
        ) from None
    return timezone.make_aware(moment)


class Command(BaseCommand):
    help = (
        "Run the reminder sweep as of a moment (now by default) and print, per rule, who was or "
        "would be reminded of what. --dry-run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at", metavar="YYYY-MM-DDTHH:MM", help="the moment, Asia/Ho_Chi_Minh (default: now)"
        )
        parser.add_argument("--dry-run", action="store_true", help="compute and print; write nothing")

    def handle(self, *args, at: str | None = None, dry_run: bool = False, **options) -> None:
        with translation.override(LANGUAGE):
            moment = parse_at(at) if at else timezone.now()
            reports = reminders_sweep(at=moment, dry_run=dry_run)
            when = formats.date_format(timezone.localtime(moment), "d/m/Y H:i")
            if dry_run:
                self.stdout.write(
                    _("Reminders as of %(moment)s (dry run: nothing is written).") % {"moment": when}
                )
            else:
                self.stdout.write(_("Reminders as of %(moment)s.") % {"moment": when})
            for report in reports:
                self._print_rule(report)
            self.stdout.write(self._summary(reports, dry_run))
            failed_rules = sum(1 for report in reports if report.error)
            if failed_rules:
                raise CommandError(_("Rules that failed: %(count)s.") % {"count": failed_rules})

    def _print_rule(self, report: RuleReport) -> None:
        self.stdout.write("")
        self.stdout.write(f"{report.rule.number}. {report.rule.label}")
        if report.error:
            self.stdout.write("   " + _("This rule failed: %(error)s") % {"error": report.error})
            return
        fired = report.of(Outcome.DUE, Outcome.SENT, Outcome.FAILED)
        taken = report.of(Outcome.TAKEN)
        if not fired and not taken:
            self.stdout.write("   " + _("Nothing due."))
        labels = {
            Outcome.DUE: _("Would remind"),
            Outcome.SENT: _("Reminded"),
            Outcome.FAILED: _("Could not remind"),
        }
        for result in fired:
            people = ", ".join(str(user) for user in result.reminder.users)
            self.stdout.write(f"   – {labels[result.outcome]} {people}: {result.text}")
            if result.error:
                self.stdout.write("     " + _("Why: %(error)s") % {"error": result.error})
            self.stdout.write(f"     [{result.reminder.key}]")
        if taken:
            self.stdout.write("   " + _("%(count)s already sent earlier, not again.") % {"count": len(taken)})

    def _summary(self, reports: list[RuleReport], dry_run: bool) -> str:
        count = {
            outcome: sum(len(report.of(outcome)) for report in reports)
            for outcome in (Outcome.DUE, Outcome.SENT, Outcome.TAKEN, Outcome.FAILED)
        }
        if dry_run:
            text = _("In all: %(due)s would be sent, %(taken)s were sent earlier.") % {
                "due": count[Outcome.DUE],
                "taken": count[Outcome.TAKEN],
            }
        else:
            text = _("In all: %(sent)s sent, %(taken)s sent earlier, %(failed)s could not be sent.") % {
                "sent": count[Outcome.SENT],
                "taken": count[Outcome.TAKEN],
                "failed": count[Outcome.FAILED],
            }
        return "\n" + text
