"""Take-up of basic social assistance by applicant units with and without earnings.

Kela's register shows few recipients with earnings (about 9 % of the paid households in 2022), while far more working
households are entitled to a small top-up; units with earnings claim at their own rate
(``social_assistance.take_up_rate_with_earnings``, estimated from that share; see its YAML)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from models.parameters import load_parameters
from models.rules.social_assistance import claims, separate_applicant
from models.system import RECIPIENT_EUR, compute

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
