"""Baseline against reform, from the same population: cost, distribution, groups, poverty, traps, bureaucracy.

Conventions (documented in docs/METRICS.md):
- Incomes are household **net income** (disposable income less daycare fees), EUR per month; deciles are
  of the baseline's equivalised disposable income, persons weighted.
- Winners and losers: :mod:`models.groups`. Poverty lines are relative to each run's own median (the shares are
  ``modelling`` parameters); the modified OECD scale.
- Marginal and participation tax rates: :mod:`models.rates`; with a behavioural response every metric comes from
  the run with the response (:mod:`models.behaviour`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.axes import scenario_axes
from models.baseline import BaselineRun, baseline_run
from models.behaviour import behavioural_run, is_behavioural, summary
from models.cost import benefit_counts, cost_breakdown
from models.groups import HouseholdChange, decile_table, group_masks, group_table
from models.metrics import distribution, person_weights
from models.parameters import Parameters
from models.population.core import Population
from models.rates import rate_summary, trap_rates
from models.scenario import Scenario
from models.system import ALL_COMPONENTS, compute

#: The distribution metrics reported for the baseline and the reform.
DISTRIBUTION_KEYS = (
    "poverty_rate",
    "child_poverty_rate",
    "deep_poverty_rate",
    "gini",
    "s80_s20",
    "median_equivalised_income",
)
#: The bureaucracy metrics reported for the baseline and the reform.
BUREAUCRACY_KEYS = (
    "benefits_per_household",
    "means_tests_per_household",
    "households_with_3_or_more_benefits",
    "households_by_number_of_benefits",
)


def compare(
    pop: Population, params: Parameters, scenario: Scenario, baseline: BaselineRun | None = None, traps: bool = True
) -> dict[str, Any]:
    """Every metric of ``scenario`` against the baseline, from one population (EUR/year unless stated)."""
    behavioural = is_behavioural(scenario)  # the response needs trap rates of the baseline and the static reform
    if baseline is None or ((traps or behavioural) and baseline.traps is None):
        baseline = baseline_run(pop, params, traps=traps or behavioural)
    base = baseline.results
    reform = compute(pop, params, scenario)
    reform_traps, behaviour = None, None
    if behavioural:  # every metric below comes from the run with the response (docs/METRICS.md, Behaviour)
        reform_traps = trap_rates(pop, params, scenario, reform)
        reform, behaviour = behavioural_run(pop, params, scenario, baseline, reform, reform_traps)
    w = pop.households["weight"]
    bh, rh = base.household, reform.household
    totals = {
        k: {"baseline": float(12 * np.dot(w, bh[k])), "reform": float(12 * np.dot(w, rh[k]))} for k in ALL_COMPONENTS
    }
    cost = cost_breakdown(pop, scenario, base, reform)
    change = HouseholdChange.of(bh["net_income"], rh["net_income"], params.modelling)
    pw = person_weights(pop)
    total_persons = pw.sum()
    person_masks, type_masks = group_masks(pop)
    table = group_table({**person_masks, **type_masks}, pop, change)
    out = {
        "scenario": scenario.name or scenario.family,
        **cost,
        "totals_eur": totals,
        "deciles": decile_table(pop, baseline.decile, change),
        "groups": {k: table[k] for k in person_masks},
        "household_types": {k: table[k] for k in type_masks},
        "winners_share": float(pw[change.win].sum() / total_persons),
        "losers_share": float(pw[change.lose].sum() / total_persons),
        "unchanged_share": float(pw[~change.win & ~change.lose].sum() / total_persons),
        "axes": scenario_axes(pop, params, scenario, reform),
        "behaviour": behaviour or summary(pop, scenario, None, cost["net_cost_eur"]),
    }
    dist_b, dist_r = baseline.distribution, distribution(pop, reform, params)
    for key in DISTRIBUTION_KEYS:
        out[key] = {"baseline": dist_b[key], "reform": dist_r[key]}
    bc_b, bc_r = baseline.counts, benefit_counts(pop, reform)
    out["bureaucracy"] = {k: {"baseline": bc_b[k], "reform": bc_r[k]} for k in BUREAUCRACY_KEYS}
    if traps:  # with behaviour: the static reform's rates
        tr = reform_traps if reform_traps is not None else trap_rates(pop, params, scenario, reform)
        out["emtr"] = {"baseline": baseline.emtr_summary, "reform": rate_summary(tr.emtr, tr.emtr_weight)}
        out["ptr"] = {"baseline": baseline.ptr_summary, "reform": rate_summary(tr.ptr, tr.ptr_weight)}
    return out
