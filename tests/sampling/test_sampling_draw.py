"""The stored draw: reproducible, stratified, with reserves and replacement; draw_sample."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.models import Case
from sampling.draw import Minimum
from sampling.models import MemberRole, SampleMember
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw, sample_replace
from tests.support.caselist_data import case_rows, to_csv
from tests.support.factories import AnswerFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(inspection):
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(300, seed=9)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    return inspection


def sample_of(inspection) -> dict[str, str]:
    return dict(Case.objects.filter(inspection=inspection).values_list("ref", "stratum"))


def test_draw_creates_one_case_per_place_with_its_stratum(cohort):
    draw = sample_draw(inspection=cohort, size=42, seed=7)
    cases = sample_of(cohort)
    assert len(cases) == 42
    assert all(
        s.startswith("case_type=") and ";rosh=" in s and ";gender=" in s for s in cases.values()
    )
    assert sum(a["sample"] for a in draw.allocation) == 42
    assert sum(a["cohort"] for a in draw.allocation) == 300
    for a in draw.allocation:
        assert sum(1 for s in cases.values() if s == a["stratum"]) == a["sample"]
    case = Case.objects.get(ref=next(iter(cases)))
    assert case.history.count() == 1


def test_same_seed_and_cohort_give_the_same_sample_after_a_redraw(cohort):
    sample_draw(inspection=cohort, size=30, seed=123)
    first = sample_of(cohort)
    sample_draw(inspection=cohort, size=30, seed=123)
    assert sample_of(cohort) == first
    sample_draw(inspection=cohort, size=30, seed=124)
    assert sample_of(cohort) != first


def test_minimum_of_women_is_met(cohort):
    draw = sample_draw(
        inspection=cohort,
        size=20,
        seed=1,
        strata=["gender"],
        minimums=[Minimum("gender", "female", 12)],
    )
    assert draw.minimums == [{"attribute": "gender", "value": "female", "n": 12}]
    assert Case.objects.filter(inspection=cohort, gender="female").count() >= 12
    assert Case.objects.filter(inspection=cohort).count() == 20


def test_reserves_are_ranked_per_stratum_after_the_sampled(cohort):
    draw = sample_draw(inspection=cohort, size=10, seed=5, strata=["rosh"], reserves=4)
    for stratum in {m.stratum for m in draw.members.all()}:
        members = list(draw.members.filter(stratum=stratum).order_by("rank"))
        roles = [m.role for m in members]
        assert roles == sorted(roles, key=lambda r: r != MemberRole.SELECTED)
        assert roles.count(MemberRole.RESERVE) <= 4


def test_replacement_takes_the_next_reserve_of_the_same_stratum_and_keeps_assignee(cohort):
    inspector = MembershipFactory(inspection=cohort).user
    sample_draw(inspection=cohort, size=12, seed=3)
    case = Case.objects.filter(inspection=cohort).first()
    case.assigned_to = inspector
    case.save()
    draw = cohort.sample_draws.get()
    expected = (
        draw.members.filter(stratum=case.stratum, role=MemberRole.RESERVE).order_by("rank").first()
    )
    if expected is None:
        pytest.fail("the stratum has no reserve; choose another seed")
    lead = MembershipFactory(inspection=cohort, role="lead").user
    new = sample_replace(case=case, reason="Transferred to another PDU", user=lead)
    assert new.ref == expected.record.ref
    assert new.stratum == case.stratum
    assert new.assigned_to == inspector
    assert not Case.objects.filter(pk=case.pk).exists()
    replaced = SampleMember.objects.get(draw=draw, record__ref=case.ref)
    assert replaced.role == MemberRole.REPLACED
    assert replaced.replaced_reason == "Transferred to another PDU"
    assert replaced.replaced_by.record.ref == new.ref
    assert replaced.replaced_by_user == lead  # who replaced it, on the member and in history
    removed = Case.history.filter(id=case.pk, history_type="-").get()
    assert removed.history_user == lead and "Transferred" in removed.history_change_reason
    assert new.history.get().history_user == lead
    assert Case.objects.filter(inspection=cohort).count() == 12


def test_replacement_needs_a_reason_and_an_untouched_case(cohort):
    sample_draw(inspection=cohort, size=5, seed=3)
    case = Case.objects.filter(inspection=cohort).first()
    with pytest.raises(ValidationError, match="reason"):
        sample_replace(case=case, reason="  ")
    AnswerFactory(case=case, item=cohort.framework.items.first())
    with pytest.raises(ValidationError, match="judgements"):
        sample_replace(case=case, reason="Died")


def test_replacement_refused_when_the_stratum_has_no_reserve_left(cohort):
    sample_draw(inspection=cohort, size=5, seed=3, strata=["gender"], reserves=1)
    case = Case.objects.filter(inspection=cohort).first()
    new = sample_replace(case=case, reason="Died")
    with pytest.raises(ValidationError, match="No reserve"):
        sample_replace(case=new, reason="Transferred")


def test_redraw_refused_once_cases_are_assigned(cohort):
    inspector = MembershipFactory(inspection=cohort).user
    sample_draw(inspection=cohort, size=5, seed=3)
    Case.objects.filter(inspection=cohort).update(assigned_to=inspector)
    with pytest.raises(ValidationError, match="already assigned"):
        sample_draw(inspection=cohort, size=5, seed=4)


def test_draw_needs_a_committed_cohort(inspection):
    with pytest.raises(ValidationError, match="case list"):
        sample_draw(inspection=inspection, size=5, seed=1)


def test_unknown_strata_refused(cohort):
    with pytest.raises(ValidationError, match="Strata"):
        sample_draw(inspection=cohort, size=5, seed=1, strata=["shoe_size"])


def test_draw_sample_command_prints_sample_and_reserves(cohort):
    out = StringIO()
    args = [str(cohort.pk), "--size", "25", "--seed", "99", "--strata", "case_type,gender"]
    call_command("draw_sample", *args, "--min", "gender=female:10", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["seed"] == 99 and doc["size"] == 25 and doc["strata"] == ["case_type", "gender"]
    assert len(doc["sample"]) == 25
    assert sum("gender=female" in s["stratum"] for s in doc["sample"]) >= 10
    assert doc["reserve"] and all({"ref", "stratum", "rank"} <= set(r) for r in doc["reserve"])
    assert {s["ref"] for s in doc["sample"]} == set(Case.objects.values_list("ref", flat=True))
    again = StringIO()
    call_command("draw_sample", *args, "--min", "gender=female:10", stdout=again)
    assert json.loads(again.getvalue())["sample"] == doc["sample"]


def test_draw_sample_command_fails_on_bad_input(cohort):
    with pytest.raises(CommandError, match="minimum"):
        call_command("draw_sample", str(cohort.pk), "--size", "5", "--seed", "1", "--min", "women")
    with pytest.raises(CommandError, match="larger than the cohort"):
        call_command("draw_sample", str(cohort.pk), "--size", "5000", "--seed", "1")
