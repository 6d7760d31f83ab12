"""The set-up flow in a browser: create an inspection, import a case list (bad rows, then fixed),
size and draw the sample, share it between two inspectors, who then see their cases under My cases."""

import pytest

from casework.models import Case
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.support.caselist_data import case_rows, to_csv
from tests.support.factories import AdminFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, text: str) -> None:
    page.locator("main").get_by_role("button", name=text).click()


def test_admin_sets_up_an_inspection_and_inspectors_see_their_cases(page, new_page, tmp_path):
    AdminFactory(username="ada", first_name="Ada", last_name="Admin")
    UserFactory(username="lee", first_name="Lee", last_name="Lead")
    UserFactory(username="ann", first_name="Ann", last_name="Inspector")
    UserFactory(username="bob", first_name="Bob", last_name="Inspector")
    rows = case_rows(80, seed=11)
    bad = [list(r) for r in rows]
    bad[4][3] = "=CMD()"
    bad[9][4] = "Q"
    (tmp_path / "bad.csv").write_bytes(to_csv(bad))
    (tmp_path / "fixed.csv").write_bytes(to_csv(rows))

    sign_in(page, "ada")
    page.goto("/setup/")
    page.get_by_role("link", name="Create an inspection").click()
    page.get_by_label("Add a new region").check()
    page.fill("#id_new_region", "North")
    page.fill("#id_pdu_name", "Browser PDU")
    for name, (day, month, year) in {
        "fieldwork_start": ("28", "11", "2022"),
        "fieldwork_end": ("2", "12", "2022"),
        "window_1_start": ("18", "4", "2022"),
        "window_1_end": ("24", "4", "2022"),
    }.items():
        page.fill(f"#id_{name}_0", day)
        page.fill(f"#id_{name}_1", month)
        page.fill(f"#id_{name}_2", year)
    page.select_option("#id_lead", label="Lee Lead (lee)")
    page.get_by_label("Ann Inspector (ann)").check()
    page.get_by_label("Bob Inspector (bob)").check()
    submit(page, "Create inspection")
    assert page.locator("h1").inner_text() == "Browser PDU"

    page.get_by_role("link", name="Import the case list").click()
    page.set_input_files("#id_file", str(tmp_path / "bad.csv"))
    submit(page, "Check the file")
    problems = page.locator("[data-testid=problems] tbody tr")
    assert problems.count() == 2
    assert "6" in problems.nth(0).inner_text() and "RoSH level" in problems.nth(0).inner_text()
    assert "11" in problems.nth(1).inner_text() and "Gender" in problems.nth(1).inner_text()
    assert page.locator("main").get_by_role("button", name="Commit").count() == 0
    assert axe_violations(page) == []
    screenshot(page, "setup-preview-errors")

    page.get_by_role("link", name="Upload a corrected file").click()
    page.set_input_files("#id_file", str(tmp_path / "fixed.csv"))
    submit(page, "Check the file")
    submit(page, "Commit 80 cases")
    assert "80 cases in the cohort" in page.locator("main").inner_text()

    page.get_by_role("link", name="Work out the sample size").click()
    submit(page, "Calculate")
    size = page.locator("[data-testid=sample-size] h2").inner_text()
    assert size == "28 cases"  # 80 at 80% / ±10 with the finite-population correction
    page.get_by_role("link", name="Draw a sample of 28").click()
    page.fill("#id_seed", "4242")
    submit(page, "Draw the sample")
    assert page.locator("[data-testid=seed]").inner_text() == "4242"
    assert page.locator("[data-testid=sampled] tbody tr").count() == 28
    assert axe_violations(page) == []
    screenshot(page, "setup-sample")

    page.locator(".moj-sub-navigation").get_by_role("link", name="Assignment").click()
    submit(page, "Share out unassigned cases")
    assert "28 cases shared out" in page.locator("main").inner_text()
    screenshot(page, "setup-assignment")

    for username in ("ann", "bob"):
        mine = set(
            Case.objects.filter(assigned_to__username=username).values_list("ref", flat=True)
        )
        assert len(mine) == 14
        inspector = new_page()
        sign_in(inspector, username)
        inspector.locator(".govuk-service-navigation").get_by_role("link", name="My cases").click()
        listed = inspector.locator("main").inner_text()
        assert all(ref in listed for ref in mine), f"{username} does not see their cases"
        others = set(
            Case.objects.exclude(assigned_to__username=username).values_list("ref", flat=True)
        )
        assert not any(ref in listed for ref in others)


def test_set_up_pages_fit_a_narrow_screen_without_accessibility_violations(new_page):
    from sampling.services.assignment import cases_auto_assign
    from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
    from sampling.services.sampling import sample_draw
    from tests.support.factories import InspectionFactory, MembershipFactory

    AdminFactory(username="ada")
    inspection = InspectionFactory()
    MembershipFactory(inspection=inspection, user=UserFactory(username="ann"))
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(60)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    sample_draw(inspection=inspection, size=20, seed=1)
    cases_auto_assign(inspection=inspection)
    page = new_page(width=375, height=800)
    sign_in(page, "ada")
    pk = inspection.pk
    paths = [
        "/setup/",
        "/setup/inspections/new/",
        "/setup/users/",
        "/setup/users/new/",
        "/setup/case-list-columns/",
        f"/setup/{pk}/",
        f"/setup/{pk}/team/",
        f"/setup/{pk}/case-list/",
        f"/setup/{pk}/case-list/{upload.pk}/",
        f"/setup/{pk}/sample-size/?population=60&confidence=0.8&margin=10",
        f"/setup/{pk}/draw/",
        f"/setup/{pk}/sample/",
        f"/setup/{pk}/assignment/",
        f"/setup/{pk}/conflicts/",
        f"/setup/{pk}/progress/",
    ]
    problems = []
    for path in paths:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            problems.append(f"{path}: {width}px wide")
        problems += [f"{path}: {v['id']}" for v in axe_violations(page)]
    screenshot(page, "setup-progress-375")
    assert problems == []
