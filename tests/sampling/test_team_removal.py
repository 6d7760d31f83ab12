"""Taking someone off an inspection's team withdraws their access to its casework everywhere."""

import pytest
from django.urls import reverse

from casework.models import Case, QAComment
from inspection.models import TeamMembership
from inspection.services.setup import team_member_remove
from sampling.services.assignment import team_member_withdraw
from tests.support.factories import CaseFactory, InspectionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

COMMENT = "Risk assessment ignores the call to police on 3 May"


@pytest.fixture
def assigned(inspection, inspector, lead):
    case = CaseFactory(inspection=inspection, ref="C-REMOVED-1", assigned_to=inspector)
    QAComment.objects.create(case=case, text=COMMENT, author=lead)
    return case


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_removed_inspector_loses_the_case_from_home_and_its_urls(
    client, inspection, inspector, lead, assigned
):
    before = home(client, inspector)
    assert "C-REMOVED-1" in before and COMMENT in before  # the leak needs something to leak

    membership = TeamMembership.objects.get(inspection=inspection, user=inspector)
    client.force_login(lead)
    response = client.post(reverse("setup:team_remove", args=[inspection.pk, membership.pk]))
    assert response.status_code == 302
    assert not TeamMembership.objects.filter(pk=membership.pk).exists()

    after = home(client, inspector)
    assert "C-REMOVED-1" not in after
    assert COMMENT not in after
    for name in ("cases:detail", "cases:history", "cases:interview_add"):
        assert client.get(reverse(name, args=[assigned.pk])).status_code == 404
    assert client.get(reverse("cases:standard", args=[assigned.pk, "2.2"])).status_code == 404

    assigned.refresh_from_db()
    assert assigned.assigned_to is None
    latest = assigned.history.order_by("-history_date", "-history_id").first()
    assert latest.assigned_to_id is None
    assert latest.history_user_id == lead.pk  # the timeline says who withdrew the case
    assert inspector.username in latest.history_change_reason


def test_withdrawal_leaves_other_inspections_and_other_members_alone(inspection, inspector, lead):
    mine = CaseFactory(inspection=inspection, assigned_to=inspector)
    colleague = MembershipFactory(inspection=inspection).user
    theirs = CaseFactory(inspection=inspection, assigned_to=colleague)
    elsewhere = InspectionFactory()
    MembershipFactory(inspection=elsewhere, user=inspector)
    kept = CaseFactory(inspection=elsewhere, assigned_to=inspector)

    membership = TeamMembership.objects.get(inspection=inspection, user=inspector)
    withdrawn = team_member_withdraw(membership=membership, user=lead)

    assert [c.pk for c in withdrawn] == [mine.pk]
    assert Case.objects.get(pk=mine.pk).assigned_to is None
    assert Case.objects.get(pk=theirs.pk).assigned_to == colleague
    assert Case.objects.get(pk=kept.pk).assigned_to == inspector
    assert TeamMembership.objects.filter(inspection=elsewhere, user=inspector).exists()


def test_home_lists_only_cases_of_inspections_the_user_is_still_on(
    client, inspection, inspector, assigned
):
    """Defence in depth: a membership removed without the casework service (an operator in the
    Django admin, an old code path) still hides the case from the home page."""
    team_member_remove(membership=TeamMembership.objects.get(inspection=inspection, user=inspector))
    assert Case.objects.get(pk=assigned.pk).assigned_to == inspector  # still assigned

    html = home(client, inspector)
    assert "C-REMOVED-1" not in html
    assert COMMENT not in html
