"""Property tests for early-childhood-education fees (varhaiskasvatusmaksu), laki 1503/2016.

The section is built from its own YAML files so these tests do not depend on other sections.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.rules.daycare import DaycareFeeParameters, daycare_fee, daycare_income_limit
from tests.helpers import section_parameters as _section

P = _section(DaycareFeeParameters, "daycare")

money = st.floats(min_value=-1_000, max_value=100_000, allow_nan=False)
sizes = st.integers(min_value=0, max_value=14)
ranks = st.integers(min_value=0, max_value=8)


def fee(income, size=4, rank=1, in_daycare=True, p=P):
    return daycare_fee(np.array([in_daycare]), np.array([rank]), np.array([income]), np.array([size]), p)[0]


@given(st.lists(st.tuples(st.booleans(), ranks, money, sizes), min_size=1, max_size=40))
def test_fee_never_negative_zero_or_at_least_minimum_and_zero_outside_daycare(rows):
    in_dc, rank, income, size = (np.array(c) for c in zip(*rows, strict=True))
    out = daycare_fee(in_dc, rank, income, size, P)
    assert np.all(out >= 0)
    assert np.all((out == 0) | (out >= P.min_fee))
    assert np.all(out[~in_dc] == 0)
    assert np.all(out == np.round(out))  # whole euros


@given(money, money, sizes, ranks)
def test_fee_non_decreasing_in_income(inc1, inc2, size, rank):
    lo, hi = sorted([inc1, inc2])
    assert fee(hi, size, rank) >= fee(lo, size, rank)


@given(money, sizes, ranks)
def test_fee_never_above_the_maximum_for_its_rank(income, size, rank):
    f = fee(income, size, rank)
    assert f <= P.max_fee
    if rank == 2:
        assert f <= round(P.second_child_share * P.max_fee)  # EUR 124 from 1.8.2024
    if rank >= 3:
        assert f <= round(P.further_child_share * P.max_fee)  # EUR 62 from 1.8.2024


@given(money, sizes, st.integers(1, 7))
def test_sibling_pays_no_more_than_the_youngest(income, size, rank):
    assert fee(income, size, rank + 1) <= fee(income, size, rank)


@given(money, st.integers(2, 13))
def test_fee_non_increasing_in_family_size(income, size):
    assert fee(income, size + 1) <= fee(income, size)
    assert daycare_income_limit(np.array([size + 1]), P)[0] > daycare_income_limit(np.array([size]), P)[0]


def test_maximum_fees_from_1_8_2024():
    """Kuntaliitto yleiskirje 19/2023: youngest EUR 311, second at most EUR 124, further EUR 62."""
    assert [fee(50_000, 5, r) for r in (1, 2, 3, 4)] == [311, 124, 62, 62]


@given(sizes)
def test_fee_starts_at_the_income_limit(size):
    limit = daycare_income_limit(np.array([size]), P)[0]
    assert fee(limit, size) == 0
    start = limit + P.min_fee / P.fee_rate
    assert fee(start + 0.01, size) == pytest.approx(round(P.min_fee))
