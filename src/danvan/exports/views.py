"""Pages for exports: ask for one, follow its progress, download it, list one's own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from danvan.exports import selectors, services
from danvan.exports.models import ExportJob, ExportStatus
from danvan.exports.registry import get_list
from danvan.exports.writers import CONTENT_TYPES


@login_required
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponseBase:
    """GET: the user's exports. POST: export a list (the form on each list page)."""
    if request.method == "POST":
        return _request_export(request)
    rows = [(item, _title(item)) for item in selectors.jobs_of(request.user)[:50]]
    return render(request, "exports/list.html", {"rows": rows})


def _request_export(request: HttpRequest) -> HttpResponseBase:
    params = {name: request.POST.get(name, "") for name in request.POST}
    try:
        job = services.request_export(
            actor=request.user,
            list_code=request.POST.get("list", ""),
            params=params,
            fmt=request.POST.get("format", ""),
        )
    except ValidationError as exc:
        return render(request, "exports/refused.html", {"errors": exc.messages}, status=400)
    if job.status == ExportStatus.DONE:
        return _file_response(job)
    return redirect("exports:job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> ExportJob:
    job = selectors.job_of(request.user, pk)
    if job is None:
        raise Http404
    return job


def _title(job: ExportJob) -> str:
    entry = get_list(job.list_code)
    return str(entry.title) if entry is not None else job.list_code


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    item = _job(request, pk)
    context = {
        "job": item,
        "title": _title(item),
        "can_retry": selectors.can_retry(item, now=timezone.now()),
    }
    # htmx asks every second for the progress block alone while the job runs.
    if request.headers.get("HX-Request"):
        return render(request, "exports/job.html#progress", context)
    return render(request, "exports/job.html", context)


def _file_response(job: ExportJob) -> FileResponse:
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=selectors.download_name(job, title=_title(job)),
        content_type=CONTENT_TYPES[job.format],
    )


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    item = _job(request, pk)
    if item.status != ExportStatus.DONE or not item.file:
        raise Http404
    if not selectors.may_download(request.user, item):
        raise PermissionDenied
    return _file_response(item)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    item = _job(request, pk)
    try:
        services.retry_export(actor=request.user, job=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("exports:job", pk=item.pk)
