"""Step 5 (last part) and step 6 of the synthetic population: capital income (``other_income``).

Financial capital income (dividends, capital gains, other) and rental income of adults, with the recipients
and amounts of ``capital_income`` in ``assumptions/calibration/generator.yaml``. The generator fits the
taxable total with design weights; after calibration :func:`rescale_capital_income` restores it with the
calibrated weights.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from models.population.calibrate import households_total
from models.population.composition import Composition
from models.population.sampling import by_age, from_odds, norm_ppf, stratified_uniform

MONTHS_PER_YEAR = 12.0
#: Bisection range of the recipients' logistic intercept, and rounds of the bisection.
INTERCEPT_RANGE = (-20.0, 20.0)
INTERCEPT_ROUNDS = 50
#: Rounds of the fit of the financial capital income's scale to the total (the cap makes it iterative).
SCALE_ROUNDS = 20


def _draw_recipients(
    rng: np.random.Generator,
    spec: dict[str, Any],
    adult: np.ndarray,
    adult_age: np.ndarray,
    assets: np.ndarray,
    income_score: np.ndarray,
) -> np.ndarray:
    """Recipients among the adults: logistic odds by net assets, household income and age, with the intercept
    bisected so that the expected share of adults is ``share_of_adults``."""
    score = math.log(spec["assets_odds_ratio"]) * assets + spec["odds_per_income_sd"] * income_score
    score = score + np.log(by_age(spec["age_odds"], 2, 1.0)[adult_age])
    low, high = INTERCEPT_RANGE
    for _ in range(INTERCEPT_ROUNDS):  # intercept: expected share of adults = the published share
        mid = 0.5 * (low + high)
        share = float(from_odds(np.exp(mid + score[adult])).mean()) if adult.any() else 0.0
        low, high = (mid, high) if share < spec["share_of_adults"] else (low, mid)
    return adult & (rng.random(len(adult)) < from_odds(np.exp(0.5 * (low + high) + score)))


def _financial_amounts(
    rng: np.random.Generator,
    spec: dict[str, Any],
    assets: np.ndarray,
    income_score: np.ndarray,
    wanted: float,
    maximum: float,
) -> np.ndarray:
    """Annual financial capital income of the recipients (``assets`` and ``income_score`` are theirs): a
    lognormal body with a Pareto tail by the rank of a score of assets and income, scaled so that the amounts
    (each at most ``maximum``) add up to ``wanted``."""
    rank_score = (
        spec["rank_assets_shift"] * assets
        + spec["rank_income_loading"] * income_score
        + rng.standard_normal(len(assets))
    )
    uniform = stratified_uniform(rng, np.argsort(rank_score, kind="stable"))
    tail_from, alpha = spec["tail_from_quantile"], spec["tail_alpha"]
    sigma = math.sqrt(2.0 * math.log(spec["shape_mean"] / spec["shape_median"]))
    shape = np.exp(sigma * norm_ppf(np.minimum(uniform, tail_from)))
    top = uniform > tail_from
    shape[top] *= ((1.0 - tail_from) / (1.0 - uniform[top])) ** (1.0 / alpha)
    scale = max(wanted, 0.0) / max(shape.sum(), 1e-12)
    for _ in range(SCALE_ROUNDS):
        total = np.minimum(scale * shape, maximum).sum()
        if total <= 0 or abs(total - wanted) < 1e-9 * max(wanted, 1.0):
            break
        scale *= wanted / total
    return np.minimum(scale * shape, maximum)


def draw_capital_income(
    rng: np.random.Generator,
    spec: dict[str, Any],
    comp: Composition,
    has_assets: np.ndarray,
    income_score: np.ndarray,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Capital income (EUR/month) of adults: financial capital income and rental income.

    Recipients are drawn with logistic probabilities (net assets, household income, age) whose
    intercept is fitted to the published number of recipients (as a share of adults). Financial
    capital income follows a lognormal body with a Pareto tail, assigned by rank (stratified, so the
    sample follows the quantile function) of a score of assets and household income; its scale is
    fitted so that the total of both kinds equals the published taxable capital income. Rental income
    is a lognormal with the published median and mean. Returns the monthly total and the flags
    ``capital_income_financial``, ``capital_income_rental`` (recipients) and
    ``capital_income_financial_monthly``.
    """
    adult = ~comp.is_child
    n_persons = comp.n_persons
    design_weight = households_total() / max(comp.n_households, 1)
    assets = has_assets[comp.hh].astype(np.float64)
    person_score = income_score[comp.hh]
    adult_age = np.where(adult, comp.age, 0)
    rental_spec, financial_spec = spec["rental"], spec["financial"]
    has_rental = _draw_recipients(rng, rental_spec, adult, adult_age, assets, person_score)
    rent_sigma = math.sqrt(2.0 * math.log(rental_spec["mean_annual"] / rental_spec["median_annual"]))
    rental_draw = rental_spec["median_annual"] * np.exp(rent_sigma * rng.standard_normal(n_persons))
    rental = np.where(has_rental, rental_draw, 0.0)
    has_financial = _draw_recipients(rng, financial_spec, adult, adult_age, assets, person_score)
    recipients = np.flatnonzero(has_financial)
    financial = np.zeros(n_persons)
    if len(recipients):
        # scale: the total of financial and rental capital income is the published taxable total
        wanted = spec["taxable_total_annual"] / design_weight - rental.sum()
        financial[recipients] = _financial_amounts(
            rng, financial_spec, assets[recipients], person_score[recipients], wanted, spec["maximum_annual"]
        )
    return (financial + rental) / MONTHS_PER_YEAR, {
        "capital_income_financial": has_financial,
        "capital_income_rental": has_rental,
        "capital_income_financial_monthly": financial / MONTHS_PER_YEAR,
    }


def rescale_capital_income(
    persons: dict[str, np.ndarray], extra: dict[str, np.ndarray], household_weights: np.ndarray, spec: dict[str, Any]
) -> np.ndarray:
    """Other income with financial capital income rescaled so that the total with the calibrated
    weights equals the published taxable capital income (``spec`` is ``capital_income``; the generator fits
    it with design weights; capital income is not a calibration variable, so this does not move the
    calibrated totals)."""
    weights = household_weights[persons["household_id"]]
    financial = extra["capital_income_financial_monthly"]
    rest = persons["other_income"] - financial
    wanted = spec["taxable_total_annual"] / MONTHS_PER_YEAR - float((rest * weights).sum())
    have = float((financial * weights).sum())
    if have <= 0 or wanted <= 0:
        return persons["other_income"]
    scaled = np.minimum(financial * (wanted / have), spec["maximum_annual"] / MONTHS_PER_YEAR)
    return np.ascontiguousarray(np.round(rest + scaled, 2), dtype=np.float64)
