"""Format 2 on the framework version: a format-1 file's rows are the ones the migration gave the
shipped framework, and a version in use keeps its declared parts frozen."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspection.framework_file import framework_parse
from inspection.models import FrameworkAttribute, FrameworkVersion, Item, Standard
from inspection.services.frameworks import framework_load
from reports.counting import counted_as
from tests.support.factories import InspectionFactory
from tests.support.yaml_files import yaml_dump, yaml_load

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "inspection" / "frameworks" / "hmip-pdu-2021.yaml"
AUDIT = ROOT / "tests" / "data" / "frameworks" / "casefile-audit-test.yaml"


def _stored(version: FrameworkVersion) -> dict:
    return {
        "version": (
            version.file_format,
            version.answer_scales,
            version.default_scale,
            version.when_not_rated,
            version.sources,
            version.notes,
        ),
        "attributes": [a.declaration() for a in version.attributes.all()],
        "samples": [(s.code, s.title, s.applies_to) for s in version.samples.all()],
        "standards": [
            (s.code, s.sample.code if s.sample else None, s.when_no_cases)
            for s in Standard.objects.filter(framework=version).select_related("sample")
        ],
        "items": [
            (i.code, i.answers, i.scale, i.positive, i.applies_to)
            for i in Item.objects.filter(framework=version).order_by("order")
        ],
    }


def test_the_shipped_format1_file_stores_what_the_migration_gave_the_migrated_version():
    migrated = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    doc = yaml_load(SHIPPED.read_text())
    doc["version"] = 2
    loaded = framework_load(doc=framework_parse(doc))
    assert _stored(loaded) == _stored(migrated)
    assert _stored(migrated)["samples"] == [("cases", "Cases", {})]
    assert FrameworkAttribute.objects.get(framework=migrated, name="pre_sentence_info").values == [
        {"value": True, "label": "Yes"},
        {"value": False, "label": "No"},
    ]


def test_reloading_the_shipped_file_on_a_version_in_use_changes_nothing():
    InspectionFactory()
    version = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    before = _stored(version)
    call_command("load_framework", str(SHIPPED), stdout=StringIO())
    assert _stored(FrameworkVersion.objects.get(pk=version.pk)) == before


def _audit_in_use(tmp_path, change=None) -> Path:
    call_command("load_framework", str(AUDIT), stdout=StringIO())
    InspectionFactory(
        framework=FrameworkVersion.objects.get(code="casefile-audit-test"),
        fieldwork_start=date(2025, 3, 3),
        fieldwork_end=date(2025, 3, 7),
    )
    doc = yaml_load(AUDIT.read_text())
    if change:
        change(doc)
    path = tmp_path / "changed.yaml"
    path.write_text(yaml_dump(doc))
    return path


def _standard(doc, code):
    return next(s for d in doc["domains"] for s in d["standards"] if s["code"] == code)


FROZEN = {
    "attribute values": lambda d: d["attributes"][0]["values"].pop(),
    "attribute unknown": lambda d: d["attributes"][0].update(unknown=[]),
    "attribute breakdown": lambda d: d["attributes"][1].update(breakdown=True),
    "attribute required": lambda d: d["attributes"][0].update(required=False),
    "a new attribute": lambda d: d["attributes"].append({"name": "area", "label": "Area"}),
    "sample applies_to": lambda d: d["samples"][1].update(applies_to={"tier": [1]}),
    "standard sample": lambda d: _standard(d, "A2").update(sample="intensive"),
    "when_no_cases": lambda d: _standard(d, "A3").pop("when_no_cases"),
    "when_not_rated": lambda d: d.update(when_not_rated="exclude"),
    "positive answers": lambda d: d["answer_scales"]["graded"].update(positive=["outstanding"]),
    "item scale": lambda d: (
        d["answer_scales"].update(yes_no={"values": ["yes", "no", "na"], "positive": ["yes"]}),
        _standard(d, "A2")["key_questions"][0].update(scale="yes_no"),
    ),
}


@pytest.mark.parametrize("what", list(FROZEN))
def test_a_version_in_use_refuses_a_change_of_its_declared_parts(tmp_path, what):
    path = _audit_in_use(tmp_path, FROZEN[what])
    version = FrameworkVersion.objects.get(code="casefile-audit-test")
    before = _stored(version)
    with pytest.raises(CommandError, match="load it as a new version number"):
        call_command("load_framework", str(path), stdout=StringIO())
    assert _stored(FrameworkVersion.objects.get(pk=version.pk)) == before


def test_a_version_in_use_takes_new_labels_sources_and_notes_in_place(tmp_path):
    def reword(d):
        d["attributes"][0]["label"] = "Tier of supervision"
        d["attributes"][0]["values"][0]["label"] = "Tier one"
        d["attributes"][1]["question"] = "Is the victim in the scheme?"
        d["samples"][0]["title"] = "Tier 3 cases"
        d["sources"].append({"title": "A second source"})
        d["notes"] = "Reworded notes."

    path = _audit_in_use(tmp_path, reword)
    call_command("load_framework", str(path), stdout=StringIO())
    version = FrameworkVersion.objects.get(code="casefile-audit-test")
    tier, victim, _ = version.attributes.all()
    assert (tier.label, tier.values[0]) == (
        "Tier of supervision",
        {"value": 1, "label": "Tier one"},
    )
    assert victim.question == "Is the victim in the scheme?"
    assert version.samples.get(code="intensive").title == "Tier 3 cases"
    assert [s["title"] for s in version.sources][-1] == "A second source"
    assert version.notes == "Reworded notes."


def test_counting_classifies_a_graded_answer_by_its_scale():
    call_command("load_framework", str(AUDIT), stdout=StringIO())
    item = Item.objects.get(framework__code="casefile-audit-test", code="A2.1")
    assert [counted_as(item, v, False) for v in item.answers] == ["yes", "yes", "no", "no", "na"]
    assert counted_as(item, "outstanding", True) == "na"  # the item does not apply to the case
    shipped = Item.objects.get(framework__code="hmip-pdu-2021", framework__version=1, code="MO.1")
    assert [counted_as(shipped, v, False) for v in shipped.answers] == [
        "yes",
        "no",
        "no",
        "no",
        "na",
    ]
