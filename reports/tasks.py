"""Celery tasks: thin shells over services, idempotent (a rerun overwrites what the last run wrote).

The two job tasks are acknowledged late and rejected (so re-queued) when their worker dies: a
message of a killed worker comes back and simply runs again. They keep no Celery result (the Job
row holds state and progress), so sending one never waits on a result backend.
"""

from typing import Any

from celery import shared_task

from inspection.models import Inspection
from reports import queue
from reports.services.jobs import job_fail, job_finish, job_progress, job_start, jobs_sweep
from reports.services.outputs import output_build
from reports.services.results import snapshot_refresh
from reports.services.rollups import rollup_run

JOB_TASK = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(name=queue.AGGREGATE, **JOB_TASK)
def aggregate_inspection(inspection_id: int, job_id: int | None = None) -> dict[str, Any]:
    """Recompute an inspection's results snapshot. Idempotent: a rerun overwrites the latest.

    With a job id the job is claimed first and its state and progress recorded; errors then fail
    the job (shown on the page) instead of propagating. A job that is no longer active (done, or
    swept to failed) is left as it is, but the results are still recomputed: they must follow the
    data whichever run gets there.
    """
    job = job_start(job_id=job_id) if job_id else None
    if job is None:
        inspection = (
            Inspection.objects.select_related("framework")
            .defer("framework__source")
            .get(pk=inspection_id)
        )
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


@shared_task(name=queue.BUILD, **JOB_TASK)
def build_output(job_id: int) -> dict[str, Any]:
    """Build a draft report (docx/html/pdf/md) or the data workbook for a job. Idempotent.

    A job that is no longer active (done, swept to failed) is left alone: nothing is built.
    """
    job = job_start(job_id=job_id)
    if job is None:
        return {"job": job_id, "skipped": "the job is no longer queued or running"}
    try:
        output_build(job=job)
    except Exception as exc:  # recorded on the job; the page shows it
        job_fail(job=job, message=f"Building failed: {exc}")
    return {"job": job.pk, "state": job.state, "file": job.result_file.name or None}


@shared_task(name=queue.SWEEP, ignore_result=True)
def sweep_stale_jobs() -> int:
    """Fail jobs that no worker finished in time (Celery beat, every minute)."""
    return jobs_sweep()


@shared_task(name=queue.REFRESH_ROLLUP, **JOB_TASK)
def refresh_rollup(rollup_id: int) -> dict[str, Any]:
    """Recompute and store one roll-up (a region's or the national one). Idempotent: a rerun
    overwrites the stored document. Failures are recorded on the roll-up row (the region page
    shows them), never raised."""
    rollup = rollup_run(rollup_id=rollup_id)
    return {"rollup": rollup.pk, "state": rollup.state, "cases_counted": rollup.cases_counted}
