"""A different framework (no court work, no overall bands, other bands) is data only: no code change."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.support.yaml_files import yaml_dump

pytestmark = pytest.mark.django_db

FRAMEWORK = {
    "format": "inspection-framework/1",
    "code": "dynamic-pp-2025",
    "version": 1,
    "title": "Dynamic public-protection inspection (test)",
    "answers": ["yes", "no", "na"],
    "scores": {"strong": 2, "adequate": 1, "weak": 0},
    "case_bands": [
        {"min_percent": 0, "rating": "weak"},
        {"min_percent": 60, "rating": "adequate"},
        {"min_percent": 75, "rating": "strong"},
    ],
    "interval": {"method": "wilson", "confidence": 0.9},
    "domains": [
        {
            "code": "A",
            "title": "Leadership",
            "standards": [{"code": "A1", "title": "Leaders", "rated_from": "judgement"}],
        },
        {
            "code": "B",
            "title": "Public protection casework",
            "standards": [
                {
                    "code": "B1",
                    "title": "Risk assessment",
                    "rated_from": "cases",
                    "key_questions": [
                        {
                            "code": "B1.1",
                            "text": "Is risk assessed well?",
                            "prompts": [{"code": "B1.1.a", "text": "Were checks made?"}],
                        },
                        {
                            "code": "B1.2",
                            "text": "Are victims considered?",
                            "applies_to": {"case_type": ["licence"]},
                        },
                    ],
                },
                {
                    "code": "B2",
                    "title": "Home visits",
                    "rated_from": "cases",
                    "key_questions": [
                        {
                            "code": "B2.1",
                            "text": "Was a home visit made when needed?",
                            "answers": ["done", "not_done", "na"],
                        },
                    ],
                },
            ],
        },
    ],
}


def load(tmp_path) -> None:
    path = tmp_path / "dynamic.yaml"
    path.write_text(yaml_dump(FRAMEWORK))
    out = StringIO()
    call_command("load_framework", str(path), stdout=out)
    assert out.getvalue().strip() == "framework dynamic-pp-2025 4 items"


def bundle(**extra) -> dict:
    cases = []
    for i in range(10):
        cases.append(
            {
                "ref": f"D-{i}",
                "case_type": "licence" if i < 4 else "community",
                "start_date": "2025-03-03",
                "rosh": "high",
                "answers": {
                    "B1.1": "yes" if i < 7 else "no",  # 70% -> adequate
                    **({"B1.2": "yes" if i < 3 else "no"} if i < 4 else {}),  # 3/4 = 75% strong
                    "B2.1": "done" if i < 8 else "not_done",  # 80% strong
                },
            }
        )
    return {
        "format": "inspection-bundle/1",
        "framework": "dynamic-pp-2025",
        "inspection": {
            "pdu": "Testshire",
            "region": "Test region",
            "fieldwork_start": "2025-06-02",
            "fieldwork_end": "2025-06-06",
            "cohort_windows": [{"start": "2025-03-01", "end": "2025-03-31"}],
        },
        "standard_ratings": {"A1": "strong"},
        "cases": cases,
        **extra,
    }


def aggregate(tmp_path, data: dict) -> dict:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data))
    out = StringIO()
    call_command("import_bundle", str(path), stdout=out)
    inspection_id = json.loads(out.getvalue())["inspection"]
    out = StringIO()
    call_command("aggregate", str(inspection_id), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_second_framework_loads_and_rates_an_inspection(tmp_path):
    load(tmp_path)
    doc = aggregate(tmp_path, bundle(overall_rating="adequate"))
    by_code = {s["code"]: s for s in doc["standards"]}
    assert doc["framework"] == "dynamic-pp-2025"
    assert by_code["B1"]["driver"] == "B1.1"
    assert by_code["B1"]["rating"] == "adequate" and by_code["B1"]["score"] == 1
    assert by_code["B2"]["rating"] == "strong"
    assert by_code["A1"]["rating"] == "strong"
    # no overall bands: the overall rating is the lead's judgement; the score still adds up
    assert doc["overall"] == {"score": 5, "max": 6, "rating": "adequate"}
    assert "2.1" not in by_code


def test_without_an_overall_judgement_the_overall_rating_is_null(tmp_path):
    load(tmp_path)
    doc = aggregate(tmp_path, bundle())
    assert doc["overall"]["rating"] is None
    assert doc["overall"]["score"] == 5


def test_second_framework_refuses_ratings_it_does_not_know(tmp_path):
    load(tmp_path)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle(standard_ratings={"A1": "outstanding"})))
    with pytest.raises(CommandError):
        call_command("import_bundle", str(path), stdout=StringIO(), stderr=StringIO())
