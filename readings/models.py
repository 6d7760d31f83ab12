"""Readings beside the first: blind second readings of sampled cases, the settlement of their
disagreements, and calibration exercises on practice cases.

None of this reaches the results: the results count `Answer` rows of counted cases only, and
second, practice and reference readings keep their answers in `ReadingAnswer`. Only a lead's
settlement changes a case's `Answer` (through `readings.services.settlement`, with history).
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Q

from casework.history import audited
from casework.models import SECOND_READING, Case
from inspection.choices import CaseType, Gender, Rosh
from inspection.models import FrameworkVersion, Inspection, Item


class ReadingKind(models.TextChoices):
    SECOND = SECOND_READING, "Second reading"
    PRACTICE = "practice", "Practice reading"
    REFERENCE = "reference", "Reference reading"


class ReadingStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted"


class ReadingDraw(models.Model):
    """A lead's reproducible choice of cases for a second reading: the same eligible cases, seed
    and parameters choose the same cases (`sampling.draw.allocate` and `draw`)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="reading_draws"
    )
    seed = models.BigIntegerField()
    share = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Percent of the eligible cases (null: a number was given)"
    )
    size = models.PositiveIntegerField(help_text="Cases chosen")
    strata = models.JSONField(default=list, help_text="Attribute names; [] = one stratum")
    eligible = models.PositiveIntegerField(help_text="Cases without a second reading at the time")
    allocation = models.JSONField(default=list, help_text="[{stratum, eligible, chosen}]")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cases_readingdraw"  # created by the cases app's migrations
        ordering = ["inspection", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Second-reading draw of {self.size} (seed {self.seed})"


class PracticeStatus(models.TextChoices):
    SETUP = "setup", "Being set up"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class PracticeCase(models.Model):
    """A made-up (or fully anonymised) case for a calibration exercise: case material to read,
    the case attributes the framework's items depend on, and one reference reading. It belongs
    to no inspection, so nothing read on it is ever counted."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    material = models.TextField(help_text="The case material inspectors read")
    case_type = models.CharField(max_length=12, choices=CaseType.choices)
    rosh = models.CharField("RoSH level", max_length=12, choices=Rosh.choices)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    ethnicity = models.CharField(max_length=60, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    pre_sentence_info = models.BooleanField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.SETUP
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = audited(table_name="cases_historicalpracticecase")
    _history_user: User | None  # the author of its next history record (read by simple-history)

    class Meta:
        db_table = "cases_practicecase"  # created by the cases app's migrations
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values), name="practice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(case_type__in=CaseType.values), name="practice_case_type_valid"
            ),
            models.CheckConstraint(condition=Q(rosh__in=Rosh.values), name="practice_rosh_valid"),
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values), name="practice_gender_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Reading(models.Model):
    """One reader's independent reading: a second reading of a case, or a practice or reference
    reading of a practice case. Its answers are `ReadingAnswer` rows; `version` is the token for
    optimistic concurrency, as on `Case`."""

    kind = models.CharField(max_length=10, choices=ReadingKind.choices)
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="readings"
    )
    practice = models.ForeignKey(
        PracticeCase, null=True, blank=True, on_delete=models.CASCADE, related_name="readings"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="readings",
    )
    # A bundle's reader with no account of that username is kept by name (see docs/readings.md).
    reader_name = models.CharField(max_length=150, blank=True)
    status = models.CharField(
        max_length=10, choices=ReadingStatus.choices, default=ReadingStatus.DRAFT
    )
    draw = models.ForeignKey(
        ReadingDraw, null=True, blank=True, on_delete=models.SET_NULL, related_name="readings"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = audited(table_name="cases_historicalreading", excluded_fields=["version"])
    _history_user: User | None  # the author of its next history record (read by simple-history)

    class Meta:
        db_table = "cases_reading"  # created by the cases app's migrations
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReadingKind.values), name="reading_kind"),
            models.CheckConstraint(
                condition=Q(status__in=ReadingStatus.values), name="reading_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ReadingKind.SECOND, case__isnull=False, practice__isnull=True)
                    | Q(
                        kind__in=[ReadingKind.PRACTICE, ReadingKind.REFERENCE],
                        case__isnull=True,
                        practice__isnull=False,
                    )
                ),
                name="reading_subject_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind=ReadingKind.SECOND), name="reading_one_second"
            ),
            models.UniqueConstraint(
                fields=["practice", "reader"],
                condition=Q(kind=ReadingKind.PRACTICE),
                name="reading_one_practice_per_reader",
            ),
            models.UniqueConstraint(
                fields=["practice"],
                condition=Q(kind=ReadingKind.REFERENCE),
                name="reading_one_reference",
            ),
        ]
        indexes = [
            # inspector home: my second and practice readings
            models.Index(fields=["reader", "kind", "status"], name="reading_reader_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.case or self.practice}"

    @property
    def subject(self) -> "Case | PracticeCase | None":
        """What is read: the case, or the practice case (both carry the case attributes)."""
        return self.case if self.kind == ReadingKind.SECOND else self.practice

    @property
    def is_submitted(self) -> bool:
        return self.status == ReadingStatus.SUBMITTED

    @property
    def reader_label(self) -> str:
        if self.reader is not None:
            return self.reader.get_full_name() or self.reader.get_username()
        return self.reader_name or "Not assigned"


class ReadingAnswer(models.Model):
    """One judgement of a reading: item -> value ('' = not yet answered), with evidence."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=30, blank=True)
    evidence = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = audited(table_name="cases_historicalreadinganswer", excluded_fields=["updated_at"])
    _history_user: User | None  # the author of its next history record (read by simple-history)

    class Meta:
        db_table = "cases_readinganswer"  # created by the cases app's migrations
        constraints = [
            models.UniqueConstraint(fields=["reading", "item"], name="reading_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reading_id}/{self.item_id}={self.value or '-'}"


class SettlementOutcome(models.TextChoices):
    FIRST = "first", "First reading stands"
    SECOND = "second", "Second reading stands"
    NEW = "new", "A new answer"


class Settlement(models.Model):
    """A lead's decision on one item where the two readings disagree. `first_value` is the first
    reading's answer when the disagreement was first settled (agreement is measured on it, not
    on the settled answer); `value` is the answer the case has now."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="settlements")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=SettlementOutcome.choices)
    first_value = models.CharField(max_length=30)
    second_value = models.CharField(max_length=30)
    value = models.CharField(max_length=30)
    reason = models.TextField(blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField()
    history = audited(table_name="cases_historicalsettlement")
    _history_user: User | None  # the author of its next history record (read by simple-history)

    class Meta:
        db_table = "cases_settlement"  # created by the cases app's migrations
        ordering = ["reading", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reading", "item"], name="settlement_unique"),
            models.CheckConstraint(
                condition=Q(outcome__in=SettlementOutcome.values), name="settlement_outcome_valid"
            ),
            models.CheckConstraint(
                condition=~Q(outcome=SettlementOutcome.NEW) | ~Q(reason=""),
                name="settlement_new_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reading_id}/{self.item_id}: {self.get_outcome_display()}"
