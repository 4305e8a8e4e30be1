"""Property tests of student financial aid (models/rules/student_aid.py), law of 1.8.2025."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules import student_aid as sa

money = st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_infinity=False)
age = st.integers(min_value=0, max_value=70)


@pytest.fixture(scope="module")
def p(params):
    return params.student_aid


def _grant(p, earnings, age=22, with_parents=False, children=False):
    e = np.atleast_1d(np.asarray(earnings, float))
    n = e.size
    return sa.study_grant(np.full(n, True), np.full(n, age), np.full(n, with_parents), np.full(n, children), e, p)


def _supp(p, earnings, rent=500.0, group=1):
    e = np.atleast_1d(np.asarray(earnings, float))
    n = e.size
    return sa.student_housing_supplement(np.full(n, True), np.full(n, rent), np.full(n, group), e, p)


@settings(max_examples=200, deadline=None)
@given(earnings=money, a=age, with_parents=st.booleans(), children=st.booleans(), rent=money, group=st.integers(0, 4))
def test_never_negative_zero_when_not_eligible_and_within_maxima(p, earnings, a, with_parents, children, rent, group):
    g = _grant(p, earnings, a, with_parents, children)[0]
    s = _supp(p, earnings, rent, group)[0]
    assert g >= 0 and s >= 0
    assert g <= p.study_grant_independent + p.dependant_supplement + 1e-9
    assert s <= max(p.housing_supplement_maximum.values()) + 1e-9
    assert s <= p.housing_supplement_rate * rent + 1e-9
    assert (
        sa.study_grant(
            np.array([False]), np.array([a]), np.array([with_parents]), np.array([children]), np.array([earnings]), p
        )[0]
        == 0
    )
    assert (
        sa.student_housing_supplement(np.array([False]), np.array([rent]), np.array([group]), np.array([earnings]), p)[
            0
        ]
        == 0
    )


@settings(max_examples=100, deadline=None)
@given(earnings=st.floats(0, 1560), a=st.integers(18, 60), with_parents=st.booleans(), children=st.booleans())
def test_full_amounts_within_the_annual_income_limit(p, earnings, a, with_parents, children):
    expected = (
        p.study_grant_independent + p.dependant_supplement
        if children
        else (p.study_grant_with_parents if a >= p.with_parents_age_limit else p.study_grant_with_parents_under_20)
        if with_parents
        else p.study_grant_independent
    )
    assert _grant(p, earnings, a, with_parents, children)[0] == pytest.approx(expected)


@settings(max_examples=150, deadline=None)
@given(
    a=st.integers(17, 60),
    with_parents=st.booleans(),
    children=st.booleans(),
    rent=st.floats(0, 2000),
    group=st.integers(1, 3),
    top=st.floats(1, 6000),
)
def test_aid_falls_with_earnings_but_net_income_never_does(p, a, with_parents, children, rent, group, top):
    grid = np.linspace(0.0, top, 301)
    g = _grant(p, grid, a, with_parents, children)
    s = _supp(p, grid, rent, group)
    assert np.all(np.diff(g) <= 1e-9) and np.all(np.diff(s) <= 1e-9)
    assert np.all(np.diff(g + s + grid) >= -1e-9)


def test_income_test_share_matches_the_annual_limits(p):
    # 9 aid months: annual limit 9 × 1,040 + 3 × 3,120 = 18,720 = 12 × 1,560; no aid left at 12 × 3,120.
    share = sa.income_test_share(np.array([0.0, 1560.0, 3120.0, 5000.0]), p)
    assert share.tolist() == pytest.approx([1.0, 1.0, 0.0, 0.0])
    # halfway between the two limits: m = 12 × 780 / 2,080 = 4.5 aid months → share 0.5
    assert sa.income_test_share(np.array([2340.0]), p)[0] == pytest.approx(0.5)


def test_housing_supplement_maxima_by_group(p):
    s = sa.student_housing_supplement(np.full(3, True), np.full(3, 1000.0), np.array([1, 2, 3]), np.zeros(3), p)
    assert s.tolist() == pytest.approx([296.0, 248.0, 216.0])


def test_who_claims_follows_the_level_of_education(p):
    """Secondary-level students claim at the secondary take-up, higher-education students at theirs, postgraduates
    only within their remaining aid months, and nobody who is not studying."""
    from models.population.schema import StudyLevel
    from models.system import study_grant_claims

    levels = np.array(
        [StudyLevel.UPPER_SECONDARY, StudyLevel.VOCATIONAL, StudyLevel.HIGHER_EDUCATION, StudyLevel.POSTGRADUATE]
    )
    just_under = {
        "secondary": p.study_grant_take_up_rate - 1e-6,
        "higher": p.study_grant_take_up_rate_higher_education - 1e-6,
        "postgraduate": p.study_grant_take_up_rate_higher_education * p.postgraduate_aid_share - 1e-6,
    }
    draws = np.array(
        [just_under["secondary"], just_under["secondary"], just_under["higher"], just_under["postgraduate"]]
    )
    assert study_grant_claims(np.full(4, True), levels, draws, p).all()
    assert not study_grant_claims(np.full(4, False), levels, draws, p).any()
    above = draws + 2e-6
    assert not study_grant_claims(np.full(4, True), levels, above, p).any()
    # A postgraduate whose draw would do for a bachelor's or master's student has no aid months left.
    assert not study_grant_claims(np.array([True]), levels[3:], np.array([just_under["higher"]]), p)[0]


@pytest.mark.parametrize("months", [0, -1, 12.5])
def test_aid_months_are_months_of_a_year(p, months):
    """The average month holds aid_months/12 of an aid month and social assistance tests a student at the aid month,
    so a year must hold some aid months and no more than twelve: the parameters refuse other values, naming the
    field."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="aid_months_per_year"):
        type(p).model_validate({**p.model_dump(), "aid_months_per_year": months})
    assert type(p).model_validate({**p.model_dump(), "aid_months_per_year": 12}).aid_months_per_year == 12
