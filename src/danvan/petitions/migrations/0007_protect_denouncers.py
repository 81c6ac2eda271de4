"""Move the identity of every recorded denouncer off the petition row into its
encrypted ProtectedIdentity, and key the other petitioners for same-person matching."""

from django.db import migrations

IDENTITY = ("petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email")


def forward(apps, schema_editor):
    from danvan.core.crypto import lookup_digest
    from danvan.petitions.protection import person_key

    Petition = apps.get_model("petitions", "Petition")
    ProtectedIdentity = apps.get_model("petitions", "ProtectedIdentity")
    for petition in Petition.objects.filter(kind="denunciation").iterator():
        values = {
            "name": petition.petitioner_name,
            "address": petition.petitioner_address,
            "phone": petition.petitioner_phone,
            "email": petition.petitioner_email,
            "citizen_id": petition.petitioner_citizen_id or "",
        }
        if any(values.values()) and not ProtectedIdentity.objects.filter(
            petition_id=petition.pk
        ).exists():
            key = person_key(values["name"], values["address"])
            ProtectedIdentity.objects.create(
                petition_id=petition.pk,
                person_key=key,
                phone_digest=lookup_digest(values["phone"]) if values["phone"] else "",
                citizen_id_digest=lookup_digest(values["citizen_id"])
                if values["citizen_id"]
                else "",
                person_digest=lookup_digest(key) if key else "",
                **values,
            )
        Petition.objects.filter(pk=petition.pk).update(
            petitioner_citizen_id="",
            petitioner_citizen_id_digest="",
            petitioner_key="",
            **{name: "" for name in IDENTITY},
        )
    for petition in (
        Petition.objects.exclude(kind="denunciation")
        .exclude(petitioner_name="")
        .only("pk", "petitioner_name", "petitioner_address")
        .iterator()
    ):
        Petition.objects.filter(pk=petition.pk).update(
            petitioner_key=person_key(petition.petitioner_name, petition.petitioner_address)
        )


class Migration(migrations.Migration):
    dependencies = [("petitions", "0006_petition_family_petition_is_impersonated_and_more")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
