"""HTML draft report (also the source of the PDF): a standalone page, charts inline as PNG."""

import base64
from typing import Any

from django.template.loader import render_to_string

from reports.rendering.charts import key_question_chart


def charts_for(content: dict[str, Any]) -> dict[str, bytes]:
    """PNG bytes per standard code, for every standard with a chart."""
    bands = content["inspection"].framework.case_bands
    return {
        s.code: key_question_chart(s, bands)
        for s in content["domain_two"] + content["unrated"]
        if s.has_chart
    }


def render(content: dict[str, Any], charts: dict[str, bytes]) -> str:
    for section in content["domain_two"] + content["unrated"]:
        png = charts.get(section.code)
        section.chart = "data:image/png;base64," + base64.b64encode(png).decode() if png else ""
    return render_to_string("reports/report.html", content)
