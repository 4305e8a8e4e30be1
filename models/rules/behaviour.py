"""The labour-supply response as rules: the net-of-tax rate change, new earnings and the probability of moving.

The elasticities are the scenario's (``scenario.behaviour``); the limits and guide values are parameters
(``assumptions/parameters/behaviour``, each with its source). :mod:`models.behaviour` applies these rules to a
population (docs/METRICS.md, "Behaviour").
"""

from __future__ import annotations

import numpy as np

from models.parameter_types import FrozenModel
from models.population.schema import Status


class BehaviourParameters(FrozenModel):
    """Choices of the behavioural response (each YAML file gives its source or reason)."""

    #: Lowest 1 − rate used in Δln(1 − rate) (rates of 1 − floor and more count as 1 − floor).
    net_of_tax_rate_floor: float
    #: Largest relative change of a person's earnings from the hours response, either direction.
    intensive_change_limit: float
    #: Largest probability of moving into or out of work.
    extensive_probability_cap: float
    #: Employed persons earning less than this (EUR/month) may leave work when work pays less.
    exit_earnings_threshold: float
    #: Guide values from the literature, shown next to the levers (not applied unless the user sets them).
    literature_extensive_elasticity: float
    literature_intensive_elasticity: float


def net_of_tax_log_change(rate_base, rate_reform, floor: float) -> np.ndarray:
    """Δln(1 − rate) from baseline to reform, with 1 − rate floored at ``floor`` (NaN stays NaN)."""
    keep_b = np.maximum(1.0 - np.asarray(rate_base, dtype=np.float64), floor)
    keep_r = np.maximum(1.0 - np.asarray(rate_reform, dtype=np.float64), floor)
    return np.log(keep_r) - np.log(keep_b)


def intensive_earnings(earnings, emtr_base, emtr_reform, elasticity: float, p: BehaviourParameters) -> np.ndarray:
    """Earnings after the hours response: ``earnings × (1 + clip(ε × Δln(1 − EMTR), ±limit))``.

    Applies where earnings > 0 and both EMTRs are known (not NaN); elsewhere earnings are unchanged. Never
    negative (the limit is below 1).
    """
    earnings = np.asarray(earnings, dtype=np.float64)
    d = net_of_tax_log_change(emtr_base, emtr_reform, p.net_of_tax_rate_floor)
    change = np.clip(elasticity * d, -p.intensive_change_limit, p.intensive_change_limit)
    applies = (earnings > 0) & np.isfinite(change)
    return np.where(applies, earnings * (1.0 + np.where(applies, change, 0.0)), earnings)


def move_probability(ptr_base, ptr_reform, elasticity: float, p: BehaviourParameters) -> np.ndarray:
    """Probability of moving into work: ``clip(ε × Δln(1 − PTR), 0, cap)`` (0 where a rate is unknown).

    For the exit from work, pass the exit PTRs with ``-elasticity``: a fall in the share of earnings kept
    makes leaving work likely in the same proportion.
    """
    d = net_of_tax_log_change(ptr_base, ptr_reform, p.net_of_tax_rate_floor)
    prob = np.clip(elasticity * d, 0.0, p.extensive_probability_cap)
    return np.where(np.isfinite(prob), prob, 0.0)


def assigned_wage(status, previous_earnings, ptr_assigned_wage: float) -> np.ndarray:
    """The wage an unemployed person takes up (the PTR's and the move into work's):
    the previous wage on earnings-related allowance when known, otherwise ``modelling.ptr_assigned_wage``."""
    prev = np.asarray(previous_earnings, dtype=np.float64)
    er = np.asarray(status) == Status.UNEMPLOYED_EARNINGS_RELATED
    return np.where(er & (prev > 0), prev, ptr_assigned_wage)
