"""Every petition belongs to a case family: one per paper already recorded, shared
along a chain of forwards (the same paper moving to the competent agency)."""

from django.db import migrations


def forward(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    CaseFamily = apps.get_model("cases", "CaseFamily")
    rows = Petition.objects.filter(family__isnull=True).order_by("pk")
    for petition in rows.iterator():
        family_id = None
        if petition.transferred_from_id is not None:
            family_id = (
                Petition.objects.filter(pk=petition.transferred_from_id)
                .values_list("family_id", flat=True)
                .first()
            )
        if family_id is None:
            family_id = CaseFamily.objects.create(
                unit_id=petition.unit_id,
                unit_path=petition.unit_path,
                first_received_on=petition.received_on,
                last_received_on=petition.received_on,
                max_people=petition.signer_count,
            ).pk
        Petition.objects.filter(pk=petition.pk).update(family_id=family_id)
    # Counts for the families of forward chains (the flags come with the nightly
    # refresh, or at once with `danvan refresh-case-families --all`).
    open_statuses = {
        "received", "classified", "accepted", "assigned", "verifying", "dialogue_held",
        "decided", "suspended",
    }
    families: dict[int, list] = {}
    for row in Petition.objects.values_list(
        "family_id", "received_on", "signer_count", "status"
    ).iterator():
        families.setdefault(row[0], []).append(row[1:])
    for family_id, rows in families.items():
        is_open = any(r[2] in open_statuses for r in rows)
        if len(rows) < 2 and is_open:
            continue  # the defaults already say so
        CaseFamily.objects.filter(pk=family_id).update(
            petition_count=len(rows),
            first_received_on=min(r[0] for r in rows),
            last_received_on=max(r[0] for r in rows),
            max_people=max(r[1] for r in rows),
            is_open=is_open,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("petitions", "0007_protect_denouncers"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
