"""The demo's youth inspection (`reports/demo_youth.py`, loaded by `load_demo`): both disposal
samples drawn from a case list with the youth attributes, the demo inspector's judgements
counted, and resettlement (4.1) not rated because no case was released from custody."""

import pytest
from django.contrib.auth.models import User

from casework.models import Answer, Case
from inspection.declared import attributes_of
from inspection.models import Inspection, Standard
from reports.demo_youth import YOUTH_UNIT, youth_demo_load
from reports.models import ResultsSnapshot
from sampling.models import CohortRecord, SampleDraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    inspector = User.objects.create_user("demo-inspector")
    lead = User.objects.create_user("demo-lead")
    inspection = youth_demo_load(inspector=inspector, lead=lead)
    return inspection, inspector, lead


def test_the_youth_demo_draws_both_disposal_samples_from_its_case_list(loaded):
    inspection, inspector, _ = loaded
    assert inspection.pdu.name == YOUTH_UNIT
    assert inspection.framework.code == "hmip-youth-2021"
    draws = dict(SampleDraw.objects.filter(inspection=inspection).values_list("sample", "size"))
    assert set(draws) == {"court", "oocd"}  # resettlement has no case to draw
    cases = Case.objects.select_related("inspection__framework").filter(inspection=inspection)
    by_disposal: dict[str, int] = {}
    for case in cases:
        attrs = attributes_of(case)
        assert attrs["custody"] is False
        by_disposal[attrs["disposal"]] = by_disposal.get(attrs["disposal"], 0) + 1
    assert by_disposal == {"court": draws["court"], "oocd": draws["oocd"]}
    assert {c.assigned_to_id for c in cases} == {inspector.pk}
    records = CohortRecord.objects.filter(inspection=inspection)
    assert records.count() > cases.count()  # drawn from a larger case list
    assert all(r.attributes["custody"] is False for r in records)


def test_the_youth_demo_results_count_its_answers_and_leave_resettlement_not_rated(loaded):
    inspection, _, _ = loaded
    assert Standard.objects.get(framework=inspection.framework, code="4.1").when_no_cases == (
        "not_rated"
    )
    document = ResultsSnapshot.objects.filter(inspection=inspection).latest("computed_at").document
    counted = Case.objects.counted().filter(inspection=inspection).count()
    assert 0 < counted < Case.objects.filter(inspection=inspection).count()  # two left in draft
    assert document["cases_counted"] == counted
    ratings = {s["code"]: (s["rating"], s["score"]) for s in document["standards"]}
    assert ratings["4.1"] == ("not_rated", None)
    assert document["overall"]["not_rated"] == ["4.1"]
    rated = [score for code, (_, score) in ratings.items() if code != "4.1"]
    assert None not in rated and document["overall"]["score"] == sum(rated)
    answers = Answer.objects.filter(case__inspection=inspection).exclude(value="")
    assert {"yes", "no"} <= set(answers.values_list("value", flat=True))
    assert not answers.filter(evidence="").exists()


def test_loading_the_youth_demo_again_changes_nothing(loaded):
    inspection, inspector, lead = loaded
    cases = Case.objects.filter(inspection=inspection).count()
    assert youth_demo_load(inspector=inspector, lead=lead) is None
    assert Inspection.objects.filter(pdu__name=YOUTH_UNIT).count() == 1
    assert Case.objects.filter(inspection=inspection).count() == cases


def test_the_inspectors_pages_name_a_youth_case_without_a_dangling_case_type(client, loaded):
    inspection, inspector, _ = loaded
    client.force_login(inspector)
    refs = set(Case.objects.filter(inspection=inspection).values_list("ref", flat=True))
    for address in ("/", "/cases/mine/"):
        html = client.get(address).content.decode()
        assert any(ref in html for ref in refs), address
        assert f"{YOUTH_UNIT} ·" not in html, address  # a youth case has no case type to show
