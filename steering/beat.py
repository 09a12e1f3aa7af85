"""The periodic jobs, as an administrator sees and changes them (django-celery-beat).

`CELERY_BEAT_SCHEDULE` (settings) declares each job once, with its first schedule. The beat's
scheduler, `PortalDatabaseScheduler`, installs a declared job in the database when it is missing
and leaves one that exists as the administrator set it (its schedule, on or off): django-celery-
beat's own DatabaseScheduler rewrites every declared job from the settings at each start, which
would undo an administrator's change at the next restart. A job deleted in the admin comes back
at the next start: switch it off instead.

The admin lists each job with what it does, its schedule and its last run in the reader's
language (`register_admin`, from `steering.apps.CeleryBeatConfig.ready`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cron_descriptor import FormatException, MissingFieldException, Options, WrongArgumentException
from cron_descriptor import get_description as cron_description
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models, transaction
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy, ngettext, ngettext_lazy, pgettext_lazy
from django_celery_beat.admin import (
    ClockedScheduleAdmin,
    CrontabScheduleAdmin,
    IntervalScheduleAdmin,
    PeriodicTaskAdmin,
)
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_celery_beat.schedulers import DatabaseScheduler, ModelEntry
from kombu.utils.json import loads

#: What each job does, by its Celery name (a job an administrator adds for another task shows
#: that name instead).
JOB_LABELS: dict[str, Any] = {
    "members.jobs.reconcile_role_permissions": gettext_lazy(
        "Grant and withdraw the rights of role terms starting or ending today"
    ),
    "documents.jobs.cleanup_render_jobs": gettext_lazy("Delete documents rendered for download a day ago"),
    "members.jobs.send_pending_emails": gettext_lazy("E-mail the notifications waiting to be sent"),
    "members.jobs.send_daily_digests": gettext_lazy("Send the daily digest e-mails"),
    "members.jobs.run_reminders": gettext_lazy(
        "Send the reminders that are due (meetings, minutes, directives, plans)"
    ),
}

_EVERY = {
    IntervalSchedule.DAYS: ngettext_lazy("every %(count)d day", "every %(count)d days", "count"),
    IntervalSchedule.HOURS: ngettext_lazy("every %(count)d hour", "every %(count)d hours", "count"),
    IntervalSchedule.MINUTES: ngettext_lazy("every %(count)d minute", "every %(count)d minutes", "count"),
    IntervalSchedule.SECONDS: ngettext_lazy("every %(count)d second", "every %(count)d seconds", "count"),
    IntervalSchedule.MICROSECONDS: ngettext_lazy(
        "every %(count)d microsecond", "every %(count)d microseconds", "count"
    ),
}
#: An interval's unit, in a context of its own: the catalogue's "Minutes" are meeting minutes.
PERIOD_CHOICES = [
    (IntervalSchedule.DAYS, pgettext_lazy("interval unit", "Days")),
    (IntervalSchedule.HOURS, pgettext_lazy("interval unit", "Hours")),
    (IntervalSchedule.MINUTES, pgettext_lazy("interval unit", "Minutes")),
    (IntervalSchedule.SECONDS, pgettext_lazy("interval unit", "Seconds")),
    (IntervalSchedule.MICROSECONDS, pgettext_lazy("interval unit", "Microseconds")),
]
#: cron-descriptor's catalogue for each language of the portal.
_CRON_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def job_label(task_name: str) -> str:
    return str(JOB_LABELS.get(task_name, task_name))


def _crontab_text(crontab: CrontabSchedule) -> str:
    options = Options()
    options.locale_code = _CRON_LOCALES.get(translation.get_language() or "vi", "en_US")
    options.use_24hour_time_format = True
    expression = " ".join(
        (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year, crontab.day_of_week)
    )
    try:
        words = cron_description(expression, options)
    except (FormatException, MissingFieldException, WrongArgumentException):
        words = expression
    return f"{words} ({crontab.timezone})"


def schedule_text(schedule: Any) -> str:
    """A schedule in the active language: "Mỗi 15 phút (Asia/Ho_Chi_Minh)", "mỗi 30 giây"."""
    if isinstance(schedule, PeriodicTask):
        schedule = schedule.crontab or schedule.interval or schedule.solar or schedule.clocked
    if isinstance(schedule, CrontabSchedule):
        return _crontab_text(schedule)
    if isinstance(schedule, IntervalSchedule):
        return _EVERY[schedule.period] % {"count": schedule.every}
    if isinstance(schedule, ClockedSchedule):
        moment = timezone.localtime(schedule.clocked_time)
        return gettext("once, at %(moment)s") % {"moment": formats.date_format(moment, "d/m/Y H:i")}
    if isinstance(schedule, SolarSchedule):
        return str(schedule)
    return "—"


# --- The scheduler --------------------------------------------------------------------------------


def install_schedule(declared: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Store each declared job missing from the database, with its declared schedule; a job
    already there keeps its row untouched. Returns the names installed."""
    installed = []
    with transaction.atomic():
        existing = set(PeriodicTask.objects.filter(name__in=declared).values_list("name", flat=True))
        for name, entry in declared.items():
            if name in existing:
                continue
            PeriodicTask.objects.create(name=name, **ModelEntry._unpack_fields(**entry))
            installed.append(name)
    return installed


class PortalDatabaseScheduler(DatabaseScheduler):
    """django-celery-beat's database scheduler, installing the settings' jobs only where missing
    (see the module's docstring), and adding no job of Celery's own."""

    def setup_schedule(self) -> None:
        install_schedule(self.app.conf.beat_schedule)


# --- The admin ------------------------------------------------------------------------------------


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs of one moment, each named for assistive technology with
    its field ("Thời điểm bắt đầu, ngày"): Django's own shows "Ngày:" and "Giờ:" beside them, in
    no label, and labels the field as a whole to neither."""

    def __init__(self, label: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = (gettext("%(field)s, date"), gettext("%(field)s, time"))
        for subwidget, part in zip(context["widget"]["subwidgets"], parts, strict=True):
            subwidget["attrs"]["aria-label"] = part % {"field": capfirst(self.label)}
        return context


class LabelledMomentsMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PeriodicJobAdmin(LabelledMomentsMixin, PeriodicTaskAdmin):
    """Each job with what it does, its schedule in words and its last run."""

    list_display = ("name", "job", "enabled", "schedule", "last_run_at", "total_run_count")
    readonly_fields = ("last_run_at", "crontab_translation")

    @admin.display(description=gettext_lazy("what it does"))
    def job(self, obj: PeriodicTask) -> str:
        return job_label(obj.task)

    @admin.display(description=gettext_lazy("schedule"))
    def schedule(self, obj: PeriodicTask) -> str:
        return schedule_text(obj)

    @admin.display(description=gettext_lazy("in words"))
    def crontab_translation(self, obj: PeriodicTask) -> str:
        return schedule_text(obj.crontab) if obj.crontab_id else "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("interval", "crontab", "clocked"):
            field.label_from_instance = schedule_text
        return field

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The parent's view describes the crontabs in the server process's locale (English): skip
        # it for ModelAdmin's, with the descriptions in the reader's language.
        extra_context = {
            **(extra_context or {}),
            "readable_crontabs": {c.pk: schedule_text(c) for c in CrontabSchedule.objects.all()},
        }
        return admin.ModelAdmin.changeform_view(self, request, object_id, form_url, extra_context)

    @admin.action(description=gettext_lazy("Run selected tasks"))
    def run_tasks(self, request, queryset) -> None:
        """Send the chosen jobs to the worker now (the library's message is English-only)."""
        self.celery_app.loader.import_default_modules()
        jobs = list(queryset)
        unknown = sorted({job.task for job in jobs if job.task not in self.celery_app.tasks})
        if unknown:
            self.message_user(
                request,
                gettext("No worker knows the job %(task)s: nothing was started.")
                % {"task": ", ".join(unknown)},
                level=messages.ERROR,
            )
            return
        for job in jobs:
            options = {"headers": {"periodic_task_name": job.name}}
            if job.queue:
                options["queue"] = job.queue
            self.celery_app.tasks[job.task].apply_async(
                args=loads(job.args or "[]"), kwargs=loads(job.kwargs or "{}"), **options
            )
        self.message_user(
            request,
            ngettext("%(count)d job sent to the worker.", "%(count)d jobs sent to the worker.", len(jobs))
            % {"count": len(jobs)},
        )


class CrontabAdmin(CrontabScheduleAdmin):
    list_display = ("__str__", "in_words")
    fields = ("in_words", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")
    readonly_fields = ("in_words",)

    @admin.display(description=gettext_lazy("in words"))
    def in_words(self, obj: CrontabSchedule) -> str:
        return schedule_text(obj) if obj.pk else "—"


class ClockedAdmin(LabelledMomentsMixin, ClockedScheduleAdmin):
    pass


class IntervalAdmin(IntervalScheduleAdmin):
    list_display = ("in_words",)

    @admin.display(description=gettext_lazy("interval"))
    def in_words(self, obj: IntervalSchedule) -> str:
        return schedule_text(obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "period":
            kwargs["choices"] = PERIOD_CHOICES
        return super().formfield_for_choice_field(db_field, request, **kwargs)


def _interval_str(self: IntervalSchedule) -> str:
    return schedule_text(self)


def _job_str(self: PeriodicTask) -> str:
    return f"{self.name}: {schedule_text(self)}"


def register_admin() -> None:
    """Replace django-celery-beat's admin pages of jobs and schedules by the above."""
    for model, model_admin in (
        (PeriodicTask, PeriodicJobAdmin),
        (CrontabSchedule, CrontabAdmin),
        (IntervalSchedule, IntervalAdmin),
        (ClockedSchedule, ClockedAdmin),
    ):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)
    # A job and an interval name themselves (a page's title, a message, a deletion's summary, the
    # job's form) in the library's words: a cron line, or units of which the catalogue's "Minutes"
    # are meeting minutes ("Biên bản"). They name themselves in the reader's words instead.
    IntervalSchedule.__str__ = _interval_str
    PeriodicTask.__str__ = _job_str
    # The library leaves this one label untranslatable (a filter's title, a column).
    PeriodicTask._meta.get_field("task").verbose_name = gettext_lazy("Celery task")
