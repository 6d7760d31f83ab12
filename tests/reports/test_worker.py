"""Aggregation and report building in real Celery workers on Redis, including workers killed
with SIGKILL in the middle of a job: the job is re-queued and finished, never left stuck."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings

from casework.models import Case
from config.celery import app
from inspection.models import Inspection
from records.services.bundle import bundle_import
from reports.models import Job, ResultsSnapshot
from reports.services.jobs import aggregation_schedule, job_enqueue
from reports.tasks import aggregate_inspection, build_output
from tests.support.calibration import calibration_bundle
from tests.support.celery_broker import celery_broker

pytestmark = pytest.mark.celery_worker

BROKER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
ROOT = Path(__file__).resolve().parents[2]
# The fault tests' workers: a message held by a dead worker comes back after VISIBILITY seconds
# (production: an hour). The settings require the hard time limit to be shorter.
VISIBILITY = 10
WAIT = 90  # seconds a fault test waits for a job before it fails (a stuck job never gets there)


@pytest.fixture
def worker(transactional_db):
    with (
        celery_broker(BROKER, result_backend=BROKER),
        start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING") as w,
    ):
        yield w


def test_aggregation_and_report_building_run_in_a_real_worker(worker, framework):
    inspection = bundle_import(data=calibration_bundle())
    job = Job.objects.create(inspection=inspection, kind="aggregate")
    # The tasks keep no result (the Job row holds the state); this test asks for one to wait on.
    sent = aggregate_inspection.apply_async(args=[inspection.pk, job.pk], ignore_result=False)
    assert not isinstance(sent, EagerResult)  # really through the broker and the worker
    outcome = sent.get(timeout=60)
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 100)
    snapshot = ResultsSnapshot.objects.get(inspection=inspection, kind="latest")
    assert outcome["snapshot"] == snapshot.pk
    assert snapshot.document["overall"] == {"score": 2, "max": 27, "rating": "inadequate"}

    # a rerun in the worker overwrites the same snapshot with the same document
    again = aggregate_inspection.apply_async(args=[inspection.pk, job.pk], ignore_result=False)
    assert again.get(timeout=60)["snapshot"] == snapshot.pk
    assert ResultsSnapshot.objects.filter(inspection=inspection).count() == 1
    assert ResultsSnapshot.objects.get(pk=snapshot.pk).document == snapshot.document

    report = Job.objects.create(inspection=inspection, kind="report", format="docx")
    sent = build_output.apply_async(args=[report.pk], ignore_result=False)
    result = sent.get(timeout=120)
    report.refresh_from_db()
    assert result["state"] == "done" and report.state == "done" and report.progress == 100
    assert report.result_file.name.endswith(".docx")
    assert report.result_file.read(2) == b"PK"


# --- workers killed mid-job: real `celery -A config worker` processes on the test database ---


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Starts `celery -A config worker` processes (each in its own process group) on the test
    database and the test Redis, and kills whatever is left of them at the end."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir, self.started = log_dir, []
        drop = {"PYTEST_CURRENT_TEST", "CELERY_TASK_ALWAYS_EAGER", "CELERY_RESULT_BACKEND"}
        self.env = {k: v for k, v in os.environ.items() if k not in drop} | {
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": BROKER,
            "CASEBOOK_LOCAL": "true",
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
            "CELERY_TASK_TIME_LIMIT": str(VISIBILITY - 1),
            "CELERY_TASK_SOFT_TIME_LIMIT": str(VISIBILITY - 2),
            # the files a worker builds go where the test (its temporary MEDIA_ROOT) reads them
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }

    def start(self, name: str) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("w")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--hostname",
                f"{name}@%h",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in sorted(self.log_dir.glob("*.log")))

    def stop_all(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def kill_worker(proc: subprocess.Popen) -> None:
    """SIGKILL the whole worker (main process and pool), as when its host or container dies."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def pool_children(proc: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def wait_for(what: str, condition: Callable[[], bool], workers: Workers) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}\n{workers.logs()}")
        time.sleep(0.1)


def job_state(job: Job) -> tuple[str, int]:
    job.refresh_from_db()
    return job.state, job.progress


@pytest.fixture
def broker() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(BROKER)
    client.flushdb()  # this suite's own Redis database: no messages of an earlier run
    with celery_broker(BROKER):
        yield client
    client.flushdb()


@pytest.fixture
def workers(tmp_path, broker) -> Iterator[Workers]:
    started = Workers(tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
def counted(transactional_db, framework) -> Inspection:
    """The example inspection (102 counted cases), committed so worker processes can read it."""
    return bundle_import(data=calibration_bundle())


@pytest.fixture
def lock_inspection(counted) -> Iterator[Callable[[], None]]:
    """Hold the row lock every aggregation takes, from a connection of our own, so a worker's job
    stops mid-way; call the yielded function to release it. (NO KEY: rows that refer to the
    inspection, such as a new job, can still be written meanwhile.)"""
    conn = psycopg.connect(_database_url())
    table = Inspection._meta.db_table
    conn.execute(f"SELECT id FROM {table} WHERE id = %s FOR NO KEY UPDATE", [counted.pk])
    yield conn.rollback
    conn.close()


def test_a_delayed_recompute_held_by_a_killed_worker_is_finished_by_a_new_one(
    counted, workers, broker
):
    first = workers.start("first")
    job = aggregation_schedule(inspection=counted)  # a sign-off's recompute: 10 s countdown
    # the worker holds the delayed message unacknowledged until it is due: kill it then
    wait_for("the worker to take the delayed message", lambda: broker.hlen("unacked"), workers)
    kill_worker(first)
    assert job_state(job) == ("queued", 0)

    # two cases go back to draft meanwhile; the rerun must count the data as it is now
    Case.objects.filter(pk__in=counted.cases.values("pk")[:2]).update(status="draft")
    workers.start("second")
    wait_for("the job to finish", lambda: job_state(job)[0] == "done", workers)
    snapshot = ResultsSnapshot.objects.get(inspection=counted, kind="latest")
    assert job.snapshot == snapshot and snapshot.cases_counted == 100


def test_a_recompute_whose_worker_is_killed_mid_run_is_rerun_by_a_new_worker(
    counted, workers, lock_inspection
):
    first = workers.start("first")
    job = job_enqueue(inspection=counted, kind=Job.Kind.AGGREGATE)
    wait_for("the job to be running", lambda: job_state(job) == ("running", 10), workers)
    kill_worker(first)
    lock_inspection()
    assert job_state(job) == ("running", 10)  # what the issue saw forever

    workers.start("second")
    wait_for("the job to finish", lambda: job_state(job)[0] == "done", workers)
    snapshot = ResultsSnapshot.objects.get(inspection=counted, kind="latest")
    assert job.snapshot == snapshot and snapshot.cases_counted == 102
    assert snapshot.document["overall"] == {"score": 2, "max": 27, "rating": "inadequate"}


def test_a_build_whose_pool_process_is_killed_is_requeued_and_finished(
    counted, workers, lock_inspection
):
    worker = workers.start("only")
    job = job_enqueue(inspection=counted, kind=Job.Kind.REPORT, fmt="docx")
    wait_for("the build to be running", lambda: job_state(job) == ("running", 5), workers)
    (child,) = pool_children(worker)
    os.kill(child, signal.SIGKILL)  # the process running the build dies (e.g. out of memory)
    lock_inspection()

    # the worker rejects the lost task back to the queue and a new pool process builds it
    wait_for("the build to finish", lambda: job_state(job)[0] == "done", workers)
    assert worker.poll() is None and child not in pool_children(worker)
    assert job.result_file.name.endswith(".docx") and job.result_file.read(2) == b"PK"
