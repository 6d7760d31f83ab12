"""The data workbook (XLSX, openpyxl): a sheet per standard, the sample profile, the breakdowns
and a notes sheet naming the rules and the interval method. Figures come from the snapshot."""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from cases.selectors.readings import inspection_agreement_view
from inspection.labels import rating_label
from inspection.models import Inspection, Item
from reports.models import ResultsSnapshot
from reports.rendering.context import methodology_notes
from reports.rendering.labels import attribute_label, pdu_name
from reports.rendering.workbook_agreement import agreement_sheet

HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="F3F2F1")
ITEM_HEAD = ["Code", "Kind", "Question", "Yes", "No", "N/A", "Relevant", "% Yes",
             "Interval low %", "Interval high %", "Rating (key question)", "Yes to next band"]  # fmt: skip


def _sheet_name(code: str, title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", f"{code} {title}")[:31]


def _header(ws, row: list[str]) -> None:
    ws.append(row)
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = HEAD, FILL


def _widths(ws, widths: list[int]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _item_row(doc: dict, kind: str, text: str) -> list:
    interval = doc.get("interval") or [None, None]
    return [
        doc["code"], kind, text, doc["yes"], doc["no"], doc["na"], doc["relevant"], doc["percent"],
        interval[0], interval[1],
        rating_label(doc["rating"]) if doc.get("rating") else None, doc.get("yes_to_next_band"),
    ]  # fmt: skip


def render(*, inspection: Inspection, snapshot: ResultsSnapshot) -> bytes:
    document, breakdowns = snapshot.document, snapshot.breakdowns or {}
    texts = {i.code: i.text for i in Item.objects.filter(framework=inspection.framework)}
    wb = Workbook()
    ws = wb.active
    ws.title = "Ratings"
    ws.append([f"{pdu_name(inspection)} – {inspection.pdu.region.name} region"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Results", snapshot.label or snapshot.get_kind_display(), "computed",
               snapshot.computed_at.replace(tzinfo=None)])  # fmt: skip
    ws.append(["Cases counted", document["cases_counted"]])
    overall = document["overall"]
    ws.append(["Score", overall["score"], "of", overall["max"]])
    ws.append(["Overall rating", rating_label(overall["rating"])])
    ws.append([])
    _header(ws, ["Standard", "Title", "Rated from", "Computed rating", "Final rating", "Score",
                 "Lowest key question", "Moderation reason"])  # fmt: skip
    for s in document["standards"]:
        ws.append([
            s["code"], s["title"], s["rated_from"],
            rating_label(s["computed_rating"]) if s["rated_from"] != "none" else "Not rated",
            rating_label(s["rating"]) if s["rated_from"] != "none" else "Not rated",
            s["score"], s.get("driver"), s.get("moderation_reason", ""),
        ])  # fmt: skip
    _widths(ws, [14, 34, 12, 22, 22, 8, 20, 50])

    for s in document["standards"]:
        if not s.get("key_questions"):
            continue
        sheet = wb.create_sheet(_sheet_name(s["code"], s["title"]))
        sheet.append([f"{s['code']} {s['title']}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(
            ["Rating", rating_label(s["rating"]) if s["rated_from"] != "none" else "Not rated"]
        )
        sheet.append([])
        _header(sheet, ITEM_HEAD)
        prompts_of: dict[str, list[dict]] = {}
        for p in s.get("prompts", []):
            prompts_of.setdefault(p["code"].rsplit(".", 1)[0], []).append(p)
        for kq in s["key_questions"]:
            sheet.append(_item_row(kq, "Key question", texts.get(kq["code"], "")))
            for cell in sheet[sheet.max_row]:
                cell.font = HEAD
            for p in prompts_of.get(kq["code"], []):
                sheet.append(_item_row(p, "Prompt", texts.get(p["code"], "")))
            if kq.get("answers"):
                for value, n in kq["answers"].items():
                    sheet.append(["", f"answer: {value}", "", n])
        _widths(sheet, [10, 14, 70, 7, 7, 7, 9, 8, 13, 13, 20, 15])

    profile = wb.create_sheet("Sample profile")
    _header(profile, ["Attribute", "Value", "Cases"])
    for field, groups in breakdowns.items():
        for g in groups:
            profile.append([attribute_label(field), g["group"], g["cases"]])
    _widths(profile, [16, 24, 8])

    bd = wb.create_sheet("Breakdowns")
    _header(bd, ["Attribute", "Value", "Cases", "Standard", "Rating (computed)", "Key question",
                 "Yes", "No", "N/A", "Relevant", "% Yes", "Interval low %", "Interval high %"])  # fmt: skip
    for field, groups in breakdowns.items():
        for g in groups:
            for s in g["standards"]:
                for kq in s["key_questions"]:
                    interval = kq.get("interval") or [None, None]
                    bd.append([
                        attribute_label(field), g["group"], g["cases"], s["code"],
                        rating_label(s["computed_rating"]) if s["rated_from"] == "cases" else "Not rated",
                        kq["code"], kq["yes"], kq["no"], kq["na"], kq["relevant"], kq["percent"],
                        interval[0], interval[1],
                    ])  # fmt: skip
    _widths(bd, [14, 18, 7, 9, 18, 12, 6, 6, 6, 9, 8, 13, 13])

    agreement_sheet(wb.create_sheet("Agreement"), inspection_agreement_view(inspection))
    notes = wb.create_sheet("Notes")
    notes.append(["Notes on the rules and methods"])
    notes["A1"].font = Font(bold=True, size=13)
    for n in methodology_notes(inspection.framework):
        notes.append([n])
    notes.append(
        ["Percentages are exact shares rounded to two decimals; intervals to one decimal."]
    )
    notes.append(["Counted cases: submitted and signed-off cases only."])
    notes.column_dimensions["A"].width = 140
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
