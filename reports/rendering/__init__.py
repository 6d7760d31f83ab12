"""Rendering of the draft report (docx, html, pdf, md) and the data workbook (xlsx).

All renderers read the results snapshot (document + breakdowns) and the lead's entries only,
through `context.report_content`; none recomputes a percentage or a rating.
"""

from collections.abc import Callable

from inspection.models import Inspection
from reports.models import ResultsSnapshot

FORMATS = ("docx", "html", "pdf", "md", "xlsx")


def _quiet(percent: int, message: str) -> None:
    return None


def render_output(
    *,
    inspection: Inspection,
    snapshot: ResultsSnapshot,
    fmt: str,
    progress: Callable[[int, str], None] = _quiet,
) -> bytes:
    """The rendered file as bytes; `progress(percent, message)` is told how far it got."""
    from reports.rendering import docx, html, md, pdf, workbook
    from reports.rendering.context import report_content

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        progress(30, "Writing the workbook")
        return workbook.render(inspection=inspection, snapshot=snapshot)
    progress(20, "Preparing the content")
    content = report_content(inspection=inspection, snapshot=snapshot)
    progress(40, "Drawing the charts")
    charts = html.charts_for(content) if fmt != "md" else {}
    progress(70, f"Writing the {fmt.upper()} file")
    if fmt == "docx":
        return docx.render(content, charts)
    if fmt == "md":
        return md.render(content).encode()
    page = html.render(content, charts)
    if fmt == "html":
        return page.encode()
    return pdf.render(page)
