"""PDF draft report: WeasyPrint over the HTML rendering."""

import logging

from weasyprint import HTML

# WeasyPrint logs every layout step at INFO; keep command output to the path it prints.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def render(page: str) -> bytes:
    return HTML(string=page).write_pdf()
