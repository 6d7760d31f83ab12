"""Choices shared by the apps. Framework content (codes, answer sets, bands) is data, not here."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from inspection import attributes


class RatedFrom(models.TextChoices):
    CASES = "cases", "Case judgements"
    JUDGEMENT = "judgement", "Lead inspector's judgement"
    NONE = "none", "Not rated"


class ItemKind(models.TextChoices):
    KEY_QUESTION = "key_question", "Key question"
    PROMPT = "prompt", "Prompt"


class Rating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class TeamRole(models.TextChoices):
    INSPECTOR = "inspector", "Inspector"
    LEAD = "lead", "Lead inspector"


class InspectionStatus(models.TextChoices):
    SETUP = "setup", "Setting up"
    FIELDWORK = "fieldwork", "Fieldwork"
    REPORTING = "reporting", "Reporting"
    PUBLISHED = "published", "Published"


def _choices(name: str, choices: Iterable[attributes.Choice]) -> Any:
    # Built from the registry in `inspection.attributes`, so values and labels live in one place;
    # members are the values in capitals (CaseType.LICENCE, Rosh.VERY_HIGH). They are made at run
    # time, so the type checker cannot name them: the class is `Any` to it.
    members = [(str(v).upper(), (v, label)) for v, label in choices]
    return models.TextChoices(name, members)  # type: ignore[call-overload]  # stubs: one member only


CaseType = _choices("CaseType", attributes.CASE_TYPE.choices)
Rosh = _choices("Rosh", attributes.ROSH.choices)
Gender = _choices("Gender", attributes.GENDER.choices)
PractitionerGrade = _choices("PractitionerGrade", attributes.PRACTITIONER_GRADES)
