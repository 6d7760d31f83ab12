"""Display formatting of figures read from the results document: never a computation of them.

A stored percent such as 31.37 shows as "31%" / "31 per cent", counts as "32 of 102". Pages,
the dashboard and every report format use these, so they always agree.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from inspection import attributes
from inspection.attributes import CaseAttribute
from inspection.labels import NOT_RATED_REASON, positive_label
from inspection.models import FrameworkVersion, Inspection, Item

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
    """The inspected unit's name as reports print it: a format-1 (probation delivery unit)
    inspection's ends in "PDU"; any other programme's is its name as entered."""
    name = inspection.pdu.name
    if inspection.framework.file_format != 1:
        return name
    return name if name.rstrip().upper().endswith("PDU") else f"{name} PDU"


def framework_positive_words(framework: FrameworkVersion) -> str:
    """What the framework's key-question percentages count, for a table across its standards:
    "Yes" on a format-1 framework (no query), the one label its scales share (format 2: e.g.
    'outstanding or good'), or 'positive' when they differ."""
    if framework.file_format == 1:
        return "Yes"
    rows = Item.objects.filter(framework=framework, parent__isnull=True).values_list(
        "positive", flat=True
    )
    labels = {positive_label(positive) for positive in rows}
    return labels.pop() if len(labels) == 1 else "positive"


def counted_words(item: Item, file_format: int) -> dict[str, str]:
    """How a count of the item is named ("yes", "no", "na" are the counting's codes): as format 1
    always named them, or by the item's scale (format 2): 'outstanding or good', 'not
    outstanding or good', 'not applicable'."""
    if file_format == 1:
        return {"yes": "yes", "no": "no", "na": "na"}
    positive = positive_label(item.positive)
    if positive == "Yes":
        return {"yes": "yes", "no": "no", "na": "not applicable"}
    return {"yes": positive, "no": f"not {positive}", "na": "not applicable"}


def score_label(overall: dict[str, Any]) -> str:
    """'2/27': the total score out of the maximum possible (`overall.max`, every rated and
    not-rated standard counted), or 'not yet available'."""
    if overall.get("score") is None:
        return "not yet available"
    return f"{overall['score']}/{overall['max']}"


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def not_rated_note(document: dict[str, Any], when_not_rated: str) -> str:
    """The sentence naming the standards the framework's rule left not rated (the results'
    `overall.not_rated`) and how the score treats them (the framework's `when_not_rated`); ""
    when every standard is rated."""
    codes = document["overall"].get("not_rated") or []
    if not codes:
        return ""
    titles = {s["code"]: s["title"] for s in document["standards"]}
    names = _listed([f"{code} {titles.get(code, '')}".strip() for code in codes])
    one = len(codes) == 1
    text = f"{names} {'was' if one else 'were'} not rated ({NOT_RATED_REASON})"
    if when_not_rated == "scale":
        top = document["overall"].get("max")
        return f"{text}: the score of the rated standards is scaled up to the maximum of {top}."
    return f"{text} and {'is' if one else 'are'} not counted in the score."
