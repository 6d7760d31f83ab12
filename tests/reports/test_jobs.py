"""Jobs: recompute and build through the pages (eager), idempotent reruns, the debounce, the
sweep of stuck jobs and "Try again", a broker outage. Real workers: test_worker.py."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Answer
from config.celery import app
from inspection.models import StandardRating
from reports.models import Job, ResultsSnapshot
from reports.services.jobs import (
    NOT_QUEUED_MESSAGE,
    REUSE_SECONDS,
    aggregation_schedule,
    jobs_sweep,
    stale_after_seconds,
    stale_message,
)
from reports.services.snapshots import snapshot_freeze
from reports.tasks import aggregate_inspection, build_output, sweep_stale_jobs
from tests.support.celery_broker import celery_broker
from tests.support.factories import CaseFactory, InspectionFactory
from tests.support.yaml_files import yaml_load

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_recompute_by_a_lead_runs_the_job_and_stores_a_snapshot(
    client, calibrated, django_capture_on_commit_callbacks
):
    client.force_login(calibrated.h5_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:recompute", args=[calibrated.pk]))
    assert response.status_code == 302
    job = Job.objects.get(inspection=calibrated, kind="aggregate")
    assert (job.state, job.progress) == ("done", 100)
    snapshot = ResultsSnapshot.objects.get(inspection=calibrated, kind="latest")
    assert job.snapshot == snapshot and snapshot.cases_counted == 102
    page = client.get(reverse("reports:dashboard", args=[calibrated.pk])).content.decode()
    assert "<strong>102</strong> counted cases" in page


def test_build_docx_through_the_page_gives_a_download(
    client, calibrated, django_capture_on_commit_callbacks
):
    client.force_login(calibrated.h5_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:build", args=[calibrated.pk]), {"format": "docx"})
    job = Job.objects.get(inspection=calibrated, kind="report")
    assert job.state == "done" and job.result_file.name.endswith(".docx")
    response = client.get(reverse("reports:download", args=[calibrated.pk, job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip container


def test_rerunning_the_tasks_is_idempotent(calibrated):
    job = Job.objects.create(inspection=calibrated, kind="aggregate")
    first = aggregate_inspection.apply(args=[calibrated.pk, job.pk]).get()
    doc = ResultsSnapshot.objects.get(pk=first["snapshot"]).document
    second = aggregate_inspection.apply(args=[calibrated.pk, job.pk]).get()
    assert second["snapshot"] == first["snapshot"]
    assert ResultsSnapshot.objects.filter(inspection=calibrated).count() == 1
    assert ResultsSnapshot.objects.get(pk=second["snapshot"]).document == doc

    build = Job.objects.create(inspection=calibrated, kind="workbook", format="xlsx")
    build_output.apply(args=[build.pk]).get()
    build.refresh_from_db()
    first_file, first_variant = build.result_file.name, build.readings_file_name
    storage = build.result_file.storage
    assert storage.exists(first_variant)  # the workbook with its Agreement sheet, for leads
    # delivered again after it finished: the job and its file stay as they are
    build_output.apply(args=[build.pk]).get()
    build.refresh_from_db()
    assert (build.state, build.result_file.name) == ("done", first_file)
    assert storage.exists(first_file)
    # delivered again after its worker died mid-run (still "running"): rebuilt, file replaced
    Job.objects.filter(pk=build.pk).update(state="running", progress=40)
    build_output.apply(args=[build.pk]).get()
    build.refresh_from_db()
    assert (build.state, build.progress) == ("done", 100)
    assert storage.exists(build.result_file.name) and not storage.exists(first_file)
    assert storage.exists(build.readings_file_name) and not storage.exists(first_variant)


def test_a_recent_queued_recompute_is_reused_not_duplicated(calibrated):
    waiting = Job.objects.create(inspection=calibrated, kind="aggregate", state="queued")
    assert aggregation_schedule(inspection=calibrated) == waiting
    assert Job.objects.filter(inspection=calibrated, kind="aggregate").count() == 1


def test_an_old_queued_recompute_is_not_reused(calibrated, django_capture_on_commit_callbacks):
    """A queued job older than the debounce may belong to a dead worker: the issue's dashboard
    kept showing stale counts because every sign-off reused such a job."""
    dead = Job.objects.create(inspection=calibrated, kind="aggregate", state="queued")
    old = timezone.now() - timedelta(seconds=REUSE_SECONDS + 1)
    Job.objects.filter(pk=dead.pk).update(created_at=old, updated_at=old)
    with django_capture_on_commit_callbacks(execute=True):
        fresh = aggregation_schedule(inspection=calibrated)
    assert fresh != dead
    fresh.refresh_from_db()
    assert fresh.state == "done" and fresh.snapshot.cases_counted == 102


def _job(inspection, *, state: str, age: int, kind: str = "report", **fields) -> Job:
    fmt = {"report": "pdf", "workbook": "xlsx"}.get(kind, "")
    job = Job.objects.create(inspection=inspection, kind=kind, format=fmt, state=state, **fields)
    stamp = timezone.now() - timedelta(seconds=age)
    Job.objects.filter(pk=job.pk).update(created_at=stamp, updated_at=stamp)
    return job


def test_the_sweep_fails_jobs_nobody_finished_in_time_and_leaves_the_rest(calibrated, settings):
    settings.CELERY_TASK_TIME_LIMIT = 360  # the default: swept after 7 minutes without news
    limit = stale_after_seconds()
    stuck_queued = _job(calibrated, state="queued", age=limit + 5, kind="aggregate")
    stuck_running = _job(calibrated, state="running", age=limit + 5, progress=5)
    busy = _job(calibrated, state="running", age=limit - 30, progress=60)
    done = _job(calibrated, state="done", age=limit * 10, kind="workbook", progress=100)
    not_queued = _job(calibrated, state="not_queued", age=limit * 10, message=NOT_QUEUED_MESSAGE)

    assert sweep_stale_jobs.apply().get() == 2
    for job in (stuck_queued, stuck_running):
        job.refresh_from_db()
        assert (job.state, job.message) == ("failed", stale_message())
        assert job.finished_at is not None
    assert "try again" in stale_message() and "7 minutes" in stale_message()
    for job, state in ((busy, "running"), (done, "done"), (not_queued, "not_queued")):
        job.refresh_from_db()
        assert job.state == state
    assert jobs_sweep() == 0  # nothing left to sweep


def test_celery_beat_sends_the_sweep_every_minute_and_compose_runs_beat():
    entry = app.conf.beat_schedule["sweep-stale-jobs"]
    assert entry["task"] == sweep_stale_jobs.name and entry["schedule"] == 60
    assert sweep_stale_jobs.name in app.tasks
    compose = yaml_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert (
        compose["services"]["beat"]["environment"] == compose["services"]["worker"]["environment"]
    )
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^beat:.*\n(\t.*\n)*\t\.venv/bin/celery -A config beat ", makefile, re.M)


def test_a_task_leaves_a_swept_job_as_it_is(calibrated):
    swept = _job(calibrated, state="failed", age=60, kind="report", message=stale_message())
    build_output.apply(args=[swept.pk]).get()
    swept.refresh_from_db()
    assert (swept.state, swept.message, swept.result_file.name) == ("failed", stale_message(), "")

    recompute = _job(calibrated, state="failed", age=60, kind="aggregate", message=stale_message())
    aggregate_inspection.apply(args=[calibrated.pk, recompute.pk]).get()
    recompute.refresh_from_db()
    assert (recompute.state, recompute.message, recompute.snapshot) == (
        "failed",
        stale_message(),
        None,
    )
    # the results still follow the data: a late recompute refreshes them
    assert ResultsSnapshot.objects.get(inspection=calibrated, kind="latest").cases_counted == 102


def test_try_again_queues_the_same_kind_format_and_snapshot(
    client, calibrated, django_capture_on_commit_callbacks
):
    frozen = snapshot_freeze(inspection=calibrated, user=None, label="For the board")
    failed = _job(calibrated, state="failed", age=600, kind="report", message=stale_message())
    Job.objects.filter(pk=failed.pk).update(format="docx", snapshot=frozen)
    retry_url = reverse("reports:job_retry", args=[calibrated.pk, failed.pk])
    client.force_login(calibrated.h5_lead)
    page = client.get(reverse("reports:outputs", args=[calibrated.pk])).content.decode()
    assert f'action="{retry_url}"' in page and "Try again" in page
    polled = client.get(
        reverse("reports:job", args=[calibrated.pk, failed.pk]), HTTP_HX_REQUEST="true"
    )
    assert f'action="{retry_url}"' in polled.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response.status_code == 302
    again = Job.objects.exclude(pk=failed.pk).get(inspection=calibrated)
    assert (again.kind, again.format, again.snapshot, again.created_by) == (
        "report",
        "docx",
        frozen,
        calibrated.h5_lead,
    )
    assert again.state == "done" and again.result_file.name.endswith(".docx")  # ran (eager)
    failed.refresh_from_db()
    assert failed.state == "failed"  # the history stays as it was


def test_only_a_lead_may_try_again_and_only_after_a_failure(client, calibrated):
    not_queued = _job(calibrated, state="not_queued", age=60, message=NOT_QUEUED_MESSAGE)
    retry_url = reverse("reports:job_retry", args=[calibrated.pk, not_queued.pk])
    client.force_login(calibrated.h5_inspector)
    page = client.get(reverse("reports:outputs", args=[calibrated.pk])).content.decode()
    assert NOT_QUEUED_MESSAGE in page and "Try again" not in page
    assert client.post(retry_url).status_code == 403

    client.force_login(calibrated.h5_lead)
    assert client.get(retry_url).status_code == 405
    done = _job(calibrated, state="done", age=60, kind="workbook", progress=100)
    response = client.post(reverse("reports:job_retry", args=[calibrated.pk, done.pk]), follow=True)
    assert "Only a failed job" in response.content.decode()
    assert Job.objects.filter(inspection=calibrated).count() == 2
    other = Job.objects.create(inspection=InspectionFactory(), kind="aggregate", state="failed")
    assert (
        client.post(reverse("reports:job_retry", args=[calibrated.pk, other.pk])).status_code == 404
    )


@pytest.fixture
def broker_down():
    """Point Celery at a closed port, with eager mode off, and restore afterwards."""
    with celery_broker("redis://127.0.0.1:6390/0"):
        yield


def test_broker_down_the_dashboard_says_not_queued_and_data_entry_works(
    client, calibrated, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(calibrated.h5_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:recompute", args=[calibrated.pk]))
    assert response.status_code == 302
    job = Job.objects.get(inspection=calibrated, kind="aggregate")
    assert job.state == "not_queued" and job.message == NOT_QUEUED_MESSAGE
    page = client.get(reverse("reports:dashboard", args=[calibrated.pk])).content.decode()
    assert "Could not be queued" in page and "could not be queued" in page

    # data entry is unaffected: a domain-one entry and an answer both save
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:standard", args=[calibrated.pk, "1.2"]),
            {
                "rating": "good",
                "strengths": "Supportive managers\nGood recruitment",
                "areas_for_improvement": "",
                "evidence_notes": "",
            },
        )
    assert response.status_code == 302
    row = StandardRating.objects.get(inspection=calibrated, standard__code="1.2")
    assert row.judgement == "good" and row.strengths == ["Supportive managers", "Good recruitment"]
    # an inspector's autosave goes through the real endpoint and is stored
    case = CaseFactory(inspection=calibrated, assigned_to=calibrated.h5_inspector)
    client.force_login(calibrated.h5_inspector)
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if not name.startswith("r_")}
    data |= {"a_2_2_1": "no", "e_2_2_1": "Typed while the queue was down."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Saved at" in response.content.decode()
    answer = Answer.objects.get(case=case, item__code="2.2.1")
    assert (answer.value, answer.evidence) == ("no", "Typed while the queue was down.")


def test_a_visibility_timeout_shorter_than_the_time_limit_is_refused():
    """Redis would hand a still-running job to a second worker: refuse to start, naming both."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env |= {
        "CASEBOOK_LOCAL": "true",
        "CELERY_VISIBILITY_TIMEOUT": "300",
        "CELERY_TASK_TIME_LIMIT": "360",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT (300) must be longer than CELERY_TASK_TIME_LIMIT (360)" in (
        result.stderr
    )
