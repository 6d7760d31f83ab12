"""A format-2 framework's declared attributes end to end in the rule: `rule_applies` (Python, on
`attributes_of`) and `rule_q` (SQL, on the JSON column) agree for values of every kind — whole
numbers, booleans, free text — including values of the wrong JSON type (1 is not true), blanks,
nulls, missing keys and values the declaration lists as unknown."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import Case
from inspection.applicability import rule_applies
from inspection.attributes import column_of
from inspection.declared import (
    attribute_value,
    attribute_write,
    attributes_of,
    breakdown_attributes,
    declared_attributes,
    declared_by_name,
)
from inspection.rule_filters import rule_q
from tests.support.declared_data import declared_case, format2_inspection

pytestmark = pytest.mark.django_db

# A stored JSON value of any kind the column could hold, right type or not.
stored = st.one_of(
    st.none(),
    st.just(""),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
    st.sampled_from(["1", "true", "North", "north", "South"]),
)
attribute_names = ["tier", "victim_contact", "team"]
stored_attributes = st.dictionaries(st.sampled_from(attribute_names), stored, max_size=3)
allowed_values = {
    "tier": st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=3, unique=True),
    "victim_contact": st.lists(st.booleans(), min_size=1, max_size=2, unique=True),
    "team": st.lists(st.sampled_from(["North", "South"]), min_size=1, max_size=2, unique=True),
}
rules = st.sets(st.sampled_from(attribute_names), min_size=1).flatmap(
    lambda names: st.fixed_dictionaries({n: allowed_values[n] for n in sorted(names)})
)


@pytest.fixture
def audit():
    return format2_inspection()


def test_the_audit_framework_declares_its_attributes_in_json(audit):
    declared = declared_attributes(audit.framework)
    assert [a.name for a in declared] == ["tier", "victim_contact", "team"]
    assert [column_of(a) for a in declared] == [None, None, None]
    assert [a.name for a in breakdown_attributes(audit.framework)] == ["tier", "team"]


def test_the_pdu_framework_keeps_its_six_columns_and_breakdown_order():
    from tests.support.factories import InspectionFactory

    framework = InspectionFactory().framework
    declared = declared_attributes(framework)
    assert [column_of(a) for a in declared] == [a.name for a in declared]
    assert [a.name for a in breakdown_attributes(framework)] == [
        "rosh",
        "case_type",
        "gender",
        "ethnicity",
        "age_band",
    ]
    assert {a.name for a in declared if a.required} == {"case_type", "rosh"}


def test_the_accessor_writes_json_keys_and_removes_unknown_ones(audit):
    case = declared_case(audit, {})
    tier = declared_by_name(audit.framework)["tier"]
    attribute_write(case, tier, 2)
    assert case.attributes == {"tier": 2} and attribute_value(case, tier) == 2
    attribute_write(case, tier, None)
    assert case.attributes == {} and attribute_value(case, tier) is None


def test_a_boolean_rule_is_type_strict(audit):
    declared = declared_by_name(audit.framework)
    rule = {"victim_contact": [True]}
    in_scheme = declared_case(audit, {"victim_contact": True})
    one = declared_case(audit, {"victim_contact": 1})
    text = declared_case(audit, {"victim_contact": "true"})
    unknown = declared_case(audit, {})
    matched = set(Case.objects.filter(rule_q(rule, declared=declared)).values_list("pk", flat=True))
    assert matched == {in_scheme.pk, unknown.pk}
    assert not rule_applies(rule, {"victim_contact": 1}, declared)
    assert rule_applies(rule, {"victim_contact": True}, declared)
    assert {one.pk, text.pk}.isdisjoint(matched)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=st.lists(stored_attributes, min_size=1, max_size=6), rule=rules)
def test_rule_applies_and_rule_q_agree_on_declared_attributes(audit, cases, rule):
    declared = declared_by_name(audit.framework)
    Case.objects.filter(inspection=audit).delete()
    made = [declared_case(audit, attributes) for attributes in cases]
    in_sql = set(
        Case.objects.filter(inspection=audit)
        .filter(rule_q(rule, declared=declared))
        .values_list("pk", flat=True)
    )
    fetched = Case.objects.select_related("inspection__framework").filter(inspection=audit)
    in_python = {case.pk for case in fetched if rule_applies(rule, attributes_of(case))}
    assert in_sql == in_python, (rule, [c.attributes for c in made])
