"""The citizen's side: open consultations, the draft article by article with a comment
form under each, and the published explanation reports."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danvan.audit.middleware import client_ip
from danvan.consultations import selectors
from danvan.consultations.forms import CommentForm, PublicFilterForm
from danvan.consultations.models import Consultation, DraftSection
from danvan.consultations.services import TooManyCommentsError, submit_comment
from danvan.core.forms import attach_errors, parse_id
from danvan.portal.challenge import new_challenge
from danvan.units import selectors as unit_selectors
from danvan.units.models import AdministrativeUnit, UnitLevel


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    provinces = unit_selectors.provinces()
    communes = AdministrativeUnit.objects.none()
    if (province_id := parse_id(request.GET.get("province"))) is not None:
        communes = AdministrativeUnit.objects.filter(
            parent_id=province_id, level=UnitLevel.COMMUNE, is_active=True
        ).order_by("name_collation")
    form = PublicFilterForm(request.GET or None, provinces=provinces, communes=communes)
    within = None
    if form.is_valid():
        within = form.cleaned_data["commune"] or form.cleaned_data["province"]
    return render(
        request,
        "consultations/public_list.html",
        {
            "form": form,
            "open": selectors.public_open(within=within)[:100],
            "closed": selectors.public_closed(within=within)[:100],
        },
    )


def _comment_form(
    consultation: Consultation, section: DraftSection | None, data: Any = None
) -> CommentForm:
    question, token = new_challenge()
    return CommentForm(
        data,
        initial={
            "key": uuid.uuid4(),
            "challenge": token,
            "section": section.pk if section else None,
        },
        question=question,
        villages=consultation.villages.all()
        if consultation.villages.exists()
        else AdministrativeUnit.objects.filter(
            path__startswith=consultation.unit.path, level=UnitLevel.VILLAGE, is_active=True
        ).order_by("name_collation"),
        prefix=f"s{section.pk}" if section else "whole",
    )


def consultation_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation.objects.select_related("unit", "agency"), pk=pk)
    today = timezone.localdate()
    if not selectors.is_public(consultation, today):
        raise Http404
    sections = list(selectors.sections_of(consultation))
    commentable = {s.pk for s in selectors.commentable_sections(consultation)}
    by_pk = {s.pk: s for s in sections}
    bound_key = None
    bound: CommentForm | None = None
    if request.method == "POST":
        target = request.POST.get("target", "whole")
        section_id = parse_id(target)
        section = by_pk.get(section_id) if section_id is not None else None
        if target != "whole" and (section is None or section.pk not in commentable):
            raise Http404
        bound_key = section.pk if section else None
        bound = _comment_form(consultation, section, request.POST)
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                submit_comment(
                    consultation=consultation,
                    section=section,
                    position=data["position"],
                    text=data["text"],
                    key=data["key"],
                    author_name=data["author_name"],
                    village=data["village"],
                    user=request.user,
                    address=client_ip(request),
                )
            except TooManyCommentsError:
                return render(request, "consultations/public_too_many.html", status=429)
            except ValidationError as exc:
                attach_errors(bound, exc)
            else:
                messages.success(request, _("Thank you. Your comment was received."))
                anchor = f"#section-{section.pk}" if section else "#whole"
                return redirect(f"{request.path}{anchor}")
        # A new question each time the form is shown again; what was typed stays.
        fresh = _comment_form(consultation, section)
        data_copy = request.POST.copy()
        prefix = bound.prefix
        data_copy[f"{prefix}-challenge"] = fresh.initial["challenge"]
        data_copy[f"{prefix}-answer"] = ""
        bound.data = data_copy
        bound.fields["answer"].help_text = fresh.fields["answer"].help_text
    accepting = selectors.is_accepting(consultation, today)
    rows = []
    for section in sections:
        form = None
        if accepting and section.pk in commentable:
            form = bound if bound is not None and bound_key == section.pk else None
            form = form or _comment_form(consultation, section)
        rows.append((section, form))
    whole_form = None
    if accepting:
        whole_form = bound if bound is not None and bound_key is None else None
        whole_form = whole_form or _comment_form(consultation, None)
    status = 400 if bound is not None else 200
    if bound is not None and not accepting:
        # The period ended while the form was open: say so, above everything.
        for message in bound.non_field_errors():
            messages.error(request, str(message))
    return render(
        request,
        "consultations/public_detail.html",
        {
            "consultation": consultation,
            "rows": rows,
            "whole_form": whole_form,
            "accepting": accepting,
            "today": today,
        },
        status=status,
    )


@require_GET
def report_file(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    consultation = get_object_or_404(Consultation, pk=pk, published_on__isnull=False)
    attachment = consultation.explanation_pdf if fmt == "pdf" else consultation.explanation_docx
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=fmt != "pdf",
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
