"""A case sampled from a case list without the optional pre-sentence column: court work is
asked in the browser, and recording "No" takes it away at once."""

import pytest
from playwright.sync_api import expect

from casework.models import Case
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw
from tests.browser.conftest import screenshot, sign_in
from tests.support.caselist_data import HEADER, case_rows, to_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sampled_case(inspection, inspector):
    dropped = HEADER.index("Pre-sentence information given")
    header = HEADER[:dropped] + HEADER[dropped + 1 :]
    rows = [row[:dropped] + row[dropped + 1 :] for row in case_rows(12)]
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(rows, header=header), filename="cases.csv", user=None
    )
    assert upload.errors == []
    caselist_upload_commit(upload=upload)
    sample_draw(inspection=inspection, size=4, seed=7)
    case = Case.objects.filter(inspection=inspection).order_by("ref").first()
    assert case.pre_sentence_info is None  # unknown, never false
    case.assigned_to = inspector
    case.save()
    return case


def test_court_work_is_asked_and_follows_the_recorded_answer(page, sampled_case, inspector):
    sign_in(page, inspector.username)
    page.goto(f"/cases/{sampled_case.pk}/standards/2.1/")
    expect(page.locator("h1")).to_contain_text("2.1 Court work")
    expect(page.locator("input[name=a_2_1_1]")).to_have_count(3)  # asked: yes / no / na
    expect(page.locator("#id_q_pre_sentence_info_3")).to_be_checked()  # "Not known"
    screenshot(page, "court-work-unknown")

    page.check("#id_q_pre_sentence_info_2")  # No
    expect(page.locator("input[name=a_2_1_1]")).to_have_count(0)  # the page follows at once
    expect(page.locator(".cb-item").first).to_contain_text("Was pre-sentence information given")
    expect(page.locator("main")).to_contain_text(
        "Asked only where pre-sentence information was given to court."
    )
    sampled_case.refresh_from_db()
    assert sampled_case.pre_sentence_info is False

    page.check("#id_q_pre_sentence_info_1")  # Yes: asked again
    expect(page.locator("input[name=a_2_1_1]")).to_have_count(3)
    sampled_case.refresh_from_db()
    assert sampled_case.pre_sentence_info is True
