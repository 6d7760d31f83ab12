"""The `second_readings` of a bundle export (the inverse of
`records.services.bundle_readings.second_readings_create`)."""

from collections import defaultdict
from typing import Any, cast

from casework.models import Case
from inspection.models import Inspection
from readings.models import Reading, ReadingAnswer, ReadingKind, ReadingStatus, Settlement


def second_readings_export(*, inspection: Inspection) -> list[dict[str, Any]]:
    """Every second reading with a reader, by case ref: answers (blank ones left out), evidence,
    `status` when not submitted, and settlements. A reading chosen but not yet given to anyone
    has nothing to carry and is left out. Three queries."""
    readings = list(
        Reading.objects.filter(kind=ReadingKind.SECOND, case__inspection=inspection)
        .select_related("case", "reader")
        .order_by("case__ref")
    )
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    evidence: dict[int, dict[str, str]] = defaultdict(dict)
    for reading_id, code, value, text in (
        ReadingAnswer.objects.filter(reading__in=readings)
        .order_by("reading_id", "item__order")
        .values_list("reading_id", "item__code", "value", "evidence")
    ):
        if value:
            answers[reading_id][code] = value
        if text:
            evidence[reading_id][code] = text
    settled: dict[int, list[dict[str, str]]] = defaultdict(list)
    for s in (
        Settlement.objects.filter(reading__in=readings)
        .order_by("reading_id", "item__order")
        .values("reading_id", "item__code", "outcome", "first_value", "value", "reason")
    ):
        settled[s["reading_id"]].append(
            {
                "item": s["item__code"],
                "outcome": s["outcome"],
                "first": s["first_value"],
                "value": s["value"],
                "reason": s["reason"],
            }
        )
    out = []
    for reading in readings:
        reader = reading.reader.get_username() if reading.reader else reading.reader_name
        if not reader:
            continue
        row: dict[str, Any] = {
            "case_ref": cast(Case, reading.case).ref,  # a second reading's
            "reader": reader,
            "answers": answers.get(reading.pk, {}),
        }
        if evidence.get(reading.pk):
            row["evidence"] = evidence[reading.pk]
        if reading.status != ReadingStatus.SUBMITTED:
            row["status"] = reading.status
        if settled.get(reading.pk):
            row["settlements"] = settled[reading.pk]
        out.append(row)
    return out
