"""Selectors for aggregation: counted answers and cases of a scope — one inspection, a region or
the whole country — each in one grouped query, whatever the number of cases.

Whether an item's rule (or the sample of its standard) excludes an answer's case is decided in
SQL (`excluded_by_rule`, built from `inspection.rule_filters.rule_q`, so unknown is not "no"),
and answers are grouped by item, value and that flag only — never by case attributes — a few
hundred rows for any number of cases, each then classified by `counted_as`: "na" when the
answer is na or excluded, "yes" for a positive answer of the item's scale, "no" otherwise. A
standard's key questions so count only the cases of its sample, in the same one query.
Breakdowns (RoSH, case type, ...) are `FILTER` counts of that same query, one per group, whose
groups come from the grouped case query. Every count reads only columns of the answer table's
covering index (case, item) INCLUDE (value), so PostgreSQL can answer it from the index alone.
"""

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, F, Q, QuerySet, Value, When
from django.db.models import Case as SqlCase

from casework.models import Answer, Case
from inspection.attributes import CaseAttribute
from inspection.declared import attribute_path
from inspection.models import Item
from inspection.rule_filters import rule_q
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


def excluded_by_rule(items: Sequence[Item], declared: Mapping[str, CaseAttribute]) -> SqlCase:
    """Whether the answer's case does not count for its item, as a SQL boolean on an answer row:
    the item does not apply to the case, or the case is not in the sample of the item's standard.

    The same rule as `inspection.models.Item.relevant_to_case`: items sharing a rule and a sample
    rule share one WHEN, built by `rule_q` over the framework's declared attributes (`declared`;
    an unknown attribute never excludes an item, and qualifies a case for a sample). A format-1
    version's one sample takes every case, so its WHENs are the items' rules alone. Read the
    items with `standard__sample` (`framework_items`).
    """
    by_rule: dict[str, tuple[Mapping[str, Any], Mapping[str, Any], list[int]]] = {}
    for item in items:
        sample_rule = item.sample_rule
        if item.applies_to or sample_rule:
            key = json.dumps([item.applies_to, sample_rule], sort_keys=True)
            by_rule.setdefault(key, (item.applies_to, sample_rule, []))[2].append(item.pk)
    whens = [
        When(
            Q(item_id__in=ids)
            & ~(rule_q(rule, "case__", declared) & rule_q(sample, "case__", declared)),
            then=Value(True),
        )
        for rule, sample, ids in by_rule.values()
    ]
    return SqlCase(*whens, default=Value(False), output_field=BooleanField())


def counted_as(item: Item, value: str, excluded: bool) -> str:
    """How an answer counts: "na" when it is na or the case does not count for the item
    (`excluded`: the item does not apply to it, or it is outside the standard's sample), "yes" for a positive answer of the item's scale (on a format-1 answer set, its
    first answer), "no" for any other answer. The one classification: the grouped counts, the
    answers export and the figures' case lists use it."""
    if value == "na" or excluded:
        return "na"
    return "yes" if item.is_positive(value) else "no"


def _group_filter(attribute: CaseAttribute, value: Any) -> Q:
    path = attribute_path(attribute, "case__")
    if value is None:
        return Q(**{f"{path}__isnull": True})
    return Q(**{path: value})


def answer_tally(
    *,
    answers: QuerySet[Answer],
    items: Sequence[Item],
    declared: Mapping[str, CaseAttribute],
    groups: Mapping[str, Sequence[Any]] | None = None,
) -> Tally:
    """Tally counted answers (`Answer.objects.counted()` narrowed to a scope) in one query:
    rows are (item, value, excluded by the item's rule) -> n, a few hundred for any number of
    cases, each classified by `counted_as`.

    With `groups` (breakdown field -> the values among the scope's counted cases, from
    `case_profile`) the same query also counts each group's answers, one `FILTER` count per
    group (a breakdown field is a declared attribute's name), and `Tally.groups` holds them for
    the key questions (the breakdowns show no prompts):
    field -> group value -> item code -> Counts, for the groups with a counted answer on them.
    """
    pairs = [(name, value) for name, values in (groups or {}).items() for value in values]
    per_group = {
        f"g{i}": Count("item_id", filter=_group_filter(declared[name], value))
        for i, (name, value) in enumerate(pairs)
    }
    rows = (
        answers.annotate(k_excluded=excluded_by_rule(items, declared))
        .values_list("item_id", "value", "k_excluded")
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
    for item_id, value, excluded, n, *counts in rows:
        item = by_id.get(item_id)
        if item is None:
            continue
        counted = counted_as(item, value, excluded)
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
    # counted cases of each sample asked for, by its code
    samples: dict[str, int] = field(default_factory=dict)


def case_profile(
    *,
    cases: QuerySet[Case],
    by: Sequence[CaseAttribute] = (),
    samples: Mapping[str, Q] | None = None,
) -> Profile:
    """Counted cases (`Case.objects.counted()` narrowed to a scope) in one grouped query: by
    inspection, and by the declared attributes in `by` (at most one row per combination that
    occurs); `Profile.groups` is keyed by attribute name. `samples` (code -> the sample's rule as
    a Q) adds a FILTER count per sample to the same query (`Profile.samples`)."""
    samples = samples or {}
    profile = Profile(groups={a.name: {} for a in by}, samples=dict.fromkeys(samples, 0))
    paths = {f"k_{a.name}": F(attribute_path(a)) for a in by}
    in_sample = {f"s_{i}": Count("pk", filter=q) for i, q in enumerate(samples.values())}
    rows: Any = (
        cases.values("inspection_id", **paths).annotate(n=Count("pk"), **in_sample).order_by()
    )
    for row in rows:
        n = row["n"]
        profile.cases += n
        for i, code in enumerate(samples):
            profile.samples[code] += row[f"s_{i}"]
        profile.inspections[row["inspection_id"]] = (
            profile.inspections.get(row["inspection_id"], 0) + n
        )
        for attribute in by:
            sizes = profile.groups[attribute.name]
            value = row[f"k_{attribute.name}"]
            sizes[value] = sizes.get(value, 0) + n
    return profile
