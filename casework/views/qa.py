"""Quality assurance (return with comments, sign off, reopen) and the audit timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import SignedInRequest
from casework.forms import ReopenForm, ReturnForm
from casework.models import Case, CaseStatus
from casework.permissions import case_access, get_case_for_user
from casework.selectors.casework import case_form
from casework.selectors.timeline import case_timeline
from casework.services.qa import CommentInput, case_reopen, case_return, case_sign_off


def _lead_case(request: SignedInRequest, pk: int) -> Case:
    case = get_case_for_user(request, pk)
    if not case_access(request.user, case).can_quality_assure:
        raise PermissionDenied("Only a lead inspector can quality-assure this case.")
    return case


@login_required
@require_http_methods(["GET", "POST"])
def case_qa(request: SignedInRequest, pk: int) -> HttpResponse:
    """The QA view: every answer with its evidence, a comment box per key question."""
    case = _lead_case(request, pk)
    casework = case_form(case)
    rows = [row for entry in casework.standards for row in casework.rows(entry.standard)]
    form = ReturnForm(rows, request.POST or None)
    if request.method == "POST" and case.status == CaseStatus.SUBMITTED and form.is_valid():
        comments = [CommentInput(item=item, text=text) for item, text in form.comments()]
        try:
            case_return(case=case, user=request.user, comments=comments)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Case {case.ref} returned to the inspector")
            return redirect("cases:detail", pk=case.pk)
    sections = [(entry, casework.rows(entry.standard)) for entry in casework.standards]
    fields = {row.slug: form[f"c_{row.slug}"] for row in form.rows}
    context = {
        "case": case,
        "casework": casework,
        "sections": sections,
        "form": form,
        "comment_fields": fields,
        "can_act": case.status == CaseStatus.SUBMITTED,
    }
    return render(request, "casework/qa.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def case_sign_off_view(request: SignedInRequest, pk: int) -> HttpResponse:
    case = _lead_case(request, pk)
    try:
        case_sign_off(case=case, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Case {case.ref} signed off")
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_reopen_view(request: SignedInRequest, pk: int) -> HttpResponse:
    case = _lead_case(request, pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_reopen(case=case, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Case {case.ref} reopened and returned to the inspector")
            return redirect("cases:detail", pk=case.pk)
    status = 400 if form.errors else 200
    return render(request, "casework/reopen.html", {"case": case, "form": form}, status=status)


@login_required
def case_history(request: SignedInRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    return render(request, "casework/history.html", {"case": case, "entries": case_timeline(case)})
