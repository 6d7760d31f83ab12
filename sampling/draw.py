"""Sample size, stratum allocation and the seeded draw — pure Python, no Django.

Everything here is deterministic: the same inputs (including the seed) give the same output, on
any machine and any Python run (string seeds for `random.Random` are hashed with SHA-512, not
with the per-process `hash()`).
"""

import math
import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from statistics import NormalDist
from typing import Any

DEFAULT_CONFIDENCE = 0.80
DEFAULT_MARGIN = 0.10
# The largest sample a draw creates (each sampled case is a case file someone reads): ten times
# a large PDU inspection's sample, and enough for 99% confidence at ±5 points on any cohort.
MAX_SAMPLE = 1_000


class SamplingError(ValueError):
    """The inputs cannot give a sample (e.g. minimums larger than the sample)."""


def sample_size(
    population: int,
    *,
    confidence: float = DEFAULT_CONFIDENCE,
    margin: float = DEFAULT_MARGIN,
    proportion: float = 0.5,
) -> int:
    """Cases needed to estimate a proportion within ±margin at the confidence level.

    n0 = z² p(1-p) / e², then the finite-population correction n = n0 / (1 + (n0 - 1) / N),
    rounded up and never more than the population. 80% and ±10 points give n0 ≈ 41.
    """
    if population < 0:
        raise SamplingError("population cannot be negative")
    if not 0 < confidence < 1:
        raise SamplingError("confidence must be between 0 and 1 (e.g. 0.8)")
    if not 0 < margin < 1:
        raise SamplingError("margin of error must be between 0 and 1 (e.g. 0.1)")
    if population == 0:
        return 0
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / population)
    # round() first so float noise (41.0000000001) does not add a whole case
    return min(population, max(1, math.ceil(round(n, 9))))


def largest_remainder[K: Hashable](counts: Mapping[K, int], size: int) -> dict[K, int]:
    """Split `size` in proportion to `counts` (Hamilton's method); ties go to the earlier key.

    Each share is the floor or the ceiling of its exact quota size·count/total.
    """
    total = sum(counts.values())
    if size > total:
        raise SamplingError(f"a sample of {size} is larger than the cohort of {total}")
    if total == 0:
        return {key: 0 for key in counts}
    quotas = {key: Fraction(size * n, total) for key, n in counts.items()}
    shares = {key: math.floor(q) for key, q in quotas.items()}
    left = size - sum(shares.values())
    order = sorted(counts, key=lambda k: (-(quotas[k] - shares[k]), _sort_key(k)))
    for key in order[:left]:
        shares[key] += 1
    return shares


@dataclass(frozen=True)
class Minimum:
    """At least `n` sampled cases among the strata whose `attribute` equals `value`."""

    attribute: str
    value: str
    n: int

    def matches(self, stratum: Mapping[str, str]) -> bool:
        return stratum.get(self.attribute) == self.value


def allocate(
    counts: Mapping[tuple[Any, ...], int],
    size: int,
    *,
    strata: Sequence[str],
    minimums: Sequence[Minimum] = (),
) -> dict[tuple[Any, ...], int]:
    """Places per stratum: proportional (largest remainder), then raised to meet the minimums.

    `counts` maps a stratum key (a tuple of values in `strata` order) to its cohort count. A
    minimum is capped at what its strata hold. Places for a minimum come, one at a time, from
    the stratum furthest above its quota whose loss breaks no other minimum, and go to the
    group's stratum furthest below its quota.
    """
    shares = largest_remainder(counts, size)
    if not minimums:
        return shares
    total = sum(counts.values())
    quotas = {k: Fraction(size * n, total) for k, n in counts.items()}
    for m in minimums:
        if m.attribute not in strata:
            raise SamplingError(f"a minimum on {m.attribute} needs {m.attribute} among the strata")
    index = {name: i for i, name in enumerate(strata)}

    def in_group(key: tuple[Any, ...], m: Minimum) -> bool:
        return str(key[index[m.attribute]]) == m.value

    needs = {m: min(m.n, sum(n for k, n in counts.items() if in_group(k, m))) for m in minimums}

    def held(m: Minimum) -> int:
        return sum(v for k, v in shares.items() if in_group(k, m))

    # each step raises an unmet minimum by one and lowers none, so this bound is never reached
    for _ in range(sum(needs.values()) + 1):
        unmet = [m for m in minimums if held(m) < needs[m]]
        if not unmet:
            return shares
        m = unmet[0]
        takers = [k for k in counts if in_group(k, m) and shares[k] < counts[k]]
        donors = [
            k
            for k in counts
            if not in_group(k, m)
            and shares[k] > 0
            and all(not in_group(k, o) or held(o) > needs[o] for o in minimums if o != m)
        ]
        if not takers or not donors:
            break
        taker = min(takers, key=lambda k: (shares[k] - quotas[k], _sort_key(k)))
        donor = max(donors, key=lambda k: (shares[k] - quotas[k], _reverse_sort_key(k)))
        shares[taker] += 1
        shares[donor] -= 1
    raise SamplingError("the minimums cannot all be met with this sample size")


@dataclass
class StratumDraw:
    key: tuple[Any, ...]
    selected: list[str] = field(default_factory=list)
    reserve: list[str] = field(default_factory=list)


def draw(
    records: Iterable[tuple[str, tuple[Any, ...]]],
    allocation: Mapping[tuple[Any, ...], int],
    *,
    seed: int,
    reserves: int | None = None,
) -> dict[tuple[Any, ...], StratumDraw]:
    """Shuffle each stratum with its own seeded generator; the first places are the sample, the
    next `reserves` (all, when None) the ranked reserve list.

    `records` are (ref, stratum key). Refs are sorted first, so the input order does not matter.
    """
    by_stratum: dict[tuple[Any, ...], list[str]] = {}
    for ref, key in records:
        by_stratum.setdefault(key, []).append(ref)
    result = {}
    for key in sorted(by_stratum, key=_sort_key):
        refs = sorted(by_stratum[key])
        rng = random.Random(f"{seed}:{_seed_text(key)}")  # noqa: S311 (a draw anyone can repeat from its seed)
        rng.shuffle(refs)
        n = allocation.get(key, 0)
        end = None if reserves is None else n + reserves
        result[key] = StratumDraw(key=key, selected=refs[:n], reserve=refs[n:end])
    return result


def _seed_text(key: tuple[Any, ...]) -> str:
    """A stratum key as it enters its shuffle's seed (`a / b`); fixed, or draws change."""
    return " / ".join(str(v) for v in key)


def _sort_key(key: Hashable) -> str:
    return repr(key)


def _reverse_sort_key(key: Hashable) -> tuple[Any, ...]:
    return tuple(-ord(c) for c in repr(key))
