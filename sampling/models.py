"""Set-up models: the staged case list, the cohort, sample draws and conflicts of interest."""

from collections.abc import Mapping

from django.conf import settings
from django.db import models
from django.db.models import Q

from casework.constraints import PostgresGinIndex
from inspection.attributes import (
    ETHNICITY,
    REF_MAX_LENGTH,
    CaseAttribute,
    attribute_label,
    value_label,
)
from inspection.models import Inspection


class UploadStatus(models.TextChoices):
    STAGED = "staged", "Ready to commit"
    INVALID = "invalid", "Has errors"
    COMMITTED = "committed", "Committed"
    SUPERSEDED = "superseded", "Superseded"


class CaseListUpload(models.Model):
    """A parsed case list waiting for review. `rows` holds the normalised valid rows."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="caselist_uploads"
    )
    filename = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=UploadStatus.choices)
    row_count = models.PositiveIntegerField(default=0)
    valid_count = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list, help_text="Normalised valid rows")
    errors = models.JSONField(default=list, help_text="[{row, column, reason}]")
    counts = models.JSONField(default=dict, help_text="attribute -> value -> rows (valid rows)")

    class Meta:
        db_table = "cases_caselistupload"  # created by the cases app's migrations
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=UploadStatus.values), name="caselist_upload_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class CohortRecord(models.Model):
    """One case of the committed case list (inside the cohort windows)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cohort")
    ref = models.CharField(max_length=REF_MAX_LENGTH)
    # blank where the framework does not declare them (see `casework.models.Case`)
    case_type = models.CharField(max_length=12, blank=True)
    start_date = models.DateField()
    rosh = models.CharField(max_length=12, blank=True)
    gender = models.CharField(max_length=10, blank=True)
    ethnicity = models.CharField(max_length=ETHNICITY.max_length, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    pre_sentence_info = models.BooleanField(null=True, blank=True)
    practitioner_grade = models.CharField(max_length=30, blank=True)
    # declared attributes that are not typed columns, as on `casework.models.Case`
    attributes = models.JSONField(default=dict, blank=True)
    source_row = models.PositiveIntegerField(help_text="Row number in the uploaded file")

    class Meta:
        db_table = "cases_cohortrecord"  # created by the cases app's migrations
        ordering = ["inspection", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "ref"], name="cohort_unique_ref")
        ]
        indexes = [
            # cohort records of a declared attribute's value (`attributes @> {...}`)
            PostgresGinIndex(fields=["attributes"], name="cohort_attributes_gin"),
        ]

    def __str__(self) -> str:
        return self.ref


class SampleDraw(models.Model):
    """A reproducible stratified draw of one of the inspection's samples (INTERCHANGE.md
    "Framework format 2", Samples): the same cohort, seed and parameters give the same sample.

    `sample` is the code of the framework version's sample it draws ("cases", every case, for a
    format-1 version); its cohort is the committed records meeting that sample's `applies_to`."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="sample_draws"
    )
    sample = models.CharField(max_length=40, default="cases", help_text="The sample's code")
    seed = models.BigIntegerField()
    size = models.PositiveIntegerField()
    strata = models.JSONField(help_text="Attribute names, e.g. [case_type, rosh, gender]")
    minimums = models.JSONField(default=list, help_text="[{attribute, value, n}]")
    parameters = models.JSONField(default=dict, help_text="Everything else the draw used")
    allocation = models.JSONField(default=list, help_text="[{stratum, cohort, sample}]")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cases_sampledraw"  # created by the cases app's migrations
        ordering = ["inspection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "sample"], name="sample_draw_unique")
        ]

    def __str__(self) -> str:
        return f"Draw of {self.size} for {self.sample} (seed {self.seed})"

    def strata_labels(self, declared: Mapping[str, CaseAttribute] | None = None) -> list[str]:
        """The stratifying attributes in words ('Case type', 'RoSH level'), from the framework's
        declarations (`declared`; the format-1 registry by default)."""
        return [attribute_label(a, declared) for a in self.strata]

    def minimum_labels(self, declared: Mapping[str, CaseAttribute] | None = None) -> list[str]:
        """Each minimum in words ('Gender Female: at least 5'), as `strata_labels`."""
        return [
            f"{attribute_label(m['attribute'], declared)} "
            f"{value_label(m['attribute'], m['value'], declared)}: at least {m['n']}"
            for m in self.minimums
        ]


class MemberRole(models.TextChoices):
    SELECTED = "selected", "Sampled"
    RESERVE = "reserve", "Reserve"
    REPLACED = "replaced", "Replaced"


class SampleMember(models.Model):
    """A cohort record's place in a draw: sampled, reserve (ranked) or replaced (with reason)."""

    draw = models.ForeignKey(SampleDraw, on_delete=models.CASCADE, related_name="members")
    record = models.ForeignKey(CohortRecord, on_delete=models.CASCADE, related_name="+")
    stratum = models.CharField(max_length=200)
    rank = models.PositiveIntegerField(help_text="Order within the stratum (1 = drawn first)")
    role = models.CharField(max_length=10, choices=MemberRole.choices)
    replaced_reason = models.TextField(blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "cases_samplemember"  # created by the cases app's migrations
        ordering = ["draw", "stratum", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "record"], name="sample_member_unique"),
            models.UniqueConstraint(
                fields=["draw", "stratum", "rank"], name="sample_member_unique_rank"
            ),
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values), name="sample_member_role_valid"
            ),
            models.CheckConstraint(
                condition=~Q(role=MemberRole.REPLACED) | ~Q(replaced_reason=""),
                name="sample_member_replaced_has_reason",
            ),
        ]
        # replacement: next reserve of a stratum
        indexes = [models.Index(fields=["draw", "role", "stratum", "rank"], name="sample_next")]

    def __str__(self) -> str:
        return f"{self.record_id} {self.role} {self.stratum}#{self.rank}"


class ConflictOfInterest(models.Model):
    """A declared conflict: `user` must not be assigned the case with reference `ref`."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    ref = models.CharField(max_length=40, help_text="Case reference")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cases_conflictofinterest"  # created by the cases app's migrations
        ordering = ["inspection", "ref"]
        verbose_name = "conflict of interest"
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user", "ref"], name="conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.ref}"
