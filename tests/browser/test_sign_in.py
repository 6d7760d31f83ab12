import pytest

from tests.browser.conftest import axe_violations, sign_in
from tests.support.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_user_signs_in_and_sees_their_inspections(page):
    UserFactory(username="dana")
    sign_in(page, "dana")
    assert page.locator("h1").inner_text() == "Your inspections"


def test_wrong_password_shows_error_summary_without_accessibility_violations(page):
    UserFactory(username="dana")
    sign_in(page, "dana", "wrong password")
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
