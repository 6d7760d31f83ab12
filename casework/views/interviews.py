"""Practitioner interviews on a case: record one, or correct a recorded one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.requests import SignedInRequest
from casework.forms import InterviewForm
from casework.permissions import case_access, get_case_for_user
from casework.services.interviews import interview_save


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(
    request: SignedInRequest, pk: int, interview_pk: int | None = None
) -> HttpResponse:
    case = get_case_for_user(request, pk)
    interview = get_object_or_404(case.interviews, pk=interview_pk) if interview_pk else None
    if not case_access(request.user, case).can_record_interview:
        raise PermissionDenied("You cannot record interviews on this case.")
    initial = {}
    if interview is not None:
        initial = {f: getattr(interview, f) for f in ("held_on", "grade", "outcome", "notes")}
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interview_save(case=case, user=request.user, interview=interview, **form.cleaned_data)
        except ValidationError as exc:  # e.g. signed off while the form was open
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Interview updated" if interview else "Interview recorded")
            return redirect("cases:detail", pk=case.pk)
    heading = "Change a practitioner interview" if interview else "Record a practitioner interview"
    context = {"case": case, "form": form, "heading": heading}
    return render(
        request, "casework/interview_form.html", context, status=400 if form.errors else 200
    )
