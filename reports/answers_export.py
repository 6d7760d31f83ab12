"""The answers export for analysts: every counted answer of a scope (a framework version, nationally
or in one region, optionally narrowed to some inspections), one row each, as CSV or XLSX.

Streamed: rows come from a server-side cursor a chunk at a time and go straight to the file
(CSV) or to openpyxl's write-only sheet, so memory stays flat whatever the number of answers.
No evidence text is exported. User text (PDU, region, case reference, ethnicity) is written as
inert text: CSV cells that a spreadsheet would run get a leading quote, XLSX cells are typed as
strings.
"""

import csv
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import F, QuerySet

from casework.models import Answer
from inspection.attributes import CaseAttribute
from inspection.declared import attribute_path, declared_attributes
from inspection.models import FrameworkVersion, Inspection, Region
from reports.counting import counted_as, excluded_by_rule
from reports.selectors import framework_plan
from sampling.caselist import spreadsheet_safe

CASE_HEADER = (
    "inspection",
    "pdu",
    "region",
    "framework",
    "framework_version",
    "case_ref",
    "case_status",
    "start_date",
)
ANSWER_HEADER = ("item", "answer", "counted_as")
# Columns holding text people typed (everything else comes from fixed lists, numbers or dates);
# a declared free-text attribute (no values, such as ethnicity) is one too.
FREE_TEXT = frozenset({"pdu", "region", "case_ref"})
# Excel's sheet holds 1,048,576 rows: one header and at most this many answers. Larger scopes
# are refused before anything is written (CSV has no limit).
XLSX_MAX_ROWS = 1_048_575
CHUNK = 5_000  # rows fetched from the server-side cursor at a time
FORMATS = ("csv", "xlsx")


class ExportTooLarge(ValueError):
    pass


@dataclass
class Scope:
    framework: FrameworkVersion
    region: Region | None = None
    # Narrow to these inspections (the region page: the ones the user leads); None: all.
    inspections: QuerySet[Inspection] | None = None


def header(framework: FrameworkVersion) -> tuple[str, ...]:
    """The export's columns: the case's, one per attribute the framework declares (in its
    order), then the answer's."""
    names = tuple(a.name for a in declared_attributes(framework))
    return (*CASE_HEADER, *names, *ANSWER_HEADER)


def _free_text(framework: FrameworkVersion) -> frozenset[str]:
    return FREE_TEXT | {a.name for a in declared_attributes(framework) if not a.choices}


def _inspections(scope: Scope) -> QuerySet[Inspection]:
    qs = scope.inspections if scope.inspections is not None else Inspection.objects.all()
    qs = qs.filter(framework=scope.framework)
    if scope.region is not None:
        qs = qs.filter(pdu__region=scope.region)
    return qs


def _answers(scope: Scope) -> QuerySet[Answer]:
    return Answer.objects.counted().filter(case__inspection__in=_inspections(scope).values("pk"))


def answers_count(*, scope: Scope) -> int:
    return _answers(scope).count()


def answer_rows(*, scope: Scope) -> Iterator[tuple[Any, ...]]:
    """The export's rows in HEADER order, by inspection, case reference and framework order.

    One streamed query over answers, cases and items; PDU and region names come from one small
    query first rather than being joined into every row.
    """
    framework = scope.framework
    places = {
        row["pk"]: (row["pdu__name"], row["pdu__region__name"])
        for row in _inspections(scope).values("pk", "pdu__name", "pdu__region__name")
    }
    plan = framework_plan(framework)
    items = plan.items
    by_code = {item.code: item for item in items}
    attributes: tuple[CaseAttribute, ...] = declared_attributes(framework)
    columns = {f"k_{a.name}": F(attribute_path(a, "case__")) for a in attributes}
    rows = (
        _answers(scope)
        .annotate(k_excluded=excluded_by_rule(items, plan.declared), **columns)
        .order_by("case__inspection_id", "case__ref", "item__order")
        .values_list(
            "case__inspection_id",
            "case__ref",
            "case__status",
            "case__start_date",
            *columns,
            "item__code",
            "value",
            "k_excluded",
        )
    )
    head = (framework.code, framework.version)
    for *row, code, value, excluded in rows.iterator(chunk_size=CHUNK):
        counted = counted_as(by_code[code], value, excluded)
        yield (row[0], *places[row[0]], *head, *row[1:], code, value, counted)


class _Line:
    """A file-like object whose write() hands back the line csv.writer wrote."""

    def write(self, line: str) -> str:
        return line


def _csv_cells(names: tuple[str, ...], free: frozenset[str], row: tuple[Any, ...]) -> list[Any]:
    return [
        "" if v is None else spreadsheet_safe(v) if n in free else v
        for n, v in zip(names, row, strict=True)
    ]


def csv_lines(*, scope: Scope) -> Iterator[str]:
    """The CSV export, a line at a time (for a streamed download)."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    names, free = header(scope.framework), _free_text(scope.framework)
    yield writer.writerow(names)
    for row in answer_rows(scope=scope):
        yield writer.writerow(_csv_cells(names, free, row))


def _write_csv(scope: Scope, handle) -> int:
    writer = csv.writer(handle, lineterminator="\r\n")
    names, free = header(scope.framework), _free_text(scope.framework)
    writer.writerow(names)
    n = 0
    for row in answer_rows(scope=scope):
        writer.writerow(_csv_cells(names, free, row))
        n += 1
    return n


def _write_xlsx(scope: Scope, path: Path) -> int:
    # Neither a cycle nor load order: start-up cost. Web and worker processes start without
    # any format's library, as the renderers do (tests/reports/test_renderer_imports.py pins
    # it); openpyxl (about 150 ms) loads only when a spreadsheet is read or written.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Answers")
    names, free = header(scope.framework), _free_text(scope.framework)
    sheet.append(names)
    text_at = [i for i, name in enumerate(names) if name in free]

    def inert(value: Any) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell

    n = 0
    for row in answer_rows(scope=scope):
        cells = list(row)
        for i in text_at:
            cells[i] = inert(cells[i])
        sheet.append(cells)
        n += 1
    workbook.save(path)
    return n


def answers_export_write(*, scope: Scope, path: Path) -> int:
    """Write the export to `path` (.csv or .xlsx, by its suffix); returns the number of answers.

    Written to a temporary file beside `path` and renamed into place at the end, so a failure
    leaves no half-written file. An XLSX over the sheet's row limit is refused before writing.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"the output must end in .csv or .xlsx, not {path.name!r}")
    if fmt == "xlsx":
        total = answers_count(scope=scope)
        if total > XLSX_MAX_ROWS:
            raise ExportTooLarge(
                f"{total:,} answers do not fit in one Excel sheet (at most {XLSX_MAX_ROWS:,}): "
                "write .csv, or narrow the scope with --region"
            )
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".answers-", suffix=path.suffix)
    try:
        if fmt == "csv":
            with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
                n = _write_csv(scope, out)
        else:
            os.close(handle)
            n = _write_xlsx(scope, Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return n
