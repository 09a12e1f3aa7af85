"""Shared test setup: the cast of users, and the rule for tests that need real servers.

Tests marked `postgres` or `redis` need a real server. Without one they skip with a visible
reason, except when CI=true, where such a skip is a failure (CI always has both).
"""

from __future__ import annotations

import os

import pytest

from tests.members.factories import (
    CommitteeFactory,
    OrganizationFactory,
    RoleAssignmentFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing_server(marker: str) -> str | None:
    if marker == "postgres":
        from django.db import connection

        if connection.vendor != "postgresql":
            return "needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)"
    if marker == "redis":
        if not os.environ.get("REDIS_URL"):
            return "needs Redis: set REDIS_URL=redis://… (CI runs it)"
    return None


@pytest.fixture(autouse=True)
def _require_servers(request):
    for marker in ("postgres", "redis"):
        if request.node.get_closest_marker(marker):
            reason = _missing_server(marker)
            if reason:
                if IN_CI:
                    pytest.fail(f"CI=true but this test {reason}")
                pytest.skip(reason)


@pytest.fixture(autouse=True)
def _english_off(settings):
    """Every test starts in the portal's default language, Vietnamese."""
    settings.LANGUAGE_CODE = "vi"


class Cast:
    """The people of one committee (A) and an outsider committee (B)."""

    def __init__(self) -> None:
        self.org_ubnd = OrganizationFactory(name="Ủy ban nhân dân tỉnh", short_code="UBND")
        self.org_a = OrganizationFactory(name="Sở Kế hoạch và Đầu tư", short_code="SKHDT")
        self.org_b = OrganizationFactory(name="Sở Tài chính", short_code="STC")
        self.committee = CommitteeFactory(name="Ban chỉ đạo A", short_code="BCĐA")
        self.other_committee = CommitteeFactory(name="Ban chỉ đạo B", short_code="BCĐB")
        R = RoleAssignmentFactory._meta.model.Role
        self.chair = self._appoint("chair", R.CHAIR, self.org_ubnd)
        self.deputy = self._appoint("deputy", R.DEPUTY, self.org_ubnd)
        self.standing = self._appoint("standing", R.STANDING_MEMBER, self.org_a)
        self.member = self._appoint("member", R.MEMBER, self.org_a)
        self.member_other_agency = self._appoint("member_b", R.MEMBER, self.org_b)
        self.secretary = self._appoint("secretary", R.SECRETARIAT, self.org_a)
        self.focal = self._appoint("focal", R.FOCAL_OFFICER, self.org_a)
        self.other_member = UserFactory(username="other_member", organization=self.org_b)
        RoleAssignmentFactory(
            user=self.other_member, committee=self.other_committee, role=R.MEMBER, organization=self.org_b
        )
        self.guest = UserFactory(username="guest")
        self.outsider = UserFactory(username="outsider")
        self.admin = UserFactory(username="admin", is_staff=True, is_superuser=True)

    def _appoint(self, username, role, org):
        user = UserFactory(username=username, organization=org)
        RoleAssignmentFactory(user=user, committee=self.committee, role=role, organization=org)
        return user


@pytest.fixture
def cast(db) -> Cast:
    return Cast()


@pytest.fixture
def unlock_signed_minutes_at_teardown(transactional_db):
    """A transactional test ends with a flush that deletes every row. On SQLite, migration 0002's
    trigger refuses to delete signed (locked) minutes, and reports 0005's an approved quarterly
    report, so the flush would fail: unlock them first (triggers off, rows unlocked, triggers
    back). PostgreSQL's flush truncates, which row triggers do not see."""
    yield
    import importlib

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    locks = [
        (
            "meetings.migrations.0002_signed_minutes_locked_in_database",
            "UPDATE meetings_minutes SET locked = 0, status = 'draft' WHERE locked = 1",
        ),
        (
            "reports.migrations.0005_quarterly_report",
            "UPDATE reports_quarterlyreport SET status = 'submitted' WHERE status = 'approved'",
        ),
    ]
    with connection.cursor() as cursor:
        for module, unlock in locks:
            migration = importlib.import_module(module)
            for sql in migration.SQLITE_DROP:
                cursor.execute(sql)
            cursor.execute(unlock)
            for sql in migration.SQLITE:
                cursor.execute(sql)
