"""The set-up task list reads the inspection's real state (issue: an inspection with 60 cases
and results said "Import the case list — Not started")."""

import re

import pytest
from django.urls import reverse

from casework.models import Case, CaseStatus
from records.services.bundle import bundle_import
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw
from tests.support.caselist_data import case_rows, to_csv
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def steps(client, inspection) -> dict[str, str]:
    """Step name -> its status, as the page shows them."""
    page = client.get(reverse("setup:overview", args=[inspection.pk])).text
    found = re.findall(
        r'govuk-task-list__link"[^>]*>([^<]+)</a>.*?govuk-task-list__status"[^>]*>(?:<[^>]+>)*([^<]+)<',
        page,
        re.S,
    )
    return {name: status.strip() for name, status in found}


def test_a_fresh_inspection_has_not_started(client, admin_user, inspection):
    client.force_login(admin_user)
    assert steps(client, inspection) == {
        "Import the case list": "Not started",
        "Work out the sample size": "Cannot start yet",
        "Draw the sample": "Cannot start yet",
        "Choose the team": "Not started",
        "Assign cases to inspectors": "Cannot start yet",
        "Follow progress": "Cannot start yet",
        "Choose cases for a second reading": "Cannot start yet",
    }


def test_a_half_done_inspection_shows_what_is_done_and_what_is_not(client, admin_user, inspection):
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(120, seed=4)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    sample_draw(inspection=inspection, size=20, seed=3)
    inspector = MembershipFactory(inspection=inspection, role="inspector").user
    Case.objects.filter(pk__in=inspection.cases.values("pk")[:5]).update(assigned_to=inspector)
    client.force_login(admin_user)
    shown = steps(client, inspection)
    assert shown["Import the case list"] == "Completed"
    assert shown["Draw the sample"] == "Completed"
    assert shown["Choose the team"] == "In progress"  # no lead yet
    assert shown["Assign cases to inspectors"] == "In progress"
    assert shown["Follow progress"] == "Not started"
    page = client.get(reverse("setup:overview", args=[inspection.pk])).text
    assert "120 cases in the cohort" in page and "5 of 20 assigned" in page


def test_a_bundle_imported_inspection_with_results_is_not_not_started(
    client, admin_user, spec_bundle, framework
):
    inspection = bundle_import(data=spec_bundle)
    cases = inspection.cases.count()
    assert cases and inspection.cases.exclude(status=CaseStatus.DRAFT).exists()
    client.force_login(admin_user)
    shown = steps(client, inspection)
    assert shown["Import the case list"] == "Completed"
    assert shown["Work out the sample size"] == "Completed"
    assert shown["Draw the sample"] == "Completed"
    assert shown["Follow progress"] in ("In progress", "Completed")
    assert "Not started" not in [shown["Import the case list"], shown["Follow progress"]]
    page = client.get(reverse("setup:overview", args=[inspection.pk])).text
    assert f"{cases} cases came with the imported inspection" in page
