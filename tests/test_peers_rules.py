"""The peer benchmark's rules (bench/peers/rules.py): our vectorised side equals a per-person Python
reference on 1,000 persons, for the baseline and several reforms. (The OpenFisca side is compared with ours
by bench/peers/bench_peers.py itself, which runs it in its own venv and fails when the net incomes differ.)"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

PEERS = Path(__file__).resolve().parent.parent / "bench" / "peers"
sys.path.insert(0, str(PEERS))

from rules import Rules, net_incomes, reference_net_incomes, reform, synthetic  # noqa: E402

CASES = {
    "baseline": Rules(),
    **{f"reform {i}": reform(i) for i in (0, 7, 19)},
    "steep brackets": Rules(thresholds=(0.0, 500.0, 1_000.0), rates=(0.2, 0.5, 0.7), allowance_taper=1.0),
    "no basic income": Rules(basic_income=0.0, basic_income_min_age=65),
}


@pytest.fixture(scope="module")
def pop():
    return synthetic(1_000, seed=11)


def test_population_is_plausible(pop):
    assert pop.n_persons == 1_000
    assert np.all(np.diff(pop.hh) >= 0) and pop.hh[0] == 0 and pop.n_households == len(np.unique(pop.hh))
    assert (pop.earnings > 4_000).any() and (pop.earnings == 0).any(), "every bracket and non-earners are used"
    assert (pop.age < 18).any() and pop.n_persons_in_household.max() >= 4


@pytest.mark.parametrize("case", list(CASES))
def test_vectorised_rules_equal_the_per_person_reference(pop, case):
    p = CASES[case]
    person, household = net_incomes(pop, p)
    ref_person, ref_household = reference_net_incomes(pop.hh.tolist(), pop.age.tolist(), pop.earnings.tolist(), p)
    np.testing.assert_allclose(person, ref_person, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(household, [ref_household[h] for h in range(pop.n_households)], rtol=1e-12, atol=1e-9)


def test_a_reform_changes_net_incomes(pop):
    """The comparison could fail: a reform moves the results, so equal results are not vacuous."""
    _, base = net_incomes(pop, Rules())
    _, moved = net_incomes(pop, reform(3))
    assert not np.allclose(base, moved)
