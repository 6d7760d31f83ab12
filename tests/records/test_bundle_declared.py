"""Bundles of a format-2 framework: cases carry declared attributes under "attributes", checked
against the declaration; the export writes them back, so a bundle survives the round trip."""

import json

import pytest

from casework.models import Case
from inspection.declared import attributes_of
from records.selectors.bundle import bundle_export
from records.services.bundle import bundle_import
from records.services.bundle_format import BundleError
from tests.support.declared_data import AUDIT, framework_loaded

pytestmark = pytest.mark.django_db


def audit_bundle(*cases: dict) -> dict:
    return {
        "format": "inspection-bundle/1",
        "framework": "casefile-audit-test",
        "inspection": {
            "pdu": "Audit PDU",
            "region": "Audit region",
            "fieldwork_start": "2025-03-03",
            "fieldwork_end": "2025-03-07",
            "cohort_windows": [{"start": "2025-01-06", "end": "2025-01-31"}],
        },
        "cases": list(cases),
    }


def case(ref: str, attributes: dict | None = None, **answers: str) -> dict:
    row = {"ref": ref, "start_date": "2025-01-07", "status": "submitted", "answers": answers}
    if attributes is not None:
        row["attributes"] = attributes
    return row


@pytest.fixture(autouse=True)
def audit_framework():
    return framework_loaded(AUDIT)


def test_a_bundle_with_attributes_round_trips():
    bundle = audit_bundle(
        case("A1", {"tier": 3, "victim_contact": True, "team": "North"}, **{"A1.2": "good"}),
        case("A2", {"tier": 1}, **{"A2.1": "inadequate"}),
    )
    inspection = bundle_import(data=json.loads(json.dumps(bundle)))
    stored = {
        c.ref: attributes_of(c)
        for c in Case.objects.select_related("inspection__framework").filter(inspection=inspection)
    }
    assert stored == {
        "A1": {"tier": 3, "victim_contact": True, "team": "North"},
        "A2": {"tier": 1, "victim_contact": None, "team": None},
    }
    exported = bundle_export(inspection=inspection)
    assert [c["attributes"] for c in exported["cases"]] == [
        {"tier": 3, "victim_contact": True, "team": "North"},
        {"tier": 1},
    ]
    assert not {"case_type", "rosh", "gender"} & set(exported["cases"][0])
    again = bundle_import(data=json.loads(json.dumps(exported)))
    assert bundle_export(inspection=again)["cases"] == exported["cases"]


def test_attribute_values_are_checked_type_strictly_and_every_problem_reported():
    bundle = audit_bundle(
        case("A1", {"tier": "3", "victim_contact": 1, "team": 7, "colour": "red"}),
        case("A2", {"victim_contact": False}),
        {**case("A3", {"tier": 2}), "case_type": "community"},
    )
    with pytest.raises(BundleError) as error:
        bundle_import(data=bundle)
    assert error.value.problems == [
        'case A1: attributes.tier: "3" is not one of 1, 2, 3, 0',
        "case A1: attributes.victim_contact: 1 is not one of true, false",
        "case A1: attributes.team: must be text",
        "case A1: attributes: 'colour' is not an attribute of casefile-audit-test",
        "case A2: attributes.tier: a known value is required",
        "case A3: case_type is not an attribute of framework casefile-audit-test",
    ]
    assert not Case.objects.exists()


def test_an_answer_on_an_item_the_known_attribute_excludes_is_refused_and_unknown_is_implied():
    bundle = audit_bundle(case("A1", {"tier": 3, "victim_contact": False}, **{"A1.2": "good"}))
    with pytest.raises(BundleError) as error:
        bundle_import(data=bundle)
    assert error.value.problems == [
        "case A1: A1.2 does not apply to this case (victim_contact is False); use 'na'"
    ]
    inspection = bundle_import(data=audit_bundle(case("A1", {"tier": 3}, **{"A1.2": "good"})))
    imported = Case.objects.select_related("inspection__framework").get(inspection=inspection)
    assert imported.attributes == {"tier": 3, "victim_contact": True}
