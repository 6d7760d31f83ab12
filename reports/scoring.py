"""Ratings and scores of an inspection, computed from counted case judgements.

Pure Python over frozen dataclasses: no ORM, no settings, no clock. The rules (METHODOLOGY.md
section 3, INTERCHANGE.md "The results") come in as data (`Rules`), never as constants here.

Invariants kept throughout:
- Not applicable and unanswered items are in neither numerator nor denominator:
  relevant = yes + no.
- Bands are applied to the exact fraction yes / relevant, never to a rounded percentage.
- Nothing is guessed: a rated standard without a rating makes the overall score and rating None.
  A standard "not rated" by its framework's rule (`when_no_cases: not_rated`) is not missing: the
  overall score leaves it out or scales over it (`reports.scoring_scales`).
- Any answer scale: counts arrive as positive ("yes"), other non-na ("no") and na.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

from reports.intervals import wilson, z_for
from reports.scoring_checks import RATED_FROM, check_inputs, validate_rules
from reports.scoring_scales import NOT_RATED, overall_score

Rating = str  # e.g. "outstanding", "good", "requires_improvement", "inadequate"

__all__ = ["NOT_RATED", "RATED_FROM", "validate_rules"]


@dataclass(frozen=True)
class Band:
    """A case band: a share of at least `min_percent`% (inclusive) gets `rating`."""

    min_percent: float
    rating: Rating


@dataclass(frozen=True)
class OverallBand:
    """An overall band: a total score of at least `min_score` gets `rating`."""

    min_score: int
    rating: Rating


@dataclass(frozen=True)
class Rules:
    """One framework version's scoring rules; check them with `validate_rules`.

    `case_bands` may come in any order. `scores` None means every score is None.
    `overall_bands` None means the overall rating is a lead inspector's judgement.
    """

    case_bands: tuple[Band, ...]
    scores: Mapping[str, int] | None
    overall_bands: tuple[OverallBand, ...] | None
    interval_method: str = "wilson"
    interval_confidence: float = 0.80
    # The overall score when a standard is not rated: "exclude" or "scale" (scoring_scales).
    when_not_rated: str = "exclude"
    # Built once from the fields above (see `Prepared`): every rating reuses it.
    prepared: "Prepared" = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "prepared", _prepare(self))


@dataclass(frozen=True)
class Prepared:
    """What rating needs from `Rules`, worked out once per framework rather than per figure.

    `thresholds` are the case bands' exact min_percent as integer fractions (numerator,
    denominator, rating), highest first; `z` is the interval's normal quantile (None when the
    confidence is unusable); `problems` is `validate_rules(rules)`.
    """

    thresholds: tuple[tuple[int, int, Rating], ...]
    z: float | None
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Counts:
    """Answers counted for one item. Unanswered items never appear here; counts are >= 0."""

    yes: int = 0
    no: int = 0
    na: int = 0

    def __post_init__(self) -> None:
        if min(self.yes, self.no, self.na) < 0:
            raise ValueError(f"counts must not be negative: {self}")

    @property
    def relevant(self) -> int:
        """Cases in the denominator: yes + no (na left out)."""
        return self.yes + self.no

    @property
    def share(self) -> Fraction | None:
        """Exact share judged Yes, or None when no case is relevant."""
        return share(self)


@dataclass(frozen=True)
class KeyQuestionSpec:
    code: str
    prompt_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StandardSpec:
    """A standard of the framework; `rated_from` is "cases", "judgement" or "none"."""

    code: str
    title: str
    rated_from: str
    key_questions: tuple[KeyQuestionSpec, ...] = ()
    # With no relevant case: "error" leaves it without a rating (so the overall score has none);
    # "not_rated" rates it NOT_RATED, with no score, and the overall score follows the rules.
    when_no_cases: str = "error"


@dataclass(frozen=True)
class ItemResult:
    """Figures of one key question or prompt.

    `percent` is the exact share * 100 rounded to 2 decimals and `interval` is in percent rounded
    to 1 decimal; both None when relevant == 0. `rating` and `yes_to_next_band` are for key
    questions only (None for prompts, and None when relevant == 0).
    """

    code: str
    yes: int
    no: int
    na: int
    relevant: int
    percent: float | None
    interval: tuple[float, float] | None
    rating: Rating | None
    yes_to_next_band: int | None


@dataclass(frozen=True)
class StandardResult:
    """`computed_rating` is what the rules give; `rating` the final one (moderated if any).

    `driver` is the key question with the lowest share (first in framework order on a tie);
    only case-rated standards have one. Unrated ("none") standards have rating and score None.
    """

    code: str
    title: str
    rated_from: str
    computed_rating: Rating | None
    rating: Rating | None
    score: int | None
    driver: str | None
    moderation_reason: str | None
    key_questions: tuple[ItemResult, ...]
    prompts: tuple[ItemResult, ...]


@dataclass(frozen=True)
class OverallResult:
    """`score` is None unless every rated standard has a rating and the rules have scores.

    `max` is the maximum possible (not-rated standards included); `not_rated` the codes of the
    standards left out of the score (`Rules.when_not_rated` says how)."""

    score: int | None
    max: int | None
    computed_rating: Rating | None
    rating: Rating | None
    not_rated: tuple[str, ...] = ()


@dataclass(frozen=True)
class Results:
    standards: tuple[StandardResult, ...]
    overall: OverallResult


def share(counts: Counts) -> Fraction | None:
    """Exact share of relevant cases judged Yes; None when relevant == 0."""
    if counts.relevant == 0:
        return None
    return Fraction(counts.yes, counts.relevant)


def _threshold(band: Band) -> Fraction:
    # Through str() so that 64.9 means the decimal 64.9, not the nearest binary float.
    return Fraction(str(band.min_percent))


def _prepare(rules: Rules) -> Prepared:
    exact = sorted(((_threshold(b), b.rating) for b in rules.case_bands), reverse=True)
    z = None
    if 0 < rules.interval_confidence < 1:
        z = z_for(rules.interval_confidence)
    return Prepared(
        thresholds=tuple((t.numerator, t.denominator, rating) for t, rating in exact),
        z=z,
        problems=tuple(validate_rules(rules)),
    )


def band_for(share: Fraction, bands: Sequence[Band]) -> Rating:
    """Rating of the highest band whose min_percent the exact share * 100 reaches."""
    percent = share * 100
    for band in sorted(bands, key=_threshold, reverse=True):
        if percent >= _threshold(band):
            return band.rating
    raise ValueError(f"no case band covers {float(percent):.2f}% (a band at 0 is required)")


def yes_to_next_band(counts: Counts, bands: Sequence[Band]) -> int | None:
    """How many relevant cases now judged No would have to be Yes to reach the next band up.

    The denominator stays the same. None when relevant == 0 or already in the top band.
    """
    current = share(counts)
    if current is None:
        return None
    higher = [_threshold(b) for b in bands if _threshold(b) > current * 100]
    if not higher:
        return None
    needed = math.ceil(min(higher) * counts.relevant / 100)
    return max(0, needed - counts.yes)


def _percent(yes: int, relevant: int) -> float:
    """yes / relevant * 100 rounded half-even to 2 decimals, in integers: the same float as
    `float(round(Fraction(yes, relevant) * 100, 2))`, without building fractions."""
    hundredths, remainder = divmod(yes * 10_000, relevant)
    if 2 * remainder > relevant or (2 * remainder == relevant and hundredths % 2):
        hundredths += 1
    return hundredths / 100


def _item(code: str, counts: Counts, rules: Rules, key_question: bool) -> ItemResult:
    """One figure, with the band thresholds compared in integers (yes * 100 / relevant >= n / d
    exactly when yes * 100 * d >= n * relevant): the same results as `band_for` and
    `yes_to_next_band` on fractions."""
    yes, relevant = counts.yes, counts.relevant
    percent = interval = rating = to_next = None
    if relevant:
        prepared = rules.prepared
        percent = _percent(yes, relevant)
        # check_inputs has refused rules whose confidence gives no quantile
        low, high = wilson(yes, relevant, cast(float, prepared.z))
        interval = (round(low, 1), round(high, 1))
        if key_question:
            above = None  # the lowest threshold above the share: the next band up
            for numerator, denominator, band in prepared.thresholds:
                if yes * 100 * denominator >= numerator * relevant:
                    rating = band
                    break
                above = (numerator, denominator)
            if rating is None:
                raise ValueError(f"no case band covers {percent:.2f}% (a band at 0 is required)")
            if above is not None:
                needed = -(-above[0] * relevant // (above[1] * 100))  # ceiling division
                to_next = max(0, needed - yes)
    return ItemResult(code, yes, counts.no, counts.na, relevant, percent, interval, rating, to_next)


def rate(
    rules: Rules,
    standards: Sequence[StandardSpec],
    counts: Mapping[str, Counts],
    judgements: Mapping[str, str],
    moderations: Mapping[str, tuple[str, str]] = {},
    overall_judgement: str | None = None,
) -> Results:
    """Rate every standard and the whole inspection.

    A case-rated standard gets the band of its lowest key question share among key questions
    with relevant cases (none with relevant cases -> no rating). A moderation replaces the
    rating, never the computed rating. Raises ValueError, naming every problem, on bad rules or
    inputs (unknown ratings, blank moderation reasons, moderating an unrated standard, an overall
    judgement where overall bands exist).
    """
    check_inputs(rules, standards, judgements, moderations, overall_judgement)
    results = [_standard(spec, rules, counts, judgements, moderations) for spec in standards]
    return Results(tuple(results), _overall(rules, results, overall_judgement))


def _standard(
    spec: StandardSpec,
    rules: Rules,
    counts: Mapping[str, Counts],
    judgements: Mapping[str, str],
    moderations: Mapping[str, tuple[str, str]],
) -> StandardResult:
    kqs = tuple(
        _item(kq.code, counts.get(kq.code, Counts()), rules, True) for kq in spec.key_questions
    )
    prompts = tuple(
        _item(code, counts.get(code, Counts()), rules, False)
        for kq in spec.key_questions
        for code in kq.prompt_codes
    )
    computed: Rating | None = None
    driver: str | None = None
    relevant = [kq for kq in kqs if kq.relevant > 0]
    if spec.rated_from == "cases" and relevant:
        # The lowest share, compared exactly in integers (a/b < c/d when a*d < c*b); the first
        # of equal shares, i.e. framework order on a tie.
        lowest = relevant[0]
        for kq in relevant[1:]:
            if kq.yes * lowest.relevant < lowest.yes * kq.relevant:
                lowest = kq
        driver, computed = lowest.code, lowest.rating
    elif spec.rated_from == "cases" and spec.when_no_cases == NOT_RATED:
        computed = NOT_RATED
    elif spec.rated_from == "judgement":
        computed = judgements.get(spec.code)
    rating, reason = moderations.get(spec.code, (computed, None))
    scores = rules.scores
    score = scores[rating] if scores and rating is not None and rating != NOT_RATED else None
    head = (spec.code, spec.title, spec.rated_from)
    return StandardResult(*head, computed, rating, score, driver, reason, kqs, prompts)


def _overall(
    rules: Rules, results: Sequence[StandardResult], overall_judgement: str | None
) -> OverallResult:
    rated = [r for r in results if r.rated_from != "none"]
    left_out = tuple(r.code for r in rated if r.rating == NOT_RATED)
    if not rules.scores:
        top = score = None
    else:
        scores = [r.score for r in rated if r.rating != NOT_RATED]
        score, top = overall_score(
            scores, len(left_out), max(rules.scores.values()), rules.when_not_rated
        )
    if rules.overall_bands is None:
        computed = overall_judgement
    elif score is None:
        computed = None
    else:
        bands = sorted(rules.overall_bands, key=lambda b: b.min_score, reverse=True)
        computed = next(b.rating for b in bands if score >= b.min_score)
    return OverallResult(score, top, computed, computed, left_out)
