"""Reopening a published inspection: a lead, with a reason, audited (`PublicationReopening`).

Publishing itself (freezing the results as the published record) is the reports app's; it sets
the status through `inspection.services.setup.inspection_status_set`, which never leaves
published: reopening here is the one way back, and an anonymised inspection has none.
"""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from inspection.choices import InspectionStatus
from inspection.models import Inspection, PublicationReopening
from inspection.writes import ANONYMISED_MESSAGE, InspectionReadOnly


@transaction.atomic
def publication_reopen(*, inspection: Inspection, user: User, reason: str) -> PublicationReopening:
    """Move a published inspection back to reporting, recording who did it, when and why (the
    reason in full). Refuses an anonymised inspection (final) and one that is not published."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.anonymised_at is not None:
        raise InspectionReadOnly(ANONYMISED_MESSAGE)
    if locked.status != InspectionStatus.PUBLISHED:
        raise ValidationError("This inspection is not published, so there is nothing to reopen.")
    if not reason.strip():
        raise ValidationError("Enter the reason for reopening the published inspection.")
    record = PublicationReopening(inspection=locked, reopened_by=user, reason=reason.strip())
    record.full_clean(exclude=["reopened_by"])
    record.save()
    locked.status = InspectionStatus.REPORTING
    locked.save(update_fields=["status"])
    inspection.status = locked.status
    return record
