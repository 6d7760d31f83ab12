"""Regional roll-up: the inspections of one region on one framework combined, as the
inspectorate does for regional inspections."""

from typing import Any

from inspection.models import FrameworkVersion, Inspection
from reports import scoring
from reports.selectors import answer_counts, cases_counted, framework_items
from reports.services.results import _item_doc, rules_for, standard_specs


def region_results_build(
    *, framework: FrameworkVersion, inspections: list[Inspection]
) -> dict[str, Any]:
    """Sum the counted answers of every inspection and rate the sums with the framework's rules.

    Judgement-rated standards are not combined (each PDU has its own); they appear unrated, so
    the overall score stays None — never a guess. One grouped query per inspection.
    """
    items = list(framework.items.order_by("order")) if not inspections else None
    totals: dict[str, scoring.Counts] = {}
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
