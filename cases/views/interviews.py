"""Practitioner interviews on a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases.forms.casework import InterviewForm
from cases.permissions import case_access, get_case_for_user
from cases.services.interviews import interview_record


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
    return render(request, "cases/interview_form.html", {"case": case, "form": form}, status=status)
