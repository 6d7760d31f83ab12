"""The case standard page reads a fixed number of queries, whatever the items, answers or cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Answer, QAComment
from inspection.models import Item
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def fill(case, lead) -> None:
    items = Item.objects.filter(framework=case.inspection.framework).exclude(
        standard__rated_from="judgement"
    )
    Answer.objects.bulk_create(
        Answer(case=case, item=item, value=item.answers[0], evidence="Evidence") for item in items
    )
    QAComment.objects.bulk_create(
        QAComment(case=case, item=item, text="Look again", author=lead) for item in items[:5]
    )


def count(client, case, code) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:standard", args=[case.pk, code]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("code", ["2.2", "R", "MO"])
def test_standard_page_query_count_is_fixed(
    client, inspection, inspector, lead, code, django_assert_max_num_queries
):
    small = CaseFactory(inspection=inspection, assigned_to=inspector, case_type="licence")
    client.force_login(inspector)
    with django_assert_max_num_queries(12):
        client.get(reverse("cases:standard", args=[small.pk, code]))
    few = count(client, small, code)

    big = CaseFactory(inspection=inspection, assigned_to=inspector, case_type="licence")
    fill(big, lead)
    for _ in range(25):
        fill(CaseFactory(inspection=inspection, assigned_to=inspector), lead)
    with django_assert_max_num_queries(12):
        client.get(reverse("cases:standard", args=[big.pk, code]))
    assert count(client, big, code) == few


def test_lead_view_of_standard_page_is_also_bounded(
    client, inspection, inspector, lead, django_assert_max_num_queries
):
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    fill(case, lead)
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:standard", args=[case.pk, "2.3"])).status_code == 200
