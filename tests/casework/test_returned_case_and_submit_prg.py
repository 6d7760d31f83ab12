"""A returned case says why (a banner naming and linking each comment), and a refused submit
follows post/redirect/get: the address stays the case's own, and a GET of the submit address
leads back to the case."""

import re

import pytest
from django.urls import reverse

from casework.models import Answer, CaseStatus
from tests.casework.test_qa_workflow import complete
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector, case_type="licence")


def _returned(client, case, lead, inspector) -> None:
    complete(case)
    case.status = CaseStatus.SUBMITTED
    case.save()
    client.force_login(lead)
    response = client.post(
        reverse("cases:qa", args=[case.pk]),
        {"general": "Check the dates of the licence.", "c_2_2_1": "Say more on the partner."},
    )
    assert response.status_code == 302
    client.force_login(inspector)


def test_returned_case_page_names_each_comment_and_links_to_it(client, case, lead, inspector):
    _returned(client, case, lead, inspector)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    banner = html[html.index('id="returned-banner"') :]
    banner = banner[: banner.index("</ul>")]
    assert "returned to you with 2 comments" in banner
    assert "Check the dates of the licence." in banner and "Say more on the partner." in banner
    comments = {c.item.code if c.item else "": c for c in case.qa_comments.select_related("item")}
    # the general comment is on the case page; the 2.2.1 comment on the page of standard 2.2
    assert f'href="#comment-{comments[""].pk}"' in banner
    item_link = f"/cases/{case.pk}/standards/2.2/#comment-{comments['2.2.1'].pk}"
    assert item_link in banner
    assert f'id="comment-{comments[""].pk}"' in html
    standard = client.get(reverse("cases:standard", args=[case.pk, "2.2"])).content.decode()
    assert f'id="comment-{comments["2.2.1"].pk}"' in standard


def test_banner_goes_once_the_case_is_submitted_again(client, case, lead, inspector):
    _returned(client, case, lead, inspector)
    assert client.post(reverse("cases:submit", args=[case.pk])).status_code == 302
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="returned-banner"' not in html


def test_case_without_comments_has_no_banner(client, case, inspector):
    client.force_login(inspector)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="returned-banner"' not in html


def test_refused_submit_redirects_to_the_case_which_lists_the_problems(client, case, inspector):
    complete(case)
    Answer.objects.filter(case=case, item__code="2.3.2").delete()
    client.force_login(inspector)
    response = client.post(reverse("cases:submit", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/?check=1"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r"<title>\s*Error:", html)
    assert "govuk-error-summary" in html
    assert f"/cases/{case.pk}/standards/2.3/?check=1#id_a_2_3_2_1" in html
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT
    # the plain case page lists no problems
    assert "govuk-error-summary" not in client.get(f"/cases/{case.pk}/").content.decode()


def test_get_of_the_submit_address_leads_back_to_the_case(client, case, inspector, outsider):
    client.force_login(inspector)
    response = client.get(reverse("cases:submit", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT
    client.force_login(outsider)
    assert client.get(reverse("cases:submit", args=[case.pk])).status_code == 404
