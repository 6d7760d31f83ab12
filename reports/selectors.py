"""Reads for aggregation. Counting happens in the database: one GROUP BY per call."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from cases.models import COUNTED_STATUSES, Answer, Case
from inspection.models import Inspection, Item, StandardRating
from reports.scoring import Counts

# Case attributes an item's `applies_to` may name, fetched with the grouped counts so that an
# answer on a case the item does not apply to counts as not applicable.
APPLICABILITY_FIELDS = ("case_type", "rosh", "gender", "pre_sentence_info", "age_band", "ethnicity")
BREAKDOWN_FIELDS = ("rosh", "case_type", "gender", "ethnicity", "age_band")


def framework_items(*, inspection: Inspection) -> list[Item]:
    return list(Item.objects.filter(framework_id=inspection.framework_id).order_by("order"))


def _classify(item: Item, value: str, case: dict) -> str:
    for attr, allowed in item.applies_to.items():
        if case.get(attr) is not None and case[attr] not in allowed:
            return "na"
    if value == "na":
        return "na"
    return "yes" if value == item.positive_value else "no"


def answer_counts(
    *, inspection: Inspection, items: Iterable[Item], by: str | None = None
) -> dict[str | None, dict[str, Counts]]:
    """Counted answers as {group -> {item code -> Counts}}; group is None unless `by` is given.

    One grouped query: rows are (item, value, case attributes) -> n, so the Python work is bounded
    by the number of distinct groups, never by the number of cases or answers.
    """
    if by is not None and by not in BREAKDOWN_FIELDS:
        raise ValueError(f"cannot break down by {by!r}")
    by_id = {item.pk: item for item in items}
    attrs = [f"case__{name}" for name in APPLICABILITY_FIELDS]
    rows = (
        Answer.objects.filter(case__inspection=inspection, case__status__in=COUNTED_STATUSES)
        .exclude(value="")
        .values("item_id", "value", *attrs)
        .annotate(n=Count("id"))
        .order_by()
    )
    tallies: dict[str | None, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"yes": 0, "no": 0, "na": 0})
    )
    for row in rows:
        item = by_id.get(row["item_id"])
        if item is None:
            continue
        case = {name: row[f"case__{name}"] for name in APPLICABILITY_FIELDS}
        group = case[by] if by else None
        tallies[group][item.code][_classify(item, row["value"], case)] += row["n"]
    return {
        group: {code: Counts(**t) for code, t in per_item.items()}
        for group, per_item in tallies.items()
    }


def value_counts(*, inspection: Inspection, items: Iterable[Item]) -> dict[str, dict[str, int]]:
    """Counted answers per value, for items with their own answer set (e.g. management oversight)."""
    custom = {item.pk: item for item in items if item.answers != ["yes", "no", "na"]}
    if not custom:
        return {}
    rows = (
        Answer.objects.filter(
            case__inspection=inspection, case__status__in=COUNTED_STATUSES, item_id__in=custom
        )
        .exclude(value="")
        .values("item_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[str, dict[str, int]] = {
        item.code: dict.fromkeys(item.answers, 0) for item in custom.values()
    }
    for row in rows:
        out[custom[row["item_id"]].code][row["value"]] = row["n"]
    return out


def cases_counted(*, inspection: Inspection) -> int:
    return Case.objects.filter(inspection=inspection, status__in=COUNTED_STATUSES).count()


def standard_ratings(*, inspection: Inspection) -> list[StandardRating]:
    return list(StandardRating.objects.filter(inspection=inspection).select_related("standard"))


def group_sizes(*, inspection: Inspection) -> dict[str, dict[str | None, int]]:
    """Counted cases per value of each breakdown field: {field: {value: n}} (the sample profile)."""
    out: dict[str, dict[str | None, int]] = {}
    counted = Case.objects.filter(inspection=inspection, status__in=COUNTED_STATUSES)
    for field in BREAKDOWN_FIELDS:
        rows = counted.values(field).annotate(n=Count("id")).order_by(field)
        out[field] = {row[field]: row["n"] for row in rows}
    return out
