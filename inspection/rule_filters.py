"""The applicability rule of `inspection.applicability` as a database filter, for counting in SQL.

Same rule, same reading of unknown values (an attribute the case leaves unknown never excludes an
item); `tests/reports/test_counting.py` holds the two to the same answer, case by case.
"""

from django.db.models import Q

from inspection.applicability import Rule
from inspection.attributes import BY_NAME


def rule_q(rule: Rule, prefix: str = "") -> Q:
    """The rule as a Django Q on a case (or, with `prefix="case__"`, on an answer)."""
    condition = Q()
    for attribute, allowed in rule.items():
        unknown = [v for v in BY_NAME[attribute].unknown if v is not None]
        is_unknown = Q(**{f"{prefix}{attribute}__isnull": True})
        if unknown:
            is_unknown |= Q(**{f"{prefix}{attribute}__in": unknown})
        condition &= is_unknown | Q(**{f"{prefix}{attribute}__in": list(allowed)})
    return condition
