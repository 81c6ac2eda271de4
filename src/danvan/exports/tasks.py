"""The worker's side of exports: build one job's file."""

from __future__ import annotations

from django.tasks import task

from danvan.exports import services


@task()
def build_export(job_id: int) -> str:
    """Build (or build again, from the first row) the file of one export job."""
    return str(services.run_export(job_id=job_id).status)
