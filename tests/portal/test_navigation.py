"""The site navigation, the home page's waiting work, the section pages and the footer pages,
through the HTTP interface."""

import re

import pytest
from django.urls import reverse

from casework.models import CaseStatus, QAComment
from tests.support.factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def nav(page: str) -> dict[str, str]:
    """The navigation's links: text -> aria-current value ("" when not current)."""
    block = page[page.index('class="govuk-service-navigation"') :]
    block = block[: block.index("</ul>")]
    out = {}
    for attrs, text in re.findall(
        r'<a class="govuk-service-navigation__link"([^>]*)>(.*?)</a>', block
    ):
        current = re.search(r'aria-current="(\w+)"', attrs)
        out[re.sub(r"<[^>]+>", "", text)] = current.group(1) if current else ""
    return out


def get(client, user, url="/") -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_each_role_sees_its_sections(client, inspection, inspector, lead, admin_user):
    assert list(nav(get(client, inspector))) == [
        "Home",
        "My cases",
        "Second readings",
        "Inspections",
    ]
    assert list(nav(get(client, lead))) == [
        "Home",
        "My cases",
        "Second readings",
        "Quality assurance",
        "Inspections",
        "National overview",
    ]
    assert list(nav(get(client, admin_user))) == [
        "Home",
        "Quality assurance",
        "Inspections",
        "National overview",
        "Set-up",
        "Users",
    ]


def test_the_current_section_is_marked(client, inspection, inspector, lead):
    case = CaseFactory(inspection=inspection, assigned_to=inspector, status=CaseStatus.SUBMITTED)
    assert nav(get(client, inspector))["Home"] == "page"
    assert nav(get(client, inspector, "/cases/mine/"))["My cases"] == "page"
    assert nav(get(client, inspector, f"/cases/{case.pk}/"))["My cases"] == "true"
    assert nav(get(client, inspector, f"/inspections/{inspection.pk}/"))["Inspections"] == "true"
    page = get(client, lead, f"/cases/{case.pk}/quality-assurance/")
    assert nav(page)["Quality assurance"] == "true" and nav(page)["My cases"] == ""
    assert nav(get(client, lead, f"/reports/{inspection.pk}/"))["Inspections"] == "true"
    assert nav(get(client, lead, f"/setup/{inspection.pk}/team/"))["Inspections"] == "true"
    assert nav(get(client, lead, "/reports/national/"))["National overview"] == "page"


def test_a_new_team_shows_in_the_navigation_from_the_next_visit_home(client, inspection):
    newcomer = UserFactory()
    assert list(nav(get(client, newcomer))) == ["Home"]
    MembershipFactory(inspection=inspection, user=newcomer, role="lead")
    assert "Quality assurance" in nav(client.get("/").content.decode())
    assert "Quality assurance" in nav(client.get("/cases/mine/").content.decode())


def test_home_starts_with_what_is_waiting(client, inspection, inspector):
    for i in range(8):
        CaseFactory(inspection=inspection, assigned_to=inspector, ref=f"DRAFT-{i}")
    returned = CaseFactory(
        inspection=inspection, assigned_to=inspector, ref="BACK-1", status=CaseStatus.RETURNED
    )
    QAComment.objects.create(case=returned, text="Name the sources used.", author=inspector)
    page = get(client, inspector)
    main = page[page.index('id="main-content"') :]
    waiting = main.index('data-testid="home-returned"')
    assert "Returned to you" in main[:waiting]
    assert main.index("BACK-1") < main.index("DRAFT-0")  # before any other content
    assert "Name the sources used." in main[waiting : main.index("Cases in progress")]
    # the in-progress list is short; the rest is on My cases
    assert main.count("DRAFT-") == 5
    assert 'href="/cases/mine/">All your cases (9, 8 in progress)' in main


def test_nothing_waiting_is_said(client, inspection, inspector):
    assert "Nothing is waiting for you." in get(client, inspector)


def test_my_cases_comes_a_page_at_a_time(client, inspection, inspector):
    for i in range(30):
        CaseFactory(inspection=inspection, assigned_to=inspector, ref=f"C-{i:03d}")
    first = get(client, inspector, "/cases/mine/")
    assert "C-000" in first and "C-024" in first and "C-025" not in first
    assert "showing 1 to 25" in first and 'href="?page=2"' in first
    second = client.get("/cases/mine/?page=2").content.decode()
    assert "C-025" in second and "C-029" in second and "C-000" not in second


def test_qa_and_readings_pages(client, inspection, inspector, lead):
    case = CaseFactory(inspection=inspection, assigned_to=inspector, status=CaseStatus.SUBMITTED)
    assert f'href="/cases/{case.pk}/quality-assurance/"' in get(
        client, lead, "/cases/quality-assurance/"
    )
    assert client.get("/cases/readings/").status_code == 200
    # an inspector who leads nothing has no queue
    assert case.ref not in get(client, inspector, "/cases/quality-assurance/")


@pytest.mark.parametrize("url", ["/accessibility/", "/privacy/", "/cookies/", "/feedback/"])
def test_footer_pages_are_open_signed_out_and_linked_from_every_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-phase-banner" in page and ">Beta<" in page
    sign_in = client.get(reverse("login")).content.decode()
    assert f'class="govuk-footer__link" href="{url}"' in sign_in
    assert "govuk-service-navigation" not in sign_in  # no sections signed out


def test_the_pages_say_what_this_product_does(client):
    privacy = client.get("/privacy/").content.decode()
    assert "public task" in privacy and "assumption" in privacy and "anonymises" in privacy
    cookies = client.get("/cookies/").content.decode()
    assert "sessionid" in cookies and "csrftoken" in cookies and "analytics" in cookies
    statement = client.get("/accessibility/").content.decode()
    for heading in (
        "How accessible this service is",
        "Enforcement procedure",
        "Compliance status",
        "Preparation of this accessibility statement",
    ):
        assert heading in statement
    assert "1280 and 375 pixels" in statement


def test_a_lead_finds_each_inspections_second_readings_from_the_section(
    client, inspection, inspector, lead
):
    readings = reverse("setup:second_readings", args=[inspection.pk])
    agreement = reverse("setup:agreement", args=[inspection.pk])
    page = get(client, lead, reverse("my_readings"))
    assert f'href="{readings}"' in page and f'href="{agreement}"' in page
    page = get(client, inspector, reverse("my_readings"))
    assert readings not in page and agreement not in page
