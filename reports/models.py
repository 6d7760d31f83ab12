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
