"""Lead inspectors' entries: domain one, moderation, recommendations, background facts, and the
standards the draft report compares with the region."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from inspection.choices import RatedFrom
from inspection.models import Inspection, Standard, StandardRating
from inspection.permissions import get_inspection_for_user, is_lead
from reports.forms import (
    BackgroundForm,
    DomainOneForm,
    ModerationForm,
    RecommendationForm,
    RegionComparisonForm,
)
from reports.models import BackgroundFacts, Recommendation
from reports.services.entries import (
    background_record,
    domain_one_record,
    rating_moderate,
    recommendation_add,
    recommendation_delete,
    region_comparisons_choose,
)
from reports.views import require_lead


def _standard(inspection: Inspection, code: str) -> Standard:
    standard = Standard.objects.filter(framework=inspection.framework, code=code).first()
    if standard is None:
        raise Http404("No such standard")
    return standard


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def standard_entry(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    """Domain one: rating (judgement-rated standards), strengths, areas, evidence notes."""
    inspection = get_inspection_for_user(request, pk)
    standard = _standard(inspection, code)
    if standard.rated_from == RatedFrom.NONE:
        raise Http404("This standard is not rated")
    row = StandardRating.objects.filter(inspection=inspection, standard=standard).first()
    judgement = standard.rated_from == RatedFrom.JUDGEMENT
    if request.method == "POST":
        require_lead(request, inspection)
        form = DomainOneForm(request.POST, judgement=judgement)
        if form.is_valid():
            try:
                domain_one_record(
                    inspection=inspection,
                    standard=standard,
                    user=request.user,
                    rating=form.cleaned_data.get("rating", ""),
                    strengths=form.cleaned_data["strengths"],
                    areas_for_improvement=form.cleaned_data["areas_for_improvement"],
                    evidence_notes=form.cleaned_data["evidence_notes"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, f"{standard.code} {standard.title} saved.")
                return redirect("reports:dashboard", pk=inspection.pk)
    else:
        initial = {}
        if row is not None:
            initial = {
                "rating": row.judgement,
                "strengths": "\n".join(row.strengths),
                "areas_for_improvement": "\n".join(row.areas_for_improvement),
                "evidence_notes": row.evidence_notes,
            }
        form = DomainOneForm(initial=initial, judgement=judgement)
    return render(
        request,
        "reports/standard_entry.html",
        {
            "inspection": inspection,
            "standard": standard,
            "form": form,
            "row": row,
            "can_edit": is_lead(request.user, inspection),
        },
    )


@login_required
def moderate(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    standard = _standard(inspection, code)
    if standard.rated_from == RatedFrom.NONE:
        raise Http404("This standard is not rated")
    row = StandardRating.objects.filter(inspection=inspection, standard=standard).first()
    if request.method == "POST":
        form = ModerationForm(request.POST)
        if form.is_valid():
            try:
                rating_moderate(
                    inspection=inspection,
                    standard=standard,
                    user=request.user,
                    final_rating=form.cleaned_data["final_rating"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request, f"Moderation of {standard.code} saved. The results are updated."
                )
                return redirect("reports:dashboard", pk=inspection.pk)
    else:
        form = ModerationForm(
            initial={"final_rating": row.final_rating, "reason": row.moderation_reason}
            if row
            else {}
        )
    return render(
        request,
        "reports/moderate.html",
        {"inspection": inspection, "standard": standard, "form": form},
    )


@login_required
def recommendations(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    if request.method == "POST":
        require_lead(request, inspection)
        form = RecommendationForm(request.POST)
        if form.is_valid():
            recommendation_add(
                inspection=inspection,
                actor=form.cleaned_data["actor"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, "Recommendation added.")
            return redirect("reports:recommendations", pk=inspection.pk)
    else:
        form = RecommendationForm()
    rows = Recommendation.objects.filter(inspection=inspection)
    return render(
        request,
        "reports/recommendations.html",
        {
            "inspection": inspection,
            "form": form,
            "rows": rows,
            "can_edit": is_lead(request.user, inspection),
        },
    )


@login_required
@require_POST
def recommendation_remove(request: SignedInRequest, pk: int, rec_pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    rec = get_object_or_404(Recommendation, pk=rec_pk, inspection=inspection)
    recommendation_delete(recommendation=rec)
    messages.success(request, "Recommendation removed; the others were renumbered.")
    return redirect("reports:recommendations", pk=inspection.pk)


@login_required
def background(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk)
    facts = BackgroundFacts.objects.filter(inspection=inspection).first()
    if request.method == "POST":
        require_lead(request, inspection)
        form = BackgroundForm(request.POST)
        if form.is_valid():
            background_record(inspection=inspection, user=request.user, **form.cleaned_data)
            messages.success(request, "Background facts saved.")
            return redirect("reports:dashboard", pk=inspection.pk)
    else:
        form = BackgroundForm(initial=BackgroundForm.initial_from(facts))
    return render(
        request,
        "reports/background.html",
        {"inspection": inspection, "form": form, "can_edit": is_lead(request.user, inspection)},
    )


@login_required
@require_POST
def region_comparisons(request: SignedInRequest, pk: int) -> HttpResponse:
    """Which standards' sections of the draft report compare with the region (leads)."""
    inspection = get_inspection_for_user(request, pk)
    require_lead(request, inspection)
    standards = Standard.objects.filter(framework=inspection.framework, rated_from=RatedFrom.CASES)
    form = RegionComparisonForm(request.POST, standards=standards)
    if not form.is_valid():
        messages.error(request, "; ".join(form.errors["standards"]))
    else:
        codes = region_comparisons_choose(
            inspection=inspection, codes=form.cleaned_data["standards"], user=request.user
        )
        what = ", ".join(codes) if codes else "no standard"
        messages.success(request, f"The draft report compares with the region for {what}.")
    return redirect(reverse("reports:outputs", args=[inspection.pk]) + "#comparisons-form")
