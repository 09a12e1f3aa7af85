"""The demo's people: the Tây Ninh e-Government steering committee and a second committee, their
organizations, members, role assignments with terms and decisions, and support sub-teams.

The people are fictional; the structure follows the regulation (docs/domain.md). Idempotent: a
second run finds everything in place and writes nothing (no new history rows).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models

from members.models import (
    Committee,
    Organization,
    RoleAssignment,
    SupportDuty,
    SupportTeam,
    SupportTeamMembership,
    User,
)
from members.services import role_assignment_end_and_start

from .clock import DemoClock
from .dates import _at, _weekday

Role = RoleAssignment.Role
Kind = Organization.Kind

EGOV = "BCĐCQĐT"
KTXH = "BCĐĐPKTXH"

ORGANIZATIONS = [
    # short code, name, kind
    ("UBND", "Ủy ban nhân dân tỉnh Tây Ninh", Kind.PEOPLES_COMMITTEE),
    ("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh", Kind.AGENCY),
    ("STTTT", "Sở Thông tin và Truyền thông", Kind.DEPARTMENT),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", Kind.DEPARTMENT),
    ("STC", "Sở Tài chính", Kind.DEPARTMENT),
    ("SNV", "Sở Nội vụ", Kind.DEPARTMENT),
    ("STP", "Sở Tư pháp", Kind.DEPARTMENT),
    ("SYT", "Sở Y tế", Kind.DEPARTMENT),
    ("SGDDT", "Sở Giáo dục và Đào tạo", Kind.DEPARTMENT),
    ("CAT", "Công an tỉnh", Kind.AGENCY),
    ("UBNDTP", "Ủy ban nhân dân thành phố Tây Ninh", Kind.DISTRICT),
    ("UBNDHT", "Ủy ban nhân dân thị xã Hòa Thành", Kind.DISTRICT),
    ("VNPT", "Viễn thông Tây Ninh (VNPT)", Kind.ENTERPRISE),
]

# username, full name, position, organization code (None: no organization)
PEOPLE = [
    ("chair", "Trần Văn Minh", "Chủ tịch UBND tỉnh", "UBND"),
    ("deputy", "Lê Thị Hồng Nhung", "Phó Chủ tịch UBND tỉnh", "UBND"),
    ("standing", "Nguyễn Hữu Phước", "Giám đốc Sở Thông tin và Truyền thông", "STTTT"),
    ("member", "Phạm Thị Thu Hà", "Giám đốc Sở Kế hoạch và Đầu tư", "SKHDT"),
    ("member2", "Võ Minh Tuấn", "Giám đốc Sở Tài chính", "STC"),
    ("secretary_lead", "Đặng Quốc Bảo", "Phó Giám đốc Sở Thông tin và Truyền thông", "STTTT"),
    ("secretary", "Huỳnh Ngọc Ánh", "Chuyên viên Phòng Công nghệ thông tin, Sở TT&TT", "STTTT"),
    ("focal", "Bùi Thanh Tâm", "Chuyên viên Phòng Tổng hợp, Sở Kế hoạch và Đầu tư", "SKHDT"),
    ("guest", "Đỗ Khánh Linh", "Chuyên gia chuyển đổi số, Trường Đại học Công nghệ", None),
    ("admin", "Quản trị hệ thống", "Quản trị viên", "STTTT"),
    ("nv.director", "Ngô Văn Hải", "Giám đốc Sở Nội vụ", "SNV"),
    ("tp.director", "Châu Thị Mỹ Lệ", "Giám đốc Sở Tư pháp", "STP"),
    ("yt.director", "Lâm Quang Vinh", "Giám đốc Sở Y tế", "SYT"),
    ("vp.chief", "Trương Công Danh", "Chánh Văn phòng UBND tỉnh", "VPUBND"),
    ("ca.deputy", "Hồ Đức Thắng", "Phó Giám đốc Công an tỉnh", "CAT"),
    ("tptn.chair", "Lý Thị Kim Oanh", "Chủ tịch UBND thành phố Tây Ninh", "UBNDTP"),
    ("gd.director", "Mai Xuân Trường", "Giám đốc Sở Giáo dục và Đào tạo", "SGDDT"),
    ("ht.chair", "Tô Văn Lực", "Chủ tịch UBND thị xã Hòa Thành", "UBNDHT"),
    ("secretary2", "Phan Thị Diễm", "Chuyên viên Văn phòng UBND tỉnh", "VPUBND"),
    ("secretary3", "Quách Minh Nhựt", "Chuyên viên Sở Nội vụ", "SNV"),
    ("focal2", "Dương Thị Kiều", "Chuyên viên Sở Tài chính", "STC"),
    (
        "focal3",
        "Trịnh Quốc Khánh",
        "Chuyên viên Phòng Bưu chính, Viễn thông, Sở Thông tin và Truyền thông",
        "STTTT",
    ),
]

# The logins the README lists; the other people exist to fill the committees.
DEMO_LOGINS = [
    "chair",
    "deputy",
    "standing",
    "member",
    "member2",
    "secretary_lead",
    "secretary",
    "focal",
    "guest",
    "admin",
]

# short code: the committee's fields
COMMITTEES = {
    EGOV: {
        "name": "Ban chỉ đạo xây dựng Chính quyền điện tử tỉnh Tây Ninh",
        "parent_body": "UBND TỈNH TÂY NINH",
        "decision_number": "199/QĐ-UBND",
        "decision_date": datetime.date(2019, 1, 23),
        "place_name": "Tây Ninh",
        "description": "Chỉ đạo, điều phối xây dựng Chính quyền điện tử tỉnh (Quy chế ban hành kèm Quyết định số 529/QĐ-BCĐCQĐT).",
        # Uses the provincial People's Committee's seal: the signer's post is printed (S4).
        "print_signer_post": True,
    },
    KTXH: {
        "name": "Ban chỉ đạo những giải pháp đột phá về phát triển kinh tế - xã hội tỉnh Tây Ninh",
        "parent_body": "UBND TỈNH TÂY NINH",
        "decision_number": "3021/QĐ-UBND",
        "decision_date": datetime.date(2017, 12, 15),
        "place_name": "Tây Ninh",
        "description": "Chỉ đạo những giải pháp mang tính đột phá để phát triển kinh tế - xã hội tỉnh.",
        # Works as a collective: its notices are signed "TM. BAN CHỈ ĐẠO".
        "signs_on_behalf_of": "Ban Chỉ đạo",
    },
}

# The appointing decisions: term start, term end, decision number, decision date.
EGOV_2024 = (datetime.date(2024, 2, 6), None, "245/QĐ-UBND", datetime.date(2024, 2, 1))
EGOV_2024_ENDED = (
    datetime.date(2024, 2, 6),
    datetime.date(2025, 12, 31),
    "245/QĐ-UBND",
    datetime.date(2024, 2, 1),
)
SUPPORT_GROUP_2024 = (datetime.date(2024, 3, 1), None, "12/QĐ-BCĐCQĐT", datetime.date(2024, 2, 26))
FOCAL_SKHDT = (datetime.date(2024, 4, 1), None, "35/QĐ-SKHĐT", datetime.date(2024, 3, 25))
FOCAL_STC = (datetime.date(2024, 4, 1), None, "41/QĐ-STC", datetime.date(2024, 3, 28))
FOCAL_STTTT = (datetime.date(2024, 4, 1), None, "28/QĐ-STTTT", datetime.date(2024, 3, 22))
KTXH_2023 = (datetime.date(2023, 1, 10), None, "88/QĐ-UBND", datetime.date(2023, 1, 5))

# committee, username, role, organization code, then one of the decisions above
ASSIGNMENTS = [
    (EGOV, "chair", Role.CHAIR, "UBND", *EGOV_2024),
    (EGOV, "deputy", Role.DEPUTY, "UBND", *EGOV_2024),
    (EGOV, "standing", Role.STANDING_MEMBER, "STTTT", *EGOV_2024),
    (EGOV, "member", Role.MEMBER, "SKHDT", *EGOV_2024),
    (EGOV, "member2", Role.MEMBER, "STC", *EGOV_2024),
    (EGOV, "nv.director", Role.MEMBER, "SNV", *EGOV_2024),
    (EGOV, "tp.director", Role.MEMBER, "STP", *EGOV_2024),
    (EGOV, "yt.director", Role.MEMBER, "SYT", *EGOV_2024),
    (EGOV, "vp.chief", Role.MEMBER, "VPUBND", *EGOV_2024),
    (EGOV, "ca.deputy", Role.MEMBER, "CAT", *EGOV_2024),
    (EGOV, "tptn.chair", Role.MEMBER, "UBNDTP", *EGOV_2024),
    # A member whose term ended: shown in history, no longer in the composition.
    (EGOV, "gd.director", Role.MEMBER, "SGDDT", *EGOV_2024_ENDED),
    (EGOV, "secretary_lead", Role.SECRETARIAT_LEAD, "STTTT", *SUPPORT_GROUP_2024),
    (EGOV, "secretary", Role.SECRETARIAT, "STTTT", *SUPPORT_GROUP_2024),
    (EGOV, "secretary2", Role.SECRETARIAT, "VPUBND", *SUPPORT_GROUP_2024),
    (EGOV, "secretary3", Role.SECRETARIAT, "SNV", *SUPPORT_GROUP_2024),
    (EGOV, "focal", Role.FOCAL_OFFICER, "SKHDT", *FOCAL_SKHDT),
    (EGOV, "focal2", Role.FOCAL_OFFICER, "STC", *FOCAL_STC),
    # The standing member heads Sở TT&TT but acts for the committee, not for the agency: the
    # directives it leads are reported on by its focal officer (Điều 9.3).
    (EGOV, "focal3", Role.FOCAL_OFFICER, "STTTT", *FOCAL_STTTT),
    # The second committee, sharing the chair, the deputy and a member (Điều 2.4, 6.5).
    (KTXH, "chair", Role.CHAIR, "UBND", *KTXH_2023),
    (KTXH, "deputy", Role.DEPUTY, "UBND", *KTXH_2023),
    (KTXH, "vp.chief", Role.STANDING_MEMBER, "VPUBND", *KTXH_2023),
    (KTXH, "member", Role.MEMBER, "SKHDT", *KTXH_2023),
    (KTXH, "ht.chair", Role.MEMBER, "UBNDHT", *KTXH_2023),
    (KTXH, "secretary2", Role.SECRETARIAT, "VPUBND", *KTXH_2023),
]

# Terms that end and a new one starting the next day by a new decision, as "End this term and start
# a new one" does on the assignment's admin page (members.services.role_assignment_end_and_start):
# committee, username, role, the ending term's decision, then the new term's role, decision, note.
# It happens at the end of the quarter before last (so the composition lists the former term), by
# the administrator, on the new decision's date.
ROLE_CHANGES = [
    (
        KTXH,
        "ht.chair",
        Role.MEMBER,
        KTXH_2023[2],
        Role.MEMBER,
        "1520/QĐ-UBND",
        "Kiện toàn Ban Chỉ đạo: tiếp tục làm Ủy viên theo Quyết định mới.",
    ),
]

TEAMS = [
    # committee, name, field, [(username, is_lead)]
    (
        EGOV,
        "Nhóm hạ tầng và an toàn thông tin",
        "Hạ tầng kỹ thuật, an toàn, an ninh mạng",
        [("secretary", True), ("secretary3", False)],
    ),
    (
        EGOV,
        "Nhóm dịch vụ công và cải cách hành chính",
        "Dịch vụ công trực tuyến, một cửa điện tử",
        [("secretary2", True), ("secretary_lead", False)],
    ),
]

# What each person of a sub-team is charged with (Điều 4.3, 7.8), from the support group's start:
# committee, team, username, areas followed, agencies followed (codes), the committee's tasks.
DUTIES = [
    (
        EGOV,
        "Nhóm hạ tầng và an toàn thông tin",
        "secretary",
        "Trung tâm dữ liệu tỉnh; an toàn thông tin mạng",
        ["STC", "SYT"],
        "Theo dõi các nhiệm vụ về hạ tầng số; chuẩn bị nội dung phiên họp quý về an toàn thông tin",
    ),
    (
        EGOV,
        "Nhóm hạ tầng và an toàn thông tin",
        "secretary3",
        "Chữ ký số, hệ thống thư điện tử công vụ",
        ["SNV"],
        "Tổng hợp số liệu chữ ký số của các sở, ngành hằng tháng",
    ),
    (
        EGOV,
        "Nhóm dịch vụ công và cải cách hành chính",
        "secretary2",
        "Dịch vụ công trực tuyến toàn trình; Cổng dịch vụ công tỉnh",
        ["SKHDT", "STP"],
        "Đôn đốc kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; dự thảo báo cáo quý",
    ),
    (
        EGOV,
        "Nhóm dịch vụ công và cải cách hành chính",
        "secretary_lead",
        "Cải cách hành chính gắn với chuyển đổi số",
        ["SNV", "SKHDT"],
        "Chỉ đạo chung nhóm; rà soát dự thảo thông báo kết luận trước khi trình ký",
    ),
]


def _upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Create, or update only the fields that differ, so a rerun writes no new history."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return obj, bool(changed)


def seed_people() -> int:
    """Create or bring up to date the tables above; returns how many records it created or updated."""
    created = 0
    orgs: dict[str, Organization] = {}
    for code, name, kind in ORGANIZATIONS:
        orgs[code], new = _upsert(Organization, {"short_code": code}, {"name": name, "kind": kind})
        created += new
    for code, org in orgs.items():
        if code != "UBND" and org.kind != Kind.ENTERPRISE and org.parent_id != orgs["UBND"].pk:
            org.parent = orgs["UBND"]
            org.save(update_fields=["parent"])

    people: dict[str, User] = {}
    demo_hash = make_password(settings.DEMO_PASSWORD)
    for username, full_name, position, org_code in PEOPLE:
        values = {
            "full_name": full_name,
            "position": position,
            "organization": orgs[org_code] if org_code else None,
            "email": f"{username.replace('.', '_')}@tayninh.gov.vn",
            "is_staff": username == "admin",
            "is_superuser": username == "admin",
        }
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, **values)
            user.password = demo_hash  # hashed once: hashing is deliberately slow
            user.save()
            created += 1
        else:
            user, _ = _upsert(User, {"username": username}, values)
        people[username] = user

    committees: dict[str, Committee] = {}
    for code, values in COMMITTEES.items():
        committees[code], new = _upsert(Committee, {"short_code": code}, values)
        created += new

    # A term that a role change ended keeps the end it was given (seed_role_changes).
    changed = {(code, username, role, number) for code, username, role, number, *_new in ROLE_CHANGES}
    for code, username, role, org_code, start, end, number, number_date in ASSIGNMENTS:
        values = {"organization": orgs[org_code], "start_date": start, "decision_date": number_date}
        if (code, username, role, number) not in changed:
            values["end_date"] = end
        _, new = _upsert(
            RoleAssignment,
            # A term is its person, committee, role and decision: a re-appointment is another row.
            {
                "committee": committees[code],
                "user": people[username],
                "role": role,
                "decision_number": number,
            },
            values,
        )
        created += new

    for code, name, domain, members in TEAMS:
        team, new = _upsert(SupportTeam, {"committee": committees[code], "name": name}, {"domain": domain})
        created += new
        for username, is_lead in members:
            _, new = _upsert(
                SupportTeamMembership, {"team": team, "user": people[username]}, {"is_lead": is_lead}
            )
            created += new

    for code, name, username, areas, agency_codes, tasks in DUTIES:
        team = SupportTeam.objects.get(committee=committees[code], name=name)
        duty, new = _upsert(
            SupportDuty,
            {"team": team, "user": people[username], "start_date": SUPPORT_GROUP_2024[0]},
            {"areas": areas, "tasks": tasks, "end_date": None},
        )
        created += new
        agencies = {orgs[agency].pk for agency in agency_codes}
        if set(duty.agencies.values_list("pk", flat=True)) != agencies:
            duty.agencies.set(agencies)
            created += 1
    return created


def role_change_dates(clock: DemoClock) -> tuple[datetime.date, datetime.date]:
    """The demo's role changes: the new decision's date and the last day of the ending term (the
    end of the quarter before last; the new term starts the next day)."""
    today = clock.today
    first_month = (today.year * 12 + (today.month - 1) // 3 * 3) - 3  # the last quarter's, as months
    end = datetime.date(first_month // 12, first_month % 12 + 1, 1) - datetime.timedelta(days=1)
    return _weekday(end - datetime.timedelta(days=7)), end


def seed_role_changes(clock: DemoClock) -> int:
    """End the terms of ROLE_CHANGES and start their new ones through the service, as the
    administrator on the decision's date; returns how many it made. A change whose new term exists
    is recognised and left alone, so a second run writes nothing."""
    made = 0
    decided, end = role_change_dates(clock)
    admin = User.objects.get(username="admin")
    for code, username, role, number, new_role, new_number, note in ROLE_CHANGES:
        terms = RoleAssignment.objects.filter(committee__short_code=code, user__username=username)
        if terms.filter(role=new_role, decision_number=new_number).exists():
            continue
        old = terms.get(role=role, decision_number=number)
        with clock.at(_at(decided, 10)):
            role_assignment_end_and_start(
                assignment=old,
                end_date=end,
                role=new_role,
                decision_number=new_number,
                decision_date=decided,
                organization=old.organization,
                note=note,
                actor=admin,
            )
        made += 1
    return made
