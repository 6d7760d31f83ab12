"""A graded answer on the case form in a browser (casefile-audit-test.yaml's four-point scale):
the radios show the scale's labels, and the one chosen is stored and shown again."""

import pytest
from playwright.sync_api import expect

from casework.models import Answer
from inspection.models import Item
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.support.declared_data import declared_case, format2_inspection
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = ["Outstanding", "Good", "Requires improvement", "Inadequate", "Not applicable"]


def test_an_inspector_records_a_graded_answer_by_its_label(page):
    inspection = format2_inspection()
    ann = UserFactory(username="ann", first_name="Ann", last_name="Inspector")
    MembershipFactory(inspection=inspection, user=ann, role="inspector")
    case = declared_case(
        inspection, {"tier": 3, "victim_contact": False, "team": "North"}, assigned_to=ann
    )
    sign_in(page, "ann")
    page.goto(f"/cases/{case.pk}/standards/A1/")
    # no case type in a format-2 framework: the caption has no dangling separator
    expect(page.locator("main .govuk-caption-l").first).to_have_text(f"Case {case.ref}")
    question = page.locator("fieldset", has=page.locator("input[name=a_A1_1]"))
    radios = question.get_by_role("radio")
    expect(radios).to_have_count(len(LABELS))
    assert [
        question.locator(f"label[for={r.get_attribute('id')}]").inner_text().strip()
        for r in radios.all()
    ] == LABELS
    question.get_by_label("Requires improvement", exact=True).check()
    page.fill("#id_e_A1_1", "The plan was kept to for two months, then lapsed.")
    page.locator("main").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    item = Item.objects.get(framework=inspection.framework, code="A1.1")
    answer = Answer.objects.get(case=case, item=item)
    assert (answer.value, answer.evidence) == (
        "requires_improvement",
        "The plan was kept to for two months, then lapsed.",
    )
    page.goto(f"/cases/{case.pk}/standards/A1/")
    question = page.locator("fieldset", has=page.locator("input[name=a_A1_1]"))
    expect(question.get_by_label("Requires improvement", exact=True)).to_be_checked()
    assert axe_violations(page) == []
    screenshot(page, "graded-case-form")
