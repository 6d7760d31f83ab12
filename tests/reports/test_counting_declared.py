"""Counting a format-2 framework's declared attributes: an item asked only of victim-contact
cases (`applies_to: {victim_contact: [true]}`) is excluded in SQL exactly where the Python rule
excludes it, its figures are those answer-by-answer classification gives, and the breakdown by
the declared `tier` counts each group's cases and answers."""

import random
from collections import Counter

import pytest

from casework.models import Answer, Case, CaseStatus
from inspection.declared import attributes_of, declared_by_name
from inspection.models import Inspection, Item
from reports.counting import counted_as, excluded_by_rule
from reports.services.results import results_compute
from tests.support.declared_data import declared_case, format2_inspection

pytestmark = pytest.mark.django_db

VICTIM_CONTACT = [True, False, None, 1, "true"]  # unknown, and values of the wrong JSON type


def audit_inspection(n: int, seed: int) -> Inspection:
    rng = random.Random(seed)
    inspection = format2_inspection()
    items = list(Item.objects.filter(framework=inspection.framework))
    for i in range(n):
        attributes = {"tier": rng.choice([1, 2, 3, 0])}
        contact = rng.choice(VICTIM_CONTACT)
        if contact is not None:
            attributes["victim_contact"] = contact
        if rng.random() < 0.7:
            attributes["team"] = rng.choice(["North", "South"])
        case = declared_case(
            inspection,
            attributes,
            ref=f"A{i:03d}",
            status=CaseStatus.SUBMITTED if i % 4 else CaseStatus.DRAFT,
        )
        Answer.objects.bulk_create(
            Answer(case=case, item=item, value=rng.choice(item.answers)) for item in items
        )
    return Inspection.objects.select_related("framework").get(pk=inspection.pk)


def test_the_victim_contact_item_is_counted_the_same_in_sql_and_in_python():
    inspection = audit_inspection(60, seed=4)
    items = list(Item.objects.filter(framework=inspection.framework))
    declared = declared_by_name(inspection.framework)
    answers = (
        Answer.objects.counted()
        .filter(case__inspection=inspection)
        .annotate(k_excluded=excluded_by_rule(items, declared))
        .select_related("case__inspection__framework", "item__standard__sample")
    )
    expected: dict[str, Counter] = {}
    for answer in answers:
        applies = answer.item.relevant_to_case(attributes_of(answer.case))
        assert answer.k_excluded is not applies, (answer.item.code, answer.case.attributes)
        counted = counted_as(answer.item, answer.value, not applies)
        expected.setdefault(answer.item.code, Counter())[counted] += 1
    a12 = [a for a in answers if a.item.code == "A1.2"]
    # the data exercised exclusion by a known false, and inclusion of true and unknown
    assert {a.k_excluded for a in a12} == {True, False}
    assert any(a.k_excluded and a.case.attributes.get("victim_contact") == 1 for a in a12)

    document, _ = results_compute(inspection=inspection, breakdowns=False)
    figures = {
        kq["code"]: (kq["yes"], kq["no"], kq["na"])
        for s in document["standards"]
        for kq in s.get("key_questions", [])
    }
    got = {code: figures[code] for code in ("A1.2", "A2.1", "A3.1")}
    assert got == {
        code: (expected[code]["yes"], expected[code]["no"], expected[code]["na"])
        for code in ("A1.2", "A2.1", "A3.1")
    }


def test_results_are_broken_down_by_the_declared_tier_and_team():
    inspection = audit_inspection(40, seed=5)
    _, breakdowns = results_compute(inspection=inspection, breakdowns=True)
    assert list(breakdowns) == ["tier", "team"]
    counted = Case.objects.counted().filter(inspection=inspection)
    tiers = Counter(c.attributes["tier"] for c in counted)
    assert {g["group"]: g["cases"] for g in breakdowns["tier"]} == dict(tiers)
    teams = Counter(c.attributes.get("team", "not recorded") for c in counted)
    assert {g["group"]: g["cases"] for g in breakdowns["team"]} == dict(teams)
    # each group's answers are that group's cases' answers
    tier3 = [c for c in counted if c.attributes["tier"] == 3]
    group = next(g for g in breakdowns["tier"] if g["group"] == 3)
    a21 = next(kq for s in group["standards"] for kq in s["key_questions"] if kq["code"] == "A2.1")
    answers = Answer.objects.filter(case__in=tier3, item__code="A2.1")
    assert a21["yes"] + a21["no"] + a21["na"] == answers.count()
