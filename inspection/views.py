from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from inspection.permissions import get_inspection_for_user


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    snapshot = inspection.snapshots.filter(kind="latest").first()
    return render(
        request,
        "inspection/detail.html",
        {
            "inspection": inspection,
            "windows": inspection.cohort_windows.all(),
            "results": snapshot.document if snapshot else None,
            "snapshot": snapshot,
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    """For the container healthcheck: the process serves and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
