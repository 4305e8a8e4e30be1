"""What the engine keeps between runs (docs/DEVELOPING.md, "Speed") changes no number: a run that reuses steps kept
on the population, or runs handed over by the solver, gives exactly what a run from scratch gives."""

from __future__ import annotations

import math

import numpy as np
import pytest

from models import rates
from models.baseline import baseline_run
from models.compare import compare
from models.landscape import evaluate
from models.landscape_spec import FinancingRule
from models.metrics import WeightedSample
from models.population.core import MemoKey, Population
from models.population.store import load_population
from models.presets import load_presets
from models.rates import rate_summary, trap_rates
from models.reform_benefits import OFFSET_ORDER, _Reform
from models.rules import reforms
from models.scenario import Financing
from models.solver import solve_financing
from models.system import compute


@pytest.fixture(scope="module")
def pop():
    return load_population(5000, seed=2025)


def fresh(pop: Population) -> Population:
    """The same households with nothing kept from earlier runs."""
    return Population(dict(pop.households), dict(pop.persons), pop.source, pop.calibration_report)


def same(a, b, path: str = "") -> None:
    """Exactly equal, recursively (arrays element by element, NaN equal to NaN)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            same(a[k], b[k], f"{path}/{k}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=path)
    elif isinstance(a, float) and math.isnan(a):
        assert isinstance(b, float) and math.isnan(b), path
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


@pytest.mark.parametrize("name", ["basic_income_experiment_560", "lower_withdrawal_rates", "yleistuki_2026"])
def test_a_reform_after_its_baseline_is_the_reform_run_alone(pop, params, name):
    scenario = load_presets()[name].scenario
    baseline_run(pop, params)  # keeps steps 1 and 2 (and the reruns') on the population
    after = compute(pop, params, scenario)
    alone = compute(fresh(pop), params, scenario)
    same(after.person, alone.person)
    same(after.household, alone.household)


def test_kept_steps_are_read_only(pop, params):
    compute(pop, params)
    (_, (income, fam)), *_ = pop._memo[MemoKey.BENEFITS_BEFORE_REFORM]  # noqa: SLF001 - what the memo holds
    for part in (income, fam):
        for name, value in part.__dict__.items():
            assert not value.flags.writeable, name


def test_a_changed_law_section_is_not_served_from_the_kept_steps(pop, params):
    """The unemployment withdrawal rate changes the unemployment benefits: the kept steps of the law are not used."""
    scenario = load_presets()["lower_withdrawal_rates"].scenario
    compute(pop, params)
    reform = compute(pop, params, scenario)
    assert not np.array_equal(
        reform.person["labour_market_subsidy"], compute(pop, params).person["labour_market_subsidy"]
    )


def test_memo_keeps_its_slots_and_compares_arrays_by_identity(pop):
    sub = fresh(pop)
    calls = []

    def make(tag):
        calls.append(tag)
        return tag

    a, b = np.zeros(3), np.zeros(3)
    for deps in [(a, 1.0), (b, 1.0), (a, 1.0), (b, 1.0)]:
        sub.memo(MemoKey.BABY, deps, lambda deps=deps: make(deps), by_value=True, slots=2)
    assert len(calls) == 2  # equal arrays are different dependencies; both stay kept
    sub.memo(MemoKey.BABY, (a, 2.0), lambda: make("c"), by_value=True, slots=2)
    sub.memo(MemoKey.BABY, (b, 1.0), lambda: make("d"), by_value=True, slots=2)
    assert calls[2:] == ["c"]  # the number compares by value; the last two entries are kept
    sub.memo(MemoKey.BABY, (a, 1.0), lambda: make("e"), by_value=True, slots=2)
    assert calls[3:] == ["e"]  # the oldest entry was dropped


@pytest.mark.parametrize("method", ["flat_tax", "surcharge", "flat_income_tax"])
def test_the_solvers_runs_handed_to_the_comparison_give_its_numbers(pop, params, method):
    baseline = baseline_run(pop, params)
    scenario = load_presets()["partial_basic_income_kela_2016"].scenario
    sol = solve_financing(pop, params, scenario, method=method, base=baseline.results, baseline=baseline)
    assert (sol.unfinanced is not None) == (method != "flat_income_tax")
    handed = compare(pop, params, sol.scenario, baseline, static=sol.results, unfinanced=sol.unfinanced)
    alone = compare(fresh(pop), params, sol.scenario, baseline_run(fresh(pop), params))
    same(handed, alone)


def test_a_flat_tax_at_rate_zero_is_no_financing(pop, params):
    scenario = load_presets()["partial_basic_income_kela_2016"].scenario
    zero = compute(pop, params, scenario.model_copy(update={"financing": Financing(method="flat_tax", rate=0.0)}))
    none = compute(pop, params, scenario.model_copy(update={"financing": Financing()}))
    same(zero.person, none.person)
    same(zero.household, none.household)


def test_a_landscape_design_is_the_same_from_scratch(pop, params):
    scenario = load_presets()["negative_income_tax"].scenario
    rule = FinancingRule(method="flat_tax", net_cost_eur=0)
    record = evaluate(pop, params, baseline_run(pop, params), scenario, rule)
    again = evaluate(fresh(pop), params, baseline_run(fresh(pop), params), scenario, rule)
    same(record, again)


@pytest.mark.parametrize("name", ["basic_income_experiment_560", "yleistuki_2026"])
def test_reruns_built_for_each_run_give_the_numbers_of_kept_ones(pop, params, name, monkeypatch):
    """Above ``ARVOVALINNAT_RERUN_KEEP_MAX_HOUSEHOLDS`` (the 1:1 population) the marginal- and participation-rate
    reruns build their sub-populations for each run and keep nothing: the same numbers, less memory."""
    scenario = load_presets()[name].scenario
    kept_pop = fresh(pop)
    kept = compare(kept_pop, params, scenario, baseline=baseline_run(kept_pop, params))
    monkeypatch.setenv("ARVOVALINNAT_RERUN_KEEP_MAX_HOUSEHOLDS", str(pop.n_households - 1))
    built_pop = fresh(pop)
    built = compare(built_pop, params, scenario, baseline=baseline_run(built_pop, params))
    same(kept, built)
    kept_keys = {k for k, entries in kept_pop._memo.items() if entries}  # noqa: SLF001 - what the memo holds
    built_keys = {k for k, entries in built_pop._memo.items() if entries}  # noqa: SLF001
    assert {MemoKey.EMTR_RUNS, MemoKey.PTR_RUN} <= kept_keys
    assert not {MemoKey.EMTR_RUNS, MemoKey.PTR_RUN} & built_keys


@pytest.mark.parametrize("name", ["basic_income_experiment_560", "yleistuki_2026"])
def test_the_trap_rates_computed_beside_the_other_metrics_are_those_run_alone(pop, params, name):
    """``compare`` starts the trap reruns on the worker threads and computes its other metrics meanwhile: the rates
    it reports are exactly those of the reruns run on their own, and the other metrics those of a run without traps."""
    scenario = load_presets()[name].scenario
    baseline = baseline_run(pop, params)
    out = compare(pop, params, scenario, baseline=baseline)
    alone = trap_rates(fresh(pop), params, scenario, compute(fresh(pop), params, scenario))
    same(out["emtr"]["reform"], rate_summary(alone.emtr, alone.emtr_weight))
    same(out["ptr"]["reform"], rate_summary(alone.ptr, alone.ptr_weight))
    without = compare(pop, params, scenario, baseline=baseline, traps=False)
    same({k: v for k, v in out.items() if k not in ("emtr", "ptr")}, without)


def test_the_trap_rates_of_one_engine_thread_are_those_of_two(pop, params, monkeypatch):
    """A Dask worker runs the reruns in its own thread (one engine thread), the app on the worker threads: the same
    rates either way."""
    scenario = load_presets()["yleistuki_2026"].scenario
    results = compute(pop, params, scenario)
    two = trap_rates(fresh(pop), params, scenario, results)
    monkeypatch.setenv("ARVOVALINNAT_WORKER_THREADS", "1")
    one = trap_rates(fresh(pop), params, scenario, results)
    for field in ("emtr", "emtr_weight", "ptr", "ptr_weight", "emtr_person", "ptr_person"):
        np.testing.assert_array_equal(getattr(one, field), getattr(two, field), err_msg=field)


def test_a_run_without_the_tax_breakdown_differs_only_by_it(pop, params):
    """The tax breakdown (``tax_<part>``) is written only when asked: everything else is the same run."""
    scenario = load_presets()["basic_income_experiment_560"].scenario
    lean = compute(fresh(pop), params, scenario)
    full = compute(fresh(pop), params, scenario, breakdown=True)
    extra = sorted(set(full.person) - set(lean.person))
    assert extra and all(k.startswith("tax_") for k in extra)
    assert not any(k.startswith("tax_") for k in lean.person)
    same(lean.person, {k: v for k, v in full.person.items() if k not in extra})
    same(lean.household, full.household)


def test_reruns_in_parts_give_the_rates_of_whole_ones(pop, params, monkeypatch):
    """A rerun of many households (the 1:1 population's) computes part by part (``runtime.RERUN_PART_HOUSEHOLDS``):
    the same rates, in the same order, as one pass."""
    scenario = load_presets()["basic_income_experiment_560"].scenario
    results = compute(pop, params, scenario)
    whole = trap_rates(fresh(pop), params, scenario, results)
    monkeypatch.setattr(rates, "RERUN_PART_HOUSEHOLDS", 400)
    parted_pop = fresh(pop)
    parts = trap_rates(parted_pop, params, scenario, results)
    assert len(parted_pop._memo[MemoKey.EMTR_RUNS][0][1]) > 6  # noqa: SLF001 - the heads' halves came in parts
    assert len(parted_pop._memo[MemoKey.PTR_RUN][0][1]) > 1  # noqa: SLF001
    for field in ("emtr", "emtr_weight", "ptr", "ptr_weight", "emtr_person", "ptr_person"):
        np.testing.assert_array_equal(getattr(parts, field), getattr(whole, field), err_msg=field)


def test_household_sums_kept_with_unchangeable_arrays_only(pop):
    """``hh_sum`` keeps the sum of a read-only array that owns its data (read-only itself), never of one that can
    change, and sums zeros without a pass: every way gives ``bincount``'s sums."""
    p = fresh(pop)
    rng = np.random.default_rng(5)
    x = rng.random(p.n_persons)
    expected = np.bincount(p.hh, weights=x, minlength=p.n_households)
    np.testing.assert_array_equal(p.hh_sum(x), expected)
    x[:] = 0.0  # a writable array is summed anew
    assert not p.hh_sum(x).any()
    y = rng.random(p.n_persons)
    y.setflags(write=False)
    first = p.hh_sum(y)
    assert p.hh_sum(y) is first and not first.flags.writeable
    np.testing.assert_array_equal(first, np.bincount(p.hh, weights=y, minlength=p.n_households))
    view = y[:]  # a view of a read-only array does not own its data: not kept
    assert p.hh_sum(view) is not first
    del y, view, first
    assert not p._kept_by_array  # noqa: SLF001 - gone with its array


def test_offsets_where_the_benefit_is_paid_are_those_on_every_person(pop):
    """A new benefit set against the replaced ones is computed where each is paid when it is nowhere negative; an
    amount with a negative part goes through every person. Both give the offsets of the rule on every person."""
    rng = np.random.default_rng(9)
    n = pop.n_persons
    replaceable = {k: np.where(rng.random(n) < 0.1, rng.random(n) * 800, 0.0) for k in OFFSET_ORDER}
    for amount in (rng.random(n) * 600, rng.random(n) * 600 - 50):
        r = _Reform(
            pop,
            pop.persons["status"],
            np.zeros(n),
            np.zeros(n),
            np.zeros(n),
            replaceable,
            np.ones(n, bool),
            np.ones(n, bool),
            kept=dict(replaceable),
        )
        r.offset(OFFSET_ORDER, amount)
        left = amount
        for k in OFFSET_ORDER:
            np.testing.assert_array_equal(r.kept[k], reforms.offset_benefit(replaceable[k], left), err_msg=k)
            left = reforms.offset_benefit(left, replaceable[k])


@pytest.mark.parametrize("shuffle", [False, True])
def test_a_sample_sorted_from_a_like_order_is_the_sample_sorted_anew(shuffle):
    """A reform's incomes sorted from the baseline's order (nearly sorted already), or sorted anew when that order
    does not help, give the sorted values of a sort from scratch and the same statistics."""
    rng = np.random.default_rng(3)
    base = rng.lognormal(10, 0.6, 50_000)
    weights = rng.integers(1, 6, 50_000).astype(float)
    reform = rng.permutation(base) if shuffle else base + rng.normal(0, 200, 50_000)
    like = WeightedSample(base, weights)
    from_like, anew = WeightedSample(reform, weights, like=like), WeightedSample(reform, weights)
    np.testing.assert_array_equal(from_like.v, anew.v)
    np.testing.assert_array_equal(reform[from_like.order], from_like.v)
    for q in (0.2, 0.5, 0.8):
        assert from_like.quantile(q) == pytest.approx(anew.quantile(q), rel=1e-12)
    assert from_like.gini() == pytest.approx(anew.gini(), rel=1e-12)
    assert from_like.mean_from(anew.quantile(0.8)) == pytest.approx(anew.mean_from(anew.quantile(0.8)), rel=1e-12)
