"""Calibration: the example report (Leicester, Leicestershire and Rutland, Feb 2023) rebuilt as
102 cases gives back every figure the report publishes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from records.services.bundle import bundle_import
from tests.support.calibration import calibration_bundle

# Key question -> the report's "Percentage 'Yes'" (whole per cent, as printed)
REPORT_PERCENTAGES = {
    "2.1.1": 5,
    "2.2.1": 57,
    "2.2.2": 49,
    "2.2.3": 31,
    "2.3.1": 50,
    "2.3.2": 52,
    "2.3.3": 40,
    "2.4.1": 57,
    "2.4.2": 40,
    "2.4.3": 43,
    "2.5.1": 61,
    "2.5.2": 55,
    "2.5.3": 44,
    "2.6.1": 39,
}
REPORT_RATINGS = {
    "1.1": "inadequate",
    "1.2": "inadequate",
    "1.3": "requires_improvement",
    "1.4": "requires_improvement",
    "2.1": "inadequate",
    "2.2": "inadequate",
    "2.3": "inadequate",
    "2.4": "inadequate",
    "2.5": "inadequate",
}
# "in 45 out of 95 relevant cases" and the report's other prompt-level counts: code -> (yes, relevant)
REPORT_PROMPTS = {
    "2.1.1.b": (3, 19),  # domestic abuse enquiries not made in 16 out of 19
    "2.1.1.c": (4, 15),  # safeguarding enquiries in four out of 15
    "2.2.3.a": (37, 96),  # failure to identify and analyse risk of harm in 59 out of 96
    "2.2.3.c": (45, 95),
    "2.3.3.a": (40, 93),
    "2.3.3.d": (34, 93),
    "2.4.3.c": (36, 62),
    "2.5.3.a": (29, 77),  # 48 out of 77 failed to identify and address changes
}


@pytest.fixture
def results(framework) -> dict:
    """Import the calibration bundle, then aggregate through the command, as a user would."""
    inspection = bundle_import(data=calibration_bundle())
    out = StringIO()
    call_command("aggregate", str(inspection.pk), "--json", stdout=out)
    return json.loads(out.getvalue())


def items(results: dict) -> dict[str, dict]:
    return {
        row["code"]: row
        for s in results["standards"]
        for row in s.get("key_questions", []) + s.get("prompts", [])
    }


def test_calibration_counts_102_cases(results):
    assert results["cases_counted"] == 102


@pytest.mark.parametrize(("code", "percent"), REPORT_PERCENTAGES.items())
def test_key_question_percentages_match_the_report(results, code, percent):
    assert round(items(results)[code]["percent"]) == percent


def test_court_work_is_one_of_nineteen(results):
    row = items(results)["2.1.1"]
    assert (row["yes"], row["relevant"]) == (1, 19)


@pytest.mark.parametrize(("code", "rating"), REPORT_RATINGS.items())
def test_every_standard_rating_matches_the_report(results, code, rating):
    standard = next(s for s in results["standards"] if s["code"] == code)
    assert standard["rating"] == rating


def test_lowest_key_questions_drive_the_ratings(results):
    drivers = {s["code"]: s.get("driver") for s in results["standards"]}
    assert (
        drivers["2.2"] == "2.2.3"
    )  # "the lowest score out of the three questions was 31 per cent"
    assert drivers["2.3"] == "2.3.3"
    assert drivers["2.4"] == "2.4.2"  # "the lowest area was supporting reducing reoffending"
    assert drivers["2.5"] == "2.5.3"


def test_score_is_two_of_twenty_seven_and_inadequate(results):
    assert results["overall"] == {"score": 2, "max": 27, "rating": "inadequate"}


@pytest.mark.parametrize(("code", "counts"), REPORT_PROMPTS.items())
def test_prompt_level_counts_match_the_report(results, code, counts):
    row = items(results)[code]
    assert (row["yes"], row["relevant"]) == counts


def test_outcomes_are_reported_not_rated(results):
    outcomes = next(s for s in results["standards"] if s["code"] == "2.6")
    assert outcomes["rating"] is None and outcomes["score"] is None
    assert items(results)["2.6.1"]["yes"] == 39 and items(results)["2.6.1"]["relevant"] == 100


def test_management_oversight_insufficient_ineffective_or_absent_is_74_percent(results):
    row = items(results)["MO.1"]
    assert round(100 * row["no"] / row["relevant"]) == 74
