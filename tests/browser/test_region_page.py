"""The region page in a browser: the stored roll-up (computed after the demo's aggregation), a
lead's refresh and answers download, under the strict CSP, without accessibility violations, at
desktop and phone widths."""

import csv
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from inspection.models import Inspection
from records.demo import DEMO_PDU
from reports.models import Rollup
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.browser.test_csp import visit, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_reads_refreshes_and_downloads_the_region_roll_up(page, new_page, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-region")
    call_command("load_demo")  # aggregates the demo inspection, which refreshes its roll-ups
    inspection = Inspection.objects.select_related("pdu__region").get(pdu__name=DEMO_PDU)
    region = Inspection.objects.filter(pdu__region=inspection.pdu.region)  # two in the demo
    stored = Rollup.objects.get(kind="region", region=inspection.pdu.region)
    assert stored.state == "done" and stored.cases_counted > 0
    console = watch(page)
    sign_in(page, "demo-lead", "demo-password-for-region")
    expect(page.locator("h1")).to_be_visible()
    url = f"/reports/regions/{inspection.pdu.region_id}/{inspection.framework_id}/"
    assert visit(page, url) == []
    expect(page.locator("h1")).to_contain_text(f"{inspection.pdu.region.name} region")
    expect(page.locator("body")).to_contain_text(
        f"{stored.cases_counted} counted cases from {region.count()}"
    )
    expect(page.locator("#region-table tbody tr").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "region-roll-up-1280")

    # the download: the answers of the inspections this lead leads, as CSV
    link = page.get_by_role("link", name="Download the answers of the inspections you lead (CSV)")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert rows and {r["inspection"] for r in rows} == {str(i.pk) for i in region}

    # a refresh (eager in tests) and the page says when it was computed
    page.get_by_role("button", name="Refresh the roll-up").click()
    expect(page.locator("body")).to_contain_text("Refresh requested")
    assert Rollup.objects.get(pk=stored.pk).computed_at > stored.computed_at
    assert console == []

    phone = new_page(width=375, height=800)
    sign_in(phone, "demo-lead", "demo-password-for-region")
    expect(phone.locator("h1")).to_be_visible()
    phone.goto(url)
    expect(phone.locator("#region-table")).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "region-roll-up-375")
