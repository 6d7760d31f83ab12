"""National scale (issue 10): Casebook against the floor, before and after, in one run.

The data set (bench/_national_data.py): 12 regions x 10 PDUs, one inspection each, 120 counted
cases per inspection, every applicable item answered (about 1.05 million answers), built once
through the models in `casebook_bench` and reused. Two copies of it have their answers rewritten
the way autosaves rewrite them (`casebook_bench_frag_before` / `_after`, one per index set).

The floor is the fastest single SQL query over Casebook's own tables that gives the same figures:
(item, value) -> count over the scope's counted answers, with the applicability rule applied in
SQL (built here from the same rule data as `inspection.applicability`). "Before" is the code as it
was (bench/_legacy.py, with its scoring); "after" is the code of this tree. Every figure is the
median of interleaved warm runs (each task once per round, rounds repeated), taken in this one
process, so ratios compare like with like. Nothing is asserted.

Tables printed:
1. work: floor, before, after (time and queries), ratios and targets — on the bulk-loaded table
   with the migrated indexes;
2. the answer table's indexes (before: unique (case, item) + (case, value) + (case); after:
   unique (case, item) INCLUDE (value)) on the bulk-loaded and on the fragmented table;
3. the answers export (national CSV, a region's XLSX) as separate processes: time and peak RSS;
   `export_workbook` for one inspection against `manage.py check`.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BULK = "casebook_bench"
FRAGMENTED = {"before": "casebook_bench_frag_before", "after": "casebook_bench_frag_after"}
REGION = "East Midlands"
REGIONS_ELSEWHERE = "Wales"  # where the autosave writes of the index table go
FRAMEWORK = ("hmip-pdu-2021", 1)
COUNTED = ("submitted", "signed_off")

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


# --- measuring -------------------------------------------------------------------------------


def interleaved(tasks: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each task over `rounds` rounds, the tasks taking turns within a round
    (after one warm-up round)."""
    times: dict[str, list[float]] = {label: [] for label in tasks}
    for n in range(rounds + 1):
        for label, task in tasks.items():
            started = time.perf_counter()
            task()
            if n:
                times[label].append(time.perf_counter() - started)
    return {label: statistics.median(values) for label, values in times.items()}


def queries_of(task: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        task()
    return len(captured.captured_queries)


def floor_sql(items, inspection_ids: list[int]) -> tuple[str, list]:
    """The floor: one grouped query, the applicability rule (unknown is not "no") written as SQL
    from the items' rule data and the attribute registry's unknown values."""
    from inspection.attributes import BY_NAME

    by_rule: dict[str, tuple[dict, list[int]]] = {}
    for item in items:
        if item.applies_to:
            key = repr(sorted(item.applies_to.items()))
            by_rule.setdefault(key, (item.applies_to, []))[1].append(item.pk)
    excluded, params = [], []
    for rule, ids in by_rule.values():
        applies, clause = [], [ids]
        for attribute, allowed in rule.items():
            unknown = [v for v in BY_NAME[attribute].unknown if v not in (None, "")]
            is_text = all(isinstance(v, str) for v in allowed)
            terms = [f"c.{attribute} IS NULL"] + ([f"c.{attribute} = ''"] if is_text else [])
            if unknown:
                terms.append(f"c.{attribute} = ANY(%s)")
                clause.append(unknown)
            terms.append(f"c.{attribute} = ANY(%s)")
            clause.append(list(allowed))
            applies.append("(" + " OR ".join(terms) + ")")
        excluded.append(f"(a.item_id = ANY(%s) AND NOT ({' AND '.join(applies)}))")
        params += clause
    sql = (
        "SELECT a.item_id, CASE WHEN a.value = 'na' OR "
        + (" OR ".join(excluded) or "FALSE")
        + " THEN 'na' ELSE a.value END AS v, count(*) FROM cases_answer a "
        "JOIN cases_case c ON c.id = a.case_id WHERE c.status = ANY(%s) AND a.value <> '' "
        "AND c.inspection_id = ANY(%s) GROUP BY 1, 2"
    )
    return sql, [*params, list(COUNTED), inspection_ids]


class World:
    """The scopes measured: one inspection, its region (10 inspections), the country (120)."""

    def __init__(self) -> None:
        from django.contrib.auth import get_user_model

        from accounts.services import account_admin_set
        from inspection.models import FrameworkVersion, Inspection, Item, Region
        from reports.services.rollups import rollup_row

        self.framework = FrameworkVersion.objects.get(code=FRAMEWORK[0], version=FRAMEWORK[1])
        self.region = Region.objects.get(name=REGION)
        scoped = Inspection.objects.filter(framework=self.framework).order_by("pk")
        self.region_inspections = list(scoped.filter(pdu__region=self.region))
        self.national_inspections = list(scoped)
        self.inspection = Inspection.objects.select_related("framework", "pdu__region").get(
            pk=self.region_inspections[0].pk
        )
        self.items = list(Item.objects.filter(framework=self.framework))
        self.region_rollup = rollup_row(framework=self.framework, region=self.region)
        self.national_rollup = rollup_row(framework=self.framework)
        user, _ = get_user_model().objects.get_or_create(username="bench-admin")
        account_admin_set(user=user, is_admin=True)
        self.admin = user

    def ids(self, scope: str) -> list[int]:
        return {
            "inspection": [self.inspection.pk],
            "region": [i.pk for i in self.region_inspections],
            "national": [i.pk for i in self.national_inspections],
        }[scope]

    def floor(self, scope: str) -> Callable[[], object]:
        from django.db import connection

        sql, params = floor_sql(self.items, self.ids(scope))

        def run() -> list:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run


def _client(world: World):
    from django.test import Client

    client = Client()
    client.force_login(world.admin)
    return client


def work_tasks(world: World) -> dict[str, dict[str, Callable[[], object]]]:
    """Rows of the main table: {row: {"floor"|"before"|"after": task}}."""
    from bench import _legacy
    from inspection.models import Inspection
    from reports.services.results import results_build
    from reports.tasks import aggregate_inspection, refresh_rollup

    pk = world.inspection.pk
    client = _client(world)
    page = f"/reports/regions/{world.region.pk}/{world.framework.pk}/"
    legacy_page = f"/bench/legacy-region/{world.region.pk}/{world.framework.pk}/"

    def legacy_aggregate():
        inspection = Inspection.objects.select_related("framework").get(pk=pk)
        return _legacy.snapshot_refresh(inspection=inspection)

    def legacy_counting():
        items = _legacy.framework_items(inspection=world.inspection)
        _legacy.answer_counts(inspection=world.inspection, items=items)
        _legacy.value_counts(inspection=world.inspection, items=items)
        _legacy.cases_counted(inspection=world.inspection)
        _legacy.group_sizes(inspection=world.inspection)
        for field in _legacy.BREAKDOWN_FIELDS:
            _legacy.answer_counts(inspection=world.inspection, items=items, by=field)

    def counting():
        from cases.models import Answer, Case
        from reports.counting import answer_tally, case_profile, group_tally
        from reports.selectors import BREAKDOWN_FIELDS, framework_items

        items = framework_items(inspection=world.inspection)
        cases = Case.objects.counted().filter(inspection=world.inspection)
        profile = case_profile(cases=cases, by=BREAKDOWN_FIELDS)
        answers = Answer.objects.counted().filter(case__inspection=world.inspection)
        answer_tally(answers=answers, items=items)
        groups = {name: list(profile.groups[name]) for name in BREAKDOWN_FIELDS}
        group_tally(answers=answers, items=[i for i in items if not i.parent_id], groups=groups)

    def get(url: str) -> Callable[[], object]:
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    return {
        "one inspection, results document only": {
            "floor": world.floor("inspection"),
            "before": lambda: _legacy.results_build(inspection=world.inspection),
            "after": lambda: results_build(inspection=world.inspection),
        },
        "one inspection, counting only (items, cases, answers, groups)": {
            "floor": world.floor("inspection"),
            "before": legacy_counting,
            "after": counting,
        },
        "one inspection, aggregate (results + breakdowns + store)": {
            "floor": world.floor("inspection"),
            "before": legacy_aggregate,
            "after": lambda: aggregate_inspection.run(pk),
        },
        f"a region's roll-up ({len(world.region_inspections)} inspections)": {
            "floor": world.floor("region"),
            "before": lambda: _legacy.region_results_build(
                framework=world.framework, inspections=world.region_inspections
            ),
            "after": lambda: refresh_rollup.run(world.region_rollup.pk),
        },
        f"national roll-up (all {len(world.national_inspections)})": {
            "floor": world.floor("national"),
            "before": lambda: _legacy.region_results_build(
                framework=world.framework, inspections=world.national_inspections
            ),
            "after": lambda: refresh_rollup.run(world.national_rollup.pk),
        },
        "region page (admin, every inspection)": {
            "before": get(legacy_page),
            "after": get(page),
        },
    }


# Ratio to the floor each row must reach (issue 10), keyed by the row's first words.
TARGETS = {"one inspection, aggregate": 3.0, "a region's roll-up": 1.5, "national roll-up": 1.5}


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def work_table(world: World, rounds: int) -> list[dict]:
    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF="bench._legacy_urls", ALLOWED_HOSTS=["testserver"]):
        rows = work_tasks(world)
        flat = {
            f"{row}|{kind}": task for row, kinds in rows.items() for kind, task in kinds.items()
        }
        times = interleaved(flat, rounds)
        counts = {key: queries_of(task) for key, task in flat.items()}
    out = []
    for row, kinds in rows.items():
        entry = {"work": row}
        for kind in kinds:
            entry[kind] = times[f"{row}|{kind}"]
            entry[f"{kind}_queries"] = counts[f"{row}|{kind}"]
        out.append(entry)
    return out


def print_work(rows: list[dict]) -> None:
    print(f"{'work':<58} {'floor':>9} {'before':>20} {'after':>18} {'before×':>8} {'after×':>7} {'target':>7}")  # fmt: skip
    for r in rows:
        floor = r.get("floor")
        before = f"{fmt(r['before'])}, {r['before_queries']} q"
        after = f"{fmt(r['after'])}, {r['after_queries']} q"
        ratio_b = f"{r['before'] / floor:.1f}×" if floor else "—"
        ratio_a = f"{r['after'] / floor:.1f}×" if floor else "—"
        target = next((t for key, t in TARGETS.items() if r["work"].startswith(key)), None)
        print(
            f"{r['work']:<58} {fmt(floor):>9} {before:>20} {after:>18} {ratio_b:>8} {ratio_a:>7} "
            f"{(f'≤ {target}×' if target else '—'):>7}"
        )


# --- indexes -----------------------------------------------------------------------------------


def autosave_writes(world: World, n: int = 200) -> Callable[[], object]:
    """n single-row answer updates as an autosave writes them (value and evidence change, each
    its own statement), rolled back so the data stays as it was; the figure is per update. The
    rows are in another region than the one measured: autosaves touch draft cases, never the
    counted ones, so they must not clear the visibility map under the measured reads."""
    import random

    from django.db import transaction
    from django.db.models import Case, Value, When
    from django.db.models.functions import Concat, Now

    from cases.models import Answer

    ids = list(
        Answer.objects.filter(
            case__inspection__in=world.region_inspections, value__in=["yes", "no"]
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = random.Random(7).sample(ids, n)

    def run() -> None:
        with transaction.atomic():
            for pk in chosen:
                Answer.objects.filter(pk=pk).update(
                    value=Case(When(value="yes", then=Value("no")), default=Value("yes")),
                    evidence=Concat("evidence", Value(" More.")),
                    updated_at=Now(),
                )
            transaction.set_rollback(True)

    run.per = n
    return run


def index_table(rounds: int) -> list[dict]:
    from django.db import connection

    from bench import _national_data as data
    from reports.tasks import aggregate_inspection, refresh_rollup

    rows = []
    configs = [(BULK, "bulk-loaded", name) for name in ("before", "after")]
    configs += [(FRAGMENTED[name], "fragmented", name) for name in ("before", "after")]
    for database, table, name in configs:
        data.use_database(database)
        use_index_set(name)
        world = World()
        writes = autosave_writes(world)
        tasks = {
            "floor: inspection": world.floor("inspection"),
            "floor: region": world.floor("region"),
            "floor: national": world.floor("national"),
            "aggregate": lambda w=world: aggregate_inspection.run(w.inspection.pk),
            "region roll-up": lambda w=world: refresh_rollup.run(w.region_rollup.pk),
            "national roll-up": lambda w=world: refresh_rollup.run(w.national_rollup.pk),
            "autosave write": writes,
        }
        times = interleaved(tasks, rounds)
        times["autosave write"] /= writes.per
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('cases_answer'), pg_indexes_size('cases_answer')")  # fmt: skip
            total, indexes = cursor.fetchone()
            cursor.execute("VACUUM cases_answer")
        rows.append({"table": table, "indexes": name, **times,
                     "size": total / 2**20, "index_size": indexes / 2**20})  # fmt: skip
    data.use_database(BULK)
    use_index_set("after")
    return rows


def print_indexes(rows: list[dict]) -> None:
    columns = ["floor: inspection", "floor: region", "floor: national", "aggregate",
               "region roll-up", "national roll-up", "autosave write"]  # fmt: skip
    print(f"{'answers table':<13} {'indexes':<46} " + " ".join(f"{c:>17}" for c in columns) + f" {'table+idx MB':>13} {'idx MB':>7}")  # fmt: skip
    for r in rows:
        figures = " ".join(f"{fmt(r[c]):>17}" for c in columns)
        label = f"{r['indexes']}: {INDEX_LABELS[r['indexes']]}"
        print(f"{r['table']:<13} {label:<46} {figures} {r['size']:>13.0f} {r['index_size']:>7.0f}")


# --- separate processes: exports, the workbook against `check` ----------------------------------


def run_process(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run `manage.py ARGS` in a new process; returns (seconds, its peak RSS in MB, exit status,
    the end of its stderr)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "_peak.py"), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    peak = float(lines.pop().split()[1]) / 1024 if lines and lines[-1].startswith("peak-rss-kb") else float("nan")  # fmt: skip
    return seconds, peak, done.returncode, "\n".join(lines)[-500:]


def process_rows(world: World) -> list[tuple[str, str]]:
    from django.db import connection

    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY", "DATABASE_URL"))}
    # A broker nobody consumes: aggregation queues its roll-up refresh instead of running it.
    env |= {"DATABASE_URL": url, "CASEBOOK_LOCAL": "1", "CELERY_BROKER_URL": "memory://",
            "CELERY_RESULT_BACKEND": "cache+memory://", "CELERY_TASK_ALWAYS_EAGER": "false"}  # fmt: skip
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        scope = ["--framework", FRAMEWORK[0], "--framework-version", str(FRAMEWORK[1])]
        for label, args in (
            ("national answers export, CSV", [*scope, "--output", f"{tmp}/national.csv"]),
            (f"{REGION} answers export, XLSX", [*scope, "--region", REGION, "--output", f"{tmp}/region.xlsx"]),
            ("national answers export, XLSX", [*scope, "--output", f"{tmp}/national.xlsx"]),
        ):  # fmt: skip
            seconds, peak, status, err = run_process(["export_answers", *args], env)
            path = Path(args[-1])
            if status:
                rows.append((label, f"refused: {err.strip().splitlines()[-1]}"))
                continue
            lines = sum(1 for _ in path.open("rb")) - 1 if path.suffix == ".csv" else None
            size = path.stat().st_size / 2**20
            what = f"{lines:,} rows, " if lines is not None else ""
            rows.append((label, f"{what}{size:.0f} MB file in {seconds:.1f} s, peak RSS {peak:.0f} MB (target < 60 s, < 300 MB nationally)"))  # fmt: skip
        check, workbook = [], []
        for _ in range(3):
            check.append(run_process(["check"], env)[0])
            out = f"{tmp}/workbook.xlsx"
            workbook.append(run_process(["export_workbook", str(world.inspection.pk), "--output", out], env)[0])  # fmt: skip
        c, w = statistics.median(check), statistics.median(workbook)
        rows.append(("export_workbook one inspection vs manage.py check",
                     f"{w:.2f} s vs {c:.2f} s: {w / c:.1f}× (target ≤ 1.5×; issue 10 item 4, renderers)"))  # fmt: skip
    return rows


def main() -> None:
    from bench import setup_django

    setup_django()
    from config.celery import app

    # Aggregation queues its roll-up refresh (debounced) on a broker nobody consumes, as it does
    # in production, instead of running it inline as the embedded default would.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    ensure_data()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_answer")
        answers = cursor.fetchone()[0]
    world = World()
    print(
        f"national data set: {len(world.national_inspections)} inspections, 12 regions, "
        f"{answers:,} answers; medians of {rounds} interleaved warm rounds"
    )
    print("\n1. Work, floor, before and after (bulk-loaded table, migrated indexes)")
    print_work(work_table(world, rounds))
    print("\n2. The answer table's indexes (after-code; per-update cost of an autosave write)")
    print_indexes(index_table(rounds))
    print("\n3. Separate processes")
    for label, text in process_rows(World()):
        print(f"{label:<52} {text}")


if __name__ == "__main__":
    main()
