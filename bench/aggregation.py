"""Aggregation cost against sample size: time and query count of `results_build` for inspections of
100, 1,000 and 5,000 counted cases with every applicable item answered. Prints the figures and
the ratios (a grouped query should keep the query count flat and the time far below linear).
One more row: a youth inspection (`hmip-youth-2021`) of 1,000 cases whose declared attributes
live in the JSON `attributes`, counted in its court and out-of-court samples (resettlement has
no case, so 4.1 is not rated).

Runs inside a transaction that is rolled back, so the database is left as it was.
"""

import random
import time
from datetime import date

SIZES = (100, 1_000, 5_000)
YOUTH_CASES = 1_000
OOCD_TYPES = ("community_resolution", "youth_caution", "youth_conditional_caution")


def _inspection(framework, n: int, rng: random.Random):
    from casework.models import Answer, Case
    from inspection.models import CohortWindow, Inspection, Pdu, Region

    region, _ = Region.objects.get_or_create(name="Bench region (rolled back)")
    inspection = Inspection.objects.create(
        pdu=Pdu.objects.create(region=region, name=f"Bench PDU {n}"),
        framework=framework,
        fieldwork_start=date(2022, 11, 28),
        fieldwork_end=date(2022, 12, 2),
    )
    CohortWindow.objects.create(
        inspection=inspection, start=date(2022, 4, 1), end=date(2022, 4, 30)
    )
    cases = Case.objects.bulk_create(
        Case(
            inspection=inspection,
            ref=f"B-{i}",
            case_type=rng.choice(["community", "licence"]),
            start_date=date(2022, 4, 10),
            rosh=rng.choice(["low", "medium", "high"]),
            gender=rng.choice(["male", "female"]),
            pre_sentence_info=rng.random() < 0.2,
            status="submitted",
        )
        for i in range(n)
    )
    items = list(framework.items.all())
    answers = []
    for case in cases:
        attrs = {
            "case_type": case.case_type,
            "rosh": case.rosh,
            "gender": case.gender,
            "pre_sentence_info": case.pre_sentence_info,
        }
        for item in items:
            if item.applies_to_case(attrs):
                answers.append(Answer(case=case, item=item, value=rng.choice(item.answers)))
    Answer.objects.bulk_create(answers, batch_size=5_000)
    return inspection, len(answers)


def _youth_inspection(n: int, rng: random.Random):
    """`n` submitted youth cases, court or out-of-court, none released from custody; every item
    relevant to a case (its rule and its standard's sample) answered."""
    from casework.models import Answer, Case
    from inspection.models import CohortWindow, Inspection, Item, Pdu, Region
    from reports.demo_youth import youth_framework

    framework = youth_framework()
    region, _ = Region.objects.get_or_create(name="Bench region (rolled back)")
    inspection = Inspection.objects.create(
        pdu=Pdu.objects.create(region=region, name=f"Bench youth justice service {n}"),
        framework=framework,
        fieldwork_start=date(2022, 11, 28),
        fieldwork_end=date(2022, 12, 2),
    )
    CohortWindow.objects.create(
        inspection=inspection, start=date(2022, 4, 1), end=date(2022, 4, 30)
    )
    cases = []
    for i in range(n):
        court = rng.random() < 0.6
        attributes = {"disposal": "court" if court else "oocd", "custody": False}
        if not court:
            attributes["oocd_type"] = rng.choice(OOCD_TYPES)
        cases.append(
            Case(
                inspection=inspection,
                ref=f"BY-{i}",
                start_date=date(2022, 4, 10),
                gender="unknown",
                attributes=attributes,
                status="submitted",
            )
        )
    Case.objects.bulk_create(cases)
    items = list(Item.objects.filter(framework=framework).select_related("standard__sample"))
    answers = [
        Answer(case=case, item=item, value=rng.choice(item.answers))
        for case in cases
        for item in items
        if item.relevant_to_case(case.attributes)
    ]
    Answer.objects.bulk_create(answers, batch_size=5_000)
    return inspection, len(answers)


def _measure(inspection, n: int, answers: int) -> tuple[int, int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.services.results import results_build

    results_build(inspection=inspection)  # warm caches
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        doc = results_build(inspection=inspection)
        seconds = time.perf_counter() - started
    assert doc["cases_counted"] == n
    return n, answers, seconds, len(queries.captured_queries)


def main() -> None:
    from bench import setup_django

    setup_django()
    from django.db import transaction

    from inspection.models import FrameworkVersion

    framework = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    rng = random.Random(2026)
    rows = []
    with transaction.atomic():
        for n in SIZES:
            inspection, answers = _inspection(framework, n, rng)
            rows.append(_measure(inspection, n, answers))
        youth, answers = _youth_inspection(YOUTH_CASES, rng)
        youth_row = _measure(youth, YOUTH_CASES, answers)
        transaction.set_rollback(True)
    print(f"{'cases':>7} {'answers':>9} {'seconds':>9} {'queries':>8}")
    for n, answers, seconds, queries in rows:
        print(f"{n:>7,} {answers:>9,} {seconds:>9.3f} {queries:>8}")
    n, answers, seconds, queries = youth_row
    print(
        f"{n:>7,} {answers:>9,} {seconds:>9.3f} {queries:>8}"
        "  youth: attributes in JSON, two samples"
    )
    small, large = rows[0], rows[-1]
    print(
        f"ratio {large[0] // small[0]}x cases -> {large[2] / small[2]:.1f}x time, "
        f"{large[3] / small[3]:.1f}x queries"
    )


if __name__ == "__main__":
    main()
