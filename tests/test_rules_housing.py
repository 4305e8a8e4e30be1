"""Property tests of the general housing allowance (models/rules/housing.py)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.parameters import LAW_YEARS
from models.rules.housing import (
    HousingAllowanceParameters,
    general_housing_allowance,
    housing_allowance_basic_deductible,
    maximum_housing_costs,
)
from tests.helpers import section_parameters

DEFAULT_DATE = LAW_YEARS[2025]  # the law of these cases


def _section(date=DEFAULT_DATE) -> HousingAllowanceParameters:
    return section_parameters(HousingAllowanceParameters, "housing_allowance", date)


P = _section()
#: The same law without the two thresholds (deductible under 10 ignored; allowance under 15 not paid),
#: where the withdrawal rate must be exactly compensation_rate × deductible_rate.
P_SMOOTH = P.model_copy(update={"deductible_ignored_below": 0.0, "minimum_payment": 0.0})
RATE = P.compensation_rate * P.deductible_rate  # 0.35

money = st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_infinity=False)
household = st.tuples(
    st.integers(min_value=1, max_value=4),  # adults
    st.integers(min_value=0, max_value=6),  # children
    st.sampled_from([1, 2, 3]),  # municipality group
)


def _allowance(rent, adults, children, group, income, p=P, eligible=True):
    a = lambda v: np.array([v], dtype=float)  # noqa: E731
    return general_housing_allowance(
        np.array([eligible]), a(rent), a(adults + children), a(adults), a(children), a(group), a(income), p
    )[0]


def test_parameters_are_the_2025_law():
    assert P.compensation_rate == pytest.approx(0.70)
    assert P.deductible_rate == pytest.approx(0.50)
    assert (P.deductible_base, P.deductible_per_adult, P.deductible_per_child) == (667, 94, 296)
    assert RATE == pytest.approx(0.35)


@settings(max_examples=300, deadline=None)
@given(money, household, money, st.booleans())
def test_never_negative_and_zero_when_not_eligible(rent, hh, income, eligible):
    adults, children, group = hh
    value = _allowance(rent, adults, children, group, income, eligible=eligible)
    assert value >= 0
    if not eligible:
        assert value == 0


@settings(max_examples=300, deadline=None)
@given(money, household, money)
def test_never_more_than_the_share_of_the_maximum_cost(rent, hh, income):
    adults, children, group = hh
    cap = maximum_housing_costs(np.array([adults + children]), np.array([group]), P)[0]
    assert _allowance(rent, adults, children, group, income) <= P.compensation_rate * cap + 1e-9


@settings(max_examples=300, deadline=None)
@given(money, household, money, st.integers(min_value=1, max_value=3_000))
def test_falls_by_at_most_35_cents_per_extra_euro_of_income(rent, hh, income, extra):
    """Without the two small thresholds, each extra euro of income takes at most 0.7 × 0.5 = 35 cents."""
    adults, children, group = hh
    before = _allowance(rent, adults, children, group, income, P_SMOOTH)
    after = _allowance(rent, adults, children, group, income + extra, P_SMOOTH)
    assert after <= before + 1e-9
    assert before - after <= RATE * extra + 1e-6


@settings(max_examples=300, deadline=None)
@given(money, household, money, st.floats(min_value=0, max_value=3_000, allow_nan=False))
def test_with_the_thresholds_income_never_raises_the_allowance(rent, hh, income, extra):
    """The deductible threshold (10) and the minimum payment (15) only make the fall steeper, never a rise;
    apart from those two steps the fall stays within 35 cents a euro (plus rounding to the whole euro)."""
    adults, children, group = hh
    before = _allowance(rent, adults, children, group, income)
    after = _allowance(rent, adults, children, group, income + extra)
    assert after <= before + 1e-9
    steps = P.compensation_rate * P.deductible_ignored_below + P.minimum_payment
    assert before - after <= RATE * (extra + 1) + steps + 1e-6


def test_withdrawal_rate_is_exactly_35_cents_inside_the_taper():
    # Single person, group 2, costs above the maximum 447; income 1000 → 1100.
    before = _allowance(600, 1, 0, 2, 1000)
    after = _allowance(600, 1, 0, 2, 1100)
    assert before - after == pytest.approx(35.0)


@settings(max_examples=300, deadline=None)
@given(money, household, money, st.floats(min_value=0, max_value=2_000, allow_nan=False))
def test_higher_rent_never_lowers_the_allowance(rent, hh, income, extra):
    adults, children, group = hh
    higher = _allowance(rent + extra, adults, children, group, income)
    assert higher >= _allowance(rent, adults, children, group, income) - 1e-9


@settings(max_examples=300, deadline=None)
@given(money, household, money)
def test_another_child_never_lowers_the_allowance(rent, hh, income):
    adults, children, group = hh
    more = _allowance(rent, adults, children + 1, group, income)
    assert more >= _allowance(rent, adults, children, group, income) - 1e-9


def test_deductible_ignored_below_ten_and_income_to_the_nearest_euro():
    d = housing_allowance_basic_deductible(np.array([775.0, 781.0, 799.75, 799.4]), np.ones(4), np.zeros(4), P)
    # 0.5 × (775 − 761) = 7 < 10 → 0; 0.5 × (781 − 761) = 10; 799.75 → 800 → 19.50; 799.4 → 799 → 19.00
    assert d.tolist() == pytest.approx([0.0, 10.0, 19.5, 19.0])


def test_maximum_costs_grow_with_household_size_in_every_group():
    for group in (1, 2, 3):
        caps = maximum_housing_costs(np.arange(1, 10), np.full(9, group), P)
        assert np.all(np.diff(caps) > 0)
    # The capital region is never below the larger municipalities, nor those below the rest.
    sizes = np.arange(1, 10)
    g1, g2, g3 = (maximum_housing_costs(sizes, np.full(9, g), P) for g in (1, 2, 3))
    assert np.all(g1 >= g2) and np.all(g2 >= g3)
