"""The scenario's position on the source deck's three value axes, each 0…1 (docs/AXES.md).

- **Universality** (universal ↔ cause-based): the share of the working-age population (``modelling.working_age_*``)
  eligible for an income floor *without a recognised cause* (unemployment, study, care, sickness), each
  person counted by the floor's generosity relative to the full basic unemployment allowance (capped at
  1). Universal entry: basic income, negative income tax, participation income, and general support when
  it is open to low-income workers. Today's system pays its floor benefits for a cause (or, in social
  assistance, only as the last resort after every other means), so it scores 0.
- **Unconditionality** (unconditional ↔ reciprocal): 1 − the expenditure-weighted strength of activity
  conditions and sanctions over the income-floor benefits paid in the run. Strengths: unemployment
  benefits, study grant and social assistance from ``assumptions/parameters/modelling``; general support
  and participation income their ``sanction`` lever; basic income and negative income tax 0.
- **Individuality** (individual ↔ family): 1 − the expenditure-weighted weight of other household
  members' income in the means tests of the floor and housing benefits: labour market subsidy, basic
  allowance, study grant 0 (own income only); housing allowance, social assistance, home care allowance 1;
  general support its partner weight (individual test) or 1 (household test); negative income tax 0 or 1
  by its unit; basic and participation income 0.
"""

from __future__ import annotations

import numpy as np

from models.parameters import Parameters
from models.population.core import MemoKey, Population
from models.scenario import Scenario
from models.system import Results

#: The three value axes, in the order every table and chart shows them.
AXES = ("universality", "unconditionality", "individuality")


def _floor_level(params: Parameters) -> float:
    u = params.unemployment
    return u.basic_daily_amount * u.days_per_month


def _working_age_by_age(pop: Population, min_age: int, max_age: int) -> np.ndarray:
    """The weighted number of working-age adults of each year of age (index = age)."""
    age = pop.persons["age"]
    working_age = pop.is_adult & (age >= min_age) & (age <= max_age)
    return np.bincount(age[working_age].astype(np.int64), weights=pop.weight[working_age], minlength=max_age + 1)


def universality(pop: Population, params: Parameters, scenario: Scenario | None) -> float:
    """Universality (see the module docstring). A floor's cover depends on age alone, so it is weighed over the
    working-age adults counted by year of age (kept on the population)."""
    m = params.modelling
    ages = (m.working_age_min, m.working_age_max)
    by_age = pop.memo(MemoKey.WORKING_AGE_BY_AGE, ages, lambda: _working_age_by_age(pop, *ages), by_value=True)
    total = by_age.sum()
    if scenario is None or total == 0:
        return 0.0
    level = _floor_level(params)
    age = np.arange(len(by_age))
    score = np.zeros(len(by_age))

    def cover(min_age, max_age, amount):
        return np.where((age >= min_age) & (age <= max_age), min(amount / level, 1.0), 0.0)

    bi = scenario.basic_income
    if bi.enabled:
        young = bi.young_adult_amount if bi.young_adult_amount is not None else bi.amount
        s = np.where(
            age <= bi.young_adult_max_age,
            cover(bi.min_age, bi.max_age, young),
            cover(bi.min_age, bi.max_age, bi.amount),
        )
        score = np.maximum(score, s)
    if scenario.negative_income_tax.enabled:
        n = scenario.negative_income_tax
        score = np.maximum(score, cover(n.min_age, n.max_age, n.guarantee))
    if scenario.participation_income.enabled:
        q = scenario.participation_income
        score = np.maximum(score, cover(q.min_age, q.max_age, q.amount))
    gs = scenario.general_support
    if gs.enabled and "low_income_employed" in gs.eligible_groups:
        score = np.maximum(score, cover(gs.min_age, gs.max_age, gs.amount))
    return float(np.dot(by_age, score) / total)


def _weighted(parts: dict[str, tuple[float, float]]) -> float:
    """Expenditure-weighted mean of scores: {name: (expenditure, score)}."""
    total = sum(e for e, _ in parts.values())
    if total <= 0:
        return 0.0
    return sum(e * s for e, s in parts.values()) / total


def scenario_axes(pop: Population, params: Parameters, scenario: Scenario | None, results: Results) -> dict[str, float]:
    """Universality, unconditionality and individuality of a run (see the module docstring)."""
    w = pop.households["weight"]
    hh = results.household
    needed = (
        "labour_market_subsidy",
        "basic_unemployment_allowance",
        "yleistuki",
        "social_assistance",
        "housing_allowance",
        "home_care_allowance",
        "basic_income",
        "negative_income_tax",
        "general_support",
        "participation_income",
    )
    spend = {k: float(np.dot(w, hh[k])) for k in needed}
    person_spend = {k: float(np.dot(pop.weight, results.person[k])) for k in ("study_grant",)}
    m = params.modelling
    sc = scenario if scenario is not None and not scenario.is_baseline else None
    gs_sanction = sc.general_support.sanction if sc else 0.0
    pi_sanction = sc.participation_income.sanction if sc else 0.0
    floor = {
        "labour_market_subsidy": (spend["labour_market_subsidy"], m.unemployment_benefit_sanction_share),
        "basic_unemployment_allowance": (spend["basic_unemployment_allowance"], m.unemployment_benefit_sanction_share),
        "yleistuki": (spend["yleistuki"], m.unemployment_benefit_sanction_share),
        "study_grant": (person_spend["study_grant"], m.study_grant_sanction_share),
        "social_assistance": (spend["social_assistance"], m.social_assistance_sanction_share),
        "basic_income": (spend["basic_income"], 0.0),
        "negative_income_tax": (spend["negative_income_tax"], 0.0),
        "general_support": (spend["general_support"], gs_sanction),
        "participation_income": (spend["participation_income"], pi_sanction),
    }
    gs_weight = 0.0
    nit_weight = 0.0
    if sc is not None:
        gs_weight = 1.0 if sc.general_support.means_test == "household" else sc.general_support.partner_income_weight
        nit_weight = 1.0 if sc.negative_income_tax.unit == "household" else 0.0
    family = {
        "labour_market_subsidy": (spend["labour_market_subsidy"], 0.0),
        "basic_unemployment_allowance": (spend["basic_unemployment_allowance"], 0.0),
        "yleistuki": (spend["yleistuki"], 0.0),
        "study_grant": (person_spend["study_grant"], 0.0),
        "housing_allowance": (spend["housing_allowance"], 1.0),
        "social_assistance": (spend["social_assistance"], 1.0),
        "home_care_allowance": (spend["home_care_allowance"], 1.0),
        "basic_income": (spend["basic_income"], 0.0),
        "negative_income_tax": (spend["negative_income_tax"], nit_weight),
        "general_support": (spend["general_support"], gs_weight),
        "participation_income": (spend["participation_income"], 0.0),
    }
    return {
        "universality": round(universality(pop, params, sc), 4),
        "unconditionality": round(1.0 - _weighted(floor), 4),
        "individuality": round(1.0 - _weighted(family), 4),
    }
