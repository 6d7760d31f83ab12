"""The draft report's "compared with the region" lines: for each standard a lead ticked, one
sentence setting the region's figure on the standard's lowest key question beside this PDU's.

The region's figure is read from a stored roll-up, never recomputed: for the latest results the
region's roll-up as stored now; for frozen results the copy kept when they were frozen (a report
built later from frozen results must not change because the region's data did). When there is
no roll-up to read, the line says so instead of leaving the lead's choice silently out.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from inspection.models import Inspection
from reports.benchmarks import items_by_code
from reports.models import FrozenRegionRollup, ResultsSnapshot
from reports.rendering.labels import per_cent
from reports.rendering.programme import regional_words
from reports.rendering.sections import Section
from reports.selectors import region_comparison_codes, stored_rollup


@dataclass(frozen=True)
class RegionFigures:
    """The region's stored roll-up a report compares with (or why there is none)."""

    region: str
    document: dict[str, Any] | None
    inspections_count: int = 0
    computed_at: datetime | None = None
    missing: str = ""


def region_figures(*, inspection: Inspection, snapshot: ResultsSnapshot) -> RegionFigures:
    """The region's roll-up for the report: the frozen copy for frozen results, the stored one
    for the latest results. One query."""
    region = inspection.pdu.region.name
    if snapshot.kind == ResultsSnapshot.Kind.FROZEN:
        kept = FrozenRegionRollup.objects.filter(snapshot=snapshot).first()
        if kept is None:
            return RegionFigures(
                region,
                None,
                missing="no regional roll-up was stored when these results were frozen",
            )
        return RegionFigures(region, kept.document, kept.inspections_count, kept.computed_at)
    rollup = stored_rollup(framework=inspection.framework, region=inspection.pdu.region)
    if rollup is None or rollup.computed_at is None:
        return RegionFigures(region, None, missing="the region's roll-up has not been computed yet")
    return RegionFigures(region, rollup.document, rollup.inspections_count, rollup.computed_at)


def comparison_sentence(section: Section, figures: RegionFigures) -> str:
    """The sentence for one standard (empty when this PDU has no figure to compare)."""
    driver = next((k for k in section.key_questions if k.is_driver), None)
    if driver is None or driver.percent is None:
        return ""
    where = f"the {figures.region} region"
    if figures.document is None:
        return f"A comparison with {where} is not available: {figures.missing}."
    theirs = items_by_code(figures.document).get(driver.code)
    if theirs is None or not theirs["relevant"]:
        return f"Across {where}, no relevant cases have been counted on this key question."
    n = figures.inspections_count
    return (
        f"Across {where}, {per_cent(theirs['percent'])} of relevant cases "
        f"({theirs['yes']:,} of {theirs['relevant']:,}, {n} inspection{'s' if n != 1 else ''}) "
        f"were judged ‘{driver.positive_label}’ on this key question, against "
        f"{per_cent(driver.percent)} here."
    )


def comparisons_apply(
    *, inspection: Inspection, snapshot: ResultsSnapshot, sections: Iterable[Section]
) -> list[str]:
    """Set `comparison` on every ticked case-rated section; return the methodology note to add
    (empty when no line was printed). Two queries when a standard is ticked, one otherwise."""
    codes = set(region_comparison_codes(inspection=inspection))
    ticked = [s for s in sections if s.code in codes and s.rated_from == "cases"]
    if not ticked:
        return []
    figures = region_figures(inspection=inspection, snapshot=snapshot)
    for section in ticked:
        section.comparison = comparison_sentence(section, figures)
    if figures.document is None or not any(s.comparison for s in ticked):
        return []
    included = inspection.pk in figures.document.get("scope", {}).get("inspections", [])
    unit = regional_words(inspection.framework)["unit"]  # "PDU", or "inspection" elsewhere
    when = f" computed on {figures.computed_at:%d %B %Y}" if figures.computed_at else ""
    return [
        f"Comparisons with the region use the {figures.region} region's roll-up{when}: the "
        f"counted cases of its {figures.inspections_count} inspections on this framework version "
        "added up (not an average of their percentages), "
        + (f"this {unit}'s own cases included." if included else f"without this {unit}'s cases.")
    ]
