"""The public portal: find your commune, send a petition, follow it with its code."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from danvan.audit.middleware import client_ip
from danvan.core.forms import attach_errors
from danvan.petitions.models import Status
from danvan.petitions.selectors import clocks_of, petition_by_tracking_code
from danvan.petitions.services import PetitionDraft
from danvan.portal.challenge import new_challenge
from danvan.portal.forms import SearchForm, SubmitForm, TrackForm
from danvan.portal.services import TooManySubmissionsError, submit_online
from danvan.units.models import AdministrativeUnit, UnitLevel, UnitScheme
from danvan.units.selectors import search_units

PUBLISHED = {Status.DISCLOSED, Status.CLOSED}
# The service's field names → this form's field names, so errors land beside the input.
FORM_FIELD = {
    "petitioner_name": "full_name",
    "petitioner_phone": "phone",
    "petitioner_email": "email",
    "petitioner_address": "address",
}


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = []
    if form.is_valid():
        results = [
            u
            for u in search_units(form.cleaned_data["q"], limit=30)
            if u.level == UnitLevel.COMMUNE
        ]
    template = "portal/_results.html" if request.headers.get("HX-Request") else "portal/start.html"
    return render(
        request, template, {"form": form, "results": results, "searched": form.is_valid()}
    )


def submit(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(
        AdministrativeUnit,
        scheme=UnitScheme.OFFICIAL_2025,
        code=code,
        level=UnitLevel.COMMUNE,
        is_active=True,
    )
    question, token = new_challenge()
    form = SubmitForm(
        request.POST or None,
        request.FILES or None,
        initial={"key": uuid.uuid4(), "challenge": token},
        question=question,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = PetitionDraft(
            kind=data["kind"],
            subject=data["subject"],
            content=data["content"],
            petitioner_name="" if data["anonymous"] else data["full_name"],
            petitioner_phone=data["phone"],
            petitioner_email=data["email"] or "",
            petitioner_address=data["address"],
            is_anonymous=data["anonymous"],
        )
        try:
            petition = submit_online(
                unit=unit,
                draft=draft,
                key=data["key"],
                user=request.user,
                attachment=data["attachment"],
                address=client_ip(request),
            )
        except TooManySubmissionsError:
            return render(request, "portal/too_many.html", status=429)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                exc = ValidationError({FORM_FIELD.get(k, k): v for k, v in exc.error_dict.items()})
            attach_errors(form, exc)
        else:
            return redirect("portal:sent", tracking_code=petition.tracking_code)
    if form.is_bound:
        # A new question each time the form is shown again; what was typed stays.
        fresh = request.POST.copy()
        fresh["challenge"], fresh["answer"] = token, ""
        form.data = fresh
    return render(request, "portal/submit.html", {"unit": unit, "form": form})


@require_GET
def sent(request: HttpRequest, tracking_code: str) -> HttpResponse:
    petition = petition_by_tracking_code(tracking_code)
    if petition is None:
        return render(request, "portal/not_found.html", status=404)
    return render(request, "portal/sent.html", {"petition": petition})


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_valid():
        petition = petition_by_tracking_code(form.cleaned_data["code"])
        if petition is not None:
            return redirect("portal:case", tracking_code=petition.tracking_code)
        form.add_error("code", "")
        return render(request, "portal/track.html", {"form": form, "unknown": True}, status=404)
    return render(request, "portal/track.html", {"form": form})


@require_GET
def case(request: HttpRequest, tracking_code: str) -> HttpResponse:
    """What a citizen may see with the code: status, the clocks in plain words, and the
    decision once published. Nothing about people, the content or internal notes."""
    petition = petition_by_tracking_code(tracking_code)
    if petition is None:
        return render(request, "portal/not_found.html", status=404)
    forwarded_to = None
    if petition.status == Status.FORWARDED:
        forwarded_to = petition.forwarded_to
    return render(
        request,
        "portal/case.html",
        {
            "petition": petition,
            "clocks": [
                v
                for v in clocks_of(petition, today=timezone.localdate())
                if v.days_left is not None
            ],
            "published": petition.status in PUBLISHED,
            "forwarded_to": forwarded_to,
            "next_code": petition.transfers.values_list("tracking_code", flat=True).first(),
        },
    )
