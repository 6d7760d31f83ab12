"""Pages that span the apps: home (casework, QA queue, inspections) and the inspection page
(set-up, casework and results links with the latest ratings). Project-level URL names (`home`,
`inspection`), so lower apps may link to them without naming this app."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cases.permissions import led_cases
from cases.selectors.home import my_cases, qa_queue
from cases.selectors.practice import practice_cases_open
from cases.selectors.readings import my_second_readings
from inspection.permissions import (
    get_inspection_for_user,
    inspections_for,
    is_admin,
    is_lead,
    manages_any,
)
from reports.selectors import latest_snapshot


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The inspector's cases across inspections; leads also see cases awaiting QA, and everyone
    the inspections they can see."""
    user = request.user
    return render(
        request,
        "portal/home.html",
        {
            "my_cases": my_cases(user),
            "second_readings": list(my_second_readings(user)),
            "practice": [
                line
                for line in practice_cases_open(user)
                if not line.mine or not line.mine.is_submitted
            ],
            "qa_cases": qa_queue(user, led_cases(user)),
            "inspections": inspections_for(user).order_by("-fieldwork_start"),
            "is_admin": is_admin(user),
            "can_set_up": manages_any(user),
        },
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    snapshot = latest_snapshot(inspection=inspection)
    return render(
        request,
        "portal/inspection.html",
        {
            "inspection": inspection,
            "windows": inspection.cohort_windows.all(),
            "results": snapshot.document if snapshot else None,
            "snapshot": snapshot,
            "manages": is_lead(request.user, inspection),
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    """For the container healthcheck: the process serves and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
