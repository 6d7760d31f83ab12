"""Jobs: recompute and build through the pages (eager), idempotent reruns, a broker outage."""

import pytest
from django.urls import reverse

from cases.models import Answer
from inspection.models import StandardRating
from reports.models import Job, ResultsSnapshot
from reports.services.jobs import NOT_QUEUED_MESSAGE
from reports.tasks import aggregate_inspection, build_output
from tests.celery_broker import celery_broker
from tests.factories import CaseFactory

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
    first_file = build.result_file.name
    build_output.apply(args=[build.pk]).get()
    build.refresh_from_db()
    assert build.state == "done"
    assert not build.result_file.storage.exists(first_file) or first_file == build.result_file.name
    assert build.result_file.storage.exists(build.result_file.name)


def test_a_queued_recompute_is_reused_not_duplicated(client, calibrated):
    from reports.services.jobs import aggregation_schedule

    waiting = Job.objects.create(inspection=calibrated, kind="aggregate", state="queued")
    assert aggregation_schedule(inspection=calibrated) == waiting
    assert Job.objects.filter(inspection=calibrated, kind="aggregate").count() == 1


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
            {"rating": "good", "strengths": "Supportive managers\nGood recruitment",
             "areas_for_improvement": "", "evidence_notes": ""},
        )  # fmt: skip
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
