"""The audit history of this app's models (django-simple-history), and the one rule for the
reason a history record keeps.

Reasons are text: a settlement, reopening or replacement reason may be as long as its form
allows (cases.text_limits.REASON_MAX), so the history's reason column is `text`, not the
library's default `varchar(100)`, and the full reason is what the case's history page shows.
`change_reason` is the only way services set one.
"""

from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords

ELLIPSIS = "…"


def audited(**kwargs: Any) -> HistoricalRecords:
    """The history of a model of this app, whose reasons are kept whole."""
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True), **kwargs)


def change_reason(instance: models.Model, reason: str) -> None:
    """Record `reason` with the next history record of `instance` (its save or delete).

    Kept whole where the history's reason column is text (every model of this app); shortened
    with an ellipsis where it is bounded (a history of another app), never refused by the
    database."""
    history = type(instance).history  # type: ignore[attr-defined]  # added by simple-history
    field = history.model._meta.get_field("history_change_reason")
    limit = field.max_length
    if limit and len(reason) > limit:
        reason = reason[: limit - len(ELLIPSIS)] + ELLIPSIS
    instance._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
