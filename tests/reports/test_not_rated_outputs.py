"""A standard the framework rates "not rated" (no relevant cases), the overall score out of the
maximum possible with a sentence on how the not-rated standards were treated, and each item's
answer scale, wherever ratings and figures show: the dashboard, the key questions page, the
draft report (DOCX, HTML, PDF), the workbook and the national overview (INTERCHANGE.md
"Framework format 2"). Results are stored from answers by the real rating pipeline
(`tests/support/format2_results.py`)."""

import io
import re
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from casework.models import CaseStatus
from inspection.models import Item
from inspection.templatetags.casebook import RATING_COLOURS
from reports.models import ResultsSnapshot
from reports.rendering import render_output, render_regional_output
from reports.rendering.labels import framework_positive_words
from reports.services.results import snapshot_refresh
from reports.services.rollups import rollup_refresh, rollup_row
from tests.support.factories import (
    AdminFactory,
    AnswerFactory,
    CaseFactory,
    MembershipFactory,
    shipped_framework,
)
from tests.support.format2_results import (
    AUDIT,
    AUDIT_ANSWERS,
    YOUTH,
    audit_inspection,
    format2_inspection,
    framework,
    results_store,
    youth_inspection,
)

pytestmark = pytest.mark.django_db

YOUTH_NOTE = (
    "4.1 Resettlement policy and provision was not rated (no relevant cases) and is not "
    "counted in the score."
)
AUDIT_NOTE = (
    "A3 Victim contact was not rated (no relevant cases): the score of the rated standards is "
    "scaled up to the maximum of 16."
)


def _text(html: str) -> str:
    """The words a reader sees (no markup, no style sheet)."""
    visible = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", visible).split())


def _lead_page(client, inspection, page: str) -> str:
    client.force_login(MembershipFactory(inspection=inspection, role="lead").user)
    response = client.get(reverse(page, args=[inspection.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _latest(inspection) -> ResultsSnapshot:
    return ResultsSnapshot.objects.get(inspection=inspection, kind="latest")


def test_the_stored_results_leave_the_standard_without_cases_not_rated():
    youth = _latest(youth_inspection()).document["overall"]
    audit = _latest(audit_inspection()).document["overall"]
    assert (youth["score"], youth["max"], youth["not_rated"]) == (25, 39, ["4.1"])
    assert (audit["score"], audit["max"], audit["not_rated"], audit["rating"]) == (
        13,
        16,
        ["A3"],
        "excellent",
    )


@pytest.mark.parametrize(
    ("build", "code", "score", "note"),
    [(youth_inspection, "4.1", "25/39", YOUTH_NOTE), (audit_inspection, "A3", "13/16", AUDIT_NOTE)],
)
def test_the_dashboard_shows_not_rated_in_grey_and_how_the_score_treats_it(
    client, build, code, score, note
):
    html = _lead_page(client, build(), "reports:dashboard")
    row = re.search(
        rf'<tr class="govuk-table__row" id="rating-{re.escape(code)}">(.*?)</tr>', html, re.S
    )
    assert row, code
    assert re.search(r'govuk-tag--grey"[^>]*>\s*Not rated: no relevant cases\s*<', row.group(1)), (
        row.group(1)
    )
    assert RATING_COLOURS["not_rated"] == "grey"
    assert f'<span id="overall-score">{score}</span>' in html
    assert note in _text(html)


def test_a_pdu_dashboard_has_no_not_rated_sentence(client, calibrated):
    snapshot_refresh(inspection=calibrated)
    client.force_login(calibrated.h5_lead)
    html = client.get(reverse("reports:dashboard", args=[calibrated.pk])).content.decode()
    assert 'id="score-note"' not in html and "Not rated: no relevant cases" not in html


def test_the_key_questions_page_names_the_graded_scale(client):
    text = _text(_lead_page(client, audit_inspection(), "reports:key_questions"))
    assert "judged ‘outstanding or good’" in text
    assert "% outstanding or good" in text and "More outstanding or good to next band" in text
    assert "% Yes" not in text
    # each answer in words, with its count: A1.1 has 1 requires improvement
    assert "Requires improvement 1" in text and "requires_improvement" not in text


def test_the_youth_draft_report_says_not_rated_and_names_its_sources():
    inspection = youth_inspection()
    data = render_output(inspection=inspection, snapshot=_latest(inspection), fmt="docx")
    text = _docx_text(data)
    assert "Not rated: no relevant cases" in text
    assert (
        "Riverside Youth Justice Service is not rated for resettlement policy and provision: "
        "no relevant cases." in text
    )
    assert "25/39" in text and YOUTH_NOTE in text
    # a youth report: the framework's title and the unit's own name, nothing of probation
    assert "Youth justice service inspection standards (2021)" in text
    assert "Riverside Youth Justice Service PDU" not in text
    for probation in ("probation services", "people on probation", "Probation Service"):
        assert probation not in text, probation
    annexe = text[text.index("Annexe one") :]
    version = inspection.framework
    assert "Where the framework's wording and rules come from" in annexe
    for source in version.sources:
        assert source["title"] in annexe and source["url"] in annexe
        assert source["used_for"] in annexe
    assert "Notes on the framework" in annexe
    assert "NOT RATED: 4.1 is case-rated from the resettlement sample" in annexe


def test_the_graded_draft_report_heads_its_tables_with_the_scale():
    inspection = audit_inspection()
    text = _docx_text(
        render_output(inspection=inspection, snapshot=_latest(inspection), fmt="docx")
    )
    assert "Percentage 'outstanding or good'" in text and "Percentage 'Yes'" not in text
    assert "13/16" in text and AUDIT_NOTE in text
    assert "Written for Casebook's tests – used for: everything; no published source" in text
    # the prompt's finding in the scale's words: 4 of 8 outstanding or good
    assert "judged outstanding or good in 4 out of 8 relevant cases (50 per cent)" in text


def test_the_youth_pdf_report_says_not_rated_and_names_its_sources():
    inspection = youth_inspection()
    pdf = render_output(inspection=inspection, snapshot=_latest(inspection), fmt="pdf")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Not rated: no relevant cases" in flat
    assert YOUTH_NOTE in flat
    assert inspection.framework.sources[0]["title"] in flat


def test_sources_are_inert_text_and_only_web_addresses_link():
    inspection = audit_inspection()
    version = inspection.framework
    version.sources = [
        {"title": "<b>Bold</b> claim", "url": "javascript:alert(1)", "used_for": "=1+1"},
        {"title": "A web page", "url": "https://example.org/a?b=1&c=2", "used_for": "wording"},
    ]
    version.save(update_fields=["sources"])
    snapshot = _latest(inspection)
    html = render_output(inspection=inspection, snapshot=snapshot, fmt="html").decode()
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt; claim" in html
    assert 'href="javascript' not in html and "(javascript:alert(1))" in html
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">A web page</a>'
        in html
    )
    book = load_workbook(
        io.BytesIO(render_output(inspection=inspection, snapshot=snapshot, fmt="xlsx"))
    )
    notes = [row[0] for row in book["Notes"].iter_rows(values_only=True)]
    line = next(n for n in notes if n and "Bold" in n)
    assert line == "<b>Bold</b> claim – used for: =1+1 (javascript:alert(1))"
    assert book["Notes"].cell(row=notes.index(line) + 1, column=1).data_type == "s"


def test_the_workbook_says_not_rated_names_the_scale_and_the_sources():
    inspection = audit_inspection()
    data = render_output(inspection=inspection, snapshot=_latest(inspection), fmt="xlsx")
    book = load_workbook(io.BytesIO(data))
    ratings = list(book["Ratings"].iter_rows(values_only=True))
    score = next(r for r in ratings if r[0] == "Score")
    assert score[:4] == ("Score", 13, "of", 16)
    assert any(r[1] == AUDIT_NOTE for r in ratings)
    a3 = next(r for r in ratings if r[0] == "A3")
    assert a3[3:5] == ("Not rated: no relevant cases", "Not rated: no relevant cases")
    sheet = list(book["A1 Intensive supervision"].iter_rows(values_only=True))
    head = next(r for r in sheet if r[0] == "Code")
    assert "% outstanding or good" in head and "Outstanding or good to next band" in head
    assert "Yes" not in head and "% Yes" not in head
    answers = [(r[1], r[3]) for r in sheet if str(r[1]).startswith("answer:")]
    labels = ["Outstanding", "Good", "Requires improvement", "Inadequate", "Not applicable"]
    assert answers == [
        (f"answer: {w}", n) for w, n in zip(labels * 2, [3, 3, 1, 1, 0, 1, 1, 2, 0, 4], strict=True)
    ]
    notes = [r[0] for r in book["Notes"].iter_rows(values_only=True)]
    assert "Where the framework's wording and rules come from" in notes
    assert "Written for Casebook's tests – used for: everything; no published source" in notes
    assert "Invented for tests: no wording or rule here is an inspectorate's." in notes


def test_the_national_overview_labels_not_rated_and_explains_it(client):
    inspection = youth_inspection()
    client.force_login(AdminFactory(username="overview-admin"))
    html = client.get(
        reverse("national") + f"?framework={inspection.framework_id}"
    ).content.decode()
    row = re.search(rf'data-inspection="{inspection.pk}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, re.S)
    last = _text(cells[-1])  # 4.1, the last standard
    assert last.startswith("Not rated") and "no relevant cases" in last
    assert "Not yet rated" not in last
    table = re.search(r'id="distribution-table">(.*?)</table>', html, re.S).group(1)
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
    assert any(_text(h) == "Not rated no relevant cases" for h in heads), heads
    four_one = re.search(r'data-key="4.1">(.*?)</tr>', table, re.S).group(1)
    assert "rated Not rated for 4.1" in _text(four_one)


def test_the_cases_behind_a_graded_figure_name_answers_and_counts_in_the_scales_words(client):
    inspection = audit_inspection()
    item = Item.objects.get(framework=inspection.framework, code="A2.1")
    case = CaseFactory(inspection=inspection, status=CaseStatus.SIGNED_OFF)
    AnswerFactory(case=case, item=item, value="requires_improvement")
    client.force_login(MembershipFactory(inspection=inspection, role="lead").user)
    url = reverse("reports:figure", args=[inspection.pk, "A2.1"])
    text = _text(client.get(url + "?value=no").content.decode())
    assert "Answer: Requires improvement (counted as not outstanding or good)" in text
    assert "counted as “not outstanding or good”" in text
    assert "Show: outstanding or good · not outstanding or good · not applicable · all" in text
    assert "No counted cases match" in _text(client.get(url + "?value=yes").content.decode())


def test_the_inspection_page_shows_not_rated_and_the_score_sentence(client):
    html = _lead_page(client, youth_inspection(), "inspection")
    assert re.search(r'govuk-tag--grey">Not rated: no relevant cases<', html)
    assert "Score 25/39" in _text(html) and YOUTH_NOTE in _text(html)


def test_a_not_rated_standard_moderated_to_a_rating_says_so_and_counts():
    inspection = format2_inspection(AUDIT, unit="Westgate audit team", region="Western")
    reason = "Two victim cases were read outside the sample."
    snapshot = results_store(
        inspection=inspection,
        answers=AUDIT_ANSWERS,
        judgements={"B1": "excellent"},
        moderations={"A3": ("sound", reason)},
    )
    overall = snapshot.document["overall"]
    # every standard rated now: 2 + 4 + 2 + 4, nothing left out or scaled
    assert (overall["score"], overall["max"], "not_rated" in overall) == (12, 16, False)
    text = render_output(inspection=inspection, snapshot=snapshot, fmt="md").decode()
    assert (
        "Westgate audit team is rated as 'Sound' for victim contact following moderation (with "
        f"no relevant cases it is not rated). Reason: {reason}" in text
    )
    assert "was not rated" not in text and "**12/16**" in text


def test_tables_across_standards_name_what_the_frameworks_percentages_count(
    django_assert_num_queries,
):
    shipped = shipped_framework()
    with django_assert_num_queries(0):  # format 1 always said "Yes"
        assert framework_positive_words(shipped) == "Yes"
    assert framework_positive_words(framework(YOUTH)) == "Yes"
    assert framework_positive_words(framework(AUDIT)) == "outstanding or good"


def test_a_youth_regional_report_names_no_probation_unit():
    inspection = youth_inspection()
    case = CaseFactory(inspection=inspection, status=CaseStatus.SIGNED_OFF)
    for code in ("2.1.1", "2.1.2"):
        item = Item.objects.get(framework=inspection.framework, code=code)
        AnswerFactory(case=case, item=item, value="yes")
    rollup_refresh(rollup=rollup_row(framework=inspection.framework, region=inspection.pdu.region))
    html = render_regional_output(
        region=inspection.pdu.region, framework=inspection.framework, fmt="html"
    ).decode()
    text = _text(html)
    assert "Youth justice service inspection standards (2021)" in text
    assert "A regional report of the: Northern region" in text
    assert "Riverside Youth Justice Service" in text and "Rated for each inspection" in text
    for probation in ("probation", "Probation", "PDU"):
        assert probation not in text, probation
