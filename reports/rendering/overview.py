"""The national overview's rows, rating distributions and chart geometry, read from stored
documents (each inspection's latest results, the stored roll-up). Formatting and tallying of
stored ratings only: no share or rating of cases is computed here.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from inspection.labels import NOT_RATED as RULED_NOT_RATED
from inspection.labels import NOT_RATED_REASON, rating_label
from inspection.models import FrameworkVersion, Inspection, Standard

# No rating (yet): not computed, no relevant cases where the framework gives no rating for that,
# domain one not entered. A standard the framework's rule rates "not_rated" (`when_no_cases:
# not_rated`) has a rating: "Not rated", because it had no relevant cases (RULED_NOT_RATED).
NOT_RATED = "none"
OVERALL = "overall"
# Ratings with a colour of their own in the chart; a framework's other ratings share one.
KNOWN = {"inadequate", "requires_improvement", "good", "outstanding", RULED_NOT_RATED, NOT_RATED}


def rating_order(framework: FrameworkVersion) -> list[str]:
    """The framework's ratings from the lowest band to the highest (then any rating only scored)."""
    bands = [b["rating"] for b in sorted(framework.case_bands, key=lambda b: b["min_percent"])]
    scores = framework.scores or {}
    extra = sorted((r for r in scores if r not in bands), key=lambda r: scores[r])
    return list(dict.fromkeys(bands + extra))


def fieldwork_label(inspection: Inspection) -> str:
    """Fieldwork dates, short: '16-20 Nov 2026', '28 Nov - 2 Dec 2022' (with an en dash)."""
    start, end = inspection.fieldwork_start, inspection.fieldwork_end
    if start.year != end.year:
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    if start.day == end.day:
        return f"{end.day} {end:%b %Y}"
    return f"{start.day}–{end.day} {end:%b %Y}"


def _label(rating: str) -> str:
    return "Not yet rated" if rating == NOT_RATED else rating_label(rating)


def _note(rating: str) -> str:
    """Why a rating is what it is, where its label alone would mislead."""
    return NOT_RATED_REASON if rating == RULED_NOT_RATED else ""


def overview_rows(
    *,
    inspections: Iterable[Inspection],
    snapshots: Mapping[int, Any],
    standards: list[Standard],
    linked: set[int],
) -> list[dict[str, Any]]:
    """One row per inspection: its fieldwork, region, each rated standard's final rating, score
    and overall rating from its latest stored results; `linked` says whether the user may open
    its dashboard (only then are its figures links)."""
    rows = []
    for inspection in inspections:
        snapshot = snapshots.get(inspection.pk)
        doc = snapshot.document if snapshot is not None else None
        by_code = {s["code"]: s for s in doc["standards"]} if doc else {}
        cells = []
        for standard in standards:
            rating = (by_code.get(standard.code) or {}).get("rating") or NOT_RATED
            cells.append(
                {
                    "code": standard.code,
                    "rating": rating,
                    "label": _label(rating) if doc else "–",
                    "note": _note(rating) if doc else "",
                    # the standard's row in the ratings table of the results summary
                    "anchor": f"rating-{standard.code}",
                }
            )
        overall = doc["overall"] if doc else {}
        score = overall.get("score")
        rows.append(
            {
                "inspection": inspection,
                "linked": inspection.pk in linked,
                "computed": doc is not None,
                "fieldwork": fieldwork_label(inspection),
                "computed_at": snapshot.computed_at if snapshot is not None else None,
                "cases": snapshot.cases_counted if snapshot is not None else None,
                "cells": cells,
                "score": f"{score}/{overall['max']}" if score is not None else "–",
                "overall": overall.get("rating") or NOT_RATED,
                "overall_label": _label(overall.get("rating") or NOT_RATED) if doc else "–",
            }
        )
    return rows


def row_rating(row: Mapping[str, Any], key: str) -> str:
    """The row's rating of `key` (a standard code, or OVERALL)."""
    if key == OVERALL:
        return row["overall"]
    return next((c["rating"] for c in row["cells"] if c["code"] == key), NOT_RATED)


def distributions(
    *,
    rows: list[Mapping[str, Any]],
    standards: list[Standard],
    order: list[str],
    query: Mapping[str, Any],
) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """How many inspections have each rating, overall and per standard: the columns (ratings,
    lowest first, then "not yet rated") and one row per key with its counts, each count's link
    (the overview filtered to those inspections) and its chart segment (x and width in percent
    of the row's total)."""
    keys = [(OVERALL, "Overall rating")] + [(s.code, f"{s.code} {s.title}") for s in standards]
    seen = {row_rating(r, k) for r in rows for k, _ in keys}
    others = sorted(seen - set(order) - {NOT_RATED, RULED_NOT_RATED})
    ruled = [RULED_NOT_RATED] if RULED_NOT_RATED in seen else []
    ratings = [r for r in order] + others + ruled + [NOT_RATED]
    columns = [
        {"rating": r, "label": _label(r), "note": _note(r), "css": r if r in KNOWN else "other"}
        for r in ratings
    ]
    out = []
    for key, title in keys:
        counts = Counter(row_rating(r, key) for r in rows)
        total = sum(counts.values())
        cells, x = [], 0.0
        for column in columns:
            n = counts.get(column["rating"], 0)
            width = round(100 * n / total, 2) if total else 0.0
            link = urlencode({**query, "standard": key, "rating": column["rating"]})
            cells.append(
                column
                | {"n": n, "x": x, "width": width, "mid": round(x + width / 2, 2), "query": link}
            )
            x = round(x + width, 2)
        out.append({"key": key, "title": title, "total": total, "cells": cells})
    return columns, out


def rollup_summary(
    *, rollup: Any, standards: list[Standard], scope_name: str, each_own: str = "Each PDU's own"
) -> dict[str, Any] | None:
    """The stored roll-up of the overview's scope (the region filtered to, or the country): the
    rating each case-rated standard gets from the summed counts (a judgement-rated one: `each_own`,
    the programme's words). None when none is computed."""
    if rollup is None or rollup.computed_at is None:
        return None
    by_code = {s["code"]: s for s in rollup.document.get("standards", [])}
    cells = []
    for standard in standards:
        doc = by_code.get(standard.code) or {}
        if standard.rated_from != "cases":
            cells.append({"code": standard.code, "label": each_own})
        else:
            cells.append({"code": standard.code, "label": rating_label(doc.get("rating"))})
    return {
        "name": scope_name,
        "inspections": rollup.inspections_count,
        "cases": f"{rollup.cases_counted:,}",
        "computed_at": rollup.computed_at,
        "cells": cells,
    }
