"""Aggregation cost against sample size: time and query count of `results_build` for inspections of
100, 1,000 and 5,000 counted cases with every applicable item answered. Prints the figures and
the ratios (a grouped query should keep the query count flat and the time far below linear).

Runs inside a transaction that is rolled back, so the database is left as it was.
"""

import random
import time
from datetime import date

SIZES = (100, 1_000, 5_000)


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


def main() -> None:
    from bench import setup_django

    setup_django()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from inspection.models import FrameworkVersion
    from reports.services.results import results_build

    framework = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    rng = random.Random(2026)
    rows = []
    with transaction.atomic():
        for n in SIZES:
            inspection, answers = _inspection(framework, n, rng)
            results_build(inspection=inspection)  # warm caches
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                doc = results_build(inspection=inspection)
                seconds = time.perf_counter() - started
            assert doc["cases_counted"] == n
            rows.append((n, answers, seconds, len(queries.captured_queries)))
        transaction.set_rollback(True)
    print(f"{'cases':>7} {'answers':>9} {'seconds':>9} {'queries':>8}")
    for n, answers, seconds, queries in rows:
        print(f"{n:>7,} {answers:>9,} {seconds:>9.3f} {queries:>8}")
    small, large = rows[0], rows[-1]
    print(
        f"ratio {large[0] // small[0]}x cases -> {large[2] / small[2]:.1f}x time, "
        f"{large[3] / small[3]:.1f}x queries"
    )


if __name__ == "__main__":
    main()
