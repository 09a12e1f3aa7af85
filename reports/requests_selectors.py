"""Reads of agency reports on request (Điều 7.7, 11.2): a committee's requests with how many
agencies answered, the agencies a committee may ask, and one request's table of agencies."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Organization, RoleAssignment
from members.permissions import AGENCY_ROLES

from .models import AgencyReportRequest, AgencySubmission


def committee_agencies(committee_id: int, on: datetime.date | None = None) -> QuerySet[Organization]:
    """The agencies of the committee: those with a member or a focal officer in force there, the
    people who answer for them (Điều 6, 9.3)."""
    on = on or timezone.localdate()
    ids = (
        RoleAssignment.objects.in_force(on)
        .filter(committee_id=committee_id, role__in=AGENCY_ROLES, organization__isnull=False)
        .values("organization_id")
    )
    return Organization.objects.filter(pk__in=ids).order_by("name")


def agency_request_list(committee_id: int) -> QuerySet[AgencyReportRequest]:
    """The committee's requests, newest first, each with `asked_count` and `answered_count`."""
    return (
        AgencyReportRequest.objects.filter(committee_id=committee_id)
        .select_related("created_by")
        .annotate(
            asked_count=Count("organizations", distinct=True),
            answered_count=Count("submissions", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class AgencyRow:
    """One asked agency on the request's page: its report if it has sent one, and whether it is
    late (the due date has passed without a report)."""

    organization: Organization
    submission: AgencySubmission | None
    overdue: bool

    @property
    def answered(self) -> bool:
        return self.submission is not None


def agency_request_rows(request: AgencyReportRequest, today: datetime.date | None = None) -> list[AgencyRow]:
    """Every asked agency in name order with its report (and the report's files), in three queries."""
    today = today or timezone.localdate()
    submissions = {
        s.organization_id: s
        for s in request.submissions.select_related("submitted_by", "updated_by").prefetch_related("files")
    }
    late = request.due_date < today
    return [
        AgencyRow(org, submissions.get(org.pk), late and org.pk not in submissions)
        for org in request.organizations.order_by("name")
    ]


def agency_request_missing(request: AgencyReportRequest) -> QuerySet[Organization]:
    """The asked agencies that have not sent their report yet."""
    return request.organizations.exclude(
        pk__in=AgencySubmission.objects.filter(request=request).values("organization_id")
    ).order_by("name")


def submissions_in_order(request: AgencyReportRequest) -> list[AgencySubmission]:
    """The reports sent, in the agencies' name order, with their files: the ZIP and the compiled
    document read them."""
    return list(
        request.submissions.select_related("organization", "submitted_by", "updated_by")
        .prefetch_related(Prefetch("files"))
        .order_by("organization__name", "pk")
    )


def open_requests_due_by(last_day: datetime.date) -> QuerySet[AgencyReportRequest]:
    """Open requests due on or before `last_day` (the reminders read them)."""
    return AgencyReportRequest.objects.filter(
        Q(status=AgencyReportRequest.Status.OPEN), due_date__lte=last_day
    )


def agency_submission_for(request: AgencyReportRequest, organization_id: int) -> AgencySubmission | None:
    """The agency's report for the request, with its files, or None before it is sent."""
    return (
        request.submissions.filter(organization_id=organization_id)
        .select_related("updated_by")
        .prefetch_related("files")
        .first()
    )


def agencies_by_ids(ids: list[int]) -> QuerySet[Organization]:
    """The agencies, in name order (the ones a person answers for)."""
    return Organization.objects.filter(pk__in=ids).order_by("name")


def request_attachments(request: AgencyReportRequest) -> list:
    """The files sent with the request, in the order they were added."""
    return list(request.attachments.all())
