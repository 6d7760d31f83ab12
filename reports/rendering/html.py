"""HTML draft reports, of a PDU and of a region (also the source of the PDFs): standalone pages,
charts inline as PNG."""

import base64
from typing import Any

from django.template.loader import render_to_string

from reports.rendering.charts import key_question_chart


def charts_for(content: dict[str, Any]) -> dict[str, bytes]:
    """PNG bytes per standard code, for every standard with a chart."""
    bands = content["case_bands"]
    return {
        s.code: key_question_chart(s, bands)
        for s in content["domain_two"] + content["unrated"]
        if s.has_chart
    }


def _embed(content: dict[str, Any], charts: dict[str, bytes]) -> None:
    for section in content["domain_two"] + content["unrated"]:
        png = charts.get(section.code)
        section.chart = "data:image/png;base64," + base64.b64encode(png).decode() if png else ""


def render(content: dict[str, Any], charts: dict[str, bytes]) -> str:
    _embed(content, charts)
    return render_to_string("reports/report.html", content)


def render_regional(content: dict[str, Any], charts: dict[str, bytes]) -> str:
    """The draft regional report (`reports.rendering.regional.regional_content`)."""
    _embed(content, charts)
    return render_to_string("reports/regional_report.html", content)
