import hashlib
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from casework.history import audited
from inspection.attributes import ETHNICITY, REF_MAX_LENGTH
from inspection.choices import CaseType, Gender, PractitionerGrade, Rosh
from inspection.models import Inspection, Item

from .constraints import CoveringUniqueConstraint, PostgresGinIndex


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    SIGNED_OFF = "signed_off", "Signed off"


# The one home of the status rules: results count submitted and signed-off cases only; the
# assigned inspector (or a lead) changes answers of draft and returned cases only; interviews can
# be recorded until the case is signed off.
COUNTED_STATUSES = (CaseStatus.SUBMITTED, CaseStatus.SIGNED_OFF)
EDITABLE_STATUSES = (CaseStatus.DRAFT, CaseStatus.RETURNED)
INTERVIEW_STATUSES = (CaseStatus.DRAFT, CaseStatus.RETURNED, CaseStatus.SUBMITTED)


class CaseQuerySet(models.QuerySet["Case"]):
    def counted(self) -> "CaseQuerySet":
        """The cases the results count."""
        return self.filter(status__in=COUNTED_STATUSES)

    def editable(self) -> "CaseQuerySet":
        """Cases whose answers may still change."""
        return self.filter(status__in=EDITABLE_STATUSES)


class AnswerQuerySet(models.QuerySet["Answer"]):
    def counted(self) -> "AnswerQuerySet":
        """Answers (given, not blank) on counted cases."""
        return self.filter(case__status__in=COUNTED_STATUSES).exclude(value="")


class Case(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cases")
    ref = models.CharField(max_length=REF_MAX_LENGTH, help_text="Pseudonymised case reference")
    # The six PDU attributes keep typed columns; blank where the framework does not declare
    # them (a youth case has no case type or RoSH). A case list or bundle of a framework that
    # declares them refuses a row without them (`required`), not the table.
    case_type = models.CharField(max_length=12, choices=CaseType.choices, blank=True)
    start_date = models.DateField(help_text="Sentence or licence start")
    rosh = models.CharField("RoSH level", max_length=12, choices=Rosh.choices, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    ethnicity = models.CharField(max_length=ETHNICITY.max_length, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    pre_sentence_info = models.BooleanField(null=True, blank=True)
    # Values of declared attributes that are not typed columns (framework format 2), by name;
    # read and written only through `inspection.declared` (a missing key is unknown).
    attributes = models.JSONField(default=dict, blank=True)
    practitioner_count = models.PositiveSmallIntegerField(null=True, blank=True)
    practitioner_grade = models.CharField(
        max_length=30, choices=PractitionerGrade.choices, blank=True
    )
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    stratum = models.CharField(max_length=200, blank=True, help_text="Sampling stratum drawn from")
    # Bumped on every change to the case or its answers: the token for optimistic concurrency.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    history = audited(table_name="cases_historicalcase", excluded_fields=["updated_at", "version"])
    # whose access `casework.permissions.get_case_for_user` read with the case (not a column)
    viewer_pk: int | None
    _history_user: User | None  # the author of its next history record (read by simple-history)

    objects = CaseQuerySet.as_manager()

    class Meta:
        db_table = "cases_case"  # created by the cases app's migrations
        ordering = ["inspection", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "ref"], name="case_unique_ref"),
            models.CheckConstraint(
                condition=Q(case_type="") | Q(case_type__in=CaseType.values),
                name="case_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(rosh="") | Q(rosh__in=Rosh.values), name="case_rosh_valid"
            ),
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="case_gender_valid"),
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(practitioner_grade="")
                | Q(practitioner_grade__in=PractitionerGrade.values),
                name="case_grade_valid",
            ),
        ]
        indexes = [
            # inspector home: my cases by status
            models.Index(fields=["assigned_to", "status"], name="case_assignee_status"),
            # aggregation: counted cases of one inspection
            models.Index(fields=["inspection", "status"], name="case_inspection_status"),
            # cases of a declared attribute's value (breakdown figures, `attributes @> {...}`);
            # see docs/adr/0007 for what counting uses
            PostgresGinIndex(fields=["attributes"], name="case_attributes_gin"),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def is_counted(self) -> bool:
        return self.status in COUNTED_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def takes_interviews(self) -> bool:
        return self.status in INTERVIEW_STATUSES


# The most evidence one answer holds, in characters (what the GOV.UK character count shows), not
# bytes. Evidence is an inspector's reasons for one judgement, read by the lead and quoted in
# the report: a thorough note is a few hundred words. 10,000 characters is about 1,600 words,
# three pages of A4 — several times the longest realistic note — and keeps a whole standard page
# (15 items at most in the shipped framework) far inside the request size cap
# (DATA_UPLOAD_MAX_MEMORY_SIZE; tests/casework/test_evidence_limit.py checks that it fits). Used by
# the model, the case form and its character count, the autosave and the bundle import.
EVIDENCE_MAX_CHARS = 10_000


def evidence_too_long(length: int) -> str:
    """The one wording of the limit, for forms, status lines and import problems."""
    return f"must be {EVIDENCE_MAX_CHARS:,} characters or fewer (it has {length:,})"


def answer_token(value: str, evidence: str) -> str:
    """A short token of an answer's content (value and evidence): what a page sends back for each
    item instead of the text it started from. Equal tokens mean equal content, so the save can
    tell an item someone else changed since (a conflict) from one they did not. Not a secret:
    the page already shows the text."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(value.encode())
    digest.update(b"\x00")
    digest.update(evidence.encode())
    return digest.hexdigest()


class Answer(models.Model):
    """One judgement: case x item -> value (from the item's answer set, '' = not yet answered)."""

    # No index of its own: the unique (case, item) index below leads with the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers", db_index=False)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=30, blank=True)
    evidence = models.TextField(
        blank=True,
        validators=[
            MaxLengthValidator(
                EVIDENCE_MAX_CHARS,
                "Evidence must be %(limit_value)s characters or fewer (it has %(show_value)s)",
            )
        ],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = audited(table_name="cases_historicalanswer", excluded_fields=["updated_at"])
    _history_user: User | None  # the author of its next history record (read by simple-history)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        db_table = "cases_answer"  # created by the cases app's migrations
        constraints = [
            # One answer per case and item; the index carries the value too, so counting a
            # scope's answers (reports.counting) reads the index alone, without the table.
            # Chosen by measurement (bench/national.py, bench/README.md "Scale"): it replaces a separate
            # (case, value) index and the case foreign-key index, which every autosave updated.
            CoveringUniqueConstraint(
                fields=["case", "item"], include=["value"], name="answer_unique_case_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.item_id}={self.value or '-'}"

    @property
    def token(self) -> str:
        return answer_token(self.value, self.evidence)


class InterviewOutcome(models.TextChoices):
    HELD = "held", "Held"
    DECLINED = "declined", "Declined"


class Interview(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interviews")
    held_on = models.DateField(null=True, blank=True)
    grade = models.CharField(max_length=30, choices=PractitionerGrade.choices)
    outcome = models.CharField(
        max_length=10, choices=InterviewOutcome.choices, default=InterviewOutcome.HELD
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = audited(table_name="cases_historicalinterview")
    _history_user: User | None  # the author of its next history record (read by simple-history)

    class Meta:
        db_table = "cases_interview"  # created by the cases app's migrations
        ordering = ["case", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__in=PractitionerGrade.values), name="interview_grade_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=InterviewOutcome.values), name="interview_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Interview for {self.case} ({self.get_outcome_display()})"


class QAComment(models.Model):
    """A lead inspector's quality-assurance comment on a case, optionally on one item.

    Open while `resolved_at` is empty; the comments of a return are resolved when the inspector
    submits the case again.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="qa_comments")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = audited(table_name="cases_historicalqacomment")
    _history_user: User | None  # the author of its next history record (read by simple-history)

    class Meta:
        db_table = "cases_qacomment"  # created by the cases app's migrations
        ordering = ["case", "created_at", "pk"]
        indexes = [
            # case page and inspector home: open comments of a case
            models.Index(fields=["case", "resolved_at"], name="qacomment_case_open"),
        ]

    def __str__(self) -> str:
        return f"QA comment on {self.case}" + (f" ({self.item})" if self.item_id else "")


# A second reading's kind (`readings.models.ReadingKind.SECOND` is this value).
SECOND_READING = "second"


def second_readings() -> models.QuerySet[Any]:
    """Every second reading. Casework and sampling keep second readings blind (a case's second
    reader neither sees the case nor is assigned it) without importing the `readings` app, which
    sits above them: its reading model is the one behind the `Case.readings` relation it
    declares."""
    reading: Any = Case.readings.rel.related_model  # `readings.models.Reading`, not imported
    return cast(models.QuerySet[Any], reading.objects.filter(kind=SECOND_READING))
