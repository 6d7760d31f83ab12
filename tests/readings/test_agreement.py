"""Agreement figures (readings.agreement, pure) against examples worked by hand.

Each example gives the contingency of (first reading, second reading) answers and the figures
worked out on paper in its docstring: p_o = agreements / pairs, p_e = sum over categories of the
product of the two readings' shares, kappa = (p_o - p_e) / (1 - p_e).
"""

from fractions import Fraction

import pytest

from readings.agreement import Figures, Pair, agreement, agreement_document, figures, kappa_exact


def repeat(*cells: tuple[str, str, int]) -> list[tuple[str, str]]:
    return [(a, b) for a, b, n in cells for _ in range(n)]


def test_two_by_two():
    """yes/yes 20, yes/no 5, no/yes 10, no/no 15 (50 pairs).
    p_o = 35/50 = 0.7; first: yes 25, no 25; second: yes 30, no 20;
    p_e = (25*30 + 25*20) / 50² = 0.5; kappa = (0.7 - 0.5) / 0.5 = 0.4."""
    pairs = repeat(("yes", "yes", 20), ("yes", "no", 5), ("no", "yes", 10), ("no", "no", 15))
    assert kappa_exact(pairs) == Fraction(2, 5)
    f = figures(pairs)
    assert (f.pairs, f.agree, f.percent_agreement, f.kappa) == (50, 35, 70.0, 0.4)


def test_kappa_undefined_when_both_readings_use_one_category():
    """Five pairs, all yes/yes: p_o = 1, p_e = 1 -> kappa 0/0, undefined: None, not 1 or 0."""
    f = figures(repeat(("yes", "yes", 5)))
    assert (f.pairs, f.agree, f.percent_agreement, f.kappa) == (5, 5, 100.0, None)
    assert figures([]).as_dict() == {
        "pairs": 0,
        "agree": 0,
        "percent_agreement": None,
        "kappa": None,
    }


def test_one_reader_in_one_category_is_not_undefined():
    """first always yes; second yes 3, no 1. p_o = 3/4; p_e = 1 * 3/4 = 3/4 -> kappa 0."""
    f = figures(repeat(("yes", "yes", 3), ("yes", "no", 1)))
    assert (f.percent_agreement, f.kappa) == (75.0, 0.0)


def test_negative_kappa():
    """yes/yes 1, yes/no 3, no/yes 3, no/no 1. p_o = 2/8 = 0.25; both readings 4 yes, 4 no:
    p_e = 0.5; kappa = (0.25 - 0.5) / 0.5 = -0.5 (worse than chance)."""
    f = figures(repeat(("yes", "yes", 1), ("yes", "no", 3), ("no", "yes", 3), ("no", "no", 1)))
    assert (f.pairs, f.agree, f.percent_agreement, f.kappa) == (8, 2, 25.0, -0.5)


def test_management_oversight_answer_set():
    """Management oversight's own set (sufficient / insufficient / ineffective / absent / na):
    first  S S S I I I E E A na
    second S S I I I E E A A na
    agree on pairs 1, 2, 4, 5, 7, 9, 10: p_o = 7/10.
    first: S 3, I 3, E 2, A 1, na 1; second: S 2, I 3, E 2, A 2, na 1;
    p_e = (3*2 + 3*3 + 2*2 + 1*2 + 1*1) / 100 = 22/100;
    kappa = (0.70 - 0.22) / 0.78 = 0.6153... -> 0.62."""
    first = "sufficient sufficient sufficient insufficient insufficient insufficient ineffective ineffective absent na"
    second = "sufficient sufficient insufficient insufficient insufficient ineffective ineffective absent absent na"
    pairs = list(zip(first.split(), second.split(), strict=True))
    assert kappa_exact(pairs) == Fraction(48, 78)
    f = figures(pairs)
    assert (f.pairs, f.agree, f.percent_agreement, f.kappa) == (10, 7, 70.0, 0.62)


def test_blank_answers_are_not_pairs():
    f = figures([("yes", "yes"), ("", "no"), ("no", ""), ("no", "no")])
    assert (f.pairs, f.agree) == (2, 2)


def test_percent_has_two_decimals():
    """10 of 12 -> 83.333... -> 83.33 (the spec's example)."""
    f = figures(repeat(("yes", "yes", 6), ("no", "no", 4), ("yes", "no", 2)))
    assert f.percent_agreement == 83.33


def _pairs() -> list[Pair]:
    """Two cases, three items of two standards, read by (ann, bob) and (cat, bob).
    2.2.1: C1 yes/yes, C2 no/no          -> 2 pairs, 2 agree
    2.2.3: C1 yes/no,  C2 no/yes         -> 2 pairs, 0 agree
    MO:    C1 sufficient/absent, C2 blank -> 1 pair, 0 agree"""
    return [
        Pair("2.2.1", "yes", "yes", "C1", "2.2", "ann", "bob"),
        Pair("2.2.1", "no", "no", "C2", "2.2", "cat", "bob"),
        Pair("2.2.3", "yes", "no", "C1", "2.2", "ann", "bob"),
        Pair("2.2.3", "no", "yes", "C2", "2.2", "cat", "bob"),
        Pair("MO", "sufficient", "absent", "C1", "MO", "ann", "bob"),
        Pair("MO", "", "absent", "C2", "MO", "cat", "bob"),
    ]


def test_groups_items_standards_and_reader_pairs():
    """Overall: 5 pairs, 2 agree -> 40.0%.
    first: yes 2, no 2, sufficient 1; second: yes 2, no 2, absent 1;
    p_e = (2*2 + 2*2) / 25 = 8/25; kappa = (2/5 - 8/25) / (17/25) = (2/25) / (17/25) = 2/17 = 0.12.
    2.2.1: yes/yes, no/no -> kappa 1.0. 2.2.3: yes/no, no/yes -> p_o 0, p_e 1/2 -> -1.0.
    MO: sufficient/absent -> p_e 0, kappa 0.0.
    Standard 2.2: the four pairs of 2.2.1 and 2.2.3 -> 2 agree of 4, p_e 1/2 -> kappa 0.0.
    (ann, bob): 2.2.1 yes/yes, 2.2.3 yes/no, MO sufficient/absent -> 1 of 3;
    (cat, bob): no/no, no/yes -> 1 of 2."""
    result = agreement(_pairs(), order=["2.2.1", "2.2.3", "MO"])
    assert result.cases == 2
    assert [(r.key, r.figures.pairs, r.figures.agree, r.figures.kappa) for r in result.items] == [
        (("2.2.1",), 2, 2, 1.0),
        (("2.2.3",), 2, 0, -1.0),
        (("MO",), 1, 0, 0.0),
    ]
    assert result.overall == Figures(5, 2, 40.0, 0.12)
    assert [
        (r.key, r.figures.pairs, r.figures.agree, r.figures.kappa) for r in result.standards
    ] == [
        (("2.2",), 4, 2, 0.0),
        (("MO",), 1, 0, 0.0),
    ]
    assert [(r.key, r.figures.pairs, r.figures.agree) for r in result.reader_pairs] == [
        (("ann", "bob"), 3, 1),
        (("cat", "bob"), 2, 1),
    ]


def test_low_agreement_items_first_and_undefined_kappa_last():
    pairs = [
        Pair("A", "yes", "yes"),  # kappa undefined (one category), 100%
        Pair("A", "yes", "yes"),
        Pair("B", "yes", "yes"),  # kappa 1.0
        Pair("B", "no", "no"),
        Pair("C", "yes", "no"),  # kappa -1.0
        Pair("C", "no", "yes"),
        Pair("D", "yes", "no"),  # kappa 0.0 (p_e 0), 0%
    ]
    result = agreement(pairs, order=["A", "B", "C", "D"])
    assert [r.key[0] for r in result.items] == ["A", "B", "C", "D"]
    assert [r.key[0] for r in result.low_first()] == ["C", "D", "B", "A"]


def test_document_keeps_the_spec_keys_and_order():
    doc = agreement_document(7, agreement(_pairs(), order=["2.2.1", "2.2.3", "MO"]))
    assert list(doc)[:5] == ["format", "inspection", "cases", "items", "overall"]
    assert doc["format"] == "inspection-agreement/1"
    assert doc["inspection"] == 7
    assert list(doc["items"][0]) == ["code", "pairs", "agree", "percent_agreement", "kappa"]
    assert list(doc["overall"]) == ["pairs", "agree", "percent_agreement", "kappa"]
    assert doc["items"][0] == {
        "code": "2.2.1",
        "pairs": 2,
        "agree": 2,
        "percent_agreement": 100.0,
        "kappa": 1.0,
    }
    assert doc["reader_pairs"][0]["first_reader"] == "ann"


GRADED = ("outstanding", "good", "requires_improvement", "inadequate", "na")


def test_kappa_over_a_four_point_graded_scale():
    """A graded scale (outstanding O, good G, requires improvement R, inadequate I, na), 12 pairs:
    first  O O O G G G G R R I I na
    second O O G G G R G R I I R na
    agree on pairs 1, 2, 4, 5, 7, 8, 10, 12: p_o = 8/12 = 2/3.
    first: O 3, G 4, R 2, I 2, na 1; second: O 2, G 4, R 3, I 2, na 1;
    p_e = (3*2 + 4*4 + 2*3 + 2*2 + 1*1) / 144 = 33/144 = 11/48;
    kappa = (32/48 - 11/48) / (37/48) = 21/37 = 0.5675... -> 0.57; agreement 66.67 per cent."""
    short = dict(zip(["O", "G", "R", "I", "na"], GRADED, strict=True))
    first = [short[x] for x in ["O", "O", "O", "G", "G", "G", "G", "R", "R", "I", "I", "na"]]
    second = [short[x] for x in ["O", "O", "G", "G", "G", "R", "G", "R", "I", "I", "R", "na"]]
    pairs = list(zip(first, second, strict=True))
    assert kappa_exact(pairs, GRADED) == Fraction(21, 37)
    f = figures(pairs, GRADED)
    assert (f.pairs, f.agree, f.percent_agreement, f.kappa) == (12, 8, 66.67, 0.57)
    # through the item rows: each pair carries its item's scale
    rows = agreement(
        [
            Pair("A1.1", a, b, case=f"C{i}", standard="A1", categories=GRADED)
            for i, (a, b) in enumerate(pairs)
        ]
    )
    assert rows.items[0].figures == f and rows.overall == f


def test_an_answer_off_the_items_scale_is_an_error_not_a_category():
    with pytest.raises(ValueError, match=r"\['yes'\] are not on the scale"):
        figures([("good", "good"), ("good", "yes")], GRADED)
    with pytest.raises(ValueError, match="not on the scale"):
        agreement([Pair("A1.1", "good", "yes", categories=GRADED)])


def test_pooled_figures_are_over_the_union_of_the_items_scales():
    """A yes/no item (yes/yes, no/no) and a graded one (good/good, good/inadequate) pooled:
    p_o = 3/4; first: yes 1, no 1, good 2; second: yes 1, no 1, good 1, inadequate 1;
    p_e = (1 + 1 + 2) / 16 = 1/4; kappa = (3/4 - 1/4) / (3/4) = 2/3 -> 0.67."""
    yes_no = ("yes", "no", "na")
    pooled = agreement(
        [
            Pair("1", "yes", "yes", standard="S", categories=yes_no),
            Pair("1", "no", "no", standard="S", categories=yes_no),
            Pair("2", "good", "good", standard="S", categories=GRADED),
            Pair("2", "good", "inadequate", standard="S", categories=GRADED),
        ]
    )
    assert (pooled.overall.agree, pooled.overall.kappa) == (3, 0.67)
    assert pooled.standards[0].figures == pooled.overall
