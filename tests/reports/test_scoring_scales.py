"""Scoring over any answer scale and with "not rated" standards (INTERCHANGE.md "Framework
format 2"), with hand-worked numbers. Pure: no database."""

from fractions import Fraction

import pytest

from reports.intervals import wilson_interval
from reports.results_document import results_sections
from reports.scoring import Band, Counts, KeyQuestionSpec, OverallBand, Rules, StandardSpec, rate
from reports.scoring_scales import AnswerScale, counts_on_scale, overall_score, round_half_up
from tests.reports.scoring_rules import RULES, judged

GRADED = AnswerScale(
    values=("outstanding", "good", "requires_improvement", "inadequate", "na"),
    positive=("outstanding", "good"),
)
# The test framework's rules (tests/data/frameworks/casefile-audit-test.yaml)
AUDIT_BANDS = (Band(75, "excellent"), Band(40, "sound"), Band(0, "weak"))
AUDIT_SCORES = {"excellent": 4, "sound": 2, "weak": 0}
AUDIT_OVERALL = (OverallBand(10, "excellent"), OverallBand(5, "sound"), OverallBand(0, "weak"))


def audit_rules(when_not_rated: str) -> Rules:
    return Rules(AUDIT_BANDS, AUDIT_SCORES, AUDIT_OVERALL, "wilson", 0.9, when_not_rated)


def graded(answers: dict[str, int]) -> Counts:
    yes, no, na = counts_on_scale(answers, GRADED)
    return Counts(yes=yes, no=no, na=na)


def cases(code: str, *kqs: str, when_no_cases: str = "error") -> StandardSpec:
    specs = tuple(KeyQuestionSpec(k) for k in kqs)
    return StandardSpec(code, code, "cases", specs, when_no_cases)


def test_graded_answers_count_positive_over_positive_and_other_judged_answers():
    # 3 outstanding + 4 good = 7 positive; 2 requires improvement + 1 inadequate = 3 other;
    # 5 na in neither: 7 / 10 = 70%
    counts = graded(
        {"outstanding": 3, "good": 4, "requires_improvement": 2, "inadequate": 1, "na": 5}
    )
    assert (counts.yes, counts.no, counts.na, counts.relevant) == (7, 3, 5, 10)
    result = rate(audit_rules("exclude"), [cases("A2", "A2.1")], {"A2.1": counts}, {})
    kq = result.standards[0].key_questions[0]
    assert (kq.percent, kq.rating) == (70.0, "sound")  # 40 <= 70 < 75
    # next band 75%: ceil(0.75 * 10) = 8 positive answers, one more than 7
    assert kq.yes_to_next_band == 1
    # Wilson's interval over the positive share at the framework's 90% (z = 1.6449):
    # (0.7 + z²/20 ± z·sqrt(0.021 + z²/400)) / (1 + z²/10) = (0.8353 ± 0.2741) / 1.2706
    assert kq.interval == tuple(round(x, 1) for x in wilson_interval(7, 10, 0.9))
    assert kq.interval == (44.2, 87.3)
    assert result.standards[0].score == 2


def test_an_answer_off_the_scale_is_an_error():
    with pytest.raises(ValueError, match=r"answers \['yes'\] are not on the scale"):
        counts_on_scale({"yes": 1}, GRADED)


def test_a_positive_answer_must_be_a_judged_value_of_the_scale():
    with pytest.raises(ValueError, match="must be values of"):
        AnswerScale(values=("good", "poor", "na"), positive=("na",))


def test_graded_band_edges_are_exact():
    # 3 of 4 positive is exactly 75%: excellent; 299 of 400 is 74.75%: sound, 1 to go
    rules = audit_rules("exclude")
    at_edge = rate(rules, [cases("A", "A.1")], {"A.1": graded({"good": 3, "inadequate": 1})}, {})
    assert at_edge.standards[0].key_questions[0].rating == "excellent"
    below = graded({"outstanding": 100, "good": 199, "requires_improvement": 101})
    kq = rate(rules, [cases("A", "A.1")], {"A.1": below}, {}).standards[0].key_questions[0]
    assert (kq.percent, kq.rating, kq.yes_to_next_band) == (74.75, "sound", 1)


def _audit_inspection(when_not_rated: str):
    """A1 excellent (4), A2 sound (2), A3 with no relevant case (not rated), B1 judged sound (2)."""
    standards = [
        cases("A1", "A1.1"),
        cases("A2", "A2.1"),
        cases("A3", "A3.1", when_no_cases="not_rated"),
        judged("B1"),
    ]
    counts = {
        "A1.1": graded({"outstanding": 8, "good": 1, "inadequate": 1}),  # 90%: excellent
        "A2.1": graded({"good": 5, "requires_improvement": 5}),  # 50%: sound
        "A3.1": graded({"na": 4}),  # no relevant case
    }
    return rate(audit_rules(when_not_rated), standards, counts, {"B1": "sound"})


def test_a_standard_without_relevant_cases_is_not_rated():
    a3 = _audit_inspection("exclude").standards[2]
    assert (a3.computed_rating, a3.rating, a3.score, a3.driver) == (
        "not_rated",
        "not_rated",
        None,
        None,
    )


def test_exclude_sums_the_rated_scores_and_keeps_the_maximum_possible():
    # 4 + 2 + 2 = 8 of a possible 4 standards x 4 = 16; bands unchanged: 5 <= 8 < 10 is sound
    overall = _audit_inspection("exclude").overall
    assert (overall.score, overall.max, overall.rating, overall.not_rated) == (
        8,
        16,
        "sound",
        ("A3",),
    )


def test_scale_multiplies_by_the_maximum_possible_over_the_rated_maximum_half_up():
    # 8 x 16 / 12 = 10.67 -> 11: excellent (>= 10)
    overall = _audit_inspection("scale").overall
    assert (overall.score, overall.max, overall.rating, overall.not_rated) == (
        11,
        16,
        "excellent",
        ("A3",),
    )


@pytest.mark.parametrize(
    ("rated", "not_rated", "top", "expected"),
    [
        ([1, 0], 1, 3, (2, 9)),  # 1 x 9 / 6 = 1.5 -> 2 (half up, not half even)
        ([1, 1, 1], 1, 2, (4, 8)),  # 3 x 8 / 6 = 4
        ([2, 1, 0], 1, 3, (4, 12)),  # 3 x 12 / 9 = 4
        ([1, 0, 0, 0], 4, 1, (2, 8)),  # 1 x 8 / 4 = 2
        ([2, 1], 2, 3, (6, 12)),  # 3 x 12 / 6 = 6
        ([1, 2, 2], 1, 2, (7, 8)),  # 5 x 8 / 6 = 6.67 -> 7
        ([1, 0, 0], 3, 2, (2, 12)),  # 1 x 12 / 6 = 2
        ([3, 3, 0], 1, 4, (8, 16)),  # 6 x 16 / 12 = 8
        ([1, 0, 0, 0, 0], 3, 2, (2, 16)),  # 1 x 16 / 10 = 1.6 -> 2
        ([3, 2, 1, 0], 0, 3, (6, 12)),  # nothing left out: the plain sum
    ],
)
def test_scale_rounds_half_up_on_the_exact_fraction(rated, not_rated, top, expected):
    assert overall_score(rated, not_rated, top, "scale") == expected


def test_half_up_and_nothing_rated():
    assert [round_half_up(Fraction(n, 2)) for n in range(6)] == [0, 1, 1, 2, 2, 3]
    assert overall_score([], 2, 3, "scale") == (None, 6)  # nothing rated: nothing to scale
    assert overall_score([], 2, 3, "exclude") == (0, 6)
    assert overall_score([3, None], 1, 3, "scale") == (None, 9)  # a missing rating: no total


def test_error_leaves_a_standard_without_cases_unrated_and_the_total_unknown():
    standards = [cases("2.2", "2.2.1"), judged("1.1")]
    result = rate(RULES, standards, {"2.2.1": Counts(na=3)}, {"1.1": "good"})
    assert (result.standards[0].rating, result.overall.score, result.overall.rating) == (
        None,
        None,
        None,
    )
    assert result.overall.not_rated == ()


def test_a_not_rated_standard_may_be_moderated_to_a_rating():
    standards = [cases("4.1", "4.1.1", when_no_cases="not_rated")]
    result = rate(RULES, standards, {}, {}, {"4.1": ("good", "Reviewed in interviews")})
    s = result.standards[0]
    assert (s.computed_rating, s.rating, s.score) == ("not_rated", "good", 2)
    assert result.overall.not_rated == ()


def test_the_results_document_lists_not_rated_standards_only_when_there_are_some():
    excluded = results_sections(_audit_inspection("exclude"), {})
    a3 = excluded["standards"][2]
    assert (a3["rating"], a3["score"]) == ("not_rated", None)
    assert excluded["overall"] == {"score": 8, "max": 16, "rating": "sound", "not_rated": ["A3"]}
    plain = results_sections(rate(RULES, [judged("1.1")], {}, {"1.1": "good"}), {})
    assert plain["overall"] == {"score": 2, "max": 3, "rating": "inadequate"}  # 2 < 5


def test_not_rated_cannot_be_a_band_rating():
    rules = Rules((Band(0, "not_rated"),), {"not_rated": 0}, None)
    with pytest.raises(ValueError, match="'not_rated' cannot be a rating in the bands or scores"):
        rate(rules, [], {}, {})
