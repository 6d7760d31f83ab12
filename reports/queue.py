"""The one place that sends work to Celery.

Tasks are sent by the names they are registered under (`reports.tasks` declares each with the name
given here) and looked up in the Celery app's registry, which honours eager mode (`make run`, the
test suite). Nothing imports the tasks module: tasks call services, and services queue work through
here, so an import either way would be a cycle. Celery loads the tasks module itself (autodiscovery
in the worker; `reports.apps` in every other process).

A broker outage is the caller's to record (`not_queued` on its row): `send` raises whatever the
transport raises, after a single short try (settings: `CELERY_BROKER_TRANSPORT_OPTIONS`).
"""

from celery import current_app

AGGREGATE = "reports.tasks.aggregate_inspection"
BUILD = "reports.tasks.build_output"
REFRESH_ROLLUP = "reports.tasks.refresh_rollup"
SWEEP = "reports.tasks.sweep_stale_jobs"


def send(name: str, *, args: list[int], countdown: int | None = None) -> None:
    """Queue the task `name` with `args`; no retry, so a broker outage fails fast."""
    current_app.tasks[name].apply_async(args=args, countdown=countdown, retry=False)
