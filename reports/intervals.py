"""Confidence intervals for a share of relevant cases (pure Python: no Django, no clock).

The framework chooses the method and confidence (`interval_method`, `interval_confidence`);
Wilson's score interval is the one Casebook computes. Scoring prepares `z` once per framework
(`z_for`) and calls `wilson` for every figure.
"""

import math
from statistics import NormalDist


def z_for(confidence: float) -> float:
    """The two-sided normal quantile for `confidence` (0.80 -> 1.2816)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson_interval(yes: int, n: int, confidence: float) -> tuple[float, float]:
    """Wilson score interval for yes / n, in percent, clamped to 0..100."""
    if n <= 0:
        raise ValueError("a confidence interval needs at least one relevant case")
    if not 0 <= yes <= n:
        raise ValueError(f"yes must be between 0 and n, got {yes} of {n}")
    return wilson(yes, n, z_for(confidence))


def wilson(yes: int, n: int, z: float) -> tuple[float, float]:
    """`wilson_interval` with the quantile already computed (checked inputs: 0 <= yes <= n, n > 0)."""
    p = yes / n
    denominator = 1 + z * z / n
    centre = p + z * z / (2 * n)
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low, high = (centre - half_width) / denominator, (centre + half_width) / denominator
    return max(0.0, low * 100), min(100.0, high * 100)
