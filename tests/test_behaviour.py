"""Behavioural response (models/behaviour.py): off = exactly static; lower marginal rates raise earnings and
lower the net cost, higher ones do the opposite; moves into and out of work follow the draw rule; deterministic;
labelled."""

import json

import numpy as np
import pytest

from models.baseline import baseline_run
from models.behaviour import (
    behavioural_run,
    exit_candidates,
    intensive_earnings,
    move_probability,
    respond,
    stratified_draw,
)
from models.compare import compare
from models.population.schema import UNEMPLOYED_STATUSES, Status
from models.population.store import load_population
from models.rates import trap_rates
from models.scenario import BasicIncome, Behaviour, Financing, Scenario
from models.system import ALL_COMPONENTS, compute
from ui import readings

TAX_CUT = Scenario(name="flat tax cut", financing=Financing(method="flat_tax", rate=-0.05))
TAX_RISE = Scenario(name="flat tax rise", financing=Financing(method="flat_tax", rate=0.05))
#: The 2017–2018 experiment's design for everyone unemployed: EUR 560 kept in work, untaxed.
BASIC_INCOME = Scenario(family="basic_income", basic_income=BasicIncome(enabled=True, amount=560))


def with_behaviour(sc: Scenario, ext: float = 0.0, intensive: float = 0.0) -> Scenario:
    return sc.model_copy(update={"behaviour": Behaviour(extensive_elasticity=ext, intensive_elasticity=intensive)})


@pytest.fixture(scope="module")
def pop():
    return load_population(20_000)


@pytest.fixture(scope="module")
def baseline(pop, params):
    return baseline_run(pop, params)


def _static_run(pop, params, sc):
    reform = compute(pop, params, sc)
    return reform, trap_rates(pop, params, sc, reform)


# --- the rules ------------------------------------------------------------------------------------------------
def test_intensive_rule_floor_limit_and_who_keeps_earnings(params):
    p = params.behaviour
    earnings = np.array([1000.0, 1000.0, 1000.0, 0.0, 1000.0, 1000.0])
    base = np.array([0.5, 0.5, 1.3, 0.5, np.nan, 0.4])
    reform = np.array([0.4, 0.6, 0.5, 0.2, 0.2, 1.2])
    out = intensive_earnings(earnings, base, reform, 0.2, p)
    assert out[0] == pytest.approx(1000 * (1 + 0.2 * np.log(0.6 / 0.5)))
    assert out[1] == pytest.approx(1000 * (1 + 0.2 * np.log(0.4 / 0.5)))
    # 1 − 1.3 is floored at 5 %: ln(0.5 / 0.05) × 0.2 = 0.46, limited to +25 %
    assert out[2] == pytest.approx(1000 * (1 + p.intensive_change_limit))
    assert out[3] == 0.0, "no earnings, no hours response"
    assert out[4] == 1000.0, "no baseline EMTR: earnings kept"
    assert out[5] == pytest.approx(
        1000 * (1 - min(0.2 * np.log(0.6 / p.net_of_tax_rate_floor), p.intensive_change_limit))
    )
    np.testing.assert_array_equal(intensive_earnings(earnings, base, reform, 0.0, p), earnings)


def test_move_probability_is_clipped_at_zero_and_the_cap(params):
    p = params.behaviour
    base = np.array([0.8, 0.6, 0.9, np.nan])
    reform = np.array([0.6, 0.8, -3.0, 0.5])
    prob = move_probability(base, reform, 0.25, p)
    assert prob[0] == pytest.approx(0.25 * np.log(0.4 / 0.2))
    assert prob[1] == 0.0, "a higher PTR moves no one into work"
    assert prob[2] == p.extensive_probability_cap
    assert prob[3] == 0.0
    assert move_probability(base, reform, -0.25, p)[1] == pytest.approx(0.25 * np.log(0.4 / 0.2)), "the exit mirrors"


def test_stratified_draws_are_uniform_by_weight(pop, params):
    cand = exit_candidates(pop, params)
    u = stratified_draw(pop, cand)
    assert np.isnan(u[~cand]).all()
    assert ((u[cand] > 0) & (u[cand] < 1)).all()
    w = pop.weight[cand]
    for q in (0.1, 0.25, 0.5):
        assert abs(w[u[cand] < q].sum() / w.sum() - q) < 0.001


# --- off is static ------------------------------------------------------------------------------------------
def test_zero_elasticities_give_exactly_the_static_result(pop, params, baseline):
    sc = with_behaviour(BASIC_INCOME)
    out = compare(pop, params, sc, baseline=baseline, traps=False)
    assert out["behaviour"]["mode"] == "static"
    assert out["behaviour"]["static_net_cost_eur"] == out["net_cost_eur"]
    assert out["behaviour"]["employment_change_persons"] == 0.0
    # the behavioural machinery itself, at zero elasticities, changes nothing
    reform, tr = _static_run(pop, params, sc)
    run, summary = behavioural_run(pop, params, sc, baseline, reform, tr)
    for k in ALL_COMPONENTS + ("net_income", "disposable_income"):
        np.testing.assert_array_equal(run.household[k], reform.household[k], err_msg=k)
    assert summary["earnings_change_eur"] == 0.0 and summary["static_net_cost_eur"] == out["net_cost_eur"]


# --- the intensive margin -----------------------------------------------------------------------------------
def test_lower_marginal_rates_raise_earnings_and_lower_the_net_cost(pop, params, baseline):
    out = compare(pop, params, with_behaviour(TAX_CUT, intensive=0.2), baseline=baseline, traps=False)
    b = out["behaviour"]
    assert b["mode"] == "behavioural"
    assert b["earnings_change_eur"] > 0
    assert out["totals_eur"]["earnings"]["reform"] > out["totals_eur"]["earnings"]["baseline"]
    assert out["net_cost_eur"] < b["static_net_cost_eur"]
    assert b["employment_change_persons"] == 0.0, "no extensive elasticity, no moves"
    # a 5-point cut on ~50 % rates: Δln(1 − EMTR) ≈ 0.1, so earnings rise by about 2 % (0.2 × 0.1), not 10 %
    assert b["earnings_change_eur"] < 0.05 * out["totals_eur"]["earnings"]["baseline"]


def test_higher_marginal_rates_lower_earnings_and_raise_the_net_cost(pop, params, baseline):
    out = compare(pop, params, with_behaviour(TAX_RISE, intensive=0.2), baseline=baseline, traps=False)
    b = out["behaviour"]
    assert b["earnings_change_eur"] < 0
    assert out["net_cost_eur"] > b["static_net_cost_eur"]


# --- the extensive margin -----------------------------------------------------------------------------------
def test_moves_into_work_follow_the_draw_rule(pop, params, baseline):
    sc = with_behaviour(BASIC_INCOME, ext=0.25)
    reform, tr = _static_run(pop, params, sc)
    r = respond(pop, params, sc, baseline.results, baseline.traps, reform, tr)
    assert r.entered.any()
    tested = r.entry_probability > 0
    assert np.isin(pop.persons["status"][tested], UNEMPLOYED_STATUSES).all()
    # every mover is a tested unemployed person whose number is below their probability, and vice versa
    np.testing.assert_array_equal(r.entered, tested & (r.entry_probability > _entry_numbers(pop, params, baseline)))
    assert (r.status[r.entered] == Status.EMPLOYED).all()
    assert (r.earnings[r.entered] > pop.persons["earnings"][r.entered]).all()
    # An untaxed basic income kept in work lowers hardly anyone's return to work: the rare exit is a home whose
    # housing allowance (which counts the basic income as income) falls differently in and out of work.
    w = pop.weight
    assert w[r.exited].sum() < 0.02 * w[r.entered].sum(), "exits should be rare beside the moves into work"
    # the summary counts what the rule decided, and stays near its expectation
    run, summary = behavioural_run(pop, params, sc, baseline, reform, tr)
    assert summary["entries_persons"] == pytest.approx(w[r.entered].sum())
    assert summary["exits_persons"] == pytest.approx(w[r.exited].sum())
    assert summary["employment_change_persons"] == pytest.approx(w[r.entered].sum() - w[r.exited].sum())
    assert (
        abs(summary["employment_change_persons"] - summary["employment_change_expected_persons"])
        < 4 * summary["employment_change_sd_persons"]
    )
    assert summary["earnings_change_eur"] > 0


def _entry_numbers(pop, params, baseline):
    """The numbers the rule compares with the entry probability (recomputed independently)."""
    from models.behaviour import assigned_wage

    earnings = pop.persons["earnings"]
    wage = assigned_wage(pop.persons["status"], pop.persons["previous_earnings"], params.modelling.ptr_assigned_wage)
    cand = np.zeros(pop.n_persons, bool)
    cand[baseline.traps.ptr_person] = True
    cand &= wage > earnings + 1.0
    return np.nan_to_num(stratified_draw(pop, cand), nan=2.0)


def test_more_incentive_never_moves_fewer_people(pop, params, baseline):
    reform, tr = _static_run(pop, params, BASIC_INCOME)
    low = respond(pop, params, with_behaviour(BASIC_INCOME, ext=0.1), baseline.results, baseline.traps, reform, tr)
    high = respond(pop, params, with_behaviour(BASIC_INCOME, ext=0.3), baseline.results, baseline.traps, reform, tr)
    assert high.entered.sum() > low.entered.sum()
    assert not (low.entered & ~high.entered).any()


def test_a_tax_on_earnings_moves_low_earners_out_of_work(pop, params, baseline):
    sc = with_behaviour(Scenario(financing=Financing(method="flat_tax", rate=0.1)), ext=0.25)
    reform, tr = _static_run(pop, params, sc)
    r = respond(pop, params, sc, baseline.results, baseline.traps, reform, tr)
    assert r.exited.any() and not r.entered.any()
    before = pop.persons
    assert (before["status"][r.exited] == Status.EMPLOYED).all()
    assert (before["earnings"][r.exited] < params.behaviour.exit_earnings_threshold).all()
    assert (r.earnings[r.exited] == 0).all() and (r.status[r.exited] == Status.UNEMPLOYED_BASIC_ALLOWANCE).all()
    out = compare(pop, params, sc, baseline=baseline, traps=False)
    assert out["behaviour"]["employment_change_persons"] < 0
    assert out["behaviour"]["exits_persons"] == pytest.approx(pop.weight[r.exited].sum())
    # the leavers draw the basic allowance: more is paid than in the static estimate
    assert (
        out["totals_eur"]["basic_unemployment_allowance"]["reform"]
        > compare(pop, params, with_behaviour(sc), baseline=baseline, traps=False)["totals_eur"][
            "basic_unemployment_allowance"
        ]["reform"]
    )


# --- the comparison -----------------------------------------------------------------------------------------
def test_behavioural_compare_is_deterministic_and_needs_no_traps_asked(pop, params):
    sc = with_behaviour(BASIC_INCOME, ext=0.2, intensive=0.1)
    fresh = baseline_run(pop, params, traps=False)
    a = compare(pop, params, sc, baseline=fresh, traps=False)
    b = compare(pop, params, sc, baseline=fresh, traps=False)
    assert "emtr" not in a
    assert json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)
    assert a["behaviour"]["mode"] == "behavioural"
    assert a["behaviour"]["employment_change_persons"] > 0


def test_trap_rates_reported_with_behaviour_are_the_static_reforms(pop, params, baseline):
    static = compare(pop, params, BASIC_INCOME, baseline=baseline)
    behavioural = compare(pop, params, with_behaviour(BASIC_INCOME, ext=0.25, intensive=0.2), baseline=baseline)
    assert behavioural["ptr"] == static["ptr"] and behavioural["emtr"] == static["emtr"]
    assert behavioural["net_cost_eur"] != static["net_cost_eur"]


def test_label_names_the_elasticities(pop, params, baseline):
    out = compare(pop, params, with_behaviour(TAX_CUT, ext=0.25, intensive=0.2), baseline=baseline, traps=False)
    label = readings.static_label(out, "en")
    assert label.startswith("Behavioural estimate (ε_ext = 0.25, ε_int = 0.20)")
    assert not readings.is_static(out)
    static = compare(pop, params, TAX_CUT, baseline=baseline, traps=False)
    assert readings.is_static(static) and readings.static_label(static, "en").startswith("Static estimate")
    for lang in ("fi", "sv"):
        assert "0,25" in readings.static_label(out, lang)


def test_reform_results_give_the_cost_compare_reports(pop, params, baseline):
    """The run the budget-neutral solver can cost (models.behaviour.reform_results) is the one compare() reports."""
    from models.behaviour import reform_results
    from models.cost import cost_breakdown

    for sc in (TAX_RISE, with_behaviour(BASIC_INCOME, ext=0.25, intensive=0.2)):
        run = reform_results(pop, params, sc, baseline)
        assert cost_breakdown(pop, sc, baseline.results, run)["net_cost_eur"] == pytest.approx(
            compare(pop, params, sc, baseline=baseline, traps=False)["net_cost_eur"], abs=1.0
        )


def test_budget_neutral_solution_is_neutral_on_the_behavioural_cost():
    from models.baseline import baseline_run
    from models.compare import compare
    from models.parameters import load_parameters
    from models.population.store import load_population
    from models.scenario import BasicIncome, Behaviour, Scenario
    from models.solver import TOLERANCE_EUR, solve_financing

    pop, params = load_population(5_000), load_parameters()
    baseline = baseline_run(pop, params)
    sc = Scenario(
        basic_income=BasicIncome(enabled=True, amount=400, taxable=True),
        behaviour=Behaviour(extensive_elasticity=0.25, intensive_elasticity=0.2),
    )
    sol = solve_financing(pop, params, sc, method="flat_tax", baseline=baseline)
    assert sol.converged
    result = compare(pop, params, sol.scenario, baseline=baseline, traps=False)
    assert result["behaviour"]["mode"] == "behavioural"
    assert abs(result["net_cost_eur"]) <= TOLERANCE_EUR
    # The static cost at the same rate is not neutral: the response changes the cost the rate must cover.
    assert abs(result["behaviour"]["static_net_cost_eur"]) > TOLERANCE_EUR
