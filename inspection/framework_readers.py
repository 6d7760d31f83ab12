"""The readers `inspection.framework_file` uses for the parts both formats share: unknown keys,
a format-1 answer list, an item's `applies_to`, and the rating bands (`case_bands`,
`overall_bands`).

Pure: no database. Each reader appends its problems to the caller's list, so that a file's every
problem is reported at once.
"""

from collections.abc import Mapping
from typing import Any

from inspection.attributes import CaseAttribute
from inspection.framework_format2 import NOT_RATED


def unknown_keys(keys: Any, allowed: set[str], where: str, problems: list[str]) -> None:
    for key in sorted(set(keys) - allowed):
        problems.append(f"{where}: unknown key {key!r}")


def answers_read(value: Any, where: str, problems: list[str]) -> list[str] | None:
    if not isinstance(value, list) or len(value) < 2:
        problems.append(f"{where}: answers must be a list of at least two values")
        return None
    if not all(isinstance(v, str) and v for v in value):
        problems.append(f"{where}: every answer must be a non-empty string (quote yes/no in YAML)")
        return None
    if len(set(value)) != len(value):
        problems.append(f"{where}: answers repeat a value")
        return None
    return value


def applies_to_read(
    value: Any, where: str, problems: list[str], attributes: Mapping[str, CaseAttribute]
) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: applies_to must be a mapping of case attribute to values")
        return {}
    for attr, allowed in value.items():
        attribute = attributes.get(attr)
        if attribute is None:
            problems.append(f"{where}: applies_to names unknown case attribute {attr!r}")
        elif not isinstance(allowed, list) or not allowed:
            problems.append(f"{where}: applies_to.{attr} must be a non-empty list")
        else:
            for v in allowed:
                if not attribute.accepts(v):
                    choices = ", ".join(str(c).lower() for c in attribute.values)
                    problems.append(f"{where}: applies_to.{attr}: {v!r} is not one of {choices}")
    return value


def not_rated_reserved(
    scores: Any,
    case_bands: list[dict[str, Any]],
    overall_bands: list[dict[str, Any]] | None,
    problems: list[str],
) -> None:
    named = {b["rating"] for b in case_bands} | {b["rating"] for b in overall_bands or []}
    if NOT_RATED in named | set(scores or {}):
        problems.append(f"{NOT_RATED!r} cannot be a rating in bands or scores: it means no rating")


def bands_read(
    data: dict[str, Any], problems: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
    case_bands = data.get("case_bands")
    parsed: list[dict[str, Any]] = []
    if not isinstance(case_bands, list) or not case_bands:
        problems.append("case_bands: a non-empty list is required")
    else:
        for i, band in enumerate(case_bands):
            if not isinstance(band, dict) or set(band) != {"min_percent", "rating"}:
                problems.append(f"case_bands[{i}]: needs exactly min_percent and rating")
                continue
            m = band["min_percent"]
            if not isinstance(m, (int, float)) or isinstance(m, bool) or not 0 <= m <= 100:
                problems.append(f"case_bands[{i}]: min_percent must be a number from 0 to 100")
                continue
            parsed.append({"min_percent": m, "rating": str(band["rating"])})
        mins = [b["min_percent"] for b in parsed]
        if parsed and 0 not in mins:
            problems.append("case_bands: no band starts at 0, so low shares have no rating (gap)")
        if len(set(mins)) != len(mins):
            problems.append("case_bands: two bands share a min_percent")
    overall = data.get("overall_bands")
    overall_parsed: list[dict[str, Any]] | None = None
    if overall is not None:
        overall_parsed = []
        if not isinstance(overall, list) or not overall:
            problems.append("overall_bands: must be a non-empty list when given")
        else:
            for i, band in enumerate(overall):
                if not isinstance(band, dict) or set(band) != {"min_score", "rating"}:
                    problems.append(f"overall_bands[{i}]: needs exactly min_score and rating")
                    continue
                if not isinstance(band["min_score"], int) or band["min_score"] < 0:
                    problems.append(f"overall_bands[{i}]: min_score must be a whole number >= 0")
                    continue
                overall_parsed.append(
                    {"min_score": band["min_score"], "rating": str(band["rating"])}
                )
            mins = [b["min_score"] for b in overall_parsed]
            if overall_parsed and 0 not in mins:
                problems.append("overall_bands: no band starts at 0 (gap)")
            if len(set(mins)) != len(mins):
                problems.append("overall_bands: two bands share a min_score")
    parsed.sort(key=lambda b: -b["min_percent"])
    if overall_parsed is not None:
        overall_parsed.sort(key=lambda b: -b["min_score"])
    return parsed, overall_parsed
