"""The register of issued documents and the archive search in a browser (issue 12): a member
filters the register by type, finds signed minutes by their words typed without accents, and both pages pass
the accessibility checks at desktop and phone size."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit

EGOV_CODE = "BCĐCQĐT"


def test_member_filters_the_register_and_searches_without_accents(page, live_server, demo, login):
    from django.utils.html import strip_tags

    from meetings.models import Minutes
    from members.models import Committee
    from tasks.models import fold

    committee = Committee.objects.get(short_code=EGOV_CODE)
    minutes = Minutes.objects.filter(meeting__committee=committee, locked=True).order_by("pk").first()
    # Words of the signed minutes, typed without accents and in capitals.
    query = fold(" ".join(strip_tags(minutes.body).split()[5:10])).upper()
    login(page, live_server, "member")

    visit(page, f"{live_server.url}/committees/{committee.pk}/register/")
    expect(page.get_by_role("heading", name="Sổ đăng ký văn bản đã ban hành")).to_be_visible()
    page.get_by_label("Loại văn bản").select_option("TB")
    click_and_wait(page, page.get_by_role("button", name="Xem"))
    rows = page.locator("#register tbody tr")
    expect(rows.first).to_contain_text(f"/TB-{EGOV_CODE}")
    for text in rows.all_inner_texts():
        assert "Thông báo kết luận" in text

    click_and_wait(page, page.get_by_role("link", name="Tra cứu văn bản lưu trữ"))
    page.get_by_label("Từ khóa tìm kiếm").fill(query)
    click_and_wait(page, page.get_by_role("button", name="Tìm kiếm", exact=True))
    results = page.locator("ol li")
    expect(results.first).to_be_visible()
    assert any(minutes.symbol in text for text in results.all_inner_texts())
    expect(page.get_by_role("heading", level=2)).to_contain_text("kết quả")
