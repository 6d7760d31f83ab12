"""Calibration exercises: admins set up practice cases (set-up pages); every inspector lists the
open ones and starts their own reading (the reading pages are `readings.views.readings`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import SignedInRequest
from inspection import permissions as perms
from readings.forms import PracticeCaseForm
from readings.models import PracticeCase, PracticeStatus
from readings.permissions import practice_cases_for
from readings.selectors.practice import practice_cases_admin, practice_cases_open, practice_overview
from readings.services.practice import (
    PRACTICE_FIELDS,
    practice_case_create,
    practice_case_status_set,
    practice_case_update,
    practice_reading_start,
)


@login_required
def practice_list(request: SignedInRequest) -> HttpResponse:
    """Practice cases open to every inspector, with the user's own reading of each."""
    return render(
        request, "readings/practice_list.html", {"lines": practice_cases_open(request.user)}
    )


@login_required
@require_POST
def practice_start(request: SignedInRequest, pk: int) -> HttpResponse:
    practice = practice_cases_for(request.user).filter(pk=pk).first()
    if practice is None:
        raise Http404("No such practice case")
    try:
        reading = practice_reading_start(practice=practice, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:practice_list")
    return redirect("cases:reading", pk=reading.pk)


@login_required
def practice_admin(request: SignedInRequest) -> HttpResponse:
    perms.require_admin(request)
    return render(request, "readings/practice_admin.html", {"practices": practice_cases_admin()})


@login_required
@require_http_methods(["GET", "POST"])
def practice_new(request: SignedInRequest) -> HttpResponse:
    perms.require_admin(request)
    form = PracticeCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice = practice_case_create(
                framework=data["framework"],
                user=request.user,
                **{name: data[name] for name in PRACTICE_FIELDS},
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Practice case created. Next: record its reference reading.")
            return redirect("setup:practice", practice.pk)
    status = 400 if form.errors else 200
    return render(request, "readings/practice_form.html", {"form": form}, status=status)


def _practice(request: SignedInRequest, pk: int) -> PracticeCase:
    perms.require_admin(request)
    return get_object_or_404(PracticeCase.objects.select_related("framework"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def practice_change(request: SignedInRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    if practice.status != PracticeStatus.SETUP:
        messages.error(request, "Inspectors have started this practice case: it cannot change.")
        return redirect("setup:practice", practice.pk)
    form = PracticeCaseForm(request.POST or None, instance=practice)
    form.fields["framework"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice_case_update(
                practice=practice,
                user=request.user,
                **{name: data[name] for name in PRACTICE_FIELDS},
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Practice case changed.")
            return redirect("setup:practice", practice.pk)
    context = {"form": form, "practice": practice}
    return render(
        request, "readings/practice_form.html", context, status=400 if form.errors else 200
    )


@login_required
def practice_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The practice case, its reference reading, and every inspector's agreement with it."""
    practice = _practice(request, pk)
    overview = practice_overview(practice)
    return render(
        request,
        "readings/practice_detail.html",
        {
            "practice": practice,
            "overview": overview,
            "view": overview.view,
        },
    )


@login_required
@require_POST
def practice_status(request: SignedInRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    status = request.POST.get("status", "")
    try:
        practice_case_status_set(practice=practice, status=status, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        label = "opened to every inspector" if status == PracticeStatus.OPEN else "closed"
        messages.success(request, f"Practice case {label}.")
    return redirect("setup:practice", practice.pk)
