"""Property tests for child benefit (lapsilisä) and child home care allowance (kotihoidon tuki),
plus the home-care law examples stored in tests/cases/family.yaml under ``home_care_allowance_cases``.

The sections are built from their own YAML files (not the whole ``Parameters``) so these tests do not
depend on other sections being complete.
"""

from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules import family
from models.rules.family import (
    ChildBenefitParameters,
    HomeCareAllowanceParameters,
    child_benefit,
    home_care_allowance,
    home_care_care_supplement,
)
from tests.helpers import as_array as _as_array
from tests.helpers import section_parameters as _section

CASES_FILE = Path(__file__).parent / "cases" / "family.yaml"


CB = _section(ChildBenefitParameters, "child_benefit")
HC = _section(HomeCareAllowanceParameters, "home_care_allowance")

money = st.floats(min_value=-1_000, max_value=50_000, allow_nan=False)
ages = st.integers(min_value=0, max_value=20)


# --- law examples for the home care allowance ------------------------------------------------------


def _home_care_cases():
    doc = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    for case in doc["home_care_allowance_cases"]:
        yield pytest.param(case, id=case["name"])


@pytest.mark.parametrize("case", list(_home_care_cases()))
def test_home_care_law_case(case):
    func = getattr(family, case["function"])
    p = HC.model_copy(update=case["params"]) if case.get("params") else HC
    result = func(**{k: _as_array(v) for k, v in case["input"].items()}, p=p)
    tol = case.get("tolerance", 0.01)
    got = np.asarray(result, dtype=float).ravel()
    exp = np.asarray(case["output"]["value"], dtype=float).ravel()
    assert np.allclose(got, exp, atol=tol, rtol=0), (
        f"{case['name']}: {got.tolist()}, law example says {exp.tolist()} (±{tol}). Source: {case['source']['title']}"
    )


# --- child benefit ----------------------------------------------------------------------------------


@given(st.lists(st.tuples(st.booleans(), ages, st.integers(0, 12), st.booleans()), min_size=1, max_size=30))
def test_child_benefit_never_negative_and_zero_when_not_eligible(rows):
    eligible, age, rank, single = (np.array(c) for c in zip(*rows, strict=True))
    out = child_benefit(eligible, age, rank, single, CB)
    assert out.shape == eligible.shape
    assert np.all(out >= 0)
    assert np.all(out[~eligible] == 0)
    assert np.all(out[age >= CB.age_limit] == 0)


@given(st.lists(st.integers(0, 16), min_size=0, max_size=12), st.booleans(), st.integers(0, 16))
def test_child_benefit_total_non_decreasing_in_number_of_children(ages_oldest_first, single, extra_age):
    """Adding a child (the youngest, next rank) never lowers the family's total child benefit."""
    ages_sorted = sorted(ages_oldest_first, reverse=True)
    extra = min(extra_age, ages_sorted[-1]) if ages_sorted else extra_age

    def total(child_ages):
        n = len(child_ages)
        if n == 0:
            return 0.0
        return float(
            child_benefit(np.ones(n, bool), np.array(child_ages), np.arange(1, n + 1), np.full(n, single), CB).sum()
        )

    assert total(ages_sorted + [extra]) >= total(ages_sorted)


@given(st.integers(1, 12), ages)
def test_child_benefit_amount_non_decreasing_in_rank(rank, age):
    a = child_benefit(np.array([True]), np.array([age]), np.array([rank]), np.array([False]), CB)
    b = child_benefit(np.array([True]), np.array([age]), np.array([rank + 1]), np.array([False]), CB)
    assert b[0] >= a[0]


@given(st.integers(1, 12), st.integers(0, 16))
def test_child_benefit_single_parent_increase_and_under_3_increase(rank, age):
    couple = child_benefit(np.array([True]), np.array([age]), np.array([rank]), np.array([False]), CB)[0]
    single = child_benefit(np.array([True]), np.array([age]), np.array([rank]), np.array([True]), CB)[0]
    assert single - couple == pytest.approx(CB.single_parent_increase)
    base = CB.amount_by_child_rank[min(rank, len(CB.amount_by_child_rank)) - 1]
    assert couple == pytest.approx(base + (CB.young_child_increase if age < 3 else 0.0))


# --- home care allowance ----------------------------------------------------------------------------


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(-1, 4), st.integers(-1, 5), money, st.integers(0, 9)),
        min_size=1,
        max_size=30,
    )
)
def test_home_care_allowance_never_negative(rows):
    eligible, n3, nother, income, size = (np.array(c) for c in zip(*rows, strict=True))
    out = home_care_allowance(eligible, n3, nother, income, size, HC)
    assert np.all(out >= 0)
    assert np.all(out[~eligible] == 0)
    assert np.all(out[n3 < 1] == 0)


@given(st.integers(1, 4), st.integers(0, 5), money, money, st.integers(1, 9))
def test_home_care_allowance_non_increasing_in_income(n3, nother, inc1, inc2, size):
    lo, hi = sorted([inc1, inc2])
    args = dict(
        eligible=np.array([True]),
        n_children_under_3_at_home=np.array([n3]),
        n_other_children_under_school_age_at_home=np.array([nother]),
        family_size=np.array([size]),
    )
    assert home_care_allowance(family_income=np.array([hi]), p=HC, **args)[0] <= (
        home_care_allowance(family_income=np.array([lo]), p=HC, **args)[0] + 1e-9
    )


@given(st.integers(1, 4), st.integers(0, 5), money, st.integers(2, 9))
def test_home_care_allowance_non_decreasing_in_children(n3, nother, income, size):
    def amount(a, b):
        return home_care_allowance(
            np.array([True]), np.array([a]), np.array([b]), np.array([income]), np.array([size]), HC
        )[0]

    base = amount(n3, nother)
    assert amount(n3 + 1, nother) >= base
    assert amount(n3, nother + 1) >= base


@given(st.sampled_from([2, 3, 4]), st.floats(min_value=0, max_value=1_000))
def test_care_supplement_withdrawal_rate_as_stated(size, above):
    """Between the income limit and exhaustion the supplement falls by the stated rate per euro."""
    limit = HC.care_supplement_income_limit[size]
    rate = HC.care_supplement_reduction_rate[size]
    above = min(above, HC.care_supplement_max / rate - 1.0)
    s0 = home_care_care_supplement(np.array([limit + above]), np.array([size]), HC)[0]
    s1 = home_care_care_supplement(np.array([limit + above + 1.0]), np.array([size]), HC)[0]
    assert s0 - s1 == pytest.approx(rate)
    full = home_care_care_supplement(np.array([limit]), np.array([size]), HC)[0]
    assert full == pytest.approx(HC.care_supplement_max)


@given(money, st.integers(0, 12))
@settings(max_examples=200)
def test_care_supplement_between_zero_and_max(income, size):
    s = home_care_care_supplement(np.array([income]), np.array([size]), HC)[0]
    assert 0 <= s <= HC.care_supplement_max
