"""A password an admin chose is replaced by the user at first sign-in, on an accessible page."""

import pytest
from playwright.sync_api import expect

from sampling.services.users import user_create
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_user_must_choose_their_own_password_first(page):
    user_create(username="newbie", first_name="Nia", last_name="Bell", password="given-by-admin-42")
    sign_in(page, "newbie", "given-by-admin-42")
    expect(page.locator("h1")).to_have_text("Change your password")
    expect(page.locator(".govuk-inset-text")).to_contain_text("set by an administrator")
    page.goto("/")  # any other page leads back here
    expect(page.locator("h1")).to_have_text("Change your password")

    page.fill("#id_old_password", "given-by-admin-42")
    page.fill("#id_new_password1", "4928371650")
    page.fill("#id_new_password2", "4928371650")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("entirely numeric")
    assert axe_violations(page) == []
    screenshot(page, "password-change-error")

    page.fill("#id_old_password", "given-by-admin-42")
    page.fill("#id_new_password1", "lantern orchard velvet")
    page.fill("#id_new_password2", "lantern orchard velvet")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("password has been changed")
    expect(page.locator("h1")).not_to_have_text("Change your password")
