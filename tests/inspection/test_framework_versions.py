"""Framework files as people type them (YAML 1.2), and versions that stay immutable once used."""

import ast
import importlib
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspection.framework_file import framework_parse, yaml_load
from inspection.models import FrameworkVersion, Item
from tests.support.factories import InspectionFactory

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "inspection" / "frameworks" / "hmip-pdu-2021.yaml"
# The contract lives beside the repository (shared/spec); docs/spec keeps a copy for a checkout
# on its own. When both are here they must be the same text.
SPEC_SOURCE = ROOT.parent / "shared" / "spec" / "INTERCHANGE.md"
SPEC_COPY = ROOT / "docs" / "spec" / "INTERCHANGE.md"


def spec_text() -> str:
    if SPEC_SOURCE.exists():
        assert SPEC_COPY.read_text() == SPEC_SOURCE.read_text(), "docs/spec is out of date"
    return SPEC_COPY.read_text()


def spec_framework_yaml(fmt: int = 1) -> str:
    """A framework example (format 1 or 2) exactly as INTERCHANGE.md prints it."""
    blocks = re.findall(r"```yaml\n(.*?)```", spec_text(), re.S)
    found = [b for b in blocks if b.startswith(f"format: inspection-framework/{fmt}\n")]
    assert len(found) == 1, f"INTERCHANGE.md has {len(found)} format-{fmt} examples"
    return found[0]


def spec_format2_yaml() -> str:
    """The format-2 example as printed, its three elisions ("case_bands: [...]  # as format 1",
    "scores: {...}", "overall_bands: [...]") filled with the format-1 example's values, the
    only values the spec's "as format 1" can mean. Nothing else is changed."""
    text = spec_framework_yaml(2)
    one = yaml_load(spec_framework_yaml(1))
    for key, elided in (("case_bands", "[...]"), ("scores", "{...}"), ("overall_bands", "[...]")):
        line = re.search(rf"^{key}: {re.escape(elided)} .*$", text, re.M)
        assert line, f"the format-2 example no longer elides {key}"
        text = text.replace(line.group(0), f"{key}: {json.dumps(one[key])}")
    assert "..." not in text
    return text


def test_the_spec_framework_example_loads_verbatim(tmp_path):
    text = spec_framework_yaml()
    assert "answers: [yes, no, na]" in text  # unquoted, as printed
    doc = framework_parse(yaml_load(text))
    assert doc["answers"] == ["yes", "no", "na"]
    kq = doc["domains"][1]["standards"][0]["key_questions"][0]
    assert (kq["code"], kq["answers"]) == ("2.2.3", ["yes", "no", "na"])
    assert doc["overall_bands"][0] == {"min_score": 23, "rating": "outstanding"}


@pytest.mark.django_db
def test_load_framework_loads_the_spec_example_file(tmp_path):
    path = tmp_path / "spec-example.yaml"
    path.write_text(spec_framework_yaml())
    out = StringIO()
    call_command("load_framework", str(path), stdout=out)
    assert out.getvalue().strip() == "framework hmip-pdu-2021 2 items"
    version = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    assert version.answers == ["yes", "no", "na"]
    assert Item.objects.get(framework=version, code="2.2.3.a").answers == ["yes", "no", "na"]


def test_yaml_1_2_scalars_are_strings_and_only_true_false_are_booleans():
    text = "a: [yes, no, on, off, y, n, Yes, NO]\nb: [true, false]\nc: '1.1'\nd: 1.1\n"
    assert yaml_load(text) == {
        "a": ["yes", "no", "on", "off", "y", "n", "Yes", "NO"],
        "b": [True, False],
        "c": "1.1",
        "d": 1.1,
    }


def test_applies_to_values_are_checked_against_the_attribute_registry():
    doc = yaml_load(SHIPPED.read_text())
    kq = doc["domains"][1]["standards"][0]["key_questions"][0]
    kq["applies_to"] = {"pre_sentence_info": ["yes"], "case_type": ["licnce"]}
    with pytest.raises(ValueError) as raised:
        framework_parse(doc)
    problems = raised.value.problems
    assert "item 2.1.1: applies_to.pre_sentence_info: 'yes' is not one of true, false" in problems
    assert any("applies_to.case_type: 'licnce' is not one of" in p for p in problems)


def _shipped_with(tmp_path, change) -> Path:
    doc = yaml_load(SHIPPED.read_text())
    change(doc)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(doc))
    return path


def _kq(doc, code):
    return next(
        kq
        for d in doc["domains"]
        for s in d["standards"]
        for kq in s["key_questions"]
        if kq["code"] == code
    )


STRUCTURE_CHANGES = {
    "applies_to": lambda d: _kq(d, "2.1.1").update(applies_to={"case_type": ["community"]}),
    "case bands": lambda d: d["case_bands"][0].update(min_percent=85),
    "scores": lambda d: d["scores"].update(good=3),
    "overall bands": lambda d: d["overall_bands"][1].update(min_score=15),
    "answer set": lambda d: _kq(d, "2.2.1").update(answers=["yes", "no"]),
    "interval": lambda d: d["interval"].update(confidence=0.9),
}


@pytest.mark.django_db
@pytest.mark.parametrize("what", list(STRUCTURE_CHANGES))
def test_a_version_in_use_refuses_a_change_of_structure(tmp_path, what):
    InspectionFactory()
    before = list(Item.objects.values_list("code", "applies_to", "answers").order_by("order"))
    bands = FrameworkVersion.objects.get(code="hmip-pdu-2021").case_bands
    path = _shipped_with(tmp_path, STRUCTURE_CHANGES[what])
    with pytest.raises(CommandError, match="load it as a new version number"):
        call_command("load_framework", str(path), stdout=StringIO())
    assert list(Item.objects.values_list("code", "applies_to", "answers").order_by("order")) == (
        before
    )
    assert FrameworkVersion.objects.get(code="hmip-pdu-2021").case_bands == bands


@pytest.mark.django_db
def test_a_version_in_use_takes_new_wording_in_place(tmp_path):
    InspectionFactory()
    path = _shipped_with(tmp_path, lambda d: _kq(d, "2.2.1").update(text="Reworded?"))
    call_command("load_framework", str(path), stdout=StringIO())
    assert Item.objects.get(code="2.2.1").text == "Reworded?"


@pytest.mark.django_db
def test_an_unused_version_may_still_change_its_structure(tmp_path):
    path = _shipped_with(tmp_path, STRUCTURE_CHANGES["applies_to"])
    call_command("load_framework", str(path), stdout=StringIO())
    assert Item.objects.get(code="2.1.1").applies_to == {"case_type": ["community"]}
    # the prompt keeps its own rule, merged with its key question's new one
    assert Item.objects.get(code="2.1.1.b").applies_to == {
        "case_type": ["community"],
        "pre_sentence_info": [True],
    }


MIGRATION = "inspection.migrations.0002_load_shipped_framework"


def test_the_shipped_framework_migration_is_frozen():
    """It imports nothing of the project (the standard library reads its JSON file): its data and
    loader are its own copies."""
    module = importlib.import_module(MIGRATION)
    tree = ast.parse(Path(module.__file__).read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {"django.db", "json", "pathlib"}
    frozen = module.framework()
    assert frozen["code"] == "hmip-pdu-2021" and frozen["version"] == 1


@pytest.mark.django_db
def test_the_migrated_rows_are_the_migrations_own_data():
    frozen = importlib.import_module(MIGRATION).framework()
    items = {
        i["code"]: i
        for d in frozen["domains"]
        for s in d["standards"]
        for kq in s["key_questions"]
        for i in [kq, *kq["prompts"]]
    }
    version = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    stored = {i.code: (i.text, i.answers, i.applies_to) for i in version.items.all()}
    assert stored == {c: (i["text"], i["answers"], i["applies_to"]) for c, i in items.items()}
    assert version.case_bands == frozen["case_bands"] and version.scores == frozen["scores"]
