"""Property tests of the unemployment benefits (models/rules/unemployment.py), law of 1.8.2025."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules import unemployment as u

money = st.floats(min_value=0, max_value=20_000, allow_nan=False, allow_infinity=False)
wage = st.floats(min_value=0, max_value=15_000, allow_nan=False, allow_infinity=False)
days = st.integers(min_value=0, max_value=500)


@pytest.fixture(scope="module")
def p(params):
    return params.unemployment


def _lms(p, earnings, other=0.0, with_parents=False, parents_income=0.0, size=2, eligible=True):
    n = np.size(earnings)
    return u.labour_market_subsidy(
        np.full(n, eligible),
        np.asarray(earnings, float),
        np.full(n, other),
        np.full(n, with_parents),
        np.full(n, parents_income),
        np.full(n, size),
        p,
    )


def _er(p, earnings, previous, days_used=0):
    n = np.size(earnings)
    return u.earnings_related_unemployment_allowance(
        np.full(n, True), np.asarray(earnings, float), np.full(n, previous), np.full(n, days_used), p
    )


def test_2025_law_has_no_protected_amount_and_35_percent_floor(p):
    assert p.earnings_disregard == 0
    assert p.lms_parental_minimum_share == pytest.approx(0.35)
    assert u.full_basic_amount(p) == pytest.approx(800.015)


@settings(max_examples=200, deadline=None)
@given(
    earnings=money,
    other=money,
    with_parents=st.booleans(),
    parents_income=money,
    size=st.integers(0, 8),
    previous=wage,
    used=days,
)
def test_never_negative_and_zero_when_not_eligible(
    p, earnings, other, with_parents, parents_income, size, previous, used
):
    lms = _lms(p, [earnings], other, with_parents, parents_income, size)
    basic = u.basic_unemployment_allowance(np.array([True]), np.array([earnings]), p)
    er = _er(p, [earnings], previous, used)
    for b in (lms, basic, er):
        assert np.all(b >= 0)
    assert _lms(p, [earnings], other, with_parents, parents_income, size, eligible=False)[0] == 0
    assert u.basic_unemployment_allowance(np.array([False]), np.array([earnings]), p)[0] == 0
    assert (
        u.earnings_related_unemployment_allowance(
            np.array([False]), np.array([earnings]), np.array([previous]), np.array([used]), p
        )[0]
        == 0
    )


@settings(max_examples=200, deadline=None)
@given(
    e1=st.floats(0, 1600),
    e2=st.floats(0, 1600),
    other=st.floats(0, 600),
    with_parents=st.booleans(),
    parents_income=st.floats(0, 4000),
)
def test_labour_market_subsidy_falls_50_cents_per_euro_until_zero(p, e1, e2, other, with_parents, parents_income):
    lo, hi = sorted((e1, e2))
    b_lo, b_hi = _lms(p, [lo, hi], other, with_parents, parents_income)
    if b_hi > 0:
        assert b_lo - b_hi == pytest.approx(0.5 * (hi - lo), abs=1e-6)
    else:
        assert b_lo <= 0.5 * (hi - lo) + 1e-6


@settings(max_examples=200, deadline=None)
@given(e1=st.floats(0, 1600), e2=st.floats(0, 1600))
def test_basic_allowance_falls_50_cents_per_euro_until_zero(p, e1, e2):
    lo, hi = sorted((e1, e2))
    b = u.basic_unemployment_allowance(np.array([True, True]), np.array([lo, hi]), p)
    if b[1] > 0:
        assert b[0] - b[1] == pytest.approx(0.5 * (hi - lo), abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(previous=st.floats(1500, 12_000), used=days, s1=st.floats(0, 1), s2=st.floats(0, 1))
def test_earnings_related_falls_50_cents_per_euro_where_the_cap_does_not_bind(p, previous, used, s1, s2):
    full = _er(p, [0.0], previous, used)[0]
    wage_base = previous * (1 - p.statutory_deduction)
    # benefit − E/2 + E <= wage  <=>  E <= 2 (wage − benefit); stay below zero benefit and the cap
    limit = min(2 * full, max(2 * (wage_base - full), 0.0))
    lo, hi = sorted((s1 * limit, s2 * limit))
    b_lo, b_hi = _er(p, [lo, hi], previous, used)
    assert b_lo - b_hi == pytest.approx(0.5 * (hi - lo), abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(
    previous=wage,
    used=days,
    other=st.floats(0, 2000),
    with_parents=st.booleans(),
    parents_income=st.floats(0, 8000),
    top=st.floats(1, 8000),
)
def test_benefit_plus_earnings_never_falls_with_earnings(p, previous, used, other, with_parents, parents_income, top):
    grid = np.linspace(0.0, top, 301)
    n = grid.size
    lms = _lms(p, grid, other, with_parents, parents_income)
    basic = u.basic_unemployment_allowance(np.full(n, True), grid, p)
    er = _er(p, grid, previous, used)
    for b in (lms, basic, er):
        assert np.all(np.diff(b + grid) >= -1e-9)
        assert np.all(np.diff(b) <= 1e-9)  # and the benefit itself never rises with earnings


@settings(max_examples=150, deadline=None)
@given(previous=wage, used=days)
def test_earnings_related_at_least_basic_and_falls_with_days_used(p, previous, used):
    full = _er(p, [0.0], previous, 0)[0]
    later = _er(p, [0.0], previous, used)[0]
    assert later <= full + 1e-9
    assert later >= u.full_basic_amount(p) - 1e-9
    assert full <= max(p.max_replacement_rate * previous * (1 - p.statutory_deduction), u.full_basic_amount(p)) + 1e-9


@settings(max_examples=150, deadline=None)
@given(w1=wage, w2=wage)
def test_earnings_related_rises_with_the_previous_wage(p, w1, w2):
    lo, hi = sorted((w1, w2))
    assert _er(p, [0.0], lo)[0] <= _er(p, [0.0], hi)[0] + 1e-9


@settings(max_examples=150, deadline=None)
@given(i1=st.floats(0, 10_000), i2=st.floats(0, 10_000), size=st.integers(0, 8))
def test_parents_income_lowers_the_subsidy_but_not_below_the_floor(p, i1, i2, size):
    lo, hi = sorted((i1, i2))
    b_lo = _lms(p, [0.0], 0.0, True, lo, size)[0]
    b_hi = _lms(p, [0.0], 0.0, True, hi, size)[0]
    assert b_hi <= b_lo + 1e-9
    assert b_hi >= p.lms_parental_minimum_share * u.full_basic_amount(p) - 1e-9


def test_staggering_steps_at_40_and_170_days(p):
    b = _er(p, np.zeros(4), 3000.0)
    full = b[0]
    staggered = u.earnings_related_unemployment_allowance(
        np.full(4, True), np.zeros(4), np.full(4, 3000.0), np.array([39, 40, 169, 170]), p
    )
    assert staggered.tolist() == pytest.approx([full, 0.8 * full, 0.8 * full, 0.75 * full])


@given(
    draws=st.lists(st.floats(min_value=0, max_value=1, exclude_max=True), min_size=1, max_size=50),
    rate=st.floats(min_value=0, max_value=1),
)
def test_paid_exactly_below_the_receipt_rate_and_always_in_services(p, draws, rate):
    q = p.model_copy(update={"benefit_receipt_rate": rate})
    draw = np.asarray(draws)
    services = np.arange(len(draw)) % 3 == 0
    paid = u.paid_a_benefit(draw, services, q)
    assert (paid == (services | (draw < rate))).all()
    assert paid[services].all()


def test_receipt_rate_is_a_share(p):
    with pytest.raises(ValueError, match="share between 0 and 1"):
        u.UnemploymentParameters.model_validate({**p.model_dump(), "benefit_receipt_rate": 1.2})
