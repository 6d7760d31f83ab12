"""Lead inspectors' entries: domain-one ratings, moderation, recommendations, background facts,
and the standards the draft report compares with the region.

Ratings are written through `inspection.models.StandardRating`, the row the results document reads.
"""

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from inspection.choices import RatedFrom
from inspection.models import Inspection, Standard, StandardRating
from inspection.writes import inspection_writable
from reports.models import BackgroundFacts, Recommendation, RegionComparison
from reports.services.results import snapshot_refresh


def _known_ratings(inspection: Inspection) -> set[str]:
    framework = inspection.framework
    return {b["rating"] for b in framework.case_bands} | set(framework.scores or {})


def _rating_row(inspection: Inspection, standard: Standard, user: User | None) -> StandardRating:
    row, _ = StandardRating.objects.select_for_update().get_or_create(
        inspection=inspection, standard=standard
    )
    row.updated_by = user if user is not None and user.is_authenticated else None
    return row


@transaction.atomic
def domain_one_record(
    *,
    inspection: Inspection,
    standard: Standard,
    user: User | None,
    rating: str,
    strengths: list[str],
    areas_for_improvement: list[str],
    evidence_notes: str = "",
) -> StandardRating:
    """Record a judgement-rated standard: its rating, strengths, areas for improvement, notes.

    Strengths and areas may also be recorded for case-rated standards (the report's prose);
    a rating only for judgement-rated ones, which recomputes the stored results at once (in the
    same transaction), as a moderation does.
    """
    inspection_writable(inspection)
    if standard.framework_id != inspection.framework_id:
        raise ValidationError("That standard is not part of this inspection's framework.")
    if standard.rated_from == RatedFrom.JUDGEMENT:
        if rating and rating not in _known_ratings(inspection):
            raise ValidationError({"rating": f"{rating!r} is not a rating of this framework."})
    elif rating:
        raise ValidationError(
            {"rating": "This standard is rated from its cases, not by judgement."}
        )
    row = _rating_row(inspection, standard, user)
    if standard.rated_from == RatedFrom.JUDGEMENT:
        row.judgement = rating
    row.strengths = [s.strip() for s in strengths if s.strip()]
    row.areas_for_improvement = [s.strip() for s in areas_for_improvement if s.strip()]
    row.evidence_notes = evidence_notes.strip()
    row.full_clean()
    row.save()
    if standard.rated_from == RatedFrom.JUDGEMENT:
        snapshot_refresh(inspection=inspection)
    return row


@transaction.atomic
def rating_moderate(
    *,
    inspection: Inspection,
    standard: Standard,
    user: User | None,
    final_rating: str,
    reason: str,
) -> StandardRating:
    """Set (or, with an empty final_rating, clear) the moderated rating of a rated standard.

    A final rating needs a written reason; the computed rating is kept beside it. The stored
    results are recomputed in the same transaction (one inspection's document takes milliseconds),
    so the dashboard, the API and a report built next all show the moderated rating at once.
    """
    inspection_writable(inspection)
    if standard.framework_id != inspection.framework_id:
        raise ValidationError("That standard is not part of this inspection's framework.")
    if standard.rated_from == RatedFrom.NONE:
        raise ValidationError("This standard is not rated, so it cannot be moderated.")
    if final_rating and final_rating not in _known_ratings(inspection):
        raise ValidationError({"final_rating": f"{final_rating!r} is not a known rating."})
    if final_rating and not reason.strip():
        raise ValidationError({"reason": "Give the reason for moderating this rating."})
    row = _rating_row(inspection, standard, user)
    row.final_rating = final_rating
    row.moderation_reason = reason.strip() if final_rating else ""
    row.full_clean()
    row.save()
    snapshot_refresh(inspection=inspection)
    return row


@transaction.atomic
def recommendation_add(*, inspection: Inspection, actor: str, text: str) -> Recommendation:
    """Add a recommendation last in its group. Numbers are renumbered 1..n by actor order (PDU,
    region, HMPPS), as the report lists them, so they are never chosen by hand."""
    inspection_writable(inspection)
    last = inspection.recommendations.aggregate(m=Max("number"))["m"] or 0
    rec = Recommendation(inspection=inspection, actor=actor, text=text.strip(), number=last + 1)
    rec.full_clean()
    rec.save()
    recommendations_renumber(inspection=inspection)
    rec.refresh_from_db()
    return rec


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation) -> Inspection:
    inspection = recommendation.inspection
    inspection_writable(inspection)
    recommendation.delete()
    recommendations_renumber(inspection=inspection)
    return inspection


@transaction.atomic
def recommendations_renumber(*, inspection: Inspection) -> list[Recommendation]:
    """Number 1..n grouped by who must act (PDU, then region, then HMPPS), keeping entry order."""
    order = {a: i for i, a in enumerate(Recommendation.Actor.values)}
    rows = list(Recommendation.objects.select_for_update().filter(inspection=inspection))
    rows.sort(key=lambda r: (order[r.actor], r.number))
    # two passes so the unique (inspection, number) constraint never sees a duplicate
    for i, rec in enumerate(rows, start=1):
        rec.number = 10000 + i
    Recommendation.objects.bulk_update(rows, ["number"])
    for i, rec in enumerate(rows, start=1):
        rec.number = i
    Recommendation.objects.bulk_update(rows, ["number"])
    return rows


@transaction.atomic
def background_record(
    *, inspection: Inspection, user: User | None, **fields: Any
) -> BackgroundFacts:
    """Create or update the inspection's background facts (one row per inspection)."""
    inspection_writable(inspection)
    facts, _ = BackgroundFacts.objects.select_for_update().get_or_create(inspection=inspection)
    allowed = {f.name for f in BackgroundFacts._meta.fields} - {
        "id",
        "inspection",
        "updated_at",
        "updated_by",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"Unknown background fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if isinstance(value, float):  # a float such as 13.8 is meant as the decimal 13.8
            value = Decimal(str(value))
        setattr(facts, name, value)
    facts.updated_by = user if user is not None and user.is_authenticated else None
    facts.full_clean()
    facts.save()
    return facts


@transaction.atomic
def region_comparisons_choose(
    *, inspection: Inspection, codes: list[str], user: User | None
) -> list[str]:
    """Choose the case-rated standards whose draft-report section prints a "compared with the
    region" line; the choice replaces the previous one. A code that is not a case-rated standard
    of the inspection's framework is refused (nothing is changed)."""
    inspection_writable(inspection)
    standards = {
        s.code: s
        for s in Standard.objects.filter(framework=inspection.framework, rated_from=RatedFrom.CASES)
    }
    unknown = sorted(set(codes) - set(standards))
    if unknown:
        raise ValidationError(
            f"Not a standard rated from cases in this framework: {', '.join(unknown)}."
        )
    chosen = {standards[c].pk for c in codes}
    # two leads saving at once take turns on the inspection's row (no duplicate insert)
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    rows = RegionComparison.objects.filter(inspection=inspection)
    rows.exclude(standard_id__in=chosen).delete()
    kept = set(rows.values_list("standard_id", flat=True))
    by = user if user is not None and user.is_authenticated else None
    for standard_id in sorted(chosen - kept):
        row = RegionComparison(inspection=inspection, standard_id=standard_id, chosen_by=by)
        row.full_clean()
        row.save()
    return [s.code for s in standards.values() if s.pk in chosen]
