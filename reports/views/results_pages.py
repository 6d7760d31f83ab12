"""The results pages of an inspection: a summary first, then one sub-page per topic (key
questions and prompts, breakdowns, benchmarks, outputs, frozen results), joined by a sub-navigation.

Each page reads only what it shows, from the stored results document (never recomputed here).
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.requests import SignedInRequest
from inspection.declared import declared_by_name
from inspection.labels import rating_label
from inspection.models import Inspection
from inspection.permissions import get_inspection_for_user, is_lead
from reports.forms import BuildForm, FreezeForm, RegionComparisonForm
from reports.models import ResultsSnapshot
from reports.rendering.benchmarks import benchmark_context
from reports.rendering.dashboard import band_marks, breakdown_tables, dashboard_sections
from reports.rendering.labels import not_rated_note, score_label
from reports.rendering.programme import regional_words
from reports.selectors import (
    benchmark_rollups,
    fieldwork_progress,
    finished_outputs,
    frozen_snapshots,
    latest_jobs,
    latest_snapshot,
    region_comparison_codes,
)
from sampling.selectors.samples import SampleState, inspection_samples, sample_states

# (URL name, label) of each sub-page, in the order of the sub-navigation.
TABS = (
    ("reports:dashboard", "Summary"),
    ("reports:key_questions", "Key questions and prompts"),
    ("reports:breakdowns", "Breakdowns"),
    ("reports:benchmarks", "Benchmarks"),
    ("reports:outputs", "Draft report and workbook"),
    ("reports:frozen", "Frozen results and publication"),
)


def _page(
    request: SignedInRequest,
    inspection: Inspection,
    tab: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    snapshot = context.get("snapshot")
    context = {
        "inspection": inspection,
        "is_lead": is_lead(request.user, inspection),
        "tabs": [{"name": name, "label": label, "current": name == tab} for name, label in TABS],
        "tab_label": dict(TABS)[tab],
        "results": snapshot.document if snapshot is not None else None,
    } | context
    template = "reports/results_" + tab.split(":")[1] + ".html"
    return render(request, template, context, status=status)


def _sections(inspection: Inspection, snapshot: ResultsSnapshot | None) -> list[Any]:
    return [] if snapshot is None else dashboard_sections(inspection=inspection, snapshot=snapshot)


def _by_sample(inspection: Inspection) -> list[SampleState]:
    """With several samples, each one's cases by status (the set-up progress page's rows); with
    one, nothing, so a single-sample inspection's summary is unchanged."""
    samples = inspection_samples(inspection)
    return sample_states(inspection, samples) if len(samples) > 1 else []


@login_required
def dashboard(request: SignedInRequest, pk: int) -> HttpResponse:
    """The summary: overall rating and score, each standard's rating, fieldwork progress."""
    inspection = get_inspection_for_user(request, pk)
    snapshot = latest_snapshot(inspection=inspection)
    context: dict[str, Any] = {
        "snapshot": snapshot,
        "jobs": latest_jobs(inspection=inspection),
        "progress": fieldwork_progress(inspection=inspection),
        "by_sample": _by_sample(inspection),
        "sections": _sections(inspection, snapshot),
    }
    if snapshot is not None:
        document = snapshot.document
        context["overall_label"] = rating_label(document["overall"]["rating"])
        context["score"] = score_label(document["overall"])
        context["score_note"] = not_rated_note(document, inspection.framework.when_not_rated)
    return _page(request, inspection, "reports:dashboard", context)


def _with_benchmarks(inspection: Inspection, snapshot: ResultsSnapshot | None) -> dict[str, Any]:
    sections = _sections(inspection, snapshot)
    # "this PDU" on a probation inspection, "this inspection" on another programme's
    unit = regional_words(inspection.framework)["unit"]
    context: dict[str, Any] = {"snapshot": snapshot, "sections": sections, "unit": unit}
    if snapshot is not None:
        rollups = benchmark_rollups(inspection=inspection)
        context |= benchmark_context(inspection=inspection, sections=sections, rollups=rollups)
        context["charted"] = charted = [s for s in sections if s.key_questions]
        # what the bars count: "Yes", one scale's positive answers, or "positive" when they differ
        labels = {s.positive_label for s in charted} or {"Yes"}
        context["positive_words"] = (labels.pop() or "positive") if len(labels) == 1 else "positive"
    return context


@login_required
def key_questions(request: SignedInRequest, pk: int) -> HttpResponse:
    """Each case-rated standard's key questions (chart and table) and prompts."""
    inspection = get_inspection_for_user(request, pk)
    context = _with_benchmarks(inspection, latest_snapshot(inspection=inspection))
    context["bands"] = band_marks(inspection)
    return _page(request, inspection, "reports:key_questions", context)


@login_required
def benchmarks(request: SignedInRequest, pk: int) -> HttpResponse:
    """The inspection's key questions beside the region's and the country's stored roll-ups."""
    inspection = get_inspection_for_user(request, pk)
    context = _with_benchmarks(inspection, latest_snapshot(inspection=inspection))
    return _page(request, inspection, "reports:benchmarks", context)


@login_required
def breakdowns(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    snapshot = latest_snapshot(inspection=inspection)
    declared = declared_by_name(inspection.framework)
    tables = breakdown_tables(snapshot.breakdowns or {}, declared) if snapshot is not None else []
    context = {"snapshot": snapshot, "breakdowns": tables}
    return _page(request, inspection, "reports:breakdowns", context)


@login_required
def outputs(request: SignedInRequest, pk: int) -> HttpResponse:
    """Build the draft report and the workbook, follow the jobs, download the files."""
    inspection = get_inspection_for_user(request, pk)
    snapshot = latest_snapshot(inspection=inspection)
    frozen = frozen_snapshots(inspection=inspection)
    compared = region_comparison_codes(inspection=inspection)
    sections = _sections(inspection, snapshot)
    context: dict[str, Any] = {
        "snapshot": snapshot,
        "jobs": latest_jobs(inspection=inspection),
        "outputs": finished_outputs(inspection=inspection),
        "build_form": BuildForm(frozen=frozen),
        "compared": compared,
    }
    if snapshot is not None:
        context["comparison_form"] = RegionComparisonForm(
            initial={"standards": compared},
            standards=[s for s in sections if s.rated_from == "cases"],
            unit=regional_words(inspection.framework)["unit"],
        )
    return _page(request, inspection, "reports:outputs", context)


def frozen_page(
    request: SignedInRequest,
    inspection: Inspection,
    *,
    freeze_form: FreezeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The frozen results and publication; `freeze_form` with its errors when a freeze was
    refused."""
    context = {
        "snapshot": latest_snapshot(inspection=inspection),
        "frozen": frozen_snapshots(inspection=inspection),
        "freeze_form": freeze_form or FreezeForm(),
    }
    return _page(request, inspection, "reports:frozen", context, status=status)


@login_required
def frozen(request: SignedInRequest, pk: int) -> HttpResponse:
    return frozen_page(request, get_inspection_for_user(request, pk))
