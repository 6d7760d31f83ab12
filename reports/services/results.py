"""Writes of results: the one place the results document is computed and stored."""

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.models import Answer, Case
from inspection.framework_format2 import DEFAULT_SAMPLE
from inspection.models import FrameworkVersion, Inspection
from inspection.rule_filters import rule_q
from inspection.selectors import framework_samples
from reports import scoring
from reports.counting import Profile, answer_tally, case_profile
from reports.models import ResultsSnapshot
from reports.results_document import RESULTS_FORMAT, item_doc, results_sections
from reports.selectors import FrameworkPlan, framework_plan, standard_ratings
from reports.services.rollups import rollups_schedule_for


def results_build(*, inspection: Inspection) -> dict[str, Any]:
    """Compute the `inspection-results/1` document for an inspection from counted cases.

    Query count is fixed (counted cases, grouped answers, ratings; the framework's items and
    standards the first time this process counts it), whatever the number of cases. Deterministic: the same data gives the same document.
    """
    return results_compute(inspection=inspection, breakdowns=False)[0]


def breakdowns_build(*, inspection: Inspection) -> dict[str, Any]:
    """Key-question results per group of each breakdown field (RoSH, case type, gender, ...).

    Same counting and rating (`scoring.rate`) as the results document; stored beside it on the
    snapshot. Shape: {field: [{"group", "cases", "standards": [{"code", "computed_rating",
    "key_questions": [item docs]}]}]}.
    """
    return results_compute(inspection=inspection, breakdowns=True)[1]


def results_compute(
    *, inspection: Inspection, breakdowns: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The results document and (when asked) the breakdowns: one grouped case query, one grouped
    answer query (which with breakdowns also counts each group, a FILTER count per group) and the
    inspection's ratings; the framework's plan is kept per process (`framework_plan`)."""
    framework = inspection.framework
    plan = framework_plan(framework)
    by = plan.breakdowns if breakdowns else ()
    samples = _samples(framework, plan)
    profile = case_profile(
        cases=Case.objects.counted().filter(inspection=inspection),
        by=by,
        samples={code: q for code, (_, q) in samples.items()},
    )
    tally = answer_tally(
        answers=Answer.objects.counted().filter(case__inspection=inspection),
        items=plan.items,
        declared=plan.declared,
        groups={a.name: list(profile.groups[a.name]) for a in by},
    )
    ratings = standard_ratings(inspection=inspection)
    results = scoring.rate(
        plan.rules,
        plan.specs,
        tally.counts,
        judgements={r.standard.code: r.judgement for r in ratings if r.judgement},
        moderations={
            r.standard.code: (r.final_rating, r.moderation_reason)
            for r in ratings
            if r.final_rating
        },
        overall_judgement=inspection.overall_judgement or None,
    )
    document = {
        "format": RESULTS_FORMAT,
        "inspection": inspection.pk,
        "framework": framework.code,
        "framework_version": framework.version,
        "cases_counted": profile.cases,
        **results_sections(results, tally.values),
    }
    if samples:
        document["samples"] = [
            {"code": code, "title": title, "cases_counted": profile.samples[code]}
            for code, (title, _) in samples.items()
        ]
    if not breakdowns:
        return document, {}
    return document, _breakdowns(plan, profile, tally.groups)


def _samples(framework: FrameworkVersion, plan: FrameworkPlan) -> dict[str, tuple[str, Q]]:
    """A format-2 version's samples (code -> title and rule), whose counted cases the results
    document lists (INTERCHANGE.md lets a results document carry optional keys); none for a
    format-1 version, whose results stay as they always were."""
    if framework.file_format == 1:
        return {}
    stored = framework_samples(framework)
    if not stored:
        return {str(DEFAULT_SAMPLE["code"]): (str(DEFAULT_SAMPLE["title"]), Q())}
    return {s.code: (s.title, rule_q(s.applies_to, declared=plan.declared)) for s in stored}


@transaction.atomic
def snapshot_refresh(*, inspection: Inspection) -> ResultsSnapshot:
    """Recompute and store the inspection's latest snapshot; a rerun overwrites (idempotent).

    Once it commits, the roll-ups of the inspection's region and of the country are queued for a
    (debounced) refresh.
    """
    # Lock the inspection row so two concurrent runs serialise instead of racing on the snapshot
    # (which is why reading then writing the one latest row below needs no lock of its own).
    region_id = (
        Inspection.objects.select_for_update(of=("self",))
        .filter(pk=inspection.pk)
        .values_list("pdu__region_id", flat=True)
        .first()
    )
    document, breakdowns = results_compute(inspection=inspection, breakdowns=True)
    values = {
        "document": document,
        "cases_counted": document["cases_counted"],
        "framework_code": inspection.framework.code,
        "framework_version": inspection.framework.version,
        "computed_at": timezone.now(),
        "breakdowns": breakdowns,
    }
    latest = {"inspection": inspection, "kind": ResultsSnapshot.Kind.LATEST}
    # Only its id: the stored documents are replaced, never read here.
    snapshot = ResultsSnapshot.objects.filter(**latest).only("pk").first()
    if snapshot is None:
        snapshot = ResultsSnapshot.objects.create(**latest, **values)
    else:
        for name, value in values.items():
            setattr(snapshot, name, value)
        snapshot.save(update_fields=list(values))
    transaction.on_commit(
        lambda: rollups_schedule_for(framework=inspection.framework, region_id=region_id)
    )
    return snapshot


def _breakdowns(
    plan: FrameworkPlan,
    profile: Profile,
    tallies: dict[str, dict[Any, dict[str, scoring.Counts]]],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in (a.name for a in plan.breakdowns):
        per_group = tallies.get(name, {})
        groups = []
        for group in sorted(per_group, key=lambda g: (g is None, str(g))):
            results = scoring.rate(
                plan.rules, plan.key_question_specs, per_group[group], judgements={}
            )
            groups.append(
                {
                    "group": group if group not in (None, "") else "not recorded",
                    "cases": profile.groups[name].get(group, 0),
                    "standards": [
                        {
                            "code": s.code,
                            "title": s.title,
                            "rated_from": s.rated_from,
                            "computed_rating": s.computed_rating,
                            "driver": s.driver,
                            "key_questions": [item_doc(k, True, None) for k in s.key_questions],
                        }
                        for s in results.standards
                    ],
                }
            )
        out[name] = groups
    return out
