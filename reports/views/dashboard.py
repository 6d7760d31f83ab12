from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import SignedInRequest
from casework.permissions import cases_for
from inspection.labels import answer_label
from inspection.models import Inspection, Item
from inspection.permissions import get_inspection_for_user, is_lead
from inspection.services.publication import publication_reopen
from inspection.writes import read_only_reason
from reports.forms import FreezeForm, PublicationReopenForm, PublishForm
from reports.models import Job, ResultsSnapshot
from reports.rendering.dashboard import (
    diff_rows,
)
from reports.rendering.labels import counted_words
from reports.selectors import (
    breakdown_attribute,
    figure_cases,
)
from reports.services.jobs import job_enqueue, job_retry
from reports.services.publication import publication_outstanding
from reports.services.snapshots import (
    inspection_publish,
    snapshot_compare_live,
    snapshot_freeze,
)
from reports.views import job_page, require_lead, tell_job_requested
from reports.views.results_pages import frozen_page


@login_required
def job_status(request: SignedInRequest, pk: int, job_pk: int) -> HttpResponse:
    """The job's state; htmx polls the partial while the job is queued or running. Once a
    recompute polled from a results page has finished, the whole page reloads (`HX-Refresh`), so
    it shows the new figures without anyone pressing anything."""
    inspection = get_inspection_for_user(request, pk)
    job = get_object_or_404(Job, pk=job_pk, inspection=inspection)
    template = "reports/_job.html" if request.htmx else "reports/job.html"
    context = {"inspection": inspection, "job": job, "is_lead": is_lead(request.user, inspection)}
    response = render(request, template, context)
    if request.htmx and job.kind == Job.Kind.AGGREGATE and not job.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def recompute(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    job = job_enqueue(inspection=inspection, kind=Job.Kind.AGGREGATE, user=request.user)
    tell_job_requested(request, job)
    return redirect(job_page(job))


@login_required
@require_POST
def retry(request: SignedInRequest, pk: int, job_pk: int) -> HttpResponse:
    """Try again after a failed or not-queued job: queue a new one of the same kind and format."""
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    job = get_object_or_404(Job, pk=job_pk, inspection=inspection)
    try:
        job = job_retry(job=job, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        tell_job_requested(request, job)
    return redirect(job_page(job))


@login_required
@require_POST
def freeze(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    form = FreezeForm(request.POST)
    if not form.is_valid():  # the label is too long: say so, freeze nothing
        return frozen_page(request, inspection, freeze_form=form, status=400)
    snapshot = snapshot_freeze(
        inspection=inspection, user=request.user, label=form.cleaned_data["label"]
    )
    messages.success(request, f"Results frozen as “{snapshot.label}”.")
    return redirect("reports:frozen", pk=inspection.pk)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: SignedInRequest, pk: int) -> HttpResponse:
    """Leads record that the report is published: what is outstanding and what publishing does
    (GET), then do it. Blocking items refuse it (400, listed); the rest need a reason."""
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:  # refused (403, saying why) while published or anonymised
            snapshot = inspection_publish(
                inspection=inspection, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error("reason", exc.message_dict["reason"])
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Published. The results are frozen as “{snapshot.label}”.")
            return redirect("reports:frozen", pk=inspection.pk)
    context = _publication_context(inspection) | {"form": form}
    if inspection.status != "published":
        outstanding = publication_outstanding(inspection=inspection)
        context |= {
            "outstanding": outstanding,
            "blocked": any(o.blocks for o in outstanding),
            "confirm": any(not o.blocks for o in outstanding),
        }
    return render(request, "reports/publish.html", context, status=400 if form.errors else 200)


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


def _answer_words(value: str | None) -> str:
    return answer_label(value) if value else ""


@login_required
def figure(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    """The counted cases behind one figure, with their answers and evidence (in the user's scope)."""
    inspection = get_inspection_for_user(request, pk)
    item = (
        Item.objects.filter(framework=inspection.framework, code=code)
        .select_related("standard__sample")
        .first()
    )
    by = request.GET.get("by") or None
    if item is None or (by is not None and breakdown_attribute(inspection.framework, by) is None):
        raise Http404("No such figure")
    value = request.GET.get("value") or None
    group = request.GET.get("group") if by else None
    rows = figure_cases(
        cases=cases_for(request.user),
        inspection=inspection,
        item=item,
        value=value,
        by=by,
        group=group,
    )
    counted = counted_words(item, inspection.framework.file_format)
    for row in rows:
        row["counted_words"] = counted[row["counted_as"]]
    return render(
        request,
        "reports/figure.html",
        {
            "inspection": inspection,
            "item": item,
            "value": value,
            "by": by,
            "group": group,
            "rows": rows,
            "counted": counted,
            "value_words": counted.get(value or "", _answer_words(value)),
        },
    )
