"""Display rows for the dashboard, read from the results snapshot (formatting only).

The same helpers format the draft report (`reports.rendering.context`), so page and report
show the same figures. Nothing here computes a share or a rating.
"""

from collections.abc import Mapping
from typing import Any

from inspection.attributes import CaseAttribute, value_label
from inspection.labels import rating_label
from inspection.models import Inspection, Item, Standard, StandardRating
from reports.models import ResultsSnapshot
from reports.rendering.context import build_sections
from reports.rendering.labels import attribute_label, count_label, percent_label
from reports.rendering.sections import Section


def dashboard_sections(*, inspection: Inspection, snapshot: ResultsSnapshot) -> list[Section]:
    framework = inspection.framework
    return build_sections(
        document=snapshot.document,
        inspection=inspection,
        standards=Standard.objects.filter(framework=framework),
        items=Item.objects.filter(framework=framework).select_related("parent"),
        ratings=StandardRating.objects.filter(inspection=inspection).select_related("standard"),
    )


def band_marks(inspection: Inspection) -> list[dict[str, Any]]:
    """The case band thresholds above zero, for chart markers and the table twin."""
    bands = sorted(inspection.framework.case_bands, key=lambda b: b["min_percent"])
    return [
        {"percent": b["min_percent"], "label": rating_label(b["rating"])}
        for b in bands
        if b["min_percent"] > 0
    ]


def breakdown_tables(
    breakdowns: dict[str, Any], declared: Mapping[str, CaseAttribute] | None = None
) -> list[dict[str, Any]]:
    """One table per breakdown field: a row per group, a cell per case-rated standard showing its
    lowest key question (the driver) with count and computed rating. Labels of attributes and
    values are the framework's declarations (`declared`)."""
    tables = []
    for field, groups in breakdowns.items():
        if not groups:
            continue
        heads = [
            {"code": s["code"], "title": s["title"]}
            for s in groups[0]["standards"]
            if s["rated_from"] == "cases"
        ]
        rows = []
        for g in groups:
            cells = []
            for s in g["standards"]:
                if s["rated_from"] != "cases":
                    continue
                driver = next((k for k in s["key_questions"] if k["code"] == s["driver"]), None)
                cells.append(
                    {
                        "item": driver["code"] if driver else None,
                        "percent": percent_label(driver["percent"]) if driver else "–",
                        "count": count_label(driver) if driver else "no relevant cases",
                        "rating": rating_label(s["computed_rating"]) if driver else "",
                    }
                )
            rows.append(
                {
                    "group": g["group"],
                    "group_label": value_label(field, g["group"], declared),
                    "cases": g["cases"],
                    "cells": cells,
                }
            )
        tables.append(
            {
                "field": field,
                "label": attribute_label(field, declared),
                "heads": heads,
                "rows": rows,
            }
        )
    return tables


def diff_rows(changes: list[dict[str, Any]]) -> list[dict[str, str]]:
    def show(v: Any) -> str:
        return "–" if v is None else str(v).replace("_", " ")

    return [
        {"what": c["what"], "before": show(c["before"]), "after": show(c["after"])} for c in changes
    ]
