"""The synthetic population, its calibration, the disk cache and user microdata.

Small populations (a few thousand households) keep this fast; build times of the 100,000-household
and full-size populations are measured separately (no timing asserts here).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from models.cli import main
from models.population import activity, calibrate, earnings, microdata, pensions, sampling, store, synthetic, tenure
from models.population.calibrate import calibration_report
from models.population.core import Population
from models.population.microdata import MicrodataError, load_microdata, write_microdata
from models.population.schema import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, STATUS_NAMES, UNEMPLOYED_STATUSES, Role, Status
from models.population.store import load_population
from models.population.synthetic import build_population

N = 6_000
SEED = 11


@pytest.fixture(scope="module")
def pop() -> Population:
    return build_population(N, seed=SEED)


@pytest.fixture(scope="module")
def report(pop) -> dict[str, dict]:
    return {r["key"]: r for r in pop.calibration_report}


# ----------------------------------------------------------------------------- determinism
def test_same_seed_gives_identical_population(pop):
    again = build_population(N, seed=SEED)
    for table, other in ((pop.households, again.households), (pop.persons, again.persons)):
        for name, values in table.items():
            assert np.array_equal(values, other[name]), name


def test_another_seed_gives_another_population(pop):
    other = build_population(N, seed=SEED + 1)
    assert not np.array_equal(pop.persons["age"][:1000], other.persons["age"][:1000])


# ----------------------------------------------------------------------------- schema
@pytest.mark.parametrize("col", HOUSEHOLD_COLUMNS, ids=lambda c: f"households.{c.name}")
def test_household_columns_follow_schema(pop, col):
    _check_column(pop.households[col.name], col)


@pytest.mark.parametrize("col", PERSON_COLUMNS, ids=lambda c: f"persons.{c.name}")
def test_person_columns_follow_schema(pop, col):
    _check_column(pop.persons[col.name], col)


def _check_column(values: np.ndarray, col) -> None:
    assert values.dtype == np.dtype(col.dtype)
    if col.minimum is not None:
        assert values.min() >= col.minimum
    if col.maximum is not None:
        assert values.max() <= col.maximum
    if col.allowed is not None:
        assert np.isin(values, col.allowed).all()
    if values.dtype.kind == "f":
        assert np.isfinite(values).all()


def test_households_are_numbered_and_persons_sorted(pop):
    assert np.array_equal(pop.households["household_id"], np.arange(pop.n_households))
    assert (np.diff(pop.persons["household_id"]) >= 0).all()
    assert (np.bincount(pop.hh, minlength=pop.n_households) > 0).all()


def test_every_household_has_exactly_one_head_and_at_most_one_spouse(pop):
    role = pop.persons["role"]
    assert (pop.hh_count(role == Role.HEAD) == 1).all()
    assert (pop.hh_count(role == Role.SPOUSE) <= 1).all()


def test_children_are_minors_and_minors_are_children(pop):
    role, age, status = pop.persons["role"], pop.persons["age"], pop.persons["status"]
    assert (age[role == Role.CHILD] < 18).all()
    assert (role[age < 18] == Role.CHILD).all()
    assert (status[role == Role.CHILD] == Status.CHILD).all()
    assert (status[role != Role.CHILD] != Status.CHILD).all()


def test_heads_and_spouses_are_adults_and_parents_older_than_children(pop):
    role, age = pop.persons["role"], pop.persons["age"]
    assert (age[(role == Role.SPOUSE) | (role == Role.HEAD)] >= 18).all()
    oldest_child = np.zeros(pop.n_households)
    np.maximum.at(oldest_child, pop.hh[role == Role.CHILD], age[role == Role.CHILD])
    has_children = pop.n_children > 0
    assert (pop.head_age[has_children] - oldest_child[has_children] >= 15).all()


def test_statuses_are_consistent_with_other_columns(pop):
    p = pop.persons
    status = p["status"]
    er = status == Status.UNEMPLOYED_EARNINGS_RELATED
    home_parent = status == Status.HOME_PARENT
    assert (p["previous_earnings"][er] > 0).all()
    assert (p["previous_earnings"][~(er | home_parent)] == 0).all()
    assert (p["unemployment_days_used"] < 500).all()  # the longest maximum period (6 luku 7 §)
    assert (p["unemployment_days_used"][~pop.status_is(*_unemployed())] == 0).all()
    pensioned = pop.status_is(Status.PENSIONER, Status.DISABILITY_PENSIONER)
    assert (p["earnings_related_pension"][~pensioned] == 0).all()
    assert (p["age"][status == Status.PENSIONER] >= 61).all()
    assert (p["earnings"][status == Status.CHILD] == 0).all()
    assert (p["earnings"][status == Status.EMPLOYED] > 0).all()
    assert not p["in_daycare"][(p["age"] > 6) | (p["role"] != Role.CHILD)].any()
    home = status == Status.HOME_PARENT
    assert (pop.to_person(pop.n_children > 0)[home]).all()


def _unemployed():
    return (
        Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
        Status.UNEMPLOYED_BASIC_ALLOWANCE,
        Status.UNEMPLOYED_EARNINGS_RELATED,
    )


def test_housing_costs_by_tenure(pop):
    h = pop.households
    rented = h["tenure"] == 1
    assert (h["housing_cost"][rented] > 0).all()
    assert (h["housing_cost"][h["tenure"] == 3] == 0).all()
    w = h["weight"]
    share_assets = lambda m: (w[m] * h["has_assets"][m]).sum() / w[m].sum()  # noqa: E731
    assert share_assets(h["tenure"] == 0) > share_assets(rented)


# ----------------------------------------------------------------------------- weights and calibration
def test_weights_are_positive_bounded_and_sum_to_the_households_target(pop):
    w = pop.households["weight"]
    total = calibrate.households_total()
    assert (w > 0).all()
    assert w.sum() == pytest.approx(total, rel=1e-9)
    design = total / pop.n_households
    lower, upper = calibrate.WEIGHT_BOUNDS
    assert w.min() >= lower * design * (1 - 1e-9)
    assert w.max() <= upper * design * (1 + 1e-9)


def _calibrated_keys():
    return [t.key for t in calibrate.load_targets().targets if t.calibrate]


@pytest.mark.parametrize("key", _calibrated_keys())
def test_calibrated_target_is_met(report, key):
    row = report[key]
    assert abs(row["deviation_pct"]) <= calibrate.load_targets().tolerance_pct, row


@pytest.mark.parametrize(
    "key, tolerance_pct",
    [
        ("persons_total", 0.01),
        ("households_3plus_persons", 0.01),
        ("families_with_children", 0.01),
        ("fulltime_earnings_median", 1.5),
        ("fulltime_earnings_p10", 2.5),
        ("fulltime_earnings_p90", 2.5),
        ("fulltime_earnings_mean", 4.0),
        ("fulltime_earnings_median_men", 4.0),
        ("fulltime_earnings_median_women", 4.0),
        ("earnings_related_pension_mean", 6.0),
        ("national_pension_only_share", 15.0),
        ("pension_below_national_pension_limit_share", 5.0),
        ("pension_over_2000_share", 8.0),
        ("pension_over_3000_share", 12.0),
        ("wage_bill", 6.0),
        ("capital_income_total", 2.0),  # 6,000 households: the cap binds on a few large capital incomes
        ("capital_income_financial_recipients", 10.0),
        ("capital_income_rental_recipients", 15.0),
        ("church_member_share", 3.0),
        ("ecec_share_under_3", 20.0),  # about 400 children under 3 in 6,000 households: sampling noise
        ("ecec_share_3_5", 6.0),
        ("rented_share_head_under_30", 8.0),
        ("working_students", 12.0),
        ("rented_share_single_under_35", 10.0),
        ("rented_share_single_35_64", 10.0),
        ("rented_share_single_65_plus", 15.0),
        ("rented_share_couple_with_children", 15.0),
        ("unemployed_not_in_family_share", 15.0),
        ("pension_median", 5.0),
    ],
)
def test_reported_figures_are_close(report, key, tolerance_pct):
    row = report[key]
    assert abs(row["deviation_pct"]) <= tolerance_pct, row


def test_report_rows_have_the_documented_fields(pop):
    rows = calibration_report(pop)
    assert len(rows) == len(calibrate.load_targets().targets)
    for row in rows:
        assert {"key", "label", "target", "achieved", "deviation_pct", "unit", "year", "source"} <= set(row)
        assert isinstance(row["label"], str) and set(row["labels"]) == {"fi", "sv", "en"}
    recomputed = {r["key"]: r["achieved"] for r in rows}
    for r in pop.calibration_report:
        assert recomputed[r["key"]] == pytest.approx(r["achieved"], rel=1e-9)


def test_calibrate_weights_reproduces_totals_within_bounds():
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(500), rng.integers(0, 3, 500), rng.random(500) < 0.3])
    d = np.full(500, 10.0)
    totals = X.T @ d * np.array([1.0, 1.1, 0.8])
    w, info = calibrate.calibrate_weights(X, d, totals, bounds=(0.5, 2.0))
    assert info["converged"]
    assert X.T @ w == pytest.approx(totals, rel=1e-9)
    assert (w >= 5.0 - 1e-9).all() and (w <= 20.0 + 1e-9).all()


def test_calibrate_weights_meets_a_share_with_a_zero_total():
    rng = np.random.default_rng(1)
    n = 400
    group = rng.random(n) < 0.5
    works = group & (rng.random(n) < 0.5)
    share = 0.8  # of the group, against 0.5 in the sample
    X = np.column_stack([np.ones(n), works - share * group])
    d = np.full(n, 5.0)
    w, info = calibrate.calibrate_weights(X, d, np.array([2000.0, 0.0]), scales=np.array([2000.0, group.sum() * 5.0]))
    assert info["converged"]
    assert w.sum() == pytest.approx(2000.0)
    assert w[works].sum() / w[group].sum() == pytest.approx(share, abs=1e-9)
    with pytest.raises(calibrate.CalibrationError):
        calibrate.calibrate_weights(X, d, np.array([2000.0, 0.0]))  # a zero total needs a scale


def _target_spec(**fields) -> dict:
    """A target's fields for the validation tests: a count of persons unless ``fields`` say otherwise."""
    spec = {
        "key": "x",
        "label": {"fi": "x", "sv": "x", "en": "x"},
        "value": 1,
        "unit": "persons",
        "year": 2024,
        "count": "persons",
        "source": {"title": "t", "href": "http://x"},
        "confidence": "SC",
    }
    return {**spec, **fields}


def test_calibrated_share_must_be_a_proper_share():
    spec = _target_spec(
        value=1.2,
        unit="/1",
        calibrate=True,
        measure="share",
        where={"sex": "female"},
        numerator={"status": ["employed"]},
    )
    with pytest.raises(ValueError):
        calibrate.Target.model_validate(spec)
    calibrate.Target.model_validate(dict(spec, value=0.7))
    with pytest.raises(ValueError):
        calibrate.Target.model_validate(dict(spec, value=0.7, measure="median", variable="earnings"))


def test_calibration_that_cannot_be_met_is_reported():
    X = np.column_stack([np.ones(100), np.r_[np.ones(10), np.zeros(90)]])
    d = np.ones(100)
    _, info = calibrate.calibrate_weights(X, d, np.array([100.0, 60.0]), bounds=(0.5, 2.0), max_iter=30)
    assert not info["converged"] and info["max_abs_deviation"] > 0.01


def test_full_size_means_one_household_per_finnish_household():
    assert synthetic.resolve_household_count("full") == round(calibrate.households_total())
    with pytest.raises(ValueError):
        synthetic.resolve_household_count("all")


# ----------------------------------------------------------------------------- income distributions
@pytest.fixture(scope="module")
def big() -> Population:
    """A larger population for distributional properties (tails need more observations)."""
    return build_population(40_000, seed=7)


@pytest.fixture(scope="module")
def big_report(big) -> dict[str, dict]:
    return {r["key"]: r for r in big.calibration_report}


def _cfg():
    return synthetic.load_generator()


def test_wage_bill_and_fulltime_distribution_meet_their_sources(big_report):
    assert abs(big_report["wage_bill"]["deviation_pct"]) <= 4.0, big_report["wage_bill"]
    for key, tol in (
        ("fulltime_earnings_p10", 1.5),
        ("fulltime_earnings_median", 1.0),
        ("fulltime_earnings_p90", 1.5),
        ("fulltime_earnings_mean", 3.0),
    ):
        assert abs(big_report[key]["deviation_pct"]) <= tol, big_report[key]


def test_earnings_top_tail_is_pareto_with_the_documented_coefficient():
    tail = _cfg()["earnings_top_tail"]
    ft = earnings.FulltimeEarnings(
        log_median={0: np.log(3884.0), 1: np.log(3373.0)},
        age_factor=np.ones(111),
        region_factor={1: 1.0, 2: 1.0, 3: 1.0},
    )
    rng = np.random.default_rng(0)
    base, z = (
        ft.base(np.full(400_000, 40), rng.integers(0, 2, 400_000), np.full(400_000, 2)),
        rng.standard_normal(400_000),
    )
    ft.fit(base, z, 2477, 3611, 6115)
    ft.set_tail(base, z, tail["from_quantile"], tail["alpha"])
    plain, x = ft.draw(base, z), ft.draw(base, z, tail=True)
    t = np.quantile(x, tail["from_quantile"])
    # below the threshold nothing changes; above it the survival function falls as x ** -alpha
    assert np.array_equal(np.sort(plain)[: int(0.89 * len(x))], np.sort(x)[: int(0.89 * len(x))])
    for k in (1.5, 2.0, 3.0):
        ratio = np.mean(x > k * t) / np.mean(x > t)
        assert ratio == pytest.approx(k ** -tail["alpha"], rel=0.08), k
    # the mean above the threshold is alpha / (alpha - 1) times the threshold
    assert x[x > t].mean() / t == pytest.approx(tail["alpha"] / (tail["alpha"] - 1), rel=0.05)


def test_pension_composition_follows_etk(big, big_report):
    pd = _cfg()["pension_distribution"]
    assert big_report["pension_below_national_pension_limit_share"]["achieved"] == pytest.approx(
        pd["with_national_pension"], abs=0.01
    )
    assert big_report["national_pension_only_share"]["achieved"] == pytest.approx(0.05, abs=0.006)
    assert big_report["pension_over_2000_share_women"]["achieved"] == pytest.approx(
        1 - pd["below_middle"]["women"], abs=0.015
    )
    assert big_report["pension_over_2000_share_men"]["achieved"] == pytest.approx(
        1 - pd["below_middle"]["men"], abs=0.015
    )
    assert big_report["pension_over_3000_share"]["achieved"] == pytest.approx(pd["above_high"], abs=0.01)
    # the share under the single person's limit (1,617) is the composition's 34 % give or take the couples
    p = big.persons
    pens = big.status_is(Status.PENSIONER, Status.DISABILITY_PENSIONER)
    w = big.weight
    under = (p["earnings_related_pension"] < pd["national_pension_limit"]["single"]) & pens
    assert 0.33 <= w[under].sum() / w[pens].sum() <= 0.42


def test_capital_income_total_recipients_and_pareto_tail(big, big_report):
    ci = _cfg()["capital_income"]
    assert big_report["capital_income_total"]["achieved"] == pytest.approx(ci["taxable_total_annual"], rel=1e-6)
    assert abs(big_report["capital_income_financial_recipients"]["deviation_pct"]) <= 8
    assert abs(big_report["capital_income_rental_recipients"]["deviation_pct"]) <= 12
    x = big.persons["other_income"] * 12
    w = big.weight
    assert (x[big.persons["age"] < 18] == 0).all()
    pos = x > 0
    order = np.argsort(x[pos])
    xs, ws = x[pos][order], w[pos][order]
    cw = np.cumsum(ws)
    top1 = cw > 0.99 * cw[-1]
    # heavily concentrated: the top 1 % of recipients hold a third or more of all capital income
    assert (xs[top1] * ws[top1]).sum() / (xs * ws).sum() > 0.3
    # most of it in households with net assets
    assets = big.to_person(big.households["has_assets"])
    assert (x * w)[assets].sum() / (x * w).sum() > 0.8


def test_renters_by_income_decile_follow_the_income_distribution_statistics(big, big_report):
    # who the renters are: the three lowest deciles hold 59 % of renter households (calibrated)
    low = big_report["renters_in_lowest_three_deciles_share"]
    assert low["achieved"] == pytest.approx(0.591, rel=1e-4), low
    # the renting shares by decile are fitted by the generator and reported: calibrating the renters' composition
    # lifts the three lowest deciles above their published shares (the model's deciles 2-3 hold fewer households)
    shares = np.array([big_report[f"rented_share_income_decile_{k}"]["achieved"] for k in range(1, 11)])
    published = np.array([big_report[f"rented_share_income_decile_{k}"]["target"] for k in range(1, 11)])
    assert np.abs(shares / published - 1) == pytest.approx(np.zeros(10), abs=0.15), shares
    assert shares[:3].mean() > 2.5 * shares[-3:].mean()
    deciles = calibrate.income_decile(big)
    assert deciles.min() == 1 and deciles.max() == 10


def test_the_unemployed_are_the_2025_stock_with_the_2025_benefit_split(big, big_report):
    # the registered jobseekers of 2025; the people in employment services with a benefit are apart
    unemployed = big.status_is(*UNEMPLOYED_STATUSES) & ~big.persons["in_services"]
    assert big.weight[unemployed].sum() == pytest.approx(314_600, rel=1e-4)
    split = _cfg()["unemployment_benefit_split"]
    total = split["labour_market_subsidy"] + split["basic_allowance"] + split["earnings_related"]
    status, weight = big.persons["status"], big.weight
    for code, key in (
        (Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY, "labour_market_subsidy"),
        (Status.UNEMPLOYED_BASIC_ALLOWANCE, "basic_allowance"),
        (Status.UNEMPLOYED_EARNINGS_RELATED, "earnings_related"),
    ):
        share = weight[unemployed & (status == code)].sum() / weight[unemployed].sum()
        assert share == pytest.approx(split[key] / total, abs=0.03), key  # an input split, never raked
    assert big_report["unemployed_long_term_share"]["achieved"] == pytest.approx(0.423, abs=0.03)


def test_the_months_earners_and_the_annual_count_through_the_turnover_factor(big_report):
    month = big_report["earners_in_month"]
    year = big_report["wage_earners"]
    assert year["achieved"] == pytest.approx(month["achieved"] * _cfg()["wage_earner_turnover"], rel=1e-9)
    # the month's earners include the self-employed with business income only, whom the register does not count
    assert 0 <= month["deviation_pct"] <= 6, month
    assert abs(year["deviation_pct"]) <= 6, year
    # the month's pay is lower than the register's at every quartile (see POPULATION.md): part-time and
    # part-month pay and the side earnings of students and pensioners are, if anything, too common
    quartiles = [big_report[f"month_pay_{q}"] for q in ("p25", "median", "p75")]
    assert all(-20 <= row["deviation_pct"] <= 0 for row in quartiles), quartiles
    assert quartiles[0]["achieved"] < quartiles[1]["achieved"] < quartiles[2]["achieved"]


def test_reference_person_has_the_largest_income_then_the_oldest():
    hh = np.array([0, 0, 0, 1, 1, 2, 3, 3])
    income = np.array([100.0, 3000.0, 3000.0, 0.0, 0.0, 0.0, 500.0, 0.0])
    age = np.array([70, 40, 45, 30, 52, 19, 25, 60])
    ref = calibrate.reference_person_index(hh, income, age, 4)
    assert ref.tolist() == [2, 4, 5, 6]  # equal income: the oldest; nobody with income: the oldest
    with pytest.raises(calibrate.CalibrationError):
        calibrate.reference_person_index(hh, income, age, 5)


def test_reference_status_and_couple_filters(pop):
    ref = calibrate.reference_person(pop)
    assert (pop.hh[ref] == np.arange(pop.n_households)).all()
    p = pop.persons
    income = p["earnings"] + p["earnings_related_pension"]
    starts = np.r_[0, np.flatnonzero(np.diff(pop.hh)) + 1]
    assert (income[ref] == np.maximum.reduceat(income, starts)).all()
    assert (p["role"][ref] != Role.CHILD).all()
    t = next(t for t in calibrate.load_targets().targets if t.key == "rented_share_reference_unemployed")
    hw = pop.households["weight"]
    unemployed = np.isin(
        p["status"][ref],
        [
            Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
            Status.UNEMPLOYED_BASIC_ALLOWANCE,
            Status.UNEMPLOYED_EARNINGS_RELATED,
        ],
    )
    rented = pop.households["tenure"] == 1
    assert calibrate.measure(pop, t) == pytest.approx(hw[unemployed & rented].sum() / hw[unemployed].sum(), rel=1e-12)
    t = next(t for t in calibrate.load_targets().targets if t.key == "rented_share_couple_65_plus")
    m = pop.has_spouse & (pop.n_persons_in_household == 2) & (pop.head_age >= 65)
    assert calibrate.measure(pop, t) == pytest.approx(hw[m & rented].sum() / hw[m].sum(), rel=1e-12)


def test_odds_raking_meets_consistent_margins_and_moves_levels():
    rng = np.random.default_rng(4)
    n = 20_000
    a, b = rng.integers(0, 3, n), rng.integers(0, 4, n)
    odds = np.exp(rng.normal(0, 1, n))
    # margins generated by a model with one factor per cell: raking recovers them
    truth = odds * np.array([0.5, 1.0, 3.0])[a] * np.array([2.0, 1.0, 0.7, 0.2])[b]
    pr = truth / (1 + truth)
    ta = np.bincount(a, weights=pr) / np.bincount(a)
    tb = np.bincount(b, weights=pr) / np.bincount(b)
    b_part = np.where(b == 3, -1, b)  # a margin that leaves some units out
    fitted, info = tenure.fit_odds_margins(odds, [(a, ta), (b_part, tb[:3])], sweeps=200, tol=1e-9)
    got = fitted / (1 + fitted)
    assert np.bincount(a, weights=got) / np.bincount(a) == pytest.approx(ta, abs=1e-6)
    inside = b_part >= 0
    assert np.bincount(b_part[inside], weights=got[inside]) / np.bincount(b_part[inside]) == pytest.approx(
        tb[:3], abs=1e-6
    )
    assert info["max_gap"] < 1e-6
    # the level move keeps the order of the shares and gives the wanted average
    moved = tenure.to_level(a, ta, 0.5)
    assert np.argsort(moved).tolist() == np.argsort(ta).tolist()
    assert (np.bincount(a) * moved).sum() / n == pytest.approx(0.5, abs=1e-9)
    assert tenure.level_odds(np.array([0.27]), 0.307, 0.359)[0] == pytest.approx(0.319, abs=0.001)


def test_renting_by_reference_activity_and_life_stage(big, big_report):
    for key in (
        "rented_share_reference_employed",
        "rented_share_reference_unemployed",
        "rented_share_reference_student",
    ):
        assert abs(big_report[key]["deviation_pct"]) <= 0.01, big_report[key]
    for stage in tenure.LIFE_STAGES[:-1]:
        row = big_report[f"rented_share_{stage}"]
        # the survey's life stages are a pattern the raking meets as a compromise (couples under 35: -0.027 with
        # 100,000 households), and here small cells (couples under 35: ~1,700, a standard error of about 0.011)
        assert abs(row["achieved"] - row["target"]) <= 0.045, row
    shares = {k: big_report[k]["achieved"] for k in big_report if k.startswith("rented_share_")}
    assert (
        shares["rented_share_reference_student"]
        > shares["rented_share_reference_unemployed"]
        > shares["rented_share_reference_employed"]
    )
    assert (
        shares["rented_share_single_under_35"]
        > shares["rented_share_single_35_64"]
        > shares["rented_share_single_65_plus"]
    )
    assert shares["rented_share_couple_35_64"] > shares["rented_share_couple_65_plus"]
    # the totals stay calibrated and the income gradient stays
    assert abs(big_report["households_rented"]["deviation_pct"]) <= 0.01
    assert abs(big_report["households_rented_1_person"]["deviation_pct"]) <= 0.01
    assert abs(big_report["rented_share_head_under_30"]["deviation_pct"]) <= 5.0


def test_who_the_unemployed_live_with_follows_the_register(big_report):
    """The register's family statuses of the unemployed (2016) are calibrated: four of the five shares are targets
    and the fifth (not in a family) follows, because the five add up to one. Until December 2026 they were only
    fitted in the draw and the calibration moved them (adult children at home 15 % against 11 %)."""
    for key in activity.FAMILY_STATUSES:
        row = big_report[f"unemployed_{key}_share"]
        assert row["achieved"] == pytest.approx(row["target"], abs=0.002), row
    assert not big_report["unemployed_not_in_family_share"]["calibrated"]
    shares = [big_report[f"unemployed_{key}_share"]["achieved"] for key in activity.FAMILY_STATUSES]
    assert sum(shares) == pytest.approx(1.0, abs=1e-9)


def test_the_family_status_read_from_the_population_is_the_generators():
    """``calibrate.family_status`` reads each adult's family status from the population's columns (roles, spouses,
    children, ``with_parents``); on a synthetic population it is the one the generator drew from its household
    types, for every person, flat-sharers and parents with adult children included."""
    households, persons, extra = synthetic.synthesize(3_000, seed=5)
    pop = Population(households, persons, source="synthetic")
    read = calibrate.family_status(pop)
    assert np.array_equal(read, extra["family_status"])
    flat_sharers = (persons["role"] == Role.OTHER_ADULT) & (persons["with_parents"] == 0)
    adult_children = (persons["role"] == Role.OTHER_ADULT) & (persons["with_parents"] == 1)
    assert flat_sharers.any() and adult_children.any()
    assert (read[flat_sharers] == activity.FAMILY_STATUSES.index("not_in_family")).all()
    assert (read[adult_children] == activity.FAMILY_STATUSES.index("child_of_family")).all()


def test_without_the_with_parents_column_the_family_status_follows_the_household():
    """A population that does not say who lives with their parents (``with_parents`` = -1, the column's default):
    the other adults of a household with a spouse or minor children count as its children, others as not in a
    family."""
    households, persons, _ = synthetic.synthesize(3_000, seed=5)
    persons = {k: v for k, v in persons.items() if k != "with_parents"}
    pop = Population(households, persons, source="synthetic")
    assert (pop.persons["with_parents"] == -1).all()
    read = calibrate.family_status(pop)
    other = pop.persons["role"] == Role.OTHER_ADULT
    family = pop.to_person(pop.has_spouse | (pop.n_children > 0))
    child_of_family = activity.FAMILY_STATUSES.index("child_of_family")
    assert (read[other & family] == child_of_family).all()
    assert (read[other & ~family] == activity.FAMILY_STATUSES.index("not_in_family")).all()


def test_pension_tails_meet_the_mean_and_the_top_share(big, big_report):
    # the mean over all recipients and the share over €5,000 (2023 euros) are fitted; the median is a check
    assert abs(big_report["earnings_related_pension_mean"]["deviation_pct"]) <= 1.5, big_report[
        "earnings_related_pension_mean"
    ]
    assert big_report["pension_over_5000_share"]["achieved"] == pytest.approx(0.02, abs=0.003)
    assert abs(big_report["pension_median"]["deviation_pct"]) <= 2.0, big_report["pension_median"]
    # the small pensions lie well below the national pension limit: a quarter of those below it get under €800
    p, w = big.persons, big.weight
    pens = big.status_is(Status.PENSIONER, Status.DISABILITY_PENSIONER)
    x = p["earnings_related_pension"]
    limit = np.where(big.has_partner, 1449.0, 1617.0)
    below = pens & (x > 0) & (x < limit)
    assert w[below & (x < 800)].sum() / w[below].sum() > 0.25
    # the stretches keep the order and the share on each side of the anchor
    v = np.array([0.0, 100.0, 900.0, 1600.0, 1617.0, 3000.0, 6000.0])
    lo = pensions.power_stretch(v, 1617.0, 2.0, below=True)
    hi = pensions.power_stretch(v, 3211.8, 1.5, below=False)
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)
    assert lo[0] == 0 and (lo[1:4] < v[1:4]).all() and (lo[4:] == v[4:]).all()
    assert (hi[:6] == v[:6]).all() and hi[6] > v[6]


def test_home_parents_have_a_small_child_and_previous_earnings(big):
    p = big.persons
    home = p["status"] == Status.HOME_PARENT
    child = p["role"] == Role.CHILD
    youngest = np.full(big.n_households, 99)
    np.minimum.at(youngest, big.hh[child], p["age"][child])
    assert (big.to_person(youngest)[home] < 3).all()
    w = big.weight
    with_prev = w[home & (p["previous_earnings"] > 0)].sum() / w[home].sum()
    assert 0.55 <= with_prev <= 0.95
    # drawn from employed people of the same sex aged 25–40
    women = home & (p["sex"] == 1) & (p["previous_earnings"] > 0)
    ref = (p["status"] == Status.EMPLOYED) & (p["sex"] == 1) & (p["age"] >= 25) & (p["age"] <= 40)
    assert np.median(p["previous_earnings"][women]) == pytest.approx(np.median(p["earnings"][ref]), rel=0.1)
    # a parent is at home with nearly every baby
    families_baby = youngest == 0
    assert (
        big.households["weight"][families_baby & big.hh_any(home)].sum() / big.households["weight"][families_baby].sum()
        > 0.85
    )


def _parents_at_work(pop: Population, sex: int, lo: int, hi: int, single: bool | None = None) -> float:
    p = pop.persons
    youngest = calibrate.youngest_child_age(pop)[pop.hh]
    group = pop.is_parent & (p["sex"] == sex) & (youngest >= lo) & (youngest <= hi)
    group &= (p["age"] >= 20) & (p["age"] <= 59)
    if single is not None:
        group &= pop.to_person(pop.single_parent) == single
    at_work = (p["status"] == Status.EMPLOYED) | ((p["status"] == Status.STUDENT) & (p["earnings"] > 0))
    w = pop.weight
    return float(w[group & at_work].sum() / w[group].sum())


def test_youngest_child_age_filter(pop):
    youngest = calibrate.youngest_child_age(pop)
    p = pop.persons
    child = p["role"] == Role.CHILD
    for h in np.flatnonzero(pop.n_children > 0)[:200]:
        assert youngest[h] == p["age"][child & (pop.hh == h)].min()
    assert (youngest[pop.n_children == 0] == 99).all()
    t = next(t for t in calibrate.load_targets().targets if t.key == "parents_at_work_mothers_youngest_3_6")
    assert calibrate.measure(pop, t) == pytest.approx(_parents_at_work(pop, 1, 3, 6), rel=1e-12)


def test_parents_at_work_follow_the_published_rates_before_calibration():
    """The generator assigns the parents' activity to the published rates; calibration only fine-tunes."""
    households, persons, _ = synthetic.synthesize(40_000, 5)
    raw = Population(households, persons, source="synthetic")
    pe = _cfg()["parents_employment"]
    for lo, hi, rate in pe["mothers_by_youngest_child"]:
        assert _parents_at_work(raw, 1, lo, hi) == pytest.approx(rate, abs=0.02), (lo, hi)
    for lo, hi, rate in pe["fathers_by_youngest_child"]:
        assert _parents_at_work(raw, 0, lo, hi) == pytest.approx(rate, abs=0.025), (lo, hi)
    # single mothers lie about the published gap below mothers in couples; the bands 3-6 and 7-17 are pooled, as
    # 40,000 households hold only about 600 single mothers per band (a sampling error of 2-3 points each)
    gap = pe["single_parent_gap"]["mothers"]
    diff = _parents_at_work(raw, 1, 3, 17, single=False) - _parents_at_work(raw, 1, 3, 17, single=True)
    assert diff == pytest.approx(gap, abs=0.04)


def test_parents_work_more_than_others_and_home_parents_are_not_at_work(big, big_report):
    for key in (
        "parents_at_work_mothers_youngest_1_2",
        "parents_at_work_mothers_youngest_3_6",
        "parents_at_work_mothers_youngest_7_17",
        "parents_at_work_fathers",
    ):
        assert abs(big_report[key]["deviation_pct"]) <= 0.01, big_report[key]
    # the register check on single parents (2016) is met roughly
    assert abs(big_report["parents_at_work_single_parents"]["deviation_pct"]) <= 6.0
    p, w = big.persons, big.weight
    employed = p["status"] == Status.EMPLOYED
    prime = (p["age"] >= 30) & (p["age"] <= 49) & (p["role"] != Role.CHILD)
    for sex in (0, 1):
        grp = prime & (p["sex"] == sex)
        parents = w[grp & big.is_parent & employed].sum() / w[grp & big.is_parent].sum()
        others = w[grp & ~big.is_parent & employed].sum() / w[grp & ~big.is_parent].sum()
        assert parents > others + 0.05, (sex, parents, others)
    # mothers whose youngest child is 1–2 and who are at home count in the rate's denominator
    youngest = calibrate.youngest_child_age(big)[big.hh]
    mothers = big.is_parent & (p["sex"] == 1) & (youngest >= 1) & (youngest <= 2) & (p["age"] >= 20) & (p["age"] <= 59)
    home = mothers & (p["status"] == Status.HOME_PARENT)
    assert 0.1 < w[home].sum() / w[mothers].sum() < 0.4
    # most children living with a couple have two parents at work
    hw = big.households["weight"]
    at_work = employed | ((p["status"] == Status.STUDENT) & (p["earnings"] > 0))
    two = big.hh_count(big.is_parent & at_work) == 2
    couple = (big.n_children > 0) & ~big.single_parent
    kids = big.n_children * hw
    assert 0.6 < kids[couple & two].sum() / kids[couple].sum() < 0.8


def test_money_range_filter_and_norm_ppf():
    pop_small = build_population(1_000, seed=3)
    t = calibrate.Target.model_validate(
        {
            "key": "x",
            "label": {"fi": "x", "sv": "x", "en": "x"},
            "value": 1,
            "unit": "persons",
            "year": 2024,
            "count": "persons",
            "where": {"earnings": [1000, 3000]},
            "source": {"title": "t", "href": "http://x"},
            "confidence": "SC",
        }
    )
    e = pop_small.persons["earnings"]
    assert calibrate.measure(pop_small, t) == pytest.approx(pop_small.weight[(e >= 1000) & (e <= 3000)].sum())
    with pytest.raises(ValueError):
        calibrate.Target.model_validate(
            {
                "key": "x",
                "label": {"fi": "x", "sv": "x", "en": "x"},
                "value": 1,
                "unit": "persons",
                "year": 2024,
                "count": "persons",
                "where": {"other_income": 5},
                "source": {"title": "t", "href": "http://x"},
                "confidence": "SC",
            }
        )
    p = np.array([1e-10, 0.001, 0.02, 0.3, 0.5, 0.9, 0.99, 1 - 1e-9])
    assert sampling.norm_cdf(sampling.norm_ppf(p)) == pytest.approx(p, abs=2e-7)
    assert sampling.norm_ppf(np.array([0.5]))[0] == pytest.approx(0.0, abs=1e-12)


def test_exclude_filter_leaves_out_the_persons_it_picks():
    pop_small = build_population(1_000, seed=3)
    spec = _target_spec(
        unit="EUR/month",
        measure="mean",
        variable="earnings_related_pension",
        where={"status": ["pensioner", "disability_pensioner"]},
        exclude={"status": ["pensioner"], "age": [0, 64]},
    )
    t = calibrate.Target.model_validate(spec)
    p, w = pop_small.persons, pop_small.weight
    st = p["status"]
    kept = (st == Status.DISABILITY_PENSIONER) | ((st == Status.PENSIONER) & (p["age"] >= 65))
    assert ((st == Status.PENSIONER) & (p["age"] < 65)).any()  # someone is left out
    expected = (w * p["earnings_related_pension"])[kept].sum() / w[kept].sum()
    assert calibrate.measure(pop_small, t) == pytest.approx(expected, rel=1e-12)
    whole = calibrate.Target.model_validate({k: v for k, v in spec.items() if k != "exclude"})
    assert calibrate.measure(pop_small, whole) != pytest.approx(expected, rel=1e-6)
    for bad in ({}, {"status": ["nobody"]}):
        with pytest.raises(ValueError):
            calibrate.Target.model_validate(dict(spec, exclude=bad))
    with pytest.raises(ValueError, match="person columns"):
        households = dict(spec, measure="count", count="households", where={}, exclude={"age": [0, 9]})
        calibrate.Target.model_validate(households)


# ----------------------------------------------------------------------------- assumptions files
def test_targets_are_documented_and_never_benefit_or_tax_outputs():
    forbidden = ("benefit", "allowance", "subsidy", "tax", "poverty", "gini", "recipient", "expenditure")
    for t in calibrate.load_targets().targets:
        assert t.source.href.startswith("http"), t.key
        if t.calibrate:
            assert not any(word in t.key for word in forbidden), t.key
            assert t.measure in ("count", "share")
            if t.measure == "share":  # a rate of an input group, never of a benefit or tax outcome
                allowed = {
                    "status",
                    "earnings_positive",
                    "sex",
                    "age",
                    "role",
                    "tenure",
                    "income_decile",
                    "family_status",
                }
                assert set(t.numerator) <= allowed, t.key


def test_every_generator_assumption_has_a_source_or_reason():
    raw = yaml.safe_load(synthetic.GENERATOR_PATH.read_text(encoding="utf-8"))
    model = synthetic.GeneratorFile.model_validate(raw)
    for name, a in model.assumptions.items():
        assert a.reference, name
        assert all(r.href or r.reason for r in a.reference), name


# ----------------------------------------------------------------------------- disk cache
def test_cache_round_trip_is_identical_and_not_rebuilt(tmp_path, monkeypatch):
    first = load_population(2_000, seed=3, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == 1

    def no_build(*args, **kwargs):
        raise AssertionError("the cached population should have been loaded")

    monkeypatch.setattr(synthetic, "build_population", no_build)
    second = load_population(2_000, seed=3, cache_dir=tmp_path)
    for table, other in ((first.households, second.households), (first.persons, second.persons)):
        for name, values in table.items():
            assert values.dtype == other[name].dtype
            assert np.array_equal(values, other[name]), name
    assert first.calibration_report == second.calibration_report
    assert second.source == "synthetic"


def test_cache_key_depends_on_size_seed_and_inputs(tmp_path, monkeypatch):
    a = store.cache_path(2_000, 3, tmp_path)
    assert a != store.cache_path(2_001, 3, tmp_path)
    assert a != store.cache_path(2_000, 4, tmp_path)
    monkeypatch.setattr(store, "CACHE_VERSION", store.CACHE_VERSION + 1)
    assert a != store.cache_path(2_000, 3, tmp_path)


def test_corrupt_cache_file_is_rebuilt(tmp_path):
    path = store.cache_path(1_000, 5, tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a numpy file")
    pop = load_population(1_000, seed=5, cache_dir=tmp_path)
    assert pop.n_households == 1_000
    assert store.read_population(path).n_households == 1_000


# ----------------------------------------------------------------------------- microdata: valid files
@pytest.fixture(scope="module")
def small() -> Population:
    return build_population(400, seed=4)  # 300 households are too few for every calibration target on most seeds


@pytest.mark.parametrize(
    "persons_name, households_name",
    [("p.csv", "h.csv"), ("p.parquet", "h.parquet"), ("p.csv", None), ("p.parquet", None)],
    ids=["csv, two files", "parquet, two files", "csv, one file", "parquet, one file"],
)
def test_microdata_round_trip(small, tmp_path, persons_name, households_name):
    hp = tmp_path / households_name if households_name else None
    write_microdata(small, tmp_path / persons_name, hp)
    loaded = load_microdata(tmp_path / persons_name, hp)
    for table, other in ((small.households, loaded.households), (small.persons, loaded.persons)):
        for name, values in table.items():
            assert other[name].dtype == values.dtype, name
            if values.dtype.kind == "f":
                np.testing.assert_allclose(other[name], values, rtol=1e-12)
            else:
                assert np.array_equal(other[name], values), name
    assert loaded.source.startswith("microdata:")
    rows = {r["key"]: r for r in calibration_report(loaded)}
    assert rows["households_total"]["achieved"] == pytest.approx(small.households["weight"].sum())


def _tiny_frames():
    persons = pd.DataFrame(
        {
            "household_id": [10, 10, 10, 20, 30, 30],
            "role": [0, 1, 2, 0, 0, 3],
            "age": [40, 38, 5, 70, 50, 20],
            "sex": [0, 1, 1, 1, 1, 0],
            "status": ["employed", "home_parent", "child", "pensioner", 1, "student"],
            "earnings": [3500, 0, 0, 0, 2800.5, 400],
        }
    )
    households = pd.DataFrame(
        {
            "household_id": [30, 10, 20],
            "weight": [100.0, 250.5, 80],
            "municipality_group": [3, 1, 2],
            "tenure": [1, 0, 1],
            "housing_cost": [650, 900, 480.25],
        }
    )
    return persons, households


def test_microdata_defaults_names_and_order(tmp_path):
    persons, households = _tiny_frames()
    persons.to_csv(tmp_path / "p.csv", index=False)
    households.to_csv(tmp_path / "h.csv", index=False)
    pop = load_microdata(tmp_path / "p.csv", tmp_path / "h.csv")
    assert pop.n_households == 3 and pop.n_persons == 6
    assert list(pop.households["household_id"]) == [10, 20, 30]
    assert list(pop.households["weight"]) == [250.5, 80.0, 100.0]
    assert list(pop.persons["status"]) == [1, 8, 0, 6, 1, 5]
    assert not pop.households["has_assets"].any()
    assert (pop.persons["earnings_related_pension"] == 0).all()
    assert pop.persons["unemployment_days_used"].dtype == np.int16
    assert list(pop.n_children) == [1, 0, 0]


def test_microdata_semicolon_csv_with_decimal_commas(tmp_path):
    persons, households = _tiny_frames()
    merged = persons.merge(households, on="household_id")
    merged["church_member"] = ["kyllä", "ei", "", "1", "0", "true"]
    text = merged.to_csv(index=False, sep=";", decimal=",")
    (tmp_path / "p.csv").write_text(text, encoding="utf-8")
    pop = load_microdata(tmp_path / "p.csv")
    assert pop.households["housing_cost"][1] == pytest.approx(480.25)
    assert list(pop.persons["church_member"]) == [True, False, False, True, False, True]


def test_microdata_accepts_uploaded_file_objects(small, tmp_path):
    import io

    write_microdata(small, tmp_path / "p.csv")
    upload = io.BytesIO((tmp_path / "p.csv").read_bytes())
    upload.name = "upload.csv"
    assert load_microdata(upload).n_persons == small.n_persons


# ----------------------------------------------------------------------------- microdata: bad files
def _drop(frame, col):
    return frame.drop(columns=[col])


def _set(frame, col, row, value):
    frame = frame.copy()
    frame[col] = frame[col].astype(object)
    frame.loc[row, col] = value
    return frame


BAD_PERSONS = [
    ("missing required column", lambda p: _drop(p, "age"), "age", "missing column"),
    ("not a number", lambda p: _set(p, "earnings", 1, "lots"), "earnings", "expected a number"),
    ("not a whole number", lambda p: _set(p, "age", 2, 5.5), "age", "whole number"),
    ("age out of range", lambda p: _set(p, "age", 3, 130), "age", "above the maximum"),
    ("negative earnings", lambda p: _set(p, "earnings", 0, -5), "earnings", "below the minimum"),
    ("sex not 0 or 1", lambda p: _set(p, "sex", 0, 2), "sex", "not one of"),
    ("unknown status name", lambda p: _set(p, "status", 0, "astronaut"), "status", "unknown status"),
    ("unknown status code", lambda p: _set(p, "status", 0, 12), "status", "unknown status"),
    ("empty required cell", lambda p: _set(p, "role", 1, ""), "role", "empty value"),
    (
        "bad boolean",
        lambda p: p.assign(church_member=["yes", "no", "maybe", "no", "no", "no"]),
        "church_member",
        "true or false",
    ),
    ("person without household", lambda p: _set(p, "household_id", 3, 99), "household_id", "not in"),
    ("household without head", lambda p: _set(p, "role", 3, 3), "role", "no head"),
    ("two heads", lambda p: _set(p, "role", 1, 0), "role", "more than one head"),
    ("two spouses", lambda p: _set(p, "role", 2, 1), "role", "more than one spouse"),
    ("adult with child role", lambda p: _set(p, "age", 2, 19), "role", "role 2"),
]

BAD_HOUSEHOLDS = [
    ("missing weight", lambda h: _drop(h, "weight"), "weight", "missing column"),
    ("zero weight", lambda h: _set(h, "weight", 0, 0), "weight", "greater than 0"),
    ("negative weight", lambda h: _set(h, "weight", 2, -1), "weight", "greater than 0"),
    ("unknown tenure", lambda h: _set(h, "tenure", 1, 7), "tenure", "not one of"),
    ("municipality group 4", lambda h: _set(h, "municipality_group", 0, 4), "municipality_group", "not one of"),
    ("duplicate household", lambda h: _set(h, "household_id", 2, 10), "household_id", "more than once"),
    (
        "household without persons",
        lambda h: pd.concat([h, h.iloc[[0]].assign(household_id=40)]),
        "household_id",
        "no persons",
    ),
]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("name, spoil, column, problem", BAD_PERSONS, ids=[b[0] for b in BAD_PERSONS])
def test_bad_persons_file_names_the_column(tmp_path, fmt, name, spoil, column, problem):
    persons, households = _tiny_frames()
    persons = spoil(persons)
    p, h = tmp_path / f"persons.{fmt}", tmp_path / f"households.{fmt}"
    _write(persons, p)
    _write(households, h)
    with pytest.raises(MicrodataError) as err:
        load_microdata(p, h)
    message = str(err.value)
    assert f"'{column}'" in message and problem in message and "persons." in message, message


@pytest.mark.parametrize("name, spoil, column, problem", BAD_HOUSEHOLDS, ids=[b[0] for b in BAD_HOUSEHOLDS])
def test_bad_households_file_names_the_column(tmp_path, name, spoil, column, problem):
    persons, households = _tiny_frames()
    households = spoil(households)
    p, h = tmp_path / "persons.csv", tmp_path / "households.csv"
    _write(persons, p)
    _write(households, h)
    with pytest.raises(MicrodataError) as err:
        load_microdata(p, h)
    message = str(err.value)
    assert f"'{column}'" in message and problem in message and "households.csv" in message, message


def test_one_file_with_inconsistent_household_columns(tmp_path):
    persons, households = _tiny_frames()
    merged = persons.merge(households, on="household_id")
    merged.loc[1, "tenure"] = 1
    merged.to_csv(tmp_path / "p.csv", index=False)
    with pytest.raises(MicrodataError, match="'tenure'.*different values"):
        load_microdata(tmp_path / "p.csv")


def test_one_file_without_household_columns(tmp_path):
    persons, _ = _tiny_frames()
    persons.to_csv(tmp_path / "p.csv", index=False)
    with pytest.raises(MicrodataError, match="'weight': missing column"):
        load_microdata(tmp_path / "p.csv")


def test_refuses_large_empty_and_unknown_files(tmp_path, monkeypatch):
    persons, households = _tiny_frames()
    persons.to_csv(tmp_path / "p.csv", index=False)
    monkeypatch.setattr(microdata, "MAX_FILE_BYTES", 10)
    with pytest.raises(MicrodataError, match="p.csv: the file is .* over the"):
        load_microdata(tmp_path / "p.csv")
    monkeypatch.undo()
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(MicrodataError, match="empty.csv: the file is empty"):
        load_microdata(tmp_path / "empty.csv")
    (tmp_path / "p.xlsx").write_bytes(b"PK")
    with pytest.raises(MicrodataError, match="unsupported file type"):
        load_microdata(tmp_path / "p.xlsx")
    with pytest.raises(MicrodataError, match="nothere.csv: cannot open"):
        load_microdata(tmp_path / "nothere.csv")


def _write(frame: pd.DataFrame, path) -> None:
    if str(path).endswith(".parquet"):
        frame = frame.copy()
        for col in frame.columns:
            if frame[col].dtype == object:
                frame[col] = frame[col].astype(str)
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)


def test_status_names_cover_every_code():
    assert sorted(int(s) for s in STATUS_NAMES.values()) == list(range(10))


def test_calibration_markdown_lists_every_target_and_the_docs_keep_them(capsys):
    """``python -m models calibration --markdown`` prints one row per target of targets.yaml, with its key, target,
    achieved value and whether it is calibrated; docs/POPULATION.md carries the generated table, so every target
    is documented (a new target without a row there fails)."""
    keys = [t.key for t in calibrate.load_targets().targets]
    assert main(["calibration", "--size", "1000", "--markdown"]) == 0
    table = capsys.readouterr().out
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == keys
    households = next(row for row in rows if row.startswith("| `households_total`"))
    assert households.endswith("| yes |") and "+0.00" in households
    docs = (Path(__file__).resolve().parents[1] / "docs" / "POPULATION.md").read_text(encoding="utf-8")
    assert "Generated by `python -m models calibration --markdown`" in docs
    missing = [key for key in keys if f"| `{key}` |" not in docs]
    assert not missing, missing
