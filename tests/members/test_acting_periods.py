"""The chair's acting periods (Điều 4.1): the chair (or an administrator) records when they are away
and which deputy acts for them; the composition page lists them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import ChairActingPeriod, Notification, RoleAssignment
from members.services import chair_acting_period_record
from tests.members.factories import ChairActingPeriodFactory, RoleAssignmentFactory, UserFactory

Role = RoleAssignment.Role
pytestmark = pytest.mark.django_db


def vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


def record(cast, *, actor=None, deputy=None, start=None, days=3, reason="Đi công tác tại Hà Nội"):
    start = start or timezone.localdate()
    return chair_acting_period_record(
        committee=cast.committee,
        actor=actor or cast.chair,
        deputy=deputy or cast.deputy,
        start_date=start,
        end_date=start + datetime.timedelta(days=days),
        reason=reason,
    )


def add_url(committee):
    return reverse("members:acting-period-add", kwargs={"pk": committee.pk})


def composition_url(committee):
    return reverse("members:committee-detail", kwargs={"pk": committee.pk})


# --- the service -----------------------------------------------------------------------------------


def test_chair_acting_period_record_saves_who_recorded_it_and_tells_the_deputy(cast):
    period = record(cast, reason=" Nghỉ phép năm ")
    period.refresh_from_db()
    assert (period.deputy, period.created_by, period.reason) == (cast.deputy, cast.chair, "Nghỉ phép năm")
    assert Notification.objects.filter(user=cast.deputy).count() == 1
    last = period.history.latest()
    assert (last.history_user, last.history_change_reason) == (cast.chair, "recorded")


@pytest.mark.parametrize("who", ["deputy", "standing", "secretary", "admin"])
def test_chair_acting_period_record_is_refused_when_the_actor_is_not_the_chair(cast, who):
    with pytest.raises(PermissionDenied):
        record(cast, actor=getattr(cast, who))
    assert not ChairActingPeriod.objects.exists()


def test_chair_acting_period_record_is_refused_when_the_person_named_is_not_a_deputy(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, deputy=cast.standing)
    assert exc.value.message_dict["deputy"] == [
        _("This person is not a deputy chair of the committee on the first day of the period.")
    ]


def test_chair_acting_period_record_is_refused_when_it_overlaps_another_period(cast):
    first = record(cast)
    with pytest.raises(ValidationError) as exc:
        record(cast, start=first.end_date)
    assert cast.deputy.full_name in exc.value.message_dict["start_date"][0]
    assert ChairActingPeriod.objects.count() == 1


def test_chair_acting_period_record_is_refused_when_it_ends_before_it_starts(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, days=-1)
    assert exc.value.message_dict["end_date"] == [_("The period cannot end before it starts.")]


def test_chair_acting_period_ending_before_it_starts_is_refused_by_the_database(cast):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        ChairActingPeriod.objects.create(
            committee=cast.committee,
            deputy=cast.deputy,
            start_date=today,
            end_date=today - datetime.timedelta(days=1),
            reason="Sai ngày",
        )


def test_chair_acting_period_covering_finds_the_period_only_on_its_days(cast):
    period = record(cast, days=2)
    assert list(ChairActingPeriod.objects.covering(period.start_date)) == [period]
    assert list(ChairActingPeriod.objects.covering(period.end_date)) == [period]
    assert not ChairActingPeriod.objects.covering(period.end_date + datetime.timedelta(days=1)).exists()


# --- the pages -------------------------------------------------------------------------------------


def test_composition_page_lists_the_acting_periods_with_dates_deputy_and_reason(client, cast):
    period = record(cast, reason="Học tập tại Học viện Chính trị quốc gia")
    client.force_login(cast.member)
    page = client.get(composition_url(cast.committee)).content.decode()
    assert vi("Deputy acting for the chair") in page
    assert f"{period.start_date:%d/%m/%Y} – {period.end_date:%d/%m/%Y}" in page
    assert "Học tập tại Học viện Chính trị quốc gia" in page
    assert vi("Record an acting period") not in page  # a member does not record them


def test_composition_page_offers_the_chair_to_record_an_acting_period(client, cast):
    client.force_login(cast.chair)
    page = client.get(composition_url(cast.committee)).content.decode()
    assert add_url(cast.committee) in page


def test_acting_period_add_records_the_period_and_returns_to_the_composition(client, cast):
    client.force_login(cast.chair)
    start = timezone.localdate() + datetime.timedelta(days=7)
    assert client.get(add_url(cast.committee)).status_code == 200

    r = client.post(
        add_url(cast.committee),
        {
            "deputy": cast.deputy.pk,
            "start_date": start.isoformat(),
            "end_date": (start + datetime.timedelta(days=4)).isoformat(),
            "reason": "Đi công tác nước ngoài",
        },
    )

    assert r.status_code == 302 and r["Location"] == composition_url(cast.committee)
    period = ChairActingPeriod.objects.get()
    assert (period.deputy, period.start_date, period.created_by) == (cast.deputy, start, cast.chair)


def test_acting_period_add_keeps_the_form_with_the_overlap_message_when_dates_overlap(client, cast):
    first = record(cast)
    client.force_login(cast.chair)
    r = client.post(
        add_url(cast.committee),
        {
            "deputy": cast.deputy.pk,
            "start_date": first.start_date.isoformat(),
            "end_date": first.end_date.isoformat(),
            "reason": "Trùng",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors["start_date"]
    assert ChairActingPeriod.objects.count() == 1


def test_acting_period_add_offers_only_the_committees_deputies(client, cast):
    client.force_login(cast.chair)
    form = client.get(add_url(cast.committee)).context["form"]
    assert list(form.fields["deputy"].queryset) == [cast.deputy]


@pytest.mark.parametrize("who, status", [("deputy", 403), ("member", 403), ("other_member", 404)])
def test_acting_period_add_is_refused_to_anyone_but_the_chair(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(add_url(cast.committee)).status_code == status


def test_admin_records_an_acting_period_as_its_author(client, cast):
    client.force_login(cast.admin)
    today = timezone.localdate()
    r = client.post(
        reverse("admin:members_chairactingperiod_add"),
        {
            "committee": cast.committee.pk,
            "deputy": cast.deputy.pk,
            "start_date": today.strftime("%d/%m/%Y"),
            "end_date": today.strftime("%d/%m/%Y"),
            "reason": "Chủ tịch ốm",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert ChairActingPeriod.objects.get().created_by == cast.admin


def test_admin_refuses_an_acting_period_for_someone_who_is_not_a_deputy(client, cast):
    client.force_login(cast.admin)
    today = timezone.localdate()
    r = client.post(
        reverse("admin:members_chairactingperiod_add"),
        {
            "committee": cast.committee.pk,
            "deputy": cast.member.pk,
            "start_date": today.strftime("%d/%m/%Y"),
            "end_date": today.strftime("%d/%m/%Y"),
            "reason": "Sai người",
        },
    )
    assert r.status_code == 200
    assert not ChairActingPeriod.objects.exists()


def test_a_second_deputy_can_be_named_in_the_next_period(cast):
    second = UserFactory(username="deputy2", organization=cast.org_ubnd)
    RoleAssignmentFactory(user=second, committee=cast.committee, role=Role.DEPUTY, organization=cast.org_ubnd)
    first = ChairActingPeriodFactory(committee=cast.committee, deputy=cast.deputy)
    later = record(cast, deputy=second, start=first.end_date + datetime.timedelta(days=1))
    assert later.deputy == second
