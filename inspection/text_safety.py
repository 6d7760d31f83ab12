"""User text written where it cannot act — pure Python (no Django), for every output format.

A spreadsheet (XLSX or CSV opened in Excel or LibreOffice) runs a cell that starts with `=`,
`+`, `-` or `@` (or a tab or carriage return before one) as a formula: `=HYPERLINK(...)` in a
published workbook is a live link, `+cmd|' /C calc'!A0` a command. `spreadsheet_safe` writes
such text with a leading apostrophe, the convention spreadsheets show as "this is text" (OWASP
"CSV injection"). XML formats (XLSX, DOCX) cannot hold most control characters at all:
`xml_safe` drops them rather than let one stray character fail a whole build. HTML pages and
the HTML/PDF report escape through Django's templates.
"""

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids: C0 controls other than tab, newline and carriage return, lone
# surrogates, and U+FFFE / U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def xml_safe(text: str) -> str:
    """The text without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


def spreadsheet_safe(value: Any) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading quote."""
    text = "" if value is None else xml_safe(str(value))
    return "'" + text if looks_like_formula(text) else text


def spreadsheet_cell(value: Any) -> Any:
    """A workbook cell value: numbers, dates and blanks as they are, any text made inert."""
    return spreadsheet_safe(value) if isinstance(value, str) else value
