"""The case form in a real browser: autosave, reload, conflicts, submit errors, QA, scope."""

import pytest
from playwright.sync_api import expect

from casework.models import Answer, CaseStatus
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.support.factories import CaseFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector, ref="NV-0001")


def open_standard(page, case, code="2.2"):
    page.goto(f"/cases/{case.pk}/standards/{code}/")
    expect(page.locator("h1")).to_contain_text(code)


def wait_saved(page):
    expect(page.locator("#cb-save-status")).to_contain_text("Saved at")


def test_inspector_answers_a_standard_and_finds_everything_after_reload(page, case, inspector):
    sign_in(page, inspector.username)
    expect(page.locator("h1")).to_have_text("Your cases")
    assert axe_violations(page) == []
    screenshot(page, "casework-home")
    page.click("text=NV-0001")
    page.click("text=2.2 Assessment")
    page.check("#id_a_2_2_1_2")  # No
    page.fill("#id_e_2_2_1", "No domestic abuse enquiry.\nSecond line of evidence.")
    page.check("#id_a_2_2_1_a_1")  # prompt: Yes
    page.check("#id_a_2_2_2_1")
    page.fill("#id_e_2_2_2", "Involved the person in the plan.")
    page.check("#id_a_2_2_3_3")  # Not applicable
    wait_saved(page)
    expect(page.locator("#cb-save-status")).not_to_contain_text("Unsaved")
    page.reload()
    expect(page.locator("#id_a_2_2_1_2")).to_be_checked()
    expect(page.locator("#id_e_2_2_1")).to_have_value(
        "No domestic abuse enquiry.\nSecond line of evidence."
    )
    expect(page.locator("#id_a_2_2_1_a_1")).to_be_checked()
    expect(page.locator("#id_a_2_2_2_1")).to_be_checked()
    expect(page.locator("#id_e_2_2_2")).to_have_value("Involved the person in the plan.")
    expect(page.locator("#id_a_2_2_3_3")).to_be_checked()
    assert Answer.objects.get(case=case, item__code="2.2.1").evidence.endswith(
        "Second line of evidence."
    )
    screenshot(page, "casework-standard")


def test_second_session_sees_a_conflict_not_an_overwrite(page, new_page, case, inspector):
    """The same inspector in two browser sessions (say, laptop and desktop) edits one answer."""
    first = page
    second = new_page()
    sign_in(first, inspector.username)
    sign_in(second, inspector.username)
    open_standard(first, case)
    open_standard(second, case)
    first.fill("#id_e_2_2_1", "Evidence typed on the laptop")
    wait_saved(first)
    second.fill("#id_e_2_2_1", "Evidence typed on the desktop")
    conflict = second.locator("#conflict-2_2_1")
    expect(conflict).to_contain_text("Evidence typed on the laptop")
    expect(conflict).to_contain_text("Evidence typed on the desktop")
    expect(second.locator("#cb-save-status")).to_contain_text("Not saved")
    assert (
        Answer.objects.get(case=case, item__code="2.2.1").evidence == "Evidence typed on the laptop"
    )
    screenshot(second, "casework-conflict")
    # the second session keeps its own version, explicitly
    second.check("#id_r_2_2_1_1")
    second.click("[data-cb-resolve]")
    expect(second.locator("#id_e_2_2_1")).to_have_value("Evidence typed on the desktop")
    assert (
        Answer.objects.get(case=case, item__code="2.2.1").evidence
        == "Evidence typed on the desktop"
    )


def test_leaving_the_page_saves_what_was_just_typed(page, case, inspector):
    sign_in(page, inspector.username)
    open_standard(page, case)
    page.fill("#id_e_2_2_3", "Typed just before leaving the page")
    # navigate away at once, before the debounced autosave fires: the page-hide save must land
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Your cases")
    saved = Answer.objects.filter(case=case, item__code="2.2.3", evidence__startswith="Typed just")
    for _ in range(50):  # the beacon is sent as the page goes away; give it up to 5 s to arrive
        if saved.exists():
            break
        page.wait_for_timeout(100)
    assert saved.get().evidence == "Typed just before leaving the page"


def test_submitting_with_a_missing_answer_shows_the_error_summary(page, case, inspector):
    sign_in(page, inspector.username)
    page.goto(f"/cases/{case.pk}/")
    page.click("button:has-text('Submit case')")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Answer key question 2.2.1")
    page.click("text=Answer key question 2.2.1")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_a_2_2_1_1")).to_be_visible()
    expect(page.locator(".govuk-error-message").first).to_contain_text("Answer key question")
    assert axe_violations(page) == []
    screenshot(page, "casework-standard-errors")
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def _submitted(case):
    case.status = CaseStatus.SUBMITTED
    case.save()
    return case


def test_lead_returns_case_with_comment_and_inspector_sees_it(
    page, new_page, case, inspector, lead
):
    _submitted(case)
    sign_in(page, lead.username)
    expect(page.locator("text=Cases waiting for quality assurance")).to_be_visible()
    page.goto(f"/cases/{case.pk}/quality-assurance/")
    assert axe_violations(page) == []
    screenshot(page, "casework-qa")
    page.fill("#id_c_2_3_1", "Planning does not address the victim's safety.")
    page.click("button:has-text('Return case to inspector')")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("returned")
    expect(page.locator("#returned-banner")).to_contain_text("returned to the inspector")
    other = new_page()
    sign_in(other, inspector.username)
    expect(other.get_by_test_id("home-returned")).to_contain_text("Planning does not address")
    open_standard(other, case, "2.3")
    expect(other.locator("#item-2_3_1 .cb-qa-comment")).to_contain_text("victim's safety")


def test_lead_signs_off_and_case_is_read_only(page, new_page, case, inspector, lead):
    _submitted(case)
    sign_in(page, lead.username)
    page.goto(f"/cases/{case.pk}/quality-assurance/")
    page.click("button:has-text('Sign off case')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("signed off")
    other = new_page()
    sign_in(other, inspector.username)
    open_standard(other, case)
    expect(other.locator("text=signed off and is read-only")).to_be_visible()
    assert other.locator("textarea").count() == 0
    assert other.locator("input[type=radio]").count() == 0


def test_inspector_cannot_open_another_inspections_case(page, case):
    outsider = MembershipFactory().user
    sign_in(page, outsider.username)
    response = page.goto(f"/cases/{case.pk}/")
    assert response.status == 404
    response = page.goto(f"/cases/{case.pk}/standards/2.2/")
    assert response.status == 404


def test_failed_save_keeps_the_text_and_retries(page, case, inspector):
    sign_in(page, inspector.username)
    open_standard(page, case)
    failing = {"on": True}

    def handle(route):
        if failing["on"] and route.request.method == "POST":
            route.abort()
        else:
            route.continue_()

    page.route(f"**/cases/{case.pk}/standards/2.2/", handle)
    page.fill("#id_e_2_2_2", "Typed while the network was down")
    expect(page.locator("#cb-save-status")).to_contain_text("Not saved")
    expect(page.locator("#id_e_2_2_2")).to_have_value("Typed while the network was down")
    assert not Answer.objects.filter(case=case).exists()
    failing["on"] = False
    wait_saved(page)
    assert Answer.objects.get(case=case, item__code="2.2.2").evidence == (
        "Typed while the network was down"
    )
