"""Aggregates of one run: weighted totals, recipients, the income distribution, poverty and inequality.

Income-distribution measures follow Statistics Finland's conventions: disposable household income per
consumption unit (modified OECD scale), persons weighted, poverty line 60 % of the median (see
``assumptions/parameters/modelling``). Totals are EUR per year (12 × the monthly amounts).
"""

from __future__ import annotations

import numpy as np

from models.population.core import Population
from models.system import COMPONENTS, HOUSEHOLD_COMPONENTS, Results


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The ``q`` quantile of ``values`` with ``weights`` (step function of the weighted CDF, midpoint rule)."""
    order = np.argsort(values, kind="stable")
    v = np.asarray(values, dtype=np.float64)[order]
    w = np.asarray(weights, dtype=np.float64)[order]
    cum = np.cumsum(w) - 0.5 * w
    return float(np.interp(q * w.sum(), cum, v))


def gini(values: np.ndarray, weights: np.ndarray) -> float:
    """Gini coefficient of ``values`` with ``weights`` (negative incomes kept, as Statistics Finland does)."""
    order = np.argsort(values, kind="stable")
    v = np.asarray(values, dtype=np.float64)[order]
    w = np.asarray(weights, dtype=np.float64)[order]
    cw = np.cumsum(w)
    cwv = np.cumsum(w * v)
    total_w, total_v = cw[-1], cwv[-1]
    if total_v <= 0:
        return float("nan")
    # Area under the Lorenz curve by trapezoids.
    lorenz_prev = np.r_[0.0, cwv[:-1]] / total_v
    lorenz = cwv / total_v
    area = np.sum((lorenz + lorenz_prev) * w) / (2 * total_w)
    return float(1 - 2 * area)


def person_weights(pop: Population) -> np.ndarray:
    """Household-level weights that count persons (weight × household size)."""
    return pop.households["weight"] * pop.n_persons_in_household


def distribution(pop: Population, results: Results, params) -> dict[str, float]:
    """Median equivalised income (EUR/year), poverty rates, Gini and S80/S20 over persons."""
    eq = results.household["equivalised_disposable_income"] * 12
    pw = person_weights(pop)
    median = weighted_quantile(eq, pw, 0.5)
    m = params.modelling
    line = m.poverty_line_share * median
    deep = m.deep_poverty_line_share * median
    child_w = pop.households["weight"] * pop.n_children
    p20 = weighted_quantile(eq, pw, 0.2)
    p80 = weighted_quantile(eq, pw, 0.8)
    top = eq >= p80
    bottom = eq <= p20
    s80s20 = float(np.sum((eq * pw)[top]) / np.sum(pw[top]) / (np.sum((eq * pw)[bottom]) / np.sum(pw[bottom])))
    return {
        "median_equivalised_income": median,
        "poverty_line": line,
        "poverty_rate": float(np.sum(pw[eq < line]) / pw.sum()),
        "deep_poverty_rate": float(np.sum(pw[eq < deep]) / pw.sum()),
        "child_poverty_rate": float(np.sum(child_w[eq < line]) / max(child_w.sum(), 1e-12)),
        "gini": gini(eq, pw),
        "s80_s20": s80s20,
    }


def totals_eur(pop: Population, results: Results) -> dict[str, float]:
    """Weighted annual totals of every component (EUR per year)."""
    w = pop.households["weight"]
    return {k: float(12 * np.dot(w, results.household[k])) for k in COMPONENTS}


def recipients(pop: Population, results: Results) -> dict[str, float]:
    """Weighted number of recipients (payers, for taxes and fees): households for household-level
    components (housing allowance, social assistance, home care allowance, child benefit, daycare fees),
    persons for the rest."""
    out = {}
    w_hh = pop.households["weight"]
    w_p = pop.weight
    for k in COMPONENTS:
        if k in HOUSEHOLD_COMPONENTS:
            out[k] = float(w_hh[results.household[k] > 0.005].sum())
        else:
            out[k] = float(w_p[results.person[k] > 0.005].sum())
    return out


def baseline_summary(pop: Population, results: Results, params) -> dict:
    """The ``python -m models baseline --json`` object."""
    dist = distribution(pop, results, params)
    return {
        "population": {
            "source": pop.source,
            "households_sample": pop.n_households,
            "persons_sample": pop.n_persons,
            "households": float(pop.households["weight"].sum()),
            "persons": float(pop.weight.sum()),
        },
        "totals_eur": totals_eur(pop, results),
        "recipients": recipients(pop, results),
        **dist,
    }
