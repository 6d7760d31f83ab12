"""Display formatting of figures read from the results document: never a computation of them.

A stored percent such as 31.37 shows as "31%" / "31 per cent", counts as "32 of 102". Pages,
the dashboard and every report format use these, so they always agree.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from inspection import attributes
from inspection.attributes import CaseAttribute
from inspection.models import Inspection

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def attribute_label(name: str, declared: Mapping[str, CaseAttribute] | None = None) -> str:
    """'rosh' -> 'RoSH level': the label the framework declares (`declared`; the format-1
    registry by default)."""
    return attributes.attribute_label(name, declared)


def whole_percent(percent: float | None) -> int | None:
    """The stored two-decimal percent rounded half up to a whole number, for display."""
    if percent is None:
        return None
    return int(Decimal(str(percent)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent_label(percent: float | None) -> str:
    whole = whole_percent(percent)
    return "–" if whole is None else f"{whole}%"


def per_cent(percent: float | None) -> str:
    whole = whole_percent(percent)
    return "–" if whole is None else f"{whole} per cent"


def count_label(item: dict[str, Any]) -> str:
    return f"{item['yes']} of {item['relevant']}"


def interval_label(item: dict[str, Any]) -> str:
    if not item.get("interval"):
        return "–"
    low, high = item["interval"]
    return f"{low:.1f}% to {high:.1f}%"


def words(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def pdu_name(inspection: Inspection) -> str:
    name = inspection.pdu.name
    return name if name.rstrip().upper().endswith("PDU") else f"{name} PDU"
