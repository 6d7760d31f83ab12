"""The measuring of `bench.national`: the scopes measured (`World`: one inspection, its region, the
country), the floor's single SQL query for each, and interleaved medians and query counts."""

import statistics
import time
from collections.abc import Callable

from bench._national_setup import FRAMEWORK, REGION


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
    from casework.models import COUNTED_STATUSES

    return sql, [*params, [str(status) for status in COUNTED_STATUSES], inspection_ids]


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
