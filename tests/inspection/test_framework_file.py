"""Framework files: validation reports every problem at once; loading is idempotent."""

import copy
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspection.framework_file import FrameworkFileError, framework_parse, framework_read
from inspection.models import FrameworkVersion, Item, Standard
from tests.support.yaml_files import yaml_dump, yaml_load

SHIPPED = Path(__file__).resolve().parents[2] / "inspection" / "frameworks" / "hmip-pdu-2021.yaml"


def shipped_doc() -> dict:
    return yaml_load(SHIPPED.read_text())


def test_shipped_framework_has_nine_rated_standards_and_pinned_codes():
    doc = framework_read(SHIPPED)
    standards = {s["code"]: s for d in doc["domains"] for s in d["standards"]}
    rated = [c for c, s in standards.items() if s["rated_from"] != "none"]
    assert rated == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5"]
    assert {"2.6", "R", "MO"} <= standards.keys()
    codes = {
        item["code"]
        for s in standards.values()
        for kq in s["key_questions"]
        for item in [kq, *kq["prompts"]]
    }
    pinned = {f"2.1.1.{c}" for c in "abcdefghi"} | {
        "2.2.3.a",
        "2.2.3.b",
        "2.2.3.c",
        "2.3.3.a",
        "2.3.3.b",
        "2.3.3.c",
        "2.3.3.d",
        "2.4.3.c",
        "2.5.3.a",
        "2.5.3.b",
        "2.6.1",
        "R.1",
        "R.2",
        "R.3",
    }
    assert pinned <= codes
    for code in ("2.2", "2.3", "2.4", "2.5"):
        kqs = standards[code]["key_questions"]
        assert [kq["code"] for kq in kqs] == [f"{code}.1", f"{code}.2", f"{code}.3"]
        assert all(3 <= len(kq["prompts"]) <= 5 for kq in kqs)


def test_key_question_wording_matches_the_example_report():
    doc = framework_read(SHIPPED)
    texts = {
        kq["code"]: kq["text"]
        for d in doc["domains"]
        for s in d["standards"]
        for kq in s["key_questions"]
    }
    report = Path(__file__).resolve().parents[3] / "shared" / "domain" / "example-pdu-report.txt"
    if report.exists():  # the report sits beside the repository in the workplace and in CI
        body = report.read_text()
        for code in ("2.1.1", "2.2.1", "2.2.2", "2.2.3", "2.3.1", "2.3.3", "2.4.1", "2.5.3"):
            assert texts[code] in body, code
    assert texts["2.2.3"] == "Does assessment focus sufficiently on keeping other people safe?"


def test_management_oversight_has_its_own_answer_set():
    doc = framework_read(SHIPPED)
    mo = next(s for d in doc["domains"] for s in d["standards"] if s["code"] == "MO")
    assert mo["key_questions"][0]["answers"] == [
        "sufficient",
        "insufficient",
        "ineffective",
        "absent",
        "na",
    ]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(case_bands=[{"min_percent": 50, "rating": "good"}]), "gap"),
        (lambda d: d["scores"].pop("good"), "'good' is named in the bands but has no score"),
        (lambda d: d.update(format="inspection-framework/9"), "format must be"),
        (lambda d: d.update(colour="blue"), "unknown key 'colour'"),
        (lambda d: d["interval"].update(method="wald"), "only 'wilson'"),
        (
            lambda d: d["domains"][1]["standards"][1]["key_questions"][0].update(code="2.2.2"),
            "code '2.2.2' is used twice",
        ),
        (
            lambda d: d["domains"][1]["standards"][0].update(rated_from="vibes"),
            "rated_from must be",
        ),
    ],
)
def test_invalid_framework_names_the_problem(mutate, expected):
    doc = shipped_doc()
    mutate(doc)
    with pytest.raises(FrameworkFileError) as exc:
        framework_parse(doc)
    assert any(expected in p for p in exc.value.problems), exc.value.problems


def test_every_problem_is_reported_at_once():
    doc = shipped_doc()
    doc["scores"].pop("good")
    doc["colour"] = "blue"
    doc["case_bands"] = [{"min_percent": 50, "rating": "good"}]
    with pytest.raises(FrameworkFileError) as exc:
        framework_parse(doc)
    assert len(exc.value.problems) >= 3


@pytest.mark.django_db
def test_migrate_loaded_the_shipped_framework():
    version = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    assert version.items.count() == Item.objects.filter(framework=version).count() > 60
    assert Standard.objects.get(framework=version, code="2.6").rated_from == "none"
    assert Item.objects.get(framework=version, code="2.1.1").applies_to == {
        "pre_sentence_info": [True]
    }


@pytest.mark.django_db
def test_load_framework_is_idempotent_and_updates_texts(tmp_path):
    out = StringIO()
    call_command("load_framework", str(SHIPPED), stdout=out)
    n = Item.objects.count()
    assert out.getvalue().strip() == f"framework hmip-pdu-2021 {n} items"
    doc = shipped_doc()
    doc["domains"][1]["standards"][1]["key_questions"][0]["hint"] = "A new hint"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml_dump(doc))
    call_command("load_framework", str(changed), stdout=StringIO())
    assert Item.objects.count() == n
    assert Item.objects.get(code="2.2.1").hint == "A new hint"


@pytest.mark.django_db
def test_structural_change_to_a_framework_in_use_is_refused(tmp_path, inspection):
    doc = copy.deepcopy(shipped_doc())
    doc["domains"][1]["standards"][1]["key_questions"][0]["prompts"].pop()
    path = tmp_path / "fewer.yaml"
    path.write_text(yaml_dump(doc))
    with pytest.raises(CommandError, match="new version number"):
        call_command("load_framework", str(path), stdout=StringIO())
    assert Item.objects.filter(code="2.2.1.c").exists()


@pytest.mark.django_db
def test_load_framework_refuses_a_broken_file_and_writes_nothing(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: inspection-framework/1\ncode: x\ndomains: [\n")
    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("load_framework", str(path))
    assert not FrameworkVersion.objects.filter(code="x").exists()
