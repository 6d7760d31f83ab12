"""The `inspection-results/1` document's parts, from rated results (`reports.scoring`): written
once here for an inspection's results and a roll-up's alike. Pure: no Django."""

from typing import Any

from reports import scoring

RESULTS_FORMAT = "inspection-results/1"


def item_doc(
    r: scoring.ItemResult, key_question: bool, values: dict[str, Any] | None
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "code": r.code,
        "yes": r.yes,
        "no": r.no,
        "na": r.na,
        "relevant": r.relevant,
        "percent": r.percent,
        "interval": list(r.interval) if r.interval else None,
    }
    if key_question:
        doc["rating"] = r.rating
        doc["yes_to_next_band"] = r.yes_to_next_band
    if values is not None:
        doc["answers"] = values
    return doc


def results_sections(results: scoring.Results, values: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The "standards" and "overall" parts of a results document (an inspection's or a roll-up's)."""
    standards = []
    for s in results.standards:
        doc: dict[str, Any] = {
            "code": s.code,
            "title": s.title,
            "rated_from": s.rated_from,
            "computed_rating": s.computed_rating,
            "rating": s.rating,
            "score": s.score,
        }
        if s.moderation_reason:
            doc["moderation_reason"] = s.moderation_reason
        if s.key_questions:
            doc["driver"] = s.driver
            doc["key_questions"] = [item_doc(k, True, values.get(k.code)) for k in s.key_questions]
            doc["prompts"] = [item_doc(p, False, values.get(p.code)) for p in s.prompts]
        standards.append(doc)
    overall = results.overall
    overall_doc: dict[str, Any] = {
        "score": overall.score,
        "max": overall.max,
        "rating": overall.rating,
    }
    if overall.not_rated:  # only a framework with `when_no_cases: not_rated` has the key
        overall_doc["not_rated"] = list(overall.not_rated)
    return {"standards": standards, "overall": overall_doc}
