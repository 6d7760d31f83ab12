"""Recording that the report is published: the results frozen as the published record, the
status set once, leads only; retention is open afterwards and the published record survives it."""

import pytest
from django.urls import reverse

from casework.models import Answer
from records.services.retention import inspection_anonymise
from reports.models import ResultsSnapshot

pytestmark = pytest.mark.django_db


def test_a_lead_publishes_once_and_the_results_are_frozen_as_published(client, calibrated):
    url = reverse("reports:publish", args=[calibrated.pk])
    client.force_login(calibrated.h5_lead)
    page = client.get(url).content.decode()
    assert (
        "a lead can reopen publication, giving a reason" in page and "Record as published" in page
    )

    response = client.post(url)
    assert response.status_code == 302
    calibrated.refresh_from_db()
    assert calibrated.status == "published"
    published = ResultsSnapshot.objects.get(inspection=calibrated, kind="frozen")
    assert published.label.startswith("Published ") and published.frozen_by == calibrated.h5_lead
    assert published.document["overall"] == {"score": 2, "max": 27, "rating": "inadequate"}

    again = client.post(url)  # refused, saying why: nothing more is frozen
    assert again.status_code == 403
    assert "This inspection is published; a lead can reopen it." in again.content.decode()
    assert ResultsSnapshot.objects.filter(inspection=calibrated, kind="frozen").count() == 1
    assert "This inspection is published" in client.get(url).content.decode()


def test_an_inspector_on_the_team_may_not_publish(client, calibrated):
    client.force_login(calibrated.h5_inspector)
    assert client.post(reverse("reports:publish", args=[calibrated.pk])).status_code == 403
    calibrated.refresh_from_db()
    assert calibrated.status != "published"
    assert not ResultsSnapshot.objects.filter(inspection=calibrated, kind="frozen").exists()


def test_after_publishing_the_personal_data_can_be_anonymised_and_the_record_stays(
    client, calibrated, admin_user
):
    client.force_login(calibrated.h5_lead)
    client.post(reverse("reports:publish", args=[calibrated.pk]))
    published = ResultsSnapshot.objects.get(inspection=calibrated, kind="frozen").document
    Answer.objects.filter(case__inspection=calibrated).update(evidence="Personal detail")

    inspection_anonymise(inspection=calibrated, user=admin_user)

    assert not Answer.objects.filter(case__inspection=calibrated).exclude(evidence="").exists()
    assert ResultsSnapshot.objects.get(inspection=calibrated, kind="frozen").document == published
