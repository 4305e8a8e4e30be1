"""Take-up of the general housing allowance by households in work and not in work.

Kela counts a recipient household "in work" when more than half of its own income is earnings. Working households
claim at their own rate (``housing_allowance.take_up_rate_in_work``), the others at ``take_up_rate``; both are
estimated from Kela's December 2022 recipients by life situation under the rules of 2022 (see their YAML)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from models.parameters import load_parameters
from models.rules.housing import claims, in_work
from models.system import RECIPIENT_EUR, compute, households_in_work
from models.validation import _in_work_households

DATE = dt.date(2025, 10, 1)


@pytest.fixture(scope="module")
def run(small_run_at):
    return small_run_at(DATE)


def _with_rates(law, **rates: float):
    ha = law.housing_allowance.model_copy(update=rates)
    return law.model_copy(update={"housing_allowance": ha})


def _paid(pop, res) -> tuple[np.ndarray, np.ndarray]:
    """Households paid the allowance, and which of them Kela counts in work."""
    paid = res.household["housing_allowance"] > RECIPIENT_EUR
    return paid, paid & _in_work_households(pop, res)


def test_in_work_means_earnings_over_half_of_the_own_income():
    earnings = np.array([1000.0, 1000.0, 0.0, 1.0, 1500.0])
    own = np.array([1500.0, 2000.0, 0.0, 1.0, 3100.0])
    assert in_work(earnings, own).tolist() == [True, False, False, True, False]


def test_working_households_claim_less_often_than_the_others():
    ha = load_parameters(DATE).housing_allowance
    assert 0.0 < ha.take_up_rate_in_work < ha.take_up_rate <= 1.0


def test_a_draw_between_the_rates_claims_only_out_of_work():
    ha = load_parameters(DATE).housing_allowance.model_copy(update={"take_up_rate": 0.9, "take_up_rate_in_work": 0.5})
    draws = np.array([0.7, 0.7, 0.2, 0.2, 0.9, 0.95])
    working = np.array([False, True, False, True, False, True])
    assert claims(draws, working, ha).tolist() == [True, False, True, True, False, False]


def test_no_working_household_is_paid_at_zero_take_up_in_work(run):
    pop, res, law = run
    none = compute(pop, _with_rates(law, take_up_rate_in_work=0.0))
    paid, working = _paid(pop, none)
    assert paid.any() and not working.any()
    # The households not in work are untouched by the working households' rate.
    base_paid, base_working = _paid(pop, res)
    assert np.array_equal(paid, base_paid & ~base_working)


def test_the_rates_decide_the_mix_and_one_draw_orders_them(run):
    """Raising the working households' rate to the others' adds working recipients only, and everyone paid at the
    lower rate is still paid at the higher one (the same draw decides both)."""
    pop, res, law = run
    same = compute(pop, _with_rates(law, take_up_rate_in_work=law.housing_allowance.take_up_rate))
    paid, working = _paid(pop, res)
    paid_same, working_same = _paid(pop, same)
    w = pop.households["weight"]
    assert w[working].sum() < 0.7 * w[working_same].sum()
    assert np.all(paid_same[paid])
    assert np.array_equal(paid & ~working, paid_same & ~working_same)


def test_at_full_take_up_every_entitled_household_is_paid(run):
    pop, _, law = run
    full = compute(pop, _with_rates(law, take_up_rate=1.0, take_up_rate_in_work=1.0))
    paid_full, _ = _paid(pop, full)
    # Whoever a lower rate pays, full take-up pays too, and more.
    for rates in ({"take_up_rate_in_work": 0.0}, {"take_up_rate": 0.5}):
        some, _ = _paid(pop, compute(pop, _with_rates(law, **rates)))
        assert np.all(paid_full[some]) and paid_full.sum() > some.sum()


def test_the_class_is_the_law_run_on_the_populations_own_columns(run):
    pop, res, law = run
    assert np.array_equal(households_in_work(pop, law), _in_work_households(pop, res))


def test_a_rerun_with_other_earnings_keeps_each_households_claim(run):
    """A rerun in which everyone of working age earns 3,000 EUR more (most households then live on earnings) is paid
    exactly as if both classes claimed alike among the households the law's own run puts in each class: the class,
    and with it the claim, is the household's in the population, not the rerun's."""
    pop, _, law = run
    age = pop.persons["age"]
    raised = np.where((age >= 18) & (age < 65), pop.persons["earnings"] + 3000.0, pop.persons["earnings"])
    working = households_in_work(pop, law)
    rerun = compute(pop, law, earnings=raised)
    # Those the population puts out of work claim at the higher rate even now that they earn.
    rate, rate_in_work = law.housing_allowance.take_up_rate, law.housing_allowance.take_up_rate_in_work
    between = (pop.take_up_draw >= rate_in_work) & (pop.take_up_draw < rate)
    paid = rerun.household["housing_allowance"] > RECIPIENT_EUR
    assert np.any(paid & between & ~working)
    assert not np.any(paid & between & working)
    # and the classes themselves did not move.
    assert np.array_equal(households_in_work(pop, law), working)


def test_a_fresh_population_gets_its_classes_from_a_run_of_the_law(small_run_at):
    """A rerun on a population the law has not yet run on makes that run first: the same classes either way."""
    from models.population.in_year import population_in_year
    from models.population.store import load_population

    pop, res, law = small_run_at(DATE)
    fresh = population_in_year(load_population(5000, seed=2025), law)
    rerun = compute(fresh, law, earnings=fresh.persons["earnings"] * 1.0)
    assert np.array_equal(households_in_work(fresh, law), _in_work_households(pop, res))
    assert np.allclose(rerun.household["housing_allowance"], res.household["housing_allowance"])
