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
from sampling import draw as sampling
from sampling.caselist import caselist_columns, column_heading, errors_csv
from sampling.forms import (
    CONFIDENCE_CHOICES,
    AssignForm,
    CaseListUploadForm,
    ConflictForm,
    DrawForm,
    InspectionCreateForm,
    ReplaceForm,
    SampleSizeForm,
    TeamMemberForm,
)
from sampling.models import MemberRole, UploadStatus
from sampling.selectors import setup as sel
from sampling.services.assignment import (
    cases_assign,
    cases_auto_assign,
    conflict_declare,
    team_member_withdraw,
)
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw, sample_replace


def _errors(form, exc: ValidationError) -> None:
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
            _errors(form, exc)
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
            _errors(form, exc)
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
def sample_size(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    cohort = sel.cohort_size(inspection)
    data = request.GET if "population" in request.GET else None
    # the framework's interval confidence is the default, so sizing and reporting agree
    confidence = str(inspection.framework.interval_confidence)
    form = SampleSizeForm(data, initial={"population": cohort or None, "confidence": confidence})
    size = summary = None
    if form.is_valid():
        data = form.cleaned_data
        size = sampling.sample_size(
            data["population"], confidence=data["confidence"], margin=data["margin"] / 100
        )
        label = dict(CONFIDENCE_CHOICES)[request.GET["confidence"]]
        summary = f"from {data['population']} cases, {label} confidence, ±{data['margin']} points"
    return render(
        request,
        "sampling/sample_size.html",
        {
            "inspection": inspection,
            "form": form,
            "size": size,
            "summary": summary,
            "cohort": cohort,
        },
    )


@login_required
def draw(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    initial = {"size": request.GET.get("size")}
    cohort = sel.cohort_size(inspection)
    form = DrawForm(
        request.POST or None, initial=initial, cohort=cohort, framework=inspection.framework
    )
    if request.method == "POST" and form.is_valid():
        try:
            sample_draw(inspection=inspection, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Sample drawn.")
            return redirect("setup:sample", pk)
    return render(
        request,
        "sampling/draw.html",
        {"inspection": inspection, "form": form, "cohort": cohort},
    )


@login_required
def sample(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    draw = sel.setup_overview(inspection).draw
    context = {"inspection": inspection, "draw": draw}
    if draw is not None:
        context |= {
            "profile": sel.sample_profile(draw),
            "cases": sel.sampled_cases(inspection),
            "reserves": sel.sample_members(draw, MemberRole.RESERVE, per_stratum=3),
            "replaced": sel.sample_members(draw, MemberRole.REPLACED),
        }
    return render(request, "sampling/sample.html", context)


@login_required
def replace(request: SignedInRequest, pk: int, case_pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    case = sel.get_case(inspection, case_pk)
    form = ReplaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = sample_replace(case=case, reason=form.cleaned_data["reason"], user=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"{case.ref} replaced by {new.ref} from the same stratum.")
            return redirect("setup:sample", pk)
    return render(
        request,
        "sampling/replace.html",
        {
            "inspection": inspection,
            "case": case,
            "form": form,
            "label": sel.stratum_label(case.stratum),
        },
    )


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
            _errors(form, exc)
        else:
            who = assignee or "nobody"
            messages.success(request, f"{len(changed)} cases assigned to {who}.")
            return redirect("setup:assignment", pk)
    return render(
        request,
        "sampling/assignment.html",
        {
            "inspection": inspection,
            "form": form,
            "rows": sel.assignment_rows(inspection),
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
    perms.require_manager(request)
    return render(request, "sampling/caselist_docs.html", {"columns": caselist_columns()})


@login_required
def progress(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    return render(
        request,
        "sampling/progress.html",
        {"inspection": inspection, "board": sel.progress_board(inspection)},
    )
