"""Who gets the national pension: the validation's measures (mean per recipient, the full pension) and the
pension distribution's input behind them (pensioners with no work pension, by type)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from models.parameters import load_parameters
from models.population.calibrate import calibration_report
from models.population.in_year import population_in_year
from models.population.schema import Status
from models.population.store import load_population
from models.rules import pensions
from models.system import RECIPIENT_EUR, compute
from models.validation import SPECIAL, _national_pension_full_share, _national_pension_mean, _national_pension_paid


@pytest.fixture(scope="module")
def run(small_run_at):
    return small_run_at(dt.date(2025, 8, 1))


def test_the_full_pension_is_the_rules_amount_without_other_pensions(run):
    """Those the validation counts as paid the full pension are paid what the rule gives with no other pension and
    no early start, and nobody paid that is left out."""
    pop, res, params = run
    amount, paid, full = _national_pension_paid((pop, res))
    assert full.any() and (paid & ~full).any()
    status = pop.persons["status"]
    eligible = (status == Status.PENSIONER) | (status == Status.DISABILITY_PENSIONER)
    unreduced = pensions.national_pension(eligible, pop.has_partner, np.zeros(pop.n_persons), params.pensions)
    assert np.allclose(amount[full], unreduced[full])
    paid_in_full = paid & np.isclose(amount, unreduced, atol=RECIPIENT_EUR)
    assert np.array_equal(full, paid_in_full)


def test_no_work_pension_means_the_full_pension_at_the_pension_age(run):
    pop, res, params = run
    _, paid, full = _national_pension_paid((pop, res))
    status, age = pop.persons["status"], pop.persons["age"]
    none = pop.persons["earnings_related_pension"] == 0
    old_age_at_65 = (status == Status.PENSIONER) & (age >= 65) & none
    disabled = (status == Status.DISABILITY_PENSIONER) & none
    assert (old_age_at_65 | disabled).any()
    assert full[old_age_at_65 | disabled].all()
    # and a work pension above the protected amount always reduces it
    above = paid & (pop.persons["earnings_related_pension"] > params.pensions.national_pension_protected_amount + 1)
    assert not full[above].any()


def test_mean_and_share_are_weighted_over_the_recipients(run):
    pop, res, _ = run
    amount, paid, full = _national_pension_paid((pop, res))
    w = pop.weight
    assert _national_pension_mean((pop, res)) == pytest.approx(np.average(amount[paid], weights=w[paid]))
    assert _national_pension_full_share((pop, res)) == pytest.approx(w[full].sum() / w[paid].sum())
    assert 0 < _national_pension_full_share((pop, res)) < 1


def test_the_pensioners_without_a_work_pension_follow_the_input_by_type():
    """The generator gives disability pensioners without a work pension Kela's count and keeps ETK's 5 % in all;
    old-age pensioners without one come to about Kela's 20,000 full national pensions of their own accord."""
    pop = load_population(5000, seed=2025)
    rows = {r["key"]: r for r in calibration_report(pop)}
    disabled = rows["disability_pensioners_without_work_pension"]
    assert disabled["achieved"] == pytest.approx(disabled["target"], rel=0.15)
    assert rows["national_pension_only_share"]["achieved"] == pytest.approx(0.05, abs=0.01)
    status = pop.persons["status"]
    none = pop.persons["earnings_related_pension"] == 0
    old_age_none = float(pop.weight[(status == Status.PENSIONER) & none].sum())
    assert 10_000 < old_age_none < 35_000


def test_the_recipient_mix_rows_count_the_paid_persons(run):
    """The disability pensioners' share of the national pension's recipients and the under-30s' share of the
    guarantee pension's are weighted shares of the persons paid each; the young guarantee pensioners are disability
    pensioners (the old-age pension starts far later)."""
    pop, res, _ = run
    w, status, age = pop.weight, pop.persons["status"], pop.persons["age"]
    paid_np = res.person["national_pension"] > RECIPIENT_EUR
    paid_gp = res.person["guarantee_pension"] > RECIPIENT_EUR
    disabled = status == Status.DISABILITY_PENSIONER
    share = SPECIAL["national_pension_mix_disability"]({}, (pop, res))
    assert share == pytest.approx(w[paid_np & disabled].sum() / w[paid_np].sum())
    assert 0.0 < share < 1.0
    young = SPECIAL["guarantee_pension_mix_under_30"]({}, (pop, res))
    assert young == pytest.approx(w[paid_gp & (age < 30)].sum() / w[paid_gp].sum())
    assert young > 0.0 and disabled[paid_gp & (age < 30)].all()


def test_disability_pensioners_total_pension_ratio_is_etks():
    """``disability_pension.relative_level`` was set so that the disability pensioners' mean total pension (work,
    national and guarantee pensions) is ETK's 2016 share of all own-pension recipients' mean, 1,100 / 1,632; on the
    default population it still is, within sampling. A change of the pension fit or the rules that moves it means the
    level has to be found again."""
    law = load_parameters(dt.date(2025, 6, 1))
    pop = population_in_year(load_population(100_000, seed=2025), law)
    res = compute(pop, law)
    status, w = pop.persons["status"], pop.weight
    total = pop.persons["earnings_related_pension"] + res.person["national_pension"] + res.person["guarantee_pension"]
    disabled = status == Status.DISABILITY_PENSIONER
    pensioners = disabled | (status == Status.PENSIONER)
    ratio = np.average(total[disabled], weights=w[disabled]) / np.average(total[pensioners], weights=w[pensioners])
    assert ratio == pytest.approx(1100 / 1632, abs=0.02)


def test_the_guarantee_pensions_full_national_pension_share(run):
    """Everyone on the full national pension is below the guarantee level, so is paid the guarantee pension; the row
    is the weighted share of the guarantee pension's recipients who are on the full national pension."""
    pop, res, _ = run
    _, _, full = _national_pension_paid((pop, res))
    guaranteed = res.person["guarantee_pension"] > RECIPIENT_EUR
    assert full.any() and guaranteed[full].all()
    w = pop.weight
    expected = w[guaranteed & full].sum() / w[guaranteed].sum()
    share = SPECIAL["guarantee_pension_mix_full_national_pension"]({}, (pop, res))
    assert share == pytest.approx(expected) and 0.0 < share < 1.0
