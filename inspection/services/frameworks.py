"""Writing framework versions. Validation lives in `inspection.framework_file` (pure)."""

from typing import Any

from django.apps import apps as global_apps
from django.db import transaction

from inspection.framework_file import FrameworkFileError

SHIPPED_FRAMEWORK = "hmip-pdu-2021.yaml"


def _structure(doc: dict[str, Any]) -> set[tuple]:
    rows = set()
    for domain in doc["domains"]:
        for standard in domain["standards"]:
            rows.add(("standard", domain["code"], standard["code"], standard["rated_from"]))
            for kq in standard["key_questions"]:
                rows.add(("item", standard["code"], "", kq["code"], tuple(kq["answers"])))
                for p in kq["prompts"]:
                    rows.add(("item", standard["code"], kq["code"], p["code"], tuple(p["answers"])))
    return rows


def _stored_structure(version, apps) -> set[tuple]:
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    rows = set()
    for s in Standard.objects.filter(framework=version).select_related("domain"):
        rows.add(("standard", s.domain.code, s.code, s.rated_from))
    for i in Item.objects.filter(framework=version).select_related("standard", "parent"):
        parent = i.parent.code if i.parent_id else ""
        rows.add(("item", i.standard.code, parent, i.code, tuple(i.answers)))
    return rows


@transaction.atomic
def framework_load(*, doc: dict[str, Any], apps=global_apps):
    """Create or update the framework version a validated document describes (idempotent).

    Texts, hints, statements, bands, scores and interval settings update in place. A change of
    structure (codes, answer sets, ratings source) replaces the version's rows only while no
    inspection uses it; otherwise it is refused: a changed structure needs a new version number.
    `apps` lets the data migration run this with its historical models.
    """
    FrameworkVersion = apps.get_model("inspection", "FrameworkVersion")
    fields = {
        "title": doc["title"],
        "answers": doc["answers"],
        "scores": doc["scores"],
        "case_bands": doc["case_bands"],
        "overall_bands": doc["overall_bands"],
        "interval_method": doc["interval"]["method"],
        "interval_confidence": doc["interval"]["confidence"],
        "source": doc,
    }
    version = FrameworkVersion.objects.filter(code=doc["code"], version=doc["version"]).first()
    if version is None:
        version = FrameworkVersion.objects.create(
            code=doc["code"], version=doc["version"], **fields
        )
        _create_rows(version, doc, apps)
        return version
    for name, value in fields.items():
        setattr(version, name, value)
    version.save()
    if _stored_structure(version, apps) == _structure(doc):
        _update_texts(version, doc, apps)
        return version
    if version.inspections.exists():
        raise FrameworkFileError(
            [
                f"{doc['code']} v{doc['version']} is used by inspections and the file changes its "
                "codes or answer sets: load it as a new version number"
            ]
        )
    version.items.all().delete()
    version.standards.all().delete()
    version.domains.all().delete()
    _create_rows(version, doc, apps)
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
                        text=item["text"], hint=item["hint"], applies_to=item["applies_to"]
                    )
