"""The checks that the bundle's import and its second readings share: the problem list, and the
rules for dates, keys, choices and a case's answers and evidence. Every problem is collected, so
an import reports them all at once (`records.services.bundle`)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casework.models import EVIDENCE_MAX_CHARS, evidence_too_long
from inspection.applicability import rule_excludes
from inspection.models import FrameworkVersion, Item


@dataclass
class Checked:
    framework: FrameworkVersion | None = None
    items: dict[str, Item] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

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


def answers_check(case: dict[str, Any], where: str, checked: Checked) -> None:
    answers = case.get("answers", {})
    evidence = case.get("evidence", {})
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
        elif value != "na" and (excluded := rule_excludes(item.applies_to, case)):
            because = ", ".join(f"{name} is {case.get(name)!r}" for name in excluded)
            checked.add(f"{where}: {code} does not apply to this case ({because}); use 'na'")
    for code, text in evidence.items():
        if code not in checked.items:
            checked.add(f"{where}: evidence for unknown item code {code!r}")
        elif not isinstance(text, str):
            checked.add(f"{where}: evidence for {code} must be text")
        elif len(text) > EVIDENCE_MAX_CHARS:
            checked.add(f"{where}: evidence for {code} {evidence_too_long(len(text))}")
