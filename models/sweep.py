"""The earnings sweep: one household's incomes over the monthly earnings of one of its adults.

Every point of the sweep is one copy of the household in a small population, so the whole sweep is a single
vectorised run of :func:`models.system.compute` over three sets of points (:func:`sweep_points`): each
earnings point, each point + ``step`` (the effective marginal tax rate, EMTR) and zero earnings of the
followed adult (the participation tax rate, PTR). :func:`run_sweep` makes that run and returns a
:class:`Sweep`; it is the one engine behind the households page (``ui.households.sweep``), the income-traps
decomposition (``models.decomposition.emtr_decomposition``) and the household calculator of the CLI
(``models.household.sweep``, ``python -m models household``).

The caller builds the copies (``models.household.household_population``): the followed adult's earnings in
them are replaced by the sweep's points, every other column is the household's own.

Net income and its parts: the parts are the components of :data:`models.system.COMPONENT_SIGNS`, signed as
they enter net income, plus work pension and capital income as one more part (:data:`OTHER_INCOME`), so the
parts always sum to net income. The breakdowns below split a sweep's net income, its change against zero
earnings, a scenario's difference and the marginal euro into those parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from models.parameters import Parameters
from models.population.core import Population
from models.rates import EMTR_STEP
from models.scenario import Scenario
from models.system import ALL_COMPONENTS, COMPONENT_SIGNS, compute

#: The earnings axis of every curve: 0 … 6,000 EUR/month in steps of 50.
EARNINGS_MAX = 6000.0
EARNINGS_STEP = 50.0
#: Work pension and capital/other income: not a component of COMPONENT_SIGNS but part of net income.
OTHER_INCOME = "other_income"
PARTS = ALL_COMPONENTS + (OTHER_INCOME,)
PART_SIGNS = {**COMPONENT_SIGNS, OTHER_INCOME: +1}


def earnings_grid() -> np.ndarray:
    """The default earnings points: 0 … EARNINGS_MAX by EARNINGS_STEP (EUR/month)."""
    return np.arange(0.0, EARNINGS_MAX + EARNINGS_STEP / 2, EARNINGS_STEP)


def sweep_points(earnings: np.ndarray, step: float = EMTR_STEP) -> np.ndarray:
    """The followed adult's earnings in the sweep's one run: each point, each point + ``step``, and zero."""
    return np.concatenate([earnings, earnings + step, [0.0]])


def sweep_size(earnings: np.ndarray) -> int:
    """How many copies of the household a sweep over ``earnings`` runs (the length of :func:`sweep_points`)."""
    return 2 * len(earnings) + 1


def signed_parts(household: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each part of :data:`PARTS` as it enters household net income (taxes and fees negative)."""
    parts = {k: COMPONENT_SIGNS[k] * household[k] for k in ALL_COMPONENTS}
    parts[OTHER_INCOME] = household["earnings_related_pension"] + household["other_income"]
    return parts


@dataclass(frozen=True, eq=False)
class Sweep:
    """One system's household results over the followed adult's earnings (EUR/month).

    ``at``, ``up`` and ``zero`` are ``Results.household`` arrays: at each earnings point, at each point +
    ``step``, and at zero earnings of the followed adult (arrays of length one).
    """

    earnings: np.ndarray
    step: float
    at: dict[str, np.ndarray]
    up: dict[str, np.ndarray]
    zero: dict[str, np.ndarray]

    @property
    def net_income(self) -> np.ndarray:
        return self.at["net_income"]

    @property
    def net_up(self) -> np.ndarray:
        return self.up["net_income"]

    @property
    def net_zero(self) -> float:
        return float(self.zero["net_income"][0])

    @property
    def emtr(self) -> np.ndarray:
        """Effective marginal tax rate for +``step`` EUR/month: 1 − Δnet / step."""
        return 1.0 - (self.net_up - self.net_income) / self.step

    @property
    def ptr(self) -> np.ndarray:
        """Participation tax rate against zero earnings: 1 − (net − net at 0) / earnings (NaN at 0)."""
        e = self.earnings
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(e > 0, 1.0 - (self.net_income - self.net_zero) / np.where(e > 0, e, 1.0), np.nan)

    @cached_property
    def parts(self) -> dict[str, np.ndarray]:
        """Signed contributions to net income at each point (they sum to ``net_income``)."""
        return signed_parts(self.at)

    @cached_property
    def parts_up(self) -> dict[str, np.ndarray]:
        """The same at each point + ``step``."""
        return signed_parts(self.up)

    @cached_property
    def parts_zero(self) -> dict[str, float]:
        """The same at zero earnings of the followed adult."""
        return {k: float(v[0]) for k, v in signed_parts(self.zero).items()}

    def nonzero_parts(self, tol: float = 0.005) -> list[str]:
        return [k for k in PARTS if np.any(np.abs(self.parts[k]) > tol) or abs(self.parts_zero[k]) > tol]


def run_sweep(
    copies: Population,
    params: Parameters,
    scenario: Scenario | None,
    earnings: np.ndarray,
    follow: int = 0,
    step: float = EMTR_STEP,
) -> Sweep:
    """Run ``copies`` — the household once per point of :func:`sweep_points` (``earnings``, ``step``) — with
    adult ``follow``'s earnings set to those points, under ``scenario`` (None or the baseline scenario =
    today's law): one vectorised run of :func:`models.system.compute`."""
    earnings = np.asarray(earnings, dtype=np.float64)
    if not 0 <= follow < int(copies.n_adults[0]):
        raise ValueError(f"follow: there is no adult {follow}")
    if step <= 0:
        raise ValueError("step: must be positive")
    points = sweep_points(earnings, step)
    if copies.n_households != len(points):
        raise ValueError(f"copies: {copies.n_households} households for {len(points)} points")
    persons_per_household = copies.n_persons // copies.n_households
    person_earnings = np.array(copies.persons["earnings"], dtype=np.float64)
    person_earnings[follow::persons_per_household] = points
    household = compute(copies, params, scenario, earnings=person_earnings).household
    n = len(earnings)
    return Sweep(
        earnings=earnings,
        step=float(step),
        at={k: v[:n] for k, v in household.items()},
        up={k: v[n : 2 * n] for k, v in household.items()},
        zero={k: v[2 * n :] for k, v in household.items()},
    )


# --- breakdowns ------------------------------------------------------------------------------------------------
def breakdown_levels(s: Sweep) -> dict[str, np.ndarray]:
    """Net income by source: each part as it enters net income (sums to ``s.net_income``)."""
    return {k: s.parts[k] for k in PARTS}


def breakdown_from_zero(s: Sweep) -> dict[str, np.ndarray]:
    """Where each earned euro goes: each part's change against zero earnings of the followed adult.
    The parts sum to ``s.net_income − s.net_zero`` (earnings give, taxes and lost benefits take)."""
    return {k: s.parts[k] - s.parts_zero[k] for k in PARTS}


def breakdown_difference(reform: Sweep, base: Sweep) -> dict[str, np.ndarray]:
    """Which part makes the scenario's difference: sums to ``reform.net_income − base.net_income``."""
    return {k: reform.parts[k] - base.parts[k] for k in PARTS}


def breakdown_marginal(s: Sweep) -> dict[str, np.ndarray]:
    """Of ``s.step`` more earnings, what each part gives (+) or takes (−): sums to step × (1 − EMTR)."""
    return {k: s.parts_up[k] - s.parts[k] for k in PARTS}
