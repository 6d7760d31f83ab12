"""Second readings and calibration exercises in a real browser: a second reader reads blind
(404 on the first reading's pages, none of its words on theirs) with autosave; a lead settles a
disagreement and the results follow; axe finds nothing on the new pages at 1280 and 375 px."""

import pytest
from playwright.sync_api import expect

from casework.models import Answer
from readings.models import Reading, ReadingAnswer
from readings.services.practice import practice_case_create, practice_case_status_set
from reports.selectors import latest_snapshot
from reports.services.results import snapshot_refresh
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.support.factories import AdminFactory, MembershipFactory, UserFactory
from tests.support.readings_data import double_read, items_by_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_EVIDENCE = "First reader: the assessment names the victim and the risk."


@pytest.fixture
def blind(inspection, inspector, lead):
    """BL-1: first read and submitted by `inspector` (2.2.1 yes, 2.2.2 yes); a draft second
    reading by `reader2`, who is also on the team."""
    reader = MembershipFactory(
        inspection=inspection, role="inspector", user=UserFactory(username="reader2")
    ).user
    reading = double_read(
        inspection,
        ref="BL-1",
        first={"2.2.1": "yes", "2.2.2": "yes"},
        second={},
        first_reader=inspector,
        second_reader=reader,
        second_status="draft",
    )
    Answer.objects.filter(case=reading.case, item__code="2.2.1").update(evidence=FIRST_EVIDENCE)
    return reading


def test_a_second_reader_reads_blind_and_the_first_reader_cannot_see_it(
    page, new_page, blind, inspector
):
    sign_in(page, "reader2")
    expect(page.get_by_role("heading", name="Second readings assigned to you")).to_be_visible()
    page.get_by_role("link", name="BL-1").click()
    expect(page.locator("h1")).to_have_text("Second reading of case BL-1")
    assert FIRST_EVIDENCE not in page.content()
    page.get_by_role("link", name="2.2 Assessment").first.click()
    expect(page.locator("h1")).to_contain_text("2.2 Assessment")
    expect(page.locator("#id_a_2_2_1_1")).not_to_be_checked()  # blank: not the first's "yes"
    assert FIRST_EVIDENCE not in page.content()
    page.check("#id_a_2_2_1_2")  # No
    page.fill("#id_e_2_2_1", "The assessment does not analyse the risk to the partner.")
    expect(page.locator("#cb-save-status")).to_contain_text("Saved at")
    page.reload()
    expect(page.locator("#id_a_2_2_1_2")).to_be_checked()
    assert ReadingAnswer.objects.get(item__code="2.2.1").value == "no"
    assert Answer.objects.get(case=blind.case, item__code="2.2.1").value == "yes"
    # every page of the case's first reading is a 404 for the second reader
    for path in ("", "standards/2.2/", "history/", "interviews/add/"):
        response = page.goto(f"/cases/{blind.case.pk}/{path}")
        assert response.status == 404, path
    assert page.goto(f"/api/cases/{blind.case.pk}/").status == 404
    # and the second reading is a 404 for the first reader
    first = new_page()
    sign_in(first, inspector.username)
    for path in ("", "standards/2.2/", "compare/"):
        assert first.goto(f"/cases/readings/{blind.pk}/{path}").status == 404, path
    first.goto("/")
    expect(first.get_by_role("heading", name="Second readings assigned to you")).to_have_count(0)


def test_a_lead_settles_a_disagreement_and_the_results_change(page, inspection, inspector, lead):
    reader = MembershipFactory(
        inspection=inspection, role="inspector", user=UserFactory(username="reader2")
    ).user
    reading = double_read(
        inspection,
        ref="ST-1",
        first={"2.2.1": "yes", "2.2.2": "no"},
        second={"2.2.1": "no", "2.2.2": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    snapshot_refresh(inspection=inspection)

    def kq(code: str) -> dict:
        doc = latest_snapshot(inspection=inspection).document
        standard = next(s for s in doc["standards"] if s["code"] == "2.2")
        return next(k for k in standard["key_questions"] if k["code"] == code)

    assert (kq("2.2.1")["yes"], kq("2.2.1")["no"]) == (1, 0)
    sign_in(page, lead.username)
    page.goto(f"/setup/{inspection.pk}/second-readings/")
    page.get_by_role("link", name="1 disagreement, none settled yet").click()
    expect(page.locator("h1")).to_have_text("Compare readings of case ST-1")
    card = page.locator("#disagreement-221")
    expect(card).to_contain_text("Disagree")
    expect(card).to_contain_text("first 2.2.1")
    expect(card).to_contain_text("second 2.2.1")
    card.get_by_role("link", name="Settle").click()
    page.get_by_label("Second reading stands: No").check()
    page.get_by_role("button", name="Settle 2.2.1").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    page.get_by_label("Second reading stands: No").check()
    page.get_by_label("Reason").fill("The assessment does not analyse the risk.")
    page.get_by_role("button", name="Settle 2.2.1").click()
    expect(page.locator("#disagreement-221")).to_contain_text("Settled")
    expect(page.locator("#disagreement-221")).to_contain_text("(was Yes)")
    screenshot(page, "second-readings-settled")
    item = items_by_code(inspection)["2.2.1"]
    assert Answer.objects.get(case=reading.case, item=item).value == "no"
    # the settlement queued a recompute (eager here): the stored results follow
    assert (kq("2.2.1")["yes"], kq("2.2.1")["no"]) == (0, 1)
    page.goto(f"/reports/{inspection.pk}/key-questions/")
    expect(page.locator('tr[data-item="2.2.1"]')).to_contain_text("0 of 1")
    page.goto(f"/cases/{reading.case.pk}/history/")
    expect(page.locator("main")).to_contain_text("The assessment does not analyse the risk.")


def _check(page, paths: list[str], name: str) -> list[str]:
    problems = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for i, path in enumerate(paths):
            response = page.goto(path)
            assert response.status == 200, path
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{path} at {width}px: {scroll}px wide")
            problems += [
                f"{path} at {width}px: {v['id']} {v['nodes'][0]['target']}"
                for v in axe_violations(page)
            ]
            screenshot(page, f"{name}-{i}-{width}")
    return problems


def test_new_pages_have_no_axe_violations_at_1280_and_375(
    page, new_page, inspection, inspector, lead
):
    reader = MembershipFactory(
        inspection=inspection, role="inspector", user=UserFactory(username="reader2")
    ).user
    admin = AdminFactory(username="ada")
    kw = {"first_reader": inspector, "second_reader": reader}
    settled = double_read(
        inspection,
        ref="AX-1",
        first={"2.2.1": "yes", "MO.1": "sufficient"},
        second={"2.2.1": "no", "MO.1": "absent"},
        **kw,
    )
    double_read(inspection, ref="AX-2", first={"2.2.1": "no"}, second={"2.2.1": "no"}, **kw)
    draft = double_read(inspection, ref="AX-3", first={}, second={}, second_status="draft", **kw)
    practice = practice_case_create(
        framework=inspection.framework,
        user=admin,
        title="Practice: community, low RoSH",
        material="Sentenced in April.\nTwo missed appointments.",
        case_type="community",
        rosh="low",
        gender="female",
        ethnicity="",
        age_band="",
        pre_sentence_info=None,
    )
    reference = Reading.objects.get(kind="reference")
    Reading.objects.filter(pk=reference.pk).update(status="submitted")
    practice_case_status_set(practice=practice, status="open", user=admin)
    mine = Reading.objects.create(
        kind="practice", practice=practice, reader=inspector, status="submitted"
    )
    items = items_by_code(inspection)
    ReadingAnswer.objects.create(
        reading=reference, item=items["2.2.1"], value="no", evidence="No analysis of the risk."
    )
    ReadingAnswer.objects.create(reading=mine, item=items["2.2.1"], value="yes")

    problems = []
    lead_page = new_page()
    sign_in(lead_page, lead.username)
    pk = inspection.pk
    problems += _check(
        lead_page,
        [
            f"/setup/{pk}/second-readings/",
            f"/setup/{pk}/second-readings/{draft.pk}/reader/",
            f"/setup/{pk}/second-readings/{draft.pk}/cancel/",
            f"/setup/{pk}/agreement/",
            f"/cases/readings/{settled.pk}/compare/",
            f"/cases/readings/{settled.pk}/settle/2.2.1/",
            f"/cases/readings/{settled.pk}/",
            f"/cases/{settled.case.pk}/",
        ],
        "readings-lead",
    )
    reader_page = new_page()
    sign_in(reader_page, "reader2")
    problems += _check(
        reader_page,
        [
            "/",
            f"/cases/readings/{draft.pk}/",
            f"/cases/readings/{draft.pk}/standards/2.2/",
            f"/cases/readings/{draft.pk}/standards/MO/",
        ],
        "readings-reader",
    )
    inspector_page = new_page()
    sign_in(inspector_page, inspector.username)
    problems += _check(
        inspector_page,
        [
            "/cases/practice/",
            f"/cases/readings/{mine.pk}/feedback/",
        ],
        "practice-inspector",
    )
    sign_in(page, "ada")
    problems += _check(
        page,
        [
            "/setup/practice/",
            "/setup/practice/new/",
            f"/setup/practice/{practice.pk}/",
            f"/cases/readings/{reference.pk}/",
        ],
        "practice-admin",
    )
    assert problems == []
