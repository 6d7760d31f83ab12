"""Draft report and data workbook for the calibration data (the example report as 102 cases)."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

# key question text -> the example report's "Percentage 'Yes'"
REPORT_TABLES = {
    "2.1": [
        (
            "Is the pre-sentence information and advice provided to court sufficiently analytical and personalised to the individual, supporting the court's decision-making?",
            "5%",
        )
    ],
    "2.2": [
        ("Does assessment focus sufficiently on engaging the person on probation?", "57%"),
        (
            "Does assessment focus sufficiently on the factors linked to offending and desistance?",
            "49%",
        ),
        ("Does assessment focus sufficiently on keeping other people safe?", "31%"),
    ],
    "2.3": [
        ("Does planning focus sufficiently on engaging the person on probation?", "50%"),
        (
            "Does planning focus sufficiently on reducing reoffending and supporting desistance?",
            "52%",
        ),
        ("Does planning focus sufficiently on keeping other people safe?", "40%"),
    ],
    "2.4": [
        (
            "Is the sentence or post-custody period implemented effectively with a focus on engaging the person on probation?",
            "57%",
        ),
        ("Does the implementation and delivery of services effectively support desistance?", "40%"),
        (
            "Does the implementation and delivery of services effectively support the safety of other people?",
            "43%",
        ),
    ],
    "2.5": [
        (
            "Does reviewing focus sufficiently on supporting the compliance and engagement of the person on probation?",
            "61%",
        ),
        ("Does reviewing focus sufficiently on supporting desistance?", "55%"),
        ("Does reviewing focus sufficiently on keeping other people safe?", "44%"),
    ],
    "2.6": [
        (
            "Do early outcomes demonstrate that reasonable progress has been made, in line with the personalised needs of the person on probation?",
            "39%",
        )
    ],
}

LOWEST_SENTENCES = [
    "is rated as 'Inadequate' for court work as the score for the key question was 5 per cent",
    "is rated as 'Inadequate' for assessment as the lowest score out of the three key questions was 31 per cent",
    "is rated as 'Inadequate' for planning as the lowest score out of the three key questions was 40 per cent",
    "is rated as 'Inadequate' for implementation and delivery as the lowest score out of the three key questions was 40 per cent",
    "is rated as 'Inadequate' for reviewing as the lowest score out of the three key questions was 44 per cent",
]


def draft(inspection, fmt: str, tmp_path) -> tuple[str, str]:
    out = StringIO()
    path = tmp_path / f"draft.{fmt}"
    call_command(
        "draft_report", str(inspection.pk), "--format", fmt, "--output", str(path), stdout=out
    )
    return out.getvalue().strip(), str(path)


def aggregate_json(inspection) -> dict:
    out = StringIO()
    call_command("aggregate", str(inspection.pk), "--json", stdout=out)
    return json.loads(out.getvalue())


def docx_parts(path: str) -> tuple[str, list[list[tuple[str, str]]]]:
    doc = Document(path)
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[tuple(c.text for c in row.cells) for row in t.rows] for t in doc.tables]
    return text, tables


@pytest.fixture
def docx_report(calibrated, tmp_path):
    printed, path = draft(calibrated, "docx", tmp_path)
    assert printed == path
    return docx_parts(path)


def test_docx_has_the_ratings_table_with_score_2_of_27_inadequate(docx_report):
    _, tables = docx_report
    ratings = dict(tables[0])
    assert ratings["Score"] == "2/27"
    assert ratings["Overall rating"] == "Inadequate"
    assert ratings["1.1 Leadership"] == "Inadequate"
    assert ratings["1.3 Services"] == "Requires improvement"
    assert ratings["1.4 Information and facilities"] == "Requires improvement"
    for code in ("2.1 Court work", "2.2 Assessment", "2.3 Planning", "2.5 Reviewing"):
        assert ratings[code] == "Inadequate"
    assert "2.6 Outcomes" not in ratings  # reported, not rated


@pytest.mark.parametrize(("code", "rows"), REPORT_TABLES.items())
def test_docx_key_question_tables_carry_the_example_percentages(docx_report, code, rows):
    _, tables = docx_report
    assert any(t[1:] == rows for t in tables), f"no table for {code} with {rows}"


def test_docx_names_the_lowest_key_question_of_each_standard(docx_report):
    text, _ = docx_report
    for sentence in LOWEST_SENTENCES:
        assert f"Leicester, Leicestershire and Rutland PDU {sentence}" in text


def test_docx_has_prompt_level_sentences_in_the_report_style(docx_report):
    text, _ = docx_report
    assert "in 45 out of 95 relevant cases" in text
    assert "in 4 out of 15 relevant cases" in text  # safeguarding enquiries (2.1.1.c)
    assert "in 34 out of 93 relevant cases" in text  # contingency arrangements (2.3.3.d)
    assert "We inspected 102 cases" in text and "79 interviews" in text


def test_docx_follows_the_example_structure(docx_report):
    text, _ = docx_report
    headings = [
        "Foreword",
        "Ratings",
        "Recommendations",
        "Background",
        "1. Organisational delivery",
        "1.1. Leadership",
        "2. Court work and case supervision",
        "2.2. Assessment",
        "2.6. Outcomes",
        "Annexe one",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "We do not currently rate the Outcomes standard" in text


def test_workbook_carries_the_same_counts_as_aggregate(calibrated, tmp_path):
    path = tmp_path / "data.xlsx"
    out = StringIO()
    call_command("export_workbook", str(calibrated.pk), "--output", str(path), stdout=out)
    assert out.getvalue().strip() == str(path)
    document = aggregate_json(calibrated)
    wb = load_workbook(path)
    assert {"Ratings", "Sample profile", "Breakdowns", "Notes"} <= set(wb.sheetnames)
    rows = {}
    for ws in wb.worksheets:
        if re.match(r"^(2\.\d|R|MO) ", ws.title):
            for r in ws.iter_rows(min_row=5, values_only=True):
                if r[0]:
                    rows[r[0]] = r[3:10]
    checked = 0
    for s in document["standards"]:
        for item in s.get("key_questions", []) + s.get("prompts", []):
            interval = item["interval"] or [None, None]
            expected = (
                item["yes"],
                item["no"],
                item["na"],
                item["relevant"],
                item["percent"],
                *interval,
            )
            assert rows[item["code"]] == expected, item["code"]
            checked += 1
    assert checked == 76  # every key question and prompt of the framework
    assert rows["2.2.3.c"][:4] == (45, 50, 7, 95)
    notes = " ".join(str(c.value) for c in wb["Notes"]["A"] if c.value)
    assert "Wilson score intervals at 80 per cent confidence" in notes
    profile = {
        (r[0], r[1]): r[2] for r in wb["Sample profile"].iter_rows(min_row=2, values_only=True)
    }
    assert sum(n for (attr, _), n in profile.items() if attr == "Case type") == 102
    assert profile[("Case type", "licence")] == 32


def test_markdown_html_and_pdf_render_the_same_figures(calibrated, tmp_path):
    _, md = draft(calibrated, "md", tmp_path)
    text = Path(md).read_text(encoding="utf-8")
    assert (
        "| Does assessment focus sufficiently on engaging the person on probation? | 57% |" in text
    )
    assert "**2/27**" in text
    _, html = draft(calibrated, "html", tmp_path)
    page = Path(html).read_text(encoding="utf-8")
    assert "the lowest score out of the three key questions was 31 per cent" in page
    assert "data:image/png;base64," in page  # charts inline
    _, pdf = draft(calibrated, "pdf", tmp_path)
    assert Path(pdf).read_bytes()[:5] == b"%PDF-"


def test_report_shows_a_moderated_rating_with_its_reason(calibrated, tmp_path):
    from inspection.models import Standard
    from reports.services.entries import rating_moderate

    rating_moderate(
        inspection=calibrated,
        standard=Standard.objects.get(framework=calibrated.framework, code="2.5"),
        user=None,
        final_rating="requires_improvement",
        reason="Reviewing improved markedly in QA sample",
    )
    _, md = draft(calibrated, "md", tmp_path)
    text = Path(md).read_text(encoding="utf-8")
    assert (
        "| 2.5 Reviewing | Requires improvement (moderated: Reviewing improved markedly in QA sample) |"
        in text
    )
    assert "**3/27**" in text


def test_draft_report_refuses_an_unknown_inspection(tmp_path, framework):
    with pytest.raises(CommandError, match="no inspection"):
        call_command("draft_report", "999999", "--format", "md", "--output", str(tmp_path / "x.md"))


def test_recommendations_are_numbered_through_the_groups(calibrated, tmp_path):
    from reports.models import Recommendation

    for number, (actor, text) in enumerate(
        [("pdu", "improve risk work"), ("region", "communicate priorities"), ("hmpps", "recruit")],
        1,
    ):
        Recommendation.objects.create(inspection=calibrated, number=number, actor=actor, text=text)
    html = Path(draft(calibrated, "html", tmp_path)[1]).read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "1. improve risk work" in text
    assert "2. communicate priorities" in text
    assert "3. recruit" in text
    markdown = Path(draft(calibrated, "md", tmp_path)[1]).read_text()
    assert "2. communicate priorities" in markdown
