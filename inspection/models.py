from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from .applicability import rule_applies
from .choices import InspectionStatus, ItemKind, RatedFrom, Rating, TeamRole
from .framework_parts import FrameworkAttribute, FrameworkSample

WHEN_NOT_RATED = ("exclude", "scale")
WHEN_NO_CASES = ("not_rated", "error")


class Region(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pdu(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="pdus")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = "PDU"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="pdu_unique_name")]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    """One loaded framework file. Bands, scores and interval settings are data, read by scoring."""

    code = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    answers = models.JSONField(help_text="Default answer set; the first value is the positive one.")
    scores = models.JSONField(null=True, blank=True, help_text="rating -> points; null: no scores")
    case_bands = models.JSONField(help_text="[{min_percent, rating}], highest first")
    overall_bands = models.JSONField(
        null=True,
        blank=True,
        help_text="[{min_score, rating}]; null: overall rating is a judgement",
    )
    interval_method = models.CharField(max_length=20, default="wilson")
    interval_confidence = models.FloatField(default=0.80)
    source = models.JSONField(help_text="The framework document as loaded")
    loaded_at = models.DateTimeField(auto_now=True)
    # Framework format 2 (a format-1 file loads with these at their format-1 defaults).
    file_format = models.PositiveSmallIntegerField(default=1, help_text="1 or 2: the file's format")
    answer_scales = models.JSONField(
        default=dict, blank=True, help_text="scale name -> {values, positive}"
    )
    default_scale = models.CharField(max_length=200, default="yes_no")
    when_not_rated = models.CharField(max_length=10, default="exclude")
    sources = models.JSONField(default=list, blank=True, help_text="[{title, url, used_for}]")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_unique_version"),
            models.CheckConstraint(
                condition=Q(interval_confidence__gt=0) & Q(interval_confidence__lt=1),
                name="framework_confidence_range",
            ),
            models.CheckConstraint(
                condition=Q(when_not_rated__in=WHEN_NOT_RATED), name="framework_when_not_rated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class Domain(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="domains"
    )
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="domain_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Standard(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="standards"
    )
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    statement = models.TextField(blank=True)
    rated_from = models.CharField(max_length=12, choices=RatedFrom.choices)
    # The sample its cases come from (None: it counts no cases).
    sample = models.ForeignKey(
        FrameworkSample, null=True, blank=True, on_delete=models.CASCADE, related_name="standards"
    )
    # With no relevant case: "error" leaves it without a rating (and the overall score with
    # none); "not_rated" rates it "not_rated".
    when_no_cases = models.CharField(max_length=10, default="error")
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="standard_unique_code"),
            models.CheckConstraint(
                condition=Q(when_no_cases__in=WHEN_NO_CASES), name="standard_when_no_cases"
            ),
            models.CheckConstraint(
                condition=Q(rated_from__in=RatedFrom.values), name="standard_rated_from_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Item(models.Model):
    """A key question or a prompt. `answers` is the resolved answer set (own or framework default)."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="items")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="prompts"
    )
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    code = models.CharField(max_length=30)
    text = models.TextField()
    hint = models.TextField(blank=True)
    answers = models.JSONField(help_text="The values of its scale")
    scale = models.CharField(max_length=200, default="yes_no")
    positive = models.JSONField(default=list, help_text="The answers counted as positive")
    applies_to = models.JSONField(default=dict, blank=True, help_text="case attribute -> values")
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="item_unique_code"),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="item_kind_valid"),
            models.CheckConstraint(
                condition=(Q(kind=ItemKind.KEY_QUESTION, parent__isnull=True))
                | Q(kind=ItemKind.PROMPT, parent__isnull=False),
                name="item_prompt_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def positive_value(self) -> str:
        """The first positive answer (the only one on a format-1 answer set)."""
        value: str = self.positive[0] if self.positive else self.answers[0]  # JSON lists of codes
        return value

    def is_positive(self, value: str) -> bool:
        """Whether the answer counts as "yes" in percentages (its scale's positive values)."""
        return value in self.positive if self.positive else value == self.answers[0]

    def applies_to_case(self, attributes: Mapping[str, Any]) -> bool:
        """Whether the item is asked of a case with these attributes (`applies_to` already holds
        the key question's rule merged in). Unknown is not "no": see `inspection.applicability`,
        the one home of the rule."""
        return rule_applies(self.applies_to, attributes)

    @property
    def sample_rule(self) -> Mapping[str, Any]:
        """The rule of the sample its standard's cases come from ({} for every case, or for a
        standard that counts no cases). Read the item with `standard__sample` beside it."""
        sample = self.standard.sample
        return sample.applies_to if sample is not None else {}

    def relevant_to_case(self, attributes: Mapping[str, Any]) -> bool:
        """Whether a case with these attributes counts for the item: it is asked the item and
        belongs to the sample of the item's standard (INTERCHANGE.md "Framework format 2": a case
        belongs to every sample whose `applies_to` it meets, unknown qualifies). The database
        twin is `reports.counting.excluded_by_rule`."""
        return self.applies_to_case(attributes) and rule_applies(self.sample_rule, attributes)


class Inspection(models.Model):
    pdu = models.ForeignKey(Pdu, on_delete=models.PROTECT, related_name="inspections")
    # Pinned for the inspection's life: answers point at this version's items.
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="inspections"
    )
    fieldwork_start = models.DateField()
    fieldwork_end = models.DateField()
    status = models.CharField(
        max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.FIELDWORK
    )
    overall_judgement = models.CharField(
        max_length=30,
        blank=True,
        help_text="Only for frameworks without overall bands: the lead inspector's overall rating.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once, in the transaction that anonymises the personal data (cases.services.retention,
    # which keeps the audit record): from then on nothing of the inspection changes
    # (`inspection.writes`).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-fieldwork_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fieldwork_end__gte=models.F("fieldwork_start")),
                name="inspection_fieldwork_order",
            ),
            # only a published inspection is anonymised, and it stays published
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(status=InspectionStatus.PUBLISHED),
                name="inspection_anonymised_published",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InspectionStatus.values), name="inspection_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pdu} ({self.fieldwork_start:%b %Y})"


class CohortWindow(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="cohort_windows"
    )
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["inspection", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="cohort_window_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"


class TeamMembership(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=TeamRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="team_unique_member"),
            models.CheckConstraint(condition=Q(role__in=TeamRole.values), name="team_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


# The longest reason for reopening a published inspection, in characters: a paragraph or two
# saying what was found after publication (docs/limits.md).
REOPEN_REASON_MAX = 2_000


class PublicationReopening(models.Model):
    """A lead reopened a published inspection: who, when and why, the reason kept in full.

    The results frozen at publication are kept as they were (reports' frozen snapshots are never
    written again); publishing again freezes a new published record beside them."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="reopenings")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(
        validators=[
            MaxLengthValidator(
                REOPEN_REASON_MAX,
                "The reason must be %(limit_value)s characters or fewer (it has %(show_value)s)",
            )
        ]
    )

    class Meta:
        ordering = ["inspection", "-reopened_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="reopening_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} reopened on {self.reopened_at:%d %b %Y}"


class StandardRating(models.Model):
    """A lead inspector's rating of a standard in one inspection.

    `judgement` is the rating of a judgement-rated standard (domain one). `final_rating` moderates
    any rated standard's computed rating and then needs a reason.
    """

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="standard_ratings"
    )
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="ratings")
    judgement = models.CharField(max_length=30, blank=True)
    final_rating = models.CharField(max_length=30, blank=True)
    moderation_reason = models.TextField(blank=True)
    strengths = models.JSONField(default=list, blank=True)
    areas_for_improvement = models.JSONField(default=list, blank=True)
    evidence_notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "standard"], name="standard_rating_unique"
            ),
            models.CheckConstraint(
                condition=Q(final_rating="") | ~Q(moderation_reason=""),
                name="standard_rating_moderation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code}: {self.final_rating or self.judgement or 'not rated'}"


__all__ = [
    "CohortWindow",
    "Domain",
    "FrameworkAttribute",
    "FrameworkSample",
    "FrameworkVersion",
    "Inspection",
    "Item",
    "Pdu",
    "PublicationReopening",
    "Rating",
    "Region",
    "Standard",
    "StandardRating",
    "TeamMembership",
]
