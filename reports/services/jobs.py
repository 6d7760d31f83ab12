"""Background jobs: enqueue on commit, record state and progress, survive a broker outage.

A job row is never left active for good: a task claims its job before working (so a redelivered
task reruns it and a finished or swept one is left alone), and `jobs_sweep` (Celery beat) fails
jobs that showed no sign of life for longer than the task time limit. Limits: docs/jobs.md.
"""

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from inspection.models import FrameworkVersion, Inspection, Region
from inspection.writes import inspection_writable
from reports import queue
from reports.models import Job, ResultsSnapshot, readings_file_name
from reports.rendering import REGIONAL_FORMATS

log = logging.getLogger(__name__)

NOT_QUEUED_MESSAGE = (
    "The job could not be queued because the task queue is not reachable. "
    "Your data is saved; try again in a few minutes."
)
# An automatic recompute after a sign-off waits this long, so a burst of sign-offs is one run.
DEBOUNCE_SECONDS = 10
# A queued recompute is reused only while this young: an older one may belong to a dead worker
# (it would never run) or be about to start (it might not see this request's data).
REUSE_SECONDS = DEBOUNCE_SECONDS + 5
# The sweep fails a job this long after its last sign of life beyond the hard task time limit.
SWEEP_MARGIN_SECONDS = 60
ACTIVE_STATES = (Job.State.QUEUED, Job.State.RUNNING)


def stale_after_seconds() -> int:
    """How long a queued or running job may go without news before the sweep fails it."""
    return settings.CELERY_TASK_TIME_LIMIT + SWEEP_MARGIN_SECONDS


def stale_message() -> str:
    minutes = -(-stale_after_seconds() // 60)
    return (
        f"No worker finished this job within {minutes} minutes (a worker may have stopped). "
        "Nothing was changed; try again."
    )


@transaction.atomic
def job_enqueue(
    *,
    inspection: Inspection,
    kind: str,
    fmt: str = "",
    user: User | None = None,
    countdown: int | None = None,
    snapshot: ResultsSnapshot | None = None,
) -> Job:
    """Create a job and send its task once the surrounding transaction commits.

    An aggregation queued less than `REUSE_SECONDS` ago is reused (debounce). Its row is locked
    until this transaction commits, and the task claims the row before it reads any data, so the
    run counts whatever this request committed. If the broker cannot be reached the job is marked
    `not_queued` with a message; the caller's own writes are already committed.

    Reports and workbooks may be built from a published or anonymised inspection's stored
    results; recomputing them may not (`inspection.writes`).
    """
    if kind == Job.Kind.AGGREGATE:
        inspection_writable(inspection)
        recent = timezone.now() - timedelta(seconds=REUSE_SECONDS)
        waiting = (
            Job.objects.select_for_update()
            .filter(
                inspection=inspection, kind=kind, state=Job.State.QUEUED, created_at__gte=recent
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if waiting is not None:
            return waiting
    job = Job(
        inspection=inspection,
        kind=kind,
        format=fmt,
        snapshot=snapshot,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    job.full_clean(exclude=["result_file", "snapshot"])
    job.save()
    transaction.on_commit(partial(_send, job.pk, countdown))
    return job


@transaction.atomic
def regional_report_enqueue(
    *,
    region: Region,
    framework: FrameworkVersion,
    fmt: str,
    user: User | None = None,
) -> Job:
    """Create a regional draft report job (DOCX, HTML or PDF) and send its task once the
    surrounding transaction commits; like `job_enqueue`, a broker outage leaves it `not_queued`."""
    if fmt not in REGIONAL_FORMATS:
        raise ValidationError(
            f"A regional report is built as {', '.join(REGIONAL_FORMATS)}, not {fmt!r}."
        )
    job = Job(
        kind=Job.Kind.REGIONAL,
        region=region,
        framework=framework,
        format=fmt,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    job.full_clean(exclude=["result_file", "snapshot"])
    job.save()
    transaction.on_commit(partial(_send, job.pk, None))
    return job


def aggregation_schedule(*, inspection: Inspection, user: User | None = None) -> Job:
    """Debounced recompute, for callers such as case sign-off (queued on commit)."""
    return job_enqueue(
        inspection=inspection, kind=Job.Kind.AGGREGATE, user=user, countdown=DEBOUNCE_SECONDS
    )


def job_retry(*, job: Job, user: User | None = None) -> Job:
    """Queue a new job like a failed or not-queued one (same kind, format and snapshot)."""
    if not job.is_retryable:
        raise ValidationError("Only a failed job, or one that could not be queued, can be retried.")
    if job.kind == Job.Kind.REGIONAL:
        # a regional job has a region and a framework; every other job an inspection
        region, framework = cast(Region, job.region), cast(FrameworkVersion, job.framework)
        return regional_report_enqueue(
            region=region, framework=framework, fmt=job.format, user=user
        )
    inspection = cast(Inspection, job.inspection)
    return job_enqueue(
        inspection=inspection, kind=job.kind, fmt=job.format, user=user, snapshot=job.snapshot
    )


def _send(job_id: int, countdown: int | None) -> None:
    job = Job.objects.get(pk=job_id)
    try:
        if job.kind == Job.Kind.AGGREGATE:
            inspection_id = cast(int, job.inspection_id)  # an aggregate job has an inspection
            queue.send(queue.AGGREGATE, args=[inspection_id, job.pk], countdown=countdown)
        else:
            queue.send(queue.BUILD, args=[job.pk])
    except Exception:  # the broker is down or refuses: kombu/redis raise several kinds
        log.exception("could not queue job %s", job_id)
        Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.NOT_QUEUED, message=NOT_QUEUED_MESSAGE, updated_at=timezone.now()
        )


def job_start(*, job_id: int) -> Job | None:
    """Claim a queued or running job for the task about to work on it; None if it is not active.

    A job still "running" is one whose worker died: the redelivered task starts it again. A job
    that is done, failed (e.g. swept) or not queued is left exactly as it is. One conditional
    UPDATE, so a claim and a sweep of the same row cannot both win.
    """
    claimed = Job.objects.filter(pk=job_id, state__in=ACTIVE_STATES).update(
        state=Job.State.RUNNING, progress=0, message="Starting", updated_at=timezone.now()
    )
    if not claimed:
        return None
    return Job.objects.select_related(
        "inspection__framework", "inspection__pdu__region", "region", "framework"
    ).get(pk=job_id)


def job_progress(*, job: Job, progress: int, message: str) -> Job:
    """Record progress (0 to 100) so the polling page can show it; writes at once (no transaction).

    Only while the job is running, so a late task never rewrites a job that was swept.
    """
    job.progress, job.message = max(0, min(100, progress)), message[:500]
    job.updated_at = timezone.now()
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        progress=job.progress, message=job.message, updated_at=job.updated_at
    )
    return job


def job_finish(
    *,
    job: Job,
    snapshot: ResultsSnapshot | None = None,
    filename: str | None = None,
    content: bytes | None = None,
    readings_content: bytes | None = None,
) -> Job:
    """Mark a running job done, with its file; a rerun replaces the file rather than adding one.

    `readings_content` (a workbook job): the variant with the Agreement sheet, stored beside the
    team's file under `Job.readings_file_name`. A job that stopped running meanwhile (swept)
    keeps its state, and the new files are removed.
    """
    previous = job.result_file.name or ""
    if content is not None and filename:
        job.result_file.save(filename, ContentFile(content), save=False)
    written = job.result_file.name or ""
    storage = job.result_file.storage
    if readings_content is not None and written and written != previous:
        _store_beside(storage, readings_file_name(written), readings_content)
    now = timezone.now()
    done = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.DONE,
        progress=100,
        message="Finished",
        finished_at=now,
        updated_at=now,
        result_file=written,
        snapshot=snapshot or job.snapshot,
    )
    if done and previous and previous != written:
        _delete_with_variant(storage, previous)  # a rerun replaced the file
    if not done and written and written != previous:
        _delete_with_variant(storage, written)  # swept meanwhile: the job keeps no new file
    job.refresh_from_db()
    return job


def _store_beside(storage: Storage, name: str, content: bytes) -> None:
    """Store `content` under exactly `name` (the download finds it by that name)."""
    storage.delete(name)  # a file left there by an interrupted run
    saved = storage.save(name, ContentFile(content))
    if saved != name:
        storage.delete(saved)
        raise RuntimeError(f"could not store {name}: the storage named it {saved}")


def _delete_with_variant(storage: Storage, name: str) -> None:
    storage.delete(name)
    storage.delete(readings_file_name(name))  # no such file for jobs other than a workbook


def job_fail(*, job: Job, message: str) -> Job:
    """Mark a running job failed with a message the page shows (a swept job keeps its own)."""
    now = timezone.now()
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.FAILED, message=message[:500], finished_at=now, updated_at=now
    )
    job.refresh_from_db()
    return job


@transaction.atomic
def jobs_sweep(*, now: datetime | None = None) -> int:
    """Fail every queued or running job with no news for longer than `stale_after_seconds()`.

    A live task cannot be swept: Celery kills it at the hard time limit, and its claim and
    progress refresh `updated_at`. Returns how many jobs were failed (run by Celery beat).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=stale_after_seconds())
    stale = Job.objects.filter(state__in=ACTIVE_STATES, updated_at__lt=cutoff)
    swept = stale.update(
        state=Job.State.FAILED, message=stale_message(), finished_at=now, updated_at=now
    )
    if swept:
        log.warning("swept %s job(s) that no worker finished in time", swept)
    return swept
