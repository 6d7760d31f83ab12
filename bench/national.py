"""National scale (issue 10): Casebook against the floor, before and after, in one run.

The data set (bench/_national_data.py): 12 regions x 10 PDUs, one inspection each, 120 counted
cases per inspection, every applicable item answered (about 1.05 million answers), built once
through the models in `casebook_bench` and reused. Two copies of it have their answers rewritten
the way autosaves rewrite them (`casebook_bench_frag_before` / `_after`, one per index set).

The floor is the fastest single SQL query over Casebook's own tables that gives the same figures:
(item, value) -> count over the scope's counted answers, with the applicability rule applied in
SQL (built here from the same rule data as `inspection.applicability`). "After" is the code of
this tree; "before" is the code before issue 10, run from an export of that commit in its own
process on the same database (bench/_national_before.py, through bench/_before.py). Every figure
is the median of interleaved warm runs (each task once per round, rounds repeated); floor and
after share one process, before has its own. Nothing is asserted.

Tables printed:
1. work: floor, before, after (time and queries), ratios and targets — on the bulk-loaded table
   with the migrated indexes;
2. the answer table's indexes (before: unique (case, item) + (case, value) + (case); after:
   unique (case, item) INCLUDE (value)) on the bulk-loaded and on the fragmented table;
3. the answers export (national CSV, a region's XLSX) as separate processes: time and peak RSS;
   `export_workbook` for one inspection against `manage.py check`.
"""

import json
import os
from collections.abc import Callable

from bench._national_setup import (
    BULK,
    FRAGMENTED,
    INDEX_LABELS,
    ensure_data,
    process_rows,
    use_index_set,
)
from bench._national_world import World, interleaved, queries_of

REGIONS_ELSEWHERE = "Wales"  # where the autosave writes of the index table go

# --- work ----------------------------------------------------------------------------------------


def _client(world: World):
    from django.test import Client

    client = Client()
    client.force_login(world.admin)
    return client


def work_tasks(world: World) -> dict[str, dict[str, Callable[[], object]]]:
    """Rows of the main table: {row: {"floor"|"before"|"after": task}}."""
    from reports.services.results import results_build
    from reports.tasks import aggregate_inspection, refresh_rollup

    pk = world.inspection.pk
    client = _client(world)
    page = f"/reports/regions/{world.region.pk}/{world.framework.pk}/"

    def counting():
        from casework.models import Answer, Case
        from reports.counting import answer_tally, case_profile
        from reports.selectors import framework_plan

        plan = framework_plan(world.inspection.framework)
        cases = Case.objects.counted().filter(inspection=world.inspection)
        profile = case_profile(cases=cases, by=plan.breakdowns)
        answers = Answer.objects.counted().filter(case__inspection=world.inspection)
        groups = {a.name: list(profile.groups[a.name]) for a in plan.breakdowns}
        answer_tally(answers=answers, items=plan.items, declared=plan.declared, groups=groups)

    def region_page() -> None:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)

    return {
        "one inspection, results document only": {
            "floor": world.floor("inspection"),
            "after": lambda: results_build(inspection=world.inspection),
        },
        "one inspection, counting only (items, cases, answers, groups)": {
            "floor": world.floor("inspection"),
            "after": counting,
        },
        "one inspection, aggregate (results + breakdowns + store)": {
            "floor": world.floor("inspection"),
            "after": lambda: aggregate_inspection.run(pk),
        },
        f"a region's roll-up ({len(world.region_inspections)} inspections)": {
            "floor": world.floor("region"),
            "after": lambda: refresh_rollup.run(world.region_rollup.pk),
        },
        f"national roll-up (all {len(world.national_inspections)})": {
            "floor": world.floor("national"),
            "after": lambda: refresh_rollup.run(world.national_rollup.pk),
        },
        "region page (admin, every inspection)": {
            "after": region_page,
        },
    }


# Ratio to the floor each row must reach (issue 10), keyed by the row's first words.
TARGETS = {"one inspection, aggregate": 3.0, "a region's roll-up": 1.5, "national roll-up": 1.5}


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


# The rows of the before side (bench/_national_before.py), in the order of `work_tasks`.
BEFORE_KEYS = ["results", "counting", "aggregate", "region", "national", "page"]


def before_figures(world: World, rounds: int) -> dict[str, dict]:
    """{row: {"before": seconds, "before_queries": n}} from the code before issue 10, or {} with
    the reason printed when it cannot be run here."""
    from bench import _before

    spec = {"inspection": world.inspection.pk, "framework": world.framework.pk, "rounds": rounds}
    spec |= {"region": world.region.pk, "admin": world.admin.pk}
    spec |= {scope + "_inspections": world.ids(scope) for scope in ("region", "national")}
    env = {"BENCH_NATIONAL": json.dumps(spec)}
    try:
        found = _before.run("_national_before", url=os.environ["DATABASE_URL"], env=env)
    except _before.Unavailable as exc:
        print(f"(before figures left out: {exc})")
        return {}
    assert isinstance(found, dict)
    return {row: found[key] for row, key in zip(work_tasks(world), BEFORE_KEYS, strict=True)}


def work_table(world: World, rounds: int) -> list[dict]:
    from django.test.utils import override_settings

    before = before_figures(world, rounds)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        rows = work_tasks(world)
        flat = {
            f"{row}|{kind}": task for row, kinds in rows.items() for kind, task in kinds.items()
        }
        times = interleaved(flat, rounds)
        counts = {key: queries_of(task) for key, task in flat.items()}
    out = []
    for row, kinds in rows.items():
        entry = {"work": row, "before": None, "before_queries": None, **before.get(row, {})}
        for kind in kinds:
            entry[kind] = times[f"{row}|{kind}"]
            entry[f"{kind}_queries"] = counts[f"{row}|{kind}"]
        out.append(entry)
    return out


def print_work(rows: list[dict]) -> None:
    print(
        f"{'work':<58} {'floor':>9} {'before':>20} {'after':>18} {'before×':>8} {'after×':>7} {'target':>7}"
    )
    for r in rows:
        floor = r.get("floor")
        before = f"{fmt(r['before'])}, {r['before_queries']} q" if r["before"] else "—"
        after = f"{fmt(r['after'])}, {r['after_queries']} q"
        ratio_b = f"{r['before'] / floor:.1f}×" if floor and r["before"] else "—"
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

    from casework.models import Answer

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
            cursor.execute(
                "SELECT pg_total_relation_size('cases_answer'), pg_indexes_size('cases_answer')"
            )
            total, indexes = cursor.fetchone()
            cursor.execute("VACUUM cases_answer")
        rows.append(
            {
                "table": table,
                "indexes": name,
                **times,
                "size": total / 2**20,
                "index_size": indexes / 2**20,
            }
        )
    data.use_database(BULK)
    use_index_set("after")
    return rows


def print_indexes(rows: list[dict]) -> None:
    columns = [
        "floor: inspection",
        "floor: region",
        "floor: national",
        "aggregate",
        "region roll-up",
        "national roll-up",
        "autosave write",
    ]
    print(
        f"{'answers table':<13} {'indexes':<46} "
        + " ".join(f"{c:>17}" for c in columns)
        + f" {'table+idx MB':>13} {'idx MB':>7}"
    )
    for r in rows:
        figures = " ".join(f"{fmt(r[c]):>17}" for c in columns)
        label = f"{r['indexes']}: {INDEX_LABELS[r['indexes']]}"
        print(f"{r['table']:<13} {label:<46} {figures} {r['size']:>13.0f} {r['index_size']:>7.0f}")


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
    for label, text in process_rows(World().inspection.pk):
        print(f"{label:<52} {text}")


if __name__ == "__main__":
    main()
