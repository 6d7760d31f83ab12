"""DOCX draft reports of a PDU and of a region (the editable drafts inspectors work on), with
python-docx.

User text goes into text runs (literal, never fields or markup); characters an XML document
cannot hold are dropped first (`_inert`), so one stray control character cannot fail a build.
"""

import io
from dataclasses import fields, is_dataclass, replace
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from inspection.text_safety import xml_safe

BLUE = RGBColor(0x1D, 0x4F, 0x91)


def _inert(value: Any) -> Any:
    """The report content with every string XML-safe (dicts, lists and dataclasses walked)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [_inert(v) for v in value]
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _inert(getattr(value, f.name)) for f in fields(value)})
    return value


def _heading(doc, text: str, level: int) -> None:
    h = doc.add_heading(text, level=level)
    for run in h.runs:
        run.font.color.rgb = BLUE


def _bullets(doc, items: list[str], placeholder: str) -> None:
    if not items:
        p = doc.add_paragraph(placeholder)
        p.runs[0].italic = True
        return
    for x in items:
        doc.add_paragraph(x, style="List Bullet")


def _table(doc, head: tuple[str, str], rows: list[tuple[str, str, bool]]) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for text, value, bold in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = "", ""
        cells[0].paragraphs[0].add_run(text).bold = bold
        run = cells[1].paragraphs[0].add_run(value)
        run.bold = bold
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(13), Cm(3)


def _section(doc, s, chart: bytes | None) -> None:
    _heading(doc, s.heading, 2)
    if s.statement:
        doc.add_paragraph(s.statement).runs[0].italic = True
    doc.add_paragraph().add_run(s.rating_label).bold = True
    if s.moderation_reason:
        doc.add_paragraph(
            f"Moderated from {s.computed_rating_label}. Reason: {s.moderation_reason}"
        )
    if s.intro:
        doc.add_paragraph(s.intro)
    if s.key_questions:
        head = s.title if s.rated_from == "none" else "Key question"
        many = len(s.key_questions) > 1
        each = "" if s.positive_label else " ({})"
        _table(
            doc,
            (head, s.percent_head),
            [
                (k.text, k.percent_label + each.format(k.positive_label), k.is_driver and many)
                for k in s.key_questions
            ],
        )
        if chart:
            doc.add_picture(io.BytesIO(chart), width=Cm(15))
    if s.sentence:
        doc.add_paragraph(s.sentence)
    if s.comparison:
        doc.add_paragraph(s.comparison)
    if s.rated_from != "none":
        doc.add_paragraph().add_run("Strengths:").bold = True
        _bullets(doc, s.strengths, "[Strengths to be added.]")
        doc.add_paragraph().add_run("Areas for improvement:").bold = True
        _bullets(doc, s.areas, "[Areas for improvement to be added.]")
    if s.extra:
        doc.add_paragraph().add_run(f"{s.extra_heading}:").bold = True
        _bullets(doc, s.extra, "")
    if s.prompt_findings:
        doc.add_paragraph().add_run("Prompt-level findings:").bold = True
        _bullets(doc, s.prompt_findings, "")


def render(content: dict[str, Any], charts: dict[str, bytes]) -> bytes:
    c = _inert(content)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)
    doc.add_paragraph().add_run(c["words"]["org_line"]).bold = True
    doc.add_paragraph(c["words"]["title_intro"])
    doc.add_heading(c["pdu"], level=0)
    doc.add_paragraph(c["region_line"])
    doc.add_paragraph(c["date_line"])
    draft = doc.add_paragraph().add_run(
        f"DRAFT – not for publication. Results: {c['snapshot_label']} "
        f"({c['cases_counted']} cases, {c['framework']})."
    )
    draft.bold, draft.font.color.rgb = True, RGBColor(0xD4, 0x35, 0x1C)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    _heading(doc, "Foreword", 1)
    doc.add_paragraph("[Foreword to be written by the Chief Inspector.]").runs[0].italic = True

    _heading(doc, "Ratings", 1)
    doc.add_paragraph(f"{c['pdu']} · Fieldwork started {c['fieldwork_started']}")
    rows = [("Score", c["score"], True), ("Overall rating", c["overall_rating"], True)]
    for d in c["ratings_domains"]:
        rows.append((d["title"], "", True))
        for s in d["sections"]:
            label = s.rating_label
            if s.moderation_reason:
                label += f" (moderated from {s.computed_rating_label}: {s.moderation_reason})"
            rows.append((f"{s.code} {s.title}", label, False))
    _table(doc, ("Standard", "Rating"), rows)
    if c["score_note"]:
        doc.add_paragraph(c["score_note"])

    _heading(doc, "Recommendations", 1)
    if c["recommendations"]:
        doc.add_paragraph(
            "As a result of our inspection findings we have made a number of recommendations that "
            "we believe, if implemented, will have a positive impact on the quality of "
            f"{c['words']['services']}."
        )
    else:
        doc.add_paragraph("[No recommendations recorded yet.]")
    for group in c["recommendations"]:
        doc.add_paragraph().add_run(group["heading"]).bold = True
        for r in group["items"]:
            doc.add_paragraph(xml_safe(f"{r.number}. {r.text}"))

    _heading(doc, "Background", 1)
    for p in c["background"]:
        doc.add_paragraph(p)

    for d in c["domains"]:
        sections = [s for s in d["sections"] if s.rated_from != "none" or s.key_questions]
        if not sections:
            continue
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, d["title"], 1)
        for s in sections:
            _section(doc, s, charts.get(s.code))

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(doc, "Annexe one – Web links and methodology", 1)
    doc.add_paragraph(
        "Full data from this inspection and further information about the methodology used to "
        "conduct this inspection is available in the data workbook for this inspection."
    )
    _bullets(doc, c["methodology"], "")
    if c["source_lines"]:
        _heading(doc, "Where the framework's wording and rules come from", 2)
        _bullets(doc, c["source_lines"], "")
    if c["framework_notes"]:
        _heading(doc, "Notes on the framework", 2)
        for p in c["framework_notes"]:
            doc.add_paragraph(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _title_page(doc, words: dict[str, str], title: str, lines: list[str], draft: str) -> None:
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)
    doc.add_paragraph().add_run(words["org_line"]).bold = True
    doc.add_paragraph(words["title_intro"])
    doc.add_heading(title, level=0)
    for line in lines:
        doc.add_paragraph(line)
    run = doc.add_paragraph().add_run(draft)
    run.bold, run.font.color.rgb = True, RGBColor(0xD4, 0x35, 0x1C)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_regional(content: dict[str, Any], charts: dict[str, bytes]) -> bytes:
    """The draft regional report (`reports.rendering.regional.regional_content`)."""
    c = _inert(content)
    doc = Document()
    _title_page(
        doc,
        c["words"],
        c["title"],
        [c["framework_line"], c["date_line"]],
        c["draft_line"],
    )
    _heading(doc, "Foreword", 1)
    doc.add_paragraph("[Foreword to be written by the Chief Inspector.]").runs[0].italic = True

    _heading(doc, "Ratings", 1)
    doc.add_paragraph(c["words"]["units_intro"])
    for p in c["pdus"]:
        doc.add_paragraph().add_run(p["caption"]).bold = True
        if not p["computed"]:
            doc.add_paragraph("[No results are stored for this inspection yet.]")
            continue
        rows = [("Score", p["score"], True), ("Overall rating", p["overall_rating"], True)]
        for d in p["domains"]:
            rows.append((d["title"], "", True))
            rows += [(f"{s['code']} {s['title']}", s["rating_label"], False) for s in d["sections"]]
        _table(doc, ("Standard", "Rating"), rows)
    if c["region_ratings"]:
        doc.add_paragraph().add_run(
            f"{c['title']} · ratings from the summed counts of its cases"
        ).bold = True
        rows = [(f"{code} {name}", label, False) for code, name, label in c["region_ratings"]]
        _table(doc, ("Standard", "Rating"), rows)

    _heading(doc, "Background", 1)
    for p in c["background"]:
        doc.add_paragraph(p)

    for d in c["domains"]:
        sections = [s for s in d["sections"] if s.rated_from != "none" or s.key_questions]
        if not sections:
            continue
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, d["title"], 1)
        for s in sections:
            if s.rated_from == "judgement":
                _heading(doc, s.heading, 2)
                if s.statement:
                    doc.add_paragraph(s.statement).runs[0].italic = True
                doc.add_paragraph().add_run(s.rating_label).bold = True
                rows = [(pdu, rating, False) for pdu, rating in s.pdu_ratings]
                _table(doc, (c["words"]["unit_head"], "Rating"), rows)
            else:
                _section(doc, s, charts.get(s.code))

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(doc, "Annexe one – Methodology", 1)
    _bullets(doc, c["methodology"], "")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
