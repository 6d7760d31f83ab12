"""The data workbook's Agreement sheet: how far first and second readings agree, overall, by
item (lowest first), by standard and by pair of inspectors.

Written with `ws.append` of plain values and `WriteOnlyCell`s only, so it works on a normal and
on a write-only (streaming) worksheet. Every text a user could have typed (usernames, and item
and standard words from a framework file) goes through `spreadsheet_safe`: a cell never starts
like a formula."""

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from inspection.text_safety import spreadsheet_safe
from readings.agreement import Figures
from readings.selectors.readings import AgreementView

HEAD = Font(bold=True)
FIGURES = ["Pairs", "Agree", "% agreement", "Kappa"]


def _bold(ws, values: list[Any]) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = HEAD
        cells.append(cell)
    return cells


def _figures(f: Figures) -> list[Any]:
    # kappa None (undefined) stays an empty cell, never a number
    return [f.pairs, f.agree, f.percent_agreement, f.kappa]


def agreement_sheet(ws, view: AgreementView) -> None:
    """Fill `ws` (e.g. `wb.create_sheet("Agreement")`) from the agreement of an inspection."""
    for column, width in zip("ABCDEF", [16, 70, 8, 8, 12, 8], strict=True):
        ws.column_dimensions[column].width = width  # before any row: write-only needs that
    ws.append(_bold(ws, ["Agreement between first and second readings"]))
    if not view.overall.pairs:
        ws.append(["No case has both readings in yet."])
        return
    ws.append(["Cases read twice", view.cases])
    ws.append(["Pairs are items both readings answered; the first reading as before settling."])
    ws.append(
        [
            "Kappa is Cohen's kappa; an empty kappa cell means it is not defined (both "
            "readers gave one and the same answer throughout)."
        ]
    )
    ws.append([])
    ws.append(_bold(ws, ["Overall", "", *FIGURES]))
    ws.append(["All items", "", *_figures(view.overall)])
    ws.append([])
    ws.append(_bold(ws, ["Item (lowest agreement first)", "Question", *FIGURES]))
    for line in view.items:
        ws.append(
            [spreadsheet_safe(line.code), spreadsheet_safe(line.text), *_figures(line.figures)]
        )
    ws.append([])
    ws.append(_bold(ws, ["Standard", "Title", *FIGURES]))
    for line in view.standards:
        ws.append(
            [spreadsheet_safe(line.code), spreadsheet_safe(line.text), *_figures(line.figures)]
        )
    ws.append([])
    ws.append(_bold(ws, ["First reader", "Second reader", *FIGURES]))
    for line in view.reader_pairs:
        ws.append(
            [spreadsheet_safe(line.code), spreadsheet_safe(line.text), *_figures(line.figures)]
        )
