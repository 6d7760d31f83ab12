"""The draft regional report of a region's roll-up page: built as a job (the same Job, progress
and "Try again" as the PDU report), polled, downloaded. Leads of an inspection in the region (and
admins) only: the report prints every PDU's ratings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from inspection.models import FrameworkVersion, Region
from reports.forms import RegionalBuildForm
from reports.models import Job
from reports.rendering.regional import NOT_COMPUTED
from reports.selectors import stored_rollup
from reports.services.jobs import job_retry, regional_report_enqueue
from reports.views import tell_job_requested
from reports.views.rollups import led_in_region, region_scope


def _lead_scope(request: SignedInRequest, region_pk: int, framework_pk: int):
    """The region and framework version for a lead of one of its inspections (or an admin): 404
    outside the user's scope, 403 for team members who are not leads there."""
    region, framework, _ = region_scope(request, region_pk, framework_pk)
    if not led_in_region(request, region, framework).exists():
        raise PermissionDenied("Only a lead inspector of an inspection in the region can do this")
    return region, framework


def _job(region: Region, framework: FrameworkVersion, job_pk: int) -> Job:
    return get_object_or_404(
        Job, pk=job_pk, region=region, framework=framework, kind=Job.Kind.REGIONAL
    )


def _back(region: Region, framework: FrameworkVersion) -> HttpResponse:
    url = reverse("reports:region", args=[region.pk, framework.pk])
    return redirect(url + "#regional-report")


@login_required
@require_POST
def region_build(request: SignedInRequest, region_pk: int, framework_pk: int) -> HttpResponse:
    region, framework = _lead_scope(request, region_pk, framework_pk)
    form = RegionalBuildForm(request.POST)
    rollup = stored_rollup(framework=framework, region=region)
    if not form.is_valid():
        messages.error(request, "Choose a format for the regional report: DOCX, HTML or PDF.")
    elif rollup is None or rollup.computed_at is None:
        messages.error(request, NOT_COMPUTED)
    else:
        job = regional_report_enqueue(
            region=region, framework=framework, fmt=form.cleaned_data["format"], user=request.user
        )
        tell_job_requested(request, job)
    return _back(region, framework)


@login_required
def region_job(
    request: SignedInRequest, region_pk: int, framework_pk: int, job_pk: int
) -> HttpResponse:
    """The job's state; htmx polls the partial while the job is queued or running."""
    region, framework = _lead_scope(request, region_pk, framework_pk)
    job = _job(region, framework, job_pk)
    template = "reports/_job.html" if request.htmx else "reports/region_job.html"
    return render(request, template, {"region": region, "framework": framework, "job": job})


@login_required
@require_POST
def region_job_retry(
    request: SignedInRequest, region_pk: int, framework_pk: int, job_pk: int
) -> HttpResponse:
    region, framework = _lead_scope(request, region_pk, framework_pk)
    job = _job(region, framework, job_pk)
    try:
        tell_job_requested(request, job_retry(job=job, user=request.user))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return _back(region, framework)


@login_required
def region_download(
    request: SignedInRequest, region_pk: int, framework_pk: int, job_pk: int
) -> FileResponse:
    region, framework = _lead_scope(request, region_pk, framework_pk)
    job = _job(region, framework, job_pk)
    if job.state != Job.State.DONE or not job.result_file:
        raise Http404("This job has no file")
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
