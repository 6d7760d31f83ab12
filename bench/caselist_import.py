"""Import a 20,000-row case list (CSV and XLSX): check, stage, commit, then draw. Prints the time
of each step (a pass without tracing) and its peak Python memory (a second pass under tracemalloc,
which slows code down, so its times are not used).

Runs inside a transaction that is rolled back, so the database is left as it was.
"""

import time
import tracemalloc
from datetime import date

ROWS = 20_000


def _steps(inspection, csv_bytes: bytes, xlsx_bytes: bytes):
    from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
    from sampling.services.sampling import sample_draw

    state = {}

    def stage_csv():
        state["upload"] = caselist_upload_stage(
            inspection=inspection, data=csv_bytes, filename="b.csv", user=None
        )

    def stage_xlsx():
        state["upload"] = caselist_upload_stage(
            inspection=inspection, data=xlsx_bytes, filename="b.xlsx", user=None
        )

    return [
        ("CSV: read, check, stage", stage_csv),
        ("XLSX: read, check, stage", stage_xlsx),
        ("commit 20,000 cohort records", lambda: caselist_upload_commit(upload=state["upload"])),
        (
            "draw 42 of 20,000 (10 reserves each)",
            lambda: sample_draw(inspection=inspection, size=42, seed=1),
        ),
    ]


def _run(inspection, csv_bytes: bytes, xlsx_bytes: bytes, *, trace: bool) -> dict[str, float]:
    from django.db import transaction

    figures = {}
    with transaction.atomic():
        for label, step in _steps(inspection, csv_bytes, xlsx_bytes):
            if trace:
                tracemalloc.start()
            started = time.perf_counter()
            step()
            figures[label] = time.perf_counter() - started
            if trace:
                figures[label] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
        transaction.set_rollback(True)
    return figures


def main() -> None:
    from bench import setup_django

    setup_django()
    from django.db import transaction

    from inspection.models import CohortWindow, FrameworkVersion, Inspection, Pdu, Region
    from tests.support.caselist_data import case_rows, to_csv, to_xlsx

    rows = case_rows(ROWS, seed=2026)
    csv_bytes, xlsx_bytes = to_csv(rows), to_xlsx(rows)
    print(
        f"{ROWS:,} rows: CSV {len(csv_bytes) / 2**20:.1f} MiB, XLSX {len(xlsx_bytes) / 2**20:.1f} MiB"
    )
    with transaction.atomic():
        region = Region.objects.create(name="Bench region (rolled back)")
        inspection = Inspection.objects.create(
            pdu=Pdu.objects.create(region=region, name="Bench PDU"),
            framework=FrameworkVersion.objects.order_by("pk").first(),
            fieldwork_start=date(2022, 11, 28),
            fieldwork_end=date(2022, 12, 2),
        )
        CohortWindow.objects.create(
            inspection=inspection, start=date(2022, 4, 18), end=date(2022, 4, 24)
        )
        times = _run(inspection, csv_bytes, xlsx_bytes, trace=False)
        peaks = _run(inspection, csv_bytes, xlsx_bytes, trace=True)
        for label, seconds in times.items():
            print(f"{label:<40} {seconds:6.2f} s   peak {peaks[label]:6.1f} MiB", flush=True)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
