"""The national overview's content: every inspection on a framework version with its stored
ratings, the distributions of those ratings, and the stored roll-up of the scope. Reads stored
documents only (a fixed number of queries, whatever the number of inspections)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from inspection.models import FrameworkVersion, Inspection, Standard
from inspection.permissions import inspections_for
from reports.rendering.overview import (
    OVERALL,
    distributions,
    overview_rows,
    rating_order,
    rollup_summary,
    row_rating,
)
from reports.rendering.programme import regional_words
from reports.selectors import latest_documents, stored_rollup

# At most this many inspections in one overview: each brings its stored results document (about
# 30 KB), so 500 read in well under a second; past it the page asks for a region or year filter
# before reading any results (docs/limits.md).
OVERVIEW_LIMIT = 500


@dataclass(frozen=True)
class Filters:
    region: int | None = None
    year: int | None = None
    standard: str = ""  # a standard code or "overall", with `rating`: only those inspections
    rating: str = ""


def national_overview(
    *,
    user: User,
    framework: FrameworkVersion,
    inspections: list[Inspection],
    standards: list[Standard],
    filters: Filters,
) -> dict[str, Any]:
    """Three queries: the latest results of the filtered inspections, the ones the user may open,
    and the scope's stored roll-up (none when more than OVERVIEW_LIMIT inspections match)."""
    chosen = [
        i
        for i in inspections
        if filters.region in (None, i.pdu.region_id)
        and filters.year in (None, i.fieldwork_start.year)
    ]
    if len(chosen) > OVERVIEW_LIMIT:
        return {"too_many": len(chosen), "limit": OVERVIEW_LIMIT}
    snapshots = latest_documents(inspection_ids=[i.pk for i in chosen])
    linked = set(inspections_for(user).filter(framework=framework).values_list("pk", flat=True))
    rows = overview_rows(
        inspections=chosen, snapshots=snapshots, standards=standards, linked=linked
    )
    region = next((i.pdu.region for i in chosen if i.pdu.region_id == filters.region), None)
    rollup = stored_rollup(framework=framework, region=region)
    query = {"framework": framework.pk, "region": filters.region, "year": filters.year}
    query = {k: v for k, v in query.items() if v is not None}
    columns, dist = distributions(
        rows=rows, standards=standards, order=rating_order(framework), query=query
    )
    scope = f"{region.name} region" if region else "National"
    words = regional_words(framework)  # "PDU" for probation, "inspection" for other programmes
    shown = rows
    if filters.standard:
        shown = [r for r in rows if row_rating(r, filters.standard) == filters.rating]
    return {
        "rows": shown,
        "all_rows": len(rows),
        "columns": columns,
        "distributions": dist,
        "rollup": rollup_summary(
            rollup=rollup,
            standards=standards,
            scope_name=scope,
            each_own=words["each_own"],
        ),
        "judged_apart": words["judged_apart"],
        "region": region,
        "region_linked": region is not None and any(i.pk in linked for i in chosen),
        "rating_filter": _rating_filter(filters, standards, columns),
        "query": query,
    }


def _rating_filter(
    filters: Filters, standards: list[Standard], columns: list[dict[str, Any]]
) -> str:
    if not filters.standard:
        return ""
    what = "overall" if filters.standard == OVERALL else f"for {filters.standard}"
    title = next((s.title for s in standards if s.code == filters.standard), "")
    label = next((c["label"] for c in columns if c["rating"] == filters.rating), filters.rating)
    return f"rated {label} {what}{f' {title}' if title else ''}"
