"""Officer accounts for the load scenario, and what the simulated users need to know.

Run by ``stack.py`` after ``danvan seed-demo`` with the stack's environment. Creates
COUNT officers (one per simulated officer: a TOTP code is accepted once per account and
time step, so officers signing in together cannot share an account), spread over the
demo communes' People's Committees and the province, each with a confirmed TOTP device,
and prints JSON: the officers, the communes citizens write to, the dashboards' units.
"""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from danvan.accounts.roles import Role  # noqa: E402
from danvan.accounts.services import create_user, grant_role  # noqa: E402
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind  # noqa: E402
from danvan.web.management.commands.seed_demo import (  # noqa: E402
    DEMO_PASSWORD,
    DEMO_PROVINCE_CODE,
    demo_totp_key,
)

# (role, where) in the proportions of a commune office: mostly handlers and reception.
MIX = [
    (Role.CASE_HANDLER, "commune"),
    (Role.RECEPTION_OFFICER, "commune"),
    (Role.CASE_HANDLER, "commune"),
    (Role.LEADER, "commune"),
    (Role.RECEPTION_OFFICER, "commune"),
    (Role.CASE_HANDLER, "commune"),
    (Role.LEADER, "province"),
    (Role.MONITOR, "inspectorate"),
]


def main(count: int) -> None:
    province = AdministrativeUnit.objects.get(scheme="vn2025", code=DEMO_PROVINCE_CODE)
    # The demo communes are those seed-demo gave villages to.
    communes = list(
        AdministrativeUnit.objects.filter(parent=province, children__isnull=False)
        .distinct()
        .order_by("code")
    )
    committees = [Agency.objects.get(unit=c, kind=AgencyKind.PEOPLES_COMMITTEE) for c in communes]
    province_committee = Agency.objects.get(unit=province, kind=AgencyKind.PEOPLES_COMMITTEE)
    inspectorate = Agency.objects.get(unit=province, kind=AgencyKind.INSPECTORATE)
    officers = []
    for n in range(count):
        role, where = MIX[n % len(MIX)]
        agency = {"province": province_committee, "inspectorate": inspectorate}.get(
            where, committees[n % len(committees)]
        )
        phone = f"0913{n:06d}"
        user = create_user(
            actor=None,
            phone=phone,
            full_name=f"Cán bộ thử tải {n + 1}",
            password=DEMO_PASSWORD,
            check_password_strength=False,
        )
        grant_role(actor=None, user=user, role=role, agency=agency)
        key = demo_totp_key(phone)
        TOTPDevice.objects.create(user=user, name="load", key=key, confirmed=True)
        officers.append(
            {
                "login": phone,
                "password": DEMO_PASSWORD,
                "totp_key": key,
                "role": str(role),
                "unit_id": agency.unit_id,
            }
        )
    json.dump(
        {
            "officers": officers,
            "communes": [{"code": c.code, "name": c.name, "id": c.pk} for c in communes],
            "province_id": province.pk,
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
