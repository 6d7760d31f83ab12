"""The dashboard and its figure pages agree with `aggregate --json` and keep to the user's scope."""

import html
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def aggregate_json(inspection) -> dict:
    out = StringIO()
    call_command("aggregate", str(inspection.pk), "--json", stdout=out)
    return json.loads(out.getvalue())


def whole(percent: float) -> int:
    return int(Decimal(str(percent)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def row_of(page: str, code: str) -> str:
    match = re.search(
        rf'<tr class="govuk-table__row" data-item="{re.escape(code)}">(.*?)</tr>', page, re.S
    )
    assert match, f"no row for {code}"
    return html.unescape(match.group(1))


def test_dashboard_agrees_with_aggregate_json(client, calibrated):
    document = aggregate_json(calibrated)
    client.force_login(calibrated.h5_inspector)
    page = client.get(reverse("reports:dashboard", args=[calibrated.pk])).content.decode()
    assert (
        f'id="overall-score">{document["overall"]["score"]}/{document["overall"]["max"]}<' in page
    )
    assert 'id="overall-rating">Inadequate<' in page
    assert f"<strong>{document['cases_counted']}</strong> counted cases" in page
    page = client.get(reverse("reports:key_questions", args=[calibrated.pk])).content.decode()
    compared = 0
    for s in document["standards"]:
        for item in s.get("key_questions", []) + s.get("prompts", []):
            if not item["relevant"]:
                continue
            row = row_of(page, item["code"])
            assert f">{item['yes']} of {item['relevant']}</a>" in row
            assert f">{whole(item['percent'])}%<" in row
            low, high = item["interval"]
            assert f"{low:.1f}% to {high:.1f}%" in row
            compared += 1
    assert compared == 25  # every answered key question and prompt of the calibration data
    assert "32 of 102" in row_of(page, "2.2.3")


def test_dashboard_shows_breakdowns_fieldwork_and_chart_twins(client, calibrated):
    aggregate_json(calibrated)
    client.force_login(calibrated.h5_lead)
    page = client.get(reverse("reports:breakdowns", args=[calibrated.pk])).content.decode()
    for field in ("rosh", "case_type", "gender", "ethnicity", "age_band"):
        assert f'id="breakdown-{field}"' in page
    page = client.get(reverse("reports:dashboard", args=[calibrated.pk])).content.decode()
    assert 'id="fieldwork-table"' in page and "Recompute" in page
    page = client.get(reverse("reports:key_questions", args=[calibrated.pk])).content.decode()
    assert page.count('class="rp-chart"') >= 5  # one chart per standard with key questions
    page = client.get(reverse("reports:frozen", args=[calibrated.pk])).content.decode()
    assert "Freeze results for publication" in page


def test_inspector_sees_no_lead_buttons(client, calibrated):
    client.force_login(calibrated.h5_inspector)
    page = client.get(reverse("reports:frozen", args=[calibrated.pk])).content.decode()
    assert "Freeze results for publication" not in page
    page = client.get(reverse("reports:dashboard", args=[calibrated.pk])).content.decode()
    assert "Recompute" not in page
    assert client.post(reverse("reports:recompute", args=[calibrated.pk])).status_code == 403


def test_outsider_gets_404(client, calibrated, outsider):
    client.force_login(outsider)
    assert client.get(reverse("reports:dashboard", args=[calibrated.pk])).status_code == 404
    url = reverse("reports:figure", args=[calibrated.pk, "2.2.3"])
    assert client.get(url, {"value": "yes"}).status_code == 404


def test_figure_lists_the_counted_cases_with_answers_and_evidence(client, calibrated):
    from casework.models import Answer

    answer = Answer.objects.filter(
        case__inspection=calibrated, item__code="2.2.3.c", value="yes"
    ).first()
    answer.evidence = "Victim safety plan analysed in detail."
    answer.save(update_fields=["evidence"])
    client.force_login(calibrated.h5_inspector)
    url = reverse("reports:figure", args=[calibrated.pk, "2.2.3.c"])
    page = client.get(url, {"value": "yes"}).content.decode()
    assert "<strong>45</strong> counted cases" in page
    assert "Victim safety plan analysed in detail." in page
    page = client.get(url, {"value": "na"}).content.decode()
    assert "<strong>7</strong> counted cases" in page


def test_figure_within_a_breakdown_group(client, calibrated):
    document = aggregate_json(calibrated)
    from reports.models import ResultsSnapshot

    breakdowns = ResultsSnapshot.objects.get(inspection=calibrated, kind="latest").breakdowns
    licence = next(g for g in breakdowns["case_type"] if g["group"] == "licence")
    kq = next(
        k
        for s in licence["standards"]
        if s["code"] == "2.2"
        for k in s["key_questions"]
        if k["code"] == "2.2.3"
    )
    client.force_login(calibrated.h5_lead)
    url = reverse("reports:figure", args=[calibrated.pk, "2.2.3"])
    page = client.get(url, {"value": "yes", "by": "case_type", "group": "licence"}).content.decode()
    assert f"<strong>{kq['yes']}</strong> counted case" in page
    assert licence["cases"] == 32 and document["cases_counted"] == 102


def test_breakdown_counts_add_up_to_the_whole(calibrated):
    document = aggregate_json(calibrated)
    from reports.models import ResultsSnapshot

    breakdowns = ResultsSnapshot.objects.get(inspection=calibrated, kind="latest").breakdowns
    whole_kq = next(
        k for s in document["standards"] for k in s.get("key_questions", []) if k["code"] == "2.2.3"
    )
    for field, groups in breakdowns.items():
        yes = sum(
            k["yes"]
            for g in groups
            for s in g["standards"]
            for k in s["key_questions"]
            if k["code"] == "2.2.3"
        )
        assert yes == whole_kq["yes"], field
        assert sum(g["cases"] for g in groups) == 102
