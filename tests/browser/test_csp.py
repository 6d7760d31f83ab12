"""The strict Content-Security-Policy holds on every main page: no inline script or style is
refused anywhere (a refusal would mean a broken page under the policy)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from casework.models import Case, CaseStatus
from inspection.models import Inspection
from records.demo import DEMO_PDU
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch(page) -> list[str]:
    """Violations seen in the console (Chromium logs each refusal there) and by the DOM event."""
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(LISTEN)
    return console


def visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp")


def test_main_pages_raise_no_csp_violation(page, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-csp")
    call_command("load_demo")
    inspection = Inspection.objects.get(pdu__name=DEMO_PDU)
    case = Case.objects.filter(inspection=inspection, status=CaseStatus.DRAFT).first()
    console = watch(page)
    seen: dict[str, list[str]] = {"/sign-in/": visit(page, "/sign-in/")}
    sign_in(page, "demo-admin", "demo-password-for-csp")
    expect(page.locator("h1")).to_be_visible()
    pages = [
        "/",
        f"/inspections/{inspection.pk}/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/standards/2.2/",
        f"/reports/{inspection.pk}/",
        f"/reports/{inspection.pk}/key-questions/",
        f"/reports/{inspection.pk}/breakdowns/",
        f"/reports/{inspection.pk}/benchmarks/",
        f"/reports/{inspection.pk}/outputs/",
        f"/reports/{inspection.pk}/frozen/",
        f"/reports/{inspection.pk}/preview/",
        "/setup/",
        f"/setup/{inspection.pk}/",
        f"/setup/{inspection.pk}/team/",
        f"/setup/{inspection.pk}/sample/",
        f"/setup/{inspection.pk}/assignment/",
        f"/setup/{inspection.pk}/progress/",
        "/setup/users/",
        "/setup/users/new/",
        "/account/password/",
        "/api/docs/",
    ]
    for url in pages:
        seen[url] = visit(page, url)
        if url.endswith("/standards/2.2/"):  # an autosave swaps server HTML into the page
            page.fill("#id_e_2_2_1", "Typed under the policy")
            expect(page.locator("#cb-save-status")).to_contain_text("Saved at")
            seen[url] += page.evaluate("window.__csp")
        if url == f"/reports/{inspection.pk}/key-questions/":
            expect(page.locator(".rp-chart__bar").first).to_be_visible()
            screenshot(page, "csp-dashboard")
        if url == "/api/docs/":
            expect(page.locator(".swagger-ui .info .title")).to_contain_text("Casebook API")
            screenshot(page, "csp-api-docs")
    assert {url: v for url, v in seen.items() if v} == {}
    assert console == []


def test_the_listener_does_see_a_refused_inline_style(page):
    """The check above can fail: an inline style attribute is refused and reported."""
    watch(page)
    visit(page, "/sign-in/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__csp.length > 0")
    assert "style-src-attr" in page.evaluate("window.__csp")[0]
