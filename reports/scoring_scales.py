"""Answer scales and "not rated" standards in scoring (INTERCHANGE.md "Framework format 2").

Pure Python: no Django. A scale's positive answers count as "yes" and its other answers, but
`na`, as "no" (`counts_on_scale`), so percentages, bands, intervals and "to the next band" work
unchanged on any scale. A standard with no relevant case and `when_no_cases: not_rated` is rated
`not_rated`; `overall_score` applies the framework's `when_not_rated` rule to the total.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

NOT_RATED = "not_rated"
WHEN_NOT_RATED = ("exclude", "scale")
WHEN_NO_CASES = ("not_rated", "error")


@dataclass(frozen=True)
class AnswerScale:
    """A named answer set: `positive` answers count as "yes"; `na` counts in no share."""

    values: tuple[str, ...]
    positive: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.positive or not set(self.positive) <= set(self.values) - {"na"}:
            raise ValueError(f"positive answers {self.positive} must be values of {self.values}")

    def counted_as(self, value: str) -> str:
        """ "yes", "no" or "na" for one answer on this scale."""
        if value == "na":
            return "na"
        return "yes" if value in self.positive else "no"


def counts_on_scale(answers: Mapping[str, int], scale: AnswerScale) -> tuple[int, int, int]:
    """(positive, other non-na, na) of answer -> number of cases on `scale`; an answer not on
    the scale is an error."""
    stray = sorted(set(answers) - set(scale.values))
    if stray:
        raise ValueError(f"answers {stray} are not on the scale {scale.values}")
    tally = {"yes": 0, "no": 0, "na": 0}
    for value, n in answers.items():
        tally[scale.counted_as(value)] += n
    return tally["yes"], tally["no"], tally["na"]


def round_half_up(value: Fraction) -> int:
    """The nearest whole number, halves up (2.5 -> 3), on the exact fraction (value >= 0)."""
    return int((value * 2 + 1) // 2)


def overall_score(
    rated_scores: Sequence[int | None], not_rated: int, top_score: int, rule: str
) -> tuple[int | None, int]:
    """(total score, maximum possible) of an inspection.

    `rated_scores` are the scores of the rated standards (None: a rating is missing, so there is
    no total, never a guess), `not_rated` how many standards are "not rated". The maximum
    possible counts every rated-or-not-rated standard at `top_score`. `exclude` sums the rated
    scores; `scale` multiplies that sum by maximum possible / maximum of the rated standards and
    rounds half up (no total when nothing is rated: there is nothing to scale).
    """
    maximum = (len(rated_scores) + not_rated) * top_score
    if None in rated_scores:
        return None, maximum
    total = sum(s for s in rated_scores if s is not None)
    if rule == "exclude" or not not_rated:
        return total, maximum
    rated_maximum = len(rated_scores) * top_score
    if rated_maximum == 0:
        return None, maximum
    return round_half_up(Fraction(total * maximum, rated_maximum)), maximum
