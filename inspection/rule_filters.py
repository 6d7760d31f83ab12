"""The applicability rule of `inspection.applicability` as a database filter, for counting in SQL.

Same rule, same reading of unknown values (an attribute the case leaves unknown never excludes an
item); `tests/reports/test_counting.py` holds the two to the same answer, case by case.

An attribute held in a typed column (`inspection.attributes.column_of`) is compared on the
column; any other declared attribute on the case's JSON `attributes`, where unknown is a missing
key, a JSON null, "" or one of the declaration's `unknown` values, and values compare as jsonb
does (on PostgreSQL), type-strictly (1 is not true, "1" is not 1) — a single SQL condition either way, so it
sits inside the grouped counting query.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import F, JSONField, Q, Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform, KeyTransformExact
from django.db.models.lookups import IsNull

from inspection.applicability import Rule
from inspection.attributes import BY_NAME, CaseAttribute, column_of


def rule_q(rule: Rule, prefix: str = "", declared: Mapping[str, CaseAttribute] = BY_NAME) -> Q:
    """The rule as a Django Q on a case (or, with `prefix="case__"`, on an answer), reading the
    framework's declarations (`declared`; the format-1 registry by default)."""
    condition = Q()
    for name, allowed in rule.items():
        attribute = declared.get(name) or CaseAttribute(name, name)
        column = column_of(attribute)
        if column is not None:
            condition &= _column_q(f"{prefix}{column}", attribute, allowed)
        else:
            condition &= _json_q(f"{prefix}attributes", attribute, allowed)
    return condition


def _column_q(path: str, attribute: CaseAttribute, allowed: Any) -> Q:
    unknown = [v for v in attribute.unknown if v is not None]
    is_unknown = Q(**{f"{path}__isnull": True})
    if unknown:
        is_unknown |= Q(**{f"{path}__in": unknown})
    return is_unknown | Q(**{f"{path}__in": list(allowed)})


def _json_q(path: str, attribute: CaseAttribute, allowed: Any) -> Q:
    # Lookups built as expressions, so that no attribute name is read as a lookup's name; one
    # equality per value, since an IN list would merge 1 and true (Python's set of the values).
    def equals(value: Any) -> Q:
        key = KeyTransform(attribute.name, F(path))
        return Q(KeyTransformExact(key, Value(value, output_field=JSONField())))

    # ->> is NULL for a missing key and for a JSON null alike
    condition = Q(IsNull(KeyTextTransform(attribute.name, F(path)), True))
    for value in (*(v for v in attribute.unknown if v is not None), *allowed):
        condition |= equals(value)
    return condition
