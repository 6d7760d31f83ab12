"""The bundle export (inverse of `records.services.bundle.bundle_import`)."""

from collections import defaultdict
from typing import Any

from casework.models import Answer, Case, Interview
from inspection.attributes import column_of
from inspection.declared import attribute_value, declared_attributes
from inspection.models import Inspection, StandardRating
from records.selectors.bundle_readings import second_readings_export

# the PDU attributes' top-level keys of a bundle case
PDU_KEYS = frozenset({"case_type", "rosh", "gender", "ethnicity", "age_band"})


def bundle_export(*, inspection: Inspection) -> dict[str, Any]:
    """The inspection as an `inspection-bundle/1` document; `bundle_import` reads it back.

    Four queries whatever the number of cases (three more for second readings).
    """
    framework = inspection.framework
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    evidence: dict[int, dict[str, str]] = defaultdict(dict)
    rows = Answer.objects.filter(case__inspection=inspection).values_list(
        "case_id", "item__code", "value", "evidence"
    )
    for case_id, code, value, text in rows.order_by("case_id", "item__order"):
        if value:
            answers[case_id][code] = value
        if text:
            evidence[case_id][code] = text
    declared = declared_attributes(framework)
    # the PDU attributes the framework declares keep their top-level keys (format 1: all six);
    # the others go under "attributes"
    typed = {a.name for a in declared if column_of(a)}
    in_json = [a for a in declared if not column_of(a)]
    cases = []
    for case in Case.objects.filter(inspection=inspection).order_by("ref"):
        row: dict[str, Any] = {
            "ref": case.ref,
            "case_type": case.case_type,
            "start_date": case.start_date.isoformat(),
            "rosh": case.rosh,
            "gender": case.gender,
            "ethnicity": case.ethnicity,
            "age_band": case.age_band,
            "status": case.status,
            "answers": answers.get(case.pk, {}),
        }
        for name in PDU_KEYS - typed:
            del row[name]
        known = {a.name: attribute_value(case, a) for a in in_json}
        if any(v is not None for v in known.values()):
            row["attributes"] = {k: v for k, v in known.items() if v is not None}
        if evidence.get(case.pk):
            row["evidence"] = evidence[case.pk]
        if case.pre_sentence_info is not None and "pre_sentence_info" in typed:
            row["pre_sentence_info"] = case.pre_sentence_info
        if case.practitioner_count is not None:
            row["practitioner_count"] = case.practitioner_count
        if case.practitioner_grade:
            row["practitioner_grade"] = case.practitioner_grade
        cases.append(row)
    interviews = []
    for iv in Interview.objects.filter(case__inspection=inspection).select_related("case"):
        row = {"case_ref": iv.case.ref, "role": iv.grade, "outcome": iv.outcome}
        if iv.held_on:
            row["held_on"] = iv.held_on.isoformat()
        if iv.notes:
            row["notes"] = iv.notes
        interviews.append(row)
    ratings = list(StandardRating.objects.filter(inspection=inspection).select_related("standard"))
    bundle: dict[str, Any] = {
        "format": "inspection-bundle/1",
        "framework": framework.code,
        "framework_version": framework.version,
        "inspection": {
            "pdu": inspection.pdu.name,
            "region": inspection.pdu.region.name,
            "fieldwork_start": inspection.fieldwork_start.isoformat(),
            "fieldwork_end": inspection.fieldwork_end.isoformat(),
            "cohort_windows": [
                {"start": w.start.isoformat(), "end": w.end.isoformat()}
                for w in inspection.cohort_windows.all()
            ],
        },
        "standard_ratings": {r.standard.code: r.judgement for r in ratings if r.judgement},
        "cases": cases,
        "interviews": interviews,
    }
    moderations = {
        r.standard.code: {"rating": r.final_rating, "reason": r.moderation_reason}
        for r in ratings
        if r.final_rating
    }
    if moderations:
        bundle["moderations"] = moderations
    if inspection.overall_judgement:
        bundle["overall_rating"] = inspection.overall_judgement
    if second_readings := second_readings_export(inspection=inspection):
        bundle["second_readings"] = second_readings
    return bundle
