"""The administration speaks Vietnamese too (issue 9, item 12): Django's own Vietnamese catalogue
lacks some of the admin's strings (the theme toggle among them), django-axes and
django-simple-history ship none, so the portal's catalogue under locale/ carries them, and Django
picks them up there because LOCALE_PATHS take precedence. The portal's icon is on both sides."""

from __future__ import annotations

import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django_celery_beat.models import ClockedSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from steering.beat import install_schedule
from tests.test_i18n import _reset_translation_caches, _VisibleText

LOCALE = Path(settings.BASE_DIR) / "locale"
SITE_PACKAGES = Path(django.__file__).resolve().parent.parent
#: The English the third-party apps show, from the catalogues they ship (msgids are English).
THIRD_PARTY_CATALOGUES = [
    SITE_PACKAGES / "django/contrib/admin/locale/en/LC_MESSAGES/django.po",
    SITE_PACKAGES / "django/contrib/auth/locale/en/LC_MESSAGES/django.po",
    SITE_PACKAGES / "axes/locale/de/LC_MESSAGES/django.po",
    SITE_PACKAGES / "simple_history/locale/de/LC_MESSAGES/django.po",
    # django-celery-beat ships no English catalogue: its French one lists the same msgids.
    SITE_PACKAGES / "django_celery_beat/locale/fr/LC_MESSAGES/django.po",
]
#: Hard-coded English that no catalogue can reach (Django's search box), fixed by a template.
HARD_CODED = {"Search"}


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues():
    """Compile locale/*/django.po and djangojs.po when the .mo is missing or older (`make messages`
    does it for a whole run; this keeps the module runnable alone)."""
    compiled = False
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            fd, tmp = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
            os.close(fd)
            polib.pofile(str(po_path)).save_as_mofile(tmp)
            os.replace(tmp, mo_path)
            compiled = True
    if compiled:
        _reset_translation_caches()
    yield


def _third_party_english() -> set[str]:
    english = set()
    for path in THIRD_PARTY_CATALOGUES:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgid:
                english |= {entry.msgid, capfirst(entry.msgid)}
    return english | HARD_CODED


def _admin_urls() -> list[str]:
    """The index, the password form, and for each registered model its list, its add form, and
    the change, history and delete pages of its first row."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            for view in ("change", "history", "delete"):
                try:
                    urls.append(reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[first.pk]))
                except NoReverseMatch:
                    pass
    return urls


@pytest.fixture
def periodic_jobs(db):
    """The portal's periodic jobs as beat installs them, one of them run, plus a schedule of each
    other kind, so that every page of django-celery-beat's admin has a row to show."""
    install_schedule(settings.CELERY_BEAT_SCHEDULE)
    PeriodicTask.objects.filter(name="send-pending-emails").update(last_run_at=timezone.now())
    interval = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(
        name="a test job", task="members.jobs.reconcile_role_permissions", interval=interval
    )
    SolarSchedule.objects.create(event="sunrise", latitude=Decimal("11.31"), longitude=Decimal("106.10"))
    ClockedSchedule.objects.create(clocked_time=timezone.now())


@pytest.fixture
def admin_client(client, cast, periodic_jobs):
    # A wrong password and a right one: django-axes' attempt, failure and access rows to list.
    client.post(reverse("login"), {"username": cast.member.username, "password": "wrong password"})
    client.post(reverse("login"), {"username": cast.admin.username, "password": settings.DEMO_PASSWORD})
    client.force_login(cast.admin)
    return client


def test_admin_pages_leave_no_third_party_string_in_english_when_the_language_is_vietnamese(admin_client):
    english = _third_party_english()
    left: dict[str, str] = {}
    for url in _admin_urls():
        response = admin_client.get(url)
        if response.status_code == 403:  # axes' rows are not added by hand
            continue
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'lang="vi"' in page, url
        parser = _VisibleText()
        parser.feed(page)
        for text in parser.strings & english:
            left.setdefault(text, url)
    assert left == {}


def test_admin_index_names_third_party_apps_and_the_theme_toggle_in_vietnamese(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Đổi giao diện sáng/tối (hiện tại: tự động)" in page
    assert "Toggle theme" not in page
    assert ">Lượt đăng nhập<" in page  # django-axes' app, "Axes" before
    assert "Lượt đăng nhập sai" in page  # its access attempts
    assert ">Axes<" not in page and "Access attempts" not in page


def test_admin_history_shows_simple_historys_columns_in_vietnamese(admin_client, cast):
    url = reverse("admin:members_user_history", args=[cast.member.pk])
    page = admin_client.get(url).content.decode()
    for vietnamese in ("Người thay đổi", "Lý do thay đổi", "Các thay đổi"):
        assert vietnamese in page
    assert "Change reason" not in page
    assert not re.search(r"<td>\s*None\s*</td>", page)  # a change without a reason


def test_admin_search_box_is_labelled_in_vietnamese(admin_client):
    page = admin_client.get(reverse("admin:members_user_changelist")).content.decode()
    assert 'alt="Tìm kiếm"' in page and 'alt="Search"' not in page


def test_admin_date_picker_names_the_days_in_vietnamese(admin_client):
    catalogue = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Sunday": "Ch\\u1ee7 nh\\u1eadt"' in catalogue or '"Sunday": "Chủ nhật"' in catalogue


def test_project_catalogue_wins_over_djangos_own_vietnamese_when_both_translate(admin_client):
    """LOCALE_PATHS take precedence: "History" is the portal's "Lịch sử", not the admin's own
    "Bản ghi nhớ"; a string only the portal translates (django-axes') is found there too."""
    with translation.override("vi"):
        assert (
            translation.gettext("History")
            == polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django.po")).find("History").msgstr
        )
        assert translation.gettext("History") != "Bản ghi nhớ"
        assert translation.gettext("access attempts") == "lượt đăng nhập sai"


def test_portal_and_admin_pages_link_the_portals_icon(admin_client, client):
    assert finders.find("favicon.svg"), "static/favicon.svg"
    assert Path(finders.find("favicon.svg")).read_text(encoding="utf-8").lstrip().startswith("<svg")
    icon = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    assert icon in admin_client.get(reverse("admin:index")).content.decode()
    assert icon in admin_client.get(reverse("home")).content.decode()
    client.logout()
    assert icon in client.get(reverse("login")).content.decode()
    assert icon in client.get(reverse("admin:login")).content.decode()
