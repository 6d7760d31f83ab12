"""Unknown is not "no": a case that leaves an attribute unknown is still asked the items that
depend on it, an import records what a judged answer shows, and only a known attribute that
excludes an item makes an answer on it an error (INTERCHANGE.md, the bundle)."""

import copy

import pytest
from django.urls import reverse

from casework.models import Answer, Case, answer_token
from casework.services.answer_sheet import AnswerEdit
from casework.services.answers import AttributeEdit, answers_record
from inspection.applicability import rule_applies, rule_excludes, rule_implies, rule_merge
from inspection.models import Item
from records.services.bundle import bundle_import
from records.services.bundle_format import BundleError
from reports.services.results import results_build
from sampling.caselist import caselist_check, caselist_read
from tests.support.calibration import calibration_bundle
from tests.support.caselist_data import HEADER, WINDOW, case_rows, to_csv
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db
COURT = {"pre_sentence_info": [True]}


def item(code: str) -> Item:
    return Item.objects.get(framework__code="hmip-pdu-2021", code=code)


@pytest.mark.parametrize(
    ("attributes", "applies"),
    [
        ({"pre_sentence_info": True}, True),
        ({"pre_sentence_info": None}, True),  # unknown: asked
        ({}, True),
        ({"pre_sentence_info": False}, False),
    ],
)
def test_rule_applies_unless_a_known_value_excludes(attributes, applies):
    assert rule_applies(COURT, attributes) is applies
    assert (rule_excludes(COURT, attributes) == []) is applies


def test_gender_unknown_is_unknown_and_a_single_allowed_value_is_implied():
    rule = {"gender": ["female"], "case_type": ["licence", "pss"]}
    assert rule_applies(rule, {"gender": "unknown", "case_type": "pss"})
    assert not rule_applies(rule, {"gender": "male", "case_type": "pss"})
    # only a one-value rule tells us the attribute's value
    assert rule_implies(rule, {"gender": "unknown", "case_type": None}) == {"gender": "female"}
    assert rule_implies(COURT, {"pre_sentence_info": False}) == {}


def test_prompt_rule_is_merged_with_its_key_question():
    assert rule_merge({"case_type": ["licence", "pss"]}, {"case_type": ["pss", "community"]}) == {
        "case_type": ["pss"]
    }
    assert rule_merge(COURT, {"rosh": ["high"]}) == {**COURT, "rosh": ["high"]}
    # the shipped framework stores prompts with their key question's rule
    assert item("2.1.1.b").applies_to == item("2.1.1").applies_to == COURT


def _without_pre_sentence_info(bundle: dict) -> dict:
    bundle = copy.deepcopy(bundle)
    for case in bundle["cases"]:
        case.pop("pre_sentence_info", None)
    return bundle


def _document(inspection) -> dict:
    document = results_build(inspection=inspection)
    document.pop("inspection")
    return document


def test_a_bundle_without_pre_sentence_info_reproduces_the_example_exactly(framework):
    """The example report's 102 cases with the optional key left out: nothing refused, every
    figure as with it (court work counted from the 19 cases that answered it)."""
    with_it = bundle_import(data=calibration_bundle())
    without = bundle_import(data=_without_pre_sentence_info(calibration_bundle()))
    assert _document(without) == _document(with_it)
    court = next(s for s in _document(without)["standards"] if s["code"] == "2.1")
    assert court["key_questions"][0]["yes"] == 1 and court["key_questions"][0]["relevant"] == 19
    assert court["rating"] == "inadequate"
    # the 19 that judged court work now record that pre-sentence information was given
    cases = Case.objects.filter(inspection=without)
    assert cases.filter(pre_sentence_info=True).count() == 19
    assert cases.filter(pre_sentence_info__isnull=True).count() == 83


def test_import_records_the_attribute_only_from_a_judged_answer(framework, spec_bundle):
    bundle = copy.deepcopy(spec_bundle)
    base = bundle["cases"][0]
    base.pop("pre_sentence_info", None)
    judged = {**copy.deepcopy(base), "ref": "C-0002", "answers": {"2.1.1": "no"}}
    na_only = {**copy.deepcopy(base), "ref": "C-0003", "answers": {"2.1.1": "na"}}
    base["answers"] = {}
    bundle["cases"] = [base, judged, na_only]
    bundle.pop("interviews", None)
    inspection = bundle_import(data=bundle)
    stored = dict(
        Case.objects.filter(inspection=inspection).values_list("ref", "pre_sentence_info")
    )
    assert stored == {base["ref"]: None, "C-0002": True, "C-0003": None}


def test_only_a_known_attribute_that_excludes_makes_an_answer_an_error(framework, spec_bundle):
    bundle = copy.deepcopy(spec_bundle)
    bundle["cases"][0]["pre_sentence_info"] = False
    bundle["cases"][0]["answers"]["2.1.1"] = "yes"
    with pytest.raises(BundleError) as raised:
        bundle_import(data=bundle)
    assert raised.value.problems == [
        "case C-0001: 2.1.1 does not apply to this case (pre_sentence_info is False); use 'na'"
    ]


def test_a_case_list_without_the_column_leaves_pre_sentence_info_unknown():
    dropped = HEADER.index("Pre-sentence information given")
    header = HEADER[:dropped] + HEADER[dropped + 1 :]
    rows = [row[:dropped] + row[dropped + 1 :] for row in case_rows(3)]
    data = to_csv(rows, header=header)
    checked = caselist_check(caselist_read(data, "cases.csv"), [WINDOW])
    assert checked.errors == []
    assert [row["pre_sentence_info"] for row in checked.rows] == [None, None, None]


@pytest.fixture
def unknown_case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector, pre_sentence_info=None)


def _page(client, case, code="2.1") -> dict:
    response = client.get(reverse("cases:standard", args=[case.pk, code]))
    assert response.status_code == 200
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields if not name.startswith("r_")}


def test_court_work_is_asked_when_unknown_with_the_question_to_record_it(
    client, unknown_case, inspector
):
    client.force_login(inspector)
    html = client.get(reverse("cases:standard", args=[unknown_case.pk, "2.1"])).content.decode()
    assert 'name="a_2_1_1"' in html and 'name="a_2_1_1_b"' in html
    assert "Was pre-sentence information given to court?" in html
    form = client.get(reverse("cases:standard", args=[unknown_case.pk, "2.1"])).context["form"]
    assert form["q_pre_sentence_info"].value() == "unknown"


def test_recording_no_makes_court_work_not_applicable_and_keeps_the_evidence(
    client, unknown_case, inspector
):
    client.force_login(inspector)
    url = reverse("cases:standard", args=[unknown_case.pk, "2.1"])
    data = _page(client, unknown_case)
    data |= {"a_2_1_1": "no", "e_2_1_1": "Report was thin.", "action": "save"}
    client.post(url, data)
    unknown_case.refresh_from_db()
    assert unknown_case.pre_sentence_info is True  # a judged answer: it was given

    data = _page(client, unknown_case) | {"q_pre_sentence_info": "no", "action": "save"}
    response = client.post(url, data)
    assert response.status_code == 302
    unknown_case.refresh_from_db()
    assert unknown_case.pre_sentence_info is False
    answer = Answer.objects.get(case=unknown_case, item=item("2.1.1"))
    assert (answer.value, answer.evidence) == ("na", "Report was thin.")
    assert answer.history.first().value == "na" and answer.history.all()[1].value == "no"
    assert unknown_case.history.first().pre_sentence_info is False
    page = client.get(url).content.decode()
    assert 'name="a_2_1_1"' not in page
    assert "Asked only where pre-sentence information was given to court." in page
    assert "set to not applicable: 2.1.1" in page


def test_autosave_records_the_attribute_and_asks_the_page_to_reload(
    client, unknown_case, inspector
):
    client.force_login(inspector)
    url = reverse("cases:standard", args=[unknown_case.pk, "2.1"])
    data = _page(client, unknown_case) | {"q_pre_sentence_info": "no"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "data-cb-reload" in response.content.decode()
    unknown_case.refresh_from_db()
    assert unknown_case.pre_sentence_info is False
    assert unknown_case.version == 2


def test_an_attribute_someone_else_changed_is_not_overwritten(unknown_case, inspector, lead):
    answers_record(
        case=unknown_case,
        user=lead,
        token=1,
        edits=[],
        attributes=[AttributeEdit("pre_sentence_info", True, None)],
    )
    result = answers_record(
        case=unknown_case,
        user=inspector,
        token=1,
        edits=[AnswerEdit(item("2.2.1"), "yes", "", answer_token("", ""))],
        attributes=[AttributeEdit("pre_sentence_info", False, None)],
    )
    unknown_case.refresh_from_db()
    assert unknown_case.pre_sentence_info is True
    assert result.attribute_conflicts == ["pre_sentence_info"]
    assert [i.code for i in result.saved] == ["2.2.1"]
