"""Choices shared by the apps. Framework content (codes, answer sets, bands) is data, not here."""

from django.db import models


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
