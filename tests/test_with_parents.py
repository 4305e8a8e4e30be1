"""Who lives in their parents' home: the population says so (``persons.with_parents``), the engine follows.

The labour market subsidy's parents' income test, the study grant's rates and social assistance's basic amount for an
adult living with their parents apply to adult children in their parents' home, not to a flat-sharer or another adult
of the home. Until December 2026 the engine took every other adult under ``modelling.adult_child_age_limit`` to live
with their parents; that rule now applies only where the population does not say (-1).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from models.household import HouseholdSpec, household_population
from models.parameters import load_parameters
from models.population.schema import Role
from models.structure import lives_with_parents
from models.system import compute

DATE = dt.date(2025, 8, 1)


def test_the_mark_decides_and_the_age_rule_fills_the_unknown():
    other, head, spouse = Role.OTHER_ADULT, Role.HEAD, Role.SPOUSE
    role = np.array([other, other, other, other, other, other, head, spouse])
    age = np.array([22, 35, 22, 35, 22, 35, 22, 22])
    marked = np.array([1, 1, 0, 0, -1, -1, 1, 1])
    got = lives_with_parents(role, age, marked, 30)
    assert got.tolist() == [True, True, False, False, True, False, False, False]


def _home(lives_with_parents: bool) -> HouseholdSpec:
    """A working adult (earnings set by the sweep) and a 24-year-old on labour market subsidy, not a couple."""
    return HouseholdSpec(
        adults=[
            {"age": 50, "status": "employed"},
            {"age": 24, "status": "unemployed_labour_market_subsidy", "lives_with_parents": lives_with_parents},
        ],
        couple=False,
        rent=1100,
        municipality_group=2,
    )


def _second_adult(spec: HouseholdSpec, component: str) -> float:
    pop = household_population(spec, np.array([5000.0]))
    assert pop.persons["role"][1] == Role.OTHER_ADULT
    res = compute(pop, load_parameters(DATE))
    return float(res.person[component][1])


def test_a_flat_sharer_is_not_tested_on_the_other_adults_income():
    u = load_parameters(DATE).unemployment
    full = u.basic_daily_amount * u.days_per_month
    assert _second_adult(_home(False), "labour_market_subsidy") == pytest.approx(full, abs=0.01)
    # the same person in their parents' home: the parents' 5,000 a month cut the subsidy
    assert _second_adult(_home(True), "labour_market_subsidy") < full - 1.0


def test_the_population_marks_adult_children_and_flat_sharers(small_run_at):
    """In the synthetic population adult children in their parents' home are marked 1, the other adults (flat-sharers
    and relatives) 0 and everyone else 0; no one is left unknown. Flat-sharers under the old age limit exist, and the
    engine no longer counts them as living with their parents."""
    pop, _, _ = small_run_at(DATE)
    marked, role, age = pop.persons["with_parents"], pop.persons["role"], pop.persons["age"]
    assert set(np.unique(marked).tolist()) <= {0, 1}
    assert (marked[role != Role.OTHER_ADULT] == 0).all()
    young_flat_sharers = (role == Role.OTHER_ADULT) & (marked == 0) & (age < 30)
    assert young_flat_sharers.any(), "the sample has flat-sharers under 30"
    with_parents = lives_with_parents(role, age, marked, load_parameters(DATE).modelling.adult_child_age_limit)
    assert not with_parents[young_flat_sharers].any()
    assert with_parents[(role == Role.OTHER_ADULT) & (marked == 1)].all()
