"""A person filters their notifications and chooses what is e-mailed to them, through the pages
(issue 11, "Preferences"): the notifications page's filters, then the preferences page reached
from it, a kind left to the portal only and the daily digest chosen. axe-core checks each page at
desktop and phone size (tests/browser/conftest.py)."""

from __future__ import annotations

from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit

MEMBER = "member"  # Phạm Thị Thu Hà, member for Sở Kế hoạch và Đầu tư (demo)


def vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


def test_member_filters_notifications_then_keeps_invitations_in_the_portal_and_chooses_the_digest(
    page, live_server, demo, login
):
    from members.models import NotificationPreference, User

    login(page, live_server, MEMBER)
    visit(page, f"{live_server.url}/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Notifications"))
    page.get_by_label(vi("State")).select_option(value="unread")
    click_and_wait(page, page.get_by_role("button", name=vi("Show"), exact=True))
    expect(page.get_by_label(vi("State"))).to_have_value("unread")

    click_and_wait(page, page.get_by_role("link", name=vi("E-mail preferences")))
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("E-mail preferences"))
    invitations = page.get_by_label(vi("Meeting invitation"), exact=True)
    expect(invitations).to_be_checked()
    invitations.uncheck()
    page.get_by_label(vi("One daily digest e-mail (07:00) instead of one e-mail per notification")).check()
    click_and_wait(page, page.get_by_role("button", name=vi("Save"), exact=True))

    expect(
        page.get_by_role("status").filter(has_text=vi("Your notification preferences are saved."))
    ).to_be_visible()
    expect(page.get_by_label(vi("Meeting invitation"), exact=True)).not_to_be_checked()
    member = User.objects.get(username=MEMBER)
    assert member.email_digest is True
    assert list(NotificationPreference.objects.filter(user=member).values_list("kind", "by_email")) == [
        ("meetings.invited", False)
    ]
