"""The checks that the bundle's import and its second readings share: the problem list, and the
rules for dates, keys, choices and a case's answers and evidence. Every problem is collected, so
an import reports them all at once (`records.services.bundle`)."""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casework.models import EVIDENCE_MAX_CHARS, evidence_too_long
from inspection.applicability import rule_excludes
from inspection.attributes import BY_NAME, AttributeValues, CaseAttribute, column_of
from inspection.models import FrameworkVersion, Item
from inspection.text_safety import looks_like_formula


@dataclass
class Checked:
    framework: FrameworkVersion | None = None
    items: dict[str, Item] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # the framework's declared attributes by name (the format-1 six until the framework is read)
    declared: Mapping[str, CaseAttribute] = field(default_factory=lambda: BY_NAME)

    def add(self, message: str) -> None:
        self.problems.append(message)


def date_check(value: Any, where: str, checked: Checked) -> date | None:
    if not isinstance(value, str):
        checked.add(f"{where}: a date YYYY-MM-DD is required")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        checked.add(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        return None


def unknown_keys(obj: dict[str, Any], allowed: set[str], where: str, checked: Checked) -> None:
    for key in sorted(set(obj) - allowed):
        checked.add(f"{where}: unknown key {key!r}")


def choice_check(value: Any, choices: list[str], where: str, checked: Checked) -> None:
    if value not in choices:
        checked.add(f"{where}: {value!r} is not one of {', '.join(choices)}")


def case_attributes(case: dict[str, Any], declared: Mapping[str, CaseAttribute]) -> AttributeValues:
    """A bundle case's values of the declared attributes: a PDU column's from its top-level key
    (format 1), any other's from `"attributes"` (a value there wins)."""
    given = case.get("attributes")
    extra = given if isinstance(given, dict) else {}
    return AttributeValues(
        {
            name: extra[name] if name in extra else case.get(name) if column_of(a) else None
            for name, a in declared.items()
        },
        declared,
    )


def answers_check(case: dict[str, Any], where: str, checked: Checked) -> None:
    answers = case.get("answers", {})
    evidence = case.get("evidence", {})
    attributes = case_attributes(case, checked.declared)
    if not isinstance(answers, dict):
        checked.add(f"{where}: answers must be an object of item code -> answer")
        answers = {}
    if not isinstance(evidence, dict):
        checked.add(f"{where}: evidence must be an object of item code -> text")
        evidence = {}
    for code, value in answers.items():
        item = checked.items.get(code)
        if item is None:
            checked.add(f"{where}: answer for unknown item code {code!r}")
        elif value not in item.answers:
            checked.add(f"{where}: {code}: {value!r} is not one of {', '.join(item.answers)}")
        elif value != "na" and (excluded := rule_excludes(item.applies_to, attributes)):
            because = ", ".join(f"{name} is {attributes.get(name)!r}" for name in excluded)
            checked.add(f"{where}: {code} does not apply to this case ({because}); use 'na'")
    for code, text in evidence.items():
        if code not in checked.items:
            checked.add(f"{where}: evidence for unknown item code {code!r}")
        elif not isinstance(text, str):
            checked.add(f"{where}: evidence for {code} must be text")
        elif len(text) > EVIDENCE_MAX_CHARS:
            checked.add(f"{where}: evidence for {code} {evidence_too_long(len(text))}")


# The PDU attributes' top-level keys of a bundle case (format 1).
PDU_KEYS = ("case_type", "rosh", "gender", "ethnicity", "age_band", "pre_sentence_info")


def attributes_check(case: dict[str, Any], where: str, checked: Checked) -> None:
    """A case's declared attributes (INTERCHANGE.md "Framework format 2"): a PDU attribute's
    top-level key only where the framework declares it; `"attributes"` names only the other
    declared attributes, each with a value its declaration takes (type-strict) or unknown; a
    `required` one must be known."""
    declared = checked.declared
    code = checked.framework.code if checked.framework else ""
    for name in PDU_KEYS:
        if name in case and not (name in declared and column_of(declared[name])):
            checked.add(f"{where}: {name} is not an attribute of framework {code}")
    given = case.get("attributes", {})
    if not isinstance(given, dict):
        checked.add(f"{where}: attributes must be an object of attribute name -> value")
        given = {}
    for name, value in given.items():
        attribute = declared.get(name)
        if attribute is None:
            checked.add(f"{where}: attributes: {str(name)[:40]!r} is not an attribute of {code}")
        elif column_of(attribute):
            checked.add(f"{where}: attributes: give {name} as the case's own key {name!r}")
        elif problem := _value_problem(attribute, value):
            checked.add(f"{where}: attributes.{name}: {problem}")
    for attribute in declared.values():
        if (
            attribute.required
            and not column_of(attribute)
            and attribute.is_unknown(given.get(attribute.name))
        ):
            checked.add(f"{where}: attributes.{attribute.name}: a known value is required")


def _value_problem(attribute: CaseAttribute, value: Any) -> str | None:
    if attribute.is_unknown(value):
        return None
    if attribute.choices:
        if attribute.accepts(value):
            return None
        allowed = ", ".join(json.dumps(v) for v in attribute.values)
        return f"{json.dumps(value)[:40]} is not one of {allowed}"
    if not isinstance(value, str):
        return "must be text"
    if len(value) > attribute.max_length:
        return f"is longer than {attribute.max_length} characters"
    if looks_like_formula(value):
        return "looks like a spreadsheet formula; give it as text"
    return None
