from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import SignedInRequest
from casework.permissions import cases_for
from inspection.labels import rating_label
from inspection.models import Inspection, Item
from inspection.permissions import get_inspection_for_user, is_lead
from inspection.services.publication import publication_reopen
from inspection.writes import read_only_reason
from reports.forms import BuildForm, FreezeForm, PublicationReopenForm, RegionComparisonForm
from reports.models import Job, ResultsSnapshot
from reports.rendering.benchmarks import benchmark_context
from reports.rendering.dashboard import (
    band_marks,
    breakdown_tables,
    dashboard_sections,
    diff_rows,
)
from reports.selectors import (
    BREAKDOWN_FIELDS,
    benchmark_rollups,
    fieldwork_progress,
    figure_cases,
    finished_outputs,
    frozen_snapshots,
    latest_jobs,
    latest_snapshot,
    region_comparison_codes,
)
from reports.services.jobs import job_enqueue, job_retry
from reports.services.snapshots import (
    inspection_publish,
    snapshot_compare_live,
    snapshot_freeze,
)
from reports.views import require_lead, tell_job_requested


@login_required
def dashboard(request: SignedInRequest, pk: int) -> HttpResponse:
    return _dashboard(request, get_inspection_for_user(request, pk))


def _dashboard(
    request: SignedInRequest,
    inspection: Inspection,
    *,
    freeze_form: FreezeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The dashboard page; `freeze_form` with its errors when a freeze was refused."""
    snapshot = latest_snapshot(inspection=inspection)
    frozen = frozen_snapshots(inspection=inspection)
    context = {
        "inspection": inspection,
        "snapshot": snapshot,
        "frozen": frozen,
        "jobs": latest_jobs(inspection=inspection),
        "outputs": finished_outputs(inspection=inspection),
        "progress": fieldwork_progress(inspection=inspection),
        "is_lead": is_lead(request.user, inspection),
        "bands": band_marks(inspection),
        "build_form": BuildForm(frozen=frozen),
        "freeze_form": freeze_form or FreezeForm(),
    }
    if snapshot is not None:
        sections = dashboard_sections(inspection=inspection, snapshot=snapshot)
        rollups = benchmark_rollups(inspection=inspection)
        compared = region_comparison_codes(inspection=inspection)
        context |= benchmark_context(inspection=inspection, sections=sections, rollups=rollups)
        context |= {
            "compared": compared,
            "comparison_form": RegionComparisonForm(
                initial={"standards": compared},
                standards=[s for s in sections if s.rated_from == "cases"],
            ),
            "results": snapshot.document,
            "overall_label": rating_label(snapshot.document["overall"]["rating"]),
            "sections": sections,
            "charted": [s for s in sections if s.key_questions],
            "breakdowns": breakdown_tables(snapshot.breakdowns or {}),
        }
    return render(request, "reports/dashboard.html", context, status=status)


@login_required
def job_status(request: SignedInRequest, pk: int, job_pk: int) -> HttpResponse:
    """The job's state; htmx polls the partial while the job is queued or running."""
    inspection = get_inspection_for_user(request, pk)
    job = get_object_or_404(Job, pk=job_pk, inspection=inspection)
    template = "reports/_job.html" if request.htmx else "reports/job.html"
    context = {"inspection": inspection, "job": job, "is_lead": is_lead(request.user, inspection)}
    return render(request, template, context)


@login_required
@require_POST
def recompute(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    job = job_enqueue(inspection=inspection, kind=Job.Kind.AGGREGATE, user=request.user)
    tell_job_requested(request, job)
    return redirect("reports:dashboard", pk=inspection.pk)


@login_required
@require_POST
def retry(request: SignedInRequest, pk: int, job_pk: int) -> HttpResponse:
    """Try again after a failed or not-queued job: queue a new one of the same kind and format."""
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    job = get_object_or_404(Job, pk=job_pk, inspection=inspection)
    try:
        tell_job_requested(request, job_retry(job=job, user=request.user))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("reports:dashboard", pk=inspection.pk)


@login_required
@require_POST
def freeze(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    form = FreezeForm(request.POST)
    if not form.is_valid():  # the label is too long: say so, freeze nothing
        return _dashboard(request, inspection, freeze_form=form, status=400)
    snapshot = snapshot_freeze(
        inspection=inspection, user=request.user, label=form.cleaned_data["label"]
    )
    messages.success(request, f"Results frozen as “{snapshot.label}”.")
    return redirect("reports:dashboard", pk=inspection.pk)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: SignedInRequest, pk: int) -> HttpResponse:
    """Leads record that the report is published: what that does first (GET), then do it."""
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    if request.method == "POST":  # refused (403, saying why) while published or anonymised
        try:
            snapshot = inspection_publish(inspection=inspection, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"Published. The results are frozen as “{snapshot.label}”.")
        return redirect("reports:dashboard", pk=inspection.pk)
    return render(request, "reports/publish.html", _publication_context(inspection))


def _publication_context(inspection: Inspection, form: PublicationReopenForm | None = None) -> dict:
    return {
        "inspection": inspection,
        "read_only": read_only_reason(inspection),
        "reopenings": inspection.reopenings.select_related("reopened_by"),
        "form": form or PublicationReopenForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: SignedInRequest, pk: int) -> HttpResponse:
    """Leads reopen a published inspection, with a reason that is kept (who, when, why); the
    published results stay frozen. An anonymised inspection cannot be reopened (403)."""
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    form = PublicationReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication_reopen(
                inspection=inspection, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Publication reopened. The inspection can be changed again.")
            return redirect("reports:dashboard", pk=inspection.pk)
    context = _publication_context(inspection, form)
    return render(request, "reports/reopen.html", context, status=400 if form.errors else 200)


@login_required
def snapshot_diff(request: SignedInRequest, pk: int, snapshot_pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    snapshot = get_object_or_404(
        ResultsSnapshot, pk=snapshot_pk, inspection=inspection, kind=ResultsSnapshot.Kind.FROZEN
    )
    changes = diff_rows(snapshot_compare_live(snapshot=snapshot))
    return render(
        request,
        "reports/diff.html",
        {"inspection": inspection, "snapshot": snapshot, "changes": changes},
    )


@login_required
def figure(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    """The counted cases behind one figure, with their answers and evidence (in the user's scope)."""
    inspection = get_inspection_for_user(request, pk)
    item = Item.objects.filter(framework=inspection.framework, code=code).first()
    by = request.GET.get("by") or None
    if item is None or (by is not None and by not in BREAKDOWN_FIELDS):
        raise Http404("No such figure")
    value = request.GET.get("value") or None
    group = request.GET.get("group") if by else None
    rows = figure_cases(
        cases=cases_for(request.user), inspection=inspection, item=item,
        value=value, by=by, group=group,
    )  # fmt: skip
    return render(
        request,
        "reports/figure.html",
        {"inspection": inspection, "item": item, "value": value, "by": by, "group": group,
         "rows": rows},
    )  # fmt: skip
