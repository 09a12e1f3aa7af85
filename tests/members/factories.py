import datetime

import factory
from django.conf import settings
from django.utils import timezone

from members.models import (
    ChairActingPeriod,
    Committee,
    Organization,
    RoleAssignment,
    SupportTeam,
    SupportTeamMembership,
    User,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("short_code",)

    name = factory.Sequence(lambda n: f"Sở số {n}")
    short_code = factory.Sequence(lambda n: f"S{n}")
    kind = Organization.Kind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Số {n}")
    position = "Chuyên viên"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password(settings.DEMO_PASSWORD)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("short_code",)

    name = factory.Sequence(lambda n: f"Ban chỉ đạo số {n}")
    short_code = factory.Sequence(lambda n: f"BCĐ{n}")
    parent_body = "UBND TỈNH TÂY NINH"
    decision_number = "199/QĐ-UBND"
    decision_date = datetime.date(2019, 1, 23)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = RoleAssignment.Role.MEMBER
    organization = factory.SubFactory(OrganizationFactory)
    start_date = datetime.date(2024, 1, 1)
    end_date = None
    decision_number = "245/QĐ-UBND"
    decision_date = datetime.date(2024, 1, 1)


class SupportTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportTeam

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"Nhóm {n}")


class SupportTeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportTeamMembership

    team = factory.SubFactory(SupportTeamFactory)
    user = factory.SubFactory(UserFactory)


class ChairActingPeriodFactory(factory.django.DjangoModelFactory):
    """The chair away today (and tomorrow), the deputy named acting for them (Điều 4.1)."""

    class Meta:
        model = ChairActingPeriod

    committee = factory.SubFactory(CommitteeFactory)
    deputy = factory.SubFactory(UserFactory)
    start_date = factory.LazyFunction(timezone.localdate)
    end_date = factory.LazyAttribute(lambda p: p.start_date + datetime.timedelta(days=1))
    reason = "Đi công tác tại Hà Nội"
