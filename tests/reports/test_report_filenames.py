"""A built report downloads under its PDU's name and date, and formats have people's names."""

import re

import pytest
from django.urls import reverse

from reports.models import Job

pytestmark = pytest.mark.django_db


def test_a_built_report_downloads_under_its_pdu_name(
    client, calibrated, django_capture_on_commit_callbacks
):
    client.force_login(calibrated.h5_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:build", args=[calibrated.pk]), {"format": "md"})
    job = Job.objects.get(inspection=calibrated, kind="report")
    response = client.get(reverse("reports:download", args=[calibrated.pk, job.pk]))
    disposition = response["Content-Disposition"]
    pdu = re.sub(r"[^A-Za-z0-9]+", "-", calibrated.pdu.name).strip("-")
    assert f'filename="Casebook-{pdu}-' in disposition and "inspection-" not in disposition
    page = client.get(reverse("reports:outputs", args=[calibrated.pk])).text
    assert "Plain text (to compare versions)" in page
