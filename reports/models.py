"""The quarterly report of a committee (Điều 7.9): written first from the records, then by the
secretariat, approved by the chair as a numbered document (NN/BC-<code>) and archived as PDF/A.

The archive and the render jobs this app once held are now in the documents app (migration 0004
moved their tables' ownership without touching a row). An approved report is frozen in the
database itself (migration 0005's triggers), like signed minutes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.models import ArchivedDocument
from documents.storage import private_storage
from members.errors import DomainError
from members.models import Committee, Organization, User


class QuarterlyReport(models.Model):
    """The committee's report on its own and its support group's work in one quarter (Điều 7.9).

    `figures` is the snapshot of the records compiled by reports.quarterly.compile_quarter (a
    JSON-serialisable dict, shape documented there) at `figures_compiled_at`; the four narrative
    sections are what the secretariat writes. Draft → submitted → approved; a submitted report can
    be sent back to draft. Once approved nothing of the row changes (database triggers)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")

    class SignedAs(models.TextChoices):
        CHAIR = "chair", _("Chair")
        ACTING = "acting", _("Deputy acting for the chair (KT. TRƯỞNG BAN)")

    DOC_TYPE = "BC"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="quarterly_reports")
    year = models.PositiveIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, format_lazy(_("Quarter {}"), q)) for q in (1, 2, 3, 4)]
    )
    title = models.CharField(_("title"), max_length=500)
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    figures_compiled_at = models.DateTimeField(null=True, blank=True, editable=False)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties and their causes"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    next_focus = models.TextField(_("next quarter's focus"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    number_year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_as = models.CharField(max_length=16, choices=SignedAs.choices, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-year", "-quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "quarter"], name="quarterly_report_one_per_quarter"
            ),
            models.UniqueConstraint(
                fields=["committee", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="quarterly_report_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_report_quarter"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(number__isnull=False, approved_at__isnull=False),
                name="approved_report_is_numbered",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_report_says_when",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:quarterly-detail", kwargs={"pk": self.pk})

    @property
    def symbol(self) -> str:
        """ "03/BC-BCĐCQĐT" once approved; empty before."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.DOC_TYPE}-{self.committee.short_code}"

    @property
    def quarter_roman(self) -> str:
        """ "III" for the third quarter: how Vietnamese documents write a quarter ("Quý III/2026")."""
        return ("I", "II", "III", "IV")[self.quarter - 1]

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED


class QuarterlyReportDocument(ArchivedDocument):
    """The PDF/A copy of an approved report, rendered once (like the notice's and the plan's)."""

    report = models.OneToOneField(QuarterlyReport, on_delete=models.PROTECT, related_name="archived")

    class Meta:
        verbose_name = _("archived quarterly report")
        verbose_name_plural = _("archived quarterly reports")

    def __str__(self) -> str:
        return str(self.report)


# --- agency reports on request (Điều 7.7, 11.2) ------------------------------------------------------
# The committee's askers (chair, deputies, standing member, secretariat) ask some or all of its
# agencies for a report by a date; each agency's member or focal officer answers for it. The rules
# are in reports/requests_services.py and reports/requests_permissions.py.


class AgencyRequestError(DomainError):
    """The request's state refuses what was asked (closed, another committee's agency); the message
    says why."""


class AgencyReportRequest(models.Model):
    """A request for a report from some or all of a committee's agencies by a date (Điều 7.7,
    11.2): free text, or questions each agency answers one by one, or both; with attachments.
    Open until an asker closes it; answers can be written and corrected while it is open."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for reports")
        CLOSED = "closed", _("Closed")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="agency_requests")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("what is asked"), blank=True)
    #: The questions, in order: a list of strings (each agency answers each one).
    questions = models.JSONField(_("questions asked"), default=list, blank=True)
    due_date = models.DateField(_("due date"))
    organizations = models.ManyToManyField(Organization, related_name="+", verbose_name=_("agencies asked"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, editable=False
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency report request")
        verbose_name_plural = _("agency report requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="closed_agency_request_says_when",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:request-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RequestAttachment(models.Model):
    """A file sent with the request (stored privately, checked like a meeting's papers)."""

    request = models.ForeignKey(AgencyReportRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to="report-requests/%Y/%m/", storage=private_storage, max_length=255
    )
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment of a request")
        verbose_name_plural = _("attachments of a request")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class AgencySubmission(models.Model):
    """One agency's answer to one request: its text, its answers to the questions (a list in the
    questions' order) and its files. Written and corrected by the agency's member or focal
    officers while the request is open; every version is in its history."""

    request = models.ForeignKey(AgencyReportRequest, on_delete=models.CASCADE, related_name="submissions")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("report text"), blank=True)
    answers = models.JSONField(_("answers given"), default=list, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    submitted_at = models.DateTimeField(editable=False)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    updated_at = models.DateTimeField(editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency report")
        verbose_name_plural = _("agency reports")
        ordering = ["organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organization"], name="one_submission_per_agency_and_request"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.request}"

    @property
    def answers_pairs(self) -> list[tuple[str, str]]:
        """(question, answer) in the questions' order; an answer not given is empty."""
        answers = list(self.answers) + [""] * len(self.request.questions)
        return list(zip(self.request.questions, answers, strict=False))


class SubmissionFile(models.Model):
    """A file of an agency's report (stored privately, checked like a meeting's papers)."""

    submission = models.ForeignKey(AgencySubmission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("file"), upload_to="agency-reports/%Y/%m/", storage=private_storage, max_length=255
    )
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file of an agency report")
        verbose_name_plural = _("files of agency reports")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
