"""The answers export for analysts (`export_answers`, and the CSV download on the region page):
one row per counted answer with the case's attributes, inspection, PDU, region and item code; no
evidence; user text inert; the scope's limits checked before anything is written."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from casework.models import Answer, CaseStatus
from inspection.models import Item
from reports import answers_export
from reports.answers_export import Scope, answers_export_write, header
from reports.selectors import classify
from tests.support.factories import (
    CaseFactory,
    InspectionFactory,
    MembershipFactory,
    PduFactory,
    RegionFactory,
)

# A format-1 framework's export columns, as they have always been (the six PDU attributes in
# the registry's order).
HEADER = (
    "inspection",
    "pdu",
    "region",
    "framework",
    "framework_version",
    "case_ref",
    "case_status",
    "start_date",
    "case_type",
    "rosh",
    "gender",
    "pre_sentence_info",
    "age_band",
    "ethnicity",
    "item",
    "answer",
    "counted_as",
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(framework):
    """Two inspections in one region, one in another; counted and draft cases; a formula-like
    PDU name and ethnicity; evidence that must not leave."""
    region = RegionFactory(name='=HYPERLINK("http://x")')
    here = InspectionFactory(pdu=PduFactory(region=region, name="+Leicester"))
    there = InspectionFactory(pdu=PduFactory(region=region, name="Derby"))
    elsewhere = InspectionFactory(pdu=PduFactory(region=RegionFactory(name="Wales")))
    items = {i.code: i for i in Item.objects.filter(framework=framework)}
    for inspection, n in ((here, 3), (there, 2), (elsewhere, 4)):
        for i in range(n):
            case = CaseFactory(
                inspection=inspection,
                status=CaseStatus.SUBMITTED,
                ethnicity="=1+2" if i == 0 else "white",
                pre_sentence_info=i != 1,
            )
            for code, value in (("2.2.1", "yes"), ("2.1.1", "no"), ("MO.1", "absent")):
                Answer.objects.create(
                    case=case, item=items[code], value=value, evidence="SECRET evidence text"
                )
        draft = CaseFactory(inspection=inspection, status=CaseStatus.DRAFT)
        Answer.objects.create(case=draft, item=items["2.2.1"], value="yes")
        blank = CaseFactory(inspection=inspection, status=CaseStatus.SUBMITTED)
        Answer.objects.create(case=blank, item=items["2.2.3"], value="", evidence="typed")
    return {"region": region, "here": here, "there": there, "elsewhere": elsewhere}


def read_csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_csv_has_one_row_per_counted_answer_of_the_region(world, framework, tmp_path):
    path = tmp_path / "answers.csv"
    n = answers_export_write(scope=Scope(framework=framework, region=world["region"]), path=path)
    rows = read_csv(path)
    assert n == len(rows) == 15  # 5 counted cases x 3 answers; drafts and blank answers left out
    assert list(rows[0]) == list(HEADER) == list(header(framework))
    assert {r["inspection"] for r in rows} == {str(world["here"].pk), str(world["there"].pk)}
    assert "SECRET" not in path.read_text() and "evidence" not in HEADER
    # counted_as is the rule applied: 2.1.1 judged "no" where there was no pre-sentence info is na
    counted = {(r["case_ref"], r["item"]): r["counted_as"] for r in rows}
    for answer in (
        Answer.objects.counted()
        .filter(case__inspection__pdu__region=world["region"])
        .select_related("case", "item")
    ):
        assert counted[(answer.case.ref, answer.item.code)] == classify(
            answer.item, answer.value, answer.case
        )
    assert sorted(set(counted.values())) == ["na", "no", "yes"]


def test_csv_user_text_is_inert(world, framework, tmp_path):
    path = tmp_path / "answers.csv"
    answers_export_write(scope=Scope(framework=framework, region=world["region"]), path=path)
    rows = read_csv(path)
    assert {r["region"] for r in rows} == {'\'=HYPERLINK("http://x")'}
    assert "'+Leicester" in {r["pdu"] for r in rows}
    assert "'=1+2" in {r["ethnicity"] for r in rows}


def test_xlsx_national_rows_typed_as_text(world, framework, tmp_path):
    path = tmp_path / "answers.xlsx"
    n = answers_export_write(scope=Scope(framework=framework), path=path)
    sheet = load_workbook(path, read_only=True)["Answers"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER and n == len(rows) - 1 == 27
    cells = [c for row in load_workbook(path)["Answers"].iter_rows(min_row=2) for c in row]
    formulas = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+"))]
    assert formulas and all(c.data_type == "s" for c in formulas)  # shown as written, never run


def test_xlsx_over_the_sheet_limit_is_refused_before_writing(
    world, framework, tmp_path, monkeypatch
):
    monkeypatch.setattr(answers_export, "XLSX_MAX_ROWS", 26)
    path = tmp_path / "answers.xlsx"
    with pytest.raises(answers_export.ExportTooLarge, match="27 answers do not fit"):
        answers_export_write(scope=Scope(framework=framework), path=path)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_export_answers_command(world, framework, tmp_path):
    out = StringIO()
    path = tmp_path / "wales.csv"
    call_command(
        "export_answers",
        "--framework",
        "hmip-pdu-2021",
        "--region",
        "Wales",
        "--output",
        str(path),
        stdout=out,
    )
    assert out.getvalue().strip() == str(path)
    assert {r["region"] for r in read_csv(path)} == {"Wales"} and len(read_csv(path)) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--framework", "hmip-pdu-2021", "--output", "x.json"], "must end in .csv or .xlsx"),
        (["--framework", "hmip-pdu-2021", "--output", "/no/such/dir/x.csv"], "no such directory"),
        (["--framework", "nope", "--output", "{tmp}/x.csv"], "no framework with code 'nope'"),
        (
            ["--framework", "hmip-pdu-2021", "--region", "Mars", "--output", "{tmp}/x.csv"],
            "no region named 'Mars'",
        ),
    ],
)
def test_export_answers_refuses_bad_input(framework, tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("export_answers", *args, stdout=StringIO())
    assert list(tmp_path.iterdir()) == []


def test_region_download_has_only_the_inspections_the_user_leads(client, world):
    lead = MembershipFactory(inspection=world["here"], role="lead").user
    inspector = MembershipFactory(inspection=world["there"], role="inspector").user
    url = reverse("reports:region_answers", args=[world["region"].pk, world["here"].framework_id])
    client.force_login(inspector)
    assert client.get(url).status_code == 403
    client.force_login(lead)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 9 and {r["inspection"] for r in rows} == {str(world["here"].pk)}
    assert {r["pdu"] for r in rows} == {"'+Leicester"}
