"""Official documents as PDF through a browser (issue 4, acceptance 4): a member downloads the
notice of conclusions from the meeting page; a member of another committee gets 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import visit

EGOV_CODE = "BCĐCQĐT"
KTXH_CODE = "BCĐĐPKTXH"


@pytest.fixture
def private_media(settings, tmp_path):
    """Archived PDFs of this test go to a temporary folder (requested before `demo`)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _notice(code: str, number: int):
    from meetings.models import Notice

    return Notice.objects.select_related("meeting").get(committee__short_code=code, number=number)


def test_member_downloads_notice_pdf_from_meeting_page(
    page, live_server, private_media, demo, login, tmp_path
):
    notice = _notice(EGOV_CODE, 1)
    assert notice.symbol == f"01/TB-{EGOV_CODE}"
    login(page, live_server, "member")

    visit(page, f"{live_server.url}/meetings/{notice.meeting_id}/")
    link = page.get_by_role("link", name="Tải PDF thông báo kết luận")
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    target = tmp_path / "notice.pdf"
    download.save_as(target)

    assert download.suggested_filename == f"TB-01-{notice.year}-BCDCQDT.pdf"
    assert Path(target).read_bytes().startswith(b"%PDF")


def test_member_of_other_committee_gets_404_for_notice_pdf(page, live_server, private_media, demo, login):
    notice = _notice(KTXH_CODE, 1)
    login(page, live_server, "member2")

    response = visit(page, f"{live_server.url}/meetings/{notice.meeting_id}/notice.pdf")

    assert response is not None and response.status == 404
