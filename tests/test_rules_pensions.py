"""Property tests of the national and guarantee pensions (models/rules/pensions.py), law of 2025."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules import pensions

work_pension = st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def p(params):
    return params.pensions


def _np(p, wp, partner=False):
    wp = np.atleast_1d(np.asarray(wp, float))
    return pensions.national_pension(np.full(wp.size, True), np.full(wp.size, partner), wp, p)


def _gp(p, wp, nat):
    wp = np.atleast_1d(np.asarray(wp, float))
    return pensions.guarantee_pension(np.full(wp.size, True), wp, np.atleast_1d(nat), p)


@settings(max_examples=200, deadline=None)
@given(wp=work_pension, partner=st.booleans())
def test_never_negative_and_zero_when_not_eligible(p, wp, partner):
    nat = _np(p, wp, partner)
    gp = _gp(p, wp, nat)
    assert nat[0] >= 0 and gp[0] >= 0
    assert pensions.national_pension(np.array([False]), np.array([partner]), np.array([wp]), p)[0] == 0
    assert pensions.guarantee_pension(np.array([False]), np.array([wp]), nat, p)[0] == 0


@settings(max_examples=200, deadline=None)
@given(w1=st.floats(0, 1700), w2=st.floats(0, 1700), partner=st.booleans())
def test_national_pension_falls_50_cents_per_euro_in_the_taper(p, w1, w2, partner):
    lo, hi = sorted((max(w1, p.national_pension_protected_amount), max(w2, p.national_pension_protected_amount)))
    a_lo, a_hi = _np(p, [lo, hi], partner)
    if a_hi > 0:  # both paid (above the minimum payable)
        assert a_lo - a_hi == pytest.approx(0.5 * (hi - lo), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(wp=st.floats(0, 65), partner=st.booleans())
def test_full_national_pension_below_the_protected_amount(p, wp, partner):
    full = p.national_pension_couple if partner else p.national_pension_single
    assert _np(p, wp, partner)[0] == pytest.approx(full)


@settings(max_examples=300, deadline=None)
@given(wp=work_pension, partner=st.booleans())
def test_guarantee_tops_total_pension_up_to_the_guarantee_level(p, wp, partner):
    nat = _np(p, wp, partner)
    gp = _gp(p, wp, nat)
    total = wp + nat[0] + gp[0]
    # the law leaves a gap of less than the minimum payable: a top-up under EUR 7.98 is not paid
    assert total >= p.guarantee_pension_full - p.guarantee_pension_minimum_payable - 1e-9
    if gp[0] > 0:
        assert total == pytest.approx(p.guarantee_pension_full)


@settings(max_examples=200, deadline=None)
@given(w1=work_pension, w2=work_pension, partner=st.booleans())
def test_pensions_never_rise_when_work_pension_rises(p, w1, w2, partner):
    lo, hi = sorted((w1, w2))
    n_lo, n_hi = _np(p, [lo, hi], partner)
    assert n_hi <= n_lo + 1e-9
    g_lo, g_hi = _gp(p, [lo, hi], np.array([n_lo, n_hi]))
    assert g_hi <= g_lo + 1e-9


def test_2025_national_pension_ends_at_the_published_limits(p):
    # Kela/STT 2/2025: no national pension at 1,617.13 (single) / 1,449.13 (couple) of other pensions.
    assert _np(p, 1617.20, False)[0] == 0
    assert _np(p, 1449.20, True)[0] == 0
    assert _np(p, 1616.00, False)[0] > 0
    assert _np(p, 1448.00, True)[0] > 0
