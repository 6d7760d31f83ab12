"""The results pages and the national overview name the unit in the programme's words: "this
PDU" and "Each PDU's own" for the probation programme (format 1, unchanged), "this inspection"
and "Each inspection's own" for another framework's (`reports.rendering.programme`)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from casework.models import CaseStatus
from inspection.models import Item
from reports.rendering.context import report_content
from reports.rendering.programme import regional_words
from reports.services.entries import region_comparisons_choose
from reports.services.results import snapshot_refresh
from reports.services.rollups import rollup_refresh, rollup_row
from tests.support.factories import AdminFactory, AnswerFactory, CaseFactory, InspectionFactory
from tests.support.format2_results import youth_inspection

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def pages(client, inspection) -> str:
    out = []
    for name in ("reports:key_questions", "reports:benchmarks"):
        response = client.get(reverse(name, args=[inspection.pk]))
        assert response.status_code == 200
        out.append(text(response.content.decode()))
    return " ".join(out)


def combined(client, inspection) -> str:
    rollup_refresh(rollup=rollup_row(framework=inspection.framework))
    html = client.get(reverse("national") + f"?framework={inspection.framework_id}")
    section = html.content.decode().split('id="combined"')[1].split("</table>")[0]
    return text(section)


def counted_case(inspection, codes) -> None:
    case = CaseFactory(inspection=inspection, status=CaseStatus.SIGNED_OFF)
    for code in codes:
        item = Item.objects.get(framework=inspection.framework, code=code)
        AnswerFactory(case=case, item=item, value="yes")


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory(username="words-admin"))
    return client


def test_a_youth_inspections_pages_say_this_inspection(admin_client):
    inspection = youth_inspection()
    counted_case(inspection, ("2.1.1", "2.1.2"))
    words = pages(admin_client, inspection)
    assert "beside each of this inspection's are explained" in words
    assert "this inspection's own cases included" in words
    assert "a percentage of this inspection outside" in words
    assert "PDU" not in words
    summary = combined(admin_client, inspection)
    own = regional_words(inspection.framework)["each_own"]
    assert own == "Each inspection's own" and own in summary
    assert "judged per inspection" in summary and "PDU" not in summary


def test_a_pdu_inspections_pages_keep_the_probation_words(admin_client):
    inspection = InspectionFactory()
    counted_case(inspection, ("2.2.1", "2.2.3"))
    snapshot_refresh(inspection=inspection)
    words = pages(admin_client, inspection)
    assert "beside each of this PDU's are explained" in words
    assert "this PDU's own cases included" in words
    summary = combined(admin_client, inspection)
    assert "Each PDU's own" in summary
    assert "Domain one is judged per PDU and is not combined." in summary


def test_a_youth_reports_region_comparison_and_its_form_say_this_inspection(admin_client):
    inspection = youth_inspection()
    counted_case(inspection, ("2.1.1", "2.1.2"))
    snapshot_refresh(inspection=inspection)
    rollup_refresh(rollup=rollup_row(framework=inspection.framework, region=inspection.pdu.region))
    page = admin_client.get(reverse("reports:outputs", args=[inspection.pk])).content.decode()
    form = text(page.split('id="comparisons-form"')[1].split("</form>")[0])
    assert "against this inspection's." in form and "PDU" not in form
    region_comparisons_choose(inspection=inspection, codes=["2.1"], user=None)
    snapshot = inspection.snapshots.get(kind="latest")
    note = report_content(inspection=inspection, snapshot=snapshot)["methodology"][-1]
    assert note.startswith("Comparisons with the region")
    assert note.endswith("this inspection's own cases included.")
