"""Pages of the reports app: dashboard, figures, jobs, entries, outputs, regional roll-up."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse

from inspection.models import Inspection
from inspection.permissions import is_lead
from reports.models import Job


def require_lead(request: HttpRequest, inspection: Inspection) -> None:
    """Team members who are not leads may look, not change: 403 (they know the inspection)."""
    if not is_lead(request.user, inspection):
        raise PermissionDenied("Only a lead inspector can do this")


def tell_job_requested(request: HttpRequest, job: Job) -> None:
    """Say what became of the job the user asked for (it is sent as its transaction commits, and
    may already have run): queued, done, or refused."""
    job.refresh_from_db(fields=["state", "message"])
    if job.state in (Job.State.NOT_QUEUED, Job.State.FAILED):
        messages.error(request, job.message)
        return
    what = job.get_kind_display() + (f" ({job.get_format_display()})" if job.format else "")
    if job.state == Job.State.DONE:
        messages.success(request, f"{what}: done.")
    else:
        messages.info(request, f"{what} requested. Its progress shows below.")


def job_page(job: Job) -> str:
    """Where the user returns after asking for a job: the results page that shows it, at the
    job's status (a recompute on the summary, a build on the outputs page)."""
    name = "reports:dashboard" if job.kind == Job.Kind.AGGREGATE else "reports:outputs"
    return reverse(name, args=[job.inspection_id]) + f"#job-{job.pk}"
