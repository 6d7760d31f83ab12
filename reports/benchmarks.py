"""Benchmarks: an inspection's figure beside the same figure of a stored roll-up (the region's or
the country's). Pure Python over the stored documents' item dicts — no Django, no recomputing:
every share and interval compared here was stored by the aggregation or the roll-up job.

A PDU's figure "lies outside the comparison's interval" when its stored percent is below the
roll-up figure's stored interval (its lower end) or above it (its upper end); on an end is inside.
The roll-up sums every inspection of its scope, this one's included, so the comparison is with
the region (or country) as a whole, not with the rest of it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ABOVE = "above"
BELOW = "below"
WITHIN = "within"


@dataclass(frozen=True)
class Comparison:
    """One roll-up figure beside this inspection's: the roll-up's own counts and share, and where
    this inspection's share lies against the roll-up's interval (None: nothing to compare)."""

    yes: int
    relevant: int
    percent: float | None
    interval: tuple[float, float] | None
    position: str | None


def position(own_percent: float | None, interval: Iterable[float] | None) -> str | None:
    """ABOVE / BELOW the interval, WITHIN it (ends included), or None when either side has no
    figure (no relevant cases here, or no interval stored for the comparison)."""
    if own_percent is None or not interval:
        return None
    low, high = interval
    if own_percent < low:
        return BELOW
    if own_percent > high:
        return ABOVE
    return WITHIN


def compare(own: Mapping[str, Any] | None, other: Mapping[str, Any] | None) -> Comparison | None:
    """This inspection's item dict against the roll-up's item dict of the same code (None when
    the roll-up has no such item)."""
    if other is None:
        return None
    interval = tuple(other["interval"]) if other.get("interval") else None
    own_percent = own.get("percent") if own else None
    return Comparison(
        yes=other["yes"],
        relevant=other["relevant"],
        percent=other.get("percent"),
        interval=interval,
        position=position(own_percent, interval if other.get("percent") is not None else None),
    )


def items_by_code(document: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """Every key question and prompt of a results document, by code."""
    out: dict[str, Mapping[str, Any]] = {}
    for standard in (document or {}).get("standards", []):
        for item in standard.get("key_questions", []) + standard.get("prompts", []):
            out[item["code"]] = item
    return out
