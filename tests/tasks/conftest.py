"""The tasks cast: the meetings cast (tests/meetings/conftest.py) plus ways to make directives —
from a signed notice (`from_notice`), ad hoc (`ad_hoc`) — and to push one to any status
(`to_status`), each through the services as a person allowed to act."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting
from tasks import services
from tasks.models import Directive
from tests.meetings.conftest import MeetingCast

S = Directive.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def evidence_pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class TaskCast(MeetingCast):
    """The meetings cast; org_a (Sở KH&ĐT) has `member` and `focal`, org_b has `member_b`."""

    @property
    def member_b(self):
        """The member for org_b (Sở Tài chính): the shared cast's `member_other_agency`."""
        return self._cast.member_other_agency

    def from_notice(
        self, *instructions: tuple[str, object, datetime.date], coordinating=()
    ) -> list[Directive]:
        """Sign a notice whose conclusions are these instructions (text, lead agency, due date)
        and return the directives it created, in the conclusions' order."""
        meeting = self.meeting_in(Meeting.Status.MINUTES_SIGNED)
        for text, lead, due in instructions:
            conclusion = meeting_services.conclusion_add(
                meeting=meeting,
                actor=self.secretary,
                text=text,
                is_instruction=True,
                lead_organization=lead,
                due_date=due,
                confirm_past_due=True,
            )
            if coordinating:
                conclusion.coordinating_organizations.set(coordinating)
        notice = meeting_services.conclusions_sign(meeting=meeting, actor=self.chair)
        return list(notice.directives.order_by("conclusion__order"))

    def ad_hoc(
        self, title: str = "Rà soát hạ tầng", lead=None, deadline: datetime.date | None = None, **kwargs
    ) -> Directive:
        return services.directive_create(
            committee=self.committee,
            actor=kwargs.pop("actor", self.chair),
            title=title,
            lead_organization=lead or self.org_a,
            reference_number=kwargs.pop("reference_number", "12/TB-UBND"),
            reference_date=kwargs.pop("reference_date", timezone.localdate()),
            deadline=deadline if deadline is not None or kwargs.get("reporting_period") else in_days(30),
            **kwargs,
        )

    def to_status(self, directive: Directive, status: str) -> Directive:
        """Push a new (assigned) directive to `status` through the services."""
        if status == S.ASSIGNED:
            pass
        elif status == S.IN_PROGRESS:
            services.progress_post(directive=directive, actor=self.focal, text="Đang triển khai", percent=30)
        elif status == S.REPORTED_DONE:
            services.directive_report_done(
                directive=directive, actor=self.focal, summary="Đã hoàn thành", files=[evidence_pdf()]
            )
        elif status == S.ACCEPTED:
            self.to_status(directive, S.REPORTED_DONE)
            services.directive_accept(directive=directive, actor=self.chair)
        elif status == S.CANCELLED:
            services.directive_cancel(directive=directive, actor=self.chair, reason="Không còn phù hợp")
        directive = Directive.objects.get(pk=directive.pk)
        assert directive.status == status
        return directive

    def directive_in(self, status: str, **kwargs) -> Directive:
        return self.to_status(self.ad_hoc(**kwargs), status)


@pytest.fixture
def task_cast(cast) -> TaskCast:
    return TaskCast(cast)
