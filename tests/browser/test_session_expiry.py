"""An ended session never loses typed evidence: the page keeps the text, asks the user to sign in
again, and puts the text back and saves it afterwards."""

import pytest
from playwright.sync_api import expect

from casework.models import Answer
from tests.browser.conftest import screenshot, sign_in
from tests.support.factories import CaseFactory
from tests.support.sessions import sessions_end

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector, ref="NV-0042")


def test_text_typed_after_the_session_ended_is_kept_and_saved_after_signing_in_again(
    page, case, inspector
):
    sign_in(page, inspector.username)
    page.goto(f"/cases/{case.pk}/standards/2.2/")
    page.fill("#id_e_2_2_1", "First paragraph, saved.")
    expect(page.locator("#cb-save-status")).to_contain_text("Saved at")

    sessions_end()  # the session ends (idle limit, or signed out elsewhere)
    evidence = "First paragraph, saved.\nSecond paragraph, typed after the session ended."
    page.fill("#id_e_2_2_1", evidence)
    status = page.locator("#cb-save-status")
    expect(status).to_contain_text("you have been signed out")
    expect(page.locator("#id_e_2_2_1")).to_have_value(evidence)  # still in the page
    screenshot(page, "session-ended-autosave")
    assert Answer.objects.get(case=case, item__code="2.2.1").evidence == "First paragraph, saved."

    page.click("text=Sign in again")
    expect(page.locator("h1")).to_have_text("Sign in to Casebook")
    page.fill("#id_username", inspector.username)
    page.fill("#id_password", "correct horse battery staple")
    page.click("button[type=submit]")

    expect(page).to_have_url(f"/cases/{case.pk}/standards/2.2/")
    expect(page.locator("#id_e_2_2_1")).to_have_value(evidence)
    expect(status).to_contain_text("Saved at")
    screenshot(page, "session-ended-restored")
    assert Answer.objects.get(case=case, item__code="2.2.1").evidence == evidence
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('casebook:'))") == []


def test_a_change_someone_made_meanwhile_comes_back_as_a_conflict(page, case, inspector, lead):
    sign_in(page, inspector.username)
    page.goto(f"/cases/{case.pk}/standards/2.2/")
    page.fill("#id_e_2_2_1", "Mine, saved.")
    expect(page.locator("#cb-save-status")).to_contain_text("Saved at")
    sessions_end()
    page.fill("#id_e_2_2_1", "Mine, typed while signed out.")
    expect(page.locator("#cb-save-status")).to_contain_text("you have been signed out")
    Answer.objects.filter(case=case, item__code="2.2.1").update(evidence="The lead's change.")

    page.click("text=Sign in again")
    page.fill("#id_username", inspector.username)
    page.fill("#id_password", "correct horse battery staple")
    page.click("button[type=submit]")
    expect(page.locator("[data-cb-conflicts]")).to_contain_text("Mine, typed while signed out.")
    assert Answer.objects.get(case=case, item__code="2.2.1").evidence == "The lead's change."
