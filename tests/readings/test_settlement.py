"""Settling disagreements changes the case's answer with history, and the results follow;
agreement is measured on the readings as they were, in the spec's document shape."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from casework.models import Answer
from readings.models import Settlement
from readings.selectors.readings import comparison, inspection_agreement
from readings.services.settlement import disagreement_settle
from reports.models import Job
from reports.services.results import results_build
from tests.support.factories import MembershipFactory
from tests.support.readings_data import double_read, items_by_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(inspection):
    return MembershipFactory(inspection=inspection, role="inspector", user__username="reader2").user


def key_question(results: dict, code: str) -> dict:
    standard = next(s for s in results["standards"] if code.startswith(s["code"] + "."))
    return next(k for k in standard["key_questions"] if k["code"] == code)


def test_second_stands_changes_the_answer_with_history_and_the_results(
    inspection, inspector, reader, lead
):
    reading = double_read(
        inspection,
        first={"2.2.1": "yes", "2.2.2": "no"},
        second={"2.2.1": "no", "2.2.2": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    assert [r.item.code for r in comparison(reading).disagreements] == ["2.2.1"]
    before = key_question(results_build(inspection=inspection), "2.2.1")
    assert (before["yes"], before["no"]) == (1, 0)
    item = items_by_code(inspection)["2.2.1"]
    settlement = disagreement_settle(
        reading=reading, item=item, outcome="second", user=lead, reason="Risk not analysed."
    )
    after = key_question(results_build(inspection=inspection), "2.2.1")
    assert (after["yes"], after["no"]) == (0, 1)
    answer = Answer.objects.get(case=reading.case, item=item)
    assert answer.value == "no" and answer.evidence == "first 2.2.1"  # evidence kept as written
    latest = answer.history.first()
    assert latest.history_user == lead
    assert latest.history_change_reason == (
        "Settled after a second reading: second reading stands. Risk not analysed."
    )
    assert (settlement.first_value, settlement.second_value, settlement.value) == (
        "yes",
        "no",
        "no",
    )
    # the results are told to recompute (the reports app queues an aggregation)
    assert Job.objects.filter(inspection=inspection, kind=Job.Kind.AGGREGATE).exists()
    row = comparison(reading).disagreements[0]
    assert row.state == "Settled" and row.first.value == "no" and row.first_before == "yes"


def test_first_stands_changes_nothing_and_settling_again_restores_the_first(
    inspection, inspector, reader, lead
):
    reading = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    item = items_by_code(inspection)["2.2.1"]
    disagreement_settle(reading=reading, item=item, outcome="first", user=lead)
    assert Answer.objects.get(item=item).value == "yes"
    assert not Job.objects.exists()
    disagreement_settle(
        reading=reading, item=item, outcome="second", user=lead, reason="On reflection."
    )
    with pytest.raises(ValidationError, match="reason"):
        disagreement_settle(reading=reading, item=item, outcome="first", user=lead)
    disagreement_settle(reading=reading, item=item, outcome="first", user=lead, reason="Back.")
    assert Answer.objects.get(item=item).value == "yes"
    settlement = Settlement.objects.get()
    assert settlement.history.count() == 3


def test_a_new_answer_needs_a_reason_and_a_value_of_the_items_set(
    inspection, inspector, reader, lead
):
    reading = double_read(
        inspection,
        first={"MO.1": "sufficient"},
        second={"MO.1": "absent"},
        first_reader=inspector,
        second_reader=reader,
    )
    item = items_by_code(inspection)["MO.1"]
    with pytest.raises(ValidationError, match="reason"):
        disagreement_settle(
            reading=reading, item=item, outcome="new", value="insufficient", user=lead
        )
    with pytest.raises(ValidationError, match="Choose the new answer"):
        disagreement_settle(
            reading=reading, item=item, outcome="new", value="yes", user=lead, reason="x"
        )
    disagreement_settle(
        reading=reading,
        item=item,
        outcome="new",
        value="insufficient",
        user=lead,
        reason="Oversight was there but thin.",
    )
    assert Answer.objects.get(item=item).value == "insufficient"


def test_only_disagreements_of_readings_both_in_are_settled(inspection, inspector, reader, lead):
    items = items_by_code(inspection)
    agreed = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "yes"},
        first_reader=inspector,
        second_reader=reader,
    )
    with pytest.raises(ValidationError, match="do not disagree"):
        disagreement_settle(
            reading=agreed, item=items["2.2.1"], outcome="second", user=lead, reason="x"
        )
    draft = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
        second_status="draft",
    )
    with pytest.raises(ValidationError, match="not been submitted"):
        disagreement_settle(
            reading=draft, item=items["2.2.1"], outcome="second", user=lead, reason="x"
        )
    open_case = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
        status="draft",
    )
    with pytest.raises(ValidationError, match="settle once the first reading"):
        disagreement_settle(
            reading=open_case, item=items["2.2.1"], outcome="second", user=lead, reason="x"
        )
    assert not Settlement.objects.exists()
    assert list(Answer.objects.values_list("value", flat=True)) == ["yes", "yes", "yes"]


def test_agreement_document_from_the_command(inspection, inspector, reader, lead, capsys):
    """Three double-read cases (items both answered are pairs; a blank is not):
    C1 2.2.1 yes/yes, 2.2.2 no/yes            C2 2.2.1 no/no, 2.2.2 yes/yes
    C3 2.2.1 yes/no (settled: second stands), 2.2.2 yes/— (not a pair)
    plus a case whose second reading is a draft, and one whose first reading is a draft: not
    counted.
    2.2.1: pairs 3, agree 2; first yes 2 no 1, second yes 1 no 2; p_e = (2*1 + 1*2)/9 = 4/9;
           kappa = (6/9 - 4/9) / (5/9) = 2/5 = 0.4; 66.67%.
    2.2.2: pairs 2, agree 1; first no 1 yes 1, second yes 2; p_e = (1*2)/4 = 1/2;
           kappa = (1/2 - 1/2) / (1/2) = 0.0; 50.0%.
    overall: 5 pairs, 3 agree; first yes 3 no 2, second yes 3 no 2: p_e = (9 + 4)/25 = 13/25;
           kappa = (15/25 - 13/25) / (12/25) = 1/6 = 0.17; 60.0%."""
    kw = {"first_reader": inspector, "second_reader": reader}
    double_read(
        inspection,
        ref="C1",
        first={"2.2.1": "yes", "2.2.2": "no"},
        second={"2.2.1": "yes", "2.2.2": "yes"},
        **kw,
    )
    double_read(
        inspection,
        ref="C2",
        first={"2.2.1": "no", "2.2.2": "yes"},
        second={"2.2.1": "no", "2.2.2": "yes"},
        **kw,
    )
    c3 = double_read(
        inspection, ref="C3", first={"2.2.1": "yes", "2.2.2": "yes"}, second={"2.2.1": "no"}, **kw
    )
    double_read(
        inspection,
        ref="C4",
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        second_status="draft",
        **kw,
    )
    double_read(
        inspection, ref="C5", first={"2.2.1": "yes"}, second={"2.2.1": "no"}, status="draft", **kw
    )
    disagreement_settle(
        reading=c3,
        item=items_by_code(inspection)["2.2.1"],
        outcome="second",
        user=lead,
        reason="Agreed with the second reader.",
    )
    call_command("agreement", str(inspection.pk), "--json")
    document = json.loads(capsys.readouterr().out)
    assert list(document)[:5] == ["format", "inspection", "cases", "items", "overall"]
    assert {k: document[k] for k in ("format", "inspection", "cases", "items", "overall")} == {
        "format": "inspection-agreement/1",
        "inspection": inspection.pk,
        "cases": 3,
        "items": [
            {"code": "2.2.1", "pairs": 3, "agree": 2, "percent_agreement": 66.67, "kappa": 0.4},
            {"code": "2.2.2", "pairs": 2, "agree": 1, "percent_agreement": 50.0, "kappa": 0.0},
        ],
        "overall": {"pairs": 5, "agree": 3, "percent_agreement": 60.0, "kappa": 0.17},
    }
    assert document["standards"] == [
        {"code": "2.2", "pairs": 5, "agree": 3, "percent_agreement": 60.0, "kappa": 0.17}
    ]
    assert [(p["first_reader"], p["second_reader"]) for p in document["reader_pairs"]] == [
        (inspector.username, "reader2")
    ]
    call_command("agreement", str(inspection.pk))
    assert capsys.readouterr().out.strip() == (
        f"inspection {inspection.pk}: 3 cases, 5 pairs, 3 agree (60.00%), kappa 0.17"
    )
    assert [row.key[0] for row in inspection_agreement(inspection).low_first()] == [
        "2.2.2",
        "2.2.1",
    ]


def test_agreement_with_no_pairs_prints_nulls(inspection, capsys):
    call_command("agreement", str(inspection.pk), "--json")
    document = json.loads(capsys.readouterr().out)
    assert document["cases"] == 0 and document["items"] == []
    assert document["overall"] == {"pairs": 0, "agree": 0, "percent_agreement": None, "kappa": None}


def test_agreement_command_refuses_an_unknown_inspection():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no inspection with id 999999"):
        call_command("agreement", "999999", "--json")


def test_a_reason_over_the_limit_is_refused(inspection, inspector, reader, lead):
    from readings.services.settlement import REASON_MAX

    reading = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    item = items_by_code(inspection)["2.2.1"]
    with pytest.raises(ValidationError, match=f"longer than {REASON_MAX} characters"):
        disagreement_settle(
            reading=reading, item=item, outcome="second", user=lead, reason="x" * (REASON_MAX + 1)
        )
    assert not Settlement.objects.exists()
