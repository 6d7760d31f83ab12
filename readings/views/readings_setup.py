"""Set-up pages of second readings (the inspection's leads and admins): choose cases, change or
cancel a second reader, and the agreement between first and second readings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.requests import SignedInRequest
from casework.permissions import sees_readings_of
from inspection import permissions as perms
from inspection.declared import declared_by_name
from inspection.models import Inspection
from readings.forms import ReaderForm, SelectForm
from readings.models import Reading, ReadingKind, ReadingStatus
from readings.selectors.readings import inspection_agreement_view, inspection_second_readings
from readings.services.readings import (
    second_reader_candidates,
    second_reader_set,
    second_reading_cancel,
    second_readings_select,
)


def _errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def second_readings(request: SignedInRequest, pk: int) -> HttpResponse:
    """The inspection's second readings, and the form that chooses more cases."""
    inspection = perms.get_inspection_to_manage(request, pk)
    form = SelectForm(request.POST or None, framework=inspection.framework)
    if request.method == "POST" and form.is_valid():
        try:
            draw = second_readings_select(
                inspection=inspection, user=request.user, **form.selection()
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            unassigned = draw.readings.filter(reader__isnull=True).count()
            note = (
                f" {unassigned} have no second reader yet: choose one below." if unassigned else ""
            )
            messages.success(request, f"{draw.size} cases chosen for a second reading.{note}")
            return redirect("setup:second_readings", pk)
    lines = inspection_second_readings(inspection)
    context = {
        "inspection": inspection,
        "form": form,
        "lines": lines,
        "draws": inspection.reading_draws.select_related("created_by"),
        "declared": declared_by_name(inspection.framework),
        "candidates": second_reader_candidates(inspection).count(),
    }
    return render(
        request, "readings/second_readings.html", context, status=400 if form.errors else 200
    )


def _reading(inspection: Inspection, reading_pk: int) -> Reading:
    reading = (
        Reading.objects.filter(kind=ReadingKind.SECOND, case__inspection=inspection, pk=reading_pk)
        .select_related("case__assigned_to", "reader")
        .first()
    )
    if reading is None:
        raise Http404("No such second reading")
    return reading


@login_required
@require_http_methods(["GET", "POST"])
def second_reader(request: SignedInRequest, pk: int, reading_pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    reading = _reading(inspection, reading_pk)
    candidates = (
        second_reader_candidates(inspection)
        .exclude(pk=reading.case.assigned_to_id or 0)
        .exclude(conflicts__inspection=inspection, conflicts__ref=reading.case.ref)
    )
    form = ReaderForm(
        request.POST or None,
        candidates=candidates,
        initial={"reader": reading.reader_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            second_reader_set(
                reading=reading, reader=form.cleaned_data["reader"], user=request.user
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"Second reader of case {reading.case.ref} changed.")
            return redirect("setup:second_readings", pk)
    context = {"inspection": inspection, "reading": reading, "form": form}
    return render(
        request, "readings/second_reader.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_reading_cancel_view(request: SignedInRequest, pk: int, reading_pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    reading = _reading(inspection, reading_pk)
    error = ""
    if request.method == "POST":
        try:
            second_reading_cancel(reading=reading, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Second reading of case {reading.case.ref} cancelled.")
            return redirect("setup:second_readings", pk)
    context = {
        "inspection": inspection,
        "reading": reading,
        "error": error,
        "can_cancel": reading.status == ReadingStatus.DRAFT,
    }
    return render(
        request, "readings/second_reading_cancel.html", context, status=400 if error else 200
    )


@login_required
def agreement(request: SignedInRequest, pk: int) -> HttpResponse:
    """Agreement of first and second readings: overall, items with the lowest first, per
    standard and per pair of readers."""
    # the readings rule (`sees_readings`), in the query that finds the inspection
    visible = perms.inspections_for(request.user).filter(sees_readings_of(request.user), pk=pk)
    inspection = visible.first()
    if inspection is None:
        raise Http404("No such inspection")
    return render(
        request,
        "readings/agreement.html",
        {"inspection": inspection, "view": inspection_agreement_view(inspection)},
    )
