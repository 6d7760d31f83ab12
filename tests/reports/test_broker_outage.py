"""A broker outage while a worker holds work: Redis (a real `redis-server` of the test's own, with
the append-only file as in docker-compose.yml) is stopped for 10 seconds and started again. The
worker must stay alive, reconnect, and finish every job it held or that was queued. The worker
is started both ways it is in production, at once, each on its own Redis."""

import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class Outage:
    """One worker command line with its own Redis, three inspections and the first one's lock."""

    label: str
    command: list[str]
    server: RedisServer
    inspections: list[Inspection]
    lock: psycopg.Connection
    log: Path
    worker: subprocess.Popen | None = None
    jobs: tuple[Job, ...] = ()

    @property
    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.server.url)


@pytest.fixture
def outages(tmp_path, transactional_db, framework) -> Iterator[list[Outage]]:
    """For each command line: its own `redis-server`, three copies of the example inspection
    (102 counted cases each, committed so the worker can read them) and a held row lock on the
    first (every aggregation takes it), so that job is still running when Redis goes."""
    made: list[Outage] = []
    try:
        for label, command in COMMANDS.items():
            (data := tmp_path / label.replace(" ", "-")).mkdir()
            server = RedisServer(data)
            server.start()
            inspections = [bundle_import(data=calibration_bundle()) for _ in range(3)]
            lock = psycopg.connect(_database_url())
            table = Inspection._meta.db_table
            lock.execute(
                f"SELECT id FROM {table} WHERE id = %s FOR NO KEY UPDATE", [inspections[0].pk]
            )
            log = tmp_path / f"{data.name}.log"  # where Workers.logs() reads
            made.append(Outage(label, command, server, inspections, lock, log))
        yield made
    finally:
        for outage in made:
            outage.lock.close()
            if outage.server.proc.poll() is None:
                outage.server.stop()


def test_workers_started_both_ways_survive_a_broker_outage_and_finish_every_job(tmp_path, outages):
    """Both command lines at once, each on its own Redis: the outage is the same 10 seconds for
    both, so the test takes the time of one."""
    workers = Workers(tmp_path)
    try:
        for outage in outages:
            env = workers.env | {"CELERY_BROKER_URL": outage.server.url}
            outage.worker = subprocess.Popen(
                outage.command,
                cwd=ROOT,
                env=env,
                stdout=outage.log.open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            workers.started.append(outage.worker)
        for outage in outages:
            first, *others = outage.inspections
            with celery_broker(outage.server.url):
                running = job_enqueue(inspection=first, kind=Job.Kind.AGGREGATE)
                wait_for(
                    f"{outage.label}: the job to be running",
                    lambda j=running: job_state(j) == ("running", 10),
                    workers,
                )
                # two roll-up refreshes (a sign-off's recompute, due in 10 s) of the other
                # inspections (scheduling one takes the row lock the first one's test holds)
                refreshes = [aggregation_schedule(inspection=i) for i in others]
            outage.jobs = (running, *refreshes)
        for outage in outages:
            client = outage.client
            # the worker holds what its prefetch allows (unacknowledged); the rest is queued
            wait_for(
                f"{outage.label}: all three to be sent",
                lambda c=client: c.hlen("unacked") + c.llen("celery") == 3,
                workers,
            )
            assert client.hlen("unacked") >= 1

        for outage in outages:
            outage.server.stop()
        time.sleep(OUTAGE)
        for outage in outages:
            assert outage.worker.poll() is None, (
                f"{outage.label}: the worker died with Redis down\n{workers.logs()}"
            )
            outage.server.start()
            outage.lock.rollback()

        for outage in outages:

            def finished(job: Job, worker=outage.worker, label=outage.label) -> bool:
                if worker.poll() is not None:
                    pytest.fail(f"{label}: the worker exited after the outage\n{workers.logs()}")
                return job_state(job)[0] == "done"

            for job in outage.jobs:
                wait_for(f"{outage.label}: job {job.pk}", lambda j=job: finished(j), workers)
        for outage in outages:
            assert outage.worker.poll() is None, f"{outage.label}: died\n{workers.logs()}"
            logged = outage.log.read_text()
            assert "Connection to broker lost" in logged, outage.label
            assert "Unrecoverable error" not in logged, outage.label
            for inspection in outage.inspections:
                snapshot = ResultsSnapshot.objects.get(inspection=inspection, kind="latest")
                assert snapshot.cases_counted == 102
            # nothing left behind in Redis: every message was run and acknowledged
            client = outage.client
            wait_for(
                f"{outage.label}: the queue to empty",
                lambda c=client: not c.hlen("unacked"),
                workers,
            )
            assert client.llen("celery") == 0
    finally:
        workers.stop_all()
