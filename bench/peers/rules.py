"""A simplified rule set for the peer benchmark, in our engine's style, plus a per-person Python reference.

The rules (money in EUR per month):

- a progressive **income tax** on earnings with 3 brackets (marginal rates above each threshold);
- a flat **contribution** on earnings;
- a **basic income** for every person aged ``basic_income_min_age`` or more (not taxed);
- a household **means-tested allowance**: ``allowance_base`` for the first member plus
  ``allowance_per_member`` for each further member, less ``allowance_taper`` × the household's income
  (earnings − tax − contribution + basic income, summed over members), never negative.

Net income of a person = earnings − tax − contribution + basic income; of a household = the sum over its
members + the allowance. :func:`net_incomes` computes it vectorised over a person/household layout with
the same household sums as :class:`models.population.core.Population` (``np.bincount`` over the household
index: the class's own ``hh_sum`` and ``to_person`` are reused). :func:`reference_net_incomes` computes the
same with plain Python loops, one person at a time (the CI test compares the two on 1,000 persons).
``bench/peers/openfisca_side.py`` implements the same rules in OpenFisca.

Only numpy and ``models.population.core`` are imported, so the module runs anywhere the engine does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from functools import cached_property

import numpy as np

from models.population.core import Population


@dataclass(frozen=True)
class Rules:
    """The parameters of the simplified system (the baseline; a reform replaces one or more)."""

    thresholds: tuple[float, float, float] = (0.0, 1_500.0, 4_000.0)
    rates: tuple[float, float, float] = (0.10, 0.25, 0.40)
    contribution_rate: float = 0.08
    basic_income: float = 500.0
    basic_income_min_age: int = 18
    allowance_base: float = 700.0
    allowance_per_member: float = 250.0
    allowance_taper: float = 0.4

    def with_changes(self, **changes) -> Rules:
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)


def reform(i: int, base: Rules = Rules()) -> Rules:
    """The i-th "slider move": a new basic income (EUR 10 more each time) and a new allowance taper."""
    return base.with_changes(basic_income=base.basic_income + 10.0 * (i + 1), allowance_taper=0.30 + 0.01 * (i % 20))


class Layout:
    """Persons and households as column arrays, like :class:`Population` but only the columns used here.

    ``hh`` is each person's household index 0..n_households−1; the household sums are
    :meth:`Population.hh_sum` and :meth:`Population.to_person` themselves.
    """

    hh_sum = Population.hh_sum
    _bincount = Population._bincount
    of_array = Population.of_array
    hh_count = Population.hh_count
    to_person = Population.to_person

    def __init__(self, household_index: np.ndarray, age: np.ndarray, earnings: np.ndarray):
        self.hh = np.ascontiguousarray(household_index, dtype=np.int64)
        self.age = np.ascontiguousarray(age, dtype=np.int16)
        self.earnings = np.ascontiguousarray(earnings, dtype=np.float64)
        self.n_households = int(self.hh.max()) + 1 if len(self.hh) else 0
        self.n_persons = len(self.hh)

    @cached_property
    def _kept_by_array(self) -> dict:
        """As in :class:`Population` (the household sums of unchangeable arrays)."""
        return {}

    @cached_property
    def n_persons_in_household(self) -> np.ndarray:
        """Members of each household (a property of the population, as in :class:`Population`)."""
        return np.bincount(self.hh, minlength=self.n_households).astype(np.float64)

    def columns(self) -> dict[str, np.ndarray]:
        return {"household_index": self.hh, "age": self.age, "earnings": self.earnings}


def synthetic(n_persons: int, seed: int = 7) -> Layout:
    """A synthetic population of about ``n_persons`` persons in households of 1–5 (deterministic).

    The first member of each household is an adult (18–89); a second member is an adult partner with
    probability 0.6, the rest are children (0–17). Adults work with probability 0.65, earning a
    log-normal wage (median ≈ EUR 2,900/month); a few earn very much, so every tax bracket is used.
    """
    rng = np.random.default_rng(seed)
    sizes = rng.choice([1, 2, 3, 4, 5], p=[0.45, 0.32, 0.10, 0.09, 0.04], size=max(1, n_persons))
    ends = np.cumsum(sizes)
    n_h = int(np.searchsorted(ends, n_persons)) + 1
    sizes = sizes[:n_h].copy()
    sizes[-1] -= int(ends[n_h - 1] - n_persons)  # exactly n_persons
    hh = np.repeat(np.arange(n_h, dtype=np.int64), sizes)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    rank = np.arange(n_persons) - np.repeat(starts, sizes)  # 0 = first member
    partner = rng.random(n_h) < 0.6
    adult = (rank == 0) | ((rank == 1) & partner[hh])
    age = np.where(adult, rng.integers(18, 90, n_persons), rng.integers(0, 18, n_persons)).astype(np.int16)
    works = adult & (age < 68) & (rng.random(n_persons) < 0.65)
    earnings = np.where(works, np.round(rng.lognormal(np.log(2_900.0), 0.6, n_persons), 2), 0.0)
    return Layout(hh, age, earnings)


# --- our side: vectorised over the layout -----------------------------------------------------------------
def income_tax(earnings: np.ndarray, p: Rules) -> np.ndarray:
    """Progressive tax: each bracket's rate on the part of earnings between its threshold and the next."""
    tax = np.zeros_like(earnings)
    part = np.empty_like(earnings)
    uppers = (*p.thresholds[1:], np.inf)
    for lower, upper, rate in zip(p.thresholds, uppers, p.rates, strict=False):
        np.subtract(earnings, lower, out=part)
        np.clip(part, 0.0, upper - lower, out=part)
        part *= rate
        tax += part
    return tax


def contribution(earnings: np.ndarray, p: Rules) -> np.ndarray:
    """Flat contribution on earnings."""
    return p.contribution_rate * earnings


def basic_income(age: np.ndarray, p: Rules) -> np.ndarray:
    """The basic income of every person of age."""
    return (age >= p.basic_income_min_age) * p.basic_income


def household_allowance(household_income: np.ndarray, members: np.ndarray, p: Rules) -> np.ndarray:
    """Means-tested allowance: the maximum by household size, withdrawn at the taper rate, never negative."""
    maximum = p.allowance_base + p.allowance_per_member * (members - 1.0)
    return np.maximum(maximum - p.allowance_taper * household_income, 0.0)


def net_incomes(pop: Layout, p: Rules) -> tuple[np.ndarray, np.ndarray]:
    """(person net income, household net income) under ``p``: one reform evaluation."""
    e = pop.earnings
    person_net = e - contribution(e, p)
    person_net -= income_tax(e, p)
    person_net += basic_income(pop.age, p)
    income = pop.hh_sum(person_net)
    return person_net, income + household_allowance(income, pop.n_persons_in_household, p)


def bandwidth_floor(pop: Layout) -> float:
    """One numpy pass over every input column (the least any evaluation must read); returns a checksum."""
    return (
        float(np.add.reduce(pop.earnings))
        + float(np.add.reduce(pop.age, dtype=np.int64))
        + float(np.add.reduce(pop.hh))
    )


# --- the reference: one person at a time, plain Python ------------------------------------------------------
def reference_net_incomes(
    hh: list[int], age: list[int], earnings: list[float], p: Rules
) -> tuple[list[float], dict[int, float]]:
    """The same rules written as a reader would check them by hand (slow; for tests)."""
    person_net = []
    for a, e in zip(age, earnings, strict=False):
        tax = 0.0
        for k, rate in enumerate(p.rates):
            lower = p.thresholds[k]
            upper = p.thresholds[k + 1] if k + 1 < len(p.thresholds) else float("inf")
            if e > lower:
                tax += rate * (min(e, upper) - lower)
        bi = p.basic_income if a >= p.basic_income_min_age else 0.0
        person_net.append(e - tax - p.contribution_rate * e + bi)
    income: dict[int, float] = {}
    members: dict[int, int] = {}
    for h, net in zip(hh, person_net, strict=False):
        income[h] = income.get(h, 0.0) + net
        members[h] = members.get(h, 0) + 1
    household_net = {}
    for h in income:
        maximum = p.allowance_base + p.allowance_per_member * (members[h] - 1)
        household_net[h] = income[h] + max(maximum - p.allowance_taper * income[h], 0.0)
    return person_net, household_net
