"""Random draws and small numeric helpers shared by the steps of the synthetic population generator.

Age tables come from the generator's rows ``[lowest age, highest age, value...]`` (both ends included);
the odds helpers move shares on the odds scale, which keeps them inside (0, 1).
"""

from __future__ import annotations

import math

import numpy as np

#: Length of an age lookup table: ages 0..110, the range of the schema's ``age`` column.
AGE_TABLE_SIZE = 111

#: Coefficients of Acklam's rational approximation of the inverse normal CDF (central region a/b, tails c/d).
_ACKLAM_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_ACKLAM_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_ACKLAM_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_ACKLAM_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
#: Below this probability (and above one minus it) Acklam's tail formula applies.
_ACKLAM_TAIL = 0.02425


def by_age(bands: list, column: int = 2, default: float = 0.0) -> np.ndarray:
    """A lookup table (index = age 0..110) from rows ``[lowest, highest, value...]``; ``column`` picks the value."""
    table = np.full(AGE_TABLE_SIZE, default, dtype=np.float64)
    for row in bands:
        table[int(row[0]) : int(row[1]) + 1] = float(row[column])
    return table


def draw_age(rng: np.random.Generator, bands: list, n: int) -> np.ndarray:
    """Ages drawn from band weights ``[lowest, highest, weight]``, uniform within a band."""
    lowest = np.array([b[0] for b in bands])
    highest = np.array([b[1] for b in bands])
    weights = np.array([b[2] for b in bands], dtype=np.float64)
    band = rng.choice(len(bands), size=n, p=weights / weights.sum())
    return lowest[band] + np.floor(rng.random(n) * (highest[band] - lowest[band] + 1)).astype(np.int64)


def draw_from_pmf(
    rng: np.random.Generator, pmf: np.ndarray, upper: np.ndarray, lower: np.ndarray | None = None
) -> np.ndarray:
    """Integers 0..len(pmf)-1 drawn from ``pmf`` truncated to ``[lower, upper]`` (elementwise)."""
    cdf = np.r_[0.0, np.cumsum(pmf / pmf.sum())]
    upper = np.clip(upper, 0, len(pmf) - 1)
    lower = np.zeros_like(upper) if lower is None else np.clip(lower, 0, upper)
    uniform = cdf[lower] + rng.random(len(upper)) * (cdf[upper + 1] - cdf[lower])
    return np.clip(np.searchsorted(cdf, uniform, side="right") - 1, lower, upper)


def group_cumsum(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Cumulative sum within contiguous groups; ``first`` is the index of each element's group start."""
    total = np.cumsum(values)
    return total - total[first] + values[first]


def norm_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7)."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


def norm_ppf(p: np.ndarray) -> np.ndarray:
    """Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9; the letters are
    the algorithm's)."""
    a, b, c, d = _ACKLAM_A, _ACKLAM_B, _ACKLAM_C, _ACKLAM_D
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-300, 1 - 1e-16)
    out = np.empty_like(p)
    low_tail, high_tail = p < _ACKLAM_TAIL, p > 1 - _ACKLAM_TAIL
    central = ~(low_tail | high_tail)
    q = p[central] - 0.5
    r = q * q
    out[central] = (
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    )
    for mask, sign, tail_p in ((low_tail, 1.0, p[low_tail]), (high_tail, -1.0, 1 - p[high_tail])):
        q = np.sqrt(-2 * np.log(tail_p))
        out[mask] = (
            sign
            * (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        )
    return out


def stratified_uniform(rng: np.random.Generator, order: np.ndarray) -> np.ndarray:
    """Uniform numbers, one in each of ``n`` equal strata of (0, 1), given in the order of ``order``.

    ``order`` ranks the units (0 = lowest); the sample then follows any quantile function exactly up to
    the resolution 1/n, which keeps heavy-tailed totals stable from seed to seed.
    """
    n_units = len(order)
    ranks = np.empty(n_units, dtype=np.int64)
    ranks[order] = np.arange(n_units)
    return (ranks + rng.random(n_units)) / max(n_units, 1)


def to_odds(share: np.ndarray) -> np.ndarray:
    """The odds ``p / (1 − p)`` of a share, with the share kept within [1e-6, 1 − 1e-6]."""
    share = np.clip(share, 1e-6, 1 - 1e-6)
    return share / (1 - share)


def from_odds(odds: np.ndarray) -> np.ndarray:
    """The share ``odds / (1 + odds)`` that has these odds."""
    return odds / (1 + odds)


def lognormal(rng: np.random.Generator, median: np.ndarray | float, sigma: float, n: int) -> np.ndarray:
    """``n`` lognormal draws with the given median(s) and log-scale standard deviation ``sigma``."""
    return np.asarray(median, dtype=np.float64) * np.exp(sigma * rng.standard_normal(n))


def by_group(values: dict, group: np.ndarray) -> np.ndarray:
    """Each household's value for its municipality group (1, 2, 3) from ``{1: ..., 2: ..., 3: ...}``."""
    return np.array([0.0, values[1], values[2], values[3]])[group]
