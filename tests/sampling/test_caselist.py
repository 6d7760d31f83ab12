"""Reading and checking case lists (no database): headers, values, dates, encodings."""

import csv
import io
from datetime import date, datetime

import pytest

from sampling.caselist import caselist_check, caselist_read, errors_csv, spreadsheet_safe
from tests.support.caselist_data import HEADER, WINDOW, case_rows, to_csv, to_xlsx

WINDOWS = [WINDOW]


def check(data: bytes, filename: str = "list.csv"):
    return caselist_check(caselist_read(data, filename), WINDOWS)


def one_row(**cells) -> bytes:
    row = dict(zip(HEADER, case_rows(1)[0], strict=True))
    row.update(cells)
    return to_csv([list(row.values())], header=list(row))


def test_valid_file_gives_normalised_rows_and_no_errors():
    checked = check(to_csv(case_rows(50)))
    assert checked.errors == []
    assert checked.row_count == checked.valid_count == 50
    row = checked.rows[0]
    assert row["case_type"] in {"community", "suspended", "licence", "pss"}
    assert row["rosh"] in {"low", "medium", "high", "very_high"}
    assert row["gender"] in {"male", "female"}
    assert row["age_band"] in {"18-25", "26-49", "50+"}


def test_headers_match_case_insensitively_and_by_synonym():
    data = b"CRN,SENTENCE TYPE,start_date,Risk of Serious Harm,sex,Age Band\nX1,licence,2022-04-19,low,f,18 to 25\n"
    checked = check(data)
    assert checked.errors == []
    assert checked.rows[0] | {} == {
        "ref": "X1",
        "source_row": 2,
        "case_type": "licence",
        "rosh": "low",
        "gender": "female",
        "start_date": "2022-04-19",
        "ethnicity": "",
        "age_band": "18-25",
        "pre_sentence_info": None,
        "practitioner_grade": "",
    }


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        ("RoSH level", "Very High", "very_high"),
        ("RoSH level", "VHIGH", "very_high"),
        ("RoSH level", "v high", "very_high"),
        ("RoSH level", "MED", "medium"),
        ("Gender", "F", "female"),
        ("Gender", "Female", "female"),
        ("Gender", "m", "male"),
        ("Gender", "Not stated", "unknown"),
        ("Case type", "Suspended Sentence Order", "suspended"),
        ("Case type", "Post-sentence supervision", "pss"),
        ("Case type", "License", "licence"),
        ("Practitioner grade", "PQiP", "trainee"),
    ],
)
def test_common_spellings_of_values_are_normalised(column, raw, expected):
    checked = check(one_row(**{column: raw}))
    assert checked.errors == []
    key = {
        "RoSH level": "rosh",
        "Gender": "gender",
        "Case type": "case_type",
        "Practitioner grade": "practitioner_grade",
    }[column]
    assert checked.rows[0][key] == expected


@pytest.mark.parametrize(
    "raw", ["2022-04-19", "19/04/2022", "19/4/2022", "19-04-2022", "19.04.2022"]
)
def test_dates_in_iso_and_day_month_year(raw):
    checked = check(one_row(**{"Sentence or release date": raw}))
    assert checked.errors == []
    assert checked.rows[0]["start_date"] == "2022-04-19"


@pytest.mark.parametrize(
    ("born", "band"),
    [
        ("18/04/2004", "18-25"),
        ("19/04/1996", "18-25"),
        ("18/04/1996", "26-49"),
        ("19/04/1972", "26-49"),
        ("18/04/1972", "50+"),
    ],
)
def test_date_of_birth_becomes_age_band_at_the_cohort_window_start(born, band):
    # the window starts 18/04/2022: born 18/04/1996 is 26 that day, born 19/04/1996 still 25
    checked = check(one_row(**{"Date of birth": born}))
    assert checked.errors == []
    assert checked.rows[0]["age_band"] == band


def test_under_18_at_the_cohort_start_is_reported():
    checked = check(one_row(**{"Date of birth": "19/04/2004"}))
    assert checked.errors == [
        {
            "row": 2,
            "column": "date_of_birth",
            "reason": "Aged 17 at the cohort start: under 18s are not in scope.",
        }
    ]


def test_every_bad_row_is_reported_with_spreadsheet_row_number_and_column():
    rows = case_rows(10)
    rows[2][3] = "extreme"  # row 4 in the spreadsheet
    rows[6][4] = "?"  # row 8
    rows[6][2] = "31/02/2022"  # row 8, second problem
    rows[9][1] = ""  # row 11
    checked = check(to_csv(rows))
    assert [(e["row"], e["column"]) for e in checked.errors] == [
        (4, "rosh"),
        (8, "gender"),
        (8, "start_date"),
        (11, "case_type"),
    ]
    assert checked.valid_count == 7 and checked.row_count == 10
    assert "'extreme' is not a RoSH level" in checked.errors[0]["reason"]


def test_duplicates_and_rows_outside_the_windows_are_reported_not_dropped():
    rows = case_rows(4)
    rows[3][0] = rows[1][0].lower()
    rows[2][2] = "2022-05-01"
    checked = check(to_csv(rows))
    assert checked.errors == [
        {"row": 4, "column": "start_date", "reason": "01/05/2022 is outside the cohort windows."},
        {
            "row": 5,
            "column": "ref",
            "reason": f"Duplicate reference {rows[1][0].lower()}: first on row 3.",
        },
    ]


def test_missing_required_columns_are_reported_on_the_header_row():
    checked = check(b"Reference,Gender\nA1,M\n")
    assert {(e["row"], e["column"]) for e in checked.errors} == {
        (1, "case_type"),
        (1, "start_date"),
        (1, "rosh"),
        (1, "age_band"),
    }
    assert checked.rows == []


def test_header_without_rows_and_empty_file():
    assert check(to_csv([])).errors[0]["reason"] == "The file has a header row but no case rows."
    with pytest.raises(ValueError, match="empty"):
        check(b"")


def test_cp1252_file_is_read_and_undecodable_file_refused_with_reason():
    checked = check(
        to_csv(
            [["A1", "licence", "2022-04-19", "low", "F", "Café-owner", "", "", ""]][:1],
            encoding="cp1252",
        ).replace(b"Date of birth", b"Age band")
    )
    assert checked.errors == [] and checked.rows[0]["ethnicity"] == "Café-owner"
    with pytest.raises(ValueError, match="neither UTF-8 nor Windows-1252"):
        check(to_csv(case_rows(1)) + b"\x81\x8d")


def test_utf8_with_bom_and_utf16_are_read():
    data = to_csv(case_rows(3), encoding="utf-8-sig")
    assert check(data).valid_count == 3
    assert check(to_csv(case_rows(3), encoding="utf-16")).valid_count == 3


def test_xlsx_with_real_dates_and_numbers():
    # a spreadsheet's date cell is a naive datetime, as openpyxl reads it
    start = datetime(2022, 4, 20)  # noqa: DTZ001
    rows = [[1234, "Licence", start, "High", "F", "White", date(1990, 1, 1), "No", "PO"]]
    checked = check(to_xlsx(rows), "list.xlsx")
    assert checked.errors == []
    assert checked.rows[0]["ref"] == "1234"
    assert checked.rows[0]["start_date"] == "2022-04-20"
    assert checked.rows[0]["pre_sentence_info"] is False


def test_file_named_xlsx_that_is_not_a_workbook_is_refused():
    with pytest.raises(ValueError, match="not an Excel workbook"):
        check(b"a,b\n1,2\n", "list.xlsx")


@pytest.mark.parametrize("value", ["=CMD()", "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_error_csv_defuses_formulas(value):
    assert spreadsheet_safe(value) == "'" + value
    text = errors_csv([{"row": 2, "column": value, "reason": value}])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["2", "'" + value, "'" + value]


def test_formula_like_cells_are_rejected():
    checked = check(one_row(Reference="=CMD()", Ethnicity='=HYPERLINK("x")'))
    assert {e["column"] for e in checked.errors} == {"ref", "ethnicity"}


def test_age_column_with_numbers_becomes_a_band():
    data = b"ref,case type,start date,rosh,gender,age\nA1,pss,2022-04-19,low,m,25\nA2,pss,2022-04-19,low,m,17\n"
    checked = check(data)
    assert checked.rows[0]["age_band"] == "18-25"
    assert [(e["row"], e["column"]) for e in checked.errors] == [(3, "age_band")]
