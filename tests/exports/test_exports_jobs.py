"""Export jobs: long lists on the worker with progress, failures and retries, downloads
only by their owner, bad requests, and files deleted after seven days."""

from __future__ import annotations

import dataclasses
import urllib.parse
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone, translation

from danvan.accounts.models import RoleAssignment
from danvan.accounts.roles import Role
from danvan.accounts.services import revoke_role
from danvan.audit.models import AuditEntry
from danvan.exports import registry, services
from danvan.exports.models import ExportJob, ExportStatus
from danvan.exports.registry import REGISTRY, Column
from danvan.exports.selectors import storage_name
from tests.exports.conftest import PERSON_NAME, file_bytes, read_table, receive_one


@pytest.fixture
def five(tree, staff):
    return [
        receive_one(
            staff,
            tree.agency(tree.ba_dinh),
            on=f"2026-03-0{day}",
            subject=f"Đơn {day}",
            petitioner_name=PERSON_NAME,
        )
        for day in range(1, 6)
    ]


@pytest.fixture
def small_batches(monkeypatch):
    """Lists longer than 3 rows go to the worker, which writes 2 rows a batch; every
    progress update is recorded."""
    monkeypatch.setattr(services, "IMMEDIATE_ROWS", 3)
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    updates: list[dict[str, int]] = []
    real = services._progress

    def spy(job_id, attempt, **fields):
        real(job_id, attempt, **fields)
        updates.append(fields)

    monkeypatch.setattr(services, "_progress", spy)
    return updates


def exported_files(media: Path) -> list[Path]:
    return sorted(p for p in (media / "exports").rglob("*") if p.is_file())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_long_export_runs_in_the_background_with_progress_and_a_download_link(
    five, staff, client_for, export, small_batches, media, fmt
):
    client = client_for(staff.officer)
    response = export(client, "petitions.queue", fmt)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/exports/{job.pk}/"

    assert job.status == ExportStatus.DONE
    assert (job.total, job.done) == (5, 5)
    assert small_batches == [{"total": 5, "done": 0}, {"done": 2}, {"done": 4}]

    page = client.get(f"/staff/exports/{job.pk}/")
    html = page.content.decode()
    assert '<progress max="1" value="1">' in html
    assert f'href="/staff/exports/{job.pk}/download/"' in html
    assert "hx-trigger" not in html  # finished: no more polling

    download = client.get(f"/staff/exports/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Disposition"].endswith(f".{fmt}")
    rows = read_table(file_bytes(download), fmt)[1:]
    assert sorted(row[0] for row in rows) == sorted(p.tracking_code for p in five)

    # Kept privately, under a name that says nothing of the content.
    [stored] = exported_files(media)
    assert stored.name == f"{job.key.hex}.{fmt}"
    assert job.file.name == storage_name(job)
    assert job.expires_at == job.finished_at + timedelta(days=7)


def test_the_job_page_polls_while_the_export_waits_for_the_worker(
    five, staff, client_for, monkeypatch
):
    monkeypatch.setattr(services, "IMMEDIATE_ROWS", 3)
    client = client_for(staff.officer)
    # Outside captured on-commit callbacks the task is never queued: the job waits.
    client.post("/staff/exports/", {"list": "petitions.queue", "format": "xlsx"})
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.QUEUED

    html = client.get(f"/staff/exports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert '<progress max="5" value="0">' in html
    assert "<html" in html

    services.run_export(job_id=job.pk)
    partial = client.get(f"/staff/exports/{job.pk}/", headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html  # the progress block alone
    assert 'id="export-progress"' in html
    assert "hx-trigger" not in html
    assert f"/staff/exports/{job.pk}/download/" in html


def _breaking(entry: registry.ExportableList) -> registry.ExportableList:
    def explode(petition):
        # The message quotes personal data: it must not reach the job's error.
        raise RuntimeError(f"cannot write {petition.petitioner_name}")

    return dataclasses.replace(entry, columns=(*entry.columns, Column("x", explode)))


def test_a_failing_export_is_marked_failed_and_can_be_retried(
    five, staff, client_for, export, monkeypatch, media
):
    client = client_for(staff.officer)
    with monkeypatch.context() as patched:
        patched.setitem(REGISTRY, "petitions.queue", _breaking(REGISTRY["petitions.queue"]))
        response = export(client, "petitions.queue", "csv")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/exports/{job.pk}/"
    assert job.status == ExportStatus.FAILED
    assert job.error
    assert PERSON_NAME not in job.error
    assert not job.file
    assert not (media / "exports").exists()
    assert AuditEntry.objects.filter(action="exports.fail", target_id=str(job.pk)).exists()
    page = client.get(f"/staff/exports/{job.pk}/")
    assert page.context["can_retry"] is True
    assert job.error in page.content.decode()
    assert f"/staff/exports/{job.pk}/retry/" in page.content.decode()


def test_retrying_a_failed_export_builds_it_from_the_start(
    five, staff, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    client = client_for(staff.officer)
    with monkeypatch.context() as patched:
        patched.setitem(REGISTRY, "petitions.queue", _breaking(REGISTRY["petitions.queue"]))
        client.post("/staff/exports/", {"list": "petitions.queue", "format": "xlsx"})
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/exports/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert job.error == ""
    assert (job.total, job.done, job.attempt) == (5, 5, 2)
    assert AuditEntry.objects.filter(action="exports.retry", actor_id=staff.officer.pk).exists()
    download = client.get(f"/staff/exports/{job.pk}/download/")
    assert len(read_table(file_bytes(download), "xlsx")) == 1 + 5


def test_only_a_failed_or_stalled_export_can_be_started_again(
    five, staff, client_for, export, monkeypatch
):
    client = client_for(staff.officer)
    export(client, "petitions.queue", "csv")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE
    response = client.post(f"/staff/exports/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ExportStatus.DONE, 1)

    # A worker that took the job and went quiet: after ten minutes it may be retried.
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, heartbeat_at=now)
    job.refresh_from_db()
    with pytest.raises(ValidationError):
        services.retry_export(actor=staff.officer, job=job)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=now - timedelta(minutes=11))
    job.refresh_from_db()
    assert services.retry_export(actor=staff.officer, job=job).status == ExportStatus.QUEUED


def test_running_a_job_again_starts_over_and_replaces_the_file(
    five, staff, client_for, export, media
):
    client = client_for(staff.officer)
    export(client, "petitions.queue", "csv")
    job = ExportJob.objects.get()
    first = job.file.name
    # The worker died after taking the job again; the task is delivered once more.
    receive_one(staff, five[0].agency, on="2026-03-09", subject="Đơn mới")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, done=3)
    job = services.run_export(job_id=job.pk)
    assert job.status == ExportStatus.DONE
    assert (job.total, job.done, job.attempt) == (6, 6, 2)
    assert job.file.name == first
    assert len(exported_files(media)) == 1
    rows = read_table(file_bytes(client.get(f"/staff/exports/{job.pk}/download/")), "csv")
    assert len(rows) == 1 + 6
    # A repeated delivery of a finished job changes nothing.
    assert services.run_export(job_id=job.pk).attempt == 2


def test_an_older_run_overtaken_by_a_newer_one_keeps_nothing(
    five, staff, monkeypatch, small_batches
):
    monkeypatch.setattr(services, "IMMEDIATE_ROWS", 100)
    monkeypatch.setattr(services, "_enqueue", lambda job_id: None)
    job = services.request_export(
        actor=staff.officer, list_code="petitions.queue", params={}, fmt="csv"
    )
    assert job.status == ExportStatus.DONE
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.QUEUED)
    entry = REGISTRY["petitions.queue"]

    def taken_over(petition):
        # Another worker claims the job while this one writes.
        ExportJob.objects.filter(pk=job.pk).update(attempt=F("attempt") + 1)
        return ""

    monkeypatch.setitem(
        REGISTRY,
        "petitions.queue",
        dataclasses.replace(entry, columns=(*entry.columns, Column("x", taken_over))),
    )
    result = services.run_export(job_id=job.pk)
    # This run stopped at its next batch and left the job to the newer run.
    assert result.status == ExportStatus.RUNNING
    assert result.attempt > 2
    assert result.finished_at is None


def test_someone_elses_export_is_not_found(five, staff, client_for, export):
    export(client_for(staff.officer), "petitions.queue", "csv")
    job = ExportJob.objects.get()
    other = client_for(staff.handler)
    assert other.get(f"/staff/exports/{job.pk}/").status_code == 404
    assert other.get(f"/staff/exports/{job.pk}/download/").status_code == 404
    assert other.post(f"/staff/exports/{job.pk}/retry/").status_code == 404
    assert other.get("/staff/exports/").context["rows"] == []
    mine = client_for(staff.officer).get("/staff/exports/").context["rows"]
    assert [item.pk for item, _title in mine] == [job.pk]


def test_a_revoked_role_closes_the_download(five, staff, client_for, export):
    client = client_for(staff.officer)
    export(client, "petitions.queue", "csv")
    job = ExportJob.objects.get()
    assert client.get(f"/staff/exports/{job.pk}/download/").status_code == 200
    assignment = RoleAssignment.objects.get(user=staff.officer, role=Role.RECEPTION_OFFICER)
    revoke_role(actor=None, assignment=assignment, reason="chuyển công tác")
    assert client.get(f"/staff/exports/{job.pk}/download/").status_code == 403


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"list": "petitions.nothing", "format": "csv"}, "list"),
        ({"format": "csv"}, "list"),
        ({"list": "petitions.queue", "format": "pdf"}, "format"),
        ({"list": "petitions.queue"}, "format"),
        ({"list": "petitions.figure", "format": "csv", "figure": "everything"}, "figure"),
        ({"list": "petitions.figure", "format": "csv", "unit": "987654321"}, "unit"),
    ],
)
def test_a_bad_request_is_refused_with_a_clear_message(
    tree, staff, client_for, django_capture_on_commit_callbacks, form, field
):
    client = client_for(staff.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/exports/", form)
    assert response.status_code == 400
    assert response.templates[0].name == "exports/refused.html"
    assert len(response.context["errors"]) == 1
    assert response.context["errors"][0] in response.content.decode()
    assert ExportJob.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        services.request_export(
            actor=staff.leader,
            list_code=form.get("list", ""),
            params=form,
            fmt=form.get("format", ""),
        )
    assert list(refused.value.message_dict) == [field]


def test_the_export_page_takes_only_get_and_post(staff, client_for):
    assert client_for(staff.officer).put("/staff/exports/").status_code == 405


def test_expired_files_are_deleted_by_the_daily_watch(five, staff, client_for, export, media):
    from danvan.petitions.tasks import watch_deadlines_task

    client = client_for(staff.officer)
    export(client, "petitions.queue", "csv")
    export(client, "petitions.queue", "xlsx")
    old, fresh = ExportJob.objects.order_by("pk")
    assert len(exported_files(media)) == 2
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    watch_deadlines_task.call()

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ExportStatus.EXPIRED
    assert not old.file
    assert exported_files(media) == [Path(media) / fresh.file.name]
    assert client.get(f"/staff/exports/{old.pk}/download/").status_code == 404
    assert client.get(f"/staff/exports/{fresh.pk}/download/").status_code == 200
    assert AuditEntry.objects.filter(action="exports.delete_expired").count() == 1
    # Nothing more to delete the next day.
    assert services.delete_expired_exports() == 0


def test_a_job_stuck_for_a_week_is_expired_too(five, staff, monkeypatch):
    monkeypatch.setattr(services, "IMMEDIATE_ROWS", 3)
    monkeypatch.setattr(services, "_enqueue", lambda job_id: None)
    job = services.request_export(
        actor=staff.officer, list_code="petitions.queue", params={}, fmt="csv"
    )
    assert job.status == ExportStatus.QUEUED
    assert services.delete_expired_exports() == 0
    assert services.delete_expired_exports(now=timezone.now() + timedelta(days=8)) == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED


def test_headers_and_the_file_name_follow_the_users_language(five, staff, client_for, export):
    client = client_for(staff.officer)
    response = export(client, "petitions.queue", "csv")
    header = read_table(file_bytes(response), "csv")[0]
    with translation.override("vi"):
        assert header[0] == str(registry.PETITION_COLUMNS[0].header)
        title = str(REGISTRY["petitions.queue"].title)
    assert ExportJob.objects.get().language == "vi"
    assert not title.isascii()
    disposition = response["Content-Disposition"]
    # Vietnamese letters kept, encoded as RFC 6266 asks.
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert urllib.parse.unquote(disposition).split("''")[1].startswith(title.replace(" ", "-"))
    assert disposition.endswith(".csv")
