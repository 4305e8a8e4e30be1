"""Pregnancy and parental allowance (raskaus- ja vanhempainraha): the law examples in tests/cases/parental.yaml,
Kela's 2024 formula table, and property tests.

The section is built from its own YAML files (not the whole ``Parameters``) so these tests run before the
section is registered in ``models/parameters.py``.
"""

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from models.parameters import LAW_YEARS
from models.rules import parental
from models.rules.parental import (
    ParentalAllowanceParameters,
    annual_income,
    covered_by_parental_allowance,
    daily_parental_allowance,
    increased_daily_parental_allowance,
    increased_days_share,
    parental_allowance,
)
from tests.helpers import as_array as _as_array
from tests.helpers import section_parameters

DEFAULT_DATE = LAW_YEARS[2025]  # the law of these cases

CASES_FILE = Path(__file__).parent / "cases" / "parental.yaml"


def _section(date=DEFAULT_DATE) -> ParentalAllowanceParameters:
    return section_parameters(ParentalAllowanceParameters, "parental_allowance", date)


P = _section()
P2024 = _section(dt.date(2024, 6, 1))

wages = st.floats(min_value=0, max_value=40_000, allow_nan=False)
any_money = st.floats(min_value=-1_000, max_value=40_000, allow_nan=False)


# --- law examples ----------------------------------------------------------------------------------


def _cases():
    doc = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    assert doc["module"] == "parental" and doc["section"] == "parental_allowance"
    for case in doc["cases"]:
        yield pytest.param(case, id=case["name"])


@pytest.mark.parametrize("case", list(_cases()))
def test_parental_law_case(case):
    func = getattr(parental, case["function"])
    p = P.model_copy(update=case["params"]) if case.get("params") else P
    result = func(**{k: _as_array(v) for k, v in case["input"].items()}, p=p)
    tol = case.get("tolerance", 0.01)
    got = np.asarray(result, dtype=float).ravel()
    exp = np.asarray(case["output"]["value"], dtype=float).ravel()
    assert got.shape == exp.shape or got.size == 1
    assert np.allclose(got, exp, atol=tol, rtol=0), (
        f"{case['name']}: {got.tolist()}, law example says {exp.tolist()} (±{tol}). Source: {case['source']['title']}"
    )


def test_kela_2024_formula_table():
    """Kela's 2024 table: 102.06 at 43,740; 133.47 at 67,296; increased 201.89 at 67,296; minimum 31.99."""
    ordinary = daily_parental_allowance(np.array([43_740.0, 67_296.0, 13_712.0]), P2024)
    assert ordinary == pytest.approx([102.06, 133.47, 31.99], abs=0.006)
    assert increased_daily_parental_allowance(np.array([67_296.0]), P2024)[0] == pytest.approx(201.89, abs=0.006)
    # above the second limit: 133.47 + 0.25 × 10,000 / 300, and 201.89 + 0.325 × 10,000 / 300
    assert daily_parental_allowance(np.array([77_296.0]), P2024)[0] == pytest.approx(133.47 + 2500 / 300, abs=0.006)
    assert increased_daily_parental_allowance(np.array([77_296.0]), P2024)[0] == pytest.approx(
        201.89 + 3250 / 300, abs=0.006
    )


def test_kela_2024_insurance_contribution_deduction():
    """Kela: the deduction in 2024 is 8.95 %: EUR 2,500 a month → annual income 30,000 × 0.9105."""
    assert annual_income(np.array([2500.0]), P2024)[0] == pytest.approx(27_315.0)


def test_increase_can_be_left_out():
    no_increase = P.model_copy(update={"pregnancy_allowance_days": 0, "increased_parental_allowance_days": 0})
    assert increased_days_share(no_increase) == 0.0
    out = parental_allowance(np.array([True]), np.array([2500.0]), np.array([0.0]), no_increase)[0]
    assert out == pytest.approx(0.7 * 30_000 * (1 - P.insurance_contribution_deduction) / 12)


def test_covered_child_age_zero_means_nobody_and_no_division_by_zero():
    p = P.model_copy(update={"covered_child_age": 0})
    assert increased_days_share(p) == 0.0
    assert not covered_by_parental_allowance(np.array([0, 1]), p).any()


# --- properties ------------------------------------------------------------------------------------


@given(st.lists(st.tuples(st.booleans(), any_money, any_money), min_size=1, max_size=30))
def test_never_negative_and_zero_when_not_eligible(rows):
    eligible, previous, earnings = (np.array(c) for c in zip(*rows, strict=True))
    out = parental_allowance(eligible, previous, earnings, P)
    assert out.shape == eligible.shape
    assert np.all(out >= 0)
    assert np.all(out[~eligible] == 0)


@given(wages)
def test_never_below_the_minimum_without_work(previous):
    out = parental_allowance(np.array([True]), np.array([previous]), np.array([0.0]), P)[0]
    assert out >= P.minimum_daily_amount * P.days_per_month - 1e-9


@given(wages, wages, st.floats(min_value=0, max_value=10_000, allow_nan=False))
@settings(max_examples=300)
def test_non_decreasing_in_previous_earnings(a, b, earnings):
    lo, hi = sorted([a, b])

    def amount(prev):
        return parental_allowance(np.array([True]), np.array([prev]), np.array([earnings]), P)[0]

    assert amount(hi) >= amount(lo) - 1e-9


@given(wages, st.floats(min_value=0, max_value=10_000, allow_nan=False), st.floats(min_value=0, max_value=5_000))
def test_non_increasing_in_earnings_during_the_leave(previous, e1, extra):
    def amount(e):
        return parental_allowance(np.array([True]), np.array([previous]), np.array([e]), P)[0]

    assert amount(e1 + extra) <= amount(e1) + 1e-9


@given(wages)
def test_replacement_rate_at_most_90_percent(previous):
    """Above the minimum the allowance never exceeds 90 % of the previous gross wage (not even the increased days)."""
    out = parental_allowance(np.array([True]), np.array([previous]), np.array([0.0]), P)[0]
    minimum = P.minimum_daily_amount * P.days_per_month
    assert out <= max(0.9 * previous, minimum) + 1e-9
    income = annual_income(np.array([previous]), P)
    increased_month = increased_daily_parental_allowance(income, P)[0] * P.days_per_month
    assert increased_month <= max(0.9 * previous, minimum) + 1e-9


@given(st.floats(min_value=0, max_value=500_000, allow_nan=False), st.floats(min_value=0, max_value=10_000))
def test_daily_amounts_monotone_and_increased_at_least_ordinary(income, extra):
    x = np.array([income, income + extra])
    ordinary = daily_parental_allowance(x, P)
    increased = increased_daily_parental_allowance(x, P)
    assert ordinary[1] >= ordinary[0] - 1e-9
    assert increased[1] >= increased[0] - 1e-9
    assert np.all(increased >= ordinary - 1e-9)


@given(st.floats(min_value=0, max_value=500_000, allow_nan=False))
def test_marginal_rates_as_stated(income):
    """The ordinary daily amount rises by 70/40/25 cents per 300 euros of annual income in the three bands."""
    limit1, limit2 = P.rate_scale[1].threshold, P.rate_scale[2].threshold
    x = np.array([income, income + 1.0])
    step = np.diff(daily_parental_allowance(x, P))[0] * P.working_days_per_year
    floor = P.minimum_daily_amount * P.working_days_per_year / P.rate_scale[0].rate
    if income + 1.0 <= floor:
        assert step == pytest.approx(0.0, abs=1e-9)
    elif floor <= income and income + 1.0 <= limit1:
        assert step == pytest.approx(0.70)
    elif limit1 <= income and income + 1.0 <= limit2:
        assert step == pytest.approx(0.40)
    elif income >= limit2:
        assert step == pytest.approx(0.25)
