"""Hostile spreadsheets are refused before the work, with bounded memory (issue 9, item 4).

The bombs are built here: a 5 KB workbook whose sheet declares `A1:XFD100000`, and one whose
shared-strings part compresses to a few MB but would expand to 1 GB. Each is read in a child
process under an address-space limit, so old code fails the test with a MemoryError rather than
taking the machine's memory; tracemalloc measures the reader's own peak (no timing).
"""

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook

from sampling.caselist.read import MAX_COLUMNS, MAX_SHARED_STRINGS
from sampling.models import CaseListUpload, UploadStatus
from tests.support.caselist_data import HEADER, case_rows

ROOT = Path(__file__).resolve().parents[2]
ADDRESS_SPACE = 1024 * 1024 * 1024  # the child may map at most 1 GB
PEAK = 32 * 1024 * 1024  # what the reader may allocate for these files
READ = """
import json, resource, sys, tracemalloc
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
from sampling.caselist.read import CaseListUnreadable, caselist_read
data = open(sys.argv[1], "rb").read()
tracemalloc.start()
try:
    rows = caselist_read(data, "list.xlsx")
    out = {"rows": len(rows), "widest": max(len(r) for r in rows)}
except CaseListUnreadable as exc:
    out = {"refused": str(exc)}
out["peak"] = tracemalloc.get_traced_memory()[1]
print(json.dumps(out))
"""


def _workbook(rows: list[list]) -> bytes:
    wb = Workbook()  # the normal writer: shared strings and a <dimension> element, as Excel
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


SST_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def _rezip(data: bytes, replace: dict[str, callable], tmp: Path) -> Path:
    """The workbook with parts rewritten (streamed, so they may be huge); a shared-strings part
    is added (openpyxl writes inline strings) and declared as Excel declares it."""
    path = tmp / "hostile.xlsx"
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        names = source.namelist()
        for name in names:
            xml = source.read(name)
            if name == "[Content_Types].xml" and "xl/sharedStrings.xml" in replace:
                xml = xml.replace(b"</Types>", SST_TYPE)
            if name in replace:
                with target.open(name, "w", force_zip64=True) as part:
                    replace[name](part, xml)
            else:
                target.writestr(name, xml)
        for name in set(replace) - set(names):
            with target.open(name, "w", force_zip64=True) as part:
                replace[name](part, b"")
    return path


def _read_in_child(path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", READ, str(path), str(ADDRESS_SPACE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def dimension_bomb(tmp_path_factory) -> Path:
    def claim(part, xml: bytes) -> None:
        part.write(re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD100000"', xml))

    data = _workbook([HEADER, *case_rows(3)])
    path = _rezip(data, {"xl/worksheets/sheet1.xml": claim}, tmp_path_factory.mktemp("dim"))
    assert path.stat().st_size < 10_000
    return path


@pytest.fixture(scope="module")
def strings_bomb(tmp_path_factory) -> Path:
    def huge(part, xml: bytes) -> None:
        part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        part.write(b"<si><t>")
        chunk = b"A" * (8 * 1024 * 1024)
        for _ in range(128):  # 1 GB of text
            part.write(chunk)
        part.write(b"</t></si></sst>")

    data = _workbook([HEADER, *case_rows(3)])
    path = _rezip(data, {"xl/sharedStrings.xml": huge}, tmp_path_factory.mktemp("sst"))
    assert path.stat().st_size < 8 * 1024 * 1024
    return path


def test_declared_dimension_is_ignored_and_only_real_cells_are_read(dimension_bomb):
    out = _read_in_child(dimension_bomb)
    assert out.get("rows") == 4, out
    assert out["widest"] == len(HEADER)
    assert out["peak"] < PEAK


def test_shared_strings_bomb_is_refused_before_decompressing(strings_bomb):
    out = _read_in_child(strings_bomb)
    assert out.get("refused", "").startswith("The workbook would expand to 1,024 MB when opened"), (
        out
    )
    assert out["peak"] < PEAK


def test_shared_strings_limit_applies_on_its_own(tmp_path):
    def big(part, xml: bytes) -> None:
        text = b"B" * (MAX_SHARED_STRINGS + 1024)
        part.write(
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        )
        part.write(text + b"</t></si></sst>")

    path = _rezip(_workbook([HEADER, *case_rows(3)]), {"xl/sharedStrings.xml": big}, tmp_path)
    out = _read_in_child(path)
    assert out.get("refused", "").startswith("The workbook's text table would expand to 30 MB"), out


def test_a_value_beyond_the_column_limit_is_refused(tmp_path):
    row = case_rows(1)[0] + [None] * (MAX_COLUMNS + 10) + ["far away"]
    path = tmp_path / "wide.xlsx"
    path.write_bytes(_workbook([HEADER, row]))
    out = _read_in_child(path)
    assert out.get("refused") == (
        f"Row 2 has values beyond column {MAX_COLUMNS}: at most {MAX_COLUMNS} columns are read."
    )


def test_entity_expansion_is_refused(tmp_path):
    def laughs(part, xml: bytes) -> None:
        part.write(
            b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<si><t>&c;</t></si></sst>"
        )

    path = _rezip(_workbook([HEADER, *case_rows(3)]), {"xl/sharedStrings.xml": laughs}, tmp_path)
    out = _read_in_child(path)
    assert out.get("refused", "").startswith("The file is not a readable Excel workbook"), out


@pytest.mark.django_db
def test_upload_page_lists_the_bomb_as_a_problem(client, lead, inspection, strings_bomb):
    client.force_login(lead)
    with strings_bomb.open("rb") as f:
        response = client.post(reverse("setup:caselist_upload", args=[inspection.pk]), {"file": f})
    upload = CaseListUpload.objects.get(inspection=inspection)
    assert response.status_code == 302
    assert upload.status == UploadStatus.INVALID
    assert upload.errors[0]["reason"].startswith("The workbook would expand to 1,024 MB")
    page = client.get(response["Location"]).content.decode()
    assert "The workbook would expand to 1,024 MB when opened" in page
