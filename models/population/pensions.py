"""Step 4 (second part) of the synthetic population: the earnings-related pensions of all own-pension recipients.

Old-age and disability pensioners together, fitted to the Finnish Centre for Pensions' composition of
pensions (``pension_distribution`` in ``assumptions/calibration/generator.yaml``): a two-piece lognormal
around each person's level (sex, age, disability) whose two sex levels and two sigmas give the published
shares below each person's national pension income limit, below the middle threshold by sex and above the
high threshold (:func:`fit_pensions`); then both tails (:func:`fit_pension_tails`): the share over the top
threshold and the mean, which decides how far below the national pension limit the small pensions lie.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.population.composition import Composition
from models.population.sampling import by_age
from models.population.schema import Status

#: Log value standing for "no pension" in the quantiles of the fit.
NO_PENSION_LOG = -50.0
#: Starting values of the fit: the sexes' levels this far (log scale) above (men) and below (women) the
#: start median, and the lower and upper sigma. The fit moves them; they only decide where it starts.
START_SEX_OFFSET = 0.15
START_SIGMAS = (0.6, 0.45)
#: The highest share below the national pension limit the refit after weighting may ask the second draw for (a
#: guard: a share near 1 would leave no pension above the limit to fit the upper shares on).
MAX_REFIT_SHARE_BELOW_LIMIT = 0.95
#: At most this many rounds of the fit, and fewer recipients than this are not fitted at all.
FIT_ROUNDS = 60
MIN_RECIPIENTS = 30


def draw_pensions(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, status: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pensions (EUR/month) of everyone (0 for those without) and whether each is below the person's national
    pension income limit (single or in a couple)."""
    spec = cfg["pension_distribution"]
    old_age, disability = cfg["old_age_pension"], cfg["disability_pension"]
    uprating = spec["uprating"]
    pension = np.zeros(comp.n_persons)
    pool = np.flatnonzero((status == Status.PENSIONER) | (status == Status.DISABILITY_PENSIONER))
    is_disabled = status[pool] == Status.DISABILITY_PENSIONER
    no_work_pension = np.where(
        is_disabled, disability_zero_shares(disability, comp.age[pool], is_disabled), old_age["zero_share"]
    )
    has_pension = rng.random(len(pool)) >= no_work_pension
    age_level = np.log(by_age(old_age["age_factor"], 2, 1.0)[comp.age[pool]])
    base_log = np.where(is_disabled, math.log(disability["relative_level"]), age_level)
    limits = spec["national_pension_limit"]
    limit = np.where(comp.in_couple[pool], limits["couple"], limits["single"])
    in_statistics = in_pension_statistics(spec, status[pool], comp.age[pool])
    fit_spec = {
        "middle_threshold": spec["thresholds"][0] * uprating,
        "high_threshold": spec["thresholds"][1] * uprating,
        "women_below_middle": spec["below_middle"]["women"],
        "men_below_middle": spec["below_middle"]["men"],
        "above_high": spec["above_high"],
        "below_national_pension_limit": spec["with_national_pension"],
        "initial_median": spec["fit_start_median"] * uprating,
    }
    pension[pool] = fit_pensions(rng, base_log, comp.sex[pool] == 1, has_pension, limit, fit_spec, fitted=in_statistics)
    pension[pool] = fit_pension_tails(
        pension[pool],
        limit,
        high=spec["thresholds"][1] * uprating,
        top=spec["top_threshold"] * uprating,
        above_top=spec["above_top"],
        mean=spec["mean"] * uprating,
        fitted=in_statistics,
    )
    below_limit = np.zeros(comp.n_persons, dtype=bool)
    below_limit[pool] = pension[pool] < limit
    return pension, below_limit


def disability_zero_shares(spec: dict[str, Any], age: np.ndarray, disabled: np.ndarray) -> np.ndarray:
    """Each person's probability of having no earnings-related pension if a disability pensioner
    (``disability_pension``): ``young_zero_share`` under ``young_age_under``, and for the older ones the share
    that keeps the disability pensioners' overall share at ``zero_share`` (the drawn disability pensioners
    counted alike; within [0, 1])."""
    young = age < spec["young_age_under"]
    n_disabled, n_young = int(disabled.sum()), int((disabled & young).sum())
    n_old = n_disabled - n_young
    older = (
        spec["zero_share"]
        if n_old == 0
        else (spec["zero_share"] * n_disabled - spec["young_zero_share"] * n_young) / n_old
    )
    return np.asarray(np.where(young, spec["young_zero_share"], min(max(older, 0.0), 1.0)), dtype=np.float64)


@dataclass
class _FitSample:
    """The recipients a pension fit is computed on, with their log levels, normal scores and log limits."""

    base_log: np.ndarray
    normal: np.ndarray
    female: np.ndarray
    has_pension: np.ndarray
    log_limit: np.ndarray

    def log_pensions(self, level: dict[int, float], sigma_low: float, sigma_high: float) -> np.ndarray:
        """Log pensions for the sex levels and sigmas; NO_PENSION_LOG for those without a pension."""
        sigma = np.where(self.normal < 0, sigma_low, sigma_high)
        log_pension = self.base_log + np.where(self.female, level[1], level[0]) + sigma * self.normal
        return np.where(self.has_pension, log_pension, NO_PENSION_LOG)


def _fit_round(
    sample: _FitSample, spec: dict[str, Any], level: dict[int, float], sigma_low: float, sigma_high: float
) -> tuple[float, float, float]:
    """One round of the pension fit: the sex levels (updated in ``level``), then the upper and the lower sigma.
    Returns the new lower and upper sigma and the largest relative move of the round."""
    log_middle, log_high = math.log(spec["middle_threshold"]), math.log(spec["high_threshold"])
    log_pension = sample.log_pensions(level, sigma_low, sigma_high)
    moved = 0.0
    for sex, share in ((1, spec["women_below_middle"]), (0, spec["men_below_middle"])):
        step = log_middle - float(np.quantile(log_pension[sample.female == sex], share))
        level[sex] += step
        moved = max(moved, abs(step))
    log_pension = sample.log_pensions(level, sigma_low, sigma_high)
    at_middle = float(np.quantile(log_pension, float(np.mean(log_pension < log_middle))))
    at_high = float(np.quantile(log_pension, 1.0 - spec["above_high"]))
    if at_high - at_middle > 1e-6:
        ratio = (log_high - at_middle) / (at_high - at_middle)
        sigma_high = float(np.clip(sigma_high * ratio, 0.05, 3.0))
        moved = max(moved, abs(ratio - 1.0))
    # the lower sigma: bisection on the share below each person's national pension limit
    low, high = 0.02, 4.0
    for _ in range(30):
        mid = 0.5 * (low + high)
        below_limit = float(np.mean(sample.log_pensions(level, mid, sigma_high) < sample.log_limit))
        if below_limit < spec["below_national_pension_limit"]:
            low = mid
        else:
            high = mid
    moved = max(moved, abs(0.5 * (low + high) - sigma_low))
    return 0.5 * (low + high), sigma_high, moved


def fit_pensions(
    rng: np.random.Generator,
    base_log: np.ndarray,
    female: np.ndarray,
    has_pension: np.ndarray,
    limit: np.ndarray,
    spec: dict[str, Any],
    max_fit: int = 200_000,
    fitted: np.ndarray | None = None,
) -> np.ndarray:
    """Pensions (EUR/month) of all own-pension recipients, fitted to the published composition.

    A two-piece lognormal ``exp(base_log + level(sex) + sigma(z) · z)`` (``sigma`` below / above each
    person's median) for those with a pension, 0 for the others. The two sex levels and the two sigmas
    are chosen so that, over all recipients including those with none (on the generated sample; a
    subsample of at most ``max_fit`` for speed), the shares below ``limit`` (each person's national
    pension income limit), below the middle threshold by sex and above the high threshold are those of
    ``spec``. The ranks come from ``base_log`` and ``z``, so sex, age and disability keep their ordering.
    ``fitted`` (all if None) marks the recipients the published shares count; the others get pensions from
    the same fitted distribution.
    """
    n_recipients = len(base_log)
    normal = rng.standard_normal(n_recipients)
    start = math.log(spec["initial_median"])
    level = {0: start + START_SEX_OFFSET, 1: start - START_SEX_OFFSET}
    sigma_low, sigma_high = START_SIGMAS
    fit = np.arange(n_recipients) if fitted is None else np.flatnonzero(fitted)
    if len(fit) > max_fit:
        fit = np.sort(rng.choice(fit, size=max_fit, replace=False))
    sample = _FitSample(base_log[fit], normal[fit], female[fit], has_pension[fit], np.log(limit[fit]))
    with_pension = sample.has_pension
    fittable = with_pension.sum() >= MIN_RECIPIENTS and sample.female[with_pension].any()
    fittable = fittable and (~sample.female[with_pension]).any()
    for _ in range(FIT_ROUNDS if fittable else 0):
        sigma_low, sigma_high, moved = _fit_round(sample, spec, level, sigma_low, sigma_high)
        if moved < 1e-6:
            break
    sigma = np.where(normal < 0, sigma_low, sigma_high)
    log_pension = base_log + np.where(female, level[1], level[0]) + sigma * normal
    return np.where(has_pension, np.exp(log_pension), 0.0)


def in_pension_statistics(spec: dict[str, Any], status: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Which own-pension recipients the published composition counts: ETK's total-pension statistics leave out
    partial early old-age pensions, whose stand-ins here are the old-age pensioners younger than
    ``statistics_old_age_from``."""
    old_enough = np.asarray(age) >= int(spec["statistics_old_age_from"])
    return np.asarray((status == Status.DISABILITY_PENSIONER) | ((status == Status.PENSIONER) & old_enough), dtype=bool)


def refit_after_weighting(
    cfg: dict[str, Any], persons: dict[str, np.ndarray], below_limit: np.ndarray, person_weight: np.ndarray
) -> dict[str, Any]:
    """The generator's assumptions with the pension fit's share below the national pension limit and mean moved
    by the ratio of each published value to what the calibrated weights give, for a second draw.

    The fit is on the drawn sample, whose design weights are equal; the calibration then moves the weighted share
    and mean (both decide the national pension: who is paid it and how much). The second draw, from the same
    seed, fits the moved values so that the calibrated population has the published ones."""
    spec = cfg["pension_distribution"]
    fitted = in_pension_statistics(spec, persons["status"], persons["age"])
    w = np.asarray(person_weight, dtype=np.float64)[fitted]
    if len(w) < MIN_RECIPIENTS or w.sum() <= 0:
        return cfg
    share = float((w * below_limit[fitted]).sum() / w.sum())
    mean = float((w * persons["earnings_related_pension"][fitted]).sum() / w.sum())
    target_mean = spec["mean"] * spec["uprating"]
    if share <= 0 or mean <= 0:
        return cfg
    moved = dict(
        spec,
        with_national_pension=min(spec["with_national_pension"] ** 2 / share, MAX_REFIT_SHARE_BELOW_LIMIT),
        mean=spec["mean"] * target_mean / mean,
    )
    return dict(cfg, pension_distribution=moved)


def power_stretch(x: np.ndarray, anchor: np.ndarray | float, k: float, below: bool) -> np.ndarray:
    """``anchor · (x / anchor) ** k`` for the positive ``x`` below (or above) ``anchor``; the rest unchanged.

    Keeps the order and the share on each side of the anchor; ``k`` > 1 stretches the distance from the
    anchor on the log scale (a larger lognormal sigma on that side).
    """
    anchor = np.broadcast_to(np.asarray(anchor, dtype=np.float64), x.shape)
    side = (x > 0) & ((x < anchor) if below else (x > anchor))
    out = x.copy()
    out[side] = anchor[side] * np.exp(k * np.log(x[side] / anchor[side]))
    return out


def _bisect_increasing(f: Callable[[float], float], low: float, high: float, steps: int = 50) -> float:
    """The root of ``f`` (increasing) between ``low`` and ``high``, by bisection."""
    for _ in range(steps):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if f(mid) < 0 else (low, mid)
    return 0.5 * (low + high)


def fit_pension_tails(
    pension: np.ndarray,
    limit: np.ndarray,
    high: float,
    top: float,
    above_top: float,
    mean: float,
    max_fit: int = 200_000,
    fitted: np.ndarray | None = None,
) -> np.ndarray:
    """The two tails of the fitted pensions: above ``high`` (the upper threshold of the composition) a power
    stretch fitted so that ``above_top`` of the recipients have more than ``top``; below each person's
    national pension ``limit`` a power stretch fitted so that the mean over the recipients (including those
    with none) is ``mean``. The shares below the limit and above ``high`` (and everything between) do not
    change. Fitted on the recipients ``fitted`` marks (all if None; every k-th of them beyond ``max_fit``), by
    bisection; both stretches then apply to all."""
    chosen = np.arange(len(pension)) if fitted is None else np.flatnonzero(fitted)
    n_recipients = len(chosen)
    if n_recipients < MIN_RECIPIENTS or not (pension[chosen] > 0).any():
        return pension
    pick = chosen if n_recipients <= max_fit else chosen[:: -(-n_recipients // max_fit)]
    sample, sample_limit = pension[pick], limit[pick]

    def share_above_top(exponent: float) -> float:
        return float(np.mean(power_stretch(sample, high, exponent, below=False) > top)) - above_top

    exponent_top = _bisect_increasing(share_above_top, 0.2, 5.0)
    sample = power_stretch(sample, high, exponent_top, below=False)

    def mean_short(exponent: float) -> float:
        return mean - float(np.mean(power_stretch(sample, sample_limit, exponent, below=True)))

    exponent_low = _bisect_increasing(mean_short, 0.2, 8.0)
    out = power_stretch(pension, high, exponent_top, below=False)
    return power_stretch(out, limit, exponent_low, below=True)
