"""The public portal: find your commune, send a petition, follow it with its code."""

from __future__ import annotations

import csv
import json
import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danvan.audit.middleware import client_ip
from danvan.core.forms import attach_errors
from danvan.petitions.models import Status
from danvan.petitions.selectors import clocks_of, petition_by_tracking_code
from danvan.petitions.services import PetitionDraft
from danvan.portal import selectors
from danvan.portal.challenge import new_challenge
from danvan.portal.forms import RatingForm, SearchForm, SignupForm, SubmitForm, TrackForm
from danvan.portal.services import TooManySubmissionsError, signup_allowed, submit_online
from danvan.satisfaction.models import Aspect
from danvan.satisfaction.services import can_be_rated, rate_case
from danvan.units import selectors as unit_selectors
from danvan.units.models import AdministrativeUnit, UnitLevel, UnitScheme
from danvan.units.selectors import search_units

PUBLISHED = {Status.DISCLOSED, Status.CLOSED}
RATING_ASPECTS = [a.value for a in Aspect]
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
            category=data["category"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            location_address=data["location_address"],
        )
        try:
            petition = submit_online(
                unit=unit,
                draft=draft,
                key=data["key"],
                user=request.user,
                attachments=data["attachments"],
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
    if form.is_bound and request.FILES:
        # Browsers cannot refill a file input: say so rather than let files vanish.
        form.add_error(
            "attachments", _("Files are not kept when the form is shown again: choose them again.")
        )
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
            "rating_form": RatingForm() if can_be_rated(petition) else None,
            # What the citizen was told at each step: no names, no content.
            "notices": petition.citizen_notices.order_by("created_at", "pk"),
            "rating": getattr(petition, "satisfaction", None),
        },
    )


@require_POST
def rate(request: HttpRequest, tracking_code: str) -> HttpResponse:
    """The citizen rates a case whose handling has ended (one rating per case)."""
    petition = petition_by_tracking_code(tracking_code)
    if petition is None:
        return render(request, "portal/not_found.html", status=404)
    form = RatingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rate_case(
                petition=petition,
                score=data["score"],
                aspects={a: data[a] for a in RATING_ASPECTS},
                comment=data["comment"],
                user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your rating helps the commune serve better."))
            return redirect("portal:case", tracking_code=petition.tracking_code)
    return render(
        request, "portal/rate.html", {"petition": petition, "rating_form": form}, status=400
    )


@require_GET
def provinces(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/provinces.html", {"provinces": unit_selectors.provinces()})


@require_GET
def province(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(unit_selectors.provinces(), code=code)
    return render(
        request,
        "portal/province.html",
        {"province": unit, "communes": unit_selectors.communes_of(unit)},
    )


@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.cases_of_citizen(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "portal/my_cases.html", {"page": page})


def signup(request: HttpRequest) -> HttpResponse:
    from danvan.accounts.services import register_citizen

    if request.user.is_authenticated:
        return redirect("portal:mine")
    if request.method == "POST" and not signup_allowed(client_ip(request)):
        return render(request, "portal/too_many.html", status=429)
    question, token = new_challenge()
    form = SignupForm(request.POST or None, initial={"challenge": token}, question=question)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = register_citizen(
                phone=data["phone"],
                full_name=data["full_name"],
                password=data["password"],
                email=data["email"] or "",
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            login(request, user, backend="danvan.accounts.backends.PhoneOrEmailBackend")
            messages.success(request, _("Your account is ready."))
            return redirect("portal:mine")
    if form.is_bound:
        fresh = request.POST.copy()
        fresh["challenge"], fresh["answer"], fresh["password"] = token, "", ""
        form.data = fresh
    return render(request, "portal/signup.html", {"form": form})


OPEN_DATA_FIRST_YEAR = 2025


@require_GET
def open_data(request: HttpRequest, code: str, year: str, fmt: str) -> HttpResponse:
    """Monthly figures per unit, public and anonymised, as CSV or JSON."""
    return _open_data_file(code=code, year=int(year), fmt=fmt)


def _open_data_file(*, code: str, year: int, fmt: str) -> HttpResponse:
    unit = AdministrativeUnit.objects.filter(
        scheme=UnitScheme.OFFICIAL_2025, code=code, is_active=True
    ).first()
    if unit is None or not OPEN_DATA_FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    rows = selectors.open_data(unit, year=year)
    filename = f"danvan-{unit.code}-{year}.{fmt}"
    if fmt == "json":
        body = {
            "unit": {"code": unit.code, "name": unit.name},
            "year": year,
            "columns": selectors.OPEN_DATA_COLUMNS,
            "rows": rows,
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        # A byte-order mark so that spreadsheet programs read the Vietnamese correctly.
        response.write("\ufeff")
        writer = csv.DictWriter(response, fieldnames=selectors.OPEN_DATA_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def open_data_index(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    return render(
        request,
        "portal/open_data.html",
        {
            "provinces": unit_selectors.provinces(),
            "year": year,
            "years": range(year, OPEN_DATA_FIRST_YEAR - 1, -1),
            "columns": selectors.OPEN_DATA_COLUMNS,
        },
    )
