"""A broker outage while a worker holds work: Redis (a real `redis-server` of the test's own, with
the append-only file as in docker-compose.yml) is stopped for 10 seconds and started again. The
worker must stay alive, reconnect, and finish every job it held or that was queued."""

import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from inspection.models import Inspection
from records.services.bundle import bundle_import
from reports.models import Job, ResultsSnapshot
from reports.services.jobs import aggregation_schedule, job_enqueue
from tests.reports.test_worker import ROOT, Workers, _database_url, job_state, wait_for
from tests.support.calibration import calibration_bundle
from tests.support.celery_broker import celery_broker

pytestmark = pytest.mark.celery_worker

OUTAGE = 10  # seconds Redis stays down
# The two ways a worker is started: the command line of `make worker` itself, and the one of
# docker-compose.yml (both poll the queue while a job runs, as every worker with two processes does).
COMMANDS = {
    "make worker": ["make", "--no-print-directory", "worker"],
    "compose worker": [
        str(ROOT / ".venv/bin/celery"),
        "-A",
        "config",
        "worker",
        "-l",
        "info",
        "--concurrency",
        "2",
    ],
}


class RedisServer:
    """A `redis-server` on a free port with its data in `data_dir`, stopped (SIGTERM: it writes
    its append-only file and exits, as `docker compose stop redis` does) and started again on
    the same port and data."""

    def __init__(self, data_dir: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.data_dir, self.proc = data_dir, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.data_dir),
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
            stdout=(self.data_dir / "redis.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


@pytest.fixture
def broker_server(tmp_path) -> Iterator[RedisServer]:
    (data := tmp_path / "redis").mkdir()
    server = RedisServer(data)
    server.start()
    with celery_broker(server.url):
        yield server
    if server.proc.poll() is None:
        server.stop()


@pytest.fixture
def inspections(transactional_db, framework) -> list[Inspection]:
    """Three copies of the example inspection (102 counted cases each), committed so the worker
    can read them."""
    return [bundle_import(data=calibration_bundle()) for _ in range(3)]


@pytest.fixture
def lock_first(inspections) -> Iterator[Callable[[], None]]:
    """Hold the first inspection's row lock (every aggregation takes it), so its job is still
    running when Redis goes; call the yielded function to release it."""
    conn = psycopg.connect(_database_url())
    table = Inspection._meta.db_table
    conn.execute(f"SELECT id FROM {table} WHERE id = %s FOR NO KEY UPDATE", [inspections[0].pk])
    yield conn.rollback
    conn.close()


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_worker_survives_a_broker_outage_and_finishes_every_job(
    command, tmp_path, broker_server, inspections, lock_first
):
    workers = Workers(tmp_path)
    workers.env["CELERY_BROKER_URL"] = broker_server.url
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        command,
        cwd=ROOT,
        env=workers.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    workers.started.append(worker)
    try:
        first, *others = inspections
        running = job_enqueue(inspection=first, kind=Job.Kind.AGGREGATE)
        wait_for("the job to be running", lambda: job_state(running) == ("running", 10), workers)
        # two roll-up refreshes (a sign-off's recompute, due in 10 s) of the other inspections
        # (scheduling one takes the inspection's row lock, which the first one's test holds)
        refreshes = [aggregation_schedule(inspection=i) for i in others]
        client = redis.Redis.from_url(broker_server.url)
        # the worker holds what its prefetch allows (unacknowledged); the rest waits in the queue
        wait_for(
            "all three to be sent",
            lambda: client.hlen("unacked") + client.llen("celery") == 3,
            workers,
        )
        assert client.hlen("unacked") >= 1

        broker_server.stop()
        time.sleep(OUTAGE)
        assert worker.poll() is None, f"the worker died with Redis down\n{workers.logs()}"
        broker_server.start()
        lock_first()

        def finished(job: Job) -> bool:
            if worker.poll() is not None:
                pytest.fail(f"the worker exited after the outage\n{workers.logs()}")
            return job_state(job)[0] == "done"

        for job in (running, *refreshes):
            wait_for(f"job {job.pk} to finish", lambda j=job: finished(j), workers)
        assert worker.poll() is None, f"the worker died\n{workers.logs()}"
        logged = (tmp_path / "worker.log").read_text()
        assert "Connection to broker lost" in logged and "Unrecoverable error" not in logged
        for inspection in inspections:
            snapshot = ResultsSnapshot.objects.get(inspection=inspection, kind="latest")
            assert snapshot.cases_counted == 102
        # nothing left behind in Redis: every message was run and acknowledged
        wait_for("the queue to empty", lambda: not client.hlen("unacked"), workers)
        assert client.llen("celery") == 0
    finally:
        workers.stop_all()
