"""Counting over declared attributes: typed columns against the JSON `attributes` (ADR 0007).

Two format-2 frameworks, identical but for where their two rule attributes live: one declares
`case_type` and `pre_sentence_info` with the PDU values (so they are the typed columns), the
other the same values as `sentence` and `psi` (so they are keys of the case's JSON
`attributes`). An inspection of each with the same cases and answers (N cases, every item
answered); the figure is `results_compute` with breakdowns — one grouped case query and one
grouped answer query whose CASE WHEN carries the rule — median of warm runs, and the same with
the breakdown groups filtering on the attribute. Also whether PostgreSQL uses the GIN index for
a containment filter on the attribute. Runs in a transaction that is rolled back.
"""

import random
import statistics
import time
from datetime import date
from pathlib import Path

N = 2_000
ROUNDS = 7
AUDIT = Path(__file__).resolve().parents[1] / "tests" / "data" / "frameworks"


def _doc(code: str, sentence: str, psi: str) -> dict:
    from inspection.framework_file import yaml_load

    doc = yaml_load((AUDIT / "casefile-audit-test.yaml").read_text())
    doc["code"] = code
    doc.pop("samples")
    for domain in doc["domains"]:
        for standard in domain["standards"]:
            standard.pop("sample", None)
    doc["attributes"] = [
        {
            "name": sentence,
            "label": "Case type",
            "values": [
                {"value": v, "label": v.title()}
                for v in ("community", "suspended", "licence", "pss")
            ],
            "breakdown": True,
        },
        {
            "name": psi,
            "label": "Pre-sentence information given",
            "values": [{"value": True, "label": "Yes"}, {"value": False, "label": "No"}],
        },
    ]
    kqs = doc["domains"][0]["standards"][0]["key_questions"]
    kqs[0]["applies_to"] = {sentence: ["licence"]}
    kqs[1]["applies_to"] = {psi: [True]}
    doc["domains"][0]["standards"][1]["key_questions"][0]["applies_to"] = {psi: [True]}
    return doc


def _inspection(framework, rng: random.Random, typed: bool):
    from casework.models import Answer, Case
    from inspection.models import Inspection, Pdu, Region

    region, _ = Region.objects.get_or_create(name="Bench region (rolled back)")
    inspection = Inspection.objects.create(
        pdu=Pdu.objects.create(region=region, name=f"Bench PDU {framework.code}"),
        framework=framework,
        fieldwork_start=date(2025, 3, 3),
        fieldwork_end=date(2025, 3, 7),
    )
    cases = []
    for i in range(N):
        sentence = rng.choice(["community", "suspended", "licence", "pss"])
        psi = rng.choice([True, False, None])
        fields = (
            {"case_type": sentence, "pre_sentence_info": psi}
            if typed
            else {"attributes": {"sentence": sentence, **({"psi": psi} if psi is not None else {})}}
        )
        cases.append(
            Case(
                inspection=inspection,
                ref=f"B-{i}",
                start_date=date(2025, 1, 10),
                status="submitted",
                **fields,
            )
        )
    cases = Case.objects.bulk_create(cases)
    items = list(framework.items.all())
    Answer.objects.bulk_create(
        (
            Answer(case=case, item=item, value=rng.choice(item.answers))
            for case in cases
            for item in items
        ),
        batch_size=5_000,
    )
    return inspection


def _median(run) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()  # warm
    times = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries.captured_queries)


def main() -> None:
    from bench import setup_django

    setup_django()
    from django.db import connection, transaction

    from casework.models import Case
    from inspection.framework_file import framework_parse
    from inspection.services.frameworks import framework_load
    from reports.services.results import results_compute

    rows = []
    with transaction.atomic():
        for typed, names in (
            (True, ("case_type", "pre_sentence_info")),
            (False, ("sentence", "psi")),
        ):
            code = "bench-typed" if typed else "bench-json"
            framework = framework_load(doc=framework_parse(_doc(code, *names)))
            inspection = _inspection(framework, random.Random(2026), typed)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE cases_case; ANALYZE cases_answer")
            for breakdowns in (False, True):
                seconds, queries = _median(
                    lambda i=inspection, b=breakdowns: results_compute(inspection=i, breakdowns=b)
                )
                rows.append((code, breakdowns, seconds, queries))
            if not typed:
                plan = (
                    Case.objects.filter(attributes__contains={"sentence": "licence"})
                    .only("pk")
                    .explain()
                )
        transaction.set_rollback(True)
    print(f"{N:,} counted cases, every item answered; median of {ROUNDS} warm runs")
    print(f"{'framework':<12} {'breakdowns':>10} {'ms':>8} {'queries':>8}")
    for code, breakdowns, seconds, queries in rows:
        print(f"{code:<12} {breakdowns!s:>10} {seconds * 1000:>8.1f} {queries:>8}")
    print("containment filter on the JSON attribute:")
    print(plan)
