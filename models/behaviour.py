"""Optional labour-supply response to a reform: hours (intensive) and taking up or leaving work (extensive).

Off by default: with both elasticities of ``scenario.behaviour`` at 0 every result is static (work does not
change). When either is set, :func:`behavioural_run` turns the baseline's and the static reform's marginal and
participation tax rates (:func:`models.rates.trap_rates`) into new earnings and statuses, and the reform is
run again with them; every reported metric then comes from that run (docs/METRICS.md, "Behaviour").

- **Intensive margin** (hours): every adult of working age (``modelling.working_age_*``) with an EMTR and
  earnings > 0 (employees, unemployed
  people with part-time work, working students) earns ``earnings × (1 + ε_int × Δln(1 − EMTR))``, where
  ``1 − EMTR`` is floored at ``behaviour.net_of_tax_rate_floor`` and the relative change is limited to
  ``± behaviour.intensive_change_limit``. The log form is the usual elasticity of earnings with respect to the
  net-of-tax rate (Matikka 2018; Kärkkäinen & Matikka 2018).
- **Extensive margin, into work**: the first unemployed adult of each household (the person whose PTR is
  measured) moves to work at the same assigned wage as the PTR (their previous wage on earnings-related
  allowance, otherwise ``modelling.ptr_assigned_wage``) with probability ``clip(ε_ext × Δln(1 − PTR), 0, cap)``
  (``behaviour.extensive_probability_cap``); persons who already earn the assigned wage are not tested.
- **Extensive margin, out of work**: the first employed adult of working age of each household earning less than
  ``behaviour.exit_earnings_threshold`` has an "exit PTR" (the share of their earnings lost in taxes and benefits
  if they stopped working and drew the basic unemployment allowance), in the baseline and in the reform; they
  leave work with probability ``clip(−ε_ext × Δln(1 − exit PTR), 0, cap)``.
- Decisions are deterministic: a person moves when their fixed number in (0, 1) is below their probability. The
  numbers are :func:`behaviour_draw` (seeded by household id and place in the household, independent of the
  population's other draws) spread evenly over the candidates by weight (:func:`stratified_draw`), so the same
  persons keep the same numbers in every scenario and more incentive never moves fewer people. The realised
  count carries Monte-Carlo noise around its expectation ``Σ w p``; both are reported, with the standard
  deviation of independent draws ``sqrt(Σ w² p (1 − p))`` as a guide to that noise.

Simplified: one response, no feedback (the new earnings do not change the rates again); no wage or
labour-demand effects; persons without an EMTR (65+, second other adults) and the unemployed beyond the first of
a household keep their work; leaving work means the basic unemployment allowance (no earnings-related
allowance, no waiting period for a voluntary quit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.baseline import BaselineRun, annual_totals, baseline_run
from models.cost import cost_breakdown
from models.parameters import Parameters
from models.population.core import MemoKey, PersonDraw, Population
from models.population.schema import Status
from models.rates import TrapRates, trap_rates
from models.rules.behaviour import assigned_wage, intensive_earnings, move_probability
from models.scenario import Scenario
from models.system import Results, compute


def is_behavioural(scenario: Scenario) -> bool:
    """True when the scenario asks for a behavioural response (either elasticity above 0)."""
    b = scenario.behaviour
    return b.extensive_elasticity > 0 or b.intensive_elasticity > 0


def literature_hints(params: Parameters) -> dict[str, float]:
    """The guide elasticities for the levers' help texts."""
    p = params.behaviour
    return {"extensive": p.literature_extensive_elasticity, "intensive": p.literature_intensive_elasticity}


def behaviour_draw(pop: Population) -> np.ndarray:
    """A fixed uniform(0, 1) number per person for the move into or out of work.

    :meth:`models.population.core.Population.person_draw` with its own stream, so it is the same in every run and
    independent of the take-up and participation draws. A population may carry its own ``behaviour_draw`` column.
    """
    return pop.memo(MemoKey.BEHAVIOUR_DRAW, (), lambda: pop.person_draw(PersonDraw.BEHAVIOUR))


def stratified_draw(pop: Population, candidates: np.ndarray) -> np.ndarray:
    """Each candidate's :func:`behaviour_draw`, spread evenly over (0, 1) by weight (NaN for others).

    The candidates are sorted by their own draw and placed at the mid-point of their share of the candidates'
    cumulative weight. The order stays random (a person still moves when their number is below their
    probability, so more incentive never moves fewer people), but the weighted numbers are exactly uniform:
    with equal probabilities the weighted count that moves equals its expectation, and the Monte-Carlo
    noise that remains comes only from the spread of probabilities and weights (docs/METRICS.md).
    """
    out = np.full(pop.n_persons, np.nan)
    idx = np.flatnonzero(candidates)
    if len(idx) == 0:
        return out
    order = idx[np.argsort(behaviour_draw(pop)[idx], kind="stable")]
    w = pop.weight[order]
    out[order] = (np.cumsum(w) - w / 2) / w.sum()
    return out


def _per_person(n: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    out = np.full(n, np.nan)
    out[np.asarray(index, dtype=np.int64)] = values
    return out


# --- leaving work: the exit participation tax rate --------------------------------------------------------
def exit_candidates(pop: Population, params: Parameters) -> np.ndarray:
    """The first employed adult of working age of each household earning more than 0 and less than
    ``behaviour.exit_earnings_threshold``."""
    earnings = pop.persons["earnings"]
    age = pop.persons["age"]
    m = params.modelling
    low = (
        (pop.persons["status"] == Status.EMPLOYED)
        & pop.is_adult
        & (age >= m.working_age_min)
        & (age <= m.working_age_max)
        & (earnings > 0)
        & (earnings < params.behaviour.exit_earnings_threshold)
    )
    return pop.rank_within_household(low, np.arange(pop.n_persons), descending=False) == 1


def exit_rates(
    pop: Population, params: Parameters, scenario: Scenario | None, results: Results
) -> tuple[np.ndarray, np.ndarray]:
    """Exit PTR of each exit candidate: 1 − (net income working − net income not working) / earnings lost,
    where not working means no earnings and the basic unemployment allowance. Returns (rates, person index)."""
    target_all = exit_candidates(pop, params)
    hh_mask = pop.hh_any(target_all)
    if not hh_mask.any():
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    sub, hh_idx, p_idx = pop.subset(hh_mask, key="behaviour_exit")
    target = target_all[p_idx]
    earnings = sub.persons["earnings"]
    status = np.where(target, np.int8(Status.UNEMPLOYED_BASIC_ALLOWANCE), sub.persons["status"]).astype(np.int8)
    out = compute(sub, params, scenario, earnings=np.where(target, 0.0, earnings), status=status, only_net=True)
    lost = sub.hh_sum(np.where(target, earnings, 0.0))
    rate_hh = 1.0 - (results.household["net_income"][hh_idx] - out.household["net_income"]) / np.maximum(lost, 1.0)
    return sub.to_person(rate_hh)[target], p_idx[target]


def _baseline_exit_rates(pop: Population, params: Parameters, base: Results):
    """The baseline's exit PTRs, once per population and parameters."""
    return pop.memo(MemoKey.BEHAVIOUR_EXIT_BASELINE, (params, base), lambda: exit_rates(pop, params, None, base))


# --- the response and the behavioural run -----------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Response:
    """New person earnings and statuses, and who moved (every array per person of the population)."""

    earnings: np.ndarray
    status: np.ndarray
    entry_probability: np.ndarray  # 0 for persons who are not tested
    exit_probability: np.ndarray
    entered: np.ndarray
    exited: np.ndarray
    hours_changed: np.ndarray  # persons whose earnings changed on the intensive margin


def respond(
    pop: Population,
    params: Parameters,
    scenario: Scenario,
    base: Results,
    base_traps: TrapRates,
    reform: Results,
    reform_traps: TrapRates,
) -> Response:
    """The labour-supply response to ``scenario`` (see the module docstring for the rules)."""
    p = params.behaviour
    b = scenario.behaviour
    n = pop.n_persons
    earnings0 = pop.persons["earnings"]
    status0 = pop.persons["status"]

    emtr_b = _per_person(n, base_traps.emtr_person, base_traps.emtr)
    emtr_r = _per_person(n, reform_traps.emtr_person, reform_traps.emtr)
    earnings = intensive_earnings(earnings0, emtr_b, emtr_r, b.intensive_elasticity, p)

    # Into work: the PTR persons whose assigned wage is above what they already earn (as models.traps.valid_ptr;
    # for the others "moving to work" would lower their earnings and their PTR is meaningless).
    wage = assigned_wage(status0, pop.persons["previous_earnings"], params.modelling.ptr_assigned_wage)
    in_candidates = np.zeros(n, bool)
    in_candidates[base_traps.ptr_person] = True
    in_candidates &= wage > earnings0 + 1.0
    ptr_b = _per_person(n, base_traps.ptr_person, base_traps.ptr)
    ptr_r = _per_person(n, reform_traps.ptr_person, reform_traps.ptr)
    p_in = np.where(in_candidates, move_probability(ptr_b, ptr_r, b.extensive_elasticity, p), 0.0)

    p_out = np.zeros(n)
    if b.extensive_elasticity > 0:
        xb, xb_idx = _baseline_exit_rates(pop, params, base)
        xr, xr_idx = exit_rates(pop, params, scenario, reform)
        p_out = move_probability(_per_person(n, xb_idx, xb), _per_person(n, xr_idx, xr), -b.extensive_elasticity, p)

    # The candidates are the same persons in every scenario, so each keeps their number from run to run.
    entered = stratified_draw(pop, in_candidates) < p_in
    exited = stratified_draw(pop, exit_candidates(pop, params)) < p_out
    earnings = np.where(entered, wage, np.where(exited, 0.0, earnings))
    status = np.where(
        entered, np.int8(Status.EMPLOYED), np.where(exited, np.int8(Status.UNEMPLOYED_BASIC_ALLOWANCE), status0)
    ).astype(np.int8)
    hours = ~entered & ~exited & (earnings != earnings0)
    return Response(earnings, status, p_in, p_out, entered, exited, hours)


def summary(
    pop: Population,
    scenario: Scenario,
    response: Response | None,
    static_net_cost: float,
    base: Results | None = None,
    behavioural: Results | None = None,
) -> dict:
    """The ``behaviour`` block of the comparison: mode, elasticities, employment and earnings change
    (persons; EUR/year, against the baseline), and the static net cost for comparison."""
    b = scenario.behaviour
    out = {
        "mode": "static" if response is None else "behavioural",
        "extensive_elasticity": float(b.extensive_elasticity),
        "intensive_elasticity": float(b.intensive_elasticity),
        "employment_change_persons": 0.0,
        "entries_persons": 0.0,
        "exits_persons": 0.0,
        "employment_change_expected_persons": 0.0,
        "employment_change_sd_persons": 0.0,
        "earnings_change_eur": 0.0,
        "hours_earnings_change_eur": 0.0,
        "static_net_cost_eur": float(static_net_cost),
    }
    if response is None:
        return out
    w = pop.weight
    r = response
    entries, exits = float(w[r.entered].sum()), float(w[r.exited].sum())
    out["entries_persons"], out["exits_persons"] = entries, exits
    out["employment_change_persons"] = entries - exits
    out["employment_change_expected_persons"] = float(np.dot(w, r.entry_probability - r.exit_probability))
    var = w**2 * (r.entry_probability * (1 - r.entry_probability) + r.exit_probability * (1 - r.exit_probability))
    out["employment_change_sd_persons"] = float(np.sqrt(var.sum()))
    hw = pop.households["weight"]
    assert base is not None and behavioural is not None, "a response needs the baseline and the behavioural run"
    out["earnings_change_eur"] = float(12 * np.dot(hw, behavioural.household["earnings"] - base.household["earnings"]))
    out["hours_earnings_change_eur"] = float(
        12 * np.dot(w, np.where(r.hours_changed, r.earnings - pop.persons["earnings"], 0.0))
    )
    return out


def behavioural_run(
    pop: Population,
    params: Parameters,
    scenario: Scenario,
    baseline: BaselineRun,
    reform: Results,
    reform_traps: TrapRates,
) -> tuple[Results, dict]:
    """The reform run again with the labour-supply response, and the comparison's ``behaviour`` block.

    ``baseline`` must carry trap rates; ``reform`` and ``reform_traps`` are the static reform's run and rates.
    """
    if baseline.traps is None:
        raise ValueError("the behavioural response needs the baseline's trap rates (baseline_run(traps=True))")
    # The static cost from the runs' annual totals, as the comparison computes its cost (the same sums, the same
    # rounding: at zero elasticities the two are equal to the last digit).
    totals = (baseline.totals, annual_totals(pop, reform))
    static_cost = cost_breakdown(pop, scenario, baseline.results, reform, totals)["net_cost_eur"]
    response = respond(pop, params, scenario, baseline.results, baseline.traps, reform, reform_traps)
    run = compute(pop, params, scenario, earnings=response.earnings, status=response.status)
    return run, summary(pop, scenario, response, static_cost, baseline.results, run)


def reform_results(
    pop: Population, params: Parameters, scenario: Scenario, baseline: BaselineRun | None = None
) -> Results:
    """The run every metric of ``scenario`` comes from: the static run, or with behaviour the run with the
    response (as :func:`models.compare.compare`). For callers that need only the cost, like the budget-neutral
    solver; ``baseline`` (with trap rates) is computed when missing and behaviour is on."""
    if not is_behavioural(scenario):
        return compute(pop, params, scenario)
    if baseline is None or baseline.traps is None:
        baseline = baseline_run(pop, params, traps=True)
    reform = compute(pop, params, scenario)
    return behavioural_run(pop, params, scenario, baseline, reform, trap_rates(pop, params, scenario, reform))[0]
