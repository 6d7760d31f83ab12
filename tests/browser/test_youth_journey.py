"""A youth justice inspection in a browser, through the pages' own links and buttons: the admin
creates it on the youth framework, imports a case list carrying the youth attributes, draws the
court and the out-of-court samples and shares the cases out; the inspector judges a court case
and submits it; then the lead recomputes, sees resettlement "Not rated" on the dashboard,
previews the draft report (a youth report, not a probation delivery unit's) and builds the
workbook."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from casework.models import Case, CaseStatus
from inspection.models import Inspection, Item
from reports.demo_youth import WINDOW, youth_caselist, youth_cases_judge, youth_framework
from tests.browser.conftest import screenshot, sign_in
from tests.support.factories import AdminFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIT = "Hollowbrook Youth Justice Service"
TITLE = "Youth justice service inspection standards (2021)"


def submit(page, text: str | re.Pattern) -> None:
    page.locator("main").get_by_role("button", name=text, exact=True).click()


def draw(page, pk: int, code: str, title: str, size: int, stratum: str) -> None:
    page.goto(f"/setup/{pk}/")
    section = page.locator(f"[data-testid=sample-{code}]")
    expect(section.locator("h3")).to_have_text(title)
    section.get_by_role("link", name=re.compile("^draw it")).click()
    expect(page.locator("h1")).to_have_text(f"Draw the sample: {title}")
    page.fill("#id_size", str(size))
    page.fill("#id_seed", "18")
    page.get_by_label(stratum, exact=True).check()
    submit(page, "Draw the sample")
    expect(page.locator("[data-testid=sampled] tbody tr")).to_have_count(size)


def judge_court_case(page, case: Case) -> None:
    """Every key question of the court standards answered on the case form, then submitted."""
    codes = (
        Item.objects.filter(
            framework=case.inspection.framework,
            kind="key_question",
            standard__sample__code="court",
        )
        .order_by("order")
        .values_list("standard__code", "code")
    )
    standards: dict[str, list[str]] = {}
    for standard, code in codes:
        standards.setdefault(standard, []).append(code)
    for standard, questions in standards.items():
        page.goto(f"/cases/{case.pk}/standards/{standard}/")
        for n, code in enumerate(questions):
            field = code.replace(".", "_")
            page.check(f"#id_a_{field}_{2 if n == 0 else 1}")  # the first No, the rest Yes
            page.fill(f"#id_e_{field}", f"Evidence for {code}: the child's school was contacted.")
        submit(page, "Save")
        expect(page.locator(".govuk-error-summary")).to_have_count(0)
    page.goto(f"/cases/{case.pk}/")
    submit(page, "Submit case")
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def create_inspection(page) -> Inspection:
    """The admin creates the inspection on the youth framework through the set-up page."""
    page.goto("/setup/")
    page.get_by_role("link", name="Create an inspection").click()
    page.get_by_label("Add a new region").check()
    page.fill("#id_new_region", "Fictional West")
    page.fill("#id_pdu_name", UNIT)
    page.select_option("#id_framework", label="hmip-youth-2021 v1")
    for name, when in {
        "fieldwork_start": date(2026, 10, 5),
        "fieldwork_end": date(2026, 10, 9),
        "window_1_start": WINDOW[0],
        "window_1_end": WINDOW[1],
    }.items():
        page.fill(f"#id_{name}_0", str(when.day))
        page.fill(f"#id_{name}_1", str(when.month))
        page.fill(f"#id_{name}_2", str(when.year))
    page.select_option("#id_lead", label="Lee Lead (lee)")
    page.get_by_label("Ann Inspector (ann)").check()
    submit(page, "Create inspection")
    expect(page.locator("h1")).to_have_text(UNIT)
    inspection = Inspection.objects.get(pdu__name=UNIT)
    assert inspection.framework.code == "hmip-youth-2021"
    return inspection


def test_a_youth_inspection_from_case_list_to_workbook(page, new_page, tmp_path):
    youth_framework()  # shipped beside the PDU framework; `make demo` loads it the same way
    AdminFactory(username="ada", first_name="Ada", last_name="Admin")
    lead = UserFactory(username="lee", first_name="Lee", last_name="Lead")
    ann = UserFactory(username="ann", first_name="Ann", last_name="Inspector")
    (tmp_path / "youth.csv").write_bytes(youth_caselist(20))  # 12 court, 8 out-of-court

    sign_in(page, "ada")
    inspection = create_inspection(page)
    page.get_by_role("link", name="Import the case list").click()
    page.set_input_files("#id_file", str(tmp_path / "youth.csv"))
    submit(page, "Check the file")
    submit(page, "Commit 20 cases")
    expect(page.locator("main")).to_contain_text("20 cases in the cohort")
    draw(page, inspection.pk, "court", "Court disposals", 4, "Type of disposal")
    draw(page, inspection.pk, "oocd", "Out-of-court disposals", 3, "Type of out-of-court disposal")
    page.goto(f"/setup/{inspection.pk}/assignment/")
    submit(page, "Share out unassigned cases")
    expect(page.locator("main")).to_contain_text("7 cases shared out")
    cases = list(Case.objects.filter(inspection=inspection).order_by("ref"))
    assert {c.assigned_to_id for c in cases} == {ann.pk}
    court = next(c for c in cases if c.attributes["disposal"] == "court")

    inspector = new_page()
    sign_in(inspector, "ann")
    inspector.locator(".govuk-service-navigation").get_by_role("link", name="My cases").click()
    expect(inspector.locator("main")).to_contain_text(court.ref)
    judge_court_case(inspector, court)
    # the other cases' judgements, recorded through the same services (one left in draft)
    others = [c for c in cases if c.pk != court.pk]
    youth_cases_judge(inspection, others, inspector=ann, lead=lead, drafts=1)

    page = new_page()
    sign_in(page, "lee")
    page.goto(f"/reports/{inspection.pk}/")
    submit(page, "Recompute")
    page.goto(f"/reports/{inspection.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("counted cases")
    row = main.locator("tr", has_text="Resettlement policy and provision")
    expect(row).to_contain_text("Not rated")
    screenshot(page, "youth-dashboard")

    page.goto(f"/reports/{inspection.pk}/outputs/")
    page.get_by_role("link", name="Preview the draft report (HTML)").click()
    report = page.locator("body").inner_text()
    assert TITLE in report and UNIT in report
    assert "probation delivery unit" not in report.lower()
    assert "not rated" in report.lower()
    screenshot(page, "youth-draft-report")

    page.goto(f"/reports/{inspection.pk}/outputs/")
    page.get_by_label("Excel workbook (XLSX)").check()
    submit(page, "Build")
    download_link = page.get_by_role("link", name=re.compile("Download"))
    expect(download_link).to_be_visible()
    with page.expect_download() as got:
        download_link.click()
    assert got.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(got.value.path().read_bytes()))
    ratings = list(book["Ratings"].iter_rows(values_only=True))
    assert "Not rated: no relevant cases" in next(r for r in ratings if r[0] == "4.1")
