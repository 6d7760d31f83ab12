"""List and summary pages run a fixed number of queries whatever the number of cases.

Each page is measured on a small and a larger inspection; the counts must be equal (no N+1).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Answer, CaseStatus
from inspection.models import Item
from reports.services.results import snapshot_refresh
from tests.support.factories import CaseFactory, InspectionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def grow(inspection, inspector, n: int) -> None:
    items = list(Item.objects.filter(framework=inspection.framework, code__in=["2.2.1", "2.2.3"]))
    for i in range(n):
        status = CaseStatus.SUBMITTED if i % 2 else CaseStatus.DRAFT
        case = CaseFactory(inspection=inspection, assigned_to=inspector, status=status)
        for item in items:
            Answer.objects.create(case=case, item=item, value="yes" if i % 3 else "no")
    snapshot_refresh(inspection=inspection)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


@pytest.fixture
def team():
    inspection = InspectionFactory()
    inspector = MembershipFactory(inspection=inspection, role="inspector").user
    lead = MembershipFactory(inspection=inspection, role="lead").user
    return inspection, inspector, lead


@pytest.mark.parametrize(
    ("role", "url_name", "kwargs"),
    [
        ("inspector", "home", {}),
        ("lead", "home", {}),
        ("lead", "inspection", {"pk": None}),
        ("lead", "reports:dashboard", {"pk": None}),
        ("lead", "reports:figure", {"pk": None, "code": "2.2.3"}),
        ("lead", "setup:progress", {"pk": None}),
        ("lead", "api:case-list", {}),
    ],
)
def test_page_query_count_does_not_grow_with_cases(client, team, role, url_name, kwargs):
    inspection, inspector, lead = team
    client.force_login(inspector if role == "inspector" else lead)
    url = reverse(url_name, kwargs={k: v or inspection.pk for k, v in kwargs.items()})
    grow(inspection, inspector, 3)
    small = count(client, url)
    grow(inspection, inspector, 12)
    assert count(client, url) == small
