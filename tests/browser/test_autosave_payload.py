"""The autosave in a real browser sends only what changed, and evidence has a visible limit."""

import pytest
from playwright.sync_api import expect

from casework.models import EVIDENCE_MAX_CHARS, Answer
from inspection.models import Item
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.support.factories import CaseFactory
from tests.support.sessions import sessions_end

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Long evidence written earlier. " * 290  # 8,990 characters


@pytest.fixture
def case(inspection, inspector):
    case = CaseFactory(inspection=inspection, assigned_to=inspector, ref="NV-0077")
    items = Item.objects.filter(framework=inspection.framework, standard__code="2.2")
    Answer.objects.bulk_create(
        Answer(case=case, item=item, value="yes", evidence=LONG) for item in items
    )
    return case


def test_typing_in_one_box_sends_that_item_only_with_its_token(page, case, inspector):
    """Every item already holds ~9,000 characters; the autosave of one edit must not carry them
    (before tokens it posted every item's evidence twice: ~250 KB here)."""
    sign_in(page, inspector.username)
    page.goto(f"/cases/{case.pk}/standards/2.2/")
    posts = []
    page.on(
        "request",
        lambda r: posts.append(r) if r.method == "POST" and "/standards/" in r.url else None,
    )
    page.fill("#id_e_2_2_2", "A new sentence.")
    expect(page.locator("#cb-save-status")).to_contain_text("Saved at")
    assert len(posts) == 1
    body = posts[0].post_data_buffer
    assert len(body) < 2_000, len(body)
    text = body.decode()
    for name in ("a_2_2_2", "e_2_2_2", "t_2_2_2", "version", "partial"):
        assert f'name="{name}"' in text or f"{name}=" in text
    assert "e_2_2_1" not in text and "Long evidence" not in text
    assert Answer.objects.get(case=case, item__code="2.2.2").evidence == "A new sentence."
    assert Answer.objects.get(case=case, item__code="2.2.1").evidence == LONG


@pytest.mark.parametrize("width", [1280, 375])
def test_evidence_over_the_limit_is_counted_and_not_sent_until_it_fits(
    new_page, case, inspector, width
):
    page = new_page(width=width)
    sign_in(page, inspector.username)
    page.goto(f"/cases/{case.pk}/standards/2.2/")
    count = page.locator("#div_id_e_2_2_1 .govuk-character-count__status")
    expect(count).to_contain_text("characters remaining")
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    over = "x" * (EVIDENCE_MAX_CHARS + 25)
    page.fill("#id_e_2_2_1", over)
    status = page.locator("#cb-save-status")
    expect(status).to_contain_text(
        "Not saved: the evidence for 2.2.1 is longer than 10,000 characters"
    )
    expect(count).to_contain_text("25 characters too many")
    page.wait_for_timeout(1_500)  # longer than the autosave's pause: still nothing sent
    assert posts == []
    assert Answer.objects.get(case=case, item__code="2.2.1").evidence == LONG
    page.locator("#id_e_2_2_1").scroll_into_view_if_needed()
    screenshot(page, f"evidence-over-limit-{width}")
    assert axe_violations(page) == []
    page.fill("#id_e_2_2_1", "x" * EVIDENCE_MAX_CHARS)
    expect(status).to_contain_text("Saved at")
    assert len(Answer.objects.get(case=case, item__code="2.2.1").evidence) == EVIDENCE_MAX_CHARS


def test_after_signing_in_again_only_the_unsaved_items_come_back(page, inspection, inspector):
    """The kept draft names its unsaved items: those are put back (with the tokens they started
    from) and saved; an item someone else changed meanwhile shows their version, not the page's
    old one, and is no conflict."""
    case = CaseFactory(inspection=inspection, assigned_to=inspector, ref="NV-0078")
    sign_in(page, inspector.username)
    page.goto(f"/cases/{case.pk}/standards/2.2/")
    page.fill("#id_e_2_2_1", "Saved before.")
    expect(page.locator("#cb-save-status")).to_contain_text("Saved at")
    sessions_end()
    page.fill("#id_e_2_2_1", "Saved before. Typed while signed out.")
    expect(page.locator("#cb-save-status")).to_contain_text("you have been signed out")
    Answer.objects.create(
        case=case,
        item=Item.objects.get(framework=inspection.framework, code="2.2.2"),
        value="no",
        evidence="The lead's note.",
    )

    page.click("text=Sign in again")
    page.fill("#id_username", inspector.username)
    page.fill("#id_password", "correct horse battery staple")
    page.click("button[type=submit]")
    expect(page.locator("#cb-save-status")).to_contain_text("Saved at")
    expect(page.locator("#id_e_2_2_1")).to_have_value("Saved before. Typed while signed out.")
    expect(page.locator("#id_e_2_2_2")).to_have_value("The lead's note.")
    assert page.locator("[data-cb-conflicts]").count() == 0
    stored = {a.item.code: a.evidence for a in Answer.objects.filter(case=case)}
    assert stored == {"2.2.1": "Saved before. Typed while signed out.", "2.2.2": "The lead's note."}


def test_a_save_over_the_request_cap_is_explained_in_the_status_and_on_a_page(
    page, inspection, inspector, settings
):
    """With a cap of 20 KB, three edited boxes of 9,000 characters make one autosave too large:
    the status line says so and the text stays; the plain Save then gets the GOV.UK page."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024
    case = CaseFactory(inspection=inspection, assigned_to=inspector, ref="NV-0079")
    sign_in(page, inspector.username)
    page.goto(f"/cases/{case.pk}/standards/2.2/")
    text = "Nine thousand characters. " * 346
    for box in ("#id_e_2_2_1", "#id_e_2_2_2", "#id_e_2_2_3"):
        page.locator(box).evaluate("(el, value) => { el.value = value; }", text)
        page.locator(box).dispatch_event("input")
    status = page.locator("#cb-save-status")
    expect(status).to_contain_text(
        "Not saved: this is more than the server accepts at once (20 KB)"
    )
    expect(page.locator("#id_e_2_2_3")).to_have_value(text)
    assert not Answer.objects.filter(case=case).exists()
    screenshot(page, "request-too-large-status")
    page.click("button:has-text('Save and continue')")
    expect(page.locator("h1")).to_have_text("What you sent is too large")
    assert axe_violations(page) == []
    screenshot(page, "request-too-large-page")
    assert not Answer.objects.filter(case=case).exists()
