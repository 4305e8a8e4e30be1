"""Take-up of basic social assistance by applicant units with and without earnings.

Kela's register shows few recipients with earnings (about 9 % of the paid households in 2022), while far more working
households are entitled to a small top-up; units with earnings claim at their own rate
(``social_assistance.take_up_rate_with_earnings``, estimated from that share; see its YAML)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from models.parameters import load_parameters
from models.population.schema import Role, Tenure
from models.rules.social_assistance import claims, separate_applicant
from models.system import RECIPIENT_EUR, compute
from models.validation import SPECIAL, _assistance_units

DATE = dt.date(2025, 10, 1)


@pytest.fixture(scope="module")
def run(small_run_at):
    return small_run_at(DATE)


def _with_rate(law, rate: float):
    sa = law.social_assistance.model_copy(update={"take_up_rate_with_earnings": rate})
    return law.model_copy(update={"social_assistance": sa})


def _paid_units_with_earnings(pop, res) -> tuple[float, float]:
    """Weighted paid units, and those of them with earnings (the family's on its head, each lone applicant's own)."""
    by = res.person["social_assistance_by_applicant"]
    alone = separate_applicant(pop.persons["age"], pop.persons["role"])
    earning = pop.persons["earnings"] > 0
    unit_earns = np.where(alone, earning, pop.to_person(pop.hh_any(earning & ~alone)))
    paid = by > RECIPIENT_EUR
    w = pop.weight
    return float(w[paid].sum()), float(w[paid & unit_earns].sum())


def test_the_rate_with_earnings_is_below_the_general_rate():
    sa = load_parameters(DATE).social_assistance
    assert 0.0 < sa.take_up_rate_with_earnings < sa.take_up_rate


def test_a_draw_between_the_rates_claims_only_without_earnings():
    sa = load_parameters(DATE).social_assistance
    between = (sa.take_up_rate_with_earnings + sa.take_up_rate) / 2
    below = sa.take_up_rate_with_earnings / 2
    draws = np.array([between, between, below, below, sa.take_up_rate])
    earns = np.array([False, True, False, True, False])
    assert claims(draws, earns, sa).tolist() == [True, False, True, True, False]


def test_units_with_earnings_are_paid_less_often_than_with_one_rate(run):
    pop, res, law = run
    units, earning = _paid_units_with_earnings(pop, res)
    assert earning > 0, "some working units still claim"
    one_rate = compute(pop, _with_rate(law, law.social_assistance.take_up_rate))
    units_one, earning_one = _paid_units_with_earnings(pop, one_rate)
    assert earning < 0.6 * earning_one
    # Units without earnings are untouched by the rate for those with earnings.
    assert units - earning == pytest.approx(units_one - earning_one, rel=1e-9)
    assert res.household["social_assistance"].sum() < one_rate.household["social_assistance"].sum()


def test_with_no_take_up_no_working_unit_is_paid(run):
    pop, _, law = run
    res = compute(pop, _with_rate(law, 0.0))
    units, earning = _paid_units_with_earnings(pop, res)
    assert units > 0 and earning == 0.0


def _rows(ctx, key: str, kinds: tuple[str, ...]) -> dict[str, float]:
    """The validation table's simulated values of the rows ``key.format(kind)`` for each kind."""
    return {kind: SPECIAL[key.format(kind)]({}, ctx) for kind in kinds}


def test_the_rates_by_household_type_count_each_group_once(small_run_at):
    """Kela's June 2017 rates (single parents, two-parent families, working-age people living alone) are shares of
    disjoint groups of units; each lies strictly between 0 and 1, and their paid units are among all paid units."""
    pop, res, _ = small_run_at(dt.date(2025, 10, 1))
    ctx = (pop, res)
    rates = _rows(ctx, "social_assistance_rate_{}", ("single_parents", "two_parent_families", "working_age_alone"))
    assert all(0.0 < r < 1.0 for r in rates.values()), rates
    paid, _, _, w = _assistance_units(ctx)
    head = pop.persons["role"] == Role.HEAD
    single_parent = head & pop.to_person(pop.single_parent)
    two_parents = head & pop.to_person(pop.has_spouse & (pop.n_children > 0))
    assert not (single_parent & two_parents).any()
    assert rates["single_parents"] == pytest.approx(w[paid & single_parent].sum() / w[single_parent].sum())
    assert rates["two_parent_families"] == pytest.approx(w[paid & two_parents].sum() / w[two_parents].sum())


def test_no_owner_family_on_assistance_is_counted_with_the_allowance(small_run_at):
    """Since 1.1.2025 owner-occupiers get no general housing allowance: the share of families on assistance with the
    allowance is at most the share of them who rent."""
    pop, res, _ = small_run_at(dt.date(2025, 10, 1))
    ctx = (pop, res)
    share = SPECIAL["social_assistance_families_with_housing_allowance"]({}, ctx)
    paid, _, _, w = _assistance_units(ctx)
    family = paid & (pop.persons["role"] == Role.HEAD) & pop.to_person(pop.n_children > 0)
    owner = pop.to_person(pop.households["tenure"] == Tenure.OWNER)
    assert (family & owner).any(), "the sample has owner families on assistance"
    assert 0.0 < share <= 1.0 - w[family & owner].sum() / w[family].sum() + 1e-12


def test_the_household_types_of_the_recipients_add_up(small_run_at):
    """Kela's household types of the recipient households in a month (people living alone, one adult with children,
    the others) split the paid units: the three shares add up to one, and each is the weighted share of its group."""
    pop, res, _ = small_run_at(dt.date(2025, 10, 1))
    ctx = (pop, res)
    shares = _rows(ctx, "social_assistance_mix_{}_month", ("living_alone", "single_adult_families", "other"))
    assert all(0.0 < share < 1.0 for share in shares.values()), shares
    assert sum(shares.values()) == pytest.approx(1.0)
    paid, _, _, w = _assistance_units(ctx)
    head = pop.persons["role"] == Role.HEAD
    alone = head & pop.to_person(pop.n_persons_in_household == 1)
    assert shares["living_alone"] == pytest.approx(w[paid & alone].sum() / w[paid].sum())
    applying_alone_elsewhere = paid & separate_applicant(pop.persons["age"], pop.persons["role"])
    assert applying_alone_elsewhere.any(), "the sample has adults applying alone in a shared home"
    assert shares["other"] >= w[applying_alone_elsewhere].sum() / w[paid].sum() - 1e-12
