"""No-database tests of the figures beside the ratings: Wilson intervals, Yes cases to the next
band, and the example report's published figures reproduced from its counts."""

from fractions import Fraction

import pytest

from reports.intervals import wilson_interval
from reports.scoring import (
    Band,
    Counts,
    KeyQuestionSpec,
    Rules,
    StandardSpec,
    band_for,
    rate,
    yes_to_next_band,
)
from tests.reports.scoring_rules import CASE_BANDS, RULES, case_standard, counts_of, judged

# --- confidence interval ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "n", "confidence", "low", "high"),
    [
        (32, 102, 0.80, 25.82, 37.52),
        (0, 10, 0.95, 0.0, 27.75),
        (5, 10, 0.95, 23.66, 76.34),
        (10, 10, 0.95, 72.25, 100.0),
        (1, 19, 0.80, 1.59, 16.06),
    ],
)
def test_wilson_interval_matches_reference_values(yes, n, confidence, low, high):
    assert wilson_interval(yes, n, confidence) == pytest.approx((low, high), abs=0.01)


@pytest.mark.parametrize(("yes", "n"), [(0, 0), (3, 2), (-1, 5)])
def test_wilson_interval_rejects_impossible_counts(yes, n):
    with pytest.raises(ValueError):
        wilson_interval(yes, n, 0.8)


# --- distance to the next band ------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (counts_of(32, 102), 19),  # 51/102 is exactly 50%
        (counts_of(79, 100), 1),
        (counts_of(64, 100), 1),
        (counts_of(259, 400), 1),  # 260/400 is exactly 65%
        (counts_of(1, 19), 9),  # 10/19 = 52.6%; 9/19 = 47.4%
        (counts_of(4, 5), None),  # already outstanding
        (counts_of(5, 5), None),
        (Counts(na=4), None),
        (Counts(), None),
    ],
)
def test_yes_to_next_band(counts, expected):
    assert yes_to_next_band(counts, CASE_BANDS) == expected


# --- calibration: the example report (Leicester, Leicestershire and Rutland, Feb 2023) ------

EXAMPLE_KEY_QUESTIONS = {
    # code: (yes, relevant, rounded percent printed in the report)
    "2.1.1": (1, 19, 5),
    "2.2.1": (58, 102, 57),
    "2.2.2": (50, 102, 49),
    "2.2.3": (32, 102, 31),
    "2.3.1": (51, 102, 50),
    "2.3.2": (53, 102, 52),
    "2.3.3": (41, 102, 40),
    "2.4.1": (58, 102, 57),
    "2.4.2": (41, 102, 40),
    "2.4.3": (44, 102, 43),
    "2.5.1": (62, 102, 61),
    "2.5.2": (56, 102, 55),
    "2.5.3": (45, 102, 44),
}


def example_standards() -> list[StandardSpec]:
    domain_one = [judged(code) for code in ("1.1", "1.2", "1.3", "1.4")]
    domain_two = [case_standard("2.1", "2.1.1")] + [
        case_standard(f"2.{n}", f"2.{n}.1", f"2.{n}.2", f"2.{n}.3") for n in range(2, 6)
    ]
    outcomes = StandardSpec("2.6", "Outcomes", "none", (KeyQuestionSpec("2.6.1"),))
    return domain_one + domain_two + [outcomes]


def test_example_report_figures_are_reproduced():
    counts = {code: counts_of(yes, n) for code, (yes, n, _) in EXAMPLE_KEY_QUESTIONS.items()}
    counts["2.1.1"] = counts_of(1, 19, na=83)  # court reports only where there was one
    counts["2.6.1"] = counts_of(40, 102)
    judgements = {
        "1.1": "inadequate",
        "1.2": "inadequate",
        "1.3": "requires_improvement",
        "1.4": "requires_improvement",
    }
    result = rate(RULES, example_standards(), counts, judgements)
    by_code = {s.code: s for s in result.standards}

    percents = {kq.code: round(kq.percent) for s in result.standards for kq in s.key_questions}
    for code, (_, _, printed) in EXAMPLE_KEY_QUESTIONS.items():
        assert percents[code] == printed, code
    assert percents["2.6.1"] == 39

    assert {code: s.rating for code, s in by_code.items()} == {
        "1.1": "inadequate",
        "1.2": "inadequate",
        "1.3": "requires_improvement",
        "1.4": "requires_improvement",
        "2.1": "inadequate",
        "2.2": "inadequate",
        "2.3": "inadequate",
        "2.4": "inadequate",
        "2.5": "inadequate",
        "2.6": None,
    }
    assert [by_code[c].driver for c in ("2.1", "2.2", "2.3", "2.4", "2.5")] == [
        "2.1.1",
        "2.2.3",
        "2.3.3",
        "2.4.2",
        "2.5.3",
    ]
    assert by_code["2.2"].key_questions[2].interval == (25.8, 37.5)
    overall = result.overall
    assert (overall.score, overall.max, overall.computed_rating, overall.rating) == (
        2,
        27,
        "inadequate",
        "inadequate",
    )


# --- thresholds prepared once, compared in integers -------------------------------------------


@pytest.mark.parametrize(
    "bands",
    [
        CASE_BANDS,
        (Band(64.9, "good"), Band(33.3, "requires_improvement"), Band(0, "inadequate")),
        (Band(0, "inadequate"), Band(12.5, "requires_improvement"), Band(99.99, "outstanding")),
    ],
)
def test_prepared_rating_equals_the_exact_fraction_rules_for_every_count(bands):
    """`rate` compares prepared integer thresholds; for every yes/relevant up to 120 it gives
    what the exact fractions give (band, Yes cases to the next band, percent to 2 decimals)."""
    rules = Rules(case_bands=bands, scores=None, overall_bands=None, interval_confidence=0.9)
    for relevant in range(1, 121):
        for yes in range(relevant + 1):
            counts = Counts(yes=yes, no=relevant - yes, na=3)
            kq = rate(rules, [case_standard("2.2", "k")], {"k": counts}, {}).standards[0]
            item = kq.key_questions[0]
            exact = Fraction(yes, relevant)
            assert item.rating == band_for(exact, bands), (yes, relevant)
            assert item.yes_to_next_band == yes_to_next_band(counts, bands), (yes, relevant)
            assert item.percent == float(round(exact * 100, 2)), (yes, relevant)
            low, high = wilson_interval(yes, relevant, 0.9)
            assert item.interval == (round(low, 1), round(high, 1))
