"""Managers across inspections, in a browser: a lead opens the national overview, filters it by
region and follows a figure to an inspection's dashboard with its benchmarks; a lead builds the
draft regional report from the region page. Strict CSP, no axe violations, 1280 and 375 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.browser.test_csp import visit, watch
from tests.support.factories import MembershipFactory
from tests.support.overview_data import pdu_inspection, rollups_refresh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def country():
    """Five PDUs in three regions over two years, roll-ups stored; a lead of Alpha PDU."""
    made = [
        pdu_inspection(pdu="Alpha PDU", region="North", year=2026, seed=1),
        pdu_inspection(pdu="Beta PDU", region="North", year=2025, seed=2),
        pdu_inspection(pdu="Gamma PDU", region="South", year=2026, seed=3),
        pdu_inspection(pdu="Delta PDU", region="South", year=2025, seed=4),
        pdu_inspection(pdu="Epsilon PDU", region="West", year=2026, seed=5),
    ]
    rollups_refresh(*made)
    lead = MembershipFactory(inspection=made[0], role="lead").user
    return made, lead


def test_a_lead_filters_the_national_overview_and_follows_a_figure(page, new_page, country):
    made, lead = country
    alpha = made[0]
    console = watch(page)
    sign_in(page, lead.username)
    expect(page.locator("h1")).to_be_visible()
    page.locator("[data-cb-nav=national]").click()
    expect(page.locator("h1")).to_have_text("National overview")
    assert visit(page, "/reports/national/") == []
    rows = page.locator("#overview-table tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("#distribution-table tbody tr")).to_have_count(10)  # overall + 9
    assert axe_violations(page) == []
    screenshot(page, "national-overview-1280")

    page.get_by_label("Region").select_option(label="North")
    page.get_by_role("button", name="Apply filters").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Alpha PDU")
    expect(rows.nth(1)).to_contain_text("Beta PDU")
    expect(page.locator("#combined")).to_contain_text("North region: summed counts")
    assert "region=" in page.url

    # only Alpha's figures are links (the lead is on its team); follow its 2.2 rating
    expect(rows.nth(1).get_by_role("link")).to_have_count(0)
    page.get_by_role("link", name="for 2.2 in Alpha PDU").click()
    expect(page.locator("h1")).to_have_text("Results: Alpha PDU")
    assert page.url.endswith(f"/reports/{alpha.pk}/#rating-2.2")
    expect(page.locator("#rating-2\\.2")).to_be_visible()
    page.get_by_role("link", name="Benchmarks").click()
    expect(page.locator("#benchmarks-note")).to_contain_text("North region: 2 inspections")
    expect(page.locator("#bench-2\\.2")).to_contain_text("National")
    assert axe_violations(page) == []
    screenshot(page, "dashboard-benchmarks-1280")
    assert console == []

    phone = new_page(width=375, height=800)
    sign_in(phone, lead.username)
    expect(phone.locator("h1")).to_be_visible()
    phone.goto(f"/reports/national/?framework={alpha.framework_id}&region={alpha.pdu.region_id}")
    expect(phone.locator("#overview-table tbody tr")).to_have_count(2)
    assert axe_violations(phone) == []
    screenshot(phone, "national-overview-375")
    phone.goto(f"/reports/{alpha.pk}/benchmarks/")
    expect(phone.locator("#benchmarks-note")).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "dashboard-benchmarks-375")


def test_a_lead_builds_the_draft_regional_report(page, new_page, country):
    made, lead = country
    alpha = made[0]
    url = f"/reports/regions/{alpha.pdu.region_id}/{alpha.framework_id}/"
    console = watch(page)
    sign_in(page, lead.username)
    expect(page.locator("h1")).to_be_visible()
    assert visit(page, url) == []
    page.get_by_label("PDF").check()
    page.get_by_role("button", name="Build the regional report").click()  # eager in tests
    expect(page.locator("body")).to_contain_text("Regional draft report (PDF): done.")
    link = page.get_by_role("link", name="Regional draft report – PDF")
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    assert axe_violations(page) == []
    screenshot(page, "region-report-1280")
    assert console == []

    phone = new_page(width=375, height=800)
    sign_in(phone, lead.username)
    expect(phone.locator("h1")).to_be_visible()
    phone.goto(url)
    expect(phone.locator("#regional-report")).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "region-report-375")
