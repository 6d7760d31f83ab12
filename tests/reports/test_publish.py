"""Recording that the report is published: the results frozen as the published record, the
status set once, leads only; retention is open afterwards and the published record survives it."""

import pytest
from django.urls import reverse

from casework.models import Answer
from records.services.retention import inspection_anonymise
from reports.models import ResultsSnapshot
from reports.services.results import snapshot_refresh

pytestmark = pytest.mark.django_db


def _all_signed_off(inspection) -> None:
    inspection.cases.update(status="signed_off")
    snapshot_refresh(inspection=inspection)


def test_a_lead_publishes_once_and_the_results_are_frozen_as_published(client, calibrated):
    _all_signed_off(calibrated)
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
    _all_signed_off(calibrated)
    client.force_login(calibrated.h5_lead)
    client.post(reverse("reports:publish", args=[calibrated.pk]))
    published = ResultsSnapshot.objects.get(inspection=calibrated, kind="frozen").document
    Answer.objects.filter(case__inspection=calibrated).update(evidence="Personal detail")

    inspection_anonymise(inspection=calibrated, user=admin_user)

    assert not Answer.objects.filter(case__inspection=calibrated).exclude(evidence="").exists()
    assert ResultsSnapshot.objects.get(inspection=calibrated, kind="frozen").document == published


def _publish_page(client, calibrated):
    return client.get(reverse("reports:publish", args=[calibrated.pk])).content.decode()


def test_publishing_is_blocked_by_unchecked_cases_and_stale_results(client, calibrated):
    client.force_login(calibrated.h5_lead)
    url = reverse("reports:publish", args=[calibrated.pk])
    calibrated.cases.update(status="signed_off")
    page = _publish_page(client, calibrated)  # no results computed yet
    assert 'data-outstanding="stale"' in page and 'id="publish-blocked"' in page
    snapshot_refresh(inspection=calibrated)
    case = calibrated.cases.filter(status="signed_off").first()
    case.status = "submitted"  # counted, not yet quality-assured
    case.save()
    page = _publish_page(client, calibrated)
    assert 'data-outstanding="not_signed_off"' in page and "1 case submitted" in page
    assert 'data-outstanding="stale"' not in page  # a submitted case is counted too
    response = client.post(url, {"reason": "We must publish today"})
    assert response.status_code == 400
    assert "1 case submitted but not quality-assured" in response.content.decode()
    calibrated.refresh_from_db()
    assert calibrated.status != "published"
    case.status = "returned"  # no longer counted: the stored results are stale
    case.save()
    page = _publish_page(client, calibrated)
    assert 'data-outstanding="stale"' in page and 'data-outstanding="returned"' in page
    assert client.post(url, {"reason": "x"}).status_code == 400
    assert not ResultsSnapshot.objects.filter(inspection=calibrated, kind="frozen").exists()


def test_a_returned_case_needs_a_reason_which_is_kept(client, calibrated):
    calibrated.cases.update(status="signed_off")
    case = calibrated.cases.filter(status="signed_off").first()
    case.status = "returned"
    case.save()
    snapshot_refresh(inspection=calibrated)
    client.force_login(calibrated.h5_lead)
    url = reverse("reports:publish", args=[calibrated.pk])
    page = _publish_page(client, calibrated)
    assert 'data-outstanding="returned"' in page and 'id="publish-blocked"' not in page
    assert 'name="reason"' in page
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert "Give the reason for publishing" in refused.content.decode()
    assert client.post(url, {"reason": "The case was withdrawn"}).status_code == 302
    published = ResultsSnapshot.objects.get(inspection=calibrated, kind="frozen")
    assert published.publish_reason == "The case was withdrawn"
    assert published.outstanding == [
        "1 case returned to the inspector. The report leaves them out."
    ]


def test_unsettled_second_reading_disagreements_block(client, calibrated):
    from readings.selectors.readings import inspection_second_readings

    lines = inspection_second_readings(calibrated)
    unsettled = sum(max(x.disagreements - x.settled, 0) for x in lines if x.both_in)
    _all_signed_off(calibrated)
    client.force_login(calibrated.h5_lead)
    page = _publish_page(client, calibrated)
    assert ('data-outstanding="unsettled"' in page) == bool(unsettled)
