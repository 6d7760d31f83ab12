"""The broker down for real: a listener that counts connections (tests/support/celery_broker.py).

These tests commit (their jobs are queued on commit), so they live apart from the module-wide
example inspection of test_jobs.py, whose transaction stays open for its whole module."""

import pytest
from django.urls import reverse

from reports.models import Job
from reports.services.jobs import NOT_QUEUED_MESSAGE
from tests.support.celery_broker import DeadBroker, celery_broker
from tests.support.factories import CaseFactory


@pytest.mark.parametrize("mode", ["close", "silent"])
def test_broker_down_a_recompute_tries_once_and_tells_the_user(
    transactional_db, client, inspection, lead, mode
):
    """A broker that drops the connection ("close") or accepts and never answers ("silent"). Either
    way one connection, no result backend, no retries: the request returns and says so."""
    client.force_login(lead)
    with DeadBroker(mode, hold=5) as dead, celery_broker(dead.url, result_backend=dead.url):
        response = client.post(reverse("reports:recompute", args=[inspection.pk]), follow=True)
    assert dead.connections == 1
    job = Job.objects.get(inspection=inspection)
    assert (job.state, job.message) == ("not_queued", NOT_QUEUED_MESSAGE)
    assert [m.message for m in response.context["messages"]] == [NOT_QUEUED_MESSAGE]


def test_broker_down_sign_off_and_build_are_kept_and_try_again_works_later(
    transactional_db, client, inspection, lead
):
    case = CaseFactory(inspection=inspection, status="submitted")
    client.force_login(lead)
    with DeadBroker("close") as dead, celery_broker(dead.url, result_backend=dead.url):
        client.post(reverse("cases:sign_off", args=[case.pk]))
        response = client.post(
            reverse("reports:build", args=[inspection.pk]), {"format": "md"}, follow=True
        )
    assert dead.connections == 2  # one per job
    case.refresh_from_db()
    assert case.status == "signed_off"  # nothing lost
    jobs = {job.kind: job for job in Job.objects.filter(inspection=inspection)}
    assert {kind: job.state for kind, job in jobs.items()} == {
        "aggregate": "not_queued",
        "report": "not_queued",
    }
    assert NOT_QUEUED_MESSAGE in [m.message for m in response.context["messages"]]

    # the broker is back (eager here): "Try again" builds the same format
    client.post(reverse("reports:job_retry", args=[inspection.pk, jobs["report"].pk]))
    again = Job.objects.filter(inspection=inspection, kind="report").exclude(pk=jobs["report"].pk)
    assert [(j.state, j.format) for j in again] == [("done", "md")]
