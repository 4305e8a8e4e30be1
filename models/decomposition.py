"""One household's effective marginal tax rate over its earnings, split into the parts of the system that take it.

The income-traps page's decomposition: for each earnings point of one adult, the share of the extra euros each
part of :data:`models.traps.PARTS` takes (tax, contributions, each benefit withdrawn, fees), from one run of the
earnings-sweep engine (:func:`models.sweep.run_sweep`). The parts sum to the EMTR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.household import HouseholdSpec, household_population
from models.parameters import Parameters
from models.rates import EMTR_STEP
from models.scenario import Scenario
from models.sweep import earnings_grid, run_sweep, sweep_size
from models.traps import PARTS, rate_parts


@dataclass(frozen=True, eq=False)
class Decomposition:
    """One household's EMTR over the followed adult's earnings, split into :data:`PARTS`.

    ``parts[p][i]`` is the share of the extra EUR ``step`` at ``earnings[i]`` that part ``p`` takes;
    ``emtr`` = 1 − Δnet/step; ``ptr`` is the participation tax rate against zero earnings (NaN at 0) with
    ``ptr_parts`` its split (same statuses: the person's benefits are adjusted, not stopped)."""

    earnings: np.ndarray
    net_income: np.ndarray
    emtr: np.ndarray
    parts: dict[str, np.ndarray]
    ptr: np.ndarray
    ptr_parts: dict[str, np.ndarray]
    step: float

    def nonzero_parts(self, tol: float = 5e-4) -> list[str]:
        return [
            p
            for p in PARTS
            if np.any(np.abs(self.parts[p]) > tol) or np.any(np.abs(np.nan_to_num(self.ptr_parts[p])) > tol)
        ]


def emtr_decomposition(
    spec: HouseholdSpec,
    params: Parameters,
    scenario: Scenario | None = None,
    earnings: np.ndarray | None = None,
    follow: int = 0,
    step: float = EMTR_STEP,
) -> Decomposition:
    """Split the EMTR of adult ``follow`` of ``spec`` at each point of ``earnings`` (EUR/month, default
    :func:`models.sweep.earnings_grid`) into :data:`PARTS`, under ``scenario`` (None = today's law, as in ``params``).

    One run of the earnings-sweep engine (:func:`models.sweep.run_sweep`) over the grid, the grid + ``step``
    and zero earnings.
    """
    grid = earnings_grid() if earnings is None else np.asarray(earnings, dtype=np.float64)
    copies = household_population(spec, np.full(sweep_size(grid), spec.adults[0].earnings))
    s = run_sweep(copies, params, scenario, grid, follow, step)
    low, high = s.at, s.up
    zero = {k: np.repeat(v, len(grid)) for k, v in s.zero.items()}
    # Δearnings from the household's own totals (exactly what moved in the run).
    d_up = high["earnings"] - low["earnings"]
    emtr = 1.0 - (high["net_income"] - low["net_income"]) / d_up
    parts = rate_parts(low, high, d_up)
    d_zero = low["earnings"] - zero["earnings"]
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(d_zero > 0, d_zero, np.nan)
        ptr = 1.0 - (low["net_income"] - zero["net_income"]) / safe
        ptr_parts = rate_parts(zero, low, safe)
    return Decomposition(grid, low["net_income"], emtr, parts, ptr, ptr_parts, float(step))
