"""Writing framework versions. Validation lives in `inspection.framework_file` (pure)."""

import json
from typing import Any

from django.apps import apps as global_apps
from django.db import transaction

from inspection.framework_file import FrameworkFileError

SHIPPED_FRAMEWORK = "hmip-pdu-2021.yaml"


def _rows(doc: dict[str, Any]) -> dict[str, Any]:
    """The structure of a framework document: what results depend on. Texts are not in it."""
    rows: dict[str, Any] = {}
    for domain in doc["domains"]:
        for standard in domain["standards"]:
            rows[standard["code"]] = ("standard", domain["code"], standard["rated_from"])
            for kq in standard["key_questions"]:
                for item, parent in [(kq, ""), *((p, kq["code"]) for p in kq["prompts"])]:
                    rows[item["code"]] = (
                        "item", standard["code"], parent, tuple(item["answers"]),
                        json.dumps(item["applies_to"], sort_keys=True),
                    )  # fmt: skip
    return rows


def _structure(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "answer set": doc["answers"],
        "scores": doc["scores"],
        "case bands": doc["case_bands"],
        "overall bands": doc["overall_bands"],
        "interval": [doc["interval"]["method"], doc["interval"]["confidence"]],
        "rows": _rows(doc),
    }


def _stored_structure(version, apps) -> dict[str, Any]:
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    rows: dict[str, Any] = {}
    for s in Standard.objects.filter(framework=version).select_related("domain"):
        rows[s.code] = ("standard", s.domain.code, s.rated_from)
    for i in Item.objects.filter(framework=version).select_related("standard", "parent"):
        parent = i.parent.code if i.parent_id else ""
        rows[i.code] = (
            "item", i.standard.code, parent, tuple(i.answers),
            json.dumps(i.applies_to, sort_keys=True),
        )  # fmt: skip
    return {
        "answer set": version.answers,
        "scores": version.scores,
        "case bands": version.case_bands,
        "overall bands": version.overall_bands,
        "interval": [version.interval_method, version.interval_confidence],
        "rows": rows,
    }


def _changes(stored: dict[str, Any], loaded: dict[str, Any]) -> list[str]:
    """What a file changes in a version's structure, in words ("case bands", "2.1.1")."""
    changed = [name for name in stored if name != "rows" and stored[name] != loaded[name]]
    old, new = stored["rows"], loaded["rows"]
    codes = sorted(code for code in old.keys() | new.keys() if old.get(code) != new.get(code))
    if codes:
        shown = ", ".join(codes[:8]) + (f" and {len(codes) - 8} more" if len(codes) > 8 else "")
        changed.append(f"codes, answer sets or applies_to of {shown}")
    return changed


@transaction.atomic
def framework_load(*, doc: dict[str, Any], apps=global_apps):
    """Create or update the framework version a validated document describes (idempotent).

    Texts (titles, statements, item texts and hints) update in place. Structure — codes, answer
    sets, `applies_to`, how standards are rated, bands, scores and the interval — is what results
    depend on: it may change only while no inspection uses the version; afterwards a changed
    structure is refused and must be loaded as a new version number. `apps` lets a migration run
    this with its historical models.
    """
    FrameworkVersion = apps.get_model("inspection", "FrameworkVersion")
    structure = {
        "answers": doc["answers"],
        "scores": doc["scores"],
        "case_bands": doc["case_bands"],
        "overall_bands": doc["overall_bands"],
        "interval_method": doc["interval"]["method"],
        "interval_confidence": doc["interval"]["confidence"],
    }
    version = FrameworkVersion.objects.filter(code=doc["code"], version=doc["version"]).first()
    if version is None:
        version = FrameworkVersion.objects.create(
            code=doc["code"], version=doc["version"], title=doc["title"], source=doc, **structure
        )
        _create_rows(version, doc, apps)
        return version
    changes = _changes(_stored_structure(version, apps), _structure(doc))
    if changes and version.inspections.exists():
        raise FrameworkFileError(
            [
                f"{doc['code']} v{doc['version']} is used by inspections, and this file changes "
                f"its structure ({'; '.join(changes)}): load it as a new version number"
            ]
        )
    version.title, version.source = doc["title"], doc
    for name, value in structure.items():
        setattr(version, name, value)
    version.save()
    if changes:
        version.items.all().delete()
        version.standards.all().delete()
        version.domains.all().delete()
        _create_rows(version, doc, apps)
    else:
        _update_texts(version, doc, apps)
    return version


def _create_rows(version, doc: dict[str, Any], apps) -> None:
    Domain = apps.get_model("inspection", "Domain")
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
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
                    framework=version, standard=standard, kind="key_question", order=order,
                    **_item_fields(kq),
                )  # fmt: skip
                prompts = []
                for p in kq["prompts"]:
                    order += 1
                    prompts.append(
                        Item(framework=version, standard=standard, parent=parent, kind="prompt",
                             order=order, **_item_fields(p))
                    )  # fmt: skip
                Item.objects.bulk_create(prompts)


def _item_fields(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": item["code"],
        "text": item["text"],
        "hint": item["hint"],
        "answers": item["answers"],
        "applies_to": item["applies_to"],
    }


def _update_texts(version, doc: dict[str, Any], apps) -> None:
    Domain = apps.get_model("inspection", "Domain")
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    for d in doc["domains"]:
        Domain.objects.filter(framework=version, code=d["code"]).update(title=d["title"])
        for s in d["standards"]:
            Standard.objects.filter(framework=version, code=s["code"]).update(
                title=s["title"], statement=s["statement"]
            )
            for kq in s["key_questions"]:
                for item in [kq, *kq["prompts"]]:
                    Item.objects.filter(framework=version, code=item["code"]).update(
                        text=item["text"], hint=item["hint"]
                    )
