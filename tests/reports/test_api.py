"""The read API keeps to the caller's scope, is paginated and documented by an OpenAPI schema."""

import pytest

from casework.models import Case
from reports.services.results import snapshot_refresh
from tests.support.declared_data import declared_case, format2_inspection
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_anonymous_callers_are_refused(client, calibrated):
    assert client.get("/api/inspections/").status_code == 403


def test_inspections_and_results_within_scope(client, calibrated, outsider):
    snapshot_refresh(inspection=calibrated)
    client.force_login(calibrated.h5_inspector)
    listing = client.get("/api/inspections/").json()
    assert [i["id"] for i in listing["results"]] == [calibrated.pk]
    results = client.get(f"/api/inspections/{calibrated.pk}/results/").json()
    assert results["format"] == "inspection-results/1"
    assert results["overall"] == {"score": 2, "max": 27, "rating": "inadequate"}
    client.force_login(outsider)
    assert calibrated.pk not in [i["id"] for i in client.get("/api/inspections/").json()["results"]]
    assert client.get(f"/api/inspections/{calibrated.pk}/results/").status_code == 404
    assert client.get(f"/api/inspections/{calibrated.pk}/bundle/").status_code == 404
    assert client.get(f"/api/cases/?inspection={calibrated.pk}").json()["count"] == 0


def test_cases_with_answers_are_paginated(client, calibrated):
    client.force_login(calibrated.h5_lead)
    page = client.get(f"/api/cases/?inspection={calibrated.pk}").json()
    assert page["count"] == 102 and len(page["results"]) == 50 and page["next"]
    first = page["results"][0]
    assert first["ref"] == "LLR-001"
    assert {"item": "2.2.1", "value": first["answers"][0]["value"]}.items() <= first["answers"][
        0
    ].items()


def test_bundle_export_round_trips_the_counts(client, calibrated):
    client.force_login(calibrated.h5_lead)
    bundle = client.get(f"/api/inspections/{calibrated.pk}/bundle/").json()
    assert bundle["format"] == "inspection-bundle/1" and len(bundle["cases"]) == 102


def test_openapi_schema_lists_the_endpoints(client, calibrated):
    client.force_login(calibrated.h5_lead)
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).content.decode()
    for path in ("/api/inspections/", "/api/inspections/{id}/results/", "/api/cases/"):
        assert path in schema


def test_api_docs_page_serves_swagger_ui_from_the_installed_package(client, calibrated):
    client.force_login(calibrated.h5_lead)
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert (
        client.get(
            "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
        ).status_code
        == 200
    )


def test_schema_is_for_signed_in_users_only(client):
    assert client.get("/api/schema/").status_code == 403


def test_admin_imports_a_bundle_through_the_api(client, admin_user, spec_bundle, framework):
    from inspection.models import Inspection

    client.force_login(admin_user)
    response = client.post("/api/inspections/import/", spec_bundle, content_type="application/json")
    assert response.status_code == 201
    inspection = Inspection.objects.get(pk=response.json()["inspection"])
    assert response.json()["cases"] == 1 == inspection.cases.count()


def test_api_import_lists_every_problem_and_writes_nothing(
    client, admin_user, spec_bundle, framework
):
    from inspection.models import Inspection

    before = Inspection.objects.count()  # the module's calibration inspection
    spec_bundle["cases"][0]["rosh"] = "extreme"
    spec_bundle["standard_ratings"]["2.2"] = "good"
    client.force_login(admin_user)
    response = client.post("/api/inspections/import/", spec_bundle, content_type="application/json")
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert len(problems) == 2
    assert any(p.startswith("case C-0001: rosh: 'extreme'") for p in problems)
    assert Inspection.objects.count() == before


def test_only_admins_may_import_through_the_api(client, inspector, spec_bundle, framework):
    client.force_login(inspector)
    response = client.post("/api/inspections/import/", spec_bundle, content_type="application/json")
    assert response.status_code == 403


def test_a_format2_case_carries_its_declared_attributes(client):
    audit = format2_inspection()
    lead = MembershipFactory(inspection=audit, role="lead").user
    case = declared_case(audit, {"tier": 2, "victim_contact": True, "team": "North"})
    client.force_login(lead)
    [row] = client.get(f"/api/cases/?inspection={audit.pk}").json()["results"]
    assert row["ref"] == case.ref
    assert row["attributes"] == Case.objects.get(pk=case.pk).attributes
    assert row["attributes"]["tier"] == 2 and row["attributes"]["victim_contact"] is True
