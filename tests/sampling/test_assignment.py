"""Assigning cases: one by one, in bulk, balanced auto split with conflicts, history kept."""

import pytest
from django.core.exceptions import ValidationError

from casework.models import Case
from sampling.services.assignment import cases_assign, cases_auto_assign, conflict_declare
from tests.support.factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(inspection):
    return [
        MembershipFactory(inspection=inspection, user=UserFactory(username=f"insp{i}")).user
        for i in range(3)
    ]


def make_cases(inspection, n):
    return [CaseFactory(inspection=inspection, ref=f"R{i:03d}") for i in range(n)]


def test_bulk_assign_and_reassign_keep_history(inspection, team):
    cases = make_cases(inspection, 4)
    cases_assign(inspection=inspection, cases=cases[:2], assignee=team[0])
    cases_assign(inspection=inspection, cases=cases[:1], assignee=team[1])
    case = Case.objects.get(pk=cases[0].pk)
    assert case.assigned_to == team[1]
    assignees = list(case.history.order_by("history_date").values_list("assigned_to", flat=True))
    assert assignees == [None, team[0].pk, team[1].pk]
    assert Case.objects.get(pk=cases[1].pk).assigned_to == team[0]


def test_assign_refuses_people_outside_the_team_and_conflicts(inspection, team):
    cases = make_cases(inspection, 2)
    with pytest.raises(ValidationError, match="not an active member"):
        cases_assign(inspection=inspection, cases=cases, assignee=UserFactory())
    conflict_declare(inspection=inspection, user=team[0], ref="R001", note="Knows the family")
    with pytest.raises(ValidationError, match="conflict of interest with R001"):
        cases_assign(inspection=inspection, cases=cases, assignee=team[0])
    assert not Case.objects.filter(assigned_to__isnull=False).exists()


def test_auto_assign_is_balanced_and_respects_conflicts(inspection, team):
    make_cases(inspection, 10)
    for ref in ("R000", "R001", "R002", "R003"):
        conflict_declare(inspection=inspection, user=team[0], ref=ref)
    result = cases_auto_assign(inspection=inspection)
    assert result == {"assigned": 10, "unassigned": 0}
    counts = sorted(Case.objects.filter(assigned_to=u).count() for u in team)
    assert counts == [3, 3, 4]
    assert not Case.objects.filter(
        assigned_to=team[0], ref__in=["R000", "R001", "R002", "R003"]
    ).exists()


def test_auto_assign_counts_cases_already_assigned(inspection, team):
    cases = make_cases(inspection, 9)
    cases_assign(inspection=inspection, cases=cases[:3], assignee=team[0])
    cases_auto_assign(inspection=inspection)
    assert [Case.objects.filter(assigned_to=u).count() for u in team] == [3, 3, 3]


def test_auto_assign_leaves_a_case_when_everyone_has_a_conflict(inspection, team):
    make_cases(inspection, 2)
    for user in team:
        conflict_declare(inspection=inspection, user=user, ref="R000")
    assert cases_auto_assign(inspection=inspection) == {"assigned": 1, "unassigned": 1}
    assert Case.objects.get(ref="R000").assigned_to is None


def test_declaring_a_conflict_unassigns_the_case(inspection, team):
    (case,) = make_cases(inspection, 1)
    cases_assign(inspection=inspection, cases=[case], assignee=team[2])
    conflict_declare(inspection=inspection, user=team[2], ref=case.ref)
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_auto_assign_needs_inspectors(inspection):
    make_cases(inspection, 1)
    with pytest.raises(ValidationError, match="Add inspectors"):
        cases_auto_assign(inspection=inspection)
