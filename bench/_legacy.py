"""The aggregation code as it was before issue 10, kept callable so that `bench.national` measures
"before" and "after" in the same run on the same data. Not product code: nothing imports it but
the benchmark (and a test that checks the new code gives the same documents).

Copied from reports/selectors.py (answer_counts, value_counts, cases_counted, group_sizes),
reports/services/results.py (results_build, breakdowns_build, snapshot_refresh),
reports/services/region.py (region_results_build) and reports/views/outputs.py (region), with
their scoring (bench/_legacy_scoring.py). Only the imports changed.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from bench import _legacy_scoring as scoring
from casework.models import Answer, Case
from inspection.attributes import ATTRIBUTE_NAMES, BREAKDOWN_NAMES
from inspection.models import FrameworkVersion, Inspection, Item, Standard, StandardRating
from reports.models import ResultsSnapshot

APPLICABILITY_FIELDS = ATTRIBUTE_NAMES
BREAKDOWN_FIELDS = BREAKDOWN_NAMES
RESULTS_FORMAT = "inspection-results/1"


def framework_items(*, inspection: Inspection) -> list[Item]:
    return list(Item.objects.filter(framework_id=inspection.framework_id).order_by("order"))


def _classify(item: Item, value: str, case: dict) -> str:
    if value == "na" or not item.applies_to_case(case):
        return "na"
    return "yes" if value == item.positive_value else "no"


def answer_counts(*, inspection, items, by=None):
    by_id = {item.pk: item for item in items}
    attrs = [f"case__{name}" for name in APPLICABILITY_FIELDS]
    rows = (
        Answer.objects.counted()
        .filter(case__inspection=inspection)
        .values("item_id", "value", *attrs)
        .annotate(n=Count("id"))
        .order_by()
    )
    tallies = defaultdict(lambda: defaultdict(lambda: {"yes": 0, "no": 0, "na": 0}))
    for row in rows:
        item = by_id.get(row["item_id"])
        if item is None:
            continue
        case = {name: row[f"case__{name}"] for name in APPLICABILITY_FIELDS}
        group = case[by] if by else None
        tallies[group][item.code][_classify(item, row["value"], case)] += row["n"]
    return {
        group: {code: scoring.Counts(**t) for code, t in per_item.items()}
        for group, per_item in tallies.items()
    }


def value_counts(*, inspection, items: Iterable[Item]):
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
    out = {item.code: dict.fromkeys(item.answers, 0) for item in custom.values()}
    for row in rows:
        out[custom[row["item_id"]].code][row["value"]] = row["n"]
    return out


def cases_counted(*, inspection) -> int:
    return Case.objects.counted().filter(inspection=inspection).count()


def standard_ratings(*, inspection):
    return list(StandardRating.objects.filter(inspection=inspection).select_related("standard"))


def group_sizes(*, inspection):
    out = {}
    counted = Case.objects.counted().filter(inspection=inspection)
    for field in BREAKDOWN_FIELDS:
        rows = counted.values(field).annotate(n=Count("id")).order_by(field)
        out[field] = {row[field]: row["n"] for row in rows}
    return out


def rules_for(framework: FrameworkVersion):
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
    )


def standard_specs(framework, items):
    prompts: dict[int, list[str]] = {}
    for item in items:
        if item.parent_id:
            prompts.setdefault(item.parent_id, []).append(item.code)
    kqs: dict[int, list] = {}
    for item in items:
        if not item.parent_id:
            spec = scoring.KeyQuestionSpec(item.code, tuple(prompts.get(item.pk, [])))
            kqs.setdefault(item.standard_id, []).append(spec)
    return [
        scoring.StandardSpec(s.code, s.title, s.rated_from, tuple(kqs.get(s.pk, [])))
        for s in Standard.objects.filter(framework=framework).order_by("order")
    ]


def _item_doc(r, key_question: bool, values) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "code": r.code, "yes": r.yes, "no": r.no, "na": r.na, "relevant": r.relevant,
        "percent": r.percent, "interval": list(r.interval) if r.interval else None,
    }  # fmt: skip
    if key_question:
        doc["rating"] = r.rating
        doc["yes_to_next_band"] = r.yes_to_next_band
    if values is not None:
        doc["answers"] = values
    return doc


def results_build(*, inspection) -> dict[str, Any]:
    framework = inspection.framework
    items = framework_items(inspection=inspection)
    counts = answer_counts(inspection=inspection, items=items).get(None, {})
    values = value_counts(inspection=inspection, items=items)
    ratings = standard_ratings(inspection=inspection)
    results = scoring.rate(
        rules_for(framework),
        standard_specs(framework, items),
        counts,
        judgements={r.standard.code: r.judgement for r in ratings if r.judgement},
        moderations={
            r.standard.code: (r.final_rating, r.moderation_reason)
            for r in ratings
            if r.final_rating
        },
        overall_judgement=inspection.overall_judgement or None,
    )
    standards = []
    for s in results.standards:
        doc: dict[str, Any] = {
            "code": s.code, "title": s.title, "rated_from": s.rated_from,
            "computed_rating": s.computed_rating, "rating": s.rating, "score": s.score,
        }  # fmt: skip
        if s.moderation_reason:
            doc["moderation_reason"] = s.moderation_reason
        if s.key_questions:
            doc["driver"] = s.driver
            doc["key_questions"] = [_item_doc(k, True, values.get(k.code)) for k in s.key_questions]
            doc["prompts"] = [_item_doc(p, False, values.get(p.code)) for p in s.prompts]
        standards.append(doc)
    overall = results.overall
    return {
        "format": RESULTS_FORMAT,
        "inspection": inspection.pk,
        "framework": framework.code,
        "framework_version": framework.version,
        "cases_counted": cases_counted(inspection=inspection),
        "standards": standards,
        "overall": {"score": overall.score, "max": overall.max, "rating": overall.rating},
    }


@transaction.atomic
def snapshot_refresh(*, inspection) -> ResultsSnapshot:
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    document = results_build(inspection=inspection)
    snapshot, _ = ResultsSnapshot.objects.update_or_create(
        inspection=inspection,
        kind=ResultsSnapshot.Kind.LATEST,
        defaults={
            "document": document,
            "cases_counted": document["cases_counted"],
            "framework_code": inspection.framework.code,
            "framework_version": inspection.framework.version,
            "computed_at": timezone.now(),
            "breakdowns": breakdowns_build(inspection=inspection),
        },
    )
    return snapshot


def breakdowns_build(*, inspection) -> dict[str, Any]:
    framework = inspection.framework
    items = framework_items(inspection=inspection)
    rules = rules_for(framework)
    specs = [s for s in standard_specs(framework, items) if s.key_questions]
    sizes = group_sizes(inspection=inspection)
    out: dict[str, Any] = {}
    for field in BREAKDOWN_FIELDS:
        per_group = answer_counts(inspection=inspection, items=items, by=field)
        groups = []
        for group in sorted(per_group, key=lambda g: (g is None, str(g))):
            results = scoring.rate(rules, specs, per_group[group], judgements={})
            groups.append(
                {
                    "group": group if group not in (None, "") else "not recorded",
                    "cases": sizes.get(field, {}).get(group, 0),
                    "standards": [
                        {
                            "code": s.code,
                            "title": s.title,
                            "rated_from": s.rated_from,
                            "computed_rating": s.computed_rating,
                            "driver": s.driver,
                            "key_questions": [_item_doc(k, True, None) for k in s.key_questions],
                        }
                        for s in results.standards
                    ],
                }
            )
        out[field] = groups
    return out


def region_results_build(*, framework, inspections) -> dict[str, Any]:
    items = list(framework.items.order_by("order")) if not inspections else None
    totals: dict[str, Any] = {}
    counted = 0
    for inspection in inspections:
        if inspection.framework_id != framework.pk:
            raise ValueError(f"{inspection} is not on framework {framework}")
        items = framework_items(inspection=inspection)
        counted += cases_counted(inspection=inspection)
        for code, c in answer_counts(inspection=inspection, items=items).get(None, {}).items():
            t = totals.get(code, scoring.Counts())
            totals[code] = scoring.Counts(t.yes + c.yes, t.no + c.no, t.na + c.na)
    specs = [s for s in standard_specs(framework, items or []) if s.rated_from != "judgement"]
    results = scoring.rate(rules_for(framework), specs, totals, judgements={})
    return {
        "framework": framework.code,
        "framework_version": framework.version,
        "inspections": [i.pk for i in inspections],
        "cases_counted": counted,
        "standards": [
            {
                "code": s.code, "title": s.title, "rated_from": s.rated_from,
                "computed_rating": s.computed_rating, "rating": s.rating, "score": s.score,
                "driver": s.driver,
                "key_questions": [_item_doc(k, True, None) for k in s.key_questions],
                "prompts": [_item_doc(p, False, None) for p in s.prompts],
            }
            for s in results.standards
        ],
    }  # fmt: skip


# The region page before issue 10: recomputed on every request (reports/views/outputs.py) with
# its template (templates/reports/region.html) as they were.
REGION_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ region.name }} region{% endblock %}
{% block content %}
<span class="govuk-caption-l">{{ framework }}</span>
<h1 class="govuk-heading-l">{{ region.name }} region: combined results</h1>
<p class="govuk-body">{{ results.cases_counted }} counted cases from {{ inspections|length }} inspection{{ inspections|length|pluralize }} you can see:</p>
<ul class="govuk-list govuk-list--bullet">{% for i in inspections %}<li><a class="govuk-link" href="{% url 'reports:dashboard' i.pk %}">{{ i.pdu.name }}</a> ({{ i.fieldwork_start|date:"M Y" }})</li>{% endfor %}</ul>
<table class="govuk-table govuk-!-font-size-16" id="region-table">
  <tbody class="govuk-table__body">
  {% for s in results.standards %}{% for k in s.key_questions %}
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{% if forloop.first %}{{ s.code }} {{ s.title }}{% endif %}</th><td class="govuk-table__cell">{{ k.code }}{% if k.code == s.driver %} <strong class="govuk-tag govuk-tag--red">lowest</strong>{% endif %}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ k.yes }} of {{ k.relevant }}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{ k.percent_label }}</td>
      <td class="govuk-table__cell">{% if forloop.first %}{{ s.rating_label }}{% endif %}</td></tr>
  {% endfor %}{% endfor %}
  </tbody>
</table>
{% endblock %}"""


def region_view(request, region_pk: int, framework_pk: int):
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404
    from django.template import engines

    from inspection.labels import rating_label
    from inspection.models import Region
    from inspection.permissions import inspections_for
    from reports.rendering.dashboard import band_marks
    from reports.rendering.labels import percent_label

    region_row = get_object_or_404(Region, pk=region_pk)
    framework = get_object_or_404(FrameworkVersion, pk=framework_pk)
    inspections = list(
        inspections_for(request.user)
        .filter(pdu__region_id=region_row.pk, framework_id=framework.pk)
        .order_by("pdu__name")
    )
    results = region_results_build(framework=framework, inspections=inspections)
    for s in results["standards"]:
        s["rating_label"] = rating_label(s["rating"]) if s["rated_from"] == "cases" else "Not rated"
        for k in s["key_questions"]:
            k["percent_label"] = percent_label(k["percent"])
    template = engines["django"].from_string(REGION_TEMPLATE)
    context = {"region": region_row, "framework": framework, "inspections": inspections,
               "results": results, "bands": band_marks(inspections[0])}  # fmt: skip
    return HttpResponse(template.render(context, request))
