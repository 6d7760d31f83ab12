"""One reader for every way a bundle arrives: the import page, `manage.py import_bundle` and the
API. The same bad inputs get the same problems and import nothing; the same good encodings import
(issue 15, item 6)."""

import base64
import codecs
import html
import json
import re
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from inspection.models import Inspection

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
PASSWORD = "correct horse battery staple"  # the factories' password
SPEC = json.dumps(
    json.loads((Path(__file__).parents[1] / "data" / "spec-example-bundle.json").read_text())
)


def _over_the_limit() -> bytes:
    """A valid-looking bundle 1 MB + 1 byte long (the tests set the limit to 1 MB)."""
    head = '{"format": "inspection-bundle/1", "padding": "'
    return (head + "p" * (MB + 1 - len(head) - 2) + '"}').encode()


BAD = {
    "empty": (b"", "bundle is empty"),
    "deep nesting": (b"[" * 100_000, "bundle is nested too deeply to be a bundle"),
    "deep nesting inside an object": (
        b'{"format": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
        "bundle is nested too deeply to be a bundle",
    ),
    "truncated": (
        SPEC.encode()[:33],
        "bundle is not valid JSON (line 1, column 34): Expecting property name enclosed in "
        "double quotes",
    ),
    "not an object": (b"[1, 2]", "bundle must be a JSON object at the top level"),
    "invalid UTF-8": (
        b'{"format": "\xff"}',
        "bundle is not UTF-8 text (nor UTF-16 or UTF-32 with a byte order mark): invalid start "
        "byte at byte 12",
    ),
    "an unpaired surrogate escaped": (
        SPEC.replace('"pdu": "Leicester', '"pdu": "\\ud800Leicester').encode(),
        "inspection.pdu: text holds an unpaired surrogate (such as \\ud800), which is not a "
        "character: nothing can store it",
    ),
    "an unpaired surrogate in UTF-16": (
        codecs.BOM_UTF16_LE
        + SPEC.replace('"C-0001"', '"C-\udc00"', 1).encode("utf-16-le", "surrogatepass"),
        "cases[0].ref: text holds an unpaired surrogate (such as \\ud800), which is not a "
        "character: nothing can store it",
    ),
    "over the limit": (
        _over_the_limit(),
        "bundle is larger than 1 MB, the most Casebook imports (UPLOAD_MAX_MB)",
    ),
}
GOOD = {
    "UTF-8": SPEC.encode(),
    "UTF-8 with a byte order mark": codecs.BOM_UTF8 + SPEC.encode(),
    "UTF-16 LE with a byte order mark": codecs.BOM_UTF16_LE + SPEC.encode("utf-16-le"),
    "UTF-16 BE with a byte order mark": codecs.BOM_UTF16_BE + SPEC.encode("utf-16-be"),
    "UTF-16 LE without one": SPEC.encode("utf-16-le"),
}


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    settings.REQUEST_MAX_BYTES = 2 * MB


def by_page(client, admin, body: bytes) -> list[str] | None:
    """The problems the page lists, or None when it imported."""
    client.force_login(admin)
    upload = SimpleUploadedFile("bundle.json", body, content_type="application/json")
    response = client.post(reverse("setup:bundle_import"), {"file": upload})
    if response.status_code == 302:
        return None
    assert response.status_code == 400
    page = response.content.decode()
    assert "problem" in page and "nothing was imported" in page
    summary = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]


def by_command(tmp_path, admin, body: bytes) -> list[str] | None:
    path = tmp_path / "bundle.json"
    path.write_bytes(body)
    err = StringIO()
    try:
        call_command(
            "import_bundle", str(path), "--user", admin.username, stdout=StringIO(), stderr=err
        )
    except CommandError as exc:
        assert "nothing imported" in str(exc)
        return err.getvalue().splitlines()
    return None


def by_api(client, admin, body: bytes) -> list[str] | None:
    """POSTed as `curl -u name:password --data-binary @bundle.json` sends it."""
    token = base64.b64encode(f"{admin.username}:{PASSWORD}".encode()).decode()
    response = client.post(
        "/api/inspections/import/",
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Basic {token}",
    )
    if response.status_code == 201:
        return None
    assert response.status_code == (413 if len(body) > MB else 400), response.content[:300]
    return response.json()["problems"]


ENTRY_POINTS = {"page": by_page, "command": by_command, "api": by_api}


def attempt(entry: str, client, tmp_path, admin, body: bytes) -> list[str] | None:
    if entry == "command":
        return by_command(tmp_path, admin, body)
    return ENTRY_POINTS[entry](client, admin, body)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("bad", BAD)
def test_a_bad_bundle_gets_the_same_problem_everywhere(
    entry, bad, client, tmp_path, admin_user, framework
):
    body, problem = BAD[bad]
    assert attempt(entry, client, tmp_path, admin_user, body) == [problem]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("good", GOOD)
def test_a_good_bundle_imports_in_every_encoding_everywhere(
    entry, good, client, tmp_path, admin_user, framework
):
    assert attempt(entry, client, tmp_path, admin_user, GOOD[good]) is None
    inspection = Inspection.objects.get()
    assert inspection.pdu.name == "Leicester, Leicestershire and Rutland"
    assert list(inspection.cases.values_list("ref", flat=True)) == ["C-0001"]


def test_a_form_upload_to_the_api_is_named(client, admin_user, framework):
    """`curl -F file=@bundle.json` sends a form, not the bundle: say so instead of a JSON error."""
    client.force_login(admin_user)
    upload = SimpleUploadedFile("bundle.json", SPEC.encode(), content_type="application/json")
    response = client.post("/api/inspections/import/", {"file": upload})
    assert response.status_code == 400
    assert response.json() == {
        "problems": [
            "send the bundle itself as the request body (for example curl --data-binary "
            "@bundle.json), not as a form upload"
        ]
    }
    assert not Inspection.objects.exists()


def test_the_api_as_curl_meets_it_over_http(live_server, admin_user, framework, transactional_db):
    """The same table against a running server, as the hostile run sent it (`curl -u`)."""
    token = base64.b64encode(f"{admin_user.username}:{PASSWORD}".encode()).decode()

    def post(body: bytes) -> tuple[int, dict]:
        request = urllib.request.Request(
            live_server.url + "/api/inspections/import/",
            data=body,
            method="POST",
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read())

    for name, (body, problem) in BAD.items():
        assert post(body) == (413 if len(body) > MB else 400, {"problems": [problem]}), name
    assert not Inspection.objects.exists()
    status, answer = post(GOOD["UTF-16 BE with a byte order mark"])
    assert status == 201 and answer["cases"] == 1
