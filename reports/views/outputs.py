"""Draft report and workbook: build as a job, download, HTML preview."""

import base64
import hashlib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from casework.permissions import sees_readings
from inspection.permissions import get_inspection_for_user
from reports.forms import BuildForm
from reports.models import Job, ResultsSnapshot
from reports.rendering import render_output
from reports.selectors import frozen_snapshots, latest_snapshot
from reports.services.jobs import job_enqueue
from reports.views import job_page, require_lead, tell_job_requested


@login_required
@require_POST
def build(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    form = BuildForm(request.POST, frozen=frozen_snapshots(inspection=inspection))
    if not form.is_valid():
        messages.error(request, "Choose a format for the draft report.")
        return redirect("reports:outputs", pk=inspection.pk)
    fmt = form.cleaned_data["format"]
    kind = Job.Kind.WORKBOOK if fmt == Job.Format.XLSX else Job.Kind.REPORT
    snapshot = None
    if form.cleaned_data["snapshot"]:
        snapshot = get_object_or_404(
            ResultsSnapshot, pk=form.cleaned_data["snapshot"], inspection=inspection
        )
    job = job_enqueue(
        inspection=inspection, kind=kind, fmt=fmt, user=request.user, snapshot=snapshot
    )
    tell_job_requested(request, job)
    return redirect(job_page(job))


@login_required
def download(request: SignedInRequest, pk: int, job_pk: int) -> FileResponse:
    """A built file. A data workbook comes with its Agreement sheet to those who may see
    readings (`sees_readings`) and without it to the rest of the team."""
    inspection = get_inspection_for_user(request, pk)
    job = get_object_or_404(Job, pk=job_pk, inspection=inspection, state=Job.State.DONE)
    if not job.result_file:
        raise Http404("This job has no file")
    name = job.result_file.name
    if job.readings_file_name:
        if not job.result_file.storage.exists(job.readings_file_name):
            # built before the team's workbook was kept apart: it holds the Agreement sheet
            if not sees_readings(request.user, inspection):
                raise Http404("This workbook was built before readings were kept out of it")
        elif sees_readings(request.user, inspection):
            name = job.readings_file_name
    filename = name.rsplit("/", 1)[-1]
    file = job.result_file.storage.open(name, "rb")
    return FileResponse(file, as_attachment=True, filename=filename)


@login_required
def preview(request: SignedInRequest, pk: int) -> HttpResponse:
    """HTML preview of the draft report from the latest stored results (not recomputed)."""
    inspection = get_inspection_for_user(request, pk)
    snapshot = latest_snapshot(inspection=inspection)
    if snapshot is None:
        raise Http404("No results yet: recompute first")
    page = render_output(inspection=inspection, snapshot=snapshot, fmt="html")
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response._csp_config = _standalone_document_policy(page.decode())
    return response


def _standalone_document_policy(page: str) -> dict[str, list[str] | bool]:
    """The draft report is a standalone file with its own <style> block and charts as data: images.
    Its preview runs no script at all (sandboxed) and allows that one style block by its hash."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    ]
    return {
        "default-src": ["'none'"],
        "style-src": hashes or ["'none'"],
        "img-src": ["data:"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
        "sandbox": True,
    }
