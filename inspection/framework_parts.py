"""What a framework version declares beside its domains (framework format 2): the case attributes
it reads and the samples an inspection draws. Rows of a version, written only by
`inspection.services.frameworks.framework_load` (a format-1 file gets the format-1 defaults)."""

from typing import Any

from django.db import models


class FrameworkAttribute(models.Model):
    """A case attribute the version reads (INTERCHANGE.md "Framework format 2", Attributes).

    `values` are [{value, label}] (strings, whole numbers or booleans); empty for free text of at
    most `max_length` characters. `unknown` lists the values, besides a blank, that mean "not
    known" (unknown is not "no")."""

    framework = models.ForeignKey(
        "inspection.FrameworkVersion", on_delete=models.CASCADE, related_name="attributes"
    )
    name = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    values = models.JSONField(default=list, blank=True)
    unknown = models.JSONField(default=list, blank=True)
    breakdown = models.BooleanField(default=False)
    required = models.BooleanField(default=False)
    question = models.TextField(blank=True)
    hint = models.TextField(blank=True)
    max_length = models.PositiveIntegerField(default=0, help_text="free text only; 0 for values")
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="attribute_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def declaration(self) -> dict[str, Any]:
        """The declaration as the framework file's reader normalises it."""
        return {
            "name": self.name,
            "label": self.label,
            "values": self.values,
            "unknown": self.unknown,
            "breakdown": self.breakdown,
            "required": self.required,
            "question": self.question,
            "hint": self.hint,
            "max_length": self.max_length,
        }


class FrameworkSample(models.Model):
    """A sample an inspection on the version draws: the cases meeting `applies_to` (an unknown
    attribute qualifies). A format-1 version has one, "cases", of every case."""

    framework = models.ForeignKey(
        "inspection.FrameworkVersion", on_delete=models.CASCADE, related_name="samples"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    applies_to = models.JSONField(default=dict, blank=True, help_text="case attribute -> values")
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="sample_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
