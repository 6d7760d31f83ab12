"""XSS and formula payloads in every user-writable text field, then every page and every export
(issue 9): HTML escapes them, the workbook and CSV hold no formula (text starting like one is
prefixed with an apostrophe), DOCX and PDF hold them as literal text.

Each field gets a formula payload at its start (where a spreadsheet would run it), an HTML payload
after it and a tag naming the field, e.g. `=HYPERLINK("http://x","y") <script>alert(1)</script>
[moderation]`, so every check can also tell that the field was shown at all.
"""

import csv
import io
import json
import re
import subprocess
from html import escape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from casework.models import Case, QAComment
from inspection.models import Item, Standard
from inspection.text_safety import FORMULA_START
from readings.models import PracticeCase, Reading, ReadingAnswer, Settlement
from records.services.bundle import bundle_import
from reports.rendering import REGIONAL_FORMATS, render_output, render_regional_output
from reports.services.entries import (
    background_record,
    domain_one_record,
    recommendation_add,
    region_comparisons_choose,
)
from reports.services.results import snapshot_refresh
from reports.services.rollups import rollup_refresh, rollup_row
from reports.services.snapshots import snapshot_freeze
from sampling.services.assignment import conflict_declare
from tests.permissions.test_url_walk import World, expect_modules, url_names
from tests.support.caselist_data import HEADER, case_rows, to_csv
from tests.support.factories import (
    CaseFactory,
    InspectionFactory,
    MembershipFactory,
    shipped_framework,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]
MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
FIELDS = [
    "pdu",
    "region",
    "evidence",
    "interview",
    "moderation",
    "label",
    "recommendation",
    "narrative",
    "strength",
    "qa",
    "conflict",
    "username",
    "voice",
    "second_evidence",
    "settlement",
    "practice",
]
# case ethnicity is short (60): a formula and the image payload, no tag; see _world
ETHNICITY = '@SUM(1) "><img src=x onerror=alert(1)>'


def text(field: str) -> str:
    i = FIELDS.index(field)
    return f"{FORMULAS[i % len(FORMULAS)]} {MARKUP[i % len(MARKUP)]} [{field}]"


def _bundle(spec: dict) -> dict:
    spec["inspection"] |= {"pdu": text("pdu"), "region": text("region")}
    case = spec["cases"][0]
    case["evidence"] = {"2.2.1": text("evidence")}
    cases = [case]
    for n, ethnicity in enumerate(["<script>alert(1)</script>", "white"], start=2):
        cases.append(case | {"ref": f"C-{n:04d}", "ethnicity": ethnicity})
    spec["cases"] = cases
    spec["interviews"][0]["notes"] = text("interview")
    spec["moderations"] = {"2.2": {"rating": "good", "reason": text("moderation")}}
    return spec


@pytest.fixture
def world(spec_bundle) -> World:
    shipped_framework()
    inspection = bundle_import(data=_bundle(spec_bundle))
    # legacy data from before the import rules: an ethnicity that starts like a formula
    Case.objects.filter(inspection=inspection, ref="C-0003").update(ethnicity=ETHNICITY)
    inspector = MembershipFactory(inspection=inspection, role="inspector").user
    lead = MembershipFactory(inspection=inspection, role="lead").user
    admin = get_user_model().objects.get(pk=_admin().pk)
    admin.first_name = text("username")
    admin.save()
    case = inspection.cases.get(ref="C-0001")
    case.assigned_to = inspector
    case.save()
    QAComment.objects.create(case=case, text=text("qa"), author=lead)
    conflict_declare(inspection=inspection, user=inspector, ref="X-1", note=text("conflict"))
    recommendation_add(inspection=inspection, actor="pdu", text=text("recommendation"))
    background_record(
        inspection=inspection,
        user=lead,
        narrative=text("narrative"),
        user_voice_contacts=3,
        user_voice_figures=[{"percent": 50.0, "label": text("voice")}],
    )
    standard = Standard.objects.get(framework=inspection.framework, code="1.1")
    domain_one_record(
        inspection=inspection,
        standard=standard,
        user=lead,
        rating="good",
        strengths=[text("strength")],
        areas_for_improvement=[],
    )
    snapshot_refresh(inspection=inspection)
    # the region's and the national roll-up (region name and PDU in the regional report, the
    # dashboard's benchmarks, the national overview), kept with the frozen results
    for region in (inspection.pdu.region, None):
        rollup_refresh(rollup=rollup_row(framework=inspection.framework, region=region))
    region_comparisons_choose(inspection=inspection, codes=["2.2"], user=lead)
    snapshot_freeze(inspection=inspection, user=lead, label=text("label"))
    other = InspectionFactory()
    outsider = MembershipFactory(inspection=other, role="inspector").user
    reader = MembershipFactory(inspection=inspection, role="inspector").user
    return World(
        inspection=inspection,
        case=case,
        other_inspection=other,
        other_case=CaseFactory(inspection=other, assigned_to=outsider),
        reading=_readings(inspection, case, reader, lead, admin),
        users={
            "outsider": outsider,
            "inspector": inspector,
            "second_reader": reader,
            "lead": lead,
            "admin": admin,
        },
    )


def _readings(inspection, case, reader, lead, admin) -> Reading:
    """A submitted second reading that disagrees, settled with a reason, and an open practice
    case: their user text (evidence, reason, practice material) carries payloads too."""
    item = Item.objects.get(framework=inspection.framework, code="2.2.1")
    reading = Reading.objects.create(kind="second", case=case, reader=reader, status="submitted")
    ReadingAnswer.objects.create(
        reading=reading, item=item, value="no", evidence=text("second_evidence")
    )
    Settlement.objects.create(
        reading=reading,
        item=item,
        outcome="new",
        first_value="yes",
        second_value="no",
        value="na",
        reason=text("settlement"),
        settled_by=lead,
        settled_at=timezone.now(),
    )
    practice = PracticeCase.objects.create(
        framework=inspection.framework,
        title=text("practice"),
        material=text("practice"),
        case_type="community",
        rosh="medium",
        status="open",
    )
    Reading.objects.create(kind="reference", practice=practice, reader=admin, status="submitted")
    return reading


def _admin():
    from tests.support.factories import AdminFactory

    return AdminFactory(username="payload-admin")


def _assert_inert_html(page: str, where: str) -> None:
    for payload in MARKUP:
        assert payload not in page, f"{where} shows {payload!r} as live markup"


def test_every_page_shows_the_payloads_escaped(client, world):
    kwargs: dict[str, dict] = {}
    for module in expect_modules():
        if hasattr(module, "kwargs"):
            kwargs.update(module.kwargs(world))
    pages: list[str] = []
    for role in ("admin", "lead", "inspector"):
        client.force_login(world.users[role])
        for name in sorted(url_names()):
            response = client.get(reverse(name, kwargs=kwargs.get(name) or None))
            if response.status_code != 200 or response.streaming:
                continue
            body = response.content.decode()
            if response["Content-Type"].startswith("application/json"):
                continue  # JSON strings, never rendered as HTML by the API
            _assert_inert_html(body, f"{name} as {role}")
            pages.append(body)
        # the browsable API renders the same data as HTML
        for name in ("api:case-list", "api:inspection-list"):
            body = client.get(reverse(name), HTTP_ACCEPT="text/html").content.decode()
            _assert_inert_html(body, f"{name} (HTML) as {role}")
            pages.append(body)
    shown = "\n".join(pages)
    missing = [f for f in FIELDS if escape(f"{MARKUP[FIELDS.index(f) % 2]} [{f}]") not in shown]
    assert not missing, f"never shown on any page: {missing}"
    # the case with the legacy formula ethnicity, in the browsable API (the case pages do not
    # show ethnicity)
    legacy = world.inspection.cases.get(ref="C-0003")
    page = client.get(
        reverse("api:case-detail", args=[legacy.pk]), HTTP_ACCEPT="text/html"
    ).content.decode()
    _assert_inert_html(page, "the legacy case in the API")
    assert escape(json.dumps(ETHNICITY)) in page


def _outputs(world) -> dict[str, bytes]:
    frozen = world.inspection.snapshots.get(kind="frozen")
    return {
        fmt: render_output(inspection=world.inspection, snapshot=frozen, fmt=fmt)
        for fmt in ("xlsx", "docx", "pdf", "html", "md")
    }


REPORT_FIELDS = ["pdu", "moderation", "label", "recommendation", "narrative", "strength", "voice"]


def test_every_export_writes_the_payloads_as_inert_text(world):
    out = _outputs(world)

    book = load_workbook(io.BytesIO(out["xlsx"]))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "formula cells"
    strings = [c.value for c in cells if isinstance(c.value, str)]
    live = [s for s in strings if s.startswith(FORMULA_START)]
    assert not live, f"text a spreadsheet would run: {live}"
    for field in ("pdu", "moderation", "label"):
        assert any(s.startswith("'" + text(field)) for s in strings), field
    assert "'" + ETHNICITY in strings  # the breakdowns and sample profile

    docx = Document(io.BytesIO(out["docx"]))
    paragraphs = [p.text for p in docx.paragraphs]
    paragraphs += [c.text for t in docx.tables for row in t.rows for c in row.cells]
    joined = "\n".join(paragraphs)
    for field in REPORT_FIELDS:
        assert text(field) in joined, f"{field} not in the DOCX as literal text"
    xml = out["docx"]
    assert b"instrText" not in xml and b"fldSimple" not in xml  # no field codes at all

    pdf_text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=out["pdf"], capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(pdf_text.split())
    for field in REPORT_FIELDS:
        assert text(field) in flat, f"{field} not in the PDF as literal text"

    html = out["html"].decode()
    _assert_inert_html(html, "the HTML report")
    for field in REPORT_FIELDS:
        assert escape(text(field)) in html, f"{field} not in the HTML report, escaped"

    md = out["md"].decode()
    for field in REPORT_FIELDS:
        assert text(field) in md


REGIONAL_FIELDS = ["pdu", "region"]


def test_the_regional_report_writes_the_payloads_as_inert_text(world):
    region, framework = world.inspection.pdu.region, world.inspection.framework
    out = {
        fmt: render_regional_output(region=region, framework=framework, fmt=fmt)
        for fmt in REGIONAL_FORMATS
    }
    docx = Document(io.BytesIO(out["docx"]))
    paragraphs = [p.text for p in docx.paragraphs]
    paragraphs += [c.text for t in docx.tables for row in t.rows for c in row.cells]
    joined = "\n".join(paragraphs)
    assert b"instrText" not in out["docx"] and b"fldSimple" not in out["docx"]
    pdf = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=out["pdf"], capture_output=True, check=True
    ).stdout.decode()
    html = out["html"].decode()
    _assert_inert_html(html, "the regional HTML report")
    for field in REGIONAL_FIELDS:
        assert text(field) in joined, f"{field} not in the regional DOCX as literal text"
        assert text(field) in " ".join(pdf.split()), f"{field} not in the regional PDF"
        assert escape(text(field)) in html, f"{field} not in the regional HTML, escaped"


def test_the_comparison_line_prints_the_region_name_as_inert_text(world):
    out = _outputs(world)
    line = f"Across the {text('region')} region"
    assert line in out["md"].decode()
    assert escape(line) in out["html"].decode()
    docx = Document(io.BytesIO(out["docx"]))
    assert any(p.text.startswith(line) for p in docx.paragraphs)


def test_case_list_error_csv_holds_no_formula(client, world):
    rows = case_rows(3)
    for row, payload in zip(rows, FORMULAS + MARKUP, strict=False):
        row[1] = payload  # not a case type: echoed in the reason
        row[5] = payload  # a formula ethnicity: refused
    lead = world.users["lead"]
    client.force_login(lead)
    upload = client.post(
        reverse("setup:caselist_upload", args=[world.inspection.pk]),
        {"file": io.BytesIO(to_csv(rows, HEADER))},
    )
    upload_pk = int(re.search(r"/case-list/(\d+)/", upload["Location"]).group(1))
    body = client.get(
        reverse("setup:caselist_errors", args=[world.inspection.pk, upload_pk])
    ).content.decode()
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert len(cells) > 6
    assert not [c for c in cells if c.startswith(FORMULA_START)]
