"""Jobseekers in employment-promoting services: paid the unemployment benefit of their status, not among the
registered unemployed, and free of the labour market subsidy's parents' income test while in the service."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from pydantic import ValidationError

from models.household import Adult, HouseholdSpec, household_population
from models.parameters import load_parameters
from models.population.activity import draw_employment_services, services_on_the_subsidy
from models.population.calibrate import calibration_report
from models.population.schema import UNEMPLOYED_STATUSES, Status
from models.population.store import load_population
from models.population.synthetic import load_generator
from models.system import compute


def _son_at_home(in_services: bool) -> HouseholdSpec:
    """Parents earning EUR 5,000 and 3,000 a month, their son (22) on the labour market subsidy at home."""
    return HouseholdSpec(
        adults=[
            {"age": 52, "status": "employed", "earnings": 5000},
            {"age": 50, "status": "employed", "earnings": 3000},
            {
                "age": 22,
                "status": "unemployed_labour_market_subsidy",
                "lives_with_parents": True,
                "in_services": in_services,
            },
        ],
        rent=1200,
    )


def _son(spec: HouseholdSpec, date: dt.date, component: str) -> float:
    pop = household_population(spec, np.array([5000.0]))
    res = compute(pop, load_parameters(date))
    return float(res.person[component][2])


def test_the_parents_income_does_not_cut_the_subsidy_during_a_service():
    date = dt.date(2025, 8, 1)
    u = load_parameters(date).unemployment
    full = u.basic_daily_amount * u.days_per_month
    at_home = _son(_son_at_home(False), date, "labour_market_subsidy")
    in_service = _son(_son_at_home(True), date, "labour_market_subsidy")
    assert at_home == pytest.approx(u.lms_parental_minimum_share * full, abs=0.01)  # the parents' 8,000 a month
    assert in_service == pytest.approx(full, abs=0.01)


def test_general_support_keeps_the_same_exemption():
    date = dt.date(2026, 6, 1)
    at_home = _son(_son_at_home(False), date, "yleistuki")
    in_service = _son(_son_at_home(True), date, "yleistuki")
    assert 0 < at_home < in_service
    assert _son(_son_at_home(True), date, "labour_market_subsidy") == 0  # replaced on 1.5.2026


def test_only_an_unemployed_adult_can_be_in_a_service():
    with pytest.raises(ValidationError, match="in_services"):
        Adult(age=30, status="employed", in_services=True)
    assert Adult(age=30, status="unemployed_basic_allowance", in_services=True).in_services


def test_the_draw_takes_students_and_the_inactive_of_the_given_ages():
    cfg = load_generator()
    spec = dict(cfg["employment_services"])
    cfg = {
        **cfg,
        "employment_services": {
            **spec,
            "from_students": {**spec["from_students"], "probability": 1.0},
            "from_other": {**spec["from_other"], "probability": 1.0},
        },
    }
    age = np.array([20, 30, 70, 20, 40, 30, 30], dtype=np.int16)
    status = np.array([Status.STUDENT, Status.STUDENT, Status.OTHER, Status.OTHER, Status.EMPLOYED, -1, Status.OTHER])
    unemployed = np.array([False, False, False, False, False, True, False])
    drawn = draw_employment_services(np.random.default_rng(0), cfg, age, status, unemployed)
    # a student under 25, an inactive person over 64 and the employed stay as they are
    assert drawn.tolist() == [False, True, False, True, False, False, True]
    assert unemployed.tolist() == [False, True, False, True, False, True, True]
    assert (status[drawn] == -1).all() and status[0] == Status.STUDENT and status[2] == Status.OTHER
    days = np.full(len(age), 100)
    status[unemployed] = Status.UNEMPLOYED_EARNINGS_RELATED
    everyone = {**cfg, "employment_services": {**cfg["employment_services"], "subsidy_share": 1.0}}
    services_on_the_subsidy(np.random.default_rng(0), everyone, drawn, status, days)
    assert (status[drawn] == Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY).all() and (days[drawn] == 0).all()
    assert status[5] == Status.UNEMPLOYED_EARNINGS_RELATED and days[5] == 100  # the registered unemployed keep theirs


def test_the_population_has_the_services_apart_from_the_registered_unemployed():
    pop = load_population(5000, seed=2025)
    rows = {r["key"]: r for r in calibration_report(pop)}
    for key in ("unemployed", "in_employment_services", "students"):
        assert rows[key]["achieved"] == pytest.approx(rows[key]["target"], rel=1e-3), key
    in_services = pop.persons["in_services"]
    status, age = pop.persons["status"], pop.persons["age"]
    assert in_services.any()
    assert np.isin(status[in_services], UNEMPLOYED_STATUSES).all()
    assert ((age[in_services] >= 18) & (age[in_services] <= 64)).all()
    w = pop.weight
    on_subsidy = float(w[in_services & (status == Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY)].sum())
    assert on_subsidy > 0.5 * float(w[in_services].sum())  # rehabilitative work and integration training, and more
