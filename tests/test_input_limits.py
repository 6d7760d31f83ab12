"""Input limits (docs/limits.md), enforced before the work with a clear GOV.UK message or a
JSON problem list, never a 500 and never a bare "Bad Request (400)" (issue 9, item 4)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Case
from inspection.models import Inspection
from sampling.draw import MAX_SAMPLE
from sampling.models import CaseListUpload, SampleDraw
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw
from tests.support.caselist_data import case_rows, to_csv

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def small_limits(settings):
    """Limits of 1 MB per file and 2 MB per request, so the tests send little."""
    settings.UPLOAD_MAX_BYTES = 1 * MB
    settings.REQUEST_MAX_BYTES = 2 * MB
    return settings


def _file(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")


def _bundle_of_size(bundle: dict, size: int) -> bytes:
    bundle = dict(bundle, padding="")  # an unknown key: listed as a problem if ever parsed
    text = json.dumps(bundle)
    return json.dumps(dict(bundle, padding="p" * (size - len(text)))).encode()


def test_a_request_over_the_limit_is_refused_before_it_is_read(
    client, lead, inspection, small_limits
):
    client.force_login(lead)
    response = client.post(
        reverse("setup:caselist_upload", args=[inspection.pk]), {"file": _file("a.csv", 3 * MB)}
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "What you sent is too large" in html
    assert (
        "larger than 2 MB, the most Casebook accepts in one request (an uploaded file can be up "
        "to 1 MB; each evidence box holds up to 10,000 characters). Nothing was saved." in html
    )
    assert 'class="govuk-heading-l"' in html and "Content-Security-Policy" in response.headers
    assert not CaseListUpload.objects.exists()


def test_a_case_list_over_the_file_limit_is_a_form_error(client, lead, inspection, small_limits):
    client.force_login(lead)
    response = client.post(
        reverse("setup:caselist_upload", args=[inspection.pk]),
        {"file": _file("a.csv", int(1.5 * MB))},
    )
    assert response.status_code == 200
    assert "The file must be smaller than 1 MB." in response.content.decode()
    assert not CaseListUpload.objects.exists()


def test_a_bundle_over_the_file_limit_is_a_listed_problem(
    client, admin_user, spec_bundle, framework, small_limits
):
    client.force_login(admin_user)
    data = _bundle_of_size(spec_bundle, int(1.5 * MB))
    response = client.post(
        reverse("setup:bundle_import"),
        {"file": SimpleUploadedFile("b.json", data, content_type="application/json")},
    )
    assert response.status_code == 400
    assert (
        "bundle is larger than 1 MB, the most Casebook imports (UPLOAD_MAX_MB)"
        in response.content.decode()
    )
    assert not Inspection.objects.exists()


def test_api_bundle_over_the_limit_is_413_before_parsing(
    client, admin_user, spec_bundle, framework, small_limits
):
    client.force_login(admin_user)
    data = _bundle_of_size(spec_bundle, int(1.5 * MB))
    response = client.post("/api/inspections/import/", data, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "problems": ["bundle is larger than 1 MB, the most Casebook imports (UPLOAD_MAX_MB)"]
    }
    assert not Inspection.objects.exists()


def test_api_request_over_the_request_limit_gets_json(client, admin_user, small_limits):
    client.force_login(admin_user)
    response = client.post(
        "/api/inspections/import/", b"{" + b" " * (3 * MB) + b"}", content_type="application/json"
    )
    assert response.status_code == 413
    assert "the most Casebook accepts in one request" in response.json()["problems"][0]


def test_api_reads_a_bundle_larger_than_the_form_text_limit(
    client, admin_user, spec_bundle, framework, settings
):
    """Django's 2.5 MB form-text limit does not apply to the bundle body: the upload limit does."""
    client.force_login(admin_user)
    data = _bundle_of_size(spec_bundle, settings.DATA_UPLOAD_MAX_MEMORY_SIZE + MB)
    response = client.post("/api/inspections/import/", data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["problems"] == ["bundle: unknown key 'padding'"]


@pytest.mark.parametrize(
    "body, problem",
    [
        (b"[" * 100_000, "bundle is nested too deeply to be a bundle"),
        (b'{"format": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "bundle is nested too deeply"),
        (b"[1, 2]", "bundle must be a JSON object at the top level"),
        (b'{"format": "inspection-bundle/1",', "bundle is not valid JSON (line 1, column 34)"),
        (b'{"format": "\xff"}', "bundle is not UTF-8 text"),
    ],
)
def test_api_malformed_bodies_are_listed_problems(client, admin_user, framework, body, problem):
    client.force_login(admin_user)
    response = client.post("/api/inspections/import/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["problems"][0].startswith(problem)


def test_form_text_over_djangos_limit_gets_a_page_naming_it(client, lead, inspection, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    client.force_login(lead)
    response = client.post(
        reverse("setup:conflicts", args=[inspection.pk]), {"note": "r" * 200_000}
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "The text of the form you sent is larger than 97 KB" in html
    assert "Bad Request" not in html


def test_too_many_fields_gets_a_page_naming_the_limit(client, lead, inspection, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client.force_login(lead)
    response = client.post(
        reverse("setup:conflicts", args=[inspection.pk]), {f"f{i}": "x" for i in range(20)}
    )
    assert response.status_code == 413
    assert "The form has more than 10 fields" in response.content.decode()


@pytest.fixture
def cohort(inspection):
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(40, seed=4)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    return inspection


@pytest.mark.parametrize("size", [41, 100_000, 10**30])
def test_draw_larger_than_the_cohort_is_a_form_error(client, lead, cohort, size):
    client.force_login(lead)
    response = client.post(
        reverse("setup:draw", args=[cohort.pk]),
        {"size": size, "seed": 1, "strata": ["case_type"], "reserves": 5},
    )
    assert response.status_code == 200
    assert (
        "The sample cannot be larger than the cohort: it has 40 cases." in response.content.decode()
    )
    assert not SampleDraw.objects.exists() and not Case.objects.exists()


def test_draw_without_a_cohort_is_a_form_error(client, lead, inspection):
    client.force_login(lead)
    response = client.post(
        reverse("setup:draw", args=[inspection.pk]),
        {"size": 5, "seed": 1, "strata": ["case_type"], "reserves": 5},
    )
    assert "Commit the case list before drawing the sample." in response.content.decode()


def test_draw_service_refuses_more_than_the_maximum(inspection):
    rows = case_rows(MAX_SAMPLE + 1, seed=5)
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(rows), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    with pytest.raises(ValidationError, match=f"at most {MAX_SAMPLE:,}"):
        sample_draw(inspection=inspection, size=MAX_SAMPLE + 1, seed=1)
    assert not SampleDraw.objects.exists()


def test_other_bad_requests_get_the_plain_problem_page(client):
    response = client.get("/", HTTP_HOST="evil.example")  # DisallowedHost: Django's 400
    assert response.status_code == 400
    assert "There is a problem with what you sent" in response.content.decode()
