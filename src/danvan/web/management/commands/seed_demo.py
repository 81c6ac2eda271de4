"""``danvan seed-demo``: demo province, communes, villages, agencies and one user per role."""

from __future__ import annotations

import base64
import hashlib
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import create_system_admin, create_user, grant_role
from danvan.accounts.validators import display_phone, normalize_phone
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitKind
from danvan.units.selectors import communes_of
from danvan.units.services import add_village

DEMO_PROVINCE_CODE = "37"  # Tỉnh Ninh Bình
DEMO_COMMUNE_COUNT = 4
DEMO_PASSWORD = "danvan-demo-2026"  # noqa: S105 - printed on purpose for the demo
RURAL_VILLAGES = ["Thôn Đông", "Thôn Đoài", "Thôn Trung", "Thôn Thượng", "Thôn Hạ"]
URBAN_GROUPS = [f"Tổ dân phố số {n}" for n in range(1, 6)]

# (phone, e-mail, full name, role, agency: "commune" | "province" | "inspectorate" | None)
DEMO_USERS = [
    ("0912000000", "admin@danvan.local", "Quản trị Hệ thống", Role.SYSTEM_ADMIN, None),
    ("0912000001", "", "Nguyễn Văn An", Role.CITIZEN, None),
    ("0912000002", "", "Trần Thị Bình", Role.RECEPTION_OFFICER, "commune"),
    ("0912000003", "", "Lê Văn Cường", Role.CASE_HANDLER, "commune"),
    ("0912000004", "", "Phạm Thị Dung", Role.LEADER, "commune"),
    ("0912000005", "", "Hoàng Văn Em", Role.BOARD_MEMBER, "commune"),
    ("0912000006", "", "Vũ Thị Giang", Role.MONITOR, "inspectorate"),
    ("0912000007", "", "Đặng Văn Hải", Role.LEADER, "province"),
]


def demo_totp_key(phone: str) -> str:
    """A fixed TOTP secret per demo user, so the printed code setup stays valid."""
    return hashlib.sha256(f"danvan-demo-totp:{phone}".encode()).hexdigest()[:40]


def base32_secret(hex_key: str) -> str:
    return base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: một tỉnh, vài xã có thôn, cơ quan, mỗi vai trò một tài khoản."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--print-logins", action="store_true", help="Chỉ in tài khoản mẫu.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print_logins"]:
            self._print_logins()
            return
        try:
            province = AdministrativeUnit.objects.get(scheme="vn2025", code=DEMO_PROVINCE_CODE)
        except AdministrativeUnit.DoesNotExist:
            raise CommandError(
                "Chưa có danh mục đơn vị hành chính: chạy `danvan load-units` trước."
            ) from None
        with transaction.atomic():
            # Two rural communes and two urban wards, so both thôn and tổ dân phố appear.
            half = DEMO_COMMUNE_COUNT // 2
            communes = list(communes_of(province).filter(kind=UnitKind.COMMUNE)[:half]) + list(
                communes_of(province).filter(kind=UnitKind.WARD)[:half]
            )
            for commune in communes:
                names = URBAN_GROUPS if commune.kind == UnitKind.WARD else RURAL_VILLAGES
                kind = (
                    UnitKind.RESIDENTIAL_GROUP
                    if commune.kind == UnitKind.WARD
                    else UnitKind.VILLAGE
                )
                have = set(commune.children.values_list("name", flat=True))
                for name in names:
                    if name not in have:
                        add_village(actor=None, commune=commune, name=name, kind=kind)
            self._users(province, communes[0])
            self._cases(province, communes[0])
            self._democracy(communes)
            from danvan.hotspots.demo import seed_demo as seed_hotspots
            from danvan.topics.demo import seed_demo as seed_topics

            if n := seed_topics():
                self.stdout.write(f"Chủ đề: {n} đơn được gán chủ đề.")

            seed_hotspots()
        self.stdout.write(
            f"Dữ liệu mẫu: {province.name}, {len(communes)} xã/phường: "
            + ", ".join(c.name for c in communes)
        )

    def _users(self, province: AdministrativeUnit, commune: AdministrativeUnit) -> None:
        agencies = {
            "commune": Agency.objects.get(unit=commune, kind=AgencyKind.PEOPLES_COMMITTEE),
            "province": Agency.objects.get(unit=province, kind=AgencyKind.PEOPLES_COMMITTEE),
            "inspectorate": Agency.objects.get(unit=province, kind=AgencyKind.INSPECTORATE),
        }
        for phone, email, name, role, where in DEMO_USERS:
            if User.objects.filter(phone=normalize_phone(phone)).exists():
                continue
            if role == Role.SYSTEM_ADMIN:
                user = create_system_admin(
                    actor=None, phone=phone, email=email, full_name=name, password=DEMO_PASSWORD
                )
            else:
                user = create_user(
                    actor=None, phone=phone, email=email, full_name=name, password=DEMO_PASSWORD
                )
                grant_role(
                    actor=None, user=user, role=role, agency=agencies[where] if where else None
                )
            if role != Role.CITIZEN:
                TOTPDevice.objects.create(
                    user=user, name="demo", key=demo_totp_key(phone), confirmed=True
                )

    def _cases(self, province: AdministrativeUnit, commune: AdministrativeUnit) -> None:
        from danvan.web.demo_cases import seed_cases

        by_phone = {u.phone: u for u in User.objects.filter(phone__startswith="+8491200000")}
        staff = {
            "officer": by_phone[normalize_phone("0912000002")],
            "handler": by_phone[normalize_phone("0912000003")],
            "leader": by_phone[normalize_phone("0912000004")],
        }
        created = seed_cases(
            commune_agency=Agency.objects.get(unit=commune, kind=AgencyKind.PEOPLES_COMMITTEE),
            inspectorate=Agency.objects.get(unit=province, kind=AgencyKind.INSPECTORATE),
            staff=staff,
        )
        if created:
            self.stdout.write(f"Hồ sơ mẫu: {created} đơn ở {commune.name}.")
        from danvan.cases.demo import seed_demo as seed_case_families

        seed_case_families()

    def _democracy(self, communes: list[AdministrativeUnit]) -> None:
        from django.utils import timezone

        from danvan.web.demo_democracy import seed_democracy

        by_phone = {u.phone: u for u in User.objects.filter(phone__startswith="+8491200000")}
        staff = {
            key: by_phone[normalize_phone(phone)]
            for key, phone in (
                ("citizen", "0912000001"),
                ("officer", "0912000002"),
                ("handler", "0912000003"),
                ("leader", "0912000004"),
                ("board_member", "0912000005"),
                ("province_leader", "0912000007"),
            )
        }
        agencies = {
            a.unit_id: a
            for a in Agency.objects.filter(unit__in=communes, kind=AgencyKind.PEOPLES_COMMITTEE)
        }
        created = seed_democracy(
            communes=communes, agencies=agencies, staff=staff, today=timezone.localdate()
        )
        if created:
            self.stdout.write(f"Dân chủ cơ sở mẫu: {created} bản ghi ở {communes[0].name}.")

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD})")
        self.stdout.write("Cán bộ cần mã 2 lớp: nhập khóa vào ứng dụng xác thực, hoặc chạy")
        self.stdout.write("  .venv/bin/danvan otp-code <số điện thoại>")
        for phone, email, name, role, _where in DEMO_USERS:
            user = User.objects.filter(phone=normalize_phone(phone)).first()
            agency = user.role_assignments.filter(agency__isnull=False).first() if user else None
            login = email or display_phone(normalize_phone(phone))
            line = f"  {login:<20} {name:<18} {Role(role).label}"
            if agency is not None and role != Role.SYSTEM_ADMIN:
                line += f" – {agency.agency}"
            self.stdout.write(line)
            if role != Role.CITIZEN:
                self.stdout.write(f"  {'':<20} khóa TOTP {base32_secret(demo_totp_key(phone))}")
        self.stdout.write("")
