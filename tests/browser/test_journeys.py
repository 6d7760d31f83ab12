"""Each role's journey from the home page through the navigation only, on the demo data: every
page passes axe at 1280 and at 375 px, with no CSP violation and no JavaScript error; on a
phone the navigation opens from its Menu button. The home pages are saved to docs/screens/."""

from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_csp import watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-journeys"
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
JOURNEYS = {
    "demo-inspector": ["my_cases", "readings", "inspections", "home"],
    "demo-lead": ["qa", "my_cases", "readings", "inspections", "national", "home"],
    "demo-admin": ["qa", "inspections", "national", "setup", "users", "home"],
}


def check(page, where: str) -> None:
    """axe at 1280 and at 375 px wide, and nothing overflowing the phone's width."""
    assert axe_violations(page) == [], where
    page.set_viewport_size({"width": 375, "height": 800})
    assert axe_violations(page) == [], f"{where} at 375 px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{where} overflows"
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.mark.parametrize("username", list(JOURNEYS))
def test_a_journey_through_the_navigation(page, username, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo")
    console = watch(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, username, PASSWORD)
    expect(page.locator("[data-cb-nav=home]")).to_have_attribute("aria-current", "page")
    check(page, "home")
    role = username.removeprefix("demo-")
    SCREENS.mkdir(parents=True, exist_ok=True)
    shot = SCREENS / f"home-{role}.png"
    page.screenshot(path=str(shot), clip={"x": 0, "y": 0, "width": 1280, "height": 800})
    Image.open(shot).quantize(colors=64).save(shot, optimize=True)  # kept small for the README
    assert shot.stat().st_size < 150_000
    for section in JOURNEYS[username]:
        page.locator(f"[data-cb-nav={section}]").click()
        expect(page.locator(f"[data-cb-nav={section}]")).to_have_attribute("aria-current", "page")
        expect(page.locator("h1")).to_be_visible()
        check(page, section)
    assert page.evaluate("window.__csp") == [] and console == []
    assert errors == []


def test_on_a_phone_the_navigation_opens_from_its_menu_button(new_page, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo")
    phone = new_page(width=375, height=800)
    errors: list[str] = []
    phone.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(phone, "demo-lead", PASSWORD)
    toggle = phone.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()  # govuk-frontend's script ran under the CSP
    expect(phone.locator("[data-cb-nav=qa]")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    phone.locator("[data-cb-nav=qa]").click()
    expect(phone.locator("h1")).to_have_text("Quality assurance")
    assert errors == []


def test_the_home_page_starts_with_the_returned_case(page, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo")
    sign_in(page, "demo-inspector", PASSWORD)
    main = page.locator("#main-content")
    first_list = main.locator(".govuk-summary-list, .govuk-list, table").first
    expect(first_list).to_have_attribute("data-testid", "home-returned")
    expect(first_list).to_contain_text("Say which sources the risk assessment drew on.")
    headings = main.locator("h2").all_inner_texts()
    assert headings[0].startswith("Returned to you")
    assert headings.index("Cases in progress") > 0
