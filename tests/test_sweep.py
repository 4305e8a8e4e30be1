"""The earnings-sweep engine (models/sweep.py): one run over the points, the points + step and zero earnings
gives exactly what separate runs of the engine give, and the three users (the households page, the income-traps
decomposition, the CLI's household calculator) read the same numbers from it."""

from __future__ import annotations

import numpy as np
import pytest

from models.decomposition import emtr_decomposition
from models.household import HouseholdSpec, household_population
from models.household import sweep as cli_sweep
from models.presets import load_presets
from models.sweep import EMTR_STEP, PARTS, earnings_grid, run_sweep, sweep_points, sweep_size
from models.system import compute
from ui.households import sweep as page_sweep

COUPLE = HouseholdSpec(
    adults=[
        {"age": 40, "status": "employed", "earnings": 1500.0},
        {"age": 38, "status": "unemployed_labour_market_subsidy", "earnings": 200.0},
    ],
    children_ages=[2, 9],
    children_in_daycare=1,
    rent=950.0,
    municipality_group=1,
)
GRID = np.array([0.0, 450.0, 1200.0, 2500.0, 4800.0])


def _direct(spec: HouseholdSpec, params, scenario, follow: int, earnings: float) -> dict[str, float]:
    """One household, one run of models.system.compute, the followed adult earning ``earnings``."""
    pop = household_population(spec, np.array([spec.adults[0].earnings]))
    person_earnings = np.array(pop.persons["earnings"], dtype=np.float64)
    person_earnings[follow] = earnings
    return {k: float(v[0]) for k, v in compute(pop, params, scenario, earnings=person_earnings).household.items()}


@pytest.mark.parametrize("preset", [None, "full_basic_income_1000", "lower_withdrawal_rates"])
@pytest.mark.parametrize("follow", [0, 1])
def test_one_run_agrees_with_separate_runs(params, preset, follow):
    scenario = None if preset is None else load_presets()[preset].scenario
    copies = household_population(COUPLE, np.full(sweep_size(GRID), COUPLE.adults[0].earnings))
    s = run_sweep(copies, params, scenario, GRID, follow)
    for i, x in enumerate(GRID):
        at, up = _direct(COUPLE, params, scenario, follow, x), _direct(COUPLE, params, scenario, follow, x + EMTR_STEP)
        for k in ("net_income", "disposable_income", "income_tax", "housing_allowance", "daycare_fees"):
            assert s.at[k][i] == pytest.approx(at[k], abs=1e-9)
            assert s.up[k][i] == pytest.approx(up[k], abs=1e-9)
    zero = _direct(COUPLE, params, scenario, follow, 0.0)
    assert s.net_zero == pytest.approx(zero["net_income"], abs=1e-9)
    np.testing.assert_allclose(s.emtr, 1 - (s.up["net_income"] - s.at["net_income"]) / EMTR_STEP, atol=0)
    np.testing.assert_allclose(sum(s.parts[k] for k in PARTS), s.net_income, atol=1e-6)


def test_the_three_users_read_the_same_numbers(params):
    """The page's sweep, the decomposition and the CLI rows of one household: same net income and EMTR."""
    page = page_sweep(COUPLE, params, None, GRID)
    decomposition = emtr_decomposition(COUPLE, params, None, GRID)
    rows = cli_sweep(COUPLE, GRID, params)
    np.testing.assert_array_equal(page.net_income, decomposition.net_income)
    np.testing.assert_allclose(page.emtr, decomposition.emtr, atol=1e-12)
    np.testing.assert_allclose(page.net_income, [r["net_income"] for r in rows], atol=0.005)
    np.testing.assert_allclose(page.emtr, [r["emtr"] for r in rows], atol=5e-5)


def test_points_and_grid():
    assert list(sweep_points(np.array([0.0, 10.0]), 5.0)) == [0.0, 10.0, 5.0, 15.0, 0.0]
    assert sweep_size(np.array([0.0, 10.0])) == 5
    grid = earnings_grid()
    assert grid[0] == 0.0 and grid[-1] == 6000.0 and np.all(np.diff(grid) == 50.0)


def test_bad_follow_step_and_copies_are_refused(params):
    copies = household_population(COUPLE, np.full(sweep_size(GRID), 0.0))
    with pytest.raises(ValueError, match="follow"):
        run_sweep(copies, params, None, GRID, follow=2)
    with pytest.raises(ValueError, match="step"):
        run_sweep(copies, params, None, GRID, step=0.0)
    with pytest.raises(ValueError, match="copies"):
        run_sweep(copies, params, None, GRID[:3])
