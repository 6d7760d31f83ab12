"""Load the shipped framework (hmip-pdu-2021 v1) on migrate.

Frozen: this migration carries its own copy of the framework's data, in the JSON file beside it
(as `framework_read` gave it when the migration was written, prompt rules merged with their key
question's), and its own loader over the migration's historical models, so it writes the same rows
forever, whatever later code or `inspection/frameworks/hmip-pdu-2021.yaml` say. Never edit the
JSON file: tests/inspection/test_framework_migration.py checks every row it writes. Later changes
to the shipped framework are new versions, loaded by later migrations or `load_framework`.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def framework() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def load(apps, schema_editor):
    FrameworkVersion = apps.get_model("inspection", "FrameworkVersion")
    Domain = apps.get_model("inspection", "Domain")
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    doc = framework()
    if FrameworkVersion.objects.filter(code=doc["code"], version=doc["version"]).exists():
        return
    version = FrameworkVersion.objects.create(
        code=doc["code"],
        version=doc["version"],
        title=doc["title"],
        answers=doc["answers"],
        scores=doc["scores"],
        case_bands=doc["case_bands"],
        overall_bands=doc["overall_bands"],
        interval_method=doc["interval"]["method"],
        interval_confidence=doc["interval"]["confidence"],
        source=doc,
    )
    order = 0
    for d_order, d in enumerate(doc["domains"]):
        domain = Domain.objects.create(
            framework=version, code=d["code"], title=d["title"], order=d_order
        )
        for s in d["standards"]:
            order += 1
            standard = Standard.objects.create(
                framework=version,
                domain=domain,
                code=s["code"],
                title=s["title"],
                statement=s["statement"],
                rated_from=s["rated_from"],
                order=order,
            )
            for kq in s["key_questions"]:
                order += 1
                parent = Item.objects.create(
                    framework=version,
                    standard=standard,
                    kind="key_question",
                    order=order,
                    code=kq["code"],
                    text=kq["text"],
                    hint=kq["hint"],
                    answers=kq["answers"],
                    applies_to=kq["applies_to"],
                )
                for p in kq["prompts"]:
                    order += 1
                    Item.objects.create(
                        framework=version,
                        standard=standard,
                        parent=parent,
                        kind="prompt",
                        order=order,
                        code=p["code"],
                        text=p["text"],
                        hint=p["hint"],
                        answers=p["answers"],
                        applies_to=p["applies_to"],
                    )


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
