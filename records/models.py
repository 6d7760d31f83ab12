"""Retention: the audit record of an inspection's anonymisation."""

from django.conf import settings
from django.db import models

from inspection.models import Inspection


class Anonymisation(models.Model):
    """Who anonymised which published inspection's personal data, when, and how many rows of
    each kind it changed. One per inspection: anonymising is done once and cannot be undone."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="anonymisation"
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    performed_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(help_text="kind of data -> rows changed")

    class Meta:
        db_table = "cases_anonymisation"  # created by the cases app's migrations
        ordering = ["-performed_at"]

    def __str__(self) -> str:
        return f"Anonymisation of {self.inspection} on {self.performed_at:%d %b %Y}"
