"""`second_readings` in bundles: checked like answers, imported all or nothing, and an export
then import round-trips them (and the agreement measured on them)."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspection.models import Inspection
from readings.agreement import agreement_document
from readings.models import Reading, ReadingAnswer, Settlement
from readings.selectors.readings import inspection_agreement
from readings.services.settlement import disagreement_settle
from records.services.bundle import bundle_import
from records.services.bundle_format import BundleError
from tests.support.factories import MembershipFactory, UserFactory
from tests.support.readings_data import double_read, items_by_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_readings(spec_bundle) -> dict:
    bundle = copy.deepcopy(spec_bundle)
    bundle["cases"].append(
        {**bundle["cases"][0], "ref": "C-0002", "answers": {"2.2.1": "no", "2.2.3": "yes"}}
    )
    bundle["second_readings"] = [
        {"case_ref": "C-0001", "reader": "inspector2", "answers": {"2.2.1": "yes", "2.2.3": "yes"}},
        {
            "case_ref": "C-0002",
            "reader": "Ann Outside",
            "answers": {"2.2.1": "no"},
            "evidence": {"2.2.1": "No enquiry."},
            "status": "draft",
        },
    ]
    return bundle


def test_spec_example_second_readings_import(with_readings, framework):
    known = UserFactory(username="inspector2")
    inspection = bundle_import(data=with_readings)
    first, second = Reading.objects.order_by("case__ref")
    assert (first.case.ref, first.reader, first.reader_name, first.status) == (
        "C-0001",
        known,
        "",
        "submitted",
    )
    assert (second.reader, second.reader_name, second.status) == (None, "Ann Outside", "draft")
    assert second.answers.get().evidence == "No enquiry."
    # the readers are not put on the team: the bundle says nothing about teams
    assert not inspection.team.filter(user=known).exists()
    # agreement: C-0001 only (C-0002's second reading is a draft): 2.2.1 yes/yes, 2.2.3 no/yes
    doc = agreement_document(inspection.pk, inspection_agreement(inspection))
    assert doc["cases"] == 1 and doc["overall"]["pairs"] == 2 and doc["overall"]["agree"] == 1


BAD = {
    "not a list": (lambda b: b.update(second_readings={}), "second_readings: a list is required"),
    "unknown case": (
        lambda b: b["second_readings"][0].update(case_ref="C-9999"),
        "second_readings[0]: case_ref 'C-9999' is not a case of this bundle",
    ),
    "twice": (
        lambda b: b["second_readings"][1].update(case_ref="C-0001"),
        "second_readings[1]: case C-0001 already has a second reading",
    ),
    "no reader": (
        lambda b: b["second_readings"][0].pop("reader"),
        "second_readings[0]: reader (a username) is required",
    ),
    "bad answer": (
        lambda b: b["second_readings"][0]["answers"].update({"2.2.1": "maybe"}),
        "second_readings[0] (case C-0001): 2.2.1: 'maybe' is not one of yes, no, na",
    ),
    "unknown item": (
        lambda b: b["second_readings"][0]["answers"].update({"9.9": "yes"}),
        "second_readings[0] (case C-0001): answer for unknown item code '9.9'",
    ),
    "unknown key": (
        lambda b: b["second_readings"][0].update(readr="x"),
        "second_readings[0]: unknown key 'readr'",
    ),
    "bad status": (
        lambda b: b["second_readings"][0].update(status="signed_off"),
        "second_readings[0]: status must be one of draft, submitted",
    ),
    "excluded item": (
        lambda b: (
            b["cases"][1].update(pre_sentence_info=False),
            b["second_readings"][1]["answers"].update({"2.1.1": "yes"}),
        ),
        "second_readings[1] (case C-0002): 2.1.1 does not apply to this case",
    ),
    "settling an agreement": (
        lambda b: b["second_readings"][0].update(
            settlements=[{"item": "2.2.1", "outcome": "second", "first": "yes", "value": "yes"}]
        ),
        "second_readings[0].settlements[0]: the second reading does not disagree",
    ),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_second_readings_are_refused_naming_the_problem(with_readings, framework, name):
    change, reason = BAD[name]
    change(with_readings)
    with pytest.raises(BundleError) as exc:
        bundle_import(data=with_readings)
    assert any(p.startswith(reason) for p in exc.value.problems), exc.value.problems
    assert not Inspection.objects.exists() and not Reading.objects.exists()


def test_export_then_import_round_trips_second_readings_and_agreement(tmp_path, inspection, lead):
    reader = MembershipFactory(inspection=inspection, role="inspector", user__username="r2").user
    first_reader = MembershipFactory(inspection=inspection, role="inspector").user
    kw = {"first_reader": first_reader, "second_reader": reader}
    settled = double_read(
        inspection,
        ref="A-1",
        first={"2.2.1": "yes", "MO.1": "sufficient"},
        second={"2.2.1": "no", "MO.1": "absent"},
        **kw,
    )
    double_read(inspection, ref="A-2", first={"2.2.1": "no"}, second={"2.2.1": "no"}, **kw)
    double_read(
        inspection, ref="A-3", first={}, second={"2.2.3": "yes"}, second_status="draft", **kw
    )
    disagreement_settle(
        reading=settled,
        item=items_by_code(inspection)["2.2.1"],
        outcome="second",
        user=lead,
        reason="Risk not analysed.",
    )
    exported = StringIO()
    call_command("export_bundle", str(inspection.pk), stdout=exported)
    bundle = json.loads(exported.getvalue())
    assert bundle["second_readings"][0] == {
        "case_ref": "A-1",
        "reader": "r2",
        "answers": {"2.2.1": "no", "MO.1": "absent"},
        "evidence": {"2.2.1": "second 2.2.1", "MO.1": "second MO.1"},
        "settlements": [
            {
                "item": "2.2.1",
                "outcome": "second",
                "first": "yes",
                "value": "no",
                "reason": "Risk not analysed.",
            },
        ],
    }
    assert bundle["second_readings"][2]["status"] == "draft"
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    out = StringIO()
    call_command("import_bundle", str(path), stdout=out)
    copy_ = Inspection.objects.get(pk=json.loads(out.getvalue())["inspection"])
    again = StringIO()
    call_command("export_bundle", str(copy_.pk), stdout=again)
    assert json.loads(again.getvalue()) == bundle
    # bundles carry no assignees, so only the first readers' names differ (reader_pairs)
    keys = ("cases", "items", "overall", "standards")
    original = agreement_document(0, inspection_agreement(inspection))
    imported = agreement_document(0, inspection_agreement(copy_))
    assert {k: imported[k] for k in keys} == {k: original[k] for k in keys}
    assert original["overall"]["pairs"] == 3
    assert Settlement.objects.filter(reading__case__inspection=copy_).get().first_value == "yes"
    assert ReadingAnswer.objects.filter(reading__case__inspection=copy_).count() == 4


def test_import_command_lists_second_reading_problems(tmp_path, with_readings, framework):
    with_readings["second_readings"][0]["case_ref"] = "C-9999"
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(with_readings))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_bundle", str(path), stderr=err)
    assert "case_ref 'C-9999' is not a case of this bundle" in err.getvalue()
