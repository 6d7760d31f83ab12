"""Reads of the reports app. The grouped counts behind results and roll-ups are in
`reports.counting`."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from casework.models import Answer, Case, CaseQuerySet, CaseStatus
from inspection.attributes import CaseAttribute, column_of
from inspection.declared import (
    attribute_path,
    attributes_of,
    breakdown_attributes,
    declared_by_name,
    values_of,
)
from inspection.models import (
    FrameworkVersion,
    Inspection,
    Item,
    Region,
    Standard,
    StandardRating,
)
from inspection.selectors import framework_items, framework_standards
from reports import scoring
from reports.counting import counted_as
from reports.models import Job, RegionComparison, ResultsSnapshot, Rollup


@dataclass(frozen=True)
class FrameworkPlan:
    """What counting and rating need of a framework version: its items in order, its standards
    as scoring specs (and the same without prompts, for breakdowns), its rules, its declared
    attributes by name and those results are broken down by."""

    items: tuple[Item, ...]
    specs: tuple[scoring.StandardSpec, ...]
    key_question_specs: tuple[scoring.StandardSpec, ...]
    rules: scoring.Rules
    declared: Mapping[str, CaseAttribute]
    breakdowns: tuple[CaseAttribute, ...]


def framework_plan(framework: FrameworkVersion) -> FrameworkPlan:
    """The version's counting plan, built from its items and standards as this process keeps them
    (`inspection.selectors`: no query after the first read of this load of the version; building
    the plan itself is about 0.1 ms)."""
    items = framework_items(framework)
    prompts: dict[int, list[str]] = {}
    for item in items:
        if item.parent_id:
            prompts.setdefault(item.parent_id, []).append(item.code)
    kqs: dict[int, list[scoring.KeyQuestionSpec]] = {}
    for item in items:
        if not item.parent_id:
            spec = scoring.KeyQuestionSpec(item.code, tuple(prompts.get(item.pk, [])))
            kqs.setdefault(item.standard_id, []).append(spec)
    specs = tuple(
        scoring.StandardSpec(
            s.code, s.title, s.rated_from, tuple(kqs.get(s.pk, [])), s.when_no_cases
        )
        for s in framework_standards(framework)
    )
    # Breakdowns show key questions only: rated without prompts.
    key_question_specs = tuple(
        scoring.StandardSpec(
            s.code,
            s.title,
            s.rated_from,
            tuple(scoring.KeyQuestionSpec(k.code) for k in s.key_questions),
            s.when_no_cases,
        )
        for s in specs
        if s.key_questions
    )
    return FrameworkPlan(
        items=items,
        specs=specs,
        key_question_specs=key_question_specs,
        rules=rules_for(framework),
        declared=declared_by_name(framework),
        breakdowns=breakdown_attributes(framework),
    )


def breakdown_attribute(framework: FrameworkVersion, name: str) -> CaseAttribute | None:
    """The framework's breakdown attribute called `name`, or None."""
    return next((a for a in breakdown_attributes(framework) if a.name == name), None)


def rules_for(framework: FrameworkVersion) -> scoring.Rules:
    """The framework version's scoring rules as scoring dataclasses (bands are data)."""
    overall = framework.overall_bands
    return scoring.Rules(
        case_bands=tuple(scoring.Band(b["min_percent"], b["rating"]) for b in framework.case_bands),
        scores=framework.scores,
        overall_bands=(
            None
            if overall is None
            else tuple(scoring.OverallBand(b["min_score"], b["rating"]) for b in overall)
        ),
        interval_method=framework.interval_method,
        interval_confidence=framework.interval_confidence,
        when_not_rated=framework.when_not_rated,
    )


def _classify(item: Item, value: str, case: dict[str, Any]) -> str:
    return counted_as(item, value, not item.relevant_to_case(case))


def standard_ratings(*, inspection: Inspection) -> list[StandardRating]:
    return list(StandardRating.objects.filter(inspection=inspection).select_related("standard"))


def classify(item: Item, value: str, case: Case) -> str:
    """How an answer counts: "yes", "no" or "na" (the same rule the grouped counts apply)."""
    return _classify(item, value, attributes_of(case))


def figure_cases(
    *,
    cases: CaseQuerySet,
    inspection: Inspection,
    item: Item,
    value: str | None = None,
    by: str | None = None,
    group: str | None = None,
) -> list[dict[str, Any]]:
    """Counted cases behind one figure: item `item` counted as `value` (yes/no/na or a raw answer),
    optionally within one breakdown group. `cases` is the caller's scope (`cases_for(user)`).

    Each row: {"case", "answer", "counted_as", "evidence", "related": [(item, answer)]}. Two
    queries: the item's answers, then the related prompt answers of those cases.
    """
    attribute = breakdown_attribute(inspection.framework, by) if by is not None else None
    if by is not None and attribute is None:
        raise ValueError(f"cannot break down by {by!r}")
    scoped = cases.counted().filter(inspection=inspection)
    if attribute is not None:
        scoped = scoped.filter(_group_q(attribute, group))
    answers = (
        Answer.objects.filter(case__in=scoped, item=item)
        .exclude(value="")
        .select_related("case", "case__assigned_to")
        .order_by("case__ref")
    )
    rows: list[dict[str, Any]] = []
    declared = declared_by_name(inspection.framework)
    for answer in answers:
        counted_as = _classify(item, answer.value, values_of(answer.case, declared))
        if value is not None and value not in (counted_as, answer.value):
            continue
        rows.append({"case": answer.case, "answer": answer, "counted_as": counted_as})
    related: dict[int, list[Answer]] = {}
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


def _group_q(attribute: CaseAttribute, group: str | None) -> Q:
    """Cases in a breakdown group given as text in a link: "not recorded" is a blank (a missing
    JSON key); a declared value matches its text (`1` the integer 1, `true` the boolean)."""
    path = attribute_path(attribute)
    if group == "not recorded":
        return Q(**{path: ""}) if column_of(attribute) else Q(**{f"{path}__isnull": True})
    value = next((v for v in attribute.values if str(v).lower() == str(group).lower()), group)
    return Q(**{path: value})


def fieldwork_progress(*, inspection: Inspection) -> list[dict[str, Any]]:
    """Cases by status per assigned inspector (all cases, counted or not): one GROUP BY."""
    rows = (
        Case.objects.filter(inspection=inspection)
        .values(
            "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name", "status"
        )
        .annotate(n=Count("id"))
        .order_by("assigned_to__username", "status")
    )
    people: dict[str, dict[str, Any]] = {}
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


def latest_snapshot(*, inspection: Inspection) -> ResultsSnapshot | None:

    return ResultsSnapshot.objects.filter(inspection=inspection, kind="latest").first()


def frozen_snapshots(*, inspection: Inspection) -> list[ResultsSnapshot]:

    return list(
        ResultsSnapshot.objects.filter(inspection=inspection, kind="frozen")
        .select_related("frozen_by")
        .order_by("-computed_at")
    )


def latest_jobs(*, inspection: Inspection) -> dict[str, object]:
    """The most recent job of each kind (aggregate, report, workbook)."""

    out: dict[str, object] = {}
    for job in Job.objects.filter(inspection=inspection).order_by("-created_at", "-pk")[:50]:
        out.setdefault(job.kind, job)
    return out


def finished_outputs(*, inspection: Inspection) -> list[Any]:
    """Report and workbook jobs that produced a file, newest first."""

    return list(
        Job.objects.filter(inspection=inspection, state="done")
        .exclude(result_file="")
        .order_by("-finished_at")[:10]
    )


def region_inspections(
    *, inspections: QuerySet[Inspection], region_id: int, framework_id: int
) -> list[Inspection]:
    """Inspections of one region on one framework version, within the caller's scope."""
    return list(
        inspections.filter(pdu__region_id=region_id, framework_id=framework_id).order_by(
            "pdu__name"
        )
    )


def stored_rollup(*, framework: FrameworkVersion, region: Region | None = None) -> "Rollup | None":
    """The stored roll-up of a framework version in a region (None: the national one), if any."""

    kind = Rollup.Kind.REGION if region is not None else Rollup.Kind.NATIONAL
    return Rollup.objects.filter(kind=kind, framework=framework, region=region).first()


# --- Across inspections: benchmarks, the national overview, the regional report ----------------
# They read stored documents only (latest results snapshots and stored roll-ups), never answers.

# What a page needs of a stored roll-up (its refresh bookkeeping is left out).
ROLLUP_FIELDS = (
    "kind",
    "framework_id",
    "region_id",
    "document",
    "inspections_count",
    "cases_counted",
    "computed_at",
)


def benchmark_rollups(*, inspection: Inspection) -> dict[str, Rollup]:
    """The computed roll-ups the inspection is compared with — its region's and the national one
    of its framework version — by kind ("region", "national"). One query."""

    ours = Q(kind=Rollup.Kind.REGION, region_id=inspection.pdu.region_id)
    rows = (
        Rollup.objects.filter(framework_id=inspection.framework_id, computed_at__isnull=False)
        .filter(ours | Q(kind=Rollup.Kind.NATIONAL))
        .only(*ROLLUP_FIELDS)
    )
    return {r.kind: r for r in rows}


def region_comparison_codes(*, inspection: Inspection) -> list[str]:
    """Codes of the standards whose "compared with the region" line the lead ticked. One query."""

    return list(
        RegionComparison.objects.filter(inspection=inspection)
        .order_by("standard__order")
        .values_list("standard__code", flat=True)
    )


def frameworks_in_use() -> list[FrameworkVersion]:
    """Framework versions with at least one inspection, the one of the latest fieldwork first
    (`latest_fieldwork` annotated). One query."""
    return list(
        FrameworkVersion.objects.defer("source")
        .annotate(latest_fieldwork=Max("inspections__fieldwork_start"))
        .filter(latest_fieldwork__isnull=False)
        .order_by("-latest_fieldwork", "code", "-version")
    )


def framework_inspections(*, framework: FrameworkVersion) -> list[Inspection]:
    """Every inspection on a framework version with its PDU and region, by region, PDU and
    fieldwork. One query."""
    return list(
        Inspection.objects.filter(framework=framework)
        .select_related("pdu__region")
        .order_by("pdu__region__name", "pdu__name", "fieldwork_start", "pk")
    )


def latest_documents(*, inspection_ids: list[int]) -> dict[int, Any]:
    """The latest stored results (document, cases counted, computed at) of these inspections,
    by inspection id; the breakdowns are not read. One query."""

    rows = ResultsSnapshot.objects.filter(
        kind=ResultsSnapshot.Kind.LATEST, inspection_id__in=inspection_ids
    ).only("inspection_id", "document", "cases_counted", "computed_at")
    return {s.inspection_id: s for s in rows}


def rated_standards(*, framework: FrameworkVersion) -> list[Standard]:
    """The rated standards of a framework version (case- and judgement-rated), in order."""
    return list(
        Standard.objects.filter(framework=framework)
        .exclude(rated_from="none")
        .only("code", "title", "rated_from", "order")
        .order_by("order")
    )


def regional_jobs(*, region: Region, framework: FrameworkVersion) -> list[Any]:
    """The region's latest regional draft report jobs, newest first (at most ten). One query."""

    return list(
        Job.objects.filter(region=region, framework=framework, kind=Job.Kind.REGIONAL).order_by(
            "-created_at", "-pk"
        )[:10]
    )
