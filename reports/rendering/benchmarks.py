"""The dashboard's benchmarks: beside each key question and prompt, the region's and the country's
figure from the stored roll-ups (formatting only; the comparison is `reports.benchmarks`)."""

from collections.abc import Iterable, Mapping
from typing import Any

from inspection.models import Inspection
from reports.benchmarks import ABOVE, BELOW, compare, items_by_code
from reports.models import Rollup
from reports.rendering.labels import percent_label
from reports.rendering.sections import Section

KINDS = (Rollup.Kind.REGION, Rollup.Kind.NATIONAL)
MARKERS = {ABOVE: ("above", "▲"), BELOW: ("below", "▼")}
AGAINST = {
    Rollup.Kind.REGION: "the region's interval",
    Rollup.Kind.NATIONAL: "the national interval",
}


def thousands(n: int) -> str:
    return f"{n:,}"


def benchmark_columns(
    *, inspection: Inspection, rollups: Mapping[str, Rollup]
) -> list[dict[str, Any]]:
    """One column per comparison (the region, then the country): its heading, whether a computed
    roll-up is stored, how many inspections and cases it sums, when it was computed and whether
    it already includes this inspection's cases."""
    columns = []
    for kind in KINDS:
        rollup = rollups.get(kind)
        name = f"{inspection.pdu.region.name} region" if kind == Rollup.Kind.REGION else "National"
        column: dict[str, Any] = {"kind": kind, "name": name, "stored": rollup is not None}
        if rollup is not None:
            scope = rollup.document.get("scope", {})
            column |= {
                "inspections": rollup.inspections_count,
                "cases": thousands(rollup.cases_counted),
                "computed_at": rollup.computed_at,
                "includes_this": inspection.pk in scope.get("inspections", []),
            }
        columns.append(column)
    return columns


def _cell(own_percent: float | None, other: Mapping[str, Any] | None, kind: str) -> dict[str, Any]:
    comparison = compare({"percent": own_percent}, other)
    if comparison is None:
        return {"stored": False}
    marker = MARKERS.get(comparison.position or "")
    return {
        "stored": True,
        "percent_label": percent_label(comparison.percent),
        "count_label": f"{thousands(comparison.yes)} of {thousands(comparison.relevant)}",
        "position": comparison.position,
        "marker": marker[0] if marker else "",
        "arrow": marker[1] if marker else "",
        "against": AGAINST[kind],
    }


def benchmarks_attach(
    *, sections: Iterable[Section], columns: list[dict[str, Any]], rollups: Mapping[str, Rollup]
) -> None:
    """Give every key question and prompt row of the sections one cell per column."""
    figures = {kind: items_by_code(r.document) for kind, r in rollups.items()}
    for section in sections:
        for row in section.key_questions + section.prompts:
            row.benchmarks = [
                _cell(row.percent, figures.get(c["kind"], {}).get(row.code), c["kind"])
                for c in columns
            ]


def benchmark_context(
    *, inspection: Inspection, sections: list[Section], rollups: Mapping[str, Rollup]
) -> dict[str, Any]:
    """What the dashboard shows of its benchmarks: the columns, and a cell per column on every
    key question and prompt of `sections` (attached to their rows)."""
    columns = benchmark_columns(inspection=inspection, rollups=rollups)
    benchmarks_attach(sections=sections, columns=columns, rollups=rollups)
    framework = inspection.framework
    return {
        "benchmarks": columns,
        "kq_columns": 7 + len(columns),  # the key-question table's own seven, then these
        "confidence_label": f"{framework.interval_confidence * 100:g}%",
    }
