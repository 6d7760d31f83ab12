"""A saved moderation or domain-one rating changes the figures the dashboard shows at once, and a
report built afterwards agrees with the dashboard; a queued recompute says that the figures are
being updated and reloads the page when it has finished."""

import re

import pytest
from django.urls import reverse

from reports.models import Job
from reports.services.results import snapshot_refresh

pytestmark = pytest.mark.django_db


def _summary(client, inspection) -> tuple[str, str, str]:
    html = client.get(reverse("reports:dashboard", args=[inspection.pk])).content.decode()
    score = re.search(r'id="overall-score">([^<]+)<', html).group(1)
    rating = re.search(r'id="overall-rating">([^<]+)<', html).group(1)
    row = re.search(r'id="rating-2.2">(.*?)</tr>', html, re.S).group(1)
    return score, rating, row


def test_moderation_changes_the_dashboard_at_once_and_the_report_agrees(
    client, calibrated, django_capture_on_commit_callbacks
):
    snapshot_refresh(inspection=calibrated)
    client.force_login(calibrated.h5_lead)
    before_score, _, before_row = _summary(client, calibrated)
    assert before_score == "2/27" and "Inadequate" in before_row
    response = client.post(
        reverse("reports:moderate", args=[calibrated.pk, "2.2"]),
        {"final_rating": "requires_improvement", "reason": "QA found six misjudged cases"},
    )
    assert response.status_code == 302
    score, _, row = _summary(client, calibrated)  # no Recompute pressed
    assert score == "3/27"
    assert "Requires improvement" in row and "Moderated: QA found six misjudged cases" in row
    # a report built afterwards says the same
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:build", args=[calibrated.pk]), {"format": "md"})
    assert response.status_code == 302
    job = Job.objects.get(inspection=calibrated, kind=Job.Kind.REPORT)
    assert job.state == Job.State.DONE
    text = job.result_file.open("rb").read().decode()
    assert f"**{score}**" in text


def test_domain_one_rating_changes_the_dashboard_at_once(client, calibrated):
    snapshot_refresh(inspection=calibrated)
    client.force_login(calibrated.h5_lead)
    assert _summary(client, calibrated)[0] == "2/27"
    response = client.post(
        reverse("reports:standard", args=[calibrated.pk, "1.1"]),
        {"rating": "requires_improvement", "strengths": "", "areas_for_improvement": ""},
    )
    assert response.status_code == 302
    assert _summary(client, calibrated)[0] == "3/27"


def test_a_finished_recompute_reloads_the_page_that_polled_it(client, calibrated):
    client.force_login(calibrated.h5_lead)
    job = Job.objects.create(inspection=calibrated, kind=Job.Kind.AGGREGATE)
    url = reverse("reports:job", args=[calibrated.pk, job.pk])
    polling = client.get(url, headers={"HX-Request": "true"})
    assert "The figures are being updated" in polling.content.decode()
    assert "HX-Refresh" not in polling
    page = client.get(reverse("reports:dashboard", args=[calibrated.pk])).content.decode()
    assert "The figures are being updated" in page and f'hx-get="{url}"' in page
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
