"""Writing framework versions. Validation lives in `inspection.framework_file` (pure)."""

import json
from collections.abc import Iterable
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import transaction

from inspection.framework_file import FrameworkFileError

SHIPPED_FRAMEWORK = "hmip-pdu-2021.yaml"


def _rows(doc: dict[str, Any]) -> dict[str, Any]:
    """The structure of a framework document: what results depend on. Texts are not in it."""
    rows: dict[str, Any] = {}
    for domain in doc["domains"]:
        for standard in domain["standards"]:
            rows[standard["code"]] = (
                "standard",
                domain["code"],
                standard["rated_from"],
                standard["sample"] or "",
                standard["when_no_cases"],
            )
            for kq in standard["key_questions"]:
                for item, parent in [(kq, ""), *((p, kq["code"]) for p in kq["prompts"])]:
                    rows[item["code"]] = _item_row(
                        standard["code"],
                        parent,
                        item["answers"],
                        item["scale"],
                        item["positive"],
                        item["applies_to"],
                    )
    return rows


def _item_row(
    standard: str,
    parent: str,
    answers: Iterable[str],
    scale: str,
    positive: Iterable[str],
    applies_to: Any,
) -> tuple[Any, ...]:
    return (
        "item",
        standard,
        parent,
        tuple(answers),
        scale,
        tuple(positive),
        json.dumps(applies_to, sort_keys=True),
    )


def _attribute_structure(declaration: dict[str, Any]) -> str:
    """What counting reads of a declared attribute (its labels and question are texts)."""
    return json.dumps(
        [
            declaration["name"],
            [v["value"] for v in declaration["values"]],
            declaration["unknown"],
            declaration["breakdown"],
            declaration["required"],
            declaration["max_length"],
        ]
    )


def _structure(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "answer set": doc["answers"],
        "scores": doc["scores"],
        "case bands": doc["case_bands"],
        "overall bands": doc["overall_bands"],
        "interval": [doc["interval"]["method"], doc["interval"]["confidence"]],
        "attributes": [_attribute_structure(a) for a in doc["attributes"]],
        "samples": [
            [s["code"], json.dumps(s["applies_to"], sort_keys=True)] for s in doc["samples"]
        ],
        "answer scales": json.dumps(doc["answer_scales"], sort_keys=True),
        "default scale": doc["default_scale"],
        "when_not_rated": doc["when_not_rated"],
        "rows": _rows(doc),
    }


def _stored_structure(version: Any, apps: Apps) -> dict[str, Any]:
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    FrameworkAttribute = apps.get_model("inspection", "FrameworkAttribute")
    FrameworkSample = apps.get_model("inspection", "FrameworkSample")
    rows: dict[str, Any] = {}
    for s in Standard.objects.filter(framework=version).select_related("domain", "sample"):
        sample = s.sample.code if s.sample is not None else ""
        rows[s.code] = ("standard", s.domain.code, s.rated_from, sample, s.when_no_cases)
    for i in Item.objects.filter(framework=version).select_related("standard", "parent"):
        parent = i.parent.code if i.parent is not None else ""
        rows[i.code] = _item_row(
            i.standard.code, parent, i.answers, i.scale, i.positive, i.applies_to
        )
    attributes = FrameworkAttribute.objects.filter(framework=version).order_by("order")
    samples = FrameworkSample.objects.filter(framework=version).order_by("order")
    return {
        "answer set": version.answers,
        "scores": version.scores,
        "case bands": version.case_bands,
        "overall bands": version.overall_bands,
        "interval": [version.interval_method, version.interval_confidence],
        "attributes": [_attribute_structure(_declaration(a)) for a in attributes],
        "samples": [[s.code, json.dumps(s.applies_to, sort_keys=True)] for s in samples],
        "answer scales": json.dumps(version.answer_scales, sort_keys=True),
        "default scale": version.default_scale,
        "when_not_rated": version.when_not_rated,
        "rows": rows,
    }


def _declaration(a: Any) -> dict[str, Any]:
    # Historical models (a migration's `apps`) have no methods: read the fields here.
    fields = ("name", "label", "values", "unknown", "breakdown", "required", "question", "hint")
    return {**{f: getattr(a, f) for f in fields}, "max_length": a.max_length}


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
def framework_load(*, doc: dict[str, Any], apps: Apps = global_apps) -> Any:
    """Create or update the framework version a validated document describes (idempotent).

    Texts (titles, statements, item texts and hints, attribute and sample labels, sources and
    notes) update in place. Structure — codes, answer sets and scales, `applies_to`, how standards
    are rated and from which sample, bands, scores, the interval, the declared attributes' names,
    values and flags, samples and the not-rated rules — is what results depend on: it may change only while no inspection uses the version; afterwards a changed
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
        "answer_scales": doc["answer_scales"],
        "default_scale": doc["default_scale"],
        "when_not_rated": doc["when_not_rated"],
    }
    texts = {
        "title": doc["title"],
        "source": doc,
        "file_format": 2 if doc["format"].endswith("/2") else 1,
        "sources": doc["sources"],
        "notes": doc["notes"],
    }
    version = FrameworkVersion.objects.filter(code=doc["code"], version=doc["version"]).first()
    if version is None:
        version = FrameworkVersion.objects.create(
            code=doc["code"], version=doc["version"], **texts, **structure
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
    for name, value in {**texts, **structure}.items():
        setattr(version, name, value)
    version.save()
    if changes:
        for model in ("Item", "Standard", "Domain", "FrameworkSample", "FrameworkAttribute"):
            apps.get_model("inspection", model).objects.filter(framework=version).delete()
        _create_rows(version, doc, apps)
    else:
        _update_texts(version, doc, apps)
    return version


def _create_rows(version: Any, doc: dict[str, Any], apps: Apps) -> None:
    Domain = apps.get_model("inspection", "Domain")
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    FrameworkAttribute = apps.get_model("inspection", "FrameworkAttribute")
    FrameworkSample = apps.get_model("inspection", "FrameworkSample")
    FrameworkAttribute.objects.bulk_create(
        FrameworkAttribute(framework=version, order=n, **declaration)
        for n, declaration in enumerate(doc["attributes"])
    )
    samples = {
        s["code"]: FrameworkSample.objects.create(framework=version, order=n, **s)
        for n, s in enumerate(doc["samples"])
    }
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
                sample=samples.get(s["sample"] or ""),
                when_no_cases=s["when_no_cases"],
                order=order,
            )
            for kq in s["key_questions"]:
                order += 1
                parent = Item.objects.create(
                    framework=version,
                    standard=standard,
                    kind="key_question",
                    order=order,
                    **_item_fields(kq),
                )
                prompts = []
                for p in kq["prompts"]:
                    order += 1
                    prompts.append(
                        Item(
                            framework=version,
                            standard=standard,
                            parent=parent,
                            kind="prompt",
                            order=order,
                            **_item_fields(p),
                        )
                    )
                Item.objects.bulk_create(prompts)


def _item_fields(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": item["code"],
        "text": item["text"],
        "hint": item["hint"],
        "answers": item["answers"],
        "scale": item["scale"],
        "positive": item["positive"],
        "applies_to": item["applies_to"],
    }


def _update_texts(version: Any, doc: dict[str, Any], apps: Apps) -> None:
    Domain = apps.get_model("inspection", "Domain")
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    FrameworkAttribute = apps.get_model("inspection", "FrameworkAttribute")
    FrameworkSample = apps.get_model("inspection", "FrameworkSample")
    for a in doc["attributes"]:
        FrameworkAttribute.objects.filter(framework=version, name=a["name"]).update(
            label=a["label"], values=a["values"], question=a["question"], hint=a["hint"]
        )
    for s in doc["samples"]:
        FrameworkSample.objects.filter(framework=version, code=s["code"]).update(title=s["title"])
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
