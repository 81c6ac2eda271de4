"""Staff pages of consultations: the list, setting one up, the draft and the phases, the
comments with moderation, entering a meeting's comments, the aggregation, statistics
and the explanation report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.selectors import agencies_where, communes_where
from danvan.audit.personal import record_personal_data_read
from danvan.consultations import selectors, services
from danvan.consultations.forms import (
    DEFAULT_ROWS,
    MAX_ROWS,
    BatchForm,
    ConsultationForm,
    DecisionForm,
    HideForm,
    ImportForm,
    PublishForm,
    row_formset,
)
from danvan.consultations.models import Comment, CommentGroup, Consultation, Phase
from danvan.consultations.rules import MANAGER_ROLES
from danvan.core.forms import attach_errors, parse_id
from danvan.documents.models import Attachment
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel

PAGE_SIZE = 50


def _agency_queryset(user: Any) -> QuerySet[Agency]:
    """People's Committees the user may run consultations for: their own, and those of
    communes reached through a subtree."""
    own = agencies_where(user, MANAGER_ROLES).values("pk")
    communes = communes_where(user, MANAGER_ROLES)
    return (
        Agency.objects.filter(kind=AgencyKind.PEOPLES_COMMITTEE, is_active=True)
        .filter(Q(pk__in=own) | Q(unit__in=communes))
        .select_related("unit")
        .order_by("unit__level", "unit__name_collation")
    )


def _villages_of(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(
        path__startswith=unit.path, level=UnitLevel.VILLAGE, is_active=True
    ).order_by("name_collation")


def _consultation_for(request: HttpRequest, pk: int) -> Consultation:
    consultation = get_object_or_404(
        Consultation.objects.select_related("agency__unit", "unit"), pk=pk
    )
    if not request.user.has_perm("consultations.view_consultation", consultation):
        raise PermissionDenied
    return consultation


def _require_manage(request: HttpRequest, consultation: Consultation) -> None:
    if not request.user.has_perm("consultations.manage_consultation", consultation):
        raise PermissionDenied


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    from danvan.accounts.selectors import has_staff_role

    if not has_staff_role(request.user):
        raise PermissionDenied
    found = selectors.consultations_for(request.user).order_by("-opens_on", "-pk")
    phase = request.GET.get("phase", "")
    if phase in Phase.values:
        found = found.filter(phase=phase)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/list.html",
        {
            "page": page,
            "phases": Phase.choices,
            "phase": phase,
            "can_create": _agency_queryset(request.user).exists(),
        },
    )


def _form_kwargs(consultation: Consultation | None, user: Any) -> dict[str, Any]:
    agencies = _agency_queryset(user)
    if consultation is not None:
        agencies = Agency.objects.filter(pk=consultation.agency_id)
        villages = _villages_of(consultation.unit)
    else:
        villages = AdministrativeUnit.objects.filter(
            parent__in=[a.unit_id for a in agencies], level=UnitLevel.VILLAGE, is_active=True
        ).order_by("parent__name_collation", "name_collation")
    return {"agencies": agencies, "villages": villages}


def _save(
    request: HttpRequest, form: ConsultationForm, consultation: Consultation | None
) -> Consultation | None:
    data = form.cleaned_data
    values = {
        "subject": data["subject"],
        "title": data["title"],
        "draft_title": data["draft_title"],
        "summary": data["summary"],
        "opens_on": data["opens_on"],
        "closes_on": data["closes_on"],
        "channels": data["channels"],
        "villages": list(data["villages"]),
        "audience_groups": data["audience_groups"],
    }
    try:
        if consultation is None:
            return services.create_consultation(actor=request.user, agency=data["agency"], **values)
        return services.update_consultation(actor=request.user, consultation=consultation, **values)
    except ValidationError as exc:
        attach_errors(form, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    kwargs = _form_kwargs(None, request.user)
    if not kwargs["agencies"].exists():
        raise PermissionDenied
    today = timezone.localdate()
    form = ConsultationForm(
        request.POST or None,
        initial={
            "agency": kwargs["agencies"].first(),
            "opens_on": today,
            "closes_on": selectors.minimum_end(today),
            "channels": ["portal", "meeting"],
        },
        **kwargs,
    )
    if request.method == "POST" and form.is_valid():
        consultation = _save(request, form, None)
        if consultation is not None:
            messages.success(request, _("The consultation was created. Import the draft next."))
            return redirect("consultations:detail", pk=consultation.pk)
    return render(request, "consultations/edit.html", {"form": form, "consultation": None})


@login_required
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    _require_manage(request, consultation)
    if consultation.phase != Phase.PREPARATION:
        messages.error(request, _("Only a consultation in preparation can be changed."))
        return redirect("consultations:detail", pk=pk)
    form = ConsultationForm(
        request.POST or None,
        initial={
            "agency": consultation.agency,
            "subject": consultation.subject,
            "title": consultation.title,
            "draft_title": consultation.draft_title,
            "summary": consultation.summary,
            "opens_on": consultation.opens_on,
            "closes_on": consultation.closes_on,
            "channels": consultation.channels,
            "villages": list(consultation.villages.all()),
            "audience_groups": consultation.audience_groups,
        },
        **_form_kwargs(consultation, request.user),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, consultation) is not None
    ):
        messages.success(request, _("The consultation was saved."))
        return redirect("consultations:detail", pk=pk)
    return render(request, "consultations/edit.html", {"form": form, "consultation": consultation})


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    can_manage = request.user.has_perm("consultations.manage_consultation", consultation)
    import_form = ImportForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        import_form = ImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            data = import_form.cleaned_data
            try:
                sections = services.import_draft(
                    actor=request.user,
                    consultation=consultation,
                    text=data["text"] or None,
                    upload=data["upload"],
                )
            except ValidationError as exc:
                attach_errors(import_form, exc)
            else:
                messages.success(
                    request,
                    _("The draft was imported: %(n)d parts.") % {"n": len(sections)},
                )
                return redirect("consultations:detail", pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "sections": selectors.sections_of(consultation),
            "can_manage": can_manage,
            "import_form": import_form,
            "minimum_end": selectors.minimum_end(consultation.opens_on),
            "accepting": selectors.is_accepting(consultation, today),
            "can_close_comments": consultation.phase == Phase.OPEN
            and today > consultation.closes_on,
            "stats": selectors.statistics(consultation),
            "batches": consultation.batches.select_related("village").order_by("-held_on"),
            "villages": consultation.villages.order_by("name_collation"),
        },
    )


ACTIONS = {
    "open": services.open_consultation,
    "close_comments": services.close_comments,
    "close": services.close_consultation,
}
DONE = {
    "open": _("The consultation is open for comments."),
    "close_comments": _("Comments are closed; the aggregation can start."),
    "close": _("The consultation is closed."),
}


@login_required
@require_POST
def consultation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    _require_manage(request, consultation)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](actor=request.user, consultation=consultation)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(DONE[action]))
    return redirect("consultations:detail", pk=pk)


@login_required
def comment_list(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    found = consultation.comments.select_related("section", "village", "hidden_by").order_by(
        "-created_at", "-pk"
    )
    shown = request.GET.get("show", "")
    if shown == "hidden":
        found = found.filter(hidden=True)
    elif shown != "all":
        found = found.filter(hidden=False)
    section = request.GET.get("section", "")
    if section == "whole":
        found = found.filter(section__isnull=True)
    elif (section_id := parse_id(section)) is not None:
        found = found.filter(section_id=section_id)
    query = request.GET.get("q", "").strip()
    if query:
        from danvan.core.text import fold

        found = found.filter(text_folded__contains=fold(query))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    record_personal_data_read(
        actor=request.user,
        action="consultations.view_comment_authors",
        target=consultation,
        fields=["author_name"] if any(c.author_name for c in page) else [],
        unit_id=consultation.unit_id,
    )
    return render(
        request,
        "consultations/comments.html",
        {
            "consultation": consultation,
            "page": page,
            "shown": shown,
            "section": section,
            "q": query,
            "sections": selectors.commentable_sections(consultation),
            "can_moderate": request.user.has_perm("consultations.manage_consultation", consultation)
            and consultation.phase in (Phase.OPEN, Phase.AGGREGATION),
            "hide_form": HideForm(),
        },
    )


@login_required
@require_POST
def comment_hide(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, consultation=consultation)
    _require_manage(request, consultation)
    form = HideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for hiding the comment."))
        services.hide_comment(
            actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The comment is hidden."))
    return redirect(request.POST.get("next") or f"/staff/consultations/{pk}/comments/")


@login_required
@require_POST
def comment_unhide(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, consultation=consultation)
    _require_manage(request, consultation)
    try:
        services.unhide_comment(actor=request.user, comment=comment)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The comment is shown again."))
    return redirect(f"/staff/consultations/{pk}/comments/?show=hidden")


def _rows_wanted(request: HttpRequest) -> int:
    raw = request.POST.get("rows-TOTAL_FORMS") or request.GET.get("rows", "")
    if (wanted := parse_id(raw)) is not None:
        return max(1, min(wanted, MAX_ROWS))
    return DEFAULT_ROWS


@login_required
def bulk_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting's comments in one form: a row per comment, all saved or none."""
    consultation = _consultation_for(request, pk)
    _require_manage(request, consultation)
    sections = selectors.commentable_sections(consultation)
    rows = _rows_wanted(request)
    formset_class = row_formset(rows)
    post = request.POST if request.method == "POST" else None
    header = BatchForm(
        post,
        villages=_villages_of(consultation.unit),
        initial={"channel": "meeting", "held_on": timezone.localdate()},
    )
    formset = formset_class(post, prefix="rows", sections=sections)
    if post is not None and header.is_valid() & formset.is_valid():
        entered = [
            services.OfflineRow(
                section=form.cleaned_data.get("section"),
                position=form.cleaned_data["position"],
                text=form.cleaned_data["text"],
                people=form.cleaned_data.get("people") or 1,
            )
            for form in formset.forms
            if form.has_changed() and not form.is_blank()
        ]
        data = header.cleaned_data
        try:
            batch = services.record_offline_batch(
                actor=request.user,
                consultation=consultation,
                channel=data["channel"],
                held_on=data["held_on"],
                village=data["village"],
                place=data["place"],
                attendees=data["attendees"],
                note=data["note"],
                rows=entered,
            )
        except ValidationError as exc:
            attach_errors(header, exc)
        else:
            messages.success(
                request,
                _("%(n)d comments were recorded.") % {"n": batch.comments.count()},
            )
            return redirect("consultations:detail", pk=pk)
    return render(
        request,
        "consultations/bulk.html",
        {
            "consultation": consultation,
            "header": header,
            "formset": formset,
            "rows": rows,
            "more_rows": min(rows + 20, MAX_ROWS),
        },
    )


@login_required
def aggregation(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    can_manage = request.user.has_perm("consultations.manage_consultation", consultation)
    if request.method == "POST":
        _require_manage(request, consultation)
        try:
            groups = services.aggregate(actor=request.user, consultation=consultation)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)d groups of comments.") % {"n": len(groups)})
        return redirect("consultations:aggregation", pk=pk)
    consultation.refresh_from_db()
    return render(
        request,
        "consultations/aggregation.html",
        {
            "consultation": consultation,
            "entries": selectors.groups_by_section(consultation),
            "can_manage": can_manage,
            "can_decide": can_manage and consultation.phase == Phase.AGGREGATION,
            "undecided": selectors.undecided_groups(consultation),
        },
    )


@login_required
def group_decide(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    group = get_object_or_404(
        CommentGroup.objects.select_related("section", "representative"),
        pk=group_pk,
        consultation=consultation,
    )
    _require_manage(request, consultation)
    form = DecisionForm(
        request.POST or None,
        initial={"decision": group.decision or None, "explanation": group.explanation},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_group(
                actor=request.user,
                group=group,
                decision=form.cleaned_data["decision"],
                explanation=form.cleaned_data["explanation"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The decision was saved."))
            return redirect(f"/staff/consultations/{pk}/aggregation/#group-{group.pk}")
    return render(
        request,
        "consultations/decide.html",
        {"consultation": consultation, "group": group, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def statistics(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    return render(
        request,
        "consultations/statistics.html",
        {
            "consultation": consultation,
            "stats": selectors.statistics(consultation),
            "comparison": selectors.comparison(consultation.unit),
        },
    )


@login_required
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as it will read, its files, and publishing."""
    consultation = _consultation_for(request, pk)
    can_manage = request.user.has_perm("consultations.manage_consultation", consultation)
    form = PublishForm(request.POST or None)
    if request.method == "POST":
        _require_manage(request, consultation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.publish_explanation(
                    actor=request.user,
                    consultation=consultation,
                    signer_name=data["signer_name"],
                    signer_title=data["signer_title"],
                    number=data["number"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The explanation is published on the portal."))
                return redirect("consultations:report", pk=pk)
    return render(
        request,
        "consultations/report.html",
        {
            "consultation": consultation,
            "report": selectors.build_report(consultation),
            "form": form,
            "can_publish": can_manage and consultation.phase == Phase.AGGREGATION,
            "undecided": selectors.undecided_groups(consultation),
        },
    )


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The published file, or a preview rendered now before publishing."""
    from danvan.consultations import report

    consultation = _consultation_for(request, pk)
    stored = consultation.explanation_pdf if fmt == "pdf" else consultation.explanation_docx
    if stored is not None:
        return _file(stored)
    built = selectors.build_report(consultation)
    if fmt == "pdf":
        body = report.render_explanation_pdf(built)
        content_type = "application/pdf"
    else:
        body = report.render_explanation_docx(built)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="du-thao-bao-cao-{pk}.{fmt}"'
    return response


def _file(attachment: Attachment) -> FileResponse:
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
