"""Blind second reading holds in every output, not only on the pages: every named URL (pages,
exports, the read API, the draft report in each format, the data workbook) is fetched as each role
and its content, unpacked (XLSX cells and sheet names, DOCX text, PDF text via pdftotext), is
searched for the other reading's answers and for agreement figures.

The world: one case read twice. Its first reader (role "inspector") wrote evidence FIRST_MARK,
its blind second reader (role "second_reader", also an inspector on the team) wrote SECOND_MARK,
both readings are submitted, so there is agreement to measure. The first reader must never meet
SECOND_MARK or agreement, the second reader never FIRST_MARK or agreement, an outsider neither.
Leads and admins do see them where the product shows them (REVEALING below): that proves the
search finds what it looks for, so a clean body means a blind output, not a blind test.

The URL names and their kwargs come from the permission walk (tests/permissions/expect_*.py),
so a new page, export or API route is searched here as soon as it is declared there; every
built output (one job per format, built by a lead) is downloaded as every role.
"""

import io
import re
import subprocess
import zipfile
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from casework.models import Answer
from readings.models import ReadingAnswer
from reports.models import Job
from reports.rendering import FORMATS, render_output
from tests.permissions.test_url_walk import build_world, expect_modules, url_names
from tests.support.readings_data import items_by_code

pytestmark = pytest.mark.django_db

FIRST_MARK = "FIRST-READING-EVIDENCE-7f3a"
SECOND_MARK = "SECOND-READING-EVIDENCE-9c1d"
AGREEMENT_MARKS = ("kappa", "agreement between first and second readings")
# role -> what that role must never find in any output
HIDDEN = {
    "outsider": (FIRST_MARK, SECOND_MARK, *AGREEMENT_MARKS),
    "inspector": (SECOND_MARK, *AGREEMENT_MARKS),
    "second_reader": (FIRST_MARK, *AGREEMENT_MARKS),
}
# Outputs that show readings or agreement to those who may see them (the inspection's leads and
# admins): URL name -> the mark a lead finds there. "download:xlsx" is the data workbook.
REVEALING = {
    "setup:agreement": "kappa",
    "cases:reading_compare": SECOND_MARK,
    "api:inspection-bundle": SECOND_MARK,
    "download:xlsx": "kappa",
}


def text_of(response) -> str:
    """The response's content as searchable text, whatever the file format."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True
        )
        return out.stdout.decode()
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            if "xl/workbook.xml" in archive.namelist():
                wb = load_workbook(io.BytesIO(body), read_only=True)
                cells = [
                    str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v
                ]
                return "\n".join([*wb.sheetnames, *cells])
            xml = " ".join(
                archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")
            )
            return unescape(re.sub(r"<[^>]+>", "", xml))
    return body.decode("utf-8", "replace")


def found(text: str, marks) -> list[str]:
    low = text.lower()
    return [m for m in marks if m.lower() in low]


@pytest.fixture
def world(client, django_capture_on_commit_callbacks):
    world = build_world()
    kwargs: dict[str, dict] = {}
    for module in expect_modules():
        if hasattr(module, "kwargs"):
            kwargs.update(module.kwargs(world))
    items = items_by_code(world.inspection)
    case, reading = world.case, world.reading
    for code, (first, second) in {"2.2.1": ("yes", "no"), "2.2.3": ("no", "no")}.items():
        Answer.objects.update_or_create(
            case=case, item=items[code], defaults={"value": first, "evidence": FIRST_MARK}
        )
        ReadingAnswer.objects.create(
            reading=reading, item=items[code], value=second, evidence=SECOND_MARK
        )
    case.status = "submitted"
    case.save(update_fields=["status"])
    reading.status = "submitted"
    reading.submitted_at = timezone.now()
    reading.save(update_fields=["status", "submitted_at"])
    # a lead builds every output (the worker runs in process here): the files the team downloads
    client.force_login(world.users["lead"])
    pk = world.inspection.pk
    jobs = {}
    for fmt in FORMATS:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:build", kwargs={"pk": pk}), {"format": fmt})
        assert response.status_code == 302, fmt
        jobs[fmt] = Job.objects.filter(inspection=world.inspection, state="done").latest("pk")
        assert jobs[fmt].format == fmt and jobs[fmt].result_file, fmt
    client.logout()
    world.targets = {name: kwargs.get(name, {}) for name in url_names()}
    for fmt, job in jobs.items():
        world.targets[f"download:{fmt}"] = {"pk": pk, "job_pk": job.pk}
    return world


def fetch(client, name: str, kwargs: dict):
    url_name = "reports:download" if name.startswith("download:") else name
    return client.get(reverse(url_name, kwargs=kwargs or None))


def test_no_output_shows_readings_or_agreement_to_the_team(client, world):
    leaks = []
    for role in sorted(HIDDEN):
        client.force_login(world.users[role])
        read = set()
        for name, kwargs in sorted(world.targets.items()):
            response = fetch(client, name, kwargs)
            if response.status_code != 200:
                continue
            read.add(name)
            if shown := found(text_of(response), HIDDEN[role]):
                leaks.append(f"{role}, {name}: {shown}")
        if role != "outsider":  # the team downloads every built output and reads the API
            wanted = {f"download:{fmt}" for fmt in FORMATS} | {"api:inspection-results"}
            assert wanted <= read, (role, sorted(wanted - read))
    assert not leaks, "\n".join(leaks)


def test_leads_and_admins_get_the_readings_and_agreement(client, world):
    missing = []
    for role in ("lead", "admin"):
        client.force_login(world.users[role])
        for name, mark in REVEALING.items():
            response = fetch(client, name, world.targets[name])
            if response.status_code != 200 or not found(text_of(response), [mark]):
                missing.append(f"{role}, {name}: {response.status_code}, {mark!r} not found")
    assert not missing, "\n".join(missing)


def test_the_workbook_a_lead_built_reaches_the_team_without_its_agreement_sheet(client, world):
    """The same stored job: the lead's download has the Agreement sheet, a team member's not."""
    kwargs = world.targets["download:xlsx"]
    sheets = {}
    for role in ("lead", "inspector", "second_reader"):
        client.force_login(world.users[role])
        response = fetch(client, "download:xlsx", kwargs)
        assert response.status_code == 200, role
        body = b"".join(response.streaming_content)
        sheets[role] = load_workbook(io.BytesIO(body), read_only=True).sheetnames
    assert "Agreement" in sheets["lead"]
    assert "Agreement" not in sheets["inspector"]
    assert sheets["inspector"] == sheets["second_reader"]
    assert set(sheets["lead"]) - set(sheets["inspector"]) == {"Agreement"}


def test_a_workbook_stored_before_the_split_is_for_leads_only(client, world):
    """A workbook built by the old code holds the Agreement sheet in the team's file and has no
    variant beside it: it is not served to the team (404); a lead still gets it."""
    kwargs = world.targets["download:xlsx"]
    job = Job.objects.get(pk=kwargs["job_pk"])
    job.result_file.storage.delete(job.readings_file_name)
    full = render_output(
        inspection=world.inspection, snapshot=job.snapshot, fmt="xlsx", readings=True
    )
    job.result_file.save("inspection-old-data-workbook.xlsx", ContentFile(full))
    assert not job.result_file.storage.exists(job.readings_file_name)
    for role, status in (("inspector", 404), ("second_reader", 404), ("lead", 200)):
        client.force_login(world.users[role])
        assert fetch(client, "download:xlsx", kwargs).status_code == status, role
    assert "kappa" in text_of(fetch(client, "download:xlsx", kwargs)).lower()
