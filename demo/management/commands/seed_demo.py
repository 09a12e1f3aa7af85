"""Demo data: the Tây Ninh e-Government steering committee and a second committee.

Idempotent: a second run finds everything in place and writes nothing (no new history rows).
The people are fictional; the structure follows the regulation (docs/domain.md).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from demo.story import seed_meetings
from members.models import Committee, Organization, RoleAssignment, SupportTeam, SupportTeamMembership, User

Role = RoleAssignment.Role
Kind = Organization.Kind

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

# username (None: no demo login), full name, position, organization code
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
]

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

EGOV = "BCĐCQĐT"
KTXH = "BCĐĐPKTXH"
TERM_START = datetime.date(2024, 2, 6)
DECISION = ("199/QĐ-UBND", datetime.date(2019, 1, 23))

# committee, username, role, organization code, term start, term end, decision number, decision date
ASSIGNMENTS = [
    (EGOV, "chair", Role.CHAIR, "UBND", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (EGOV, "deputy", Role.DEPUTY, "UBND", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (
        EGOV,
        "standing",
        Role.STANDING_MEMBER,
        "STTTT",
        TERM_START,
        None,
        "245/QĐ-UBND",
        datetime.date(2024, 2, 1),
    ),
    (EGOV, "member", Role.MEMBER, "SKHDT", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (EGOV, "member2", Role.MEMBER, "STC", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (EGOV, "nv.director", Role.MEMBER, "SNV", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (EGOV, "tp.director", Role.MEMBER, "STP", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (EGOV, "yt.director", Role.MEMBER, "SYT", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (EGOV, "vp.chief", Role.MEMBER, "VPUBND", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (EGOV, "ca.deputy", Role.MEMBER, "CAT", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    (EGOV, "tptn.chair", Role.MEMBER, "UBNDTP", TERM_START, None, "245/QĐ-UBND", datetime.date(2024, 2, 1)),
    # A member whose term ended: shown in history, no longer in the composition.
    (
        EGOV,
        "gd.director",
        Role.MEMBER,
        "SGDDT",
        TERM_START,
        datetime.date(2025, 12, 31),
        "245/QĐ-UBND",
        datetime.date(2024, 2, 1),
    ),
    (
        EGOV,
        "secretary_lead",
        Role.SECRETARIAT_LEAD,
        "STTTT",
        datetime.date(2024, 3, 1),
        None,
        "12/QĐ-BCĐCQĐT",
        datetime.date(2024, 2, 26),
    ),
    (
        EGOV,
        "secretary",
        Role.SECRETARIAT,
        "STTTT",
        datetime.date(2024, 3, 1),
        None,
        "12/QĐ-BCĐCQĐT",
        datetime.date(2024, 2, 26),
    ),
    (
        EGOV,
        "secretary2",
        Role.SECRETARIAT,
        "VPUBND",
        datetime.date(2024, 3, 1),
        None,
        "12/QĐ-BCĐCQĐT",
        datetime.date(2024, 2, 26),
    ),
    (
        EGOV,
        "secretary3",
        Role.SECRETARIAT,
        "SNV",
        datetime.date(2024, 3, 1),
        None,
        "12/QĐ-BCĐCQĐT",
        datetime.date(2024, 2, 26),
    ),
    (
        EGOV,
        "focal",
        Role.FOCAL_OFFICER,
        "SKHDT",
        datetime.date(2024, 4, 1),
        None,
        "35/QĐ-SKHĐT",
        datetime.date(2024, 3, 25),
    ),
    (
        EGOV,
        "focal2",
        Role.FOCAL_OFFICER,
        "STC",
        datetime.date(2024, 4, 1),
        None,
        "41/QĐ-STC",
        datetime.date(2024, 3, 28),
    ),
    # The second committee, sharing the chair, the deputy and a member (Điều 2.4, 6.5).
    (
        KTXH,
        "chair",
        Role.CHAIR,
        "UBND",
        datetime.date(2023, 1, 10),
        None,
        "88/QĐ-UBND",
        datetime.date(2023, 1, 5),
    ),
    (
        KTXH,
        "deputy",
        Role.DEPUTY,
        "UBND",
        datetime.date(2023, 1, 10),
        None,
        "88/QĐ-UBND",
        datetime.date(2023, 1, 5),
    ),
    (
        KTXH,
        "vp.chief",
        Role.STANDING_MEMBER,
        "VPUBND",
        datetime.date(2023, 1, 10),
        None,
        "88/QĐ-UBND",
        datetime.date(2023, 1, 5),
    ),
    (
        KTXH,
        "member",
        Role.MEMBER,
        "SKHDT",
        datetime.date(2023, 1, 10),
        None,
        "88/QĐ-UBND",
        datetime.date(2023, 1, 5),
    ),
    (
        KTXH,
        "ht.chair",
        Role.MEMBER,
        "UBNDHT",
        datetime.date(2023, 1, 10),
        None,
        "88/QĐ-UBND",
        datetime.date(2023, 1, 5),
    ),
    (
        KTXH,
        "secretary2",
        Role.SECRETARIAT,
        "VPUBND",
        datetime.date(2023, 1, 10),
        None,
        "88/QĐ-UBND",
        datetime.date(2023, 1, 5),
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


class Command(BaseCommand):
    help = "Create the demo committees, people and demo logins (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it refuses to run with "
                "DEBUG off. Pass --force if this really is a demo installation."
            )
        with transaction.atomic():
            created = self._seed()
            created += seed_meetings(stdout=self.stdout if options.get("verbosity", 1) >= 1 else None)
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} records created or updated)."))
            self.stdout.write(f"Demo logins: {', '.join(DEMO_LOGINS)} — password: {settings.DEMO_PASSWORD}")

    def _seed(self) -> int:
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

        committees = {
            EGOV: _upsert(
                Committee,
                {"short_code": EGOV},
                {
                    "name": "Ban chỉ đạo xây dựng Chính quyền điện tử tỉnh Tây Ninh",
                    "parent_body": "UBND TỈNH TÂY NINH",
                    "decision_number": DECISION[0],
                    "decision_date": DECISION[1],
                    "place_name": "Tây Ninh",
                    "description": "Chỉ đạo, điều phối xây dựng Chính quyền điện tử tỉnh (Quy chế ban hành kèm Quyết định số 529/QĐ-BCĐCQĐT).",
                    # Uses the provincial People's Committee's seal: the signer's post is printed (S4).
                    "print_signer_post": True,
                },
            ),
            KTXH: _upsert(
                Committee,
                {"short_code": KTXH},
                {
                    "name": "Ban chỉ đạo những giải pháp đột phá về phát triển kinh tế - xã hội tỉnh Tây Ninh",
                    "parent_body": "UBND TỈNH TÂY NINH",
                    "decision_number": "3021/QĐ-UBND",
                    "decision_date": datetime.date(2017, 12, 15),
                    "place_name": "Tây Ninh",
                    "description": "Chỉ đạo những giải pháp mang tính đột phá để phát triển kinh tế - xã hội tỉnh.",
                    # Works as a collective: its notices are signed "TM. BAN CHỈ ĐẠO".
                    "signs_on_behalf_of": "Ban Chỉ đạo",
                },
            ),
        }
        created += sum(new for _, new in committees.values())
        committees_by_code = {code: c for code, (c, _) in committees.items()}

        for code, username, role, org_code, start, end, number, number_date in ASSIGNMENTS:
            _, new = _upsert(
                RoleAssignment,
                {"committee": committees_by_code[code], "user": people[username], "role": role},
                {
                    "organization": orgs[org_code],
                    "start_date": start,
                    "end_date": end,
                    "decision_number": number,
                    "decision_date": number_date,
                },
            )
            created += new

        for code, name, domain, members in TEAMS:
            team, new = _upsert(
                SupportTeam, {"committee": committees_by_code[code], "name": name}, {"domain": domain}
            )
            created += new
            for username, is_lead in members:
                _, new = _upsert(
                    SupportTeamMembership, {"team": team, "user": people[username]}, {"is_lead": is_lead}
                )
                created += new
        return created
