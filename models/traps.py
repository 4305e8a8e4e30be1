"""Income traps (tuloloukut): who faces high effective marginal and participation tax rates, and why.

Two views, both pure numpy on the engine's outputs (``models.system.compute``):

- **Population.** :func:`trap_breakdown` takes the per-person rates of :func:`models.compare.trap_rates`
  (the EMTR of every adult of working age, ``modelling.working_age_min``–``modelling.working_age_max``, for
  ``EMTR_STEP`` EUR/month more earnings; the PTR of the first unemployed adult of each household moving to
  work at the assigned wage) and counts, in persons, how many are above each of :data:`COUNT_THRESHOLDS`,
  by group, household type, main activity, sex, decile of today's equivalised income and the
  benefits their household receives. :func:`trapped_emtr_parts` says, for the persons above a threshold,
  which part of the system takes their extra euro (one extra run of only their households).
- **Household.** :func:`emtr_decomposition` runs one example household over an earnings grid and splits
  its EMTR into the parts of :data:`PARTS` — income tax, employee contributions, reduced unemployment
  benefit, reduced housing allowance, reduced social assistance, higher daycare fees, other benefits and
  the reform's new benefits — so that a facilitator can point at the lever. The parts sum to the EMTR.

Conventions (docs/INCOME_TRAPS.md): a part is the share of the extra euro it takes (positive: a tax or fee
rises or a benefit falls; negative: it gives). EMTR = 1 − Δnet income / Δearnings of the household, where
net income is disposable income less daycare fees (as in ``models.compare``). A PTR is only defined when
the assigned wage is above what the person already earns (:func:`valid_ptr`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from models.groups import person_groups
from models.metrics import WeightedSample
from models.parameter_types import ASSUMPTIONS_DIR
from models.parameters import Parameters
from models.population.core import HOUSEHOLD_TYPE_NAMES, Population
from models.population.schema import STATUS_NAMES
from models.rates import EMTR_STEP, TrapRates
from models.reform_benefits import REFORM_COMPONENTS
from models.rules.behaviour import assigned_wage as rules_assigned_wage
from models.scenario import Scenario
from models.system import COMPONENT_SIGNS, compute

#: Thresholds of the trap counts shown on the page (ETLA 2022 calls PTR ≥ 80 % an unemployment trap).
THRESHOLDS = (0.8, 1.0)
#: Every threshold counted (50 % and 75 % for the published comparisons: ETLA's "income trap" is an EMTR
#: above 50 %, its wider unemployment trap a PTR of 75 % or more).
COUNT_THRESHOLDS = (0.5, 0.75, 0.8, 1.0)

#: The parts of an effective marginal tax rate, in the order of the deck's levers, and the engine
#: components (``COMPONENT_SIGNS``) each one collects. Work pension and capital income enter net income
#: too (``EXTRA_INCOME``); they do not depend on earnings but are kept in ``other`` so the parts always
#: add up.
PARTS: dict[str, tuple[str, ...]] = {
    "income_tax": ("income_tax",),
    "contributions": ("social_contributions",),
    "unemployment_benefit": (
        "labour_market_subsidy",
        "basic_unemployment_allowance",
        "yleistuki",
        "earnings_related_unemployment_allowance",
    ),
    "housing_allowance": ("housing_allowance", "pensioners_housing_allowance"),
    "social_assistance": ("social_assistance",),
    "daycare_fees": ("daycare_fees",),
    "other": (
        "student_aid",
        "child_benefit",
        "child_maintenance",
        "home_care_allowance",
        "parental_allowance",
        "national_pension",
        "guarantee_pension",
        "earnings_related_pension",
        "other_income",
    ),
    "reform_benefits": REFORM_COMPONENTS,
}
_SIGNS = {**COMPONENT_SIGNS, "earnings_related_pension": +1, "other_income": +1}

#: Groups whose trap counts are broken down (person-level masks, see :func:`person_tables`).
RECEIVES = ("unemployment_benefit", "housing_allowance", "social_assistance", "daycare_fees", "reform_benefits")

REFERENCE_FILE = ASSUMPTIONS_DIR / "validation" / "income_traps.yaml"


# --- parts of a marginal rate ----------------------------------------------------------------------------
def signed_total(household: dict[str, np.ndarray], part: str) -> np.ndarray:
    """The part's contribution to household net income (EUR/month): benefits +, taxes and fees −."""
    keys = PARTS[part]
    out = np.zeros_like(household["net_income"], dtype=np.float64)
    for k in keys:
        if k in household:
            out = out + _SIGNS[k] * household[k]
    return out


def rate_parts(
    low: dict[str, np.ndarray], high: dict[str, np.ndarray], delta_earnings: np.ndarray | float
) -> dict[str, np.ndarray]:
    """Share of ``delta_earnings`` each part takes between two runs of the same households.

    ``low`` and ``high`` are ``Results.household`` dicts (full runs, not ``only_net``) that differ only in
    earnings. Part = −(its change in net income) / Δearnings, so a tax that rises or a benefit that falls is
    positive. With net = earnings + Σ parts, the parts sum to 1 − Δnet/Δearnings: the EMTR (or the PTR).
    """
    d = np.asarray(delta_earnings, dtype=np.float64)
    return {p: -(signed_total(high, p) - signed_total(low, p)) / d for p in PARTS}


# --- the population ---------------------------------------------------------------------------------------
def assigned_wage(pop: Population, params: Parameters, person: np.ndarray) -> np.ndarray:
    """The wage the PTR assigns to each of ``person`` (population indices), as :mod:`models.rates` does
    (:func:`models.rules.behaviour.assigned_wage`)."""
    P = pop.persons
    return rules_assigned_wage(P["status"][person], P["previous_earnings"][person], params.modelling.ptr_assigned_wage)


def valid_ptr(pop: Population, params: Parameters, traps: TrapRates) -> TrapRates:
    """The rates without PTR values of persons who already earn at least their assigned wage.

    Moving "to work" at a wage lower than one's present earnings is no participation step: the rate's
    denominator would be zero or negative and the value meaningless (thousands of per cent). Such persons
    (unemployed with high part-time or part-year earnings) are left out of the PTR and counted in
    ``ptr_excluded``. The EMTR is unchanged.
    """
    wage = assigned_wage(pop, params, traps.ptr_person)
    keep = wage > pop.persons["earnings"][traps.ptr_person] + 1.0
    return TrapRates(
        traps.emtr,
        traps.emtr_weight,
        traps.ptr[keep],
        traps.ptr_weight[keep],
        traps.emtr_person,
        traps.ptr_person[keep],
    )


def rate_histogram(values: np.ndarray, weights: np.ndarray, width: float = 0.05, top: float = 1.2) -> dict:
    """Persons by rate in bins of ``width`` from 0 to ``top``, with one bin below 0 and one above ``top``.

    Returns ``{"lower": [...], "upper": [...], "persons": [...]}`` (rates as shares; the open ends are
    −inf and +inf)."""
    inner = np.round(np.arange(0.0, top + width / 2, width), 10)
    edges = np.r_[-np.inf, inner, np.inf]
    counts, _ = np.histogram(np.asarray(values, dtype=np.float64), bins=edges, weights=weights)
    return {"lower": edges[:-1].tolist(), "upper": edges[1:].tolist(), "persons": counts.tolist()}


def summary(values: np.ndarray, weights: np.ndarray) -> dict:
    """Persons, weighted median and mean, and persons and shares above each of :data:`COUNT_THRESHOLDS`."""
    total = float(weights.sum())
    out = {"persons": total, "median": None, "mean": None}
    if total > 0:
        out["median"] = WeightedSample(values, weights).quantile(0.5)
        out["mean"] = float(np.dot(values, weights) / total)
    for thr in COUNT_THRESHOLDS:
        over = float(weights[values > thr].sum())
        out[f"persons_over_{round(100 * thr)}"] = over
        out[f"share_over_{round(100 * thr)}"] = over / total if total > 0 else 0.0
    return out


def person_tables(pop: Population, decile: np.ndarray, results=None) -> dict[str, dict[str, np.ndarray]]:
    """Person-level masks of every breakdown: ``groups`` (the deck's groups), ``household_types``,
    ``statuses`` (main activity), ``sex``, ``deciles`` (of today's equivalised income, 1–10) and — with a
    run's ``results`` — ``receives`` (the household gets the benefit or pays the fee)."""
    status = pop.persons["status"]
    htype = pop.household_type
    dec_p = pop.to_person(np.asarray(decile))
    tables = {
        "groups": person_groups(pop),
        "household_types": {name: pop.to_person(htype == t) for t, name in HOUSEHOLD_TYPE_NAMES.items()},
        "statuses": {name: status == code for name, code in STATUS_NAMES.items() if name != "child"},
        "sex": {"men": pop.persons["sex"] == 0, "women": pop.persons["sex"] == 1},
        "deciles": {str(d + 1): dec_p == d for d in range(10)},
    }
    if results is not None:
        hh = results.household
        tables["receives"] = {part: pop.to_person(np.abs(signed_total(hh, part)) > 0.005) for part in RECEIVES}
    return tables


def _table(
    masks: dict[str, np.ndarray], person: np.ndarray, values: np.ndarray, weights: np.ndarray
) -> dict[str, dict]:
    """For each mask: persons, persons above each threshold, the share above it within the group and the
    group's share of everyone above it. One matrix product (groups × persons) per table."""
    names = list(masks)
    if not names:
        return {}
    m = np.stack([masks[n][person] for n in names]).astype(np.float64)  # groups × rated persons
    cols = [weights, weights * values] + [weights * (values > thr) for thr in COUNT_THRESHOLDS]
    agg = m @ np.stack(cols, axis=1)
    totals_over = [float(c.sum()) for c in cols[2:]]
    out = {}
    for i, name in enumerate(names):
        persons = float(agg[i, 0])
        row = {"persons": persons, "mean": float(agg[i, 1] / persons) if persons > 0 else None}
        for j, thr in enumerate(COUNT_THRESHOLDS):
            over = float(agg[i, 2 + j])
            pct = round(100 * thr)
            row[f"persons_over_{pct}"] = over
            row[f"share_over_{pct}"] = over / persons if persons > 0 else 0.0
            row[f"composition_over_{pct}"] = over / totals_over[j] if totals_over[j] > 0 else 0.0
        out[name] = row
    return out


def trap_breakdown(pop: Population, traps: TrapRates, decile: np.ndarray, results=None) -> dict:
    """Trap counts (persons) of one run, overall and by every table of :func:`person_tables`.

    ``traps`` from :func:`models.compare.trap_rates` (pass it through :func:`valid_ptr` first);
    ``decile`` is the baseline's household decile (``BaselineRun.decile``), so that a reform's traps are
    shown for the same people. Returns ``{"emtr": {...}, "ptr": {...}}``, each with ``summary``,
    ``histogram`` and one dict of rows per table.
    """
    tables = person_tables(pop, decile, results)
    out = {}
    for rate, values, weights, person in (
        ("emtr", traps.emtr, traps.emtr_weight, traps.emtr_person),
        ("ptr", traps.ptr, traps.ptr_weight, traps.ptr_person),
    ):
        entry = {"summary": summary(values, weights), "histogram": rate_histogram(values, weights)}
        for name, masks in tables.items():
            entry[name] = _table(masks, person, values, weights)
        out[rate] = entry
    return out


def trapped_emtr_parts(
    pop: Population,
    params: Parameters,
    scenario: Scenario | None,
    results,
    traps: TrapRates,
    threshold: float = 0.8,
) -> dict:
    """Why the persons with an EMTR above ``threshold`` keep so little: the weighted mean of each part of
    their EMTR (:data:`PARTS`), from one extra full run of only their households (``EMTR_STEP`` more for the
    trapped person; households with two trapped adults are run once per adult).

    ``results`` is the full run of ``scenario`` on ``pop`` (its household arrays are the "before").
    Returns ``{"persons": ..., "emtr": mean EMTR, "parts": {part: mean share}}``.
    """
    trapped = traps.emtr > threshold
    person = traps.emtr_person[trapped]
    weight = traps.emtr_weight[trapped]
    total_w = float(weight.sum())
    sums = {p: 0.0 for p in PARTS}
    emtr_sum = 0.0
    if total_w > 0:
        mask = np.zeros(pop.n_persons, dtype=bool)
        mask[person] = True
        rank = pop.rank_within_household(mask, np.arange(pop.n_persons), descending=False)
        for k in range(1, int(rank.max()) + 1):
            target = rank == k
            sub, hh_idx, p_idx = pop.subset(pop.hh_any(target))
            t = target[p_idx]
            earnings = sub.persons["earnings"] + EMTR_STEP * t
            up = compute(sub, params, scenario, earnings=earnings).household
            low = {key: v[hh_idx] for key, v in results.household.items()}
            d = up["earnings"] - low["earnings"]
            parts = rate_parts(low, up, d)
            w_hh = sub.hh_sum(np.where(t, sub.weight, 0.0))
            for p in PARTS:
                sums[p] += float(np.dot(parts[p], w_hh))
            emtr_sum += float(np.dot(1.0 - (up["net_income"] - low["net_income"]) / d, w_hh))
    scale = 1.0 / total_w if total_w > 0 else 0.0
    return {"persons": total_w, "emtr": emtr_sum * scale, "parts": {p: sums[p] * scale for p in PARTS}}


# --- published reference figures ---------------------------------------------------------------------------
def load_references(path: Path = REFERENCE_FILE) -> list[dict]:
    """The published income-trap figures (``assumptions/validation/income_traps.yaml``), each with its
    source, law year and the model quantity it is compared with."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return list(data.get("points", []))


def model_value(breakdown: dict, key: str) -> float | None:
    """The model's value of a reference point's ``model`` key, e.g. ``ptr.persons_over_80`` or
    ``emtr.statuses.employed.mean``; None for an unknown key."""
    parts = key.split(".")
    rate = breakdown.get(parts[0])
    if rate is None:
        return None
    if len(parts) == 2:
        value = rate["summary"].get(parts[1])
    elif len(parts) == 4:
        value = rate.get(parts[1], {}).get(parts[2], {}).get(parts[3])
    else:
        return None
    return None if value is None else float(value)


__all__ = [
    "PARTS",
    "THRESHOLDS",
    "COUNT_THRESHOLDS",
    "rate_parts",
    "signed_total",
    "valid_ptr",
    "assigned_wage",
    "trap_breakdown",
    "trapped_emtr_parts",
    "person_tables",
    "rate_histogram",
    "summary",
    "load_references",
    "model_value",
]
