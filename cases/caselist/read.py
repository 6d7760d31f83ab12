"""Reading a case list file into rows of cells: CSV (several encodings) or XLSX. No database."""

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

MAX_ROWS = 100_000


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
        rows = list(_limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error as exc:
        raise CaseListUnreadable(f"The file is not a readable CSV file: {exc}.") from exc
    return rows


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CaseListUnreadable(f"The file is not a readable Excel workbook ({exc}).") from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in _limited(sheet.iter_rows(values_only=True))]
    finally:
        workbook.close()


def _limited(rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    for n, row in enumerate(rows, start=1):
        if n > MAX_ROWS + 1:
            raise CaseListUnreadable(f"The file has more than {MAX_ROWS:,} rows.")
        yield row
