"""Property tests of the pure sampling module (no database)."""

import math
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sampling.draw import Minimum, SamplingError, allocate, draw, largest_remainder, sample_size

STRATA = ["case_type", "gender"]
keys = st.tuples(
    st.sampled_from(["community", "licence", "suspended", "pss"]),
    st.sampled_from(["male", "female"]),
)
cohorts = st.dictionaries(keys, st.integers(min_value=1, max_value=400), min_size=1, max_size=8)


@pytest.mark.parametrize(
    ("population", "expected"),
    [(10**9, 42), (1000, 40), (400, 38), (100, 30), (41, 21), (5, 5), (1, 1), (0, 0)],
)
def test_sample_size_defaults_80_percent_10_points_with_fpc(population, expected):
    assert sample_size(population) == expected


def test_sample_size_grows_with_confidence_and_shrinks_with_margin():
    assert sample_size(500, confidence=0.95) > sample_size(500, confidence=0.8)
    assert sample_size(500, margin=0.05) > sample_size(500, margin=0.1)
    assert sample_size(10**9, confidence=0.95, margin=0.05) == 385  # the textbook figure


@pytest.mark.parametrize("bad", [{"confidence": 1.0}, {"confidence": 0}, {"margin": 0}])
def test_sample_size_refuses_nonsense(bad):
    with pytest.raises(SamplingError):
        sample_size(100, **bad)


@given(population=st.integers(min_value=1, max_value=10**7))
def test_sample_size_never_exceeds_population_and_is_monotonic(population):
    n = sample_size(population)
    assert 1 <= n <= population
    assert sample_size(population + 1) >= n


@given(cohort=cohorts, data=st.data())
def test_every_stratum_gets_its_proportional_share_within_rounding(cohort, data):
    total = sum(cohort.values())
    size = data.draw(st.integers(min_value=0, max_value=total))
    shares = allocate(cohort, size, strata=STRATA)
    assert sum(shares.values()) == size
    for key, n in cohort.items():
        quota = Fraction(size * n, total)
        assert math.floor(quota) <= shares[key] <= math.ceil(quota)
        assert shares[key] <= n


def test_largest_remainder_gives_leftover_places_to_largest_remainders():
    # quotas 1.5, 0.9, 0.6: floors 1, 0, 0, then the two largest remainders (b, c)
    assert largest_remainder({"a": 5, "b": 3, "c": 2}, 3) == {"a": 1, "b": 1, "c": 1}
    assert largest_remainder({"a": 6, "b": 3, "c": 1}, 4) == {"a": 3, "b": 1, "c": 0}
    assert largest_remainder({"a": 1, "b": 1, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}


def test_size_larger_than_cohort_is_refused():
    with pytest.raises(SamplingError):
        allocate({("licence", "male"): 3}, 4, strata=STRATA)


@given(cohort=cohorts, data=st.data())
@settings(max_examples=200)
def test_minimums_are_respected_and_total_kept(cohort, data):
    total = sum(cohort.values())
    size = data.draw(st.integers(min_value=1, max_value=total))
    women = sum(n for k, n in cohort.items() if k[1] == "female")
    want = data.draw(st.integers(min_value=0, max_value=size))
    shares = allocate(cohort, size, strata=STRATA, minimums=[Minimum("gender", "female", want)])
    assert sum(shares.values()) == size
    assert sum(v for k, v in shares.items() if k[1] == "female") >= min(want, women)
    assert all(0 <= shares[k] <= cohort[k] for k in cohort)


def test_minimum_boosts_women_above_their_proportional_share():
    cohort = {("community", "male"): 90, ("community", "female"): 10}
    assert allocate(cohort, 20, strata=STRATA)[("community", "female")] == 2
    boosted = allocate(cohort, 20, strata=STRATA, minimums=[Minimum("gender", "female", 5)])
    assert boosted == {("community", "male"): 15, ("community", "female"): 5}


def test_two_minimums_are_both_met():
    cohort = {("community", "male"): 80, ("community", "female"): 10, ("pss", "male"): 10}
    mins = [Minimum("gender", "female", 4), Minimum("case_type", "pss", 4)]
    shares = allocate(cohort, 20, strata=STRATA, minimums=mins)
    assert shares[("community", "female")] >= 4 and shares[("pss", "male")] >= 4
    assert sum(shares.values()) == 20


def test_impossible_minimums_are_refused():
    cohort = {("community", "male"): 80, ("community", "female"): 10}
    with pytest.raises(SamplingError):
        allocate(cohort, 3, strata=STRATA, minimums=[Minimum("gender", "female", 5)])


def test_minimum_on_attribute_not_stratified_is_refused():
    with pytest.raises(SamplingError, match="rosh"):
        allocate(
            {("community", "male"): 5}, 2, strata=STRATA, minimums=[Minimum("rosh", "high", 1)]
        )


records_strategy = st.lists(
    st.tuples(st.text("ABCDEFGH0123456789", min_size=3, max_size=6), keys),
    min_size=1,
    max_size=120,
    unique_by=lambda r: r[0],
)


@given(records=records_strategy, seed=st.integers(min_value=0, max_value=2**40), data=st.data())
def test_same_seed_and_inputs_give_the_same_sample_whatever_the_input_order(records, seed, data):
    counts = Counter(k for _, k in records)
    size = data.draw(st.integers(min_value=0, max_value=len(records)))
    shares = allocate(counts, size, strata=STRATA)
    first = draw(records, shares, seed=seed, reserves=3)
    shuffled = data.draw(st.permutations(records))
    again = draw(shuffled, shares, seed=seed, reserves=3)
    assert {k: (v.selected, v.reserve) for k, v in first.items()} == {
        k: (v.selected, v.reserve) for k, v in again.items()
    }
    for key, result in first.items():
        members = {r for r, k in records if k == key}
        assert len(result.selected) == shares[key]
        assert set(result.selected) <= members and set(result.reserve) <= members
        assert not set(result.selected) & set(result.reserve)
        assert len(result.reserve) == min(3, counts[key] - shares[key])


def test_a_different_seed_usually_gives_a_different_sample():
    records = [(f"R{i:03d}", ("community", "male")) for i in range(200)]
    a = draw(records, {("community", "male"): 20}, seed=1)
    b = draw(records, {("community", "male"): 20}, seed=2)
    assert a[("community", "male")].selected != b[("community", "male")].selected


def test_draw_is_stable_across_releases():
    """Pinned output: a change to the shuffle would silently change stored samples."""
    records = [(f"R{i}", ("licence", "female")) for i in range(10)]
    result = draw(records, {("licence", "female"): 3}, seed=42, reserves=2)
    picked = result[("licence", "female")]
    assert (picked.selected, picked.reserve) == (["R0", "R9", "R4"], ["R2", "R1"])
