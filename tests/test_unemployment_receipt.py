"""Not every registered unemployed person is paid a benefit: ``unemployment.benefit_receipt_rate`` in the engine
(models/system.py), on the 5,000-household population under the law of 1.8.2025."""

import datetime as dt

import numpy as np
import pytest

from models.household import HouseholdSpec, household_population
from models.population.core import Population
from models.population.schema import UNEMPLOYED_STATUSES
from models.scenario import BasicIncome, GeneralSupport, Scenario
from models.system import compute

LAW = dt.date(2025, 8, 1)
BENEFITS = (
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "earnings_related_unemployment_allowance",
)


def _paid(results) -> np.ndarray:
    return sum(results.person[k] for k in BENEFITS) > 0


@pytest.fixture(scope="module")
def run(small_run_at):
    return small_run_at(LAW)


def test_the_unpaid_are_those_drawn_above_the_rate_and_never_in_services(run):
    pop, results, law = run
    unemployed = np.isin(pop.persons["status"], UNEMPLOYED_STATUSES)
    services = pop.persons["in_services"]
    drawn_out = pop.unemployment_benefit_draw >= law.unemployment.benefit_receipt_rate
    paid = _paid(results)
    assert not paid[unemployed & drawn_out & ~services].any()
    assert paid[unemployed & services].mean() > 0.95  # only the parents' test or earnings take it to zero
    registered = unemployed & ~services
    share_drawn = np.average(~drawn_out[registered], weights=pop.weight[registered])
    assert abs(share_drawn - law.unemployment.benefit_receipt_rate) < 0.03


def test_everyone_paid_at_a_rate_of_one_pays_more_to_the_same_people(run):
    pop, results, law = run
    everyone = law.model_copy(
        update={"unemployment": law.unemployment.model_copy(update={"benefit_receipt_rate": 1.0})}
    )
    full = compute(pop, everyone)
    paid, paid_full = _paid(results), _paid(full)
    assert (paid_full | ~paid).all()  # whoever is paid at the law's rate is paid at 1
    w = pop.weight
    assert (w * paid_full).sum() > (w * paid).sum() * 1.1
    # the unpaid lean on the last-resort benefits instead
    assert (w * full.person["social_assistance_by_applicant"]).sum() < (
        w * results.person["social_assistance_by_applicant"]
    ).sum()


def _unpaid_single(params, scenario=None):
    """A single unemployed tenant on the labour market subsidy whose draw is above the receipt rate."""
    spec = {"adults": [{"age": 40, "status": "unemployed_labour_market_subsidy"}], "rent": 600}
    pop = household_population(HouseholdSpec.model_validate(spec), np.array([0.0]))
    pop = Population(pop.households, dict(pop.persons, unemployment_benefit_draw=np.ones(pop.n_persons)), "test")
    return compute(pop, params, scenario)


def test_an_unpaid_jobseeker_lives_on_the_last_resort_benefits(params):
    r = _unpaid_single(params)
    assert r.person["labour_market_subsidy"][0] == 0
    assert r.household["housing_allowance"][0] > 0
    assert r.household["social_assistance"][0] > 0


def test_general_support_keeps_the_condition_but_a_basic_income_does_not(params):
    support = Scenario(general_support=GeneralSupport(enabled=True, amount=800, eligible_groups=("unemployed",)))
    assert _unpaid_single(params, support).person["general_support"][0] == 0
    basic_income = Scenario(basic_income=BasicIncome(enabled=True, amount=560))
    assert _unpaid_single(params, basic_income).person["basic_income"][0] == pytest.approx(560)
