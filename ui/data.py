"""Cached loaders: the population and its baseline once per server (cache_resource), results per scenario
(cache_data, bounded). Every page gets its numbers from here, so every chart shows the same engine run."""

from __future__ import annotations

import os

import streamlit as st

from models.compare import BaselineRun, baseline_run, compare
from models.metrics import baseline_summary
from models.parameters import load_parameters
from models.scenario import Scenario
from models.solver import solve_financing

DEFAULT_SIZE = 100_000


def population_size() -> int:
    """Households in the synthetic population: ARVOVALINNAT_POPULATION_SIZE or 100,000."""
    return int(os.environ.get("ARVOVALINNAT_POPULATION_SIZE", DEFAULT_SIZE))


@st.cache_resource(show_spinner=False)
def _population(size: int, seed: int = 2025):
    from models.population.store import load_population

    return load_population(size, seed=seed)


def population():
    """The calibrated synthetic population, built once per server process (and cached on disk)."""
    return _population(population_size())


@st.cache_resource(show_spinner=False)
def _baseline(size: int) -> BaselineRun:
    return baseline_run(_population(size), load_parameters())


def baseline() -> BaselineRun:
    """The 2025 baseline run with its distribution and trap rates (shared by all sessions)."""
    return _baseline(population_size())


@st.cache_data(max_entries=4, show_spinner=False)
def _baseline_summary(size: int) -> dict:
    pop = _population(size)
    params = load_parameters()
    return baseline_summary(pop, _baseline(size).results, params)


def baseline_summary_figures() -> dict:
    """Totals, recipients, poverty and inequality of today's system."""
    return _baseline_summary(population_size())


@st.cache_data(max_entries=64, show_spinner=False)
def _results(scenario: Scenario, size: int, traps: bool) -> dict:
    """A budget-neutral scenario is solved first, so every page shows the same, neutral figures."""
    solved = None
    if scenario.financing.budget_neutral and scenario.financing.method != "none":
        solved = _solve(scenario, scenario.financing.method, size)
        scenario = solved[2]
    out = compare(_population(size), load_parameters(), scenario, baseline=_baseline(size), traps=traps)
    if solved is not None:
        out["budget_neutral_rate"] = solved[0]
        out["solver_converged"] = solved[1]
    return out


def results(scenario: Scenario, traps: bool = True) -> dict:
    """Every metric of ``scenario`` against the baseline (cached per scenario)."""
    return _results(scenario, population_size(), traps)


@st.cache_data(max_entries=32, show_spinner=False)
def _solve(scenario: Scenario, method: str, size: int) -> tuple[float, bool, Scenario]:
    sol = solve_financing(_population(size), load_parameters(), scenario, method=method, base=_baseline(size).results)
    return sol.rate, sol.converged, sol.scenario


def solve(scenario: Scenario, method: str) -> tuple[float, bool, Scenario]:
    """The budget-neutral rate of ``method`` for ``scenario``: (rate, converged, solved scenario)."""
    return _solve(scenario, method, population_size())


@st.cache_data(max_entries=4, show_spinner=False)
def _validation(size: int, lang: str) -> list[dict]:
    from models.validation import validation_table

    return validation_table(_population(size), load_parameters(), lang=lang)


def validation(lang: str = "fi") -> list[dict]:
    return _validation(population_size(), lang)
