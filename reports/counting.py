"""Selectors for aggregation: counted answers and cases of a scope — one inspection, a region or
the whole country — each in one grouped query, whatever the number of cases.

How an answer counts is decided in SQL (`counted_as`): "na" when the answer is na or the item's
rule excludes the case (the rule comes from `inspection.applicability.rule_q`, so unknown is not
"no"), "yes" for the item's first answer, "no" otherwise. So answers are grouped by item, value
and that classification only — never by case attributes. Breakdowns (RoSH, case type, ...) are
`FILTER` counts of that same query, one per group, whose groups come from the grouped case
query. Every count reads only columns of the answer table's covering
index (case, item) INCLUDE (value), so PostgreSQL can answer it from the index alone.
"""

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, Q, QuerySet, Value, When

from cases.models import Answer, Case
from inspection.applicability import rule_q
from inspection.models import Item
from reports.scoring import Counts

DEFAULT_ANSWERS = ["yes", "no", "na"]


@dataclass
class Tally:
    """Counted answers of a scope.

    `counts`: item code -> Counts; `values`: item code -> {answer: n} for items with their own
    answer set (management oversight); `groups`: breakdown field -> group value -> key question
    code -> Counts, when asked for (see `answer_tally`).
    """

    counts: dict[str, Counts] = field(default_factory=dict)
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    groups: dict[str, dict[Any, dict[str, Counts]]] = field(default_factory=dict)


def counted_as(items: Sequence[Item]) -> SqlCase:
    """How an answer counts, as a SQL expression on an answer row: "yes", "no" or "na".

    The same rule as `inspection.models.Item.applies_to_case`: items sharing a rule share one
    WHEN, built by `rule_q` (an unknown attribute never excludes an item).
    """
    by_rule: dict[str, tuple[Mapping, list[int]]] = {}
    by_positive: dict[str, list[int]] = defaultdict(list)
    for item in items:
        if item.applies_to:
            key = json.dumps(item.applies_to, sort_keys=True)
            by_rule.setdefault(key, (item.applies_to, []))[1].append(item.pk)
        by_positive[item.positive_value].append(item.pk)
    whens = [When(value="na", then=Value("na"))]
    whens += [
        When(Q(item_id__in=ids) & ~rule_q(rule, prefix="case__"), then=Value("na"))
        for rule, ids in by_rule.values()
    ]
    # Items with their own positive answer are decided by their id; the rest (most items) by
    # the value alone, which keeps the expression cheap per row.
    common = max(by_positive, key=lambda p: len(by_positive[p]), default="yes")
    for positive, ids in by_positive.items():
        if positive != common:
            whens += [
                When(item_id__in=ids, value=positive, then=Value("yes")),
                When(item_id__in=ids, then=Value("no")),
            ]
    whens.append(When(value=common, then=Value("yes")))
    return SqlCase(*whens, default=Value("no"), output_field=CharField())


def _group_filter(name: str, value: Any) -> Q:
    if value is None:
        return Q(**{f"case__{name}__isnull": True})
    return Q(**{f"case__{name}": value})


def answer_tally(
    *,
    answers: QuerySet[Answer],
    items: Sequence[Item],
    groups: Mapping[str, Sequence[Any]] | None = None,
) -> Tally:
    """Tally counted answers (`Answer.objects.counted()` narrowed to a scope) in one query:
    rows are (item, value, counted as) -> n, a few hundred for any number of cases.

    With `groups` (breakdown field -> the values among the scope's counted cases, from
    `case_profile`) the same query also counts each group's answers, one `FILTER` count per
    group, and `Tally.groups` holds them for the key questions (the breakdowns show no prompts):
    field -> group value -> item code -> Counts, for the groups with a counted answer on them.
    """
    pairs = [(name, value) for name, values in (groups or {}).items() for value in values]
    per_group = {
        f"g{i}": Count("item_id", filter=_group_filter(name, value))
        for i, (name, value) in enumerate(pairs)
    }
    rows = (
        answers.annotate(k_as=counted_as(items))
        .values_list("item_id", "value", "k_as")
        .annotate(k_n=Count("*"), **per_group)
        .order_by()
    )
    by_id = {item.pk: item for item in items}
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: {"yes": 0, "no": 0, "na": 0})
    values: dict[str, dict[str, int]] = {
        item.code: dict.fromkeys(item.answers, 0)
        for item in items
        if item.answers != DEFAULT_ANSWERS
    }
    grouped: dict[tuple[str, Any], dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"yes": 0, "no": 0, "na": 0})
    )
    for item_id, value, counted, n, *counts in rows:
        item = by_id.get(item_id)
        if item is None:
            continue
        tallies[item.code][counted] += n
        if item.code in values:
            values[item.code][value] = values[item.code].get(value, 0) + n
        if counts and not item.parent_id:
            for pair, in_group in zip(pairs, counts, strict=True):
                if in_group:
                    grouped[pair][item.code][counted] += in_group
    by_group: dict[str, dict[Any, dict[str, Counts]]] = {}
    for (name, value), per_item in grouped.items():
        by_group.setdefault(name, {})[value] = {code: Counts(**t) for code, t in per_item.items()}
    return Tally(
        counts={code: Counts(**t) for code, t in tallies.items()}, values=values, groups=by_group
    )


@dataclass
class Profile:
    """Counted cases of a scope: the total, per inspection, and per value of each breakdown
    field (the sample profile)."""

    cases: int = 0
    inspections: dict[int, int] = field(default_factory=dict)
    groups: dict[str, dict[Any, int]] = field(default_factory=dict)


def case_profile(*, cases: QuerySet[Case], by: Sequence[str] = ()) -> Profile:
    """Counted cases (`Case.objects.counted()` narrowed to a scope) in one grouped query: by
    inspection, and by the fields in `by` (at most one row per combination that occurs)."""
    profile = Profile(groups={name: {} for name in by})
    rows = cases.values("inspection_id", *by).annotate(n=Count("pk")).order_by()
    for row in rows:
        n = row["n"]
        profile.cases += n
        profile.inspections[row["inspection_id"]] = (
            profile.inspections.get(row["inspection_id"], 0) + n
        )
        for name in by:
            sizes = profile.groups[name]
            sizes[row[name]] = sizes.get(row[name], 0) + n
    return profile
