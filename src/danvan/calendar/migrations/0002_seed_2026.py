"""Seed the official 2026 swap: work Saturday 22 Aug so that Monday 31 Aug joins the
National Day break (29 Aug – 2 Sep). The ``holidays`` package knows this swap too;
the rows make it explicit and independent of the package version."""

from datetime import date

from django.db import migrations

LEGAL_REFERENCE = "Lịch nghỉ lễ năm 2026 theo thông báo của Bộ Nội vụ"

SEED = [
    (
        date(2026, 8, 22),
        "working_day",
        "Ngày làm bù cho ngày nghỉ Thứ Hai 31/8/2026 (hoán đổi để nghỉ liền dịp Quốc khánh)",
    ),
    (
        date(2026, 8, 31),
        "day_off",
        "Ngày nghỉ hoán đổi với Thứ Bảy 22/8/2026 để nghỉ liền dịp Quốc khánh",
    ),
]


def seed(apps, schema_editor):
    CalendarOverride = apps.get_model("calendar", "CalendarOverride")
    for day, kind, reason in SEED:
        CalendarOverride.objects.get_or_create(
            date=day,
            defaults={"kind": kind, "reason": reason, "legal_reference": LEGAL_REFERENCE},
        )


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("calendar", "CalendarOverride")
    CalendarOverride.objects.filter(
        date__in=[day for day, _kind, _reason in SEED], legal_reference=LEGAL_REFERENCE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
