"""Scheduling aggregation after casework commits. The only place `cases` reaches into `reports`."""

from django.contrib.auth.models import AbstractBaseUser

from inspection.models import Inspection


def aggregation_schedule(*, inspection: Inspection, user: AbstractBaseUser | None = None) -> None:
    """Recompute the inspection's results after the current transaction commits (debounced).

    Never breaks the caller: the reports job service queues on commit and, when the broker is
    down, records the job as "not queued" for the dashboard to show; the case change stands.
    """
    from reports.services.jobs import aggregation_schedule as job_schedule

    job_schedule(inspection=inspection, user=user)
