from celery import shared_task

from inspection.models import Inspection
from reports.services import snapshot_refresh


@shared_task
def aggregate_inspection(inspection_id: int) -> dict:
    """Recompute an inspection's results snapshot. Idempotent: a rerun overwrites the latest."""
    inspection = Inspection.objects.select_related("framework").get(pk=inspection_id)
    snapshot = snapshot_refresh(inspection=inspection)
    return {"snapshot": snapshot.pk, "cases_counted": snapshot.cases_counted}
