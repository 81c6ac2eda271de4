"""The portal's page of a commune's disclosures, open to everyone."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from danvan.disclosures.models import Disclosure
from danvan.disclosures.selectors import public_disclosures
from danvan.units.models import AdministrativeUnit, UnitLevel


def commune_disclosures(request: HttpRequest, code: str) -> HttpResponse:
    commune = get_object_or_404(
        AdministrativeUnit, scheme="vn2025", code=code, level=UnitLevel.COMMUNE, is_active=True
    )
    return render(
        request,
        "disclosures/public_list.html",
        {"commune": commune, "disclosures": public_disclosures(commune)[:200]},
    )


def document(request: HttpRequest, pk: int) -> FileResponse:
    # Only the document of a public, disclosed item: never evidence or private files.
    disclosure = get_object_or_404(
        Disclosure.objects.select_related("document"),
        pk=pk,
        is_public=True,
        published_on__isnull=False,
    )
    attachment = disclosure.document
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
