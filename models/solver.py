"""Budget-neutral financing: the tax rate at which a reform's net cost is zero (within ``TOLERANCE_EUR`` a year).

Net cost is nearly linear in the financing rate (means-tested benefits react a little to net income), so
a secant search from a first-order guess converges in two or three full runs of the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.baseline import BaselineRun, baseline_run
from models.behaviour import is_behavioural, reform_results
from models.cost import cost_breakdown
from models.parameters import Parameters
from models.population.core import Population
from models.scenario import Financing, Scenario
from models.system import Results, compute

#: Net cost (EUR a year) within which a financed reform counts as budget-neutral: a modelling tolerance.
TOLERANCE_EUR = 50e6
#: Financing methods that add to the law's taxes: at a rate of 0 they raise nothing, and the run is the unfinanced one.
ADDED_TAXES = ("flat_tax", "surcharge", "scale")
#: First guess for a flat income tax that replaces the scale: a search start, not an assumption (the
#: secant converges from anywhere on the nearly linear cost curve; a near guess saves one run).
FLAT_INCOME_TAX_START = 0.3


@dataclass(frozen=True)
class Solution:
    rate: float
    net_cost_eur: float
    iterations: int
    converged: bool
    scenario: Scenario
    #: The run of ``scenario`` the last net cost came from (:func:`models.behaviour.reform_results`: with behaviour
    #: on, the run with the response), for a caller that goes on to compare it.
    results: Results | None = field(default=None, compare=False, repr=False)
    #: The run of the scenario without financing when the search started there (a rate of 0 of a method that adds
    #: to the law's taxes raises nothing), for :func:`models.compare.who_pays`.
    unfinanced: Results | None = field(default=None, compare=False, repr=False)


def net_cost(
    pop: Population, params: Parameters, scenario: Scenario, base: Results, baseline: BaselineRun | None = None
) -> float:
    """Annual net cost of ``scenario`` against ``base`` (see :func:`models.compare.cost_breakdown`); with
    behaviour on, of the run with the labour-supply response (``baseline`` carries the trap rates it needs)."""
    return cost_breakdown(pop, scenario, base, reform_results(pop, params, scenario, baseline))["net_cost_eur"]


def solve_financing(
    pop: Population,
    params: Parameters,
    scenario: Scenario,
    method: str | None = None,
    base: Results | None = None,
    tolerance: float = TOLERANCE_EUR,
    max_iter: int = 12,
    baseline: BaselineRun | None = None,
    target: float = 0.0,
) -> Solution:
    """Find the rate of ``method`` (default: the scenario's, or a flat tax) that makes the reform neutral, or that
    brings its net cost to ``target`` EUR a year (a landscape at a fixed cost).

    With behavioural elasticities on, the cost is the behavioural one (as in :func:`models.compare.compare`), and
    the baseline's trap rates are computed once here unless ``baseline`` is given."""
    if is_behavioural(scenario) and (baseline is None or baseline.traps is None):
        baseline = baseline_run(pop, params, traps=True)
    if base is None:
        base = baseline.results if baseline is not None else compute(pop, params)
    method = method or (scenario.financing.method if scenario.financing.method != "none" else "flat_tax")

    def at(rate: float) -> tuple[Scenario, float, Results]:
        sc = scenario.model_copy(update={"financing": Financing(method=method, rate=rate)})
        run = reform_results(pop, params, sc, baseline)
        return sc, cost_breakdown(pop, sc, base, run)["net_cost_eur"] - target, run

    if method == "flat_income_tax":
        # One rate replaces the whole scale: start near today's average rate on earned income (no negative rates).
        lo_bound, hi_bound, start = 0.0, 0.9, FLAT_INCOME_TAX_START
    else:
        lo_bound, hi_bound, start = -0.5, 0.9, 0.0
    r0, (s0, f0, run) = start, at(start)
    unfinanced = run if start == 0.0 and method in ADDED_TAXES else None
    if abs(f0) <= tolerance:
        return Solution(start, f0 + target, 1, True, s0, run, unfinanced)
    r1 = float(np.clip(start + (0.02 if f0 > 0 else -0.02), lo_bound, hi_bound))
    del run  # each run's arrays are freed before the next is computed: one run less at the peak (the 1:1 population)
    s1, f1, run = at(r1)
    it = 2
    while abs(f1) > tolerance and it < max_iter:
        if f1 == f0:
            break
        r2 = float(np.clip(r1 - f1 * (r1 - r0) / (f1 - f0), lo_bound, hi_bound))
        r0, f0 = r1, f1
        r1 = r2
        del run
        s1, f1, run = at(r1)
        it += 1
    return Solution(r1, f1 + target, it, abs(f1) <= tolerance, s1, run, unfinanced)
