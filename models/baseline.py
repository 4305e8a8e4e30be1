"""The baseline run, computed once per population and reused by every comparison."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.cost import benefit_counts
from models.metrics import WeightedSample, distribution, equivalised_sample, person_weights
from models.parameters import Parameters
from models.population.core import Population
from models.rates import TrapRates, rate_summary, start_trap_rates
from models.system import ALL_COMPONENTS, Results, compute


@dataclass(frozen=True, eq=False)
class BaselineRun:
    """Everything about the baseline that every comparison reuses (the app caches one per population)."""

    results: Results
    distribution: dict
    sample: WeightedSample  # equivalised disposable income (EUR/year), persons weighted, sorted once
    totals: dict[str, float]  # annual total of every component (EUR/year), as models.compare.compare reports them
    decile: np.ndarray  # household decile (0–9) of baseline equivalised disposable income, persons weighted
    counts: dict
    traps: TrapRates | None
    emtr_summary: dict | None = None
    ptr_summary: dict | None = None


def annual_totals(pop: Population, results: Results) -> dict[str, float]:
    """Every component's weighted annual total (EUR/year), the reform's components included."""
    w = pop.households["weight"]
    return {k: float(12 * np.dot(w, results.household[k])) for k in ALL_COMPONENTS}


def baseline_run(pop: Population, params: Parameters, traps: bool = True) -> BaselineRun:
    pending = start_trap_rates(pop, params, None) if traps else None  # the reruns run while the rest is computed
    base = compute(pop, params)
    eq = base.household["equivalised_disposable_income"]
    monthly = WeightedSample(eq, person_weights(pop))
    cuts = [monthly.quantile(q / 10) for q in range(1, 10)]
    sample = equivalised_sample(pop, base)
    decile = np.searchsorted(cuts, eq, side="right")
    dist, totals, counts = distribution(pop, base, params, sample), annual_totals(pop, base), benefit_counts(pop, base)
    tr = pending(base) if pending is not None else None
    return BaselineRun(
        results=base,
        distribution=dist,
        sample=sample,
        totals=totals,
        decile=decile,
        counts=counts,
        traps=tr,
        emtr_summary=rate_summary(tr.emtr, tr.emtr_weight) if tr is not None else None,
        ptr_summary=rate_summary(tr.ptr, tr.ptr_weight) if tr is not None else None,
    )
