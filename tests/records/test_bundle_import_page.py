"""The bundle import page: admins only, the same service as the command, all or nothing."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspection.models import Inspection

pytestmark = pytest.mark.django_db
URL = reverse("setup:bundle_import")


def upload(content: bytes) -> dict:
    return {"file": SimpleUploadedFile("bundle.json", content, content_type="application/json")}


def test_admin_imports_a_bundle_and_becomes_its_lead(client, admin_user, spec_bundle, framework):
    client.force_login(admin_user)
    response = client.post(URL, upload(json.dumps(spec_bundle).encode()))
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inspection", args=[inspection.pk])
    assert inspection.cases.count() == 1
    assert inspection.team.get().user == admin_user


def test_every_problem_is_listed_and_nothing_imported(client, admin_user, spec_bundle, framework):
    bad = copy.deepcopy(spec_bundle)
    bad["cases"][0]["answers"]["2.2.1"] = "maybe"
    bad["cases"][0]["start_date"] = "2022-07-01"
    client.force_login(admin_user)
    response = client.post(URL, upload(json.dumps(bad).encode()))
    html = response.content.decode()
    assert response.status_code == 400
    assert "The bundle has 2 problems: nothing was imported" in html
    assert "case C-0001: 2.2.1: &#x27;maybe&#x27; is not one of yes, no, na" in html
    assert "case C-0001: start_date 2022-07-01 is outside every cohort window" in html
    assert not Inspection.objects.exists()


def test_truncated_file_is_named(client, admin_user, spec_bundle, framework):
    client.force_login(admin_user)
    response = client.post(URL, upload(json.dumps(spec_bundle).encode()[:100]))
    assert response.status_code == 400
    assert "bundle is not valid JSON (line 1, column" in response.content.decode()
    assert not Inspection.objects.exists()


def test_missing_file_is_an_error(client, admin_user):
    client.force_login(admin_user)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Choose a bundle file to import" in response.content.decode()


def test_inspectors_cannot_reach_the_page(client, inspector):
    client.force_login(inspector)
    assert client.get(URL).status_code == 404
