"""Words typed on site survive a closed tab: unsaved text is kept in the browser's localStorage
(keyed by a non-reversible user key, the case and the standard) until the server acknowledges it,
put back and saved through the normal token check when the page opens again, and never left behind
for the next person at a shared machine (sign-out, twelve hours, another user)."""

import pytest
from playwright.sync_api import expect

from casework.models import Answer
from inspection.models import Item
from tests.browser.conftest import sign_in
from tests.support.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "Seen at the office: the plan was reviewed with the person on probation."
DRAFT_KEYS = "Object.keys(localStorage).filter(k => k.startsWith('casebook:'))"
ALL_KEYS = (
    "Object.keys(localStorage).concat(Object.keys(sessionStorage))"
    ".filter(k => k.startsWith('casebook:'))"
)


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector, ref="NV-0101")


def evidence(case, code="2.2.1"):
    answer = Answer.objects.filter(case=case, item__code=code).first()
    return answer.evidence if answer else None


def type_offline_and_close(page, case):
    """Open the standard, lose the network, type, see the retry message, close the tab."""
    page.goto(f"/cases/{case.pk}/standards/2.2/")
    page.context.set_offline(True)
    page.fill("#id_e_2_2_1", TYPED)
    expect(page.locator("#cb-save-status")).to_contain_text("could not be reached")
    page.close()  # no unload handlers run: as a closed tab, a crash or a flat battery
    assert evidence(case) is None


def test_text_typed_offline_is_saved_when_the_tab_is_opened_again(page, case, inspector):
    context = page.context
    sign_in(page, inspector.username)
    type_offline_and_close(page, case)

    context.set_offline(False)
    again = context.new_page()
    again.goto(f"/cases/{case.pk}/standards/2.2/")
    expect(again.locator("#id_e_2_2_1")).to_have_value(TYPED)
    expect(again.locator("#cb-save-status")).to_contain_text("Saved at")
    assert evidence(case) == TYPED
    assert again.evaluate(DRAFT_KEYS) == []  # acknowledged: the draft is gone


def test_a_newer_answer_from_someone_else_comes_back_as_a_conflict(page, case, inspector, lead):
    context = page.context
    sign_in(page, inspector.username)
    type_offline_and_close(page, case)
    item = Item.objects.get(framework=case.inspection.framework, code="2.2.1")
    Answer.objects.create(case=case, item=item, value="no", evidence="The lead's answer.")

    context.set_offline(False)
    again = context.new_page()
    again.goto(f"/cases/{case.pk}/standards/2.2/")
    conflicts = again.locator("[data-cb-conflicts]")
    expect(conflicts.locator("[data-cb-mine]")).to_have_text(TYPED)
    expect(conflicts.locator("[data-cb-theirs]")).to_have_text("The lead's answer.")
    again.wait_for_timeout(1_500)  # longer than the autosave's pause: nothing overwrites
    assert evidence(case) == "The lead's answer."
    assert len(again.evaluate(DRAFT_KEYS)) == 1  # kept until the inspector chooses


def test_signing_out_leaves_no_draft(page, case, inspector):
    sign_in(page, inspector.username)
    page.goto(f"/cases/{case.pk}/standards/2.2/")
    # the server cannot be reached for saves; signing out still can
    page.route(
        "**/standards/**",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.fill("#id_e_2_2_1", TYPED)
    expect(page.locator("#cb-save-status")).to_contain_text("could not be reached")
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?"
    page.click("button:has-text('Sign out')")
    expect(page.locator("h1")).to_have_text("Sign in to Casebook")
    assert page.evaluate(ALL_KEYS) == []


@pytest.mark.parametrize(("hours", "kept"), [(11, True), (13, False)])
def test_a_draft_is_dropped_after_twelve_hours(page, case, inspector, hours, kept):
    context = page.context
    sign_in(page, inspector.username)
    type_offline_and_close(page, case)

    context.set_offline(False)
    again = context.new_page()
    again.goto("/")
    assert len(again.evaluate(DRAFT_KEYS)) == 1
    again.evaluate(
        """hours => Object.keys(localStorage).filter(k => k.startsWith('casebook:draft:'))
             .forEach(k => { const d = JSON.parse(localStorage.getItem(k));
                             d.at = Date.now() - hours * 3600 * 1000;
                             localStorage.setItem(k, JSON.stringify(d)); })""",
        hours,
    )
    again.goto(f"/cases/{case.pk}/standards/2.2/")
    if kept:
        expect(again.locator("#cb-save-status")).to_contain_text("Saved at")
        assert evidence(case) == TYPED
    else:
        again.wait_for_timeout(1_500)
        expect(again.locator("#id_e_2_2_1")).to_have_value("")
        assert evidence(case) is None
    assert again.evaluate(DRAFT_KEYS) == []


def test_another_user_on_the_same_browser_never_sees_the_draft(page, case, inspector, lead):
    context = page.context
    sign_in(page, inspector.username)
    type_offline_and_close(page, case)
    context.set_offline(False)
    context.clear_cookies()  # the inspector's session ended; the lead sits down at the machine

    again = context.new_page()
    again.goto("/sign-in/")
    keys = again.evaluate(DRAFT_KEYS)
    assert len(keys) == 1
    assert str(inspector.pk) not in keys[0].split(":") and inspector.username not in keys[0]

    sign_in(again, lead.username)
    expect(again.locator("h1")).not_to_have_text("Sign in to Casebook")
    assert again.evaluate(DRAFT_KEYS) == []  # the lead's first page dropped it
    again.goto(f"/cases/{case.pk}/standards/2.2/")
    expect(again.locator("#id_e_2_2_1")).to_have_value("")
    again.wait_for_timeout(1_500)
    assert TYPED not in again.content()
    assert evidence(case) is None
