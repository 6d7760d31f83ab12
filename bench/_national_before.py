"""The "before" column of `bench.national`'s work table, measured on the code before issue 10.

`bench._before.run` copies this file into an export of that commit (`git archive`) and calls
`measure()` there, in its own process, on the national data set: the old code reads today's
tables as they are (the migrations since that commit only add tables, columns and indexes). It
imports nothing of this tree, only the exported code, so no old code ships in the product.

The scopes come from the caller in BENCH_NATIONAL (JSON: inspection, framework, region,
region_inspections, national_inspections, admin, rounds). Each figure is the median of warm
runs, the tasks taking turns within a round, as on the "after" side; the two sides are measured
in separate processes one after the other.
"""

import json
import os
import statistics
import time
from collections.abc import Callable


def _medians(tasks: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {label: [] for label in tasks}
    for n in range(rounds + 1):
        for label, task in tasks.items():
            started = time.perf_counter()
            task()
            if n:
                times[label].append(time.perf_counter() - started)
    return {label: statistics.median(values) for label, values in times.items()}


def _queries(task: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        task()
    return len(captured.captured_queries)


def tasks(spec: dict) -> dict[str, Callable[[], object]]:
    """The old code's work for each row ("results", "counting", "aggregate", "region",
    "national", "page"), as `bench.national` ran it in process before."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from reports.services.region import region_results_build

    from inspection.models import FrameworkVersion, Inspection
    from reports import selectors
    from reports.services.results import results_build, snapshot_refresh

    inspection = Inspection.objects.select_related("framework", "pdu__region").get(
        pk=spec["inspection"]
    )
    framework = FrameworkVersion.objects.get(pk=spec["framework"])
    scoped = Inspection.objects.filter(framework=framework).order_by("pk")
    region = list(scoped.filter(pk__in=spec["region_inspections"]))
    national = list(scoped.filter(pk__in=spec["national_inspections"]))
    client = Client()
    client.force_login(get_user_model().objects.get(pk=spec["admin"]))
    page = f"/reports/regions/{spec['region']}/{framework.pk}/"

    def aggregate() -> object:
        fresh = Inspection.objects.select_related("framework").get(pk=inspection.pk)
        return snapshot_refresh(inspection=fresh)

    def counting() -> None:
        items = selectors.framework_items(inspection=inspection)
        selectors.answer_counts(inspection=inspection, items=items)
        selectors.value_counts(inspection=inspection, items=items)
        selectors.cases_counted(inspection=inspection)
        selectors.group_sizes(inspection=inspection)
        for field in selectors.BREAKDOWN_FIELDS:
            selectors.answer_counts(inspection=inspection, items=items, by=field)

    def region_page() -> None:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)

    return {
        "results": lambda: results_build(inspection=inspection),
        "counting": counting,
        "aggregate": aggregate,
        "region": lambda: region_results_build(framework=framework, inspections=region),
        "national": lambda: region_results_build(framework=framework, inspections=national),
        "page": region_page,
    }


def measure() -> dict[str, dict[str, float | int]]:
    from django.test.utils import override_settings

    spec = json.loads(os.environ["BENCH_NATIONAL"])
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        work = tasks(spec)
        times = _medians(work, spec["rounds"])
        counts = {key: _queries(task) for key, task in work.items()}
    return {key: {"before": times[key], "before_queries": counts[key]} for key in work}
