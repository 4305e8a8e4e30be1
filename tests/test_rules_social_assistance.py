"""Property tests of basic social assistance (models/rules/social_assistance.py)."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.parameters import LAW_YEARS
from models.population.schema import Role
from models.rules.social_assistance import (
    SocialAssistanceParameters,
    basic_social_assistance,
    housing_weight,
    per_capita_share,
    separate_applicant,
    social_assistance_basic_amount,
    social_assistance_earned_income_disregard,
    social_assistance_household_electricity,
    social_assistance_housing_cost,
)
from tests.helpers import section_parameters

DEFAULT_DATE = LAW_YEARS[2025]  # the law of these cases


def _section(date=DEFAULT_DATE) -> SocialAssistanceParameters:
    return section_parameters(SocialAssistanceParameters, "social_assistance", date)


P = _section()
money = st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_infinity=False)


def _household_basic_amount(partner: bool, child_ages: list[int]) -> float:
    """Sum of the basic amounts of a head (+ spouse) and children, ranked oldest first."""
    ages = sorted(child_ages, reverse=True)
    n = 1 + partner + len(ages)
    age = np.array([40] + [38] * partner + ages)
    role = np.array([Role.HEAD] + [Role.SPOUSE] * partner + [Role.CHILD] * len(ages))
    rank = np.array([0] * (1 + partner) + list(range(1, len(ages) + 1)))
    has_partner = np.array([partner] * (1 + partner) + [False] * len(ages))
    single_parent = np.zeros(n, dtype=bool)
    single_parent[0] = (not partner) and len(ages) > 0
    return float(social_assistance_basic_amount(age, role, rank, has_partner, single_parent, P).sum())


def test_parameters_are_the_2025_law():
    assert P.basic_amount == pytest.approx(593.55)
    assert P.earned_income_disregard == 150
    assert P.basic_amount_shares.single_parent == pytest.approx(1.14)


@settings(max_examples=300, deadline=None)
@given(money, money, money, st.floats(min_value=-2_000, max_value=20_000, allow_nan=False), st.booleans())
def test_never_negative_and_zero_when_not_eligible(basic, housing, other, income, eligible):
    a = lambda v: np.array([v], dtype=float)  # noqa: E731
    value = basic_social_assistance(np.array([eligible]), a(basic), a(housing), a(other), a(income), P)[0]
    assert value >= 0
    if not eligible:
        assert value == 0


@settings(max_examples=300, deadline=None)
@given(money, money, money, st.floats(min_value=0, max_value=2_000, allow_nan=False))
def test_falls_euro_for_euro_with_net_income(basic, housing, income, extra):
    a = lambda v: np.array([v], dtype=float)  # noqa: E731
    before = basic_social_assistance(np.array([True]), a(basic), a(housing), a(0.0), a(income), P)[0]
    after = basic_social_assistance(np.array([True]), a(basic), a(housing), a(0.0), a(income + extra), P)[0]
    assert after <= before + 1e-9
    assert before - after <= extra + 1e-6
    if after > 0:  # still entitled: every euro of extra income is a euro less assistance
        assert before - after == pytest.approx(extra, abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=0, max_value=5_000, allow_nan=False), st.floats(min_value=0, max_value=1_000, allow_nan=False)
)
def test_wages_above_the_disregard_reduce_assistance_euro_for_euro(wage, extra):
    """A single tenant with no other income: wages up to 150 €/month change nothing, above it each euro of
    (net) wage cuts assistance by a euro until it runs out."""
    need = np.array([P.basic_amount + 700.0])

    def assistance(w):
        income = w - social_assistance_earned_income_disregard(np.array([w]), np.array([30]), P)
        return basic_social_assistance(np.array([True]), need, np.zeros(1), np.zeros(1), income, P)[0]

    before, after = assistance(wage), assistance(wage + extra)
    counted = max(wage + extra, 150.0) - max(wage, 150.0)  # the part of the extra wage above the disregard
    assert after <= before + 1e-9
    if after > 0:
        assert before - after == pytest.approx(counted, abs=1e-6)
    else:
        assert before - after <= counted + 1e-6


@settings(max_examples=200, deadline=None)
@given(
    st.booleans(), st.lists(st.integers(min_value=0, max_value=17), max_size=6), st.integers(min_value=0, max_value=17)
)
def test_another_child_never_lowers_the_basic_amount(partner, ages, new_age):
    assert _household_basic_amount(partner, ages + [new_age]) >= _household_basic_amount(partner, ages) - 1e-9


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=100),
    st.sampled_from(list(Role)),
    st.integers(min_value=0, max_value=8),
    st.booleans(),
    st.booleans(),
)
def test_basic_amount_within_the_statutory_shares(age, role, rank, partner, single_parent):
    value = social_assistance_basic_amount(
        np.array([age]), np.array([role]), np.array([rank]), np.array([partner]), np.array([single_parent]), P
    )[0]
    assert 0.53 * P.basic_amount - 0.01 <= value <= 1.14 * P.basic_amount + 0.01


@settings(max_examples=300, deadline=None)
@given(money)
def test_disregard_is_the_first_150_euros(wage):
    d = social_assistance_earned_income_disregard(np.array([wage, wage]), np.array([30, 16]), P)
    assert d == pytest.approx([min(wage, 150.0)] * 2)


P_MARCH_2026 = _section(dt.date(2026, 3, 1))


@settings(max_examples=300, deadline=None)
@given(money)
def test_from_march_2026_only_minors_keep_the_disregard(wage):
    """Law 26/2026: adults' wages count from the first euro; a minor's first 150 euros still do not."""
    assert P_MARCH_2026.earned_income_disregard == 0
    adult, minor = social_assistance_earned_income_disregard(np.array([wage, wage]), np.array([18, 17]), P_MARCH_2026)
    assert adult == 0
    assert minor == pytest.approx(min(wage, 150.0))


@settings(max_examples=200, deadline=None)
@given(money, st.floats(min_value=0, max_value=1_000, allow_nan=False))
def test_a_reform_raising_the_adults_disregard_reaches_minors(wage, raised):
    p = P_MARCH_2026.model_copy(update={"earned_income_disregard": raised})
    adult, minor = social_assistance_earned_income_disregard(np.array([wage, wage]), np.array([40, 15]), p)
    assert adult == pytest.approx(min(wage, raised))
    assert minor == pytest.approx(min(wage, max(raised, 150.0)))
    assert minor >= adult


@settings(max_examples=300, deadline=None)
@given(
    money,
    st.integers(min_value=1, max_value=10),
    st.sampled_from([1, 2, 3]),
    st.floats(min_value=0, max_value=2_000, allow_nan=False),
)
def test_housing_costs_capped_and_monotone(rent, n, group, extra):
    f = lambda r: social_assistance_housing_cost(np.array([r]), np.array([n]), np.array([group]), P)[0]  # noqa: E731
    assert 0 <= f(rent) <= rent + P.water_per_person * n + 1e-9
    assert f(rent + extra) >= f(rent) - 1e-9
    # Above the norm only the transition months' share of the rent is accepted; without them the norm binds.
    share = P.housing_cost_transition_months / 12
    assert f(2e6) - f(1e6) == pytest.approx(share * 1e6)
    at_once = P.model_copy(update={"housing_cost_transition_months": 0.0})
    g = lambda r: social_assistance_housing_cost(np.array([r]), np.array([n]), np.array([group]), at_once)[0]  # noqa: E731
    assert g(1e6) == g(2e6) <= f(1e6)
    assert g(rent) <= f(rent) + 1e-9


# --- who applies with whom (1412/1997, 3 §) -------------------------------------------------------------------------
def test_only_adults_outside_the_couple_apply_on_their_own():
    age = np.array([45, 43, 20, 17, 30, 18])
    role = np.array([Role.HEAD, Role.SPOUSE, Role.OTHER_ADULT, Role.CHILD, Role.OTHER_ADULT, Role.CHILD])
    assert separate_applicant(age, role).tolist() == [False, False, True, False, True, True]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=8), st.integers(min_value=0, max_value=8), st.floats(0.0, 1.0))
def test_the_units_shares_of_the_home_add_up_to_one(n_family, n_alone, share):
    """The head's family and every adult applying alone together carry the whole home's housing costs."""
    p = P.model_copy(update={"adult_child_housing_share": share})
    n = n_family + n_alone
    separate = np.array([False] * n_family + [True] * n_alone)
    with_parents = np.array([False] * n_family + [i % 2 == 0 for i in range(n_alone)])
    weight = housing_weight(separate, with_parents, p)
    family = per_capita_share(n - weight[separate].sum(), n)
    alone = per_capita_share(weight[separate], np.full(n_alone, n))
    assert float(family + alone.sum()) == pytest.approx(1.0)
    assert np.all(alone <= 1.0 / n + 1e-12) and family >= n_family / n - 1e-12
    assert np.all(weight[~separate] == 1.0), "the family carries a full share for each of its members"


@given(st.integers(min_value=1, max_value=12))
def test_household_electricity_grows_by_the_per_person_part(n):
    """The normative electricity bill (7 b §) is the home's fixed part plus a part for each person: one more person
    adds exactly ``electricity_per_person``, and no home pays less than one person's bill."""
    bill = social_assistance_household_electricity(np.array([n, n + 1, 0]), P)
    assert bill[1] - bill[0] == pytest.approx(P.electricity_per_person)
    assert bill[0] == pytest.approx(P.electricity_per_household + n * P.electricity_per_person)
    assert bill[2] == pytest.approx(P.electricity_per_household + P.electricity_per_person)
    assert P.electricity_per_household > 0 and P.electricity_per_person > 0
