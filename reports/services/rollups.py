"""Roll-ups: every inspection on one framework version in a region, or in the country, combined as
the inspectorate does for regional inspections — computed in one grouped query over the whole
scope and stored (`Rollup`). Pages read the stored document; only the refresh job computes.

The document is `inspection-results/1` with a `scope` (INTERCHANGE.md "Roll-ups"): counts are
sums over the scope's counted cases (never averages of percentages), rated with the framework's
case bands; judgement-rated standards and the overall score and rating are null.
"""

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.models import Answer, Case
from inspection.models import FrameworkVersion, Region
from reports import queue, scoring
from reports.counting import answer_tally, case_profile
from reports.models import Rollup
from reports.results_document import RESULTS_FORMAT, results_sections
from reports.selectors import framework_plan

log = logging.getLogger(__name__)

# A refresh asked for after an aggregation waits this long, so that a burst of sign-offs across
# a region (each re-aggregating its inspection) is one roll-up run, not one per sign-off.
DEBOUNCE_SECONDS = 30
# A refresh still queued this long after it was asked for was lost (a broker restart, a worker
# killed before it began): asking again then queues a new one instead of waiting for it.
QUEUED_STALE_SECONDS = DEBOUNCE_SECONDS + settings.CELERY_TASK_TIME_LIMIT
NOT_QUEUED_MESSAGE = (
    "The refresh could not be queued because the task queue is not reachable. "
    "The stored roll-up is unchanged; try again in a few minutes."
)


def rollup_build(*, framework: FrameworkVersion, region: Region | None = None) -> dict[str, Any]:
    """The roll-up document of `framework`'s inspections in `region` (None: the whole country).

    Two queries whatever the number of inspections, cases or answers — the counted cases by
    inspection, and one grouped query over every counted answer of the scope — once this process
    holds the framework's plan (items and standards, two queries the first time).
    `scope.inspections` lists the inspections with at least one counted case, in id order.
    """
    plan = framework_plan(framework)
    cases = Case.objects.counted().filter(inspection__framework=framework)
    if region is not None:
        cases = cases.filter(inspection__pdu__region=region)
    profile = case_profile(cases=cases)
    inspections = sorted(profile.inspections)
    tally = answer_tally(
        answers=Answer.objects.counted().filter(case__inspection_id__in=inspections),
        items=plan.items,
        declared=plan.declared,
    )
    results = scoring.rate(plan.rules, plan.specs, tally.counts, judgements={})
    sections = results_sections(results, tally.values)
    # Not a sum of cases: no overall score or rating, whatever the framework's bands.
    sections["overall"] |= {"score": None, "rating": None}
    return {
        "format": RESULTS_FORMAT,
        "inspection": None,
        "framework": framework.code,
        "framework_version": framework.version,
        "scope": {
            "kind": Rollup.Kind.REGION if region else Rollup.Kind.NATIONAL,
            "region": region.name if region else None,
            "framework": framework.code,
            "version": framework.version,
            "inspections": inspections,
        },
        "cases_counted": profile.cases,
        **sections,
    }


def rollup_row(*, framework: FrameworkVersion, region: Region | None = None) -> Rollup:
    """The scope's stored roll-up row, created (not yet computed) if there is none."""
    kind = Rollup.Kind.REGION if region else Rollup.Kind.NATIONAL
    rollup, _ = Rollup.objects.get_or_create(kind=kind, framework=framework, region=region)
    return rollup


@transaction.atomic
def rollup_refresh(*, rollup: Rollup) -> Rollup:
    """Recompute the roll-up and store it; a rerun overwrites (idempotent). Two refreshes of one
    scope serialise on its row. A refresh job's row goes from running to done in the same write
    (one asked for meanwhile stays queued: its own job will run)."""
    locked = (
        Rollup.objects.select_for_update(of=("self",))
        .select_related("framework", "region")
        .defer("document", "framework__source")  # replaced, never read here
        .get(pk=rollup.pk)
    )
    document = rollup_build(framework=locked.framework, region=locked.region)
    locked.document = document
    locked.inspections_count = len(document["scope"]["inspections"])
    locked.cases_counted = document["cases_counted"]
    locked.computed_at = timezone.now()
    if locked.state == Rollup.State.RUNNING:
        locked.state = Rollup.State.DONE
    # Field checks only: its keys and constraints are the locked row's own (the database keeps
    # them), so checking them again would cost queries and prove nothing.
    locked.full_clean(
        exclude=["framework", "region"], validate_unique=False, validate_constraints=False
    )
    locked.save(
        update_fields=[
            "document",
            "inspections_count",
            "cases_counted",
            "computed_at",
            "state",
            "updated_at",
        ]
    )
    return locked


def rollup_run(*, rollup_id: int) -> Rollup:
    """What the refresh job does: mark the row running, then refresh and mark it done in one
    transaction — or mark it failed with the reason, leaving the last stored document as it was."""
    Rollup.objects.filter(pk=rollup_id).update(
        state=Rollup.State.RUNNING, message="", updated_at=timezone.now()
    )
    try:
        return rollup_refresh(rollup=Rollup(pk=rollup_id))
    except Exception as exc:  # recorded on the row; the page shows it
        log.exception("roll-up %s failed", rollup_id)
        Rollup.objects.filter(pk=rollup_id, state=Rollup.State.RUNNING).update(
            state=Rollup.State.FAILED,
            message=f"Refresh failed: {exc}"[:500],
            updated_at=timezone.now(),
        )
        return Rollup.objects.get(pk=rollup_id)


def rollup_schedule(
    *,
    framework: FrameworkVersion,
    region: Region | None = None,
    countdown: int | None = DEBOUNCE_SECONDS,
) -> Rollup:
    """Queue a refresh of the scope's roll-up once the surrounding transaction commits.

    Debounced: while a refresh of the scope waits in the queue, asking again adds nothing (the
    waiting one reads the data when it runs) — one query. If the broker cannot be reached the
    row says so (`not_queued`) and the stored document stays as it was.
    """
    return _schedule(framework.pk, region.pk if region else None, countdown)


def rollups_schedule_for(*, framework: FrameworkVersion, region_id: int | None) -> list[Rollup]:
    """After an inspection's results changed: refresh its region's and the national roll-up of
    its framework version (debounced; one query when both already wait in the queue)."""
    scopes: list[int | None] = [region_id, None] if region_id else [None]
    return _schedule_many(framework.pk, scopes, DEBOUNCE_SECONDS)


def _schedule(framework_id: int, region_id: int | None, countdown: int | None) -> Rollup:
    return _schedule_many(framework_id, [region_id], countdown)[0]


def _schedule_many(
    framework_id: int, region_ids: list[int | None], countdown: int | None
) -> list[Rollup]:
    """Queue a refresh of each scope (a region's id, or None for the country) of the framework
    version, unless one is freshly queued: the scopes' rows are read in one query."""
    now = timezone.now()
    since = now - timedelta(seconds=QUEUED_STALE_SECONDS)
    fresh = Q(state=Rollup.State.QUEUED, requested_at__gt=since)
    wanted = Q()
    for region_id in region_ids:
        wanted |= (
            Q(kind=Rollup.Kind.REGION, region_id=region_id)
            if region_id
            else Q(kind=Rollup.Kind.NATIONAL, region__isnull=True)
        )
    found = {
        rollup.region_id: rollup
        for rollup in Rollup.objects.filter(wanted, framework_id=framework_id).only(
            "pk", "region_id", "state", "requested_at"
        )
    }
    out = []
    for region_id in region_ids:
        rollup = found.get(region_id)
        if rollup is None:
            kind = Rollup.Kind.REGION if region_id else Rollup.Kind.NATIONAL
            rollup, _ = Rollup.objects.get_or_create(  # type: ignore[misc]  # stubs: a null key is None
                kind=kind, framework_id=framework_id, region_id=region_id
            )
        elif (
            rollup.state == Rollup.State.QUEUED
            and rollup.requested_at
            and rollup.requested_at > since
        ):
            out.append(rollup)
            continue
        # Claim the row: of two requests racing here, only one finds it not freshly queued.
        claimed = (
            Rollup.objects.filter(pk=rollup.pk)
            .exclude(fresh)
            .update(state=Rollup.State.QUEUED, message="", requested_at=now, updated_at=now)
        )
        rollup.state, rollup.requested_at = Rollup.State.QUEUED, now
        if claimed:
            transaction.on_commit(partial(_send, rollup.pk, countdown))
        out.append(rollup)
    return out


def _send(rollup_id: int, countdown: int | None) -> None:
    try:
        queue.send(queue.REFRESH_ROLLUP, args=[rollup_id], countdown=countdown)
    except Exception:  # the broker is down or refuses: kombu/redis raise several kinds
        log.exception("could not queue roll-up %s", rollup_id)
        Rollup.objects.filter(pk=rollup_id, state=Rollup.State.QUEUED).update(
            state=Rollup.State.NOT_QUEUED, message=NOT_QUEUED_MESSAGE, updated_at=timezone.now()
        )
