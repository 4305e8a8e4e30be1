"""Pensioners' housing allowance (models/rules/pensioners_housing.py): the law examples of
tests/cases/pensioners_housing.yaml and property tests.

The section is built from its own YAML folder (not the whole ``Parameters``), so these tests run before
the section is registered in models/parameters.py and do not depend on other sections.
"""

from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from models.parameters import LAW_YEARS
from models.rules import pensioners_housing
from models.rules.pensioners_housing import (
    PensionersHousingAllowanceParameters,
    pensioners_housing_allowance,
    pensioners_housing_counted_income,
    pensioners_maximum_housing_costs,
)
from tests.helpers import as_array as _as_array
from tests.helpers import section_parameters

DEFAULT_DATE = LAW_YEARS[2025]  # the law of these cases

CASES_FILE = Path(__file__).parent / "cases" / "pensioners_housing.yaml"


def _section(date=DEFAULT_DATE) -> PensionersHousingAllowanceParameters:
    return section_parameters(PensionersHousingAllowanceParameters, "pensioners_housing_allowance", date)


P = _section()
#: The same law without the minimum payable amount, where the withdrawal rate is exact.
P_SMOOTH = P.model_copy(update={"minimum_payment": 0.0})
RATE = P.compensation_rate * P.additional_deductible_rate / 12.0  # EUR/month per EUR/year of income

money = st.floats(min_value=0, max_value=5_000, allow_nan=False, allow_infinity=False)
income = st.floats(min_value=0, max_value=80_000, allow_nan=False, allow_infinity=False)
household = st.tuples(
    st.booleans(),  # has_partner
    st.booleans(),  # partner entitled (only with a partner)
    st.sampled_from([1, 2, 3]),  # municipality group
)


def _allowance(rent, hh, annual_income, p=P, eligible=True):
    partner, entitled, group = hh
    a = lambda v: np.array([v], dtype=float)  # noqa: E731
    return pensioners_housing_allowance(
        np.array([eligible]),
        a(rent),
        a(1 + partner),
        a(group),
        a(annual_income),
        np.array([partner]),
        p,
        partner_entitled=np.array([partner and entitled]),
    )[0]


# --- law examples ------------------------------------------------------------------------------------


def _cases():
    doc = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    assert doc["module"] == "pensioners_housing" and doc["section"] == "pensioners_housing_allowance"
    for case in doc["cases"]:
        yield pytest.param(case, id=case["name"])


@pytest.mark.parametrize("case", list(_cases()))
def test_law_case(case):
    func = getattr(pensioners_housing, case["function"])
    p = P.model_copy(update=case["params"]) if case.get("params") else P
    result = func(**{k: _as_array(v) for k, v in case["input"].items()}, p=p)
    got = np.asarray(result, dtype=float).ravel()
    exp = np.asarray(case["output"]["value"], dtype=float).ravel()
    tol = case.get("tolerance", 0.01)
    assert np.allclose(got, exp, atol=tol, rtol=0), (
        f"{case['name']}: {got.tolist()}, law example says {exp.tolist()} (±{tol}). Source: {case['source']['title']}"
    )


# --- parameters --------------------------------------------------------------------------------------


def test_parameters_are_the_2025_law():
    assert P.compensation_rate == pytest.approx(0.85)
    assert P.additional_deductible_rate == pytest.approx(0.435)
    assert P.basic_deductible == pytest.approx(56.78)
    assert (P.income_limit_single, P.income_limit_couple, P.income_limit_couple_both_entitled) == (10280, 14746, 16783)
    assert P.max_housing_costs == {1: 9287, 2: 8541, 3: 7493}
    assert (P.asset_limit_single, P.asset_limit_couple, P.asset_income_rate) == (15000, 24000, pytest.approx(0.15))


def test_2024_law_had_the_old_rate_and_asset_rules():
    import datetime as dt

    p24 = _section(dt.date(2024, 6, 1))
    assert p24.additional_deductible_rate == pytest.approx(0.413)
    assert (p24.asset_limit_single, p24.asset_limit_couple, p24.asset_income_rate) == (
        18306,
        29290,
        pytest.approx(0.08),
    )


def test_maximum_costs_fall_back_to_group_3():
    got = pensioners_maximum_housing_costs(np.array([1, 2, 3, 0, 9]), P)
    assert np.allclose(got, np.array([9287, 8541, 7493, 7493, 7493]) / 12)


# --- properties --------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(money, household, income, st.booleans())
def test_never_negative_and_zero_when_not_eligible(rent, hh, annual_income, eligible):
    value = _allowance(rent, hh, annual_income, eligible=eligible)
    assert value >= 0
    if not eligible:
        assert value == 0


@settings(max_examples=300, deadline=None)
@given(money, household, income, st.floats(min_value=0, max_value=20_000, allow_nan=False))
def test_non_increasing_in_income(rent, hh, annual_income, more):
    assert _allowance(rent, hh, annual_income + more) <= _allowance(rent, hh, annual_income) + 1e-9


@settings(max_examples=300, deadline=None)
@given(money, household, income, st.floats(min_value=0, max_value=2_000, allow_nan=False))
def test_non_decreasing_in_housing_cost(rent, hh, annual_income, more):
    assert _allowance(rent + more, hh, annual_income) >= _allowance(rent, hh, annual_income) - 1e-9


@settings(max_examples=300, deadline=None)
@given(money, household, income)
def test_at_most_85_percent_of_the_maximum_cost(rent, hh, annual_income):
    group = hh[2]
    cap = P.compensation_rate * P.max_housing_costs[group] / 12.0
    assert _allowance(rent, hh, annual_income) <= cap + 1e-9


@settings(max_examples=200, deadline=None)
@given(household, st.floats(min_value=0, max_value=100, allow_nan=False))
def test_withdrawal_rate_is_85_percent_of_43_5_percent(hh, step):
    """Above the income limit and while the allowance is positive, each extra euro of yearly income takes
    0.85 × 0.435 / 12 euros a month off the allowance."""
    partner, entitled, group = hh
    limit = (
        P.income_limit_couple_both_entitled
        if partner and entitled
        else P.income_limit_couple
        if partner
        else P.income_limit_single
    )
    rent = 2_000  # above every maximum: costs are at the cap
    base = limit + 100
    a0 = _allowance(rent, hh, base, p=P_SMOOTH)
    a1 = _allowance(rent, hh, base + step, p=P_SMOOTH)
    assert a0 > 0
    assert a0 - a1 == pytest.approx(RATE * step, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(household, st.floats(min_value=0, max_value=10_000, allow_nan=False))
def test_income_below_the_limit_does_not_reduce_the_allowance(hh, annual_income):
    partner, entitled, group = hh
    limit = (
        P.income_limit_couple_both_entitled
        if partner and entitled
        else P.income_limit_couple
        if partner
        else P.income_limit_single
    )
    x = min(annual_income, limit)
    assert _allowance(600, hh, x) == pytest.approx(_allowance(600, hh, 0.0))


@settings(max_examples=200, deadline=None)
@given(
    income,
    st.floats(min_value=0, max_value=200_000, allow_nan=False),
    st.booleans(),
    st.floats(min_value=0, max_value=50_000, allow_nan=False),
)
def test_counted_income_adds_15_percent_of_assets_above_the_limit(annual_income, assets, partner, more):
    a = lambda v: np.array([v], dtype=float)  # noqa: E731
    f = lambda x: pensioners_housing_counted_income(a(annual_income), a(x), np.array([partner]), P)[0]  # noqa: E731
    limit = P.asset_limit_couple if partner else P.asset_limit_single
    assert f(assets) == pytest.approx(annual_income + 0.15 * max(assets - limit, 0.0))
    assert f(assets + more) >= f(assets)


def test_vectorised_matches_scalar():
    rng = np.random.default_rng(0)
    n = 200
    rent = rng.uniform(0, 1500, n)
    partner = rng.random(n) < 0.4
    entitled = partner & (rng.random(n) < 0.7)
    group = rng.integers(1, 4, n)
    inc = rng.uniform(0, 40_000, n)
    elig = rng.random(n) < 0.9
    vec = pensioners_housing_allowance(elig, rent, 1 + partner, group, inc, partner, P, partner_entitled=entitled)
    for i in range(0, n, 17):
        one = _allowance(rent[i], (bool(partner[i]), bool(entitled[i]), int(group[i])), inc[i], eligible=bool(elig[i]))
        assert vec[i] == pytest.approx(one)


def test_default_partner_entitled_is_every_partner():
    """Without ``partner_entitled`` a spouse counts as entitled (the higher couple limit)."""
    args = (
        np.array([True]),
        np.array([900.0]),
        np.array([2.0]),
        np.array([1]),
        np.array([25_000.0]),
        np.array([True]),
        P,
    )
    default = pensioners_housing_allowance(*args)[0]
    both = pensioners_housing_allowance(*args, partner_entitled=np.array([True]))[0]
    one = pensioners_housing_allowance(*args, partner_entitled=np.array([False]))[0]
    assert default == both > one
