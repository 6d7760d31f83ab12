"""The data workbook (XLSX, openpyxl): a sheet per standard, the sample profile, the breakdowns
and a notes sheet naming the rules and the interval method. Figures come from the snapshot. The
lead's variant adds the Agreement sheet of first and second readings (`workbook_agreement.py`).

Written in openpyxl's write-only mode, row by row, so memory stays flat however many rows the
breakdowns hold. Every text cell goes through `spreadsheet_cell`: text from users (PDU and region
names, labels, moderation reasons, ethnicities in the breakdowns) is written as inert text, never
as a formula, whatever it starts with.
"""

import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from inspection.attributes import CaseAttribute
from inspection.declared import declared_by_name
from inspection.labels import answer_label, positive_label, rating_explained, rating_label
from inspection.models import Inspection, Item
from inspection.text_safety import spreadsheet_cell
from readings.selectors.readings import inspection_agreement_view
from reports.models import ResultsSnapshot
from reports.rendering.labels import attribute_label, not_rated_note, pdu_name
from reports.rendering.method import (
    framework_notes,
    framework_sources,
    methodology_notes,
    source_line,
)
from reports.rendering.sections import in_scale_order
from reports.rendering.workbook_agreement import agreement_sheet

HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="F3F2F1")
ITEM_HEAD = [
    "Code",
    "Kind",
    "Question",
    "Yes",
    "No",
    "N/A",
    "Relevant",
    "% Yes",
    "Interval low %",
    "Interval high %",
    "Rating (key question)",
    "Yes to next band",
]


def _item_head(label: str) -> list[str]:
    """The item columns; `label` names what a percentage counts ("Yes" on yes/no)."""
    if label == "Yes":
        return ITEM_HEAD
    words = label[0].upper() + label[1:]
    return [
        *ITEM_HEAD[:3],
        words,
        "Other answers",
        *ITEM_HEAD[5:7],
        f"% {label}",
        *ITEM_HEAD[8:11],
        f"{words} to next band",
    ]


def _sheet_name(code: str, title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", f"{code} {title}")[:31]


def _sheet(wb: Workbook, title: str, widths: list[int]):
    """A write-only sheet; column widths must be set before the first row."""
    ws = wb.create_sheet(title)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    return ws


def _row(ws, values: Iterable[Any], font: Font | None = None, fill: PatternFill | None = None):
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=spreadsheet_cell(value))
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        cells.append(cell)
    ws.append(cells)


def _item_row(doc: dict[str, Any], kind: str, text: str) -> list[Any]:
    interval = doc.get("interval") or [None, None]
    return [
        doc["code"],
        kind,
        text,
        doc["yes"],
        doc["no"],
        doc["na"],
        doc["relevant"],
        doc["percent"],
        interval[0],
        interval[1],
        rating_label(doc["rating"]) if doc.get("rating") else None,
        doc.get("yes_to_next_band"),
    ]


def _ratings(wb: Workbook, inspection: Inspection, snapshot: ResultsSnapshot) -> None:
    document = snapshot.document
    ws = _sheet(wb, "Ratings", [14, 34, 12, 22, 22, 8, 20, 50])
    _row(
        ws,
        [f"{pdu_name(inspection)} – {inspection.pdu.region.name} region"],
        Font(bold=True, size=14),
    )
    _row(
        ws,
        [
            "Results",
            snapshot.label or snapshot.get_kind_display(),
            "computed",
            snapshot.computed_at.replace(tzinfo=None),
        ],
    )
    _row(ws, ["Cases counted", document["cases_counted"]])
    overall = document["overall"]
    _row(ws, ["Score", overall["score"], "of", overall["max"]])
    note = not_rated_note(document, inspection.framework.when_not_rated)
    if note:
        _row(ws, ["", note])
    _row(ws, ["Overall rating", rating_label(overall["rating"])])
    _row(ws, [])
    _row(
        ws,
        [
            "Standard",
            "Title",
            "Rated from",
            "Computed rating",
            "Final rating",
            "Score",
            "Lowest key question",
            "Moderation reason",
        ],
        HEAD,
        FILL,
    )
    for s in document["standards"]:
        rated = s["rated_from"] != "none"
        _row(
            ws,
            [
                s["code"],
                s["title"],
                s["rated_from"],
                rating_explained(s["computed_rating"]) if rated else "Not rated",
                rating_explained(s["rating"]) if rated else "Not rated",
                s["score"],
                s.get("driver"),
                s.get("moderation_reason", ""),
            ],
        )


def _standard(
    wb: Workbook,
    s: dict[str, Any],
    texts: dict[str, str],
    labels: dict[str, str] | None,
    scales: dict[str, list[str]],
) -> None:
    """One standard's sheet; `labels` (format 2): item code -> what its percentage counts, and
    answers in words; `scales`: item code -> its answers, in order."""
    sheet = _sheet(
        wb, _sheet_name(s["code"], s["title"]), [10, 14, 70, 7, 7, 7, 9, 8, 13, 13, 20, 15]
    )
    _row(sheet, [f"{s['code']} {s['title']}"], Font(bold=True, size=13))
    rating = rating_explained(s["rating"]) if s["rated_from"] != "none" else "Not rated"
    _row(sheet, ["Rating", rating])
    _row(sheet, [])
    kq_labels = {(labels or {}).get(kq["code"], "Yes") for kq in s["key_questions"]}
    _row(sheet, _item_head(kq_labels.pop() if len(kq_labels) == 1 else "Yes"), HEAD, FILL)
    prompts_of: dict[str, list[dict[str, Any]]] = {}
    for p in s.get("prompts", []):
        prompts_of.setdefault(p["code"].rsplit(".", 1)[0], []).append(p)
    for kq in s["key_questions"]:
        _row(sheet, _item_row(kq, "Key question", texts.get(kq["code"], "")), HEAD)
        for p in prompts_of.get(kq["code"], []):
            _row(sheet, _item_row(p, "Prompt", texts.get(p["code"], "")))
        answers = kq.get("answers") or {}
        if labels is not None:  # a format-1 workbook keeps the order it always wrote
            answers = in_scale_order(answers, scales.get(kq["code"], []))
        for value, n in answers.items():
            _row(sheet, ["", f"answer: {answer_label(value) if labels else value}", "", n])


def _breakdowns(
    wb: Workbook,
    breakdowns: dict[str, Any],
    label: str,
    declared: Mapping[str, CaseAttribute],
) -> None:
    profile = _sheet(wb, "Sample profile", [16, 24, 8])
    _row(profile, ["Attribute", "Value", "Cases"], HEAD, FILL)
    for field, groups in breakdowns.items():
        for g in groups:
            _row(profile, [attribute_label(field, declared), g["group"], g["cases"]])
    bd = _sheet(wb, "Breakdowns", [14, 18, 7, 9, 18, 12, 6, 6, 6, 9, 8, 13, 13])
    _row(
        bd,
        [
            "Attribute",
            "Value",
            "Cases",
            "Standard",
            "Rating (computed)",
            "Key question",
            *_item_head(label)[3:10],
        ],
        HEAD,
        FILL,
    )
    for field, groups in breakdowns.items():
        for g in groups:
            for s in g["standards"]:
                for kq in s["key_questions"]:
                    interval = kq.get("interval") or [None, None]
                    _row(
                        bd,
                        [
                            attribute_label(field, declared),
                            g["group"],
                            g["cases"],
                            s["code"],
                            rating_label(s["computed_rating"])
                            if s["rated_from"] == "cases"
                            else "Not rated",
                            kq["code"],
                            kq["yes"],
                            kq["no"],
                            kq["na"],
                            kq["relevant"],
                            kq["percent"],
                            interval[0],
                            interval[1],
                        ],
                    )


def render(*, inspection: Inspection, snapshot: ResultsSnapshot, readings: bool = False) -> bytes:
    """The workbook; `readings`: with the Agreement sheet, for those `sees_readings` names only
    (with one double-read case, its per-item figures give each reader the other's answers)."""
    framework = inspection.framework
    rows = Item.objects.filter(framework=framework).values_list(
        "code", "text", "positive", "answers"
    )
    texts = {code: text for code, text, *_ in rows}
    scales = {code: answers for code, *_, answers in rows}
    # Format 2 names each scale's positive answers; a format-1 workbook says "Yes" as it always has
    labels = (
        {code: positive_label(positive) for code, _, positive, _ in rows}
        if framework.file_format != 1
        else None
    )
    shared = set((labels or {}).values())
    wb = Workbook(write_only=True)
    _ratings(wb, inspection, snapshot)
    for s in snapshot.document["standards"]:
        if s.get("key_questions"):
            _standard(wb, s, texts, labels, scales)
    _breakdowns(
        wb,
        snapshot.breakdowns or {},
        shared.pop() if len(shared) == 1 else "Yes",
        declared_by_name(inspection.framework),
    )
    if readings:
        agreement_sheet(wb.create_sheet("Agreement"), inspection_agreement_view(inspection))
    notes = _sheet(wb, "Notes", [140])
    _row(notes, ["Notes on the rules and methods"], Font(bold=True, size=13))
    for n in methodology_notes(framework):
        _row(notes, [n])
    _row(notes, ["Percentages are exact shares rounded to two decimals; intervals to one decimal."])
    _row(notes, ["Counted cases: submitted and signed-off cases only."])
    sources = framework_sources(framework)
    if sources:
        _row(notes, [])
        _row(notes, ["Where the framework's wording and rules come from"], HEAD)
        for x in sources:
            _row(notes, [source_line(x)])
    paragraphs = framework_notes(framework)
    if paragraphs:
        _row(notes, [])
        _row(notes, ["Notes on the framework"], HEAD)
        for p in paragraphs:
            _row(notes, [p])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
