"""In Chromium: the create-inspection form's error summary (linked to its fields, axe clean at
1280 and 375 px), and a lead settling a pair's disagreements: one, on to the next, then the
first reading standing for all remaining (axe clean on each page at both widths)."""

import pytest
from playwright.sync_api import expect

from readings.models import Settlement
from tests.browser.conftest import axe_violations, sign_in
from tests.support.factories import AdminFactory, MembershipFactory, UserFactory
from tests.support.readings_data import double_read

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 375)


def _axe_clean(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: " + ", ".join(v["id"] for v in violations)


@pytest.mark.parametrize("width", WIDTHS)
def test_create_inspection_errors_are_summarised_and_linked(new_page, width):
    AdminFactory(username="ada")
    page = new_page(width=width)
    sign_in(page, "ada")
    page.goto("/setup/inspections/new/")
    page.get_by_role("button", name="Create inspection").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # the design system's JavaScript moves focus to it
    links = summary.locator("a")
    texts = links.all_inner_texts()
    assert "Enter the PDU name" in texts and "Select the lead inspector" in texts
    assert "Enter the date fieldwork starts" in texts
    assert not any("This field is required" in t for t in texts)
    summary.get_by_role("link", name="Enter the PDU name").click()
    expect(page.locator("#id_pdu_name")).to_be_focused()
    expect(page.locator("#id_pdu_name_1_error")).to_contain_text("Enter the PDU name")
    assert page.title().startswith("Error: ")
    _axe_clean(page, f"create inspection with errors at {width}px")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_settles_one_goes_on_to_the_next_then_lets_the_first_stand(
    new_page, inspection, inspector, lead, width
):
    reader = MembershipFactory(
        inspection=inspection, role="inspector", user=UserFactory(username="reader2")
    ).user
    reading = double_read(
        inspection,
        ref="ST-1",
        first={"2.2.1": "yes", "2.2.2": "yes", "2.2.3": "yes"},
        second={"2.2.1": "no", "2.2.2": "no", "2.2.3": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    page = new_page(width=width)
    sign_in(page, lead.username)
    page.goto(f"/cases/readings/{reading.pk}/compare/")
    expect(page.get_by_test_id("counts")).to_have_text("3 disagreements, none settled yet")
    _axe_clean(page, f"compare at {width}px")
    page.get_by_role("link", name="Settle the disagreements one by one").click()
    expect(page.locator("h1")).to_have_text("Settle 2.2.1")
    expect(page.locator(".govuk-caption-l")).to_contain_text("disagreement 1 of 3")
    _axe_clean(page, f"settle at {width}px")
    page.get_by_label("Second reading stands: No").check()
    page.get_by_label("Reason").fill("The plan does not address the risk.")
    page.get_by_role("button", name="Settle 2.2.1").click()
    expect(page.locator("h1")).to_have_text("Settle 2.2.2")  # on to the next
    expect(page.get_by_test_id("counts")).to_have_text("3 disagreements: 1 settled, 2 to settle.")
    page.get_by_role("link", name="Back to the list of disagreements").click()
    page.get_by_text("The first reading stands for all 2 remaining").click()
    page.get_by_role("button", name="The first reading stands for all remaining").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason the first reading stands for every remaining disagreement"
    )
    _axe_clean(page, f"compare with an error at {width}px")
    page.get_by_label("Why does the first reading stand for all of them?").fill(
        "The evidence supports the first reader."
    )
    page.get_by_role("button", name="The first reading stands for all remaining").click()
    expect(page.get_by_test_id("counts")).to_have_text("3 disagreements, all settled")
    assert sorted(Settlement.objects.values_list("item__code", "outcome")) == [
        ("2.2.1", "second"),
        ("2.2.2", "first"),
        ("2.2.3", "first"),
    ]
