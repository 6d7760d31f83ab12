"""Chromium signs in through the real provider's login page (a node process started here) and
lands on the home page its directory groups give; sign-out ends the provider's session too."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleMapping
from tests.browser.conftest import axe_violations
from tests.oidc_provider.process import CLIENT_ID, CLIENT_SECRET, PASSWORD, Directory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def directory(tmp_path_factory, live_server):
    d = Directory(
        tmp_path_factory.mktemp("directory"),
        f"{live_server.url}/account/sign-in/organisation/callback/",
        f"{live_server.url}/sign-in/",
    )
    d.start()
    yield d
    d.close()


@pytest.fixture
def configured(settings, directory):
    settings.OIDC_ISSUER = directory.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    csp = {**settings.SECURE_CSP}
    csp["form-action"] = [*csp["form-action"], directory.issuer]  # as settings.py adds it
    settings.SECURE_CSP = csp
    return directory


def _sign_in_at_the_directory(page, username: str) -> None:
    page.goto("/sign-in/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sign in with your organisation's account").click()
    expect(page.get_by_role("heading", name="Sign in to the test directory")).to_be_visible()
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_admin_group_lands_on_the_admin_home_page(page, configured):
    RoleMapping.objects.create(claim_value="g-casebook-admins", role="admin")
    configured.set_user("amira", groups=["g-casebook-admins"], name="Amira Khan")

    _sign_in_at_the_directory(page, "amira")

    expect(page.locator("h1")).to_have_text("Your inspections")
    navigation = page.locator(".govuk-service-navigation")
    expect(navigation.get_by_role("link", name="Set-up", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="National overview", exact=True)).to_be_visible()


def test_an_inspector_lands_on_the_inspector_home_page_and_signs_out_at_the_directory(
    page, configured
):
    RoleMapping.objects.create(claim_value="g-casebook-admins", role="admin")
    configured.set_user("ines", groups=["g-probation-staff"])

    _sign_in_at_the_directory(page, "ines")

    expect(page.locator("h1")).to_have_text("Your inspections")
    navigation = page.locator(".govuk-service-navigation")
    expect(navigation.get_by_role("link", name="Set-up", exact=True)).to_have_count(0)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign out of the test directory")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in to Casebook")
    # The directory asks for the password again: its session ended with Casebook's.
    page.get_by_role("link", name="Sign in with your organisation's account").click()
    expect(page.get_by_role("heading", name="Sign in to the test directory")).to_be_visible()
