"""Reads of the reports app. The grouped counts behind results and roll-ups are in
`reports.counting`."""

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from cases.models import Answer, Case, CaseStatus
from inspection.attributes import BREAKDOWN_NAMES, attributes_of
from inspection.models import FrameworkVersion, Inspection, Item, Region, StandardRating

if TYPE_CHECKING:
    from reports.models import Rollup

# Results are broken down by these case attributes (from the attribute registry).
BREAKDOWN_FIELDS = BREAKDOWN_NAMES


# What counting and rating read of an item (not its texts).
ITEM_FIELDS = ("framework_id", "standard_id", "parent_id", "code", "answers", "applies_to", "order")


def framework_items(*, inspection: Inspection) -> list[Item]:
    """The items of the inspection's framework version, in order, for counting and rating."""
    return _items(inspection.framework_id)


def version_items(*, framework: FrameworkVersion) -> list[Item]:
    """The items of a framework version, in order, for counting and rating (texts deferred)."""
    return _items(framework.pk)


def _items(framework_id: int) -> list[Item]:
    return list(Item.objects.filter(framework_id=framework_id).only(*ITEM_FIELDS).order_by("order"))


def _classify(item: Item, value: str, case: dict) -> str:
    if value == "na" or not item.applies_to_case(case):
        return "na"
    return "yes" if value == item.positive_value else "no"


def standard_ratings(*, inspection: Inspection) -> list[StandardRating]:
    return list(StandardRating.objects.filter(inspection=inspection).select_related("standard"))


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


def stored_rollup(*, framework: FrameworkVersion, region: Region | None = None) -> "Rollup | None":
    """The stored roll-up of a framework version in a region (None: the national one), if any."""
    from reports.models import Rollup

    kind = Rollup.Kind.REGION if region is not None else Rollup.Kind.NATIONAL
    return Rollup.objects.filter(kind=kind, framework=framework, region=region).first()


def stored_rollups(*, framework: FrameworkVersion, kind: str | None = None) -> "QuerySet[Rollup]":
    """Every stored roll-up of a framework version (of one kind if given), regions by name."""
    from reports.models import Rollup

    rows = Rollup.objects.filter(framework=framework).select_related("region")
    return rows.filter(kind=kind) if kind else rows
