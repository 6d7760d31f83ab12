"""Framework format 2 (INTERCHANGE.md "Framework format 2"): the spec's example, the youth
framework and a test framework unlike any shipped file load; every rule refuses a bad file with
its own message, all problems at once."""

import copy
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from inspection.framework_file import FrameworkFileError, framework_parse, framework_read
from inspection.models import FrameworkAttribute, FrameworkSample, FrameworkVersion, Item, Standard
from tests.inspection.test_framework_versions import spec_format2_yaml
from tests.support.yaml_files import yaml_load

ROOT = Path(__file__).resolve().parents[2]
YOUTH = ROOT / "inspection" / "frameworks" / "hmip-youth-2021.yaml"
AUDIT = ROOT / "tests" / "data" / "frameworks" / "casefile-audit-test.yaml"


def audit_doc() -> dict:
    return yaml_load(AUDIT.read_text())


def test_the_spec_format2_example_parses_as_written():
    doc = framework_parse(yaml_load(spec_format2_yaml()))
    assert [a["name"] for a in doc["attributes"]] == ["disposal", "age_band", "custody"]
    custody = doc["attributes"][2]
    assert custody["values"] == [{"value": True, "label": "Yes"}, {"value": False, "label": "No"}]
    assert custody["question"] == "Was the child released from custody in the period?"
    assert [s["code"] for s in doc["samples"]] == ["court", "oocd"]
    assert doc["answer_scales"]["graded"]["positive"] == ["outstanding", "good"]
    standard = doc["domains"][0]["standards"][0]
    assert (standard["sample"], standard["when_no_cases"]) == ("court", "not_rated")
    kq = standard["key_questions"][0]
    assert (kq["scale"], kq["positive"]) == ("graded", ["outstanding", "good"])
    assert kq["answers"] == ["outstanding", "good", "requires_improvement", "inadequate", "na"]
    assert doc["when_not_rated"] == "exclude" and len(doc["sources"]) == 1


@pytest.mark.django_db
def test_load_framework_stores_the_spec_format2_example(tmp_path):
    path = tmp_path / "spec-format2.yaml"
    path.write_text(spec_format2_yaml())
    out = StringIO()
    call_command("load_framework", str(path), stdout=out)
    assert out.getvalue().strip() == "framework hmip-youth-2021 1 items"
    version = FrameworkVersion.objects.get(code="hmip-youth-2021", version=1)
    assert version.file_format == 2 and version.default_scale == "yes_no"
    assert version.sources[0]["used_for"] == "standards, key questions"
    disposal = FrameworkAttribute.objects.get(framework=version, name="disposal")
    assert (disposal.breakdown, disposal.required, disposal.max_length) == (True, True, 0)
    court = FrameworkSample.objects.get(framework=version, code="court")
    assert court.applies_to == {"disposal": ["court"]}
    standard = Standard.objects.get(framework=version, code="2.1")
    assert (standard.sample, standard.when_no_cases) == (court, "not_rated")
    item = Item.objects.get(framework=version, code="2.1.1")
    assert (item.scale, item.positive) == ("graded", ["outstanding", "good"])
    assert item.is_positive("good") and not item.is_positive("requires_improvement")


@pytest.mark.django_db
def test_the_youth_framework_loads():
    out = StringIO()
    call_command("load_framework", str(YOUTH), stdout=out)
    version = FrameworkVersion.objects.get(code="hmip-youth-2021", version=1)
    assert version.standards.count() == 13
    assert [s.code for s in version.samples.all()] == ["court", "oocd", "resettlement"]
    resettlement = Standard.objects.get(framework=version, code="4.1")
    assert (resettlement.sample.code, resettlement.when_no_cases) == ("resettlement", "not_rated")
    assert Standard.objects.get(framework=version, code="3.1").sample.code == "oocd"
    assert Standard.objects.get(framework=version, code="1.1").sample is None
    assert version.when_not_rated == "exclude" and "NOT FOUND" in version.notes
    assert [a.name for a in version.attributes.all()] == ["disposal", "oocd_type", "custody"]


@pytest.mark.django_db
def test_the_test_framework_loads_with_integer_and_boolean_values():
    call_command("load_framework", str(AUDIT), stdout=StringIO())
    version = FrameworkVersion.objects.get(code="casefile-audit-test")
    tier, victim, team = version.attributes.all()
    assert [v["value"] for v in tier.values] == [1, 2, 3, 0] and tier.unknown == [0]
    assert [v["value"] for v in victim.values] == [True, False]
    assert (team.values, team.max_length) == ([], 200)  # free text, at most 200 characters
    samples = {s.code: s.applies_to for s in version.samples.all()}
    assert samples == {
        "intensive": {"tier": [3]},
        "standard": {"tier": [1, 2]},
        "victims": {"victim_contact": [True]},
    }
    assert version.when_not_rated == "scale"
    assert set(Item.objects.filter(framework=version).values_list("scale", flat=True)) == {"graded"}
    # a prompt keeps its own scale choice (here the default) and its key question's rule
    assert Item.objects.get(framework=version, code="A1.1.a").applies_to == {}


def _attr(doc, name):
    return next(a for a in doc["attributes"] if a["name"] == name)


def _standard(doc, code):
    return next(s for d in doc["domains"] for s in d["standards"] if s["code"] == code)


RULES = {
    "name": (
        lambda d: _attr(d, "team").update(name="Team"),
        "attribute Team: name must be a lower-case identifier (a-z, 0-9, _; starting with a "
        "letter; at most 40 characters), got 'Team'",
    ),
    "name twice": (
        lambda d: _attr(d, "team").update(name="tier"),
        "attribute tier: name 'tier' is declared twice",
    ),
    "label": (
        lambda d: _attr(d, "team").pop("label"),
        "attribute team: label is required (text of at most 200 characters)",
    ),
    "unknown attribute key": (
        lambda d: _attr(d, "team").update(colour="red"),
        "attribute team: unknown key 'colour'",
    ),
    "value kind": (
        lambda d: _attr(d, "tier")["values"][0].update(value=1.5),
        "attribute tier: values[0]: value must be a string (at most 60 characters), a whole "
        "number or true/false, got 1.5",
    ),
    "value label": (
        lambda d: _attr(d, "tier")["values"][0].pop("label"),
        "attribute tier: values[0] needs exactly value and label",
    ),
    "value twice": (
        lambda d: _attr(d, "tier")["values"][1].update(value=1),
        "attribute tier: value 1 is listed twice",
    ),
    "values mixed": (
        lambda d: _attr(d, "tier")["values"][1].update(value="two"),
        "attribute tier: values mix integer, string: use one kind",
    ),
    "values empty": (
        lambda d: _attr(d, "tier").update(values=[]),
        "attribute tier: values must be a list of 1 to 100 {value, label} (leave values out for "
        "free text)",
    ),
    "unknown values": (
        lambda d: _attr(d, "tier").update(unknown="zero"),
        "attribute tier: unknown must be a list of values that mean 'not known'",
    ),
    "flags": (
        lambda d: _attr(d, "tier").update(required="yes"),
        "attribute tier: required must be true or false",
    ),
    "applies_to undeclared": (
        lambda d: _standard(d, "A2")["key_questions"][0].update(applies_to={"rosh": ["high"]}),
        "item A2.1: applies_to names unknown case attribute 'rosh'",
    ),
    "applies_to value type": (
        lambda d: d["samples"][0].update(applies_to={"tier": ["3"]}),
        "sample intensive: applies_to.tier: '3' is not one of 1, 2, 3, 0",
    ),
    "sample applies_to undeclared": (
        lambda d: d["samples"][2].update(applies_to={"victim": [True]}),
        "sample victims: applies_to names unknown case attribute 'victim'",
    ),
    "samples empty": (
        lambda d: d.update(samples=[]),
        "samples: a non-empty list is required when given",
    ),
    "sample code twice": (
        lambda d: d["samples"][1].update(code="intensive"),
        "sample intensive: code 'intensive' is used twice",
    ),
    "sample title": (
        lambda d: d["samples"][1].pop("title"),
        "sample standard: title is required (at most 200 characters)",
    ),
    "sample required": (
        lambda d: _standard(d, "A2").pop("sample"),
        "standard A2: sample is required on a standard rated from cases when there are several "
        "samples (intensive, standard, victims)",
    ),
    "sample unknown": (
        lambda d: _standard(d, "A2").update(sample="general"),
        "standard A2: sample 'general' is not one of the samples (intensive, standard, victims)",
    ),
    "sample on judgement": (
        lambda d: _standard(d, "B1").update(sample="standard"),
        "standard B1: sample is only for a standard with key questions",
    ),
    "scale positive stray": (
        lambda d: d["answer_scales"]["graded"].update(positive=["excellent"]),
        "answer_scales.graded: positive names ['excellent'], not among its values",
    ),
    "scale na positive": (
        lambda d: d["answer_scales"]["graded"].update(positive=["good", "na"]),
        "answer_scales.graded: na is never positive (it counts in no share)",
    ),
    "scale positive empty": (
        lambda d: d["answer_scales"]["graded"].update(positive=[]),
        "answer_scales.graded: positive must be a non-empty list of its values",
    ),
    "scale values": (
        lambda d: d["answer_scales"]["graded"].update(values=["good"]),
        "answer_scales.graded: values must be a list of at least two different non-empty "
        "strings (quote yes/no in YAML)",
    ),
    "scale name": (
        lambda d: d["answer_scales"].update({"Yes No": {"values": ["y", "n"], "positive": ["y"]}}),
        "answer_scales: a scale name must be a lower-case identifier (a-z, 0-9, _; starting "
        "with a letter; at most 40 characters), got 'Yes No'",
    ),
    "default scale": (
        lambda d: d.update(default_scale="yes_no"),
        "default_scale: 'yes_no' is not one of the answer_scales",
    ),
    "item scale": (
        lambda d: _standard(d, "A2")["key_questions"][0].update(scale="yes_no"),
        "item A2.1: scale 'yes_no' is not one of the answer_scales (graded)",
    ),
    "answers is format 1": (
        lambda d: _standard(d, "A2")["key_questions"][0].update(answers=["a", "b"]),
        "item A2.1: unknown key 'answers'",
    ),
    "when_not_rated": (
        lambda d: d.update(when_not_rated="impute"),
        "when_not_rated must be exclude or scale, got 'impute'",
    ),
    "when_no_cases": (
        lambda d: _standard(d, "A3").update(when_no_cases="skip"),
        "standard A3: when_no_cases must be not_rated or error, got 'skip'",
    ),
    "when_no_cases on judgement": (
        lambda d: _standard(d, "B1").update(when_no_cases="not_rated"),
        "standard B1: when_no_cases is only for a standard rated from cases",
    ),
    "not_rated is no rating": (
        lambda d: d["scores"].update(not_rated=0),
        "'not_rated' cannot be a rating in bands or scores: it means no rating",
    ),
    "sources": (
        lambda d: d.pop("sources"),
        "sources: at least one source is required (title, url, used_for)",
    ),
    "source title": (
        lambda d: d["sources"][0].pop("title"),
        "sources[0]: title is required (at most 2000 characters)",
    ),
    "source key": (
        lambda d: d["sources"][0].update(author="me"),
        "sources[0]: unknown key 'author'",
    ),
    "notes": (
        lambda d: d.update(notes=["a", "list"]),
        "notes: must be text of at most 20000 characters",
    ),
    "format-1 answers": (
        lambda d: d.update(answers=["yes", "no"]),
        "framework: unknown key 'answers'",
    ),
}


@pytest.mark.parametrize("rule", list(RULES))
def test_each_rule_refuses_a_bad_file_with_its_message(rule):
    doc = audit_doc()
    change, message = RULES[rule]
    change(doc)
    with pytest.raises(FrameworkFileError) as raised:
        framework_parse(doc)
    assert message in raised.value.problems, raised.value.problems


def test_every_problem_of_a_format2_file_is_reported_at_once():
    doc = audit_doc()
    chosen = ["name", "sample required", "scale na positive", "when_not_rated", "sources"]
    for rule in chosen:
        RULES[rule][0](doc)
    with pytest.raises(FrameworkFileError) as raised:
        framework_parse(doc)
    assert [RULES[r][1] for r in chosen if RULES[r][1] not in raised.value.problems] == []


def test_samples_default_to_one_called_cases():
    doc = audit_doc()
    doc.pop("samples")
    for standard in (_standard(doc, c) for c in ("A1", "A2", "A3")):
        standard.pop("sample")
    parsed = framework_parse(doc)
    assert parsed["samples"] == [{"code": "cases", "title": "Cases", "applies_to": {}}]
    assert _standard(parsed, "A2")["sample"] == "cases"


def test_a_format1_file_reads_as_format2_with_the_pdu_declarations():
    doc = framework_read(ROOT / "inspection" / "frameworks" / "hmip-pdu-2021.yaml")
    assert [a["name"] for a in doc["attributes"]] == [
        "case_type",
        "rosh",
        "gender",
        "pre_sentence_info",
        "age_band",
        "ethnicity",
    ]
    gender = _attr(doc, "gender")
    assert gender["unknown"] == ["unknown"] and gender["label"] == "Gender"
    assert _attr(doc, "ethnicity")["max_length"] == 60
    assert doc["samples"] == [{"code": "cases", "title": "Cases", "applies_to": {}}]
    assert doc["default_scale"] == "yes_no" and doc["when_not_rated"] == "exclude"
    assert doc["sources"] == [] and doc["notes"] == ""
    mo = _standard(doc, "MO")["key_questions"][0]
    assert mo["positive"] == ["sufficient"]
    assert mo["scale"] == "sufficient/insufficient/ineffective/absent/na"
    assert {s["when_no_cases"] for d in doc["domains"] for s in d["standards"]} == {"error"}


def test_format2_keys_are_unknown_in_a_format1_file():
    doc = yaml_load((ROOT / "inspection" / "frameworks" / "hmip-pdu-2021.yaml").read_text())
    doc["when_not_rated"] = "scale"
    with pytest.raises(FrameworkFileError) as raised:
        framework_parse(copy.deepcopy(doc))
    assert "framework: unknown key 'when_not_rated'" in raised.value.problems
