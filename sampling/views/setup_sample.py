"""Set-up pages of the sample, one sample at a time: its size, its draw, the sample with its
reserves, replacing a case, and the progress board. With several samples (framework format 2)
the pages take `?sample=code`; without one they show the first sample, so a single-sample
inspection's addresses are unchanged."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.requests import SignedInRequest
from inspection import permissions as perms
from inspection.attributes import stratum_label
from inspection.declared import declared_by_name
from inspection.models import Inspection
from sampling import draw as sampling
from sampling.forms import CONFIDENCE_CHOICES, DrawForm, ReplaceForm, SampleSizeForm
from sampling.models import MemberRole
from sampling.selectors import setup as sel
from sampling.selectors.progress import progress_board
from sampling.selectors.samples import (
    Sample,
    inspection_samples,
    sample_cohort_size,
    sample_draw_of,
    sample_named,
    sample_states,
)
from sampling.services.sampling import sample_draw, sample_replace
from sampling.views.setup import form_errors


def _samples(request: HttpRequest, inspection: Inspection) -> tuple[list[Sample], Sample]:
    """The inspection's samples and the one the page is about (`?sample=code`; the first when
    none is named, so a single-sample inspection's addresses need none). 404 for another code."""
    samples = inspection_samples(inspection)
    sample = sample_named(samples, request.GET.get("sample"))
    if sample is None:
        raise Http404("No such sample")
    return samples, sample


def _sample_url(name: str, pk: int, samples: list[Sample], sample: Sample) -> str:
    url = reverse(name, args=[pk])
    return f"{url}?sample={sample.code}" if len(samples) > 1 else url


def _sample_nav(samples: list[Sample], chosen: Sample, nav_url: str) -> dict[str, Any]:
    """What the sample pages' switcher (`sampling/_sample_nav.html`) reads: no samples listed
    for a single-sample inspection."""
    return {"samples": samples if len(samples) > 1 else [], "chosen": chosen, "nav_url": nav_url}


@login_required
def sample_size(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    samples, chosen = _samples(request, inspection)
    several = len(samples) > 1
    cohort = sample_cohort_size(inspection, chosen) if several else sel.cohort_size(inspection)
    query = request.GET if "population" in request.GET else None
    # the framework's interval confidence is the default, so sizing and reporting agree
    confidence = str(inspection.framework.interval_confidence)
    form = SampleSizeForm(query, initial={"population": cohort or None, "confidence": confidence})
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
            **_sample_nav(samples, chosen, "setup:sample_size"),
        },
    )


@login_required
def draw(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    samples, chosen = _samples(request, inspection)
    several = len(samples) > 1
    initial = {"size": request.GET.get("size")}
    cohort = sample_cohort_size(inspection, chosen) if several else sel.cohort_size(inspection)
    form = DrawForm(
        request.POST or None, initial=initial, cohort=cohort, framework=inspection.framework
    )
    if request.method == "POST" and form.is_valid():
        try:
            sample_draw(
                inspection=inspection, user=request.user, sample=chosen.code, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, f"Sample drawn: {chosen.title}." if several else "Sample drawn."
            )
            return redirect(_sample_url("setup:sample", pk, samples, chosen))
    return render(
        request,
        "sampling/draw.html",
        {
            "inspection": inspection,
            "form": form,
            "cohort": cohort,
            "whole_cohort": sel.cohort_size(inspection) if several and not cohort else cohort,
            **_sample_nav(samples, chosen, "setup:draw"),
        },
    )


@login_required
def sample(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    samples, chosen = _samples(request, inspection)
    several = len(samples) > 1
    draw = sample_draw_of(inspection, chosen) if several else sel.setup_overview(inspection).draw
    declared = declared_by_name(inspection.framework)
    context: dict[str, Any] = {
        "inspection": inspection,
        "draw": draw,
        "declared": declared,
        **_sample_nav(samples, chosen, "setup:sample"),
    }
    if draw is not None:
        context |= {
            "strata": draw.strata_labels(declared),
            "minimums": draw.minimum_labels(declared),
            "profile": sel.sample_profile(draw, declared),
            "cases": sel.sampled_cases(inspection, draw if several else None),
            "reserves": sel.sample_members(draw, MemberRole.RESERVE, per_stratum=3),
            "replaced": sel.sample_members(draw, MemberRole.REPLACED),
        }
    return render(request, "sampling/sample.html", context)


@login_required
def replace(request: SignedInRequest, pk: int, case_pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    samples, chosen = _samples(request, inspection)
    case = sel.get_case(inspection, case_pk)
    form = ReplaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = sample_replace(case=case, reason=form.cleaned_data["reason"], user=request.user)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            text = f"{case.ref} replaced by {new.ref} from the same stratum."
            if len(samples) > 1:
                text = f"{case.ref} replaced from the reserve list of each sample that drew it."
            messages.success(request, text)
            return redirect(_sample_url("setup:sample", pk, samples, chosen))
    return render(
        request,
        "sampling/replace.html",
        {
            "inspection": inspection,
            "case": case,
            "form": form,
            "label": stratum_label(case.stratum, declared_by_name(inspection.framework)),
            "samples": samples if len(samples) > 1 else [],
            "chosen": chosen,
        },
    )


@login_required
def progress(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = perms.get_inspection_to_manage(request, pk)
    samples = inspection_samples(inspection)
    by_sample = sample_states(inspection, samples) if len(samples) > 1 else []
    return render(
        request,
        "sampling/progress.html",
        {"inspection": inspection, "board": progress_board(inspection), "by_sample": by_sample},
    )
