"""The regional roll-up page: the stored roll-up (never recomputed per request), a refresh job for
leads, the region's answers export (CSV) for the inspections the user leads, and (for leads) the
draft regional report built from it (`reports.views.regional`)."""

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from inspection.labels import rating_label
from inspection.models import FrameworkVersion, Inspection, Region
from inspection.permissions import inspections_for, managed_inspections
from reports.answers_export import Scope, csv_lines
from reports.forms import RegionalBuildForm
from reports.models import Job, Rollup
from reports.rendering.labels import framework_positive_words, percent_label
from reports.selectors import region_inspections, regional_jobs, stored_rollup
from reports.services.rollups import rollup_schedule


def region_scope(request: SignedInRequest, region_pk: int, framework_pk: int):
    """The region and framework version, if the user sees at least one of its inspections (404
    otherwise, as for any row out of scope); with the inspections they see."""
    region = get_object_or_404(Region, pk=region_pk)
    framework = get_object_or_404(FrameworkVersion.objects.defer("source"), pk=framework_pk)
    visible = region_inspections(
        inspections=inspections_for(request.user), region_id=region.pk, framework_id=framework.pk
    )
    if not visible:
        raise Http404("No inspections of this region that you can see")
    return region, framework, visible


def led_in_region(request: SignedInRequest, region: Region, framework: FrameworkVersion):
    """The region's inspections on the framework version that the user leads (all, for admins)."""
    return managed_inspections(request.user).filter(pdu__region=region, framework=framework)


def _table(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Display labels beside the stored figures (the document itself is left as stored)."""
    rows = []
    for s in document.get("standards", []):
        if not s.get("key_questions"):
            continue
        rating = rating_label(s["rating"]) if s["rated_from"] == "cases" else "Not rated"
        kqs = [k | {"percent_label": percent_label(k["percent"])} for k in s["key_questions"]]
        rows.append(s | {"rating_label": rating, "key_questions": kqs})
    return rows


@login_required
def region(request: SignedInRequest, region_pk: int, framework_pk: int) -> HttpResponse:
    """The stored roll-up of every inspection of one region on one framework version."""
    region_row, framework, visible = region_scope(request, region_pk, framework_pk)
    rollup = stored_rollup(framework=framework, region=region_row)
    document = rollup.document if rollup is not None else {}
    included = document.get("scope", {}).get("inspections", [])
    seen = {i.pk for i in visible}
    inspections = [
        {"inspection": i, "linked": i.pk in seen}
        for i in Inspection.objects.filter(pk__in=included)
        .select_related("pdu")
        .order_by("pdu__name", "pk")
    ]
    is_lead = led_in_region(request, region_row, framework).exists()
    jobs = regional_jobs(region=region_row, framework=framework) if is_lead else []
    return render(
        request,
        "reports/region.html",
        {
            "region": region_row,
            "framework": framework,
            "rollup": rollup,
            "document": document,
            "inspections": inspections,
            "standards": _table(document),
            "positive_words": framework_positive_words(framework),
            "is_lead": is_lead,
            "latest_job": jobs[0] if jobs else None,
            "built": [j for j in jobs if j.state == Job.State.DONE and j.result_file],
            "build_form": RegionalBuildForm(),
        },
    )


@login_required
@require_POST
def region_refresh(request: SignedInRequest, region_pk: int, framework_pk: int) -> HttpResponse:
    region_row, framework, _ = region_scope(request, region_pk, framework_pk)
    if not led_in_region(request, region_row, framework).exists():
        raise PermissionDenied("Only a lead inspector of an inspection in the region can do this")
    rollup = rollup_schedule(framework=framework, region=region_row, countdown=None)
    if rollup.state == Rollup.State.NOT_QUEUED:
        messages.error(request, rollup.message)
    else:
        messages.info(request, "Refresh requested. Reload this page in a moment to see it.")
    return redirect("reports:region", region_pk=region_row.pk, framework_pk=framework.pk)


@login_required
def region_answers(request: SignedInRequest, region_pk: int, framework_pk: int) -> HttpResponse:
    """Every counted answer of the region's inspections that the user leads, as CSV (streamed)."""
    region_row, framework, _ = region_scope(request, region_pk, framework_pk)
    led = led_in_region(request, region_row, framework)
    if not led.exists():
        raise PermissionDenied("Only a lead inspector of an inspection in the region can do this")
    scope = Scope(framework=framework, region=region_row, inspections=led)
    slug = re.sub(r"[^a-z0-9]+", "-", region_row.name.lower()).strip("-") or "region"
    name = f"answers-{slug}-{framework.code}-v{framework.version}.csv"
    response = StreamingHttpResponse(csv_lines(scope=scope), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
