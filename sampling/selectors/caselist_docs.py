"""Reads for the case-list columns page: which framework versions' columns it describes, and
each one's columns (docs/caselist.md, "Frameworks that declare their own attributes")."""

from dataclasses import dataclass
from typing import Any

from inspection.attributes import CaseAttribute
from inspection.declared import declared_attributes
from inspection.models import FrameworkVersion
from sampling.caselist import caselist_columns
from sampling.caselist.check import Plan
from sampling.caselist.declared import declared_column_rows


@dataclass(frozen=True)
class FrameworkColumns:
    """One format-2 framework version's case-list columns: the PDU table's columns its case list
    carries (the reference, the start date, the practitioner grade and the PDU attributes it
    declares, required as declared) and one row per other declared attribute."""

    framework: FrameworkVersion
    common: list[dict[str, Any]]
    declared: list[dict[str, str]]


def framework_columns(framework: FrameworkVersion) -> FrameworkColumns:
    attributes: tuple[CaseAttribute, ...] = declared_attributes(framework)
    plan = Plan.of(attributes)
    by_name = {a.name: a for a in attributes}
    common = []
    for column in caselist_columns():
        if column["key"] not in plan.columns:
            continue
        attribute = by_name.get(column["key"])
        if attribute is not None:
            column = {**column, "required": "yes" if attribute.required else "no"}
        common.append(column)
    return FrameworkColumns(framework, common, declared_column_rows(attributes))


def declared_frameworks() -> list[FrameworkColumns]:
    """Every loaded format-2 framework version's columns, by code and version (one query for the
    versions, and one per version the first time this process reads its declarations)."""
    versions = FrameworkVersion.objects.filter(file_format=2).order_by("code", "version")
    return [framework_columns(v) for v in versions]
