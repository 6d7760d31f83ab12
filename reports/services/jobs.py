"""Background jobs: enqueue on commit, record state and progress, survive a broker outage."""

import logging
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from inspection.models import Inspection
from reports.models import Job, ResultsSnapshot

log = logging.getLogger(__name__)

NOT_QUEUED_MESSAGE = (
    "The job could not be queued because the task queue is not reachable. "
    "Your data is saved; try again in a few minutes."
)
# An automatic recompute after a sign-off waits this long, so a burst of sign-offs is one run.
DEBOUNCE_SECONDS = 10


@transaction.atomic
def job_enqueue(
    *,
    inspection: Inspection,
    kind: str,
    fmt: str = "",
    user: AbstractBaseUser | None = None,
    countdown: int | None = None,
    snapshot: ResultsSnapshot | None = None,
) -> Job:
    """Create a job and send its task once the surrounding transaction commits.

    An aggregation already waiting in the queue is reused (debounce): it reads the data when it
    runs, so it will count whatever this request committed. If the broker cannot be reached the
    job is marked `not_queued` with a message; the caller's own writes are already committed.
    """
    if kind == Job.Kind.AGGREGATE:
        waiting = Job.objects.filter(
            inspection=inspection, kind=kind, state=Job.State.QUEUED
        ).first()
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


def aggregation_schedule(*, inspection: Inspection, user: AbstractBaseUser | None = None) -> Job:
    """Debounced recompute, for callers such as case sign-off (queued on commit)."""
    return job_enqueue(
        inspection=inspection, kind=Job.Kind.AGGREGATE, user=user, countdown=DEBOUNCE_SECONDS
    )


def _send(job_id: int, countdown: int | None) -> None:
    from reports.tasks import aggregate_inspection, build_output

    job = Job.objects.get(pk=job_id)
    try:
        if job.kind == Job.Kind.AGGREGATE:
            aggregate_inspection.apply_async(
                args=[job.inspection_id, job.pk], countdown=countdown, retry=False
            )
        else:
            build_output.apply_async(args=[job.pk], retry=False)
    except Exception:  # the broker is down or refuses: kombu/redis raise several kinds
        log.exception("could not queue job %s", job_id)
        Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.NOT_QUEUED, message=NOT_QUEUED_MESSAGE, updated_at=timezone.now()
        )


def job_progress(*, job: Job, progress: int, message: str, state: str = Job.State.RUNNING) -> Job:
    """Record progress (0 to 100) so the polling page can show it; writes at once (no transaction)."""
    job.progress, job.message, job.state = max(0, min(100, progress)), message[:500], state
    job.save(update_fields=["progress", "message", "state", "updated_at"])
    return job


def job_finish(
    *,
    job: Job,
    snapshot: ResultsSnapshot | None = None,
    filename: str | None = None,
    content: bytes | None = None,
) -> Job:
    """Mark a job done; a rerun replaces the stored file rather than adding another one."""
    if content is not None and filename:
        if job.result_file:
            job.result_file.delete(save=False)
        job.result_file.save(filename, ContentFile(content), save=False)
    job.snapshot = snapshot or job.snapshot
    job.state, job.progress, job.finished_at = Job.State.DONE, 100, timezone.now()
    job.message = "Finished"
    job.save()
    return job


def job_fail(*, job: Job, message: str) -> Job:
    job.state, job.message, job.finished_at = Job.State.FAILED, message[:500], timezone.now()
    job.save(update_fields=["state", "message", "finished_at", "updated_at"])
    return job
