"""Pages of the reports app: dashboard, figures, jobs, entries, outputs, regional roll-up."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from inspection.models import Inspection
from inspection.permissions import is_lead
from reports.models import Job


def require_lead(request: HttpRequest, inspection: Inspection) -> None:
    """Team members who are not leads may look, not change: 403 (they know the inspection)."""
    if not is_lead(request.user, inspection):
        raise PermissionDenied("Only a lead inspector can do this")


def tell_job_requested(request: HttpRequest, job: Job) -> None:
    """Say whether the job the user asked for was queued (it is sent as its transaction commits)."""
    job.refresh_from_db(fields=["state", "message"])
    if job.state == Job.State.NOT_QUEUED:
        messages.error(request, job.message)
        return
    what = job.get_kind_display() + (f" ({job.get_format_display()})" if job.format else "")
    messages.info(request, f"{what} requested.")
