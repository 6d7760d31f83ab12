"""Aggregation and report building in a real Celery worker on Redis."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult

from cases.services.bundle import bundle_import
from config.celery import app
from reports.models import Job, ResultsSnapshot
from reports.tasks import aggregate_inspection, build_output
from tests.calibration import calibration_bundle
from tests.celery_broker import celery_broker

BROKER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


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
    sent = aggregate_inspection.apply_async(args=[inspection.pk, job.pk])
    assert not isinstance(sent, EagerResult)  # really through the broker and the worker
    outcome = sent.get(timeout=60)
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 100)
    snapshot = ResultsSnapshot.objects.get(inspection=inspection, kind="latest")
    assert outcome["snapshot"] == snapshot.pk
    assert snapshot.document["overall"] == {"score": 2, "max": 27, "rating": "inadequate"}

    # a rerun in the worker overwrites the same snapshot with the same document
    again = aggregate_inspection.apply_async(args=[inspection.pk, job.pk]).get(timeout=60)
    assert again["snapshot"] == snapshot.pk
    assert ResultsSnapshot.objects.filter(inspection=inspection).count() == 1
    assert ResultsSnapshot.objects.get(pk=snapshot.pk).document == snapshot.document

    report = Job.objects.create(inspection=inspection, kind="report", format="docx")
    result = build_output.apply_async(args=[report.pk]).get(timeout=120)
    report.refresh_from_db()
    assert result["state"] == "done" and report.state == "done" and report.progress == 100
    assert report.result_file.name.endswith(".docx")
    assert report.result_file.read(2) == b"PK"
