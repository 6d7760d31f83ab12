"""Set-up pages for admins and lead inspectors: inspection, team, case list, sample, assignment,
progress. Inspectors (and leads of other inspections) get a 404, never a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from inspection import permissions as perms
from inspection.services.setup import inspection_create, team_member_set
from sampling.caselist import caselist_columns, column_heading, errors_csv
from sampling.forms import (
    AssignForm,
    CaseListUploadForm,
    ConflictForm,
    InspectionCreateForm,
    TeamMemberForm,
)
from sampling.models import UploadStatus
from sampling.selectors import setup as sel
from sampling.selectors.caselist_docs import declared_frameworks, framework_columns
from sampling.selectors.samples import inspection_samples
from sampling.services.assignment import (
    cases_assign,
    cases_auto_assign,
    conflict_declare,
    team_member_withdraw,
)
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage


def form_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def index(request: SignedInRequest) -> HttpResponse:
    perms.require_manager(request)
    inspections = perms.managed_inspections(request.user).order_by("-fieldwork_start")
    return render(
        request,
        "sampling/index.html",
        {"inspections": inspections, "is_admin": perms.is_admin(request.user)},
    )


@login_required
def inspection_new(request: SignedInRequest) -> HttpResponse:
    perms.require_admin(request)
    form = InspectionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = inspection_create(
                region_name=data["region_name"],
                pdu_name=data["pdu_name"],
                framework=data["framework"],
                fieldwork_start=data["fieldwork_start"],
                fieldwork_end=data["fieldwork_end"],
                windows=data["windows"],
                lead=data["lead"],
                inspectors=data["inspectors"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "Inspection created. Next: import the case list.")
            return redirect("setup:overview", inspection.pk)
    return render(request, "sampling/inspection_new.html", {"form": form})


@login_required
def overview(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    return render(
        request,
        "sampling/overview.html",
        {
            "inspection": inspection,
            "overview": sel.setup_overview(inspection),
            "windows": inspection.cohort_windows.all(),
            "is_admin": perms.is_admin(request.user),
        },
    )


@login_required
def team(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    form = TeamMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team_member_set(inspection=inspection, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['user']} is on the team.")
            return redirect("setup:team", pk)
    return render(
        request,
        "sampling/team.html",
        {"inspection": inspection, "form": form, "team": sel.team(inspection)},
    )


@login_required
@require_POST
def team_remove(request: SignedInRequest, pk: int, member_pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    membership = inspection.team.filter(pk=member_pk).first()
    if membership is not None:
        try:
            withdrawn = team_member_withdraw(membership=membership, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("setup:team", pk)
        n = len(withdrawn)
        note = f" Their {n} case{'s are' if n > 1 else ' is'} now unassigned." if n else ""
        messages.success(request, f"{membership.user} is no longer on the team.{note}")
    return redirect("setup:team", pk)


@login_required
def caselist_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    form = CaseListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = caselist_upload_stage(
            inspection=inspection, data=file.read(), filename=file.name, user=request.user
        )
        return redirect("setup:caselist_preview", pk, upload.pk)
    return render(
        request,
        "sampling/caselist_upload.html",
        {
            "inspection": inspection,
            "form": form,
            "windows": inspection.cohort_windows.all(),
            "cohort": sel.cohort_size(inspection),
        },
    )


@login_required
def caselist_preview(request: SignedInRequest, pk: int, upload_pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    upload = sel.get_upload(inspection, upload_pk)
    return render(
        request,
        "sampling/caselist_preview.html",
        {
            "inspection": inspection,
            "upload": upload,
            "errors": [
                {**e, "header": e.get("header") or column_heading(e["column"])}
                for e in upload.errors
            ],
            "can_commit": upload.status == UploadStatus.STAGED,
        },
    )


@login_required
def caselist_errors(request: SignedInRequest, pk: int, upload_pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    upload = sel.get_upload(inspection, upload_pk)
    response = HttpResponse(errors_csv(upload.errors), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="caselist-errors-{upload.pk}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def caselist_commit(request: SignedInRequest, pk: int, upload_pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    upload = sel.get_upload(inspection, upload_pk)
    try:
        n = caselist_upload_commit(upload=upload)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("setup:caselist_preview", pk, upload_pk)
    messages.success(request, f"Case list committed: {n} cases in the cohort.")
    return redirect("setup:overview", pk)


@login_required
def assignment(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    members = perms.team_members(inspection)
    form = AssignForm(request.POST or None, inspection=inspection, members=members)
    if request.method == "POST" and form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            changed = cases_assign(
                inspection=inspection, cases=form.cleaned_data["cases"], assignee=assignee
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            who = assignee or "nobody"
            messages.success(request, f"{len(changed)} cases assigned to {who}.")
            return redirect("setup:assignment", pk)
    samples = inspection_samples(inspection)
    several = samples if len(samples) > 1 else []
    return render(
        request,
        "sampling/assignment.html",
        {
            "inspection": inspection,
            "form": form,
            "rows": sel.assignment_rows(inspection, several),
            "several": bool(several),
            "selected": {str(v) for v in form["cases"].value() or []},
            "inspectors": perms.team_inspectors(inspection),
        },
    )


@login_required
@require_POST
def auto_assign(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    try:
        result = cases_auto_assign(inspection=inspection)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = f"{result['assigned']} cases shared out."
        if result["unassigned"]:
            text += f" {result['unassigned']} left unassigned: every inspector has a conflict."
        messages.success(request, text)
    return redirect("setup:assignment", pk)


@login_required
def conflicts(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    form = ConflictForm(request.POST or None, members=perms.team_members(inspection))
    if request.method == "POST" and form.is_valid():
        conflict_declare(inspection=inspection, **form.cleaned_data)
        messages.success(request, "Conflict of interest recorded.")
        return redirect("setup:conflicts", pk)
    return render(
        request,
        "sampling/conflicts.html",
        {"inspection": inspection, "form": form, "conflicts": sel.conflicts(inspection)},
    )


@login_required
def caselist_docs(request: SignedInRequest) -> HttpResponse:
    """The case list's columns: the PDU table, then each format-2 framework version's columns;
    from an inspection (`?inspection=pk`), only its framework's."""
    perms.require_manager(request)
    pdu, frameworks, inspection = True, declared_frameworks(), None
    if request.GET.get("inspection"):
        pk = request.GET["inspection"]
        inspection = perms.get_inspection_to_manage(request, int(pk) if pk.isdigit() else 0)
        pdu = inspection.framework.file_format == 1
        frameworks = [] if pdu else [framework_columns(inspection.framework)]
    context = {
        "columns": caselist_columns() if pdu else [],
        "frameworks": frameworks,
        "inspection": inspection,
    }
    return render(request, "sampling/caselist_docs.html", context)
