"""Roll-ups: stored documents of a region or the country (INTERCHANGE.md "Roll-ups"), computed in
one grouped query by the job that `rollup` also runs, refreshed (debounced) after an aggregation,
read — never recomputed — by the region page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import Answer, CaseStatus
from inspection.models import FrameworkVersion, Item
from reports.models import Rollup
from reports.services.results import snapshot_refresh
from reports.services.rollups import (
    NOT_QUEUED_MESSAGE,
    rollup_build,
    rollup_refresh,
    rollup_row,
    rollup_run,
    rollup_schedule,
)
from reports.tasks import refresh_rollup
from tests.support.celery_broker import celery_broker
from tests.support.factories import (
    CaseFactory,
    InspectionFactory,
    PduFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def kq(doc: dict, code: str) -> dict:
    return next(
        k
        for s in doc["standards"]
        for k in s.get("key_questions", []) + s.get("prompts", [])
        if k["code"] == code
    )


def answered(inspection, n: int, yes: int, code: str = "2.2.1", status=CaseStatus.SUBMITTED):
    item = Item.objects.get(framework=inspection.framework, code=code)
    for i in range(n):
        case = CaseFactory(inspection=inspection, status=status)
        Answer.objects.create(case=case, item=item, value="yes" if i < yes else "no")


def test_counts_are_sums_over_cases_never_averages_of_percentages(framework):
    region = RegionFactory(name="Sums")
    small = InspectionFactory(pdu=PduFactory(region=region))
    large = InspectionFactory(pdu=PduFactory(region=region))
    answered(small, 2, yes=2)  # 100%
    answered(large, 8, yes=2)  # 25%
    answered(large, 3, yes=3, status=CaseStatus.DRAFT)  # not counted
    doc = rollup_build(framework=framework, region=region)
    row = kq(doc, "2.2.1")
    # 4 of 10 = 40% (an average of the two percentages would say 62.5%)
    assert (row["yes"], row["relevant"], row["percent"], row["rating"]) == (
        4,
        10,
        40.0,
        "inadequate",
    )
    assert doc["cases_counted"] == 10


def test_national_spans_regions_and_a_region_only_its_own(framework):
    north, south = RegionFactory(name="North"), RegionFactory(name="South")
    a = InspectionFactory(pdu=PduFactory(region=north))
    b = InspectionFactory(pdu=PduFactory(region=south))
    InspectionFactory(pdu=PduFactory(region=south))  # no counted cases: not in the scope
    answered(a, 3, yes=1)
    answered(b, 5, yes=5)
    national = rollup_build(framework=framework)
    assert national["scope"]["kind"] == "national" and national["scope"]["region"] is None
    assert national["scope"]["inspections"] == sorted([a.pk, b.pk])
    assert kq(national, "2.2.1")["yes"] == 6 and national["cases_counted"] == 8
    assert kq(rollup_build(framework=framework, region=north), "2.2.1")["yes"] == 1


def _grow(framework, regions: int, per_region: int, cases: int) -> None:
    for r in range(regions):
        region = RegionFactory(name=f"Grow {r}")
        for _ in range(per_region):
            answered(InspectionFactory(pdu=PduFactory(region=region)), cases, yes=cases // 2)


def test_the_roll_up_job_runs_a_fixed_number_of_queries(framework):
    _grow(framework, 1, 1, 2)
    national = rollup_row(framework=framework)
    with CaptureQueriesContext(connection) as cold:
        refresh_rollup.run(national.pk)
    with CaptureQueriesContext(connection) as small:
        refresh_rollup.run(national.pk)
    _grow(framework, 3, 4, 6)
    with CaptureQueriesContext(connection) as large:
        outcome = refresh_rollup.run(national.pk)
    assert outcome == {"rollup": national.pk, "state": "done", "cases_counted": 74}
    # 1 UPDATE the row to running   2 SAVEPOINT (BEGIN, unlogged, in production)
    # 3 the row locked FOR UPDATE, with its framework and region   4 counted cases by
    # inspection   5 every counted answer of the scope grouped by item, value and counted-as
    # 6 UPDATE the stored document, state done   7 RELEASE SAVEPOINT
    assert len(small.captured_queries) == len(large.captured_queries) == 7
    # the first in a process also reads the framework's items, standards and declared
    # attributes, and keeps them
    assert len(cold.captured_queries) == 7 + 3
    assert Rollup.objects.get(pk=national.pk).document["scope"]["inspections"]


def test_aggregation_queues_a_debounced_refresh_of_region_and_national(
    inspection, django_capture_on_commit_callbacks
):
    answered(inspection, 2, yes=1)
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_refresh(inspection=inspection)
    rows = {r.kind: r for r in Rollup.objects.filter(framework=inspection.framework)}
    assert rows["region"].region_id == inspection.pdu.region_id
    assert {r.state for r in rows.values()} == {"done"}  # eager: the refresh ran on commit
    assert kq(rows["national"].document, "2.2.1")["yes"] == 1

    # debounce: while a refresh waits in the queue, asking again queues nothing more
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = rollup_schedule(framework=inspection.framework, region=inspection.pdu.region)
        again = rollup_schedule(framework=inspection.framework, region=inspection.pdu.region)
    assert first.pk == again.pk and again.state == "queued" and len(callbacks) == 1


def test_a_refresh_queued_too_long_ago_is_taken_as_lost_and_queued_again(
    inspection, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from reports.services.rollups import QUEUED_STALE_SECONDS

    lost = timezone.now() - timedelta(seconds=QUEUED_STALE_SECONDS + 1)
    Rollup.objects.create(
        kind="national", framework=inspection.framework, state="queued", requested_at=lost
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rollup = rollup_schedule(framework=inspection.framework)
    assert len(callbacks) == 1 and rollup.requested_at > lost
    assert Rollup.objects.get(pk=rollup.pk).requested_at > lost


def test_a_failed_refresh_is_recorded_and_keeps_the_stored_document(inspection):
    answered(inspection, 2, yes=1)
    rollup = rollup_refresh(rollup=rollup_row(framework=inspection.framework))
    stored = rollup.document
    FrameworkVersion.objects.filter(pk=inspection.framework_id).update(
        case_bands=[{"min_percent": 50, "rating": "good"}]  # no band at 0: scoring refuses
    )
    failed = rollup_run(rollup_id=rollup.pk)
    assert failed.state == "failed" and "band with min_percent 0" in failed.message
    assert Rollup.objects.get(pk=rollup.pk).document == stored


def test_broker_down_the_refresh_is_not_queued(inspection, django_capture_on_commit_callbacks):
    with (
        celery_broker("redis://127.0.0.1:6390/0"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rollup_schedule(framework=inspection.framework)
    rollup = Rollup.objects.get(kind="national", framework=inspection.framework)
    assert (rollup.state, rollup.message) == ("not_queued", NOT_QUEUED_MESSAGE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--framework", "nope"], "no framework with code 'nope'"),
        (["--framework", "hmip-pdu-2021", "--framework-version", "9"], "has no version 9"),
        (["--framework", "hmip-pdu-2021", "--region", "Atlantis"], "no region named 'Atlantis'"),
        (["--framework", "hmip-pdu-2021", "--region", "Empty"], "has no inspections on"),
    ],
)
def test_rollup_command_refuses_bad_input_with_one_line(framework, args, message):
    RegionFactory(name="Empty")
    with pytest.raises(CommandError, match=message):
        call_command("rollup", *args, stdout=StringIO())
    assert not Rollup.objects.exists()
