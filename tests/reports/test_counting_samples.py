"""Counting with several samples (framework format 2): a case-rated standard counts only the cases
of its own sample — a case belongs to every sample whose `applies_to` it meets, unknown
qualifying — in the same one grouped query; a case in two samples counts in the standards of
both. Expected figures are worked out here from the built cases with the pure rule, never
written in."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import Answer, CaseStatus
from inspection.applicability import rule_applies
from inspection.declared import attributes_of, declared_by_name
from inspection.models import FrameworkSample, Item
from reports.counting import counted_as, excluded_by_rule
from reports.selectors import classify
from reports.services.results import results_build
from tests.support.factories import CaseFactory
from tests.support.samples import samples_inspection

pytestmark = pytest.mark.django_db

CASE_TYPES = ["community", "suspended", "licence", "pss"]
GENDERS = ["male", "female", "other", "unknown"]


def populate(inspection, n: int, seed: int) -> list:
    """Counted (and some draft) cases over every case type and RoSH level, each key question and
    prompt answered yes, no or na at random — also on standards of samples the case is not in."""
    rng = random.Random(seed)
    items = list(Item.objects.filter(framework=inspection.framework))
    cases = []
    for i in range(n):
        case = CaseFactory(
            inspection=inspection,
            status=[CaseStatus.SUBMITTED, CaseStatus.SIGNED_OFF, CaseStatus.DRAFT][i % 3],
            case_type=CASE_TYPES[i % 4],
            gender=GENDERS[(i // 4) % 4],
        )
        Answer.objects.bulk_create(
            Answer(case=case, item=item, value=rng.choice(["yes", "no", "na"])) for item in items
        )
        cases.append(case)
    return cases


def expected_counts(inspection) -> dict[str, dict[str, int]]:
    """Per key question: yes/no over the counted cases meeting its rule and its standard's
    sample's rule, worked out from the stored rows with the pure rule."""
    samples = {
        s.pk: s.applies_to
        for s in FrameworkSample.objects.filter(framework_id=inspection.framework_id)
    }
    out: dict[str, dict[str, int]] = {}
    answers = (
        Answer.objects.counted()
        .filter(case__inspection=inspection)
        .select_related("case", "item__standard")
    )
    for a in answers:
        attrs = attributes_of(a.case)
        counts = out.setdefault(a.item.code, {"yes": 0, "no": 0})
        sample_rule = samples.get(a.item.standard.sample_id, {})
        if a.value == "na" or not rule_applies(a.item.applies_to, attrs):
            continue
        if not rule_applies(sample_rule, attrs):
            continue
        counts[a.value] += 1
    return out


def key_question(doc: dict, code: str) -> dict:
    return next(
        k
        for s in doc["standards"]
        for k in s.get("key_questions", []) + s.get("prompts", [])
        if k["code"] == code
    )


def test_each_standard_counts_the_cases_of_its_own_sample_only():
    inspection = samples_inspection()
    populate(inspection, 48, seed=3)
    doc = results_build(inspection=inspection)
    expected = expected_counts(inspection)
    for code, counts in expected.items():
        got = key_question(doc, code)
        assert (got["yes"], got["no"]) == (counts["yes"], counts["no"]), code
        relevant = counts["yes"] + counts["no"]
        if relevant:
            assert got["percent"] == pytest.approx(100 * counts["yes"] / relevant, abs=0.005)
        else:
            assert got["percent"] is None
    # the community standard counts no licence case, the licence standard no community case
    s1 = key_question(doc, "S1.1")
    counted_community = sum(
        1
        for a in Answer.objects.counted().filter(
            case__inspection=inspection,
            item__code="S1.1",
            case__case_type__in=["community", "suspended"],
        )
        if a.value != "na"
    )
    assert s1["yes"] + s1["no"] == counted_community


def test_a_case_in_two_samples_counts_in_the_standards_of_both():
    inspection = samples_inspection()
    both = CaseFactory(
        inspection=inspection, status=CaseStatus.SUBMITTED, case_type="licence", gender="female"
    )
    only_licence = CaseFactory(
        inspection=inspection, status=CaseStatus.SUBMITTED, case_type="licence", gender="male"
    )
    items = {i.code: i for i in Item.objects.filter(framework=inspection.framework)}
    for case in (both, only_licence):
        for code in ("S1.1", "S2.1", "S3.1", "S3.2"):
            Answer.objects.create(case=case, item=items[code], value="yes")
    doc = results_build(inspection=inspection)
    # S2 (licence sample): both cases; S3 (women's sample): only the woman's licence case,
    # and S3.2's own rule (licence cases) keeps it; S1 (community sample): neither
    assert key_question(doc, "S2.1")["yes"] == 2
    assert key_question(doc, "S3.1")["yes"] == 1
    assert key_question(doc, "S3.2")["yes"] == 1
    assert key_question(doc, "S1.1")["yes"] == 0
    assert key_question(doc, "S1.1")["na"] == 2


def test_an_unknown_attribute_qualifies_a_case_for_a_sample():
    inspection = samples_inspection()
    case = CaseFactory(
        inspection=inspection, status=CaseStatus.SUBMITTED, case_type="community", gender="unknown"
    )
    item = Item.objects.get(framework=inspection.framework, code="S3.1")
    Answer.objects.create(case=case, item=item, value="no")
    doc = results_build(inspection=inspection)
    assert key_question(doc, "S3.1")["no"] == 1


def test_the_exclusion_in_sql_agrees_with_the_python_rule_with_several_samples():
    inspection = samples_inspection()
    populate(inspection, 32, seed=5)
    items = list(
        Item.objects.filter(framework=inspection.framework).select_related("standard__sample")
    )
    answers = (
        Answer.objects.filter(case__inspection=inspection)
        .annotate(k_excluded=excluded_by_rule(items, declared_by_name(inspection.framework)))
        .select_related("case", "item__standard__sample")
    )
    excluded_by_sample = 0
    for a in answers:
        attrs = attributes_of(a.case)
        assert a.k_excluded is not a.item.relevant_to_case(attrs), (a.item.code, attrs)
        assert counted_as(a.item, a.value, a.k_excluded) == classify(a.item, a.value, a.case)
        excluded_by_sample += a.k_excluded and a.item.applies_to_case(attrs)
    assert excluded_by_sample  # the data exercised exclusion by a sample's rule


def test_counting_several_samples_stays_one_grouped_query():
    inspection = samples_inspection()
    populate(inspection, 6, seed=1)
    results_build(inspection=inspection)
    with CaptureQueriesContext(connection) as small:
        results_build(inspection=inspection)
    populate(inspection, 40, seed=2)
    with CaptureQueriesContext(connection) as large:
        doc = results_build(inspection=inspection)
    # counted cases, grouped answers (one WHEN per item rule and sample rule), standard ratings
    assert len(large.captured_queries) == len(small.captured_queries) == 3
    assert doc["cases_counted"] == inspection.cases.counted().count()
