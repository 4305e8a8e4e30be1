"""Baseline against reform, from the same population: cost, distribution, groups, poverty, traps, bureaucracy.

Conventions (documented in docs/METRICS.md):
- Incomes are household **net income** (disposable income less daycare fees), EUR per month; deciles are
  of the baseline's equivalised disposable income, persons weighted.
- Winners and losers, and who loses: :mod:`models.groups`. Poverty lines are relative to each run's own median
  (the shares are ``modelling`` parameters), and the anchored line is today's, held fixed; the modified OECD scale.
- Who pays (:func:`who_pays`): the financing rate in use, the cost before financing and the extra tax of an earner.
- Marginal and participation tax rates: :mod:`models.rates`; with a behavioural response every metric comes from
  the run with the response (:mod:`models.behaviour`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.axes import scenario_axes
from models.baseline import BaselineRun, annual_totals, baseline_run
from models.behaviour import behavioural_run, is_behavioural, reform_results, summary
from models.cost import benefit_counts, cost_breakdown
from models.groups import HouseholdChange, decile_table, group_masks, group_table, losing_groups
from models.metrics import distribution, equivalised_sample, person_weights
from models.parameters import Parameters
from models.population.core import Population
from models.rates import rate_summary, ready, start_trap_rates, trap_rates
from models.scenario import Financing, Scenario
from models.system import ALL_COMPONENTS, Results, compute

#: The distribution metrics reported for the baseline and the reform.
DISTRIBUTION_KEYS = (
    "poverty_rate",
    "poverty_line",
    "poverty_gap",
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
    pop: Population,
    params: Parameters,
    scenario: Scenario,
    baseline: BaselineRun | None = None,
    traps: bool = True,
    static: Results | None = None,
    unfinanced: Results | None = None,
) -> dict[str, Any]:
    """Every metric of ``scenario`` against the baseline, from one population (EUR/year unless stated).

    ``static`` is ``compute(pop, params, scenario)`` and ``unfinanced`` the run of the scenario without its financing
    when the caller has them already (the budget-neutral solver's last and first runs of a scenario without
    behaviour): they are not run again."""
    behavioural = is_behavioural(scenario)  # the response needs trap rates of the baseline and the static reform
    if baseline is None or ((traps or behavioural) and baseline.traps is None):
        baseline = baseline_run(pop, params, traps=traps or behavioural)
    base = baseline.results
    # The trap reruns go on in the engine's worker threads while the reform and its other metrics are computed here.
    pending_traps = start_trap_rates(pop, params, scenario) if traps and not behavioural else None
    reform = static if static is not None else compute(pop, params, scenario)
    behaviour = None
    if behavioural:  # every metric below comes from the run with the response (docs/METRICS.md, Behaviour)
        static_traps = trap_rates(pop, params, scenario, reform)
        reform, behaviour = behavioural_run(pop, params, scenario, baseline, reform, static_traps)
        if traps:  # with behaviour the rates shown are the static reform's
            pending_traps = ready(static_traps)
    bh, rh = base.household, reform.household
    reform_totals = annual_totals(pop, reform)
    totals = {k: {"baseline": baseline.totals[k], "reform": reform_totals[k]} for k in ALL_COMPONENTS}
    cost = cost_breakdown(pop, scenario, base, reform, (baseline.totals, reform_totals))
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
        "winners_share": float(pw.sum(where=change.win) / total_persons),
        "losers_share": float(pw.sum(where=change.lose) / total_persons),
        "unchanged_share": float(pw.sum(where=~(change.win | change.lose)) / total_persons),
        "axes": scenario_axes(pop, params, scenario, reform),
        "behaviour": behaviour or summary(pop, scenario, None, cost["net_cost_eur"]),
    }
    sample_r = equivalised_sample(pop, reform, like=baseline.sample)
    dist_b, dist_r = baseline.distribution, distribution(pop, reform, params, sample_r)
    for key in DISTRIBUTION_KEYS:
        out[key] = {"baseline": dist_b[key], "reform": dist_r[key]}
    anchored = params.modelling.anchored_poverty_line_share * dist_b["median_equivalised_income"]
    out["anchored_poverty_line"] = anchored
    out["anchored_poverty_rate"] = {
        "baseline": baseline.sample.share_below(anchored),
        "reform": sample_r.share_below(anchored),
    }
    out["who_loses"] = losing_groups(pop, change, base, reform, params.modelling)
    out["who_pays"] = who_pays(pop, params, scenario, base, reform, baseline, cost["net_cost_eur"], unfinanced)
    bc_b, bc_r = baseline.counts, benefit_counts(pop, reform)
    out["bureaucracy"] = {k: {"baseline": bc_b[k], "reform": bc_r[k]} for k in BUREAUCRACY_KEYS}
    if pending_traps is not None:
        tr = pending_traps(reform)
        out["emtr"] = {"baseline": baseline.emtr_summary, "reform": rate_summary(tr.emtr, tr.emtr_weight)}
        out["ptr"] = {"baseline": baseline.ptr_summary, "reform": rate_summary(tr.ptr, tr.ptr_weight)}
    return out


def _personal_taxes(run: Results) -> np.ndarray:
    """Income tax and employee contributions of each person (EUR/month)."""
    return np.asarray(run.person["income_tax"] + run.person["social_contributions"], dtype=np.float64)


def who_pays(
    pop: Population,
    params: Parameters,
    scenario: Scenario,
    base: Results,
    reform: Results,
    baseline: BaselineRun,
    net_cost_eur: float,
    unfinanced: Results | None = None,
) -> dict[str, Any]:
    """Who pays for the reform: the financing ``method`` and the ``rate`` in use (the scenario's, solved or not),
    the net cost without the financing (``cost_before_financing_eur``, EUR/year: one more run of the scenario with
    no financing), what the financing raises (``financing_revenue_eur`` = before − after), and what it takes from
    an earner: the mean rise in income tax and employee contributions of the persons with earnings, EUR/month
    (``extra_tax_per_earner_eur``), against the same reform without financing. Without financing the cost before
    is the net cost, and nobody pays more. ``unfinanced`` is that run when the caller has it."""
    fin = scenario.financing
    earner = reform.person["earnings"] > 0
    earners = float(pop.weight.sum(where=earner))
    out = {
        "method": fin.method,
        "rate": fin.rate if fin.method != "none" else 0.0,
        "cost_before_financing_eur": net_cost_eur,
        "financing_revenue_eur": 0.0,
        "earners": earners,
        "extra_tax_per_earner_eur": 0.0,
    }
    if fin.method == "none":
        return out
    plain = scenario.model_copy(update={"financing": Financing()})
    if unfinanced is None:
        unfinanced = reform_results(pop, params, plain, baseline)
    before = cost_breakdown(pop, plain, base, unfinanced)["net_cost_eur"]
    extra = (_personal_taxes(reform) - _personal_taxes(unfinanced))[earner]
    out["cost_before_financing_eur"] = before
    out["financing_revenue_eur"] = before - net_cost_eur
    out["extra_tax_per_earner_eur"] = float(np.dot(extra, pop.weight[earner]) / earners) if earners > 0 else 0.0
    return out
