from django.conf import settings
from django.db import models
from django.db.models import Q

from inspection.models import Inspection


class ResultsSnapshot(models.Model):
    """A stored results document (inspection-results/1).

    One `latest` row per inspection, rewritten by every aggregation run (idempotent); `frozen`
    copies are kept for publication and never change.
    """

    class Kind(models.TextChoices):
        LATEST = "latest", "Latest"
        FROZEN = "frozen", "Frozen for publication"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LATEST)
    framework_code = models.CharField(max_length=80)
    framework_version = models.PositiveIntegerField()
    cases_counted = models.PositiveIntegerField()
    document = models.JSONField()
    computed_at = models.DateTimeField()
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(max_length=200, blank=True)
    # Results by RoSH level, case type, gender, ethnicity and age band, built beside the document.
    breakdowns = models.JSONField(default=dict, blank=True)
    # A published record: what was outstanding when the lead confirmed publishing, and why.
    outstanding = models.JSONField(default=list, blank=True)
    publish_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["inspection", "-computed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(kind="latest"), name="snapshot_one_latest"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["latest", "frozen"]), name="snapshot_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} – {self.get_kind_display()} {self.computed_at:%d %b %Y %H:%M}"


# A format's name as people know it, where Job.Format's stored label is a developer's word
# (changing a choice's label would be a migration of the jobs table for a word on a page).
FORMAT_WORDS = {"md": "Plain text (to compare versions)"}


class Job(models.Model):
    """A background job: of one inspection (an aggregation run, a draft report or a workbook), or
    of one region on one framework version (the regional draft report).

    The page polls `state` and `progress`; a job that could not reach the broker is
    `not_queued` with a message, and nothing else is affected. A queued or running job that no
    worker finishes in time is swept to `failed`; failed and not-queued jobs offer "Try again".
    """

    class Kind(models.TextChoices):
        AGGREGATE = "aggregate", "Recompute results"
        REPORT = "report", "Draft report"
        WORKBOOK = "workbook", "Data workbook"
        REGIONAL = "regional", "Regional draft report"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        NOT_QUEUED = "not_queued", "Could not be queued"

    class Format(models.TextChoices):
        NONE = "", "—"
        DOCX = "docx", "Word (DOCX)"
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        MD = "md", "Markdown"
        XLSX = "xlsx", "Excel workbook (XLSX)"

    # An inspection's job names the inspection; a regional report names region and framework.
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    region = models.ForeignKey(
        "inspection.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    framework = models.ForeignKey(
        "inspection.FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    format = models.CharField(max_length=4, choices=Format.choices, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result_file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    snapshot = models.ForeignKey(
        ResultsSnapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_range"),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed", "not_queued"]),
                name="job_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind="regional",
                    inspection__isnull=True,
                    region__isnull=False,
                    framework__isnull=False,
                )
                | (
                    ~Q(kind="regional")
                    & Q(inspection__isnull=False, region__isnull=True, framework__isnull=True)
                ),
                name="job_scope",
            ),
        ]
        indexes = [
            # dashboard: latest job of each kind for one inspection; debounce: queued aggregation
            models.Index(fields=["inspection", "kind", "state"], name="job_inspection_kind_state"),
            # region page: the latest regional report jobs of one region and framework version
            models.Index(fields=["region", "framework", "kind"], name="job_region_framework_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    @property
    def format_label(self) -> str:
        return FORMAT_WORDS.get(self.format, self.get_format_display())

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_retryable(self) -> bool:
        return self.state in (self.State.FAILED, self.State.NOT_QUEUED)

    @property
    def readings_file_name(self) -> str:
        """A data workbook job keeps two files: `result_file`, the team's (no readings), and
        beside it under this name the one with the Agreement sheet, for those
        `cases.permissions.sees_readings` names. '' for other jobs and before a file exists."""
        if self.kind != self.Kind.WORKBOOK:
            return ""
        return readings_file_name(self.result_file.name or "")


def readings_file_name(team_file: str) -> str:
    """The stored name of the workbook with its Agreement sheet, beside the team's file."""
    if not team_file:
        return ""
    stem, _, ext = team_file.rpartition(".")
    return f"{stem}-with-agreement.{ext}"


class Recommendation(models.Model):
    """A numbered recommendation, grouped in the report by who must act."""

    class Actor(models.TextChoices):
        PDU = "pdu", "The PDU"
        REGION = "region", "The region"
        HMPPS = "hmpps", "HM Prison and Probation Service (HMPPS)"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    actor = models.CharField(max_length=8, choices=Actor.choices)
    text = models.TextField()

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="recommendation_number"),
            models.CheckConstraint(
                condition=Q(actor__in=["pdu", "region", "hmpps"]), name="recommendation_actor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class BackgroundFacts(models.Model):
    """Facts about the PDU for the report's background and domain-one sections (one per inspection)."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="background"
    )
    caseload = models.PositiveIntegerField(null=True, blank=True)
    region_caseload = models.PositiveIntegerField(null=True, blank=True)
    po_vacancy_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    court_vacancy_percent = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True
    )
    workload_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    sickness_days = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    region_sickness_days = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True
    )
    interviews_note = models.TextField(blank=True)
    user_voice_contacts = models.PositiveIntegerField(null=True, blank=True)
    # [{"label": "felt safe accessing probation services", "percent": 97}, ...]
    user_voice_figures = models.JSONField(default=list, blank=True)
    narrative = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "background facts"

    def __str__(self) -> str:
        return f"Background of {self.inspection}"


class Rollup(models.Model):
    """The stored roll-up of every inspection on one framework version: of one region, or
    national. Its `document` is an `inspection-results/1` document with a `scope`
    (INTERCHANGE.md "Roll-ups"); pages read it and never recompute.

    One row per (framework version, region) and one national row per framework version. The
    refresh job's own small state lives here (not in `Job`, which belongs to one inspection):
    `queued` debounces — while a refresh waits in the queue, asking again adds nothing.
    """

    class Kind(models.TextChoices):
        REGION = "region", "Region"
        NATIONAL = "national", "National"

    class State(models.TextChoices):
        NEW = "new", "Not computed yet"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        NOT_QUEUED = "not_queued", "Could not be queued"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    framework = models.ForeignKey(
        "inspection.FrameworkVersion", on_delete=models.CASCADE, related_name="rollups"
    )
    region = models.ForeignKey(
        "inspection.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.JSONField(default=dict, blank=True)
    # Copied from the document so lists and overviews need not load it.
    inspections_count = models.PositiveIntegerField(default=0)
    cases_counted = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    message = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework", "kind", "region__name"]
        constraints = [
            # one stored roll-up per scope; these unique indexes also serve the lookups by
            # framework version, kind and region
            models.UniqueConstraint(
                fields=["framework", "region"],
                condition=Q(kind="region"),
                name="rollup_one_per_region",
            ),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(kind="national"), name="rollup_one_national"
            ),
            models.CheckConstraint(
                condition=Q(kind="region", region__isnull=False)
                | Q(kind="national", region__isnull=True),
                name="rollup_kind_region",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["new", "queued", "running", "done", "failed", "not_queued"]),
                name="rollup_state_valid",
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region is not None else "National"
        return f"{where} roll-up of {self.framework}"


class RegionComparison(models.Model):
    """A lead's choice that the draft report prints a "compared with the region" line for one
    case-rated standard of the inspection (a row per ticked standard; no row: no line)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="region_comparisons"
    )
    standard = models.ForeignKey("inspection.Standard", on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "standard__order"]
        constraints = [
            # also serves the report's and the dashboard's read of one inspection's choices
            models.UniqueConstraint(
                fields=["inspection", "standard"], name="region_comparison_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Compare {self.standard.code} with the region ({self.inspection})"


class FrozenRegionRollup(models.Model):
    """The region's stored roll-up as it was when results were frozen: a draft report built
    later from the frozen results compares with these regional figures, never with newer ones."""

    snapshot = models.OneToOneField(
        ResultsSnapshot, on_delete=models.CASCADE, related_name="region_rollup"
    )
    region_name = models.CharField(max_length=120)
    document = models.JSONField()
    inspections_count = models.PositiveIntegerField()
    cases_counted = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.region_name} roll-up kept with {self.snapshot}"
