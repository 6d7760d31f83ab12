"""Pages that span the apps (home and the work lists are in `portal.work`): the inspection page
(set-up, casework and results links with the latest ratings) and the national overview.
Project-level URL names (`home`, `inspection`, `national`), so lower apps may link to them
without naming this app."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accounts.requests import SignedInRequest
from inspection.permissions import (
    get_inspection_for_user,
    is_lead,
    manages_any,
)
from inspection.writes import InspectionReadOnly
from portal.forms import NationalFilterForm
from portal.overview import Filters, national_overview
from reports.rendering.labels import not_rated_note
from reports.rendering.overview import OVERALL
from reports.selectors import (
    framework_inspections,
    frameworks_in_use,
    latest_snapshot,
    rated_standards,
)


@login_required
def inspection_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    snapshot = latest_snapshot(inspection=inspection)
    return render(
        request,
        "portal/inspection.html",
        {
            "inspection": inspection,
            "windows": inspection.cohort_windows.all(),
            "results": snapshot.document if snapshot else None,
            "score_note": not_rated_note(snapshot.document, inspection.framework.when_not_rated)
            if snapshot
            else "",
            "snapshot": snapshot,
            "manages": is_lead(request.user, inspection),
        },
    )


@login_required
def national(request: SignedInRequest) -> HttpResponse:
    """Every inspection on a framework version with its stored ratings, and how many have each
    rating (admins and anyone who leads an inspection; 404 for others, as for set-up)."""
    if not manages_any(request.user):
        raise Http404("Not found")
    frameworks = frameworks_in_use()
    wanted = request.GET.get("framework", "")
    framework = next(
        (f for f in frameworks if str(f.pk) == wanted), frameworks[0] if frameworks else None
    )
    inspections = framework_inspections(framework=framework) if framework else []
    standards = rated_standards(framework=framework) if framework else []
    data = request.GET.copy()
    data.setdefault("framework", str(framework.pk) if framework else "")
    form = NationalFilterForm(
        data,
        frameworks=frameworks,
        inspections=inspections,
        keys={OVERALL, *(s.code for s in standards)},
    )
    context = {"form": form, "framework": framework, "standards": standards}
    if framework is not None and form.is_valid():
        data = form.cleaned_data
        filters = Filters(data["region"], data["year"], data["standard"], data["rating"])
        context |= national_overview(
            user=request.user,
            framework=framework,
            inspections=inspections,
            standards=standards,
            filters=filters,
        )
    status = 400 if form.errors else 200
    return render(request, "portal/national.html", context, status=status)


def health(request: HttpRequest) -> JsonResponse:
    """For the container healthcheck: the process serves and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: a GOV.UK page. A write refused because the inspection is published or
    anonymised (`inspection.writes`) says so, and that nothing was saved."""
    if isinstance(exception, InspectionReadOnly):
        heading, message = "This inspection cannot be changed", str(exception)
    else:
        heading, message = "You cannot do this", "Your account does not allow it."
    context = {"heading": heading, "message": message}
    return render(request, "errors/403.html", context, status=403)
