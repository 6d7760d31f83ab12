"""The data workbook's Agreement sheet: the agreement figures, user text inert, and a sheet that
a write-only (streaming) workbook can take."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from readings.selectors.readings import inspection_agreement_view
from reports.rendering.workbook_agreement import agreement_sheet
from reports.services.results import snapshot_refresh
from tests.support.factories import MembershipFactory
from tests.support.readings_data import double_read

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.fixture
def double_read_inspection(inspection):
    """2.2.1: yes/yes, no/no -> 2 pairs, kappa 1.0; 2.2.3: yes/no, no/no -> p_o 1/2,
    first yes 1 no 1, second no 2: p_e = 1/2, kappa 0.0. A second reader whose username starts
    like a formula."""
    first = MembershipFactory(inspection=inspection, role="inspector", user__username="ann").user
    second = MembershipFactory(inspection=inspection, role="inspector", user__username=PAYLOAD).user
    kw = {"first_reader": first, "second_reader": second}
    double_read(
        inspection,
        first={"2.2.1": "yes", "2.2.3": "yes"},
        second={"2.2.1": "yes", "2.2.3": "no"},
        **kw,
    )
    double_read(
        inspection,
        first={"2.2.1": "no", "2.2.3": "no"},
        second={"2.2.1": "no", "2.2.3": "no"},
        **kw,
    )
    snapshot_refresh(inspection=inspection)
    return inspection


def rows_of(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(values_only=True)]


def test_export_workbook_for_the_team_has_no_agreement_sheet(double_read_inspection, tmp_path):
    path = tmp_path / "team.xlsx"
    call_command(
        "export_workbook",
        str(double_read_inspection.pk),
        "--output",
        str(path),
        "--team",
        stdout=StringIO(),
    )
    wb = load_workbook(path)
    assert "Agreement" not in wb.sheetnames and "Ratings" in wb.sheetnames
    assert not any("kappa" in str(v).lower() for ws in wb for r in rows_of(ws) for v in r if v)


def test_export_workbook_has_the_agreement_sheet(double_read_inspection, tmp_path):
    path = tmp_path / "data.xlsx"
    call_command(
        "export_workbook", str(double_read_inspection.pk), "--output", str(path), stdout=StringIO()
    )
    wb = load_workbook(path)
    rows = rows_of(wb["Agreement"])
    by_code = {r[0]: r for r in rows if r and r[0]}
    assert by_code["All items"][2:6] == (4, 3, 75.0, 0.5)
    assert by_code["2.2.1"][2:6] == (2, 2, 100.0, 1.0)
    assert by_code["2.2.3"][2:6] == (2, 1, 50.0, 0.0)
    items = [r[0] for r in rows if r and r[0] in ("2.2.1", "2.2.3")]
    assert items == ["2.2.3", "2.2.1"]  # lowest agreement first
    assert ("ann", "'" + PAYLOAD, 4, 3, 75.0, 0.5) in rows
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


def test_the_sheet_writes_into_a_write_only_workbook(double_read_inspection):
    wb = Workbook(write_only=True)
    agreement_sheet(wb.create_sheet("Agreement"), inspection_agreement_view(double_read_inspection))
    out = io.BytesIO()
    wb.save(out)
    rows = rows_of(load_workbook(out)["Agreement"])
    assert rows[0][0] == "Agreement between first and second readings"
    assert ("All items", None, 4, 3, 75.0, 0.5) in rows


def test_no_double_read_cases_says_so(inspection):
    wb = Workbook()
    agreement_sheet(wb.active, inspection_agreement_view(inspection))
    assert rows_of(wb.active)[1] == ("No case has both readings in yet.",)
