"""Staging, committing and the import_caselist command, with Hypothesis-made malformed files."""

import json
import random
import string

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sampling.caselist.columns import GENDER_LOOKUP, ROSH_LOOKUP, simplify
from sampling.models import CaseListUpload, CohortRecord, UploadStatus
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from tests.support.caselist_data import HEADER, case_rows, to_csv, to_xlsx

pytestmark = pytest.mark.django_db
HYPO = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
formulas = st.sampled_from(["=CMD()", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1:A9)", "-1+2"])


def stage(inspection, data: bytes, filename: str = "list.csv") -> CaseListUpload:
    return caselist_upload_stage(inspection=inspection, data=data, filename=filename, user=None)


def assert_refused_with_nothing_written(inspection, upload: CaseListUpload) -> None:
    assert upload.status == UploadStatus.INVALID
    assert upload.errors, "a malformed file must give at least one problem"
    for e in upload.errors:
        assert isinstance(e["row"], int) and e["row"] >= 1
        assert isinstance(e["column"], str)
        assert e["reason"].strip()
    with pytest.raises(ValidationError):
        caselist_upload_commit(upload=upload)
    assert not CohortRecord.objects.filter(inspection=inspection).exists()
    assert not inspection.cases.exists()


@HYPO
@given(data=st.binary(max_size=400))
def test_random_bytes_end_in_a_report_and_nothing_written(inspection, data):
    upload = stage(inspection, data)
    assert_refused_with_nothing_written(inspection, upload)


@HYPO
@given(encoding=st.sampled_from(["utf-16-le", "utf-32", "cp037"]), n=st.integers(1, 5))
def test_unsupported_encodings_are_refused_clearly(inspection, encoding, n):
    upload = stage(inspection, to_csv(case_rows(n), encoding=encoding))
    assert_refused_with_nothing_written(inspection, upload)


@HYPO
@given(dropped=st.sets(st.sampled_from([0, 1, 2, 3, 4]), min_size=1), n=st.integers(1, 5))
def test_missing_columns_are_reported_on_row_one(inspection, dropped, n):
    keep = [i for i in range(len(HEADER)) if i not in dropped]
    rows = [[r[i] for i in keep] for r in case_rows(n)]
    upload = stage(inspection, to_csv(rows, header=[HEADER[i] for i in keep]))
    assert_refused_with_nothing_written(inspection, upload)
    assert {e["row"] for e in upload.errors} == {1}
    assert len(upload.errors) == len(dropped)


def _junk_for(column: int):
    if column == 3:
        return cell_text.filter(lambda t: simplify(t) not in ROSH_LOOKUP) | formulas
    if column == 4:
        return cell_text.filter(lambda t: simplify(t) not in GENDER_LOOKUP) | formulas
    return formulas  # reference, case type, start date: a formula is never valid


@HYPO
@given(data=st.data(), n=st.integers(2, 30), xlsx=st.booleans())
def test_junk_values_are_reported_on_their_row_and_column(inspection, data, n, xlsx):
    rows = case_rows(n)
    bad_rows = data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n))
    expected = set()
    for index in bad_rows:
        column = data.draw(st.sampled_from([0, 1, 2, 3, 4]))
        rows[index][column] = data.draw(_junk_for(column))
        expected.add(index + 2)
    upload = stage(
        inspection, to_xlsx(rows) if xlsx else to_csv(rows), "x.xlsx" if xlsx else "x.csv"
    )
    assert_refused_with_nothing_written(inspection, upload)
    assert {e["row"] for e in upload.errors} >= expected
    assert upload.valid_count <= n - len(bad_rows)


@HYPO
@given(blank=st.sampled_from([b"", b"   ", b"\r\n\r\n", b"\xef\xbb\xbf"]))
def test_empty_files_are_refused(inspection, blank):
    upload = stage(inspection, blank)
    assert_refused_with_nothing_written(inspection, upload)


def test_clean_file_commits_all_rows_in_one_go(inspection):
    upload = stage(inspection, to_csv(case_rows(120)))
    assert upload.status == UploadStatus.STAGED and upload.valid_count == 120
    assert caselist_upload_commit(upload=upload) == 120
    assert CohortRecord.objects.filter(inspection=inspection).count() == 120
    upload.refresh_from_db()
    assert upload.status == UploadStatus.COMMITTED
    with pytest.raises(ValidationError):
        caselist_upload_commit(upload=upload)  # not twice


def test_a_new_upload_supersedes_the_staged_one_and_commit_replaces_the_cohort(inspection):
    first = stage(inspection, to_csv(case_rows(5)))
    caselist_upload_commit(upload=first)
    second = stage(inspection, to_csv(case_rows(3, prefix="N")))
    third = stage(inspection, to_csv(case_rows(2, prefix="Z")))
    second.refresh_from_db()
    assert second.status == UploadStatus.SUPERSEDED
    caselist_upload_commit(upload=third)
    assert sorted(CohortRecord.objects.values_list("ref", flat=True)) == ["Z00001", "Z00002"]


def test_commit_is_refused_once_a_sample_is_drawn(inspection):
    from sampling.services.sampling import sample_draw

    caselist_upload_commit(upload=stage(inspection, to_csv(case_rows(20))))
    sample_draw(inspection=inspection, size=5, seed=1)
    upload = stage(inspection, to_csv(case_rows(20, prefix="N")))
    with pytest.raises(ValidationError, match="sample has been drawn"):
        caselist_upload_commit(upload=upload)
    assert CohortRecord.objects.filter(ref__startswith="C").count() == 20


# --- the command ---------------------------------------------------------------------------


def run(*args) -> tuple[dict, int]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_caselist", *args, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return json.loads(out.getvalue()), code


def test_command_reports_errors_as_json_and_exits_non_zero(inspection, tmp_path):
    rows = case_rows(8)
    rows[5][3] = "=CMD()"
    path = tmp_path / "list.csv"
    path.write_bytes(to_csv(rows))
    report, code = run(str(inspection.pk), str(path), "--commit")
    assert code == 1
    assert report["rows"] == 8 and report["valid"] == 7
    assert report["errors"] == [
        {
            "row": 7,
            "column": "rosh",
            "header": "RoSH level",  # the file's own header, for the page
            "reason": report["errors"][0]["reason"],
        }
    ]
    assert "(expected one of: High, Low, Medium, Very high)" in report["errors"][0]["reason"]
    assert "not a RoSH level" in report["errors"][0]["reason"]
    assert not CohortRecord.objects.exists()


def test_command_validates_without_commit_and_commits_with_it(inspection, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(to_xlsx(case_rows(15)))
    report, code = run(str(inspection.pk), str(path))
    assert (report, code) == ({"rows": 15, "valid": 15, "errors": []}, 0)
    assert not CohortRecord.objects.exists()
    report, code = run(str(inspection.pk), str(path), "--commit")
    assert code == 0 and report["committed"] == 15
    assert CohortRecord.objects.filter(inspection=inspection).count() == 15


def test_command_unknown_inspection_fails(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="no inspection"):
        call_command("import_caselist", "999999", str(path))


def test_refs_of_random_letters_survive_the_round_trip(inspection):
    rng = random.Random(3)
    rows = case_rows(30)
    for row in rows:
        row[0] = "".join(rng.choices(string.ascii_letters + string.digits, k=12))
    rows = list({r[0].upper(): r for r in rows}.values())
    caselist_upload_commit(upload=stage(inspection, to_csv(rows)))
    assert set(CohortRecord.objects.values_list("ref", flat=True)) == {r[0] for r in rows}
