"""The data sets, index sets and separate-process measurements of `bench.national`."""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BULK = "casebook_bench"
FRAGMENTED = {"before": "casebook_bench_frag_before", "after": "casebook_bench_frag_after"}
FRAMEWORK = ("hmip-pdu-2021", 1)
REGION = "East Midlands"

# The answer table's index sets (names as the migrations create them).
INDEX_SETS = {
    "before": [
        "ALTER TABLE cases_answer ADD CONSTRAINT answer_unique_case_item UNIQUE (case_id, item_id)",
        "CREATE INDEX answer_case_value ON cases_answer (case_id, value)",
        "CREATE INDEX cases_answer_case_id_d3442c42 ON cases_answer (case_id)",
    ],
    "after": [
        "CREATE UNIQUE INDEX answer_unique_case_item ON cases_answer (case_id, item_id) "
        "INCLUDE (value)",
    ],
}
INDEX_LABELS = {
    "before": "unique (case, item) + (case, value) + (case)",
    "after": "unique (case, item) INCLUDE (value)",
}


def _drop_answer_indexes(cursor) -> None:
    cursor.execute("ALTER TABLE cases_answer DROP CONSTRAINT IF EXISTS answer_unique_case_item")
    for name in ("answer_unique_case_item", "answer_case_value", "cases_answer_case_id_d3442c42"):
        cursor.execute(f"DROP INDEX IF EXISTS {name}")


def index_set() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'cases_answer'")
        names = {row[0] for row in cursor.fetchall()}
    return "before" if "answer_case_value" in names else "after"


def use_index_set(name: str) -> None:
    from django.db import connection

    if index_set() == name:
        return
    with connection.cursor() as cursor:
        _drop_answer_indexes(cursor)
        for statement in INDEX_SETS[name]:
            cursor.execute(statement)
        cursor.execute("VACUUM ANALYZE cases_answer")


# --- the data sets ---------------------------------------------------------------------------


def ensure_data(log=print) -> None:
    from django.core.management import call_command

    from bench import _national_data as data

    data.use_database(BULK)
    if not data.is_built():
        log(f"building the national data set in {BULK} (a few minutes, once)", flush=True)
        started = time.perf_counter()
        data.build(log=log)
        log(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    for name, database in FRAGMENTED.items():
        wanted = f"{data.MARKER}; fragmented; indexes {name}"
        try:
            data.use_database(database)
            ready = data.marker() == wanted
        except Exception:  # the database does not exist yet
            ready = False
        if ready:
            call_command("migrate", "--no-input", verbosity=0)
            use_index_set(name)  # a migration may have put the other set in place
            continue
        log(f"building {database}: the answers rewritten as autosaves do (once)", flush=True)
        data.use_database(BULK)
        use_index_set(name)
        data.copy_database(BULK, database)
        data.use_database(database)
        started = time.perf_counter()
        updates = data.fragment(log=log)
        data.mark(wanted)
        log(f"  {updates:,} row updates in {time.perf_counter() - started:.0f} s", flush=True)
    data.use_database(BULK)
    use_index_set("after")  # as the migrations leave it


# --- separate processes: exports, the workbook against `check` ----------------------------------


def run_process(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run `manage.py ARGS` in a new process; returns (seconds, its peak RSS in MB, exit status,
    the end of its stderr)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "_peak.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    peak = (
        float(lines.pop().split()[1]) / 1024
        if lines and lines[-1].startswith("peak-rss-kb")
        else float("nan")
    )
    return seconds, peak, done.returncode, "\n".join(lines)[-500:]


def process_rows(inspection_id: int) -> list[tuple[str, str]]:
    from django.db import connection

    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY", "DATABASE_URL"))}
    # A broker nobody consumes: aggregation queues its roll-up refresh instead of running it.
    env |= {
        "DATABASE_URL": url,
        "CASEBOOK_LOCAL": "1",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_RESULT_BACKEND": "cache+memory://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        scope = ["--framework", FRAMEWORK[0], "--framework-version", str(FRAMEWORK[1])]
        for label, args in (
            ("national answers export, CSV", [*scope, "--output", f"{tmp}/national.csv"]),
            (
                f"{REGION} answers export, XLSX",
                [*scope, "--region", REGION, "--output", f"{tmp}/region.xlsx"],
            ),
            ("national answers export, XLSX", [*scope, "--output", f"{tmp}/national.xlsx"]),
        ):
            seconds, peak, status, err = run_process(["export_answers", *args], env)
            path = Path(args[-1])
            if status:
                rows.append((label, f"refused: {err.strip().splitlines()[-1]}"))
                continue
            lines = sum(1 for _ in path.open("rb")) - 1 if path.suffix == ".csv" else None
            size = path.stat().st_size / 2**20
            what = f"{lines:,} rows, " if lines is not None else ""
            rows.append(
                (
                    label,
                    f"{what}{size:.0f} MB file in {seconds:.1f} s, peak RSS {peak:.0f} MB (target < 60 s, < 300 MB nationally)",
                )
            )
        check, workbook = [], []
        for _ in range(3):
            check.append(run_process(["check"], env)[0])
            out = f"{tmp}/workbook.xlsx"
            workbook.append(
                run_process(["export_workbook", str(inspection_id), "--output", out], env)[0]
            )
        c, w = statistics.median(check), statistics.median(workbook)
        rows.append(
            (
                "export_workbook one inspection vs manage.py check",
                f"{w:.2f} s vs {c:.2f} s: {w / c:.1f}× (target ≤ 1.5×; issue 10 item 4, renderers)",
            )
        )
    return rows
