"""Reminder rules and the sweep that fires each of their occurrences once (the regulation's rhythm
and every deadline: Điều 6.5, 7, 8, 9.3, 11).

A rule is a function of the database state at a moment `at`: it returns the reminders due then,
each with its **occurrence key** ("meetings.quarter:committee=3:2027Q1:first-working-day"), the
people, the notification kind, its parameters and link — or an action doing the work itself (the
weekly urging of overdue directives goes through tasks' urging service, logged on the directive).
A rule reads a fixed number of queries whatever the number of rows. `members` knows no meeting
and no directive: the features register their rules from their AppConfig.ready()
(`meetings.reminders`, `tasks.reminders`); members' own rules (rule 7: terms ending, committees
without a chair, deputy or standing member) are at the end of this module.

The sweep (`reminders_sweep`) skips the keys already in ReminderOccurrence, then claims the others
with one `INSERT … ON CONFLICT (key) DO NOTHING RETURNING key` per batch — the keys another sweep
holds, even one running at the same instant on another connection, do not come back — and
notifies the people of each key it won in the same transaction, so a crash rolls back claim and
notifications together: nothing is ever claimed but unsent, nothing is sent twice.

**Catch-up.** A rule asks "is this occurrence's moment past, and does its condition still hold,
within its period?", never "is it exactly that moment": a sweep running any time on the day fires
it, and a sweep that was down fires it late, once, while the period lasts (the quarter, the week of
overdue, until the meeting starts). When a later occurrence of the same rule has come (the 1-day
reminder after the 3-day one), only the later one fires.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import services
from .errors import DomainError
from .models import Committee, Notification, ReminderOccurrence, RoleAssignment, User
from .notifications import notification_kind, notification_params, notifications_word

logger = logging.getLogger(__name__)
Role = RoleAssignment.Role

#: Keys claimed (or looked up) per statement: well under SQLite's and PostgreSQL's parameter limits.
BATCH = 500


@dataclass(frozen=True)
class Reminder:
    """One occurrence of a rule, due now: whom to tell what (a registered notification kind and
    its parameters), or `action`, which does the work itself and notifies `users` with `kind`
    (the sweep then only claims the key and reports what the action says)."""

    key: str
    users: Sequence[User]
    kind: str
    params: Mapping[str, Any]
    url: str = ""
    action: Callable[[], object] | None = None
    # Work done for many occurrences at once (the weekly urging of overdue directives): called
    # once per batch with the won reminders carrying the same `bulk`, it returns the keys it did;
    # those are then notified like plain reminders, the others released and reported failed.
    bulk: Callable[[list[Reminder]], set[str]] | None = None

    def __post_init__(self) -> None:
        if not self.key or len(self.key) > ReminderOccurrence._meta.get_field("key").max_length:
            raise ValueError(f"bad occurrence key {self.key!r}")
        unique = {u.pk: u for u in self.users if u is not None and u.is_active}
        object.__setattr__(self, "users", tuple(unique.values()))


@dataclass(frozen=True)
class ReminderRule:
    """`due(at)` returns the reminders of this rule due at the aware moment `at`. `number` is the
    rule's number in the issue (1–8): the command prints the rules in that order."""

    name: str
    number: int
    label: str
    due: Callable[[datetime.datetime], Iterable[Reminder]]


_RULES: dict[str, ReminderRule] = {}


def register_reminder_rule(rule: ReminderRule) -> ReminderRule:
    """Register (or replace, on a reload) a rule; called from an AppConfig.ready()."""
    _RULES[rule.name] = rule
    return rule


def reminder_rules() -> list[ReminderRule]:
    return sorted(_RULES.values(), key=lambda rule: rule.number)  # stable: registration order within


class Outcome(StrEnum):
    DUE = "due"  # a dry run: would be sent
    SENT = "sent"
    TAKEN = "taken"  # claimed earlier, or by a sweep running at the same time
    FAILED = "failed"


@dataclass
class ReminderResult:
    reminder: Reminder
    outcome: Outcome
    text: str = ""  # what the people read, in the active language
    error: str = ""


@dataclass
class RuleReport:
    rule: ReminderRule
    results: list[ReminderResult] = field(default_factory=list)
    error: str = ""  # the rule itself failed: nothing of it was fired

    def of(self, *outcomes: Outcome) -> list[ReminderResult]:
        return [r for r in self.results if r.outcome in outcomes]


def reminders_sweep(
    *,
    at: datetime.datetime | None = None,
    dry_run: bool = False,
    rules: Iterable[str] | None = None,
    word: bool = True,
) -> list[RuleReport]:
    """Fire every reminder due at `at` (now by default) that no sweep has fired yet; `dry_run`
    computes and reports without writing anything. One rule failing never stops the others: its
    report carries the error. Run twice, or by two workers at once, nothing is sent twice.
    `word=False` leaves the report's texts empty (the job prints nothing)."""
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise ValueError("reminders_sweep needs an aware moment")
    wanted = set(rules) if rules is not None else None
    reports = []
    for rule in reminder_rules():
        if wanted is not None and rule.name not in wanted:
            continue
        report = RuleReport(rule)
        reports.append(report)
        try:
            # Nobody to tell: not claimed, so it fires once someone holds the role. One per key.
            due = sorted({r.key: r for r in rule.due(at) if r.users}.values(), key=lambda r: r.key)
            texts = _texts(due) if word else [""] * len(due)
            taken = _taken({r.key for r in due})
        except Exception as exc:
            logger.exception("Reminder rule %s failed at %s", rule.name, at.isoformat())
            report.error = f"{exc.__class__.__name__}: {exc}"
            continue
        fresh = []
        for reminder, text in zip(due, texts, strict=True):
            if reminder.key in taken:
                report.results.append(ReminderResult(reminder, Outcome.TAKEN, text))
            else:
                fresh.append(ReminderResult(reminder, Outcome.DUE, text))
        if not dry_run:
            for start in range(0, len(fresh), BATCH):
                _fire(rule, fresh[start : start + BATCH], at)
        report.results.extend(fresh)
    return reports


def _texts(due: list[Reminder]) -> list[str]:
    """Each reminder's sentence in the active language, the objects they name loaded once."""
    notes = [
        Notification(kind=r.kind, params=notification_params(notification_kind(r.kind), r.params))
        for r in due
    ]
    return [note.text for note in notifications_word(notes, translation.get_language())]


def _taken(keys: set[str]) -> set[str]:
    """The keys already claimed, in one query whatever their number: the keys travel as one
    parameter (an array on PostgreSQL, a JSON list on SQLite); by batches elsewhere."""
    if not keys:
        return set()
    ordered = sorted(keys)
    meta = ReminderOccurrence._meta
    qn = connection.ops.quote_name
    table, key = qn(meta.db_table), qn(meta.get_field("key").column)
    if connection.vendor == "postgresql":
        sql, params = f"SELECT {key} FROM {table} WHERE {key} = ANY(%s::text[])", [ordered]  # noqa: S608
    elif connection.vendor == "sqlite":
        sql = f"SELECT {key} FROM {table} WHERE {key} IN (SELECT value FROM json_each(%s))"  # noqa: S608
        params = [json.dumps(ordered)]
    else:
        found: set[str] = set()
        for start in range(0, len(ordered), BATCH):
            chunk = ordered[start : start + BATCH]
            found.update(ReminderOccurrence.objects.filter(key__in=chunk).values_list("key", flat=True))
        return found
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _fire(rule: ReminderRule, batch: list[ReminderResult], at: datetime.datetime) -> None:
    """Claim the batch's keys and notify for each key won, in one transaction; on a failure the
    whole batch is rolled back (claims included) and reported failed, for the next sweep."""
    outcomes: dict[str, tuple[Outcome, str]] = {}
    try:
        with transaction.atomic():
            won = _claim(rule.name, [r.reminder for r in batch], at)
            not_done = _bulk(rule, [r.reminder for r in batch if r.reminder.key in won])
            messages = []
            for result in batch:
                reminder = result.reminder
                if reminder.key not in won:
                    outcomes[reminder.key] = (Outcome.TAKEN, "")
                elif reminder.key in not_done:
                    outcomes[reminder.key] = (Outcome.FAILED, not_done[reminder.key])
                elif reminder.action is None:
                    messages.append(
                        services.Message(
                            users=reminder.users,
                            kind=reminder.kind,
                            params=reminder.params,
                            url=reminder.url,
                            occurrence_key=reminder.key,
                        )
                    )
                    outcomes[reminder.key] = (Outcome.SENT, "")
                else:
                    outcomes[reminder.key] = _act(reminder)
            # The keys were won just now: the batch's notifications go in at once.
            services.notify_claimed(messages)
    except Exception as exc:
        logger.exception("Reminders of rule %s could not be fired at %s", rule.name, at.isoformat())
        for result in batch:
            result.outcome, result.error = Outcome.FAILED, f"{exc.__class__.__name__}: {exc}"
        return
    for result in batch:
        result.outcome, result.error = outcomes[result.reminder.key]


def _bulk(rule: ReminderRule, won: list[Reminder]) -> dict[str, str]:
    """Run the bulk work of the won reminders that have one; {key: why} for those it did not do
    (their claims are released, for a later sweep to find them again if still due)."""
    groups: dict[Callable, list[Reminder]] = {}
    for reminder in won:
        if reminder.bulk is not None:
            groups.setdefault(reminder.bulk, []).append(reminder)
    not_done: dict[str, str] = {}
    for bulk, reminders in groups.items():
        done = bulk(reminders)
        not_done.update({r.key: "no longer due" for r in reminders if r.key not in done})
    if not_done:
        ReminderOccurrence.objects.filter(key__in=list(not_done)).delete()
    return not_done


def _act(reminder: Reminder) -> tuple[Outcome, str]:
    """Run the reminder's action in a savepoint; refused (the directive closed since the rule read
    it), its work and its claim are undone and it is reported failed."""
    try:
        with transaction.atomic():
            reminder.action()
    except (DomainError, PermissionDenied, ValidationError) as exc:
        ReminderOccurrence.objects.filter(key=reminder.key).delete()
        return Outcome.FAILED, getattr(exc, "message", None) or str(exc)
    return Outcome.SENT, ""


def _claim(rule: str, reminders: list[Reminder], at: datetime.datetime) -> set[str]:
    """Insert the keys not taken yet and return those this call inserted. On PostgreSQL a key
    another transaction is inserting waits for it: committed, it is not ours; rolled back, it is."""
    meta = ReminderOccurrence._meta
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    key, rule_col, fired_at, recipients = (
        qn(meta.get_field(name).column) for name in ("key", "rule", "fired_at", "recipients")
    )
    moment = connection.ops.adapt_datetimefield_value(at)
    if not connection.features.can_return_rows_from_bulk_insert:
        # A database without INSERT … RETURNING: one insert per key, each in its savepoint.
        won = set()
        for reminder in reminders:
            with transaction.atomic():
                _occurrence, created = ReminderOccurrence.objects.get_or_create(
                    key=reminder.key,
                    defaults={"rule": rule, "fired_at": at, "recipients": len(reminder.users)},
                )
            if created:
                won.add(reminder.key)
        return won
    values = ", ".join(["(%s, %s, %s, %s)"] * len(reminders))
    # Only quoted names from the model's meta go into the text; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({key}, {rule_col}, {fired_at}, {recipients}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({key}) DO NOTHING RETURNING {key}"
    )
    params = [value for r in reminders for value in (r.key, rule, moment, len(r.users))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


# --- helpers for the rules ----------------------------------------------------------------------


def local_day(at: datetime.datetime) -> datetime.date:
    """The day `at` falls on in Asia/Ho_Chi_Minh."""
    return timezone.localdate(at)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight opening `day`, in Asia/Ho_Chi_Minh (aware)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def role_holders(
    committee_ids: Iterable[int] | None, roles: Iterable[str], on: datetime.date
) -> dict[int, list[User]]:
    """{committee id: the active people holding one of `roles` there on `on`} in one query, each
    person once per committee, in the regulation's order of roles (None: every committee)."""
    assignments = RoleAssignment.objects.in_force(on).filter(role__in=list(roles), user__is_active=True)
    if committee_ids is not None:
        assignments = assignments.filter(committee_id__in=list(committee_ids))
    found: dict[int, dict[int, tuple[int, User]]] = defaultdict(dict)
    for a in assignments.select_related("user"):
        rank = RoleAssignment.ROLE_RANK[a.role]
        held = found[a.committee_id].get(a.user_id)
        if held is None or rank < held[0]:
            found[a.committee_id][a.user_id] = (rank, a.user)
    return {
        cid: [user for _rank, user in sorted(people.values(), key=lambda p: (p[0], p[1].pk))]
        for cid, people in found.items()
    }


# --- rule 7: terms ending, committees without a chair, deputy or standing member ------------------

#: "Role terms ending within 30 days" (rule 7).
TERM_ENDING_WITHIN = datetime.timedelta(days=30)

#: The roles a committee cannot work without, and the notification telling the administrators.
LEADING_ROLES = {
    Role.CHAIR: "members.reminder_no_chair",
    Role.DEPUTY: "members.reminder_no_deputy",
    Role.STANDING_MEMBER: "members.reminder_no_standing_member",
}


def administrators() -> list[User]:
    """Who manages accounts and role assignments: the active staff accounts."""
    return list(User.objects.filter(is_staff=True, is_active=True).order_by("pk"))


def terms_ending_due(at: datetime.datetime) -> list[Reminder]:
    """A term ending within 30 days, not renewed (the same person, committee and role from the
    next day at the latest): the administrators are told once, when it first comes within 30 days
    of its end; a corrected end date is a new occurrence."""
    today = local_day(at)
    renewed = RoleAssignment.objects.filter(
        user_id=OuterRef("user_id"),
        committee_id=OuterRef("committee_id"),
        role=OuterRef("role"),
        start_date__gt=OuterRef("start_date"),
        start_date__lte=OuterRef("end_date") + datetime.timedelta(days=1),
    )
    ending = (
        RoleAssignment.objects.filter(end_date__gte=today, end_date__lte=today + TERM_ENDING_WITHIN)
        .filter(start_date__lte=today)
        .exclude(Exists(renewed))
        .order_by("end_date", "pk")
    )
    rows = list(ending.values("pk", "end_date", "committee_id"))
    if not rows:
        return []
    admins = administrators()
    return [
        Reminder(
            key=f"members.term_ending:assignment={row['pk']}:{row['end_date']:%Y-%m-%d}",
            users=admins,
            kind="members.reminder_term_ending",
            params={"assignment": row["pk"], "end": row["end_date"]},
            url=reverse("admin:members_roleassignment_change", args=[row["pk"]]),
        )
        for row in rows
    ]


def vacancies_due(at: datetime.datetime) -> list[Reminder]:
    """A committee without a chair, a deputy or a standing member in force today: the
    administrators are told once per vacancy — from the day after the last term of the role
    ended, or from the start if the role was never filled."""
    today = local_day(at)
    roles = list(LEADING_ROLES)
    committees = list(Committee.objects.order_by("pk").values("pk", "name"))
    filled = set(
        RoleAssignment.objects.in_force(today).filter(role__in=roles).values_list("committee_id", "role")
    )
    last_end = {
        (row["committee_id"], row["role"]): row["last"]
        for row in RoleAssignment.objects.filter(role__in=roles, end_date__lt=today)
        .values("committee_id", "role")
        .annotate(last=Max("end_date"))
    }
    reminders = []
    admins = None
    for committee in committees:
        for role, kind in LEADING_ROLES.items():
            if (committee["pk"], role) in filled:
                continue
            last = last_end.get((committee["pk"], role))
            since = f"{last + datetime.timedelta(days=1):%Y-%m-%d}" if last else "never"
            admins = administrators() if admins is None else admins
            reminders.append(
                Reminder(
                    key=f"members.vacancy:committee={committee['pk']}:role={role}:since={since}",
                    users=admins,
                    kind=kind,
                    params={"committee": committee["name"]},
                    url=reverse("admin:members_committee_change", args=[committee["pk"]]),
                )
            )
    return reminders


def register_member_reminders() -> None:
    register_reminder_rule(
        ReminderRule(
            "members.terms",
            7,
            _("Role terms ending within 30 days (to the administrators)"),
            terms_ending_due,
        )
    )
    register_reminder_rule(
        ReminderRule(
            "members.vacancies",
            7,
            _("Committees without a chair, deputy or standing member (to the administrators)"),
            vacancies_due,
        )
    )
