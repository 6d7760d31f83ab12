"""Aggregation: grouped counts from the database, one results service, idempotent snapshots."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import Answer, CaseStatus
from inspection.framework_file import framework_read
from inspection.models import Inspection, Item
from inspection.services.frameworks import SHIPPED_FRAMEWORK, framework_load
from reports.models import ResultsSnapshot
from reports.services.results import results_build, snapshot_refresh
from reports.tasks import aggregate_inspection
from tests.support.factories import CaseFactory, InspectionFactory

pytestmark = pytest.mark.django_db

FRAMEWORKS_DIR = Path(__file__).resolve().parents[2] / "inspection" / "frameworks"


def answer(case, code: str, value: str, evidence: str = "") -> Answer:
    item = Item.objects.get(framework=case.inspection.framework, code=code)
    return Answer.objects.create(case=case, item=item, value=value, evidence=evidence)


def kq(doc: dict, code: str) -> dict:
    standard = code.rsplit(".", 1)[0] if code.count(".") == 2 else code.split(".")[0]
    s = next(s for s in doc["standards"] if s["code"] == standard)
    return next(k for k in s["key_questions"] + s.get("prompts", []) if k["code"] == code)


def populate(inspection, n: int) -> None:
    for i in range(n):
        case = CaseFactory(inspection=inspection, status=CaseStatus.SUBMITTED)
        answer(case, "2.2.1", "yes" if i % 2 else "no")
        answer(case, "2.2.3", "yes" if i % 3 == 0 else "no")
        answer(case, "2.2.3.a", "na")


def populate_varied(inspection, n: int) -> None:
    """Cases spread over every breakdown group (more groups means more FILTER counts, not more
    queries)."""
    for i in range(n):
        case = CaseFactory(
            inspection=inspection,
            status=CaseStatus.SIGNED_OFF if i % 2 else CaseStatus.SUBMITTED,
            rosh=["low", "medium", "high", "very_high"][i % 4],
            case_type=["community", "suspended", "licence", "pss"][i % 4],
            gender=["male", "female", "other", "unknown"][i % 3],
            ethnicity=f"group {i % 7}",
            age_band=["18-25", "26-49", "50+", ""][i % 4],
            pre_sentence_info=[True, False, None][i % 3],
        )
        answer(case, "2.1.1", "yes" if i % 2 else "no")
        answer(case, "R.1", "no")
        answer(case, "MO.1", "absent")


def test_query_count_does_not_grow_with_cases(inspection):
    populate(inspection, 3)
    with CaptureQueriesContext(connection) as cold:
        results_build(inspection=inspection)
    with CaptureQueriesContext(connection) as small:
        results_build(inspection=inspection)
    populate(inspection, 30)
    populate_varied(inspection, 40)
    with CaptureQueriesContext(connection) as large:
        doc = results_build(inspection=inspection)
    assert doc["cases_counted"] == 73
    # counted cases, grouped answers, standard ratings; the first count in a process also reads
    # the framework's items, standards and declared attributes, which it then keeps (see
    # test_framework_plan_*)
    assert len(large.captured_queries) == len(small.captured_queries) == 3
    assert len(cold.captured_queries) == 6


def test_framework_plan_is_read_once_per_load_of_the_version(inspection):
    populate(inspection, 3)
    results_build(inspection=inspection)
    with CaptureQueriesContext(connection) as kept:
        results_build(inspection=inspection)
    # Loading the framework file again saves the version (a new load time): its items and
    # standards are read afresh, so a title the load changed shows at once.
    doc = framework_read(FRAMEWORKS_DIR / SHIPPED_FRAMEWORK)
    standard = next(s for d in doc["domains"] for s in d["standards"] if s["code"] == "2.2")
    standard["title"] = "Planning, renamed"
    framework_load(doc=doc)
    inspection = Inspection.objects.select_related("framework").get(pk=inspection.pk)
    with CaptureQueriesContext(connection) as reloaded:
        document = results_build(inspection=inspection)
    assert len(reloaded.captured_queries) == len(kept.captured_queries) + 3  # + declarations
    assert next(s for s in document["standards"] if s["code"] == "2.2")["title"] == (
        "Planning, renamed"
    )


def test_aggregate_runs_a_fixed_number_of_queries(inspection):
    """What the Celery task and `aggregate` run: results, breakdowns and the stored snapshot."""
    populate(inspection, 3)
    with CaptureQueriesContext(connection) as first:
        aggregate_inspection.run(inspection.pk)
    populate(inspection, 30)
    populate_varied(inspection, 40)
    with CaptureQueriesContext(connection) as rerun:
        outcome = aggregate_inspection.run(inspection.pk)
    assert outcome["cases_counted"] == 73
    # 1 the inspection with its framework (the task)   2 SAVEPOINT (the test's transaction; a
    # BEGIN, unlogged, in production)   3 the inspection locked FOR UPDATE, with its region
    # 4 counted cases by breakdown group   5 answers grouped by item, value and counted-as, with
    # one FILTER count per breakdown group   6 standard ratings   7 the latest snapshot's id
    # 8 its INSERT (first run) or UPDATE (rerun)   9 RELEASE SAVEPOINT
    # (the first run in a process also reads the framework's items, standards and declared
    # attributes, then keeps them; the roll-up refresh is queued once the transaction commits:
    # see test_rollups.py)
    assert len(rerun.captured_queries) == 9
    assert len(first.captured_queries) == 9 + 3
    # one count per group: rosh 4, case type 4, gender 3, ethnicity 8 (7 + white), age band 4
    assert rerun.captured_queries[4]["sql"].count("FILTER (WHERE") == 23


def test_only_submitted_and_signed_off_cases_count(inspection):
    for status in CaseStatus.values:
        answer(CaseFactory(inspection=inspection, status=status), "2.2.1", "yes")
    doc = results_build(inspection=inspection)
    assert doc["cases_counted"] == 2
    assert kq(doc, "2.2.1")["yes"] == 2


def test_na_and_unanswered_are_outside_the_denominator(inspection):
    cases = [CaseFactory(inspection=inspection, status=CaseStatus.SUBMITTED) for _ in range(5)]
    answer(cases[0], "2.2.3", "yes")
    answer(cases[1], "2.2.3", "no")
    answer(cases[2], "2.2.3", "na")
    answer(cases[3], "2.2.3", "", evidence="typed before answering")  # unanswered
    doc = results_build(inspection=inspection)
    row = kq(doc, "2.2.3")
    assert (row["yes"], row["no"], row["na"], row["relevant"], row["percent"]) == (1, 1, 1, 2, 50.0)


def test_answer_on_an_item_that_does_not_apply_counts_as_not_applicable(inspection):
    case = CaseFactory(inspection=inspection, status=CaseStatus.SUBMITTED, pre_sentence_info=False)
    answer(case, "2.1.1", "yes")
    other = CaseFactory(inspection=inspection, status=CaseStatus.SUBMITTED, pre_sentence_info=True)
    answer(other, "2.1.1", "no")
    row = kq(results_build(inspection=inspection), "2.1.1")
    assert (row["yes"], row["no"], row["na"]) == (0, 1, 1)


def test_own_answer_set_counts_its_first_value_as_positive(inspection):
    for value in ["sufficient", "insufficient", "absent", "ineffective", "na"]:
        answer(CaseFactory(inspection=inspection, status=CaseStatus.SIGNED_OFF), "MO.1", value)
    row = kq(results_build(inspection=inspection), "MO.1")
    assert (row["yes"], row["no"], row["na"]) == (1, 3, 1)
    assert row["answers"] == {
        "sufficient": 1,
        "insufficient": 1,
        "ineffective": 1,
        "absent": 1,
        "na": 1,
    }


def test_other_inspections_do_not_leak_into_counts(inspection):
    answer(CaseFactory(inspection=inspection, status=CaseStatus.SUBMITTED), "2.2.1", "yes")
    answer(CaseFactory(inspection=InspectionFactory(), status=CaseStatus.SUBMITTED), "2.2.1", "no")
    assert kq(results_build(inspection=inspection), "2.2.1")["no"] == 0


def test_task_rerun_overwrites_one_latest_snapshot(inspection):
    populate(inspection, 4)
    first = aggregate_inspection.run(inspection.pk)
    answer(CaseFactory(inspection=inspection, status=CaseStatus.SUBMITTED), "2.2.1", "yes")
    second = aggregate_inspection.run(inspection.pk)
    assert first["snapshot"] == second["snapshot"]
    assert ResultsSnapshot.objects.filter(inspection=inspection).count() == 1
    snapshot = ResultsSnapshot.objects.get()
    assert snapshot.cases_counted == 5 == snapshot.document["cases_counted"]
    assert snapshot.document == results_build(inspection=inspection)


def test_snapshot_refresh_does_not_touch_frozen_copies(inspection):
    populate(inspection, 2)
    latest = snapshot_refresh(inspection=inspection)
    frozen = ResultsSnapshot.objects.create(
        inspection=inspection,
        kind="frozen",
        framework_code="hmip-pdu-2021",
        framework_version=1,
        cases_counted=latest.cases_counted,
        document=latest.document,
        computed_at=latest.computed_at,
    )
    populate(inspection, 2)
    snapshot_refresh(inspection=inspection)
    frozen.refresh_from_db()
    assert frozen.cases_counted == 2
    assert ResultsSnapshot.objects.get(inspection=inspection, kind="latest").cases_counted == 4


def test_aggregate_command_prints_the_same_document_as_the_service(inspection):
    populate(inspection, 6)
    out = StringIO()
    call_command("aggregate", str(inspection.pk), "--json", stdout=out)
    assert json.loads(out.getvalue()) == results_build(inspection=inspection)


def test_aggregate_command_without_json_summarises(inspection):
    populate(inspection, 2)
    out = StringIO()
    call_command("aggregate", str(inspection.pk), stdout=out)
    assert "2 cases counted" in out.getvalue()


def test_aggregate_unknown_inspection_fails(db):
    with pytest.raises(CommandError, match="no inspection with id 424242"):
        call_command("aggregate", "424242")
