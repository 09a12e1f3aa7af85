"""From a signed notice to work accepted as done, through the pages, each person in their own
browser session (the directives issue, acceptance 1):

chair signs a notice with three instructions → three directives → focal posts progress with a file
and reports done → secretary proposes acceptance → chair returns it once with a reason, then (after
the focal officer reports again) accepts → the scoreboard counts it done on time → a second
directive gets an extension approved and is reported done after the original deadline but before
the new one: done on time, and the scoreboard says so.

The portal's clock moves forward for the last part (django.utils.timezone.now, shared with the live
server's thread), as the meeting flow does; people log in again after it, as their sessions would
have ended.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit
from tests.browser.test_meeting_flow import confirm, main_says, starts, summaries, vi

INSTRUCTIONS = [
    "Sở Kế hoạch và Đầu tư hoàn thiện Kho dữ liệu dùng chung của tỉnh.",
    "Sở Kế hoạch và Đầu tư cập nhật Kiến trúc Chính quyền số phiên bản 3.0.",
    "Sở Tài chính bố trí kinh phí duy trì Cổng dịch vụ công.",
]
RETURN_REASON = "Thiếu biên bản nghiệm thu kỹ thuật của đơn vị tư vấn."
EVIDENCE = "bien-ban-nghiem-thu.pdf"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(transactional_db, unlock_signed_minutes_at_teardown, settings, tmp_path, monkeypatch):
    """The tests' cast (committee BCĐA: chair, secretary, member and focal of Sở KH&ĐT, member of
    Sở Tài chính) with the demo password, and a meeting whose minutes are signed, carrying the
    three instructions; evidence files land in tmp_path."""
    from documents.storage import private_storage
    from meetings import services as meeting_services
    from meetings.models import Meeting
    from tasks.models import Evidence
    from tests.conftest import Cast
    from tests.tasks.conftest import TaskCast

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", private_storage())
    cast = TaskCast(Cast())
    for user in (cast.chair, cast.secretary, cast.focal, cast.member):
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    meeting = cast.meeting_in(Meeting.Status.MINUTES_SIGNED)
    today = timezone.localdate()
    for text, lead, days in zip(
        INSTRUCTIONS, (cast.org_a, cast.org_a, cast.org_b), (10, 20, 30), strict=True
    ):
        meeting_services.conclusion_add(
            meeting=meeting,
            actor=cast.secretary,
            text=text,
            is_instruction=True,
            lead_organization=lead,
            due_date=today + datetime.timedelta(days=days),
        )
    cast.meeting = meeting
    return cast


def test_directive_from_signed_notice_to_accepted_and_counted(
    page, new_context, live_server, login, world, monkeypatch
):
    from tasks.models import Directive, DirectiveEvent

    S = Directive.Status
    c = world
    today = timezone.localdate()

    def session_of(username: str):
        other = new_context().new_page()
        other.set_default_timeout(15_000)
        login(other, live_server, username)
        return other

    # --- 1. The chair signs the notice: three directives, one per instruction. ------------------
    chair = page
    chair.set_default_timeout(15_000)
    login(chair, live_server, "chair")
    visit(chair, f"{live_server.url}/meetings/{c.meeting.pk}/conclusions/")
    confirm(chair, vi("Sign as chair"), vi("Sign and issue the notice"))
    directives = list(Directive.objects.order_by("conclusion__order"))
    assert [d.title for d in directives] == INSTRUCTIONS
    assert {d.notice.meeting_id for d in directives} == {c.meeting.pk}
    first, second, _third = directives

    # --- 2. The focal officer finds the work at home, posts progress with a file, reports done. --
    focal = session_of("focal")
    expect(focal.locator("main")).to_contain_text(INSTRUCTIONS[0])
    click_and_wait(focal, focal.get_by_role("link", name=INSTRUCTIONS[0]).first)
    assert focal.url.endswith(f"/directives/{first.pk}/"), focal.url
    focal.locator("summary", has_text=vi("Post progress")).click()
    focal.get_by_label(vi("What has been done"), exact=True).fill("Đã chuẩn hóa 12 bộ dữ liệu.")
    focal.get_by_label(starts(vi("Progress (%)"))).fill("60")
    focal.locator("#progress-panel input[type=file]").set_input_files(
        {"name": "tien-do.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    click_and_wait(focal, focal.get_by_role("button", name=vi("Post the update"), exact=True))
    main_says(focal, vi("The progress update is posted."))
    main_says(focal, "Đã chuẩn hóa 12 bộ dữ liệu.")
    expect(focal.get_by_role("link", name=re.compile("tien-do.pdf"))).to_be_visible()

    def report_done(summary: str) -> None:
        focal.locator("summary", has_text=vi("Report the work done")).click()
        focal.get_by_label(vi("Summary of what was done"), exact=True).fill(summary)
        focal.locator("#done-panel input[type=file]").set_input_files(
            {"name": EVIDENCE, "mimeType": "application/pdf", "buffer": PDF_BYTES}
        )
        click_and_wait(focal, focal.get_by_role("button", name=vi("Report done"), exact=True))
        main_says(focal, vi("The work is reported done: it now waits for acceptance."))

    report_done("Kho dữ liệu đã vận hành chính thức.")
    first.refresh_from_db()
    assert first.status == S.REPORTED_DONE and first.percent == 100

    # --- 3. The secretary proposes acceptance. ----------------------------------------------------
    secretary = session_of("secretary")
    visit(secretary, f"{live_server.url}/directives/{first.pk}/")
    secretary.locator("summary", has_text=vi("Propose acceptance")).click()
    click_and_wait(
        secretary, secretary.get_by_role("button", name=vi("Propose that it be accepted"), exact=True)
    )
    first.refresh_from_db()
    assert first.acceptance_proposed_by_id == c.secretary.pk

    # --- 4. The chair returns it once, with a reason. -----------------------------------------
    visit(chair, f"{live_server.url}/directives/{first.pk}/")
    chair.locator("summary", has_text=vi("Return the work")).click()
    chair.get_by_label(vi("Why the work is returned"), exact=True).fill(RETURN_REASON)
    click_and_wait(chair, chair.get_by_role("button", name=vi("Return to the lead agency"), exact=True))
    first.refresh_from_db()
    assert (first.status, first.times_returned) == (S.IN_PROGRESS, 1)
    main_says(chair, RETURN_REASON)

    # The focal officer sees the reason and reports again, with the missing record.
    visit(focal, f"{live_server.url}/directives/{first.pk}/")
    main_says(focal, RETURN_REASON)
    report_done("Bổ sung biên bản nghiệm thu kỹ thuật.")

    # --- 5. The chair accepts, confirming: the directive is closed, done on time. ----------------
    visit(chair, f"{live_server.url}/directives/{first.pk}/")
    confirm(chair, vi("Accept the work"), vi("Accept and close the directive"))
    first.refresh_from_db()
    assert first.status == S.ACCEPTED and first.closed_by_id == c.chair.pk
    expect(summaries(chair, vi("Return the work"))).to_have_count(0)
    kinds = list(first.events.values_list("kind", flat=True))
    K = DirectiveEvent.Kind
    assert kinds == [
        K.CREATED,
        K.PROGRESS,
        K.REPORTED_DONE,
        K.ACCEPTANCE_PROPOSED,
        K.RETURNED,
        K.REPORTED_DONE,
        K.ACCEPTED,
    ]

    def scoreboard_row(person, agency: str, year: int) -> list[str]:
        """The agency's figures for the year: assigned, in progress, done on time, late, overdue."""
        visit(person, f"{live_server.url}/committees/{c.committee.pk}/scoreboard/?year={year}")
        row = person.locator("tbody tr", has=person.locator("th", has_text=agency))
        return [cell.strip() for cell in row.locator("td").all_inner_texts()][:5]

    # A directive counts in the year of its deadline (near New Year the two may differ).
    year = first.deadline.year
    both = second.deadline.year == year
    expected = [2, 1, 1, 0, 0] if both else [1, 0, 1, 0, 0]
    assert scoreboard_row(chair, c.org_a.name, year) == [str(n) for n in expected]

    # --- 6. The second directive: an extension asked and approved. -------------------------------
    original = second.deadline
    new_deadline = original + datetime.timedelta(days=20)
    visit(focal, f"{live_server.url}/directives/{second.pk}/")
    focal.locator("summary", has_text=vi("Ask for a new deadline")).click()
    focal.get_by_label(vi("New deadline asked"), exact=True).fill(f"{new_deadline:%Y-%m-%d}")
    focal.get_by_label(vi("Why more time is needed"), exact=True).fill("Chờ Bộ ban hành khung kiến trúc mới.")
    click_and_wait(focal, focal.get_by_role("button", name=vi("Send the request"), exact=True))

    visit(chair, f"{live_server.url}/directives/{second.pk}/")
    main_says(chair, "Chờ Bộ ban hành khung kiến trúc mới.")
    click_and_wait(chair, chair.get_by_role("button", name=vi("Approve the new deadline"), exact=True))
    second.refresh_from_db()
    assert (second.deadline, second.original_deadline, second.extension_count) == (new_deadline, original, 1)
    main_says(chair, f"{new_deadline:%d/%m/%Y}")

    # --- 7. Past the original deadline, before the new one: reported done, on time. --------------
    shift = datetime.timedelta(days=(original - today).days + 5)
    real_now = timezone.now
    monkeypatch.setattr("django.utils.timezone.now", lambda: real_now() + shift)
    assert original < timezone.localdate() < new_deadline
    focal = session_of("focal")
    visit(focal, f"{live_server.url}/directives/{second.pk}/")
    report_done("Đã cập nhật Kiến trúc Chính quyền số phiên bản 3.0.")
    second.refresh_from_db()
    assert second.reported_done_on > original and second.deadline_at_report == new_deadline
    chair = session_of("chair")
    year = new_deadline.year
    both = first.deadline.year == year
    expected = [2, 0, 2, 0, 0] if both else [1, 0, 1, 0, 0]
    assert scoreboard_row(chair, c.org_a.name, year) == [str(n) for n in expected]
    expect(chair.locator("main svg")).to_be_visible()
