"""Every form, submitted empty, answers with the GOV.UK error summary.

The walk GETs every named URL as the most able role that may see it (the URL walk's world and
kwargs), finds each POST form with something to fill in, and submits it with no answers. Where the
page comes back with errors (rather than redirecting: a form of buttons only takes an empty POST),
the page must show the error summary, each link must point at an element of the page, each
field error must be in the design system's words (never Django's bare "This field is required."),
and every message in the summary must also be shown next to its field.

Sign-in is left out: its wording belongs to the sign-in page's own tests.
"""

import pytest
from django.urls import reverse
from lxml import html

from tests.permissions.test_url_walk import build_world, expect_modules, expectations, url_names

pytestmark = pytest.mark.django_db

SKIP = {"login", "logout"}
ABLE = ("admin", "lead", "inspector", "second_reader")
DJANGO_WORDS = (
    "This field is required.",
    "Select a valid choice.",
    "Enter a whole number.",
    "Enter a valid date.",
    "Ensure this value",
)


def _forms(page):
    """POST forms with at least one field a person fills in."""
    for form in page.xpath("//main//form[translate(@method,'POST','post')='post']"):
        fields = form.xpath(
            ".//input[not(@type='hidden') and not(@type='submit')] | .//select | .//textarea"
        )
        if fields:
            yield form


def _page_problems(name: str, body: str) -> list[str]:
    page = html.fromstring(body)
    summary = page.xpath("//div[contains(@class,'govuk-error-summary')]")
    if not summary:
        return [f"{name}: errors shown but no error summary"]
    wrong = []
    ids = set(page.xpath("//@id"))
    field_messages = {
        " ".join(p.text_content().replace("Error:", "").split())
        for p in page.xpath("//*[contains(@class,'govuk-error-message')]")
    }
    for link in summary[0].xpath(".//a"):
        text = " ".join(link.text_content().split())
        target = link.get("href", "").removeprefix("#")
        if target not in ids:
            wrong.append(f"{name}: summary links to #{target}, which is not on the page")
        if any(words in text for words in DJANGO_WORDS):
            wrong.append(f"{name}: Django's words {text!r}")
        if target != "main-content" and text not in field_messages:
            wrong.append(f"{name}: {text!r} is not shown by its field")
    return wrong


def test_every_form_submitted_empty_shows_a_linked_error_summary(client):
    world = build_world()
    kwargs: dict[str, dict] = {}
    for module in expect_modules():
        if hasattr(module, "kwargs"):
            kwargs.update(module.kwargs(world))
    declared = expectations()
    wrong: list[str] = []
    checked: list[str] = []
    for name, needed in sorted(url_names().items()):
        if name in SKIP or name not in declared:
            continue
        role = next((r for r in ABLE if declared[name][r] == 200), None)
        given = kwargs.get(name, {})
        if role is None or set(needed) - set(given):
            continue
        client.force_login(world.users[role])
        url = reverse(name, kwargs=given or None)
        response = client.get(url)
        if (
            response.status_code != 200
            or response.streaming
            or "html" not in response.get("Content-Type", "")
        ):
            continue
        for form in _forms(html.fromstring(response.content.decode())):
            action = form.get("action") or url
            hidden = {
                i.get("name"): i.get("value", "") for i in form.xpath(".//input[@type='hidden']")
            }
            answer = client.post(action, hidden or {"csrfmiddlewaretoken": "x"})
            print(
                "WALK",
                name,
                role,
                action,
                answer.status_code,
                "govuk-error" in answer.content.decode() if not answer.streaming else "",
            )
            if answer.status_code not in (200, 400):
                continue
            body = answer.content.decode()
            if "govuk-error-message" not in body and "govuk-error-summary" not in body:
                continue
            checked.append(f"{name} -> {action}")
            wrong += _page_problems(name, body)
    assert len(checked) >= 15, checked
    for must in ("setup:inspection_new", "setup:user_new", "reports:recommendations"):
        assert any(c.startswith(must) for c in checked), f"{must} was not walked: {checked}"
    assert not wrong, "\n".join(wrong)
