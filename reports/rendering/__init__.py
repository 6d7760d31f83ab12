"""Rendering of the draft report (docx, html, pdf, md), the data workbook (xlsx) and the draft
regional report (docx, html, pdf).

All renderers read the results snapshot (document + breakdowns) and the lead's entries only,
through `context.report_content`; none recomputes a percentage or a rating.

Each format imports only its own libraries, when it is asked for: the workbook needs openpyxl
only, Markdown nothing, HTML matplotlib (its charts), DOCX python-docx and matplotlib, PDF
WeasyPrint and matplotlib. `RENDERER_LIBRARIES` says so, and a test holds every format to it.
"""

from collections.abc import Callable
from importlib import import_module

from inspection.models import FrameworkVersion, Inspection, Region
from reports.models import ResultsSnapshot
from reports.rendering.context import report_content
from reports.rendering.regional import regional_content

FORMATS = ("docx", "html", "pdf", "md", "xlsx")
# The draft regional report (`regional.py`), rendered by the same modules as the PDU report.
REGIONAL_FORMATS = ("docx", "html", "pdf")
# format -> the third-party libraries its renderer may load (checked by tests/reports/
# test_renderer_imports.py); the modules are imported on first use only.
RENDERER_LIBRARIES: dict[str, frozenset[str]] = {
    "xlsx": frozenset({"openpyxl"}),
    "md": frozenset(),
    "html": frozenset({"matplotlib"}),
    "docx": frozenset({"docx", "matplotlib"}),
    "pdf": frozenset({"weasyprint", "matplotlib"}),
}
# format -> the modules that render it (the report formats with charts draw them in html.py)
RENDERER_MODULES: dict[str, tuple[str, ...]] = {
    "xlsx": ("reports.rendering.workbook",),
    "md": ("reports.rendering.md",),
    "html": ("reports.rendering.html",),
    "docx": ("reports.rendering.html", "reports.rendering.docx"),
    "pdf": ("reports.rendering.html", "reports.rendering.pdf"),
}


def _quiet(percent: int, message: str) -> None:
    return None


def render_output(
    *,
    inspection: Inspection,
    snapshot: ResultsSnapshot,
    fmt: str,
    progress: Callable[[int, str], None] = _quiet,
    readings: bool = False,
) -> bytes:
    """The rendered file as bytes; `progress(percent, message)` is told how far it got.
    `readings`: the workbook with its Agreement sheet, for those `cases.permissions.sees_readings`
    names only (the report formats show no readings either way)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    renderer = [import_module(name) for name in RENDERER_MODULES[fmt]][-1]
    if fmt == "xlsx":
        progress(30, "Writing the workbook")
        return renderer.render(inspection=inspection, snapshot=snapshot, readings=readings)
    progress(20, "Preparing the content")
    content = report_content(inspection=inspection, snapshot=snapshot)
    if fmt == "md":
        progress(70, "Writing the MD file")
        return renderer.render(content).encode()
    html = import_module("reports.rendering.html")
    progress(40, "Drawing the charts")
    charts = html.charts_for(content)
    progress(70, f"Writing the {fmt.upper()} file")
    if fmt == "docx":
        return renderer.render(content, charts)
    page = html.render(content, charts)
    if fmt == "html":
        return page.encode()
    return renderer.render(page)


def render_regional_output(
    *,
    region: Region,
    framework: FrameworkVersion,
    fmt: str,
    progress: Callable[[int, str], None] = _quiet,
) -> bytes:
    """The draft regional report as bytes, from the region's stored roll-up and each PDU's latest
    stored results (`reports.rendering.regional`); raises RollupMissing when there is no roll-up."""
    if fmt not in REGIONAL_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(REGIONAL_FORMATS)}")
    renderer = [import_module(name) for name in RENDERER_MODULES[fmt]][-1]
    progress(20, "Reading the stored roll-up and each PDU's results")
    content = regional_content(region=region, framework=framework)
    html = import_module("reports.rendering.html")
    progress(40, "Drawing the charts")
    charts = html.charts_for(content)
    progress(70, f"Writing the {fmt.upper()} file")
    if fmt == "docx":
        return renderer.render_regional(content, charts)
    page = html.render_regional(content, charts)
    if fmt == "html":
        return page.encode()
    return renderer.render(page)
