"""Reads for aggregation. Counting happens in the database: one GROUP BY per call."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, QuerySet

from cases.models import Answer, Case, CaseStatus
from inspection.attributes import ATTRIBUTE_NAMES, BREAKDOWN_NAMES, attributes_of
from inspection.models import Inspection, Item, StandardRating
from reports.scoring import Counts

# Case attributes are fetched with the grouped counts so that an answer on a case the item does
# not apply to counts as not applicable. Both lists come from the attribute registry.
APPLICABILITY_FIELDS = ATTRIBUTE_NAMES
BREAKDOWN_FIELDS = BREAKDOWN_NAMES


def framework_items(*, inspection: Inspection) -> list[Item]:
    return list(Item.objects.filter(framework_id=inspection.framework_id).order_by("order"))


def _classify(item: Item, value: str, case: dict) -> str:
    if value == "na" or not item.applies_to_case(case):
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
        Answer.objects.counted()
        .filter(case__inspection=inspection)
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
        Answer.objects.counted()
        .filter(case__inspection=inspection, item_id__in=custom)
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
    return Case.objects.counted().filter(inspection=inspection).count()


def standard_ratings(*, inspection: Inspection) -> list[StandardRating]:
    return list(StandardRating.objects.filter(inspection=inspection).select_related("standard"))


def group_sizes(*, inspection: Inspection) -> dict[str, dict[str | None, int]]:
    """Counted cases per value of each breakdown field: {field: {value: n}} (the sample profile)."""
    out: dict[str, dict[str | None, int]] = {}
    counted = Case.objects.counted().filter(inspection=inspection)
    for field in BREAKDOWN_FIELDS:
        rows = counted.values(field).annotate(n=Count("id")).order_by(field)
        out[field] = {row[field]: row["n"] for row in rows}
    return out


def classify(item: Item, value: str, case: Case) -> str:
    """How an answer counts: "yes", "no" or "na" (the same rule the grouped counts apply)."""
    return _classify(item, value, attributes_of(case))


def figure_cases(
    *,
    cases: QuerySet[Case],
    inspection: Inspection,
    item: Item,
    value: str | None = None,
    by: str | None = None,
    group: str | None = None,
) -> list[dict]:
    """Counted cases behind one figure: item `item` counted as `value` (yes/no/na or a raw answer),
    optionally within one breakdown group. `cases` is the caller's scope (`cases_for(user)`).

    Each row: {"case", "answer", "counted_as", "evidence", "related": [(item, answer)]}. Two
    queries: the item's answers, then the related prompt answers of those cases.
    """
    if by is not None and by not in BREAKDOWN_FIELDS:
        raise ValueError(f"cannot break down by {by!r}")
    scoped = cases.counted().filter(inspection=inspection)
    if by is not None:
        scoped = scoped.filter(**{by: "" if group == "not recorded" else group})
    answers = (
        Answer.objects.filter(case__in=scoped, item=item)
        .exclude(value="")
        .select_related("case", "case__assigned_to")
        .order_by("case__ref")
    )
    rows = []
    for answer in answers:
        counted_as = classify(item, answer.value, answer.case)
        if value is not None and value not in (counted_as, answer.value):
            continue
        rows.append({"case": answer.case, "answer": answer, "counted_as": counted_as})
    related = {}
    if rows and not item.parent_id:
        prompt_answers = (
            Answer.objects.filter(case__in=[r["case"] for r in rows], item__parent=item)
            .select_related("item")
            .order_by("item__order")
        )
        for a in prompt_answers:
            related.setdefault(a.case_id, []).append(a)
    for row in rows:
        row["related"] = related.get(row["case"].pk, [])
    return rows


def fieldwork_progress(*, inspection: Inspection) -> list[dict]:
    """Cases by status per assigned inspector (all cases, counted or not): one GROUP BY."""
    rows = (
        Case.objects.filter(inspection=inspection)
        .values(
            "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name", "status"
        )
        .annotate(n=Count("id"))
        .order_by("assigned_to__username", "status")
    )
    people: dict[str, dict] = {}
    for row in rows:
        key = row["assigned_to__username"] or ""
        name = " ".join(
            filter(None, [row["assigned_to__first_name"], row["assigned_to__last_name"]])
        )
        person = people.setdefault(
            key,
            {
                "inspector": name or key or "Not assigned",
                "by_status": dict.fromkeys(CaseStatus.values, 0),
                "total": 0,
            },
        )
        person["by_status"][row["status"]] = row["n"]
        person["total"] += row["n"]
    return list(people.values())


def latest_snapshot(*, inspection: Inspection):
    from reports.models import ResultsSnapshot

    return ResultsSnapshot.objects.filter(inspection=inspection, kind="latest").first()


def frozen_snapshots(*, inspection: Inspection):
    from reports.models import ResultsSnapshot

    return list(
        ResultsSnapshot.objects.filter(inspection=inspection, kind="frozen")
        .select_related("frozen_by")
        .order_by("-computed_at")
    )


def latest_jobs(*, inspection: Inspection) -> dict[str, object]:
    """The most recent job of each kind (aggregate, report, workbook)."""
    from reports.models import Job

    out: dict[str, object] = {}
    for job in Job.objects.filter(inspection=inspection).order_by("-created_at", "-pk")[:50]:
        out.setdefault(job.kind, job)
    return out


def finished_outputs(*, inspection: Inspection) -> list:
    """Report and workbook jobs that produced a file, newest first."""
    from reports.models import Job

    return list(
        Job.objects.filter(inspection=inspection, state="done")
        .exclude(result_file="")
        .order_by("-finished_at")[:10]
    )


def region_inspections(*, inspections: QuerySet[Inspection], region_id: int, framework_id: int):
    """Inspections of one region on one framework version, within the caller's scope."""
    return list(
        inspections.filter(pdu__region_id=region_id, framework_id=framework_id).order_by(
            "pdu__name"
        )
    )
