"""Reading a case list file into rows of cells: CSV (several encodings) or XLSX. No database.

Limits (docs/limits.md), each checked before the work it bounds:
- at most MAX_ROWS case rows and MAX_COLUMNS columns (a value further right is refused; empty
  cells there, such as formatting, are ignored);
- an XLSX is a zip: its parts may decompress to at most MAX_XLSX_UNCOMPRESSED bytes in all and
  its shared strings (read into memory whole) to MAX_SHARED_STRINGS. The sizes the zip declares
  are checked before anything is decompressed, and Python's zipfile never returns more than the
  declared size, so a "zip bomb" is refused at once;
- the sheet is read as a stream (openpyxl read-only) ignoring the size the sheet declares for
  itself (`A1:XFD1048576` would otherwise pad every row to 16,384 cells);
- XML with a DTD (entity expansion bombs) is refused (defusedxml, which openpyxl uses when it is
  installed).
"""

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_SHARED_STRINGS = 30 * 1024 * 1024
SHARED_STRINGS = "xl/sharedstrings.xml"


class CaseListUnreadable(ValueError):
    """The file cannot be read as a case list at all (encoding, format, empty)."""


def caselist_read(data: bytes, filename: str = "") -> list[list[Any]]:
    """Rows of cells (header first). XLSX is recognised by content, anything else is CSV."""
    if not data or not data.strip():
        raise CaseListUnreadable("The file is empty.")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise CaseListUnreadable("The file is named .xlsx but is not an Excel workbook.")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise CaseListUnreadable(
            "Old Excel (.xls) files are not supported: save it as .xlsx or CSV UTF-8."
        )
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CaseListUnreadable(f"The file is not valid UTF-16 text: {exc.reason}.") from exc
    if b"\x00" in data:
        raise CaseListUnreadable(
            "The file contains binary data (NUL bytes): it is not a CSV text file."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV" on Windows is cp1252: accept it rather than refuse a common export
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CaseListUnreadable(
            f"The file is neither UTF-8 nor Windows-1252 text (byte 0x{data[exc.start]:02x} at "
            f"position {exc.start}). Save it as 'CSV UTF-8' and upload it again."
        ) from exc


def _read_csv(text: str) -> list[list[Any]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") and "\t" not in sample else ","
    if sample.count("\t") > max(sample.count(","), sample.count(";")):
        delimiter = "\t"
    try:
        rows = [
            list(r)
            for r in _limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        ]
    except csv.Error as exc:
        raise CaseListUnreadable(f"The file is not a readable CSV file: {exc}.") from exc
    return rows


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def _check_zip(data: bytes) -> None:
    """Refuse a workbook whose parts would decompress past the limits, before decompressing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CaseListUnreadable(f"The file is not a readable Excel workbook ({exc}).") from exc
    total = sum(p.file_size for p in parts)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise CaseListUnreadable(
            f"The workbook would expand to {_mb(total)} when opened; at most "
            f"{_mb(MAX_XLSX_UNCOMPRESSED)} is read. Save the case list as CSV, or remove other "
            "sheets and formatting."
        )
    strings = sum(p.file_size for p in parts if p.filename.lower() == SHARED_STRINGS)
    if strings > MAX_SHARED_STRINGS:
        raise CaseListUnreadable(
            f"The workbook's text table would expand to {_mb(strings)}; at most "
            f"{_mb(MAX_SHARED_STRINGS)} is read. Save the case list as CSV."
        )


def _read_xlsx(data: bytes) -> list[list[Any]]:
    # Neither a cycle nor load order: start-up cost. Web and worker processes start without
    # any format's library, as the renderers do (tests/reports/test_renderer_imports.py pins
    # it); openpyxl (about 150 ms) loads only when a spreadsheet is read or written.
    from openpyxl import load_workbook

    _check_zip(data)
    # openpyxl meets whatever a hostile file holds (bad XML, a DTD, corrupt deflate data, odd
    # values): any failure to parse is an unreadable workbook, named as such, never a crash.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise CaseListUnreadable(f"The file is not a readable Excel workbook ({exc}).") from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # read the cells there are, not the size the sheet claims
        return [list(row) for row in _limited(sheet.iter_rows(values_only=True))]
    except CaseListUnreadable:
        raise
    except Exception as exc:
        raise CaseListUnreadable(f"The file is not a readable Excel workbook ({exc}).") from exc
    finally:
        workbook.close()


def _limited(rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    for n, row in enumerate(rows, start=1):
        if n > MAX_ROWS + 1:
            raise CaseListUnreadable(f"The file has more than {MAX_ROWS:,} rows.")
        if len(row) > MAX_COLUMNS:
            if any(c is not None and str(c).strip() for c in row[MAX_COLUMNS:]):
                raise CaseListUnreadable(
                    f"Row {n} has values beyond column {MAX_COLUMNS}: at most {MAX_COLUMNS} "
                    "columns are read."
                )
            row = row[:MAX_COLUMNS]
        yield row
