"""Practitioner interviews on a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cases.forms.casework import InterviewForm
from cases.permissions import case_access, get_case_for_user
from cases.services.interviews import interview_record, interview_update


@login_required
@require_http_methods(["GET", "POST"])
def interview_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    if not case_access(request.user, case).can_record_interview:
        raise PermissionDenied("You cannot record interviews on this case.")
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interview_record(case=case, user=request.user, **form.cleaned_data)
        messages.success(request, "Interview recorded")
        return redirect("cases:detail", pk=case.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "cases/interview_form.html",
        {"case": case, "form": form, "heading": "Record a practitioner interview"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_change(request: HttpRequest, pk: int, interview_pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    interview = get_object_or_404(case.interviews, pk=interview_pk)
    if not case_access(request.user, case).can_record_interview:
        raise PermissionDenied("You cannot change interviews on this case.")
    initial = {
        "held_on": interview.held_on,
        "grade": interview.grade,
        "outcome": interview.outcome,
        "notes": interview.notes,
    }
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        interview_update(interview=interview, user=request.user, **form.cleaned_data)
        messages.success(request, "Interview updated")
        return redirect("cases:detail", pk=case.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "cases/interview_form.html",
        {"case": case, "form": form, "heading": "Change a practitioner interview"},
        status=status,
    )
