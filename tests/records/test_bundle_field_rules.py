"""Bundle import meets the case list's field rules and the models' lengths and ranges: every bad
field is a listed problem (page, API and command alike), nothing is written, never a 500."""

import copy
import json

import pytest
from django.urls import reverse

from casework.models import Case
from inspection.models import Inspection
from records.services.bundle import bundle_import
from records.services.bundle_format import BundleError

pytestmark = pytest.mark.django_db
API = "/api/inspections/import/"


def _case(bundle: dict, **fields) -> dict:
    bundle["cases"][0].update(fields)
    return bundle


def _set(path: tuple, value):
    def change(bundle: dict) -> dict:
        target = bundle
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return bundle

    return change


BAD = {
    "ref too long": (
        lambda b: _case(b, ref="R" * 41),
        "case RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR...: ref: Reference must be letters, digits, "
        "spaces and - _ . / (at most 40).",
    ),
    "markup ref": (lambda b: _case(b, ref="<b>C-1</b>"), "case <b>C-1</b>: ref: Reference must"),
    "ref with a newline": (lambda b: _case(b, ref="C-1\n"), "ref: Reference must be letters"),
    "formula ethnicity": (
        lambda b: _case(b, ethnicity='=HYPERLINK("http://x","y")'),
        "case C-0001: ethnicity: Looks like a spreadsheet formula; enter the ethnicity as text.",
    ),
    "command ethnicity": (
        lambda b: _case(b, ethnicity="+cmd|' /C calc'!A0"),
        "ethnicity: Looks like a spreadsheet formula",
    ),
    "ethnicity too long": (
        lambda b: _case(b, ethnicity="e" * 61),
        "case C-0001: ethnicity: Ethnicity is longer than 60 characters.",
    ),
    "age band not a band": (
        lambda b: _case(b, age_band="x" * 30),
        "case C-0001: age_band: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' is not one of 18-25, 26-49, 50+",
    ),
    "practitioner count out of range": (
        lambda b: _case(b, practitioner_count=40_000),
        "case C-0001: practitioner_count: Ensure this value is less than or equal to 32767.",
    ),
    "PDU name too long": (
        _set(("inspection", "pdu"), "P" * 201),
        "inspection.pdu: the name is longer than 200 characters",
    ),
    "region name too long": (
        _set(("inspection", "region"), "R" * 121),
        "inspection.region: the name is longer than 120 characters",
    ),
    "NUL in interview notes": (
        _set(("interviews", 0, "notes"), "a\x00b"),
        "bundle.interviews[0].notes: text contains a NUL character",
    ),
    "NUL in evidence": (
        _set(("cases", 0, "evidence"), {"2.2.1": "\x00"}),
        "bundle.cases[0].evidence.2.2.1: text contains a NUL character",
    ),
    "interview notes not text": (
        _set(("interviews", 0, "notes"), ["a"]),
        "interviews[0]: notes must be text",
    ),
    "interview case_ref not text": (
        _set(("interviews", 0, "case_ref"), ["C-0001"]),
        "interviews[0]: case_ref ['C-0001'] is not a case of this bundle",
    ),
    "framework version as text": (
        _set(("framework_version",), "1"),
        "framework_version: '1' is not a version number",
    ),
    "framework version out of range": (
        _set(("framework_version",), 10**20),
        "framework_version: 100000000000000000000 is not a version number",
    ),
    "framework code not text": (
        _set(("framework",), ["hmip-pdu-2021"]),
        "framework: the framework code (text) is required",
    ),
    "rating not text": (
        _set(("standard_ratings", "1.1"), ["good"]),
        "standard_ratings: 1.1: ['good'] is not one of",
    ),
    "moderation rating not text": (
        _set(("moderations",), {"2.2": {"rating": {"a": 1}, "reason": "r"}}),
        "moderations: 2.2: {'a': 1} is not a rating of the framework",
    ),
}


def _duplicate_ignoring_case(bundle: dict) -> dict:
    twin = copy.deepcopy(bundle["cases"][0])
    twin["ref"] = bundle["cases"][0]["ref"].lower()
    bundle["cases"].append(twin)
    return bundle


BAD["duplicate ref in other letter case"] = (_duplicate_ignoring_case, "duplicate case ref")


@pytest.mark.parametrize("name", BAD)
def test_service_lists_the_problem_and_writes_nothing(name, spec_bundle, framework):
    change, expected = BAD[name]
    with pytest.raises(BundleError) as raised:
        bundle_import(data=change(copy.deepcopy(spec_bundle)))
    assert any(expected in p for p in raised.value.problems), raised.value.problems
    assert not Inspection.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize("name", BAD)
def test_api_answers_400_with_the_problem(name, client, admin_user, spec_bundle, framework):
    change, expected = BAD[name]
    client.force_login(admin_user)
    body = json.dumps(change(copy.deepcopy(spec_bundle)))
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 400
    assert any(expected in p for p in response.json()["problems"])
    assert not Inspection.objects.exists()


def test_page_lists_markup_and_formula_problems_as_text(client, admin_user, spec_bundle, framework):
    bad = _case(copy.deepcopy(spec_bundle), ref="<b>C-1</b>", ethnicity="=1+1")
    client.force_login(admin_user)
    response = client.post(
        reverse("setup:bundle_import"),
        {"file": _file(json.dumps(bad).encode())},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "case &lt;b&gt;C-1&lt;/b&gt;: ref: Reference must be letters" in html
    assert "<b>C-1</b>" not in html
    assert "ethnicity: Looks like a spreadsheet formula" in html
    assert not Inspection.objects.exists()


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bundle.json", content, content_type="application/json")


def test_longest_allowed_values_import(spec_bundle, framework):
    good = _case(
        copy.deepcopy(spec_bundle), ref="R" * 40, ethnicity="e" * 60, practitioner_count=32767
    )
    good["interviews"][0]["case_ref"] = "R" * 40
    good["inspection"]["pdu"], good["inspection"]["region"] = "P" * 200, "R" * 120
    inspection = bundle_import(data=good)
    case = inspection.cases.get()
    assert (case.ref, case.ethnicity, case.practitioner_count) == ("R" * 40, "e" * 60, 32767)
