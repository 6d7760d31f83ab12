"""Celery tasks: thin shells over services, idempotent (a rerun overwrites what the last run wrote)."""

from celery import shared_task

from inspection.models import Inspection
from reports.models import Job
from reports.services.jobs import job_fail, job_finish, job_progress
from reports.services.results import snapshot_refresh


@shared_task
def aggregate_inspection(inspection_id: int, job_id: int | None = None) -> dict:
    """Recompute an inspection's results snapshot. Idempotent: a rerun overwrites the latest.

    With a job id the job's state and progress are recorded; errors then fail the job (shown on
    the page) instead of propagating.
    """
    job = Job.objects.filter(pk=job_id).first() if job_id else None
    if job is None:
        inspection = Inspection.objects.select_related("framework").get(pk=inspection_id)
        snapshot = snapshot_refresh(inspection=inspection)
        return {"snapshot": snapshot.pk, "cases_counted": snapshot.cases_counted}
    try:
        job_progress(job=job, progress=10, message="Counting answers")
        snapshot = snapshot_refresh(inspection=job.inspection)
        job_finish(job=job, snapshot=snapshot)
    except Exception as exc:  # recorded on the job; the page shows it
        job_fail(job=job, message=f"Recompute failed: {exc}")
        return {"job": job.pk, "state": job.state}
    return {"snapshot": snapshot.pk, "cases_counted": snapshot.cases_counted, "job": job.pk}


@shared_task
def build_output(job_id: int) -> dict:
    """Build a draft report (docx/html/pdf/md) or the data workbook for a job. Idempotent."""
    from reports.services.outputs import output_build

    job = Job.objects.select_related("inspection__framework", "inspection__pdu__region").get(
        pk=job_id
    )
    try:
        output_build(job=job)
    except Exception as exc:  # recorded on the job; the page shows it
        job_fail(job=job, message=f"Building failed: {exc}")
    return {"job": job.pk, "state": job.state, "file": job.result_file.name or None}


@shared_task
def refresh_rollup(rollup_id: int) -> dict:
    """Recompute and store one roll-up (a region's or the national one). Idempotent: a rerun
    overwrites the stored document. Failures are recorded on the roll-up row (the region page
    shows them), never raised."""
    from reports.services.rollups import rollup_run

    rollup = rollup_run(rollup_id=rollup_id)
    return {"rollup": rollup.pk, "state": rollup.state, "cases_counted": rollup.cases_counted}
