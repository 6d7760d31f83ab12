"""No-database, table-driven tests of the pure scoring rules (METHODOLOGY.md section 3):
denominators, banding, drivers, unrated and moderated standards, overall rating, rule checks."""

from fractions import Fraction

import pytest

from reports.scoring import (
    Band,
    Counts,
    KeyQuestionSpec,
    OverallBand,
    Rules,
    StandardSpec,
    band_for,
    rate,
    share,
    validate_rules,
)
from tests.reports.scoring_rules import CASE_BANDS, RULES, SCORES, case_standard, counts_of, judged

# --- denominator -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "relevant", "expected_share", "percent"),
    [
        (Counts(yes=3, no=1, na=5), 4, Fraction(3, 4), 75.0),
        (Counts(yes=45, no=50, na=7), 95, Fraction(45, 95), 47.37),
        (Counts(yes=0, no=0, na=9), 0, None, None),
        (Counts(), 0, None, None),
    ],
)
def test_na_is_left_out_of_the_denominator(counts, relevant, expected_share, percent):
    assert counts.relevant == relevant
    assert share(counts) == counts.share == expected_share
    result = rate(RULES, [case_standard("2.2", "2.2.1")], {"2.2.1": counts}, {})
    item = result.standards[0].key_questions[0]
    assert (item.na, item.relevant, item.percent) == (counts.na, relevant, percent)


def test_unanswered_item_counts_nowhere_and_gives_no_figures():
    # An item nobody answered is absent from the counts mapping.
    result = rate(RULES, [case_standard("2.2", "2.2.1", prompts=("2.2.1.a",))], {}, {})
    standard = result.standards[0]
    for item in standard.key_questions + standard.prompts:
        assert (item.yes, item.no, item.na, item.relevant) == (0, 0, 0, 0)
        assert (item.percent, item.interval, item.rating, item.yes_to_next_band) == (None,) * 4
    assert (standard.computed_rating, standard.rating, standard.driver) == (None, None, None)


def test_negative_counts_are_rejected():
    with pytest.raises(ValueError, match="negative"):
        Counts(yes=-1)


# --- banding on the exact fraction ----------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "relevant", "rating"),
    [
        (65, 100, "good"),
        (13, 20, "good"),
        (1299, 2000, "requires_improvement"),  # 64.95%
        (6499, 10000, "requires_improvement"),  # 64.99%
        (259, 400, "requires_improvement"),  # 64.75%, displayed as 65%
        (49, 100, "inadequate"),
        (50, 100, "requires_improvement"),
        (79, 100, "good"),
        (4, 5, "outstanding"),
        (5, 5, "outstanding"),
        (0, 5, "inadequate"),
        (1, 19, "inadequate"),
    ],
)
def test_band_is_taken_from_the_exact_fraction(yes, relevant, rating):
    assert band_for(Fraction(yes, relevant), CASE_BANDS) == rating


def test_rounded_percent_crossing_a_band_does_not_move_the_rating():
    result = rate(RULES, [case_standard("2.2", "2.2.1")], {"2.2.1": counts_of(259, 400)}, {})
    item = result.standards[0].key_questions[0]
    assert round(item.percent) == 65
    assert item.rating == result.standards[0].rating == "requires_improvement"


@pytest.mark.parametrize(
    ("yes", "relevant", "rating"),
    [(649, 1000, "high"), (6489, 10000, "low")],
)
def test_decimal_threshold_means_the_decimal_not_the_float(yes, relevant, rating):
    # float(64.9) is slightly above 64.9, so a share of exactly 64.9% must still reach it.
    bands = (Band(0, "low"), Band(64.9, "high"))
    assert band_for(Fraction(yes, relevant), bands) == rating


def test_band_order_given_does_not_matter():
    assert band_for(Fraction(70, 100), tuple(reversed(CASE_BANDS))) == "good"


# --- which key question drives -------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "driver", "rating"),
    [
        (
            {"k1": counts_of(58, 102), "k2": counts_of(50, 102), "k3": counts_of(32, 102)},
            "k3",
            "inadequate",
        ),
        (
            {"k1": counts_of(90, 100), "k2": counts_of(66, 100), "k3": counts_of(70, 100)},
            "k2",
            "good",
        ),
        # tie on the exact share (1/2 == 51/102): the first in framework order drives
        (
            {"k1": counts_of(9, 10), "k2": counts_of(1, 2), "k3": counts_of(51, 102)},
            "k2",
            "requires_improvement",
        ),
        (
            {"k1": counts_of(51, 102), "k2": counts_of(1, 2), "k3": counts_of(9, 10)},
            "k1",
            "requires_improvement",
        ),
        # a key question with no relevant cases is ignored, not read as 0%
        (
            {"k1": Counts(na=20), "k2": counts_of(85, 100), "k3": counts_of(81, 100)},
            "k3",
            "outstanding",
        ),
        ({"k2": counts_of(85, 100)}, "k2", "outstanding"),
        ({"k1": Counts(na=3), "k2": Counts(na=3)}, None, None),
    ],
)
def test_lowest_key_question_drives_the_rating(counts, driver, rating):
    result = rate(RULES, [case_standard("2.2", "k1", "k2", "k3")], counts, {})
    standard = result.standards[0]
    assert (standard.driver, standard.computed_rating, standard.rating) == (driver, rating, rating)
    assert standard.score == (None if rating is None else SCORES[rating])


# --- item results --------------------------------------------------------------------------


def test_key_questions_carry_rating_and_distance_prompts_do_not():
    spec = case_standard("2.2", "2.2.3", prompts=("2.2.3.a", "2.2.3.c"))
    counts = {
        "2.2.3": counts_of(32, 102),
        "2.2.3.a": counts_of(40, 100, na=2),
        "2.2.3.c": Counts(yes=45, no=50, na=7),
    }
    standard = rate(RULES, [spec], counts, {}).standards[0]
    (kq,) = standard.key_questions
    assert (kq.code, kq.yes, kq.no, kq.na, kq.relevant) == ("2.2.3", 32, 70, 0, 102)
    assert (kq.percent, kq.interval) == (31.37, (25.8, 37.5))
    assert (kq.rating, kq.yes_to_next_band) == ("inadequate", 19)
    assert [p.code for p in standard.prompts] == ["2.2.3.a", "2.2.3.c"]
    prompt = standard.prompts[1]
    assert (prompt.relevant, prompt.percent) == (95, 47.37)
    assert (prompt.rating, prompt.yes_to_next_band) == (None, None)


# --- unrated, missing and moderated ratings -----------------------------------------------


def test_unrated_standard_lists_figures_but_has_no_rating_or_score():
    standards = [
        case_standard("2.2", "2.2.1"),
        StandardSpec("2.6", "Outcomes", "none", (KeyQuestionSpec("2.6.1"),)),
    ]
    counts = {"2.2.1": counts_of(70, 100), "2.6.1": counts_of(39, 100)}
    result = rate(RULES, standards, counts, {})
    outcomes = result.standards[1]
    assert (outcomes.computed_rating, outcomes.rating, outcomes.score) == (None, None, None)
    assert outcomes.driver is None
    assert outcomes.key_questions[0].percent == 39.0
    assert (result.overall.score, result.overall.max) == (2, 3)


def test_missing_judgement_leaves_standard_and_overall_unrated():
    standards = [judged("1.1"), judged("1.2"), case_standard("2.2", "2.2.1")]
    result = rate(RULES, standards, {"2.2.1": counts_of(90, 100)}, {"1.1": "good"})
    assert [s.rating for s in result.standards] == ["good", None, "outstanding"]
    assert [s.score for s in result.standards] == [2, None, 3]
    overall = result.overall
    assert (overall.score, overall.max, overall.computed_rating, overall.rating) == (
        None,
        9,
        None,
        None,
    )


def test_no_relevant_cases_leaves_overall_unrated():
    result = rate(RULES, [judged("1.1"), case_standard("2.2", "2.2.1")], {}, {"1.1": "good"})
    assert (result.overall.score, result.overall.rating) == (None, None)


def test_moderation_changes_rating_and_score_but_keeps_computed_rating():
    standards = [judged("1.1"), case_standard("2.2", "2.2.1")]
    result = rate(
        RULES,
        standards,
        {"2.2.1": counts_of(30, 100)},
        {"1.1": "good"},
        moderations={"1.1": ("inadequate", "Decision rule: all case standards inadequate.")},
    )
    leadership = result.standards[0]
    assert (leadership.computed_rating, leadership.rating, leadership.score) == (
        "good",
        "inadequate",
        0,
    )
    assert leadership.moderation_reason == "Decision rule: all case standards inadequate."
    assert result.standards[1].moderation_reason is None
    assert (result.overall.score, result.overall.rating) == (0, "inadequate")


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_moderation_without_a_reason_is_rejected(reason):
    with pytest.raises(ValueError, match="reason"):
        rate(RULES, [judged("1.1")], {}, {"1.1": "good"}, moderations={"1.1": ("good", reason)})


def test_moderating_an_unrated_standard_is_rejected():
    with pytest.raises(ValueError, match="cannot be moderated"):
        rate(
            RULES,
            [StandardSpec("2.6", "Outcomes", "none")],
            {},
            {},
            moderations={"2.6": ("good", "because")},
        )


@pytest.mark.parametrize(
    ("judgements", "moderations", "message"),
    [
        ({"1.1": "brilliant"}, {}, "not a known rating"),
        ({"1.1": "good", "2.2": "good"}, {}, "not rated by judgement"),
        ({"1.1": "good"}, {"1.1": ("superb", "why")}, "not a known rating"),
    ],
)
def test_unknown_ratings_and_misplaced_judgements_are_rejected(judgements, moderations, message):
    standards = [judged("1.1"), case_standard("2.2", "2.2.1")]
    with pytest.raises(ValueError, match=message):
        rate(RULES, standards, {}, judgements, moderations=moderations)


# --- overall rating -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "score", "overall"),
    [
        (["inadequate"] * 9, 0, "inadequate"),
        (["requires_improvement"] * 2 + ["inadequate"] * 7, 2, "inadequate"),
        (["requires_improvement"] * 4 + ["inadequate"] * 5, 4, "inadequate"),
        (["requires_improvement"] * 5 + ["inadequate"] * 4, 5, "requires_improvement"),
        (["good"] * 7 + ["inadequate"] * 2, 14, "good"),
        (["outstanding"] * 5 + ["good"] * 4, 23, "outstanding"),
    ],
)
def test_overall_rating_comes_from_the_total_score(ratings, score, overall):
    standards = [judged(f"1.{i}") for i in range(len(ratings))]
    judgements = {s.code: r for s, r in zip(standards, ratings, strict=True)}
    result = rate(RULES, standards, {}, judgements)
    assert (result.overall.score, result.overall.max, result.overall.rating) == (score, 27, overall)


@pytest.mark.parametrize("overall_judgement", ["good", None])
def test_framework_without_overall_bands_uses_the_overall_judgement(overall_judgement):
    rules = Rules(case_bands=CASE_BANDS, scores=SCORES, overall_bands=None)
    result = rate(
        rules, [judged("1.1")], {}, {"1.1": "inadequate"}, overall_judgement=overall_judgement
    )
    overall = result.overall
    assert (overall.score, overall.max) == (0, 3)
    assert overall.computed_rating == overall.rating == overall_judgement


def test_overall_judgement_is_rejected_when_overall_bands_exist():
    with pytest.raises(ValueError, match="overall judgement"):
        rate(RULES, [judged("1.1")], {}, {"1.1": "good"}, overall_judgement="good")


def test_framework_without_scores_has_no_scores():
    rules = Rules(case_bands=CASE_BANDS, scores=None, overall_bands=None)
    standards = [judged("1.1"), case_standard("2.2", "2.2.1")]
    result = rate(
        rules, standards, {"2.2.1": counts_of(70, 100)}, {"1.1": "good"}, overall_judgement="good"
    )
    assert [s.rating for s in result.standards] == ["good", "good"]
    assert [s.score for s in result.standards] == [None, None]
    overall = result.overall
    assert (overall.score, overall.max, overall.rating) == (None, None, "good")


# --- rule validation ----------------------------------------------------------------------


def test_valid_rules_have_no_problems():
    assert validate_rules(RULES) == []


def test_validate_rules_reports_every_problem_at_once():
    rules = Rules(
        case_bands=(Band(80, "outstanding"), Band(50, "fair"), Band(50, "ok"), Band(120, "wow")),
        scores={"outstanding": 3, "ok": 1, "wow": 4},
        overall_bands=(OverallBand(5, "ok"), OverallBand(10, "excellent")),
        interval_method="clopper-pearson",
        interval_confidence=1.5,
    )
    problems = validate_rules(rules)
    expected = [
        "outside 0..100",
        "min_percent 0",
        "min_percent 50 appears more than once",
        "min_score 0",
        "'fair' is used in the bands but has no score",
        "'excellent' is used in the bands but has no score",
        "'clopper-pearson' is not supported",
        "confidence 1.5",
    ]
    assert len(problems) == len(expected)
    for fragment, problem in zip(expected, problems, strict=True):
        assert fragment in problem


def test_rate_raises_with_all_rule_problems_joined():
    rules = Rules(
        case_bands=(Band(50, "ok"),), scores={}, overall_bands=None, interval_method="exact"
    )
    with pytest.raises(ValueError) as error:
        rate(rules, [], {}, {})
    message = str(error.value)
    assert "min_percent 0" in message
    assert "'ok' is used in the bands but has no score" in message
    assert "'exact' is not supported" in message
