"""Which items a case is asked — the one rule, used by the form, imports, aggregation and the API.

An item's `applies_to` maps case attributes to the values it is asked for, e.g.
`{"pre_sentence_info": [True]}`. A prompt's rule is merged with its key question's when the
framework is loaded (`rule_merge`), so each stored item carries its whole rule.

Unknown is not "no" (INTERCHANGE.md): an attribute the case leaves unknown does not exclude the
item — it is still asked, and `na` stays available. Only a known value outside the rule excludes
it. A `yes`/`no` given on an item whose attribute is unknown tells us the attribute qualifies;
`rule_implies` says what to record.

`rule_applies` is pure (no Django); `inspection.rule_filters.rule_q` expresses the same rule as a
database filter for aggregation, reading the same unknown values.
"""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from inspection.attributes import CaseAttribute, declarations_of, same_value_in

Rule = Mapping[str, Sequence[Any]]
Declared = Mapping[str, CaseAttribute] | None


def _unknown(declared: Mapping[str, CaseAttribute], attribute: str, value: Any) -> bool:
    declaration = declared.get(attribute)
    if declaration is None:  # not declared (a rule never names one): only a blank is unknown
        return value is None or value == ""
    return declaration.is_unknown(value)


def _excluded(
    declared: Mapping[str, CaseAttribute], rule: Rule, attributes: Mapping[str, Any]
) -> Iterator[str]:
    for attribute, allowed in rule.items():
        value = attributes.get(attribute)
        if not _unknown(declared, attribute, value) and not same_value_in(value, allowed):
            yield attribute


def rule_applies(rule: Rule, attributes: Mapping[str, Any], declared: Declared = None) -> bool:
    """Whether an item with this rule is asked of a case with these attributes. Unknown values
    are the declarations' (`declared`, else those `attributes` carry, else the format-1 registry);
    values compare type-strictly (1 is not True)."""
    return next(_excluded(declarations_of(attributes, declared), rule, attributes), None) is None


def rule_excludes(
    rule: Rule, attributes: Mapping[str, Any], declared: Declared = None
) -> list[str]:
    """The attributes whose known value excludes the item (empty when it applies)."""
    return list(_excluded(declarations_of(attributes, declared), rule, attributes))


def rule_implies(
    rule: Rule, attributes: Mapping[str, Any], declared: Declared = None
) -> dict[str, Any]:
    """What a judged (non-na) answer on the item tells us about the case's unknown attributes:
    an attribute the rule allows exactly one value of must have that value."""
    known = declarations_of(attributes, declared)
    return {
        attribute: allowed[0]
        for attribute, allowed in rule.items()
        if len(allowed) == 1 and _unknown(known, attribute, attributes.get(attribute))
    }


def rule_merge(key_question: Rule, prompt: Rule) -> dict[str, list[Any]]:
    """A prompt is asked only where its key question is: the two rules combined (values of an
    attribute both name are intersected, in the key question's order)."""
    merged = {attribute: list(allowed) for attribute, allowed in key_question.items()}
    for attribute, allowed in prompt.items():
        if attribute in merged:
            merged[attribute] = [v for v in merged[attribute] if v in allowed]
        else:
            merged[attribute] = list(allowed)
    return merged
