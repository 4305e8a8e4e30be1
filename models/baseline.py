"""The baseline run, computed once per population and reused by every comparison."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.cost import benefit_counts
from models.metrics import WeightedSample, distribution, person_weights
from models.parameters import Parameters
from models.population.core import Population
from models.rates import TrapRates, rate_summary, trap_rates
from models.system import Results, compute


@dataclass(frozen=True, eq=False)
class BaselineRun:
    """Everything about the baseline that every comparison reuses (the app caches one per population)."""

    results: Results
    distribution: dict
    decile: np.ndarray  # household decile (0–9) of baseline equivalised disposable income, persons weighted
    counts: dict
    traps: TrapRates | None
    emtr_summary: dict | None = None
    ptr_summary: dict | None = None


def baseline_run(pop: Population, params: Parameters, traps: bool = True) -> BaselineRun:
    base = compute(pop, params)
    eq = base.household["equivalised_disposable_income"]
    sample = WeightedSample(eq, person_weights(pop))
    cuts = [sample.quantile(q / 10) for q in range(1, 10)]
    decile = np.searchsorted(cuts, eq, side="right")
    tr = trap_rates(pop, params, None, base) if traps else None
    return BaselineRun(
        results=base,
        distribution=distribution(pop, base, params),
        decile=decile,
        counts=benefit_counts(pop, base),
        traps=tr,
        emtr_summary=rate_summary(tr.emtr, tr.emtr_weight) if tr is not None else None,
        ptr_summary=rate_summary(tr.ptr, tr.ptr_weight) if tr is not None else None,
    )
