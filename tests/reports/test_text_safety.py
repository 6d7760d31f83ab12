"""One helper makes user text inert in spreadsheets; XML outputs survive control characters."""

import copy
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from inspection.text_safety import spreadsheet_cell, spreadsheet_safe, xml_safe
from records.services.bundle import bundle_import
from reports.rendering import render_output
from reports.services.results import snapshot_refresh


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("'=1", "'=1"),  # already text to a spreadsheet
        ("", ""),
        (None, None),
        (-2, -2),  # numbers stay numbers
        (3.5, 3.5),
    ],
)
def test_spreadsheet_cell(value, cell):
    assert spreadsheet_cell(value) == cell


def test_spreadsheet_safe_drops_characters_xml_cannot_hold():
    assert spreadsheet_safe("\x00=a\x0bb") == "'=ab"
    assert xml_safe("tab\tnewline\ncr\r ok\x01\x1f\ufffe") == "tab\tnewline\ncr\r ok"


@pytest.mark.django_db
def test_workbook_and_docx_survive_control_characters(spec_bundle, framework):
    bundle = copy.deepcopy(spec_bundle)
    bundle["inspection"]["pdu"] = "Vertical\x0btab PDU"
    bundle["moderations"] = {"2.2": {"rating": "good", "reason": "Bell\x07 and\x1b escape"}}
    inspection = bundle_import(data=bundle)
    snapshot = snapshot_refresh(inspection=inspection)

    book = load_workbook(
        io.BytesIO(render_output(inspection=inspection, snapshot=snapshot, fmt="xlsx"))
    )
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "Bell and escape" in values
    assert any(isinstance(v, str) and v.startswith("Verticaltab PDU") for v in values)

    doc = Document(io.BytesIO(render_output(inspection=inspection, snapshot=snapshot, fmt="docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Verticaltab PDU" in text and "Reason: Bell and escape" in text
