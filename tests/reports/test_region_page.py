"""Roll-ups of the calibration inspection (twice, in one region): the sums, the INTERCHANGE
shape, the region page that reads the stored document, its refresh for leads, `rollup --json`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Answer
from records.services.bundle import bundle_import
from reports.models import Rollup
from reports.services.rollups import rollup_build, rollup_refresh, rollup_row
from tests.reports.test_rollups import kq
from tests.support.calibration import calibration_bundle
from tests.support.factories import MembershipFactory


@pytest.fixture
def second(calibrated):
    """A second calibration inspection in the same region (and so nationally too)."""
    inspection = bundle_import(data=calibration_bundle())
    assert inspection.pdu.region_id == calibrated.pdu.region_id
    return inspection


def test_regional_roll_up_sums_counts_across_inspections(calibrated, second):
    region = calibrated.pdu.region
    rollup = rollup_refresh(rollup=rollup_row(framework=calibrated.framework, region=region))
    doc = rollup.document
    assert (kq(doc, "2.2.3")["yes"], kq(doc, "2.2.3")["relevant"], kq(doc, "2.2.3")["percent"]) == (
        64,
        204,
        31.37,
    )
    assert doc["cases_counted"] == rollup.cases_counted == 204
    assert next(s for s in doc["standards"] if s["code"] == "2.2")["rating"] == "inadequate"
    assert doc["scope"] == {
        "kind": "region",
        "region": region.name,
        "framework": "hmip-pdu-2021",
        "version": 1,
        "inspections": sorted([calibrated.pk, second.pk]),
    }
    assert rollup.inspections_count == 2 and rollup.computed_at is not None


def test_the_document_follows_the_interchange_roll_up_shape(calibrated):
    doc = rollup_build(framework=calibrated.framework, region=calibrated.pdu.region)
    assert doc["format"] == "inspection-results/1" and doc["inspection"] is None
    assert (doc["framework"], doc["framework_version"]) == ("hmip-pdu-2021", 1)
    judged = [s for s in doc["standards"] if s["rated_from"] == "judgement"]
    assert [s["code"] for s in judged] == ["1.1", "1.2", "1.3", "1.4"]
    assert all((s["rating"], s["score"], s["computed_rating"]) == (None,) * 3 for s in judged)
    assert doc["overall"] == {"score": None, "max": 27, "rating": None}
    # management oversight keeps its answer counts, as in an inspection's document
    assert set(kq(doc, "MO.1")["answers"]) == {
        "sufficient",
        "insufficient",
        "ineffective",
        "absent",
        "na",
    }


def test_region_page_reads_the_stored_roll_up_without_counting(client, calibrated, second):
    region = calibrated.pdu.region
    url = reverse("reports:region", args=[region.pk, calibrated.framework_id])
    client.force_login(calibrated.h5_lead)  # leads one of the two inspections
    page = client.get(url).content.decode()
    assert "has not been computed yet" in page and "region-table" not in page
    rollup_refresh(rollup=rollup_row(framework=calibrated.framework, region=region))
    Answer.objects.filter(case__inspection=second).delete()  # not seen until the next refresh
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "204 counted cases from 2 inspections in the region, computed" in page
    assert "64 of 204" in page
    assert not [q for q in queries.captured_queries if "cases_answer" in q["sql"]]
    # the inspection the lead is not on is listed, not linked
    assert reverse("reports:dashboard", args=[calibrated.pk]) in page
    assert reverse("reports:dashboard", args=[second.pk]) not in page


def test_a_lead_refreshes_the_roll_up_and_an_inspector_may_not(
    client, calibrated, django_capture_on_commit_callbacks
):
    region = calibrated.pdu.region
    refresh = reverse("reports:region_refresh", args=[region.pk, calibrated.framework_id])
    client.force_login(calibrated.h5_inspector)
    assert client.post(refresh).status_code == 403
    assert not Rollup.objects.exists()
    client.force_login(calibrated.h5_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(refresh)
    assert response.status_code == 302
    rollup = Rollup.objects.get(kind="region", region=region)
    assert rollup.state == "done" and rollup.cases_counted == 102  # eager in tests
    page = client.get(response.url).content.decode()
    assert "102 counted cases from 1 inspection in the region" in page


def test_rollup_command_prints_and_stores_what_the_job_stores(calibrated, second):
    out = StringIO()
    region = calibrated.pdu.region.name
    call_command("rollup", "--framework", "hmip-pdu-2021", "--region", region, "--json", stdout=out)
    printed = json.loads(out.getvalue())
    stored = Rollup.objects.get(kind="region", region=calibrated.pdu.region)
    assert printed == stored.document and printed["cases_counted"] == 204
    out = StringIO()
    call_command("rollup", "--framework", "hmip-pdu-2021", "--framework-version", "1", stdout=out)
    assert "204 cases counted from 2 inspections" in out.getvalue()
    assert Rollup.objects.get(kind="national").document["scope"]["kind"] == "national"


def test_region_page_walk_for_a_second_team(client, calibrated):
    """An inspector of another region's inspection does not see this region (404)."""
    outsider = MembershipFactory(role="lead").user
    client.force_login(outsider)
    url = reverse("reports:region", args=[calibrated.pdu.region_id, calibrated.framework_id])
    assert client.get(url).status_code == 404
