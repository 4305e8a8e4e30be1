"""Income traps (models/traps.py): the EMTR decomposition adds up for any household, each lever moves its own
part, and the population breakdown counts every trapped person exactly once."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.baseline import baseline_run
from models.decomposition import emtr_decomposition
from models.household import HouseholdSpec
from models.household import sweep as engine_sweep
from models.population.schema import Status
from models.presets import load_presets
from models.rates import trap_rates
from models.scenario import MeansTested, Scenario
from models.system import compute
from models.traps import (
    COUNT_THRESHOLDS,
    PARTS,
    REFERENCE_FILE,
    assigned_wage,
    load_references,
    model_value,
    rate_histogram,
    trap_breakdown,
    trapped_emtr_parts,
    valid_ptr,
)

STATUSES = (
    "employed",
    "unemployed_labour_market_subsidy",
    "unemployed_basic_allowance",
    "unemployed_earnings_related",
    "student",
    "home_parent",
    "other",
    "disability_pensioner",
)
#: Scenarios of every family (None = the 2025 law) and one with every trap lever moved.
LEVERS = Scenario(
    family="means_tested",
    means_tested=MeansTested(
        enabled=True,
        unemployment_withdrawal_rate=0.3,
        unemployment_protected_earnings=300,
        housing_allowance_deductible_rate=0.35,
        housing_allowance_earnings_disregard=300,
        social_assistance_earnings_disregard=300,
        daycare_fee_rate=0.05,
    ),
)
PRESETS = (
    "partial_basic_income_kela_2016",
    "yleistuki_2026",
    "broad_general_support",
    "negative_income_tax",
    "universal_security_yleisturva",
    "lower_withdrawal_rates",
)


def _scenarios():
    presets = load_presets()
    return [None, LEVERS] + [presets[n].scenario for n in PRESETS if n in presets]


# --- the household decomposition -------------------------------------------------------------------------------
adult = st.fixed_dictionaries(
    {
        "age": st.integers(18, 64),
        "status": st.sampled_from(STATUSES),
        "earnings": st.sampled_from([0.0, 0.0, 450.0, 1200.0, 2600.0]),
        "previous_earnings": st.sampled_from([0.0, 1800.0, 3500.0]),
        "church_member": st.booleans(),
    }
)


@st.composite
def households(draw):
    adults = draw(st.lists(adult, min_size=1, max_size=2))
    children = draw(st.lists(st.integers(0, 17), max_size=3))
    under7 = sum(a < 7 for a in children)
    return HouseholdSpec(
        adults=adults,
        children_ages=children,
        children_in_daycare=draw(st.integers(0, under7)),
        rent=draw(st.sampled_from([0.0, 450.0, 800.0, 1300.0])),
        municipality_group=draw(st.sampled_from([1, 2, 3])),
        tenure=draw(st.sampled_from(["rented", "rented", "owner", "right_of_occupancy"])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=households(),
    scenario=st.sampled_from(_scenarios()),
    follow=st.integers(0, 1),
    earnings=st.lists(st.floats(0, 8000, allow_nan=False).map(lambda x: round(x, 2)), min_size=1, max_size=12),
)
def test_parts_sum_to_the_emtr_and_the_ptr(params, spec, scenario, follow, earnings):
    """For any household, scenario and earnings: the parts of the EMTR (and of the PTR) add up to the rate,
    which is 1 − Δnet/Δearnings computed from net income alone."""
    follow = min(follow, len(spec.adults) - 1)
    grid = np.array(earnings)
    d = emtr_decomposition(spec, params, scenario, grid, follow=follow)
    total = sum(d.parts[p] for p in PARTS)
    np.testing.assert_allclose(total, d.emtr, atol=1e-9, rtol=0)
    defined = grid > 0
    ptr_total = sum(d.ptr_parts[p] for p in PARTS)
    np.testing.assert_allclose(ptr_total[defined], d.ptr[defined], atol=1e-9, rtol=0)
    assert np.all(np.isnan(d.ptr[~defined]))
    # The EMTR is the engine's own: the same as the household calculator's under today's law.
    if scenario is None and follow == 0:
        rows = engine_sweep(spec, grid, params)
        np.testing.assert_allclose(d.emtr, [r["emtr"] for r in rows], atol=1e-4)


def _single_lms(**kw) -> HouseholdSpec:
    return HouseholdSpec(
        adults=[{"age": 35, "status": "unemployed_labour_market_subsidy", "earnings": 0}],
        rent=kw.get("rent", 0.0),
        municipality_group=2,
        tenure=kw.get("tenure", "owner"),
        has_assets=kw.get("has_assets", True),
    )


def test_unemployment_part_is_the_withdrawal_rate(params):
    """An adjusted labour market subsidy falls by 50 % of earnings from the first euro in 2025 (the protected
    EUR 300 was removed 1.4.2024: "of EUR 300 earnings EUR 150 is left", Kela 2025): the unemployment part is
    exactly the withdrawal rate; a EUR 300 protected amount makes it 0 below EUR 300."""
    spec = _single_lms()  # an owner with assets: no housing allowance or social assistance
    grid = np.array([0.0, 100.0, 250.0, 600.0])
    law = emtr_decomposition(spec, params, None, grid)
    np.testing.assert_allclose(law.parts["unemployment_benefit"], params.unemployment.adjustment_rate, atol=1e-9)
    assert law.parts["housing_allowance"].max() == 0 and law.parts["social_assistance"].max() == 0
    lever = emtr_decomposition(spec, params, LEVERS, grid)
    np.testing.assert_allclose(lever.parts["unemployment_benefit"][:2], 0.0, atol=1e-9)  # below the protected EUR 300
    np.testing.assert_allclose(lever.parts["unemployment_benefit"][3], 0.3, atol=1e-9)  # above it: the new 30 %
    assert lever.emtr[3] < law.emtr[3]


def test_daycare_part_is_the_fee_rate(params):
    """Above the income limit and below the maximum fee, the daycare fee rises by the fee rate per euro of the
    family's gross income (Laki varhaiskasvatuksen asiakasmaksuista 1503/2016, 3 §; fees are whole euros, so
    a step of EUR 100 takes EUR 10 or 11). Halving the fee rate halves that part."""
    spec = HouseholdSpec(
        adults=[{"age": 30, "status": "employed", "earnings": 0}],
        children_ages=[3],
        children_in_daycare=1,
        rent=0.0,
        tenure="owner",
        has_assets=True,
    )
    grid = np.arange(0.0, 6001.0, 50.0)
    rate = params.daycare.fee_rate
    d = emtr_decomposition(spec, params, None, grid)
    part = d.parts["daycare_fees"]
    band = (part > 0.05) & (part < 0.2)
    assert band.sum() >= 10, "a band of earnings where the fee grows with income"
    assert part[band].mean() == pytest.approx(rate, abs=0.003)
    assert np.all(part[~band & (grid < grid[band].min())] < 0.5), (
        "below the band: nothing, or the jump to the minimum fee"
    )
    halved = Scenario(family="means_tested", means_tested=MeansTested(enabled=True, daycare_fee_rate=rate / 2))
    part2 = emtr_decomposition(spec, params, halved, grid).parts["daycare_fees"]
    band2 = (part2 > 0.02) & (part2 < 0.1)
    assert band2.sum() >= 10
    assert part2[band2].mean() == pytest.approx(rate / 2, abs=0.003)


def test_housing_allowance_part_follows_the_deductible_rate(params):
    """The general housing allowance falls by compensation rate × deductible rate per euro of gross income
    above the limit (Laki yleisestä asumistuesta 938/2014, 16–17 §): 0.7 × 0.5 = 35 % in 2025."""
    spec = HouseholdSpec(adults=[{"age": 30, "status": "employed", "earnings": 0}], rent=800.0, municipality_group=2)
    grid = np.arange(0.0, 3001.0, 50.0)
    d = emtr_decomposition(spec, params, None, grid)
    ha = params.housing_allowance
    expected = ha.compensation_rate * ha.deductible_rate
    assert np.any(np.abs(d.parts["housing_allowance"] - expected) < 1e-6)
    sc = Scenario(family="means_tested", means_tested=MeansTested(enabled=True, housing_allowance_deductible_rate=0.3))
    d2 = emtr_decomposition(spec, params, sc, grid)
    assert np.any(np.abs(d2.parts["housing_allowance"] - ha.compensation_rate * 0.3) < 1e-6)
    assert d2.parts["housing_allowance"].max() < d.parts["housing_allowance"].max()


def test_bad_follow_and_step_are_refused(params):
    spec = _single_lms()
    with pytest.raises(ValueError, match="follow"):
        emtr_decomposition(spec, params, None, np.array([0.0]), follow=1)
    with pytest.raises(ValueError, match="step"):
        emtr_decomposition(spec, params, None, np.array([0.0]), step=0)


# --- the population ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def engine(params):
    from models.population.store import load_population

    pop = load_population(5000, seed=2025)
    base = baseline_run(pop, params)
    return pop, base


def test_valid_ptr_drops_only_those_who_already_earn_the_wage(engine, params):
    pop, base = engine
    rates = valid_ptr(pop, params, base.traps)
    wage = assigned_wage(pop, params, rates.ptr_person)
    assert np.all(wage > pop.persons["earnings"][rates.ptr_person])
    assert np.all(np.isfinite(rates.ptr)) and rates.ptr.max() < 5, "no rate from a zero or negative wage gain"
    dropped = np.setdiff1d(base.traps.ptr_person, rates.ptr_person)
    assert np.all(assigned_wage(pop, params, dropped) <= pop.persons["earnings"][dropped] + 1.0)
    assert np.array_equal(rates.emtr, base.traps.emtr)


@pytest.mark.parametrize("scenario", [None, "yleistuki_2026", "partial_basic_income_kela_2016"])
def test_breakdown_counts_every_trapped_person_once(engine, params, scenario):
    pop, base = engine
    sc = None if scenario is None else load_presets()[scenario].scenario
    results = base.results if sc is None else compute(pop, params, sc)
    rates = valid_ptr(pop, params, base.traps if sc is None else trap_rates(pop, params, sc, results))
    bd = trap_breakdown(pop, rates, base.decile, results)
    for kind, values, weights in (("emtr", rates.emtr, rates.emtr_weight), ("ptr", rates.ptr, rates.ptr_weight)):
        s = bd[kind]["summary"]
        assert s["persons"] == pytest.approx(weights.sum())
        assert sum(bd[kind]["histogram"]["persons"]) == pytest.approx(weights.sum())
        for thr in COUNT_THRESHOLDS:
            pct = round(100 * thr)
            assert s[f"persons_over_{pct}"] == pytest.approx(weights[values > thr].sum())
            # household types, deciles, sex and main activity each partition the rated persons
            for table in ("household_types", "deciles", "sex", "statuses"):
                rows = bd[kind][table]
                assert sum(r[f"persons_over_{pct}"] for r in rows.values()) == pytest.approx(
                    s[f"persons_over_{pct}"]
                ), (kind, table)
                if s[f"persons_over_{pct}"] > 0:
                    assert sum(r[f"composition_over_{pct}"] for r in rows.values()) == pytest.approx(1.0)
        assert s["persons_over_100"] <= s["persons_over_80"] <= s["persons_over_75"] <= s["persons_over_50"]
    # every PTR person is unemployed; the EMTR covers adults of working age only
    statuses = pop.persons["status"][rates.ptr_person]
    assert np.isin(
        statuses,
        [
            Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
            Status.UNEMPLOYED_BASIC_ALLOWANCE,
            Status.UNEMPLOYED_EARNINGS_RELATED,
        ],
    ).all()
    assert bd["ptr"]["statuses"]["employed"]["persons"] == 0


def test_trapped_parts_add_up_to_their_emtr(engine, params):
    """The extra run of the trapped households reproduces their EMTR exactly, and its parts add up to it."""
    pop, base = engine
    for sc in (None, LEVERS):
        results = base.results if sc is None else compute(pop, params, sc)
        rates = base.traps if sc is None else trap_rates(pop, params, sc, results)
        tp = trapped_emtr_parts(pop, params, sc, results, rates, threshold=0.8)
        trapped = rates.emtr > 0.8
        assert tp["persons"] == pytest.approx(rates.emtr_weight[trapped].sum())
        assert tp["persons"] > 0
        assert tp["emtr"] == pytest.approx(
            np.average(rates.emtr[trapped], weights=rates.emtr_weight[trapped]), abs=1e-9
        )
        assert sum(tp["parts"].values()) == pytest.approx(tp["emtr"], abs=1e-9)
        assert tp["parts"]["reform_benefits"] == 0


@pytest.mark.parametrize(
    "lever, value, table, row",
    [
        ("unemployment_withdrawal_rate", 0.3, "statuses", "unemployed_labour_market_subsidy"),
        ("unemployment_protected_earnings", 300.0, "statuses", "unemployed_labour_market_subsidy"),
        ("housing_allowance_deductible_rate", 0.35, "receives", "housing_allowance"),
    ],
)
def test_each_lever_lowers_the_emtr_of_those_it_targets(engine, params, lever, value, table, row):
    """A lower withdrawal rate or a protected amount lowers the mean EMTR of the people on that benefit
    (static). Trap counts need not fall: a disregard moves the withdrawal to higher earnings, where other
    people are (the page shows both)."""
    pop, base = engine
    sc = Scenario(family="means_tested", means_tested=MeansTested(enabled=True, **{lever: value}))
    results = compute(pop, params, sc)
    # the same people in both: "receives" as today (a lower rate also brings new households into the benefit)
    bd = trap_breakdown(pop, valid_ptr(pop, params, trap_rates(pop, params, sc, results)), base.decile, base.results)
    today = trap_breakdown(pop, valid_ptr(pop, params, base.traps), base.decile, base.results)
    assert bd["emtr"][table][row]["mean"] < today["emtr"][table][row]["mean"] - 0.01
    assert bd["emtr"]["summary"]["persons_over_80"] != today["emtr"]["summary"]["persons_over_80"]


def test_histogram_bins():
    h = rate_histogram(np.array([-0.1, 0.0, 0.04, 0.05, 0.8, 1.0, 1.3]), np.ones(7), width=0.05, top=1.2)
    assert h["lower"][0] == -np.inf and h["upper"][-1] == np.inf
    assert sum(h["persons"]) == 7
    assert h["persons"][0] == 1 and h["persons"][-1] == 1  # below 0, above 120 %


# --- published figures ---------------------------------------------------------------------------------------------
def test_reference_points_are_documented_and_resolve(engine, params):
    pop, base = engine
    refs = load_references()
    assert REFERENCE_FILE.exists() and len(refs) >= 8
    bd = trap_breakdown(pop, valid_ptr(pop, params, base.traps), base.decile, base.results)
    keys = set()
    for ref in refs:
        assert ref["key"] not in keys
        keys.add(ref["key"])
        for lang in ("fi", "sv", "en"):
            assert ref["label"][lang].strip()
        assert ref["source"]["title"] and ref["source"]["href"].startswith("http")
        assert ref["law_year"] and ref["unit"] in ("persons", "/1", "EUR/month")
        assert ref["confidence"] in ("SC", "DER", "secondary")
        if ref.get("model"):
            assert model_value(bd, ref["model"]) is not None, ref["key"]
    assert model_value(bd, "ptr.no_such_field") is None
    assert model_value(bd, "nonsense") is None
