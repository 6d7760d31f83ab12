"""A case list for a format-2 framework: its columns are the declared attributes, matched by name
or label, checked against the declaration, stored on the cohort (JSON beside the PDU columns)
and copied to the cases a draw samples."""

import pytest

from casework.models import Case
from inspection.declared import attributes_of
from sampling.models import CohortRecord, UploadStatus
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw
from tests.support.caselist_data import to_csv
from tests.support.declared_data import YOUTH, format2_inspection

pytestmark = pytest.mark.django_db


def stage(inspection, header, rows):
    return caselist_upload_stage(
        inspection=inspection, data=to_csv(rows, header), filename="cases.csv", user=None
    )


@pytest.fixture
def audit():
    return format2_inspection()


@pytest.fixture
def youth():
    return format2_inspection(YOUTH)


def test_headers_by_label_and_values_by_label_or_text_are_stored_typed(audit):
    header = ["Reference", "Start date", "Supervision TIER", "victim_contact", "Team  name"]
    rows = [
        ["A1", "2025-01-07", "Tier 3", "In the scheme", "North"],
        ["A2", "2025-01-08", "2", "no", "South"],
        ["A3", "08/01/2025", "1", "", ""],
        ["A4", "2025-01-09", "1.0", "TRUE", "=cmd"],
    ]
    upload = stage(audit, header, rows)
    assert upload.status == UploadStatus.INVALID
    assert upload.errors == [
        {
            "row": 5,
            "column": "team",
            "reason": "Looks like a spreadsheet formula; enter the Team name as text.",
            "header": "Team  name",
        }
    ]
    upload = stage(audit, header, rows[:3])
    assert upload.status == UploadStatus.STAGED
    assert caselist_upload_commit(upload=upload) == 3
    stored = {
        r.ref: (r.attributes, r.case_type, r.rosh)
        for r in CohortRecord.objects.filter(inspection=audit)
    }
    assert stored == {
        "A1": ({"tier": 3, "victim_contact": True, "team": "North"}, "", ""),
        "A2": ({"tier": 2, "victim_contact": False, "team": "South"}, "", ""),
        "A3": ({"tier": 1}, "", ""),
    }
    assert upload.counts == {"Supervision tier": {"Tier 1": 1, "Tier 2": 1, "Tier 3": 1}}


def test_a_required_attribute_missing_or_unknown_is_refused_naming_row_and_column(audit):
    upload = stage(audit, ["ref", "start_date", "team"], [["A1", "2025-01-07", "North"]])
    assert upload.errors == [
        {
            "row": 1,
            "column": "tier",
            "reason": "Required column missing: Supervision tier.",
            "header": "Supervision tier",
        }
    ]
    upload = stage(
        audit,
        ["ref", "start_date", "tier"],
        [
            ["A1", "2025-01-07", ""],
            ["A2", "2025-01-07", "Tier 7"],
            ["A3", "2025-01-07", "3"],
            ["A4", "2025-01-07", "not tiered"],
        ],
    )
    expected_one_of = "expected one of: Tier 1, Tier 2, Tier 3, Not tiered"
    assert [(e["row"], e["column"], e["reason"]) for e in upload.errors] == [
        (2, "tier", "Supervision tier is blank."),
        (3, "tier", f"'Tier 7' is not a Supervision tier ({expected_one_of})."),
        (5, "tier", "Supervision tier is not known (Not tiered)."),
    ]


def test_a_youth_case_list_needs_no_pdu_columns_and_the_draw_copies_attributes(youth):
    header = ["Reference", "Sentence date", "Type of disposal", "custody", "oocd_type"]
    rows = [
        [f"Y{i}", "2025-01-10", "Court disposal" if i % 2 else "oocd", "yes" if i % 3 else "", ""]
        for i in range(1, 9)
    ]
    upload = stage(youth, header, rows)
    assert upload.errors == []
    caselist_upload_commit(upload=upload)
    for sample in ("court", "oocd"):  # the youth framework's two disposal samples, 4 cases each
        sample_draw(inspection=youth, size=4, seed=3, strata=["disposal"], sample=sample)
    cases = Case.objects.select_related("inspection__framework").filter(inspection=youth)
    by_ref = {c.ref: c for c in cases}
    assert len(by_ref) == 8
    assert attributes_of(by_ref["Y1"]) == {"disposal": "court", "oocd_type": None, "custody": True}
    assert attributes_of(by_ref["Y6"]) == {"disposal": "oocd", "oocd_type": None, "custody": None}
    assert {c.case_type for c in cases} == {""} and {c.gender for c in cases} == {"unknown"}
    assert {c.stratum for c in cases} == {"disposal=court", "disposal=oocd"}
