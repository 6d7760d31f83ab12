"""Checks of scoring rules and of what `reports.scoring.rate` is given: every problem named.

Pure Python: no Django. Split from `reports.scoring` to keep each module readable.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from reports.scoring_scales import NOT_RATED, WHEN_NO_CASES, WHEN_NOT_RATED

# `reports.scoring.Rules` and `StandardSpec` (not imported: scoring imports this module).
Rules = Any
StandardSpec = Any

RATED_FROM = ("cases", "judgement", "none")


def _repeated(values: Sequence[float]) -> list[float]:
    return [v for i, v in enumerate(values) if v in values[:i] and v not in values[i + 1 :]]


def validate_rules(rules: Rules) -> list[str]:
    """Every problem with `rules`, as readable messages; an empty list means usable."""
    thresholds = [b.min_percent for b in rules.case_bands]
    problems = [
        f"case band min_percent {t!r} is outside 0..100" for t in thresholds if not 0 <= t <= 100
    ]
    if 0 not in thresholds:
        problems.append("case bands must include a band with min_percent 0")
    problems += [f"case band min_percent {t} appears more than once" for t in _repeated(thresholds)]
    named = [b.rating for b in rules.case_bands]
    if rules.overall_bands is not None:
        minimums = [b.min_score for b in rules.overall_bands]
        if 0 not in minimums:
            problems.append("overall bands must include a band with min_score 0")
        problems += [
            f"overall band min_score {m} appears more than once" for m in _repeated(minimums)
        ]
        if rules.scores is None:
            problems.append("overall bands need scores")
        named += [b.rating for b in rules.overall_bands]
    if rules.scores is not None:
        for rating, points in rules.scores.items():
            if points < 0:
                problems.append(f"score {points} for {rating!r} must not be negative")
        for rating in dict.fromkeys(named):
            if rating not in rules.scores:
                problems.append(f"rating {rating!r} is used in the bands but has no score")
    if rules.interval_method != "wilson":
        problems.append(f"interval method {rules.interval_method!r} is not supported (wilson)")
    if not 0 < rules.interval_confidence < 1:
        problems.append(f"interval confidence {rules.interval_confidence} must be between 0 and 1")
    if rules.when_not_rated not in WHEN_NOT_RATED:
        problems.append(f"when_not_rated {rules.when_not_rated!r} is not exclude or scale")
    if NOT_RATED in set(named) | set(rules.scores or {}):
        problems.append(f"{NOT_RATED!r} cannot be a rating in the bands or scores")
    return problems


def check_inputs(
    rules: Rules,
    standards: Sequence[StandardSpec],
    judgements: Mapping[str, str],
    moderations: Mapping[str, tuple[str, str]],
    overall_judgement: str | None,
) -> None:
    problems = list(rules.prepared.problems)
    by_code = {s.code: s for s in standards}
    if len(by_code) != len(standards):
        problems.append("standard codes must be unique")
    known = {b.rating for b in rules.case_bands} | set(rules.scores or {})
    known |= {b.rating for b in rules.overall_bands or ()}
    for code, rating in judgements.items():
        if code not in by_code or by_code[code].rated_from != "judgement":
            problems.append(f"standard {code!r} is not rated by judgement")
        if rating not in known:
            problems.append(f"judgement {rating!r} for {code!r} is not a known rating")
    for code, (rating, reason) in moderations.items():
        if code not in by_code or by_code[code].rated_from == "none":
            problems.append(f"standard {code!r} is not rated, so it cannot be moderated")
        if rating not in known:
            problems.append(f"moderated rating {rating!r} for {code!r} is not a known rating")
        if not reason or not reason.strip():
            problems.append(f"moderation of {code!r} needs a written reason")
    for spec in standards:
        if spec.rated_from not in RATED_FROM:
            problems.append(f"standard {spec.code!r}: rated_from {spec.rated_from!r} is unknown")
        if spec.when_no_cases not in WHEN_NO_CASES:
            problems.append(
                f"standard {spec.code!r}: when_no_cases {spec.when_no_cases!r} is unknown"
            )
    if overall_judgement is not None:
        if rules.overall_bands is not None:
            problems.append("an overall judgement is only allowed without overall bands")
        elif overall_judgement not in known:
            problems.append(f"overall judgement {overall_judgement!r} is not a known rating")
    if problems:
        raise ValueError("; ".join(problems))
