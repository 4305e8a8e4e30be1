"""Cached loaders: the population and its baseline once per server and law date (cache_resource), results per
scenario (cache_data, bounded). Every page gets its numbers from here, so every chart shows the same engine run.

Every run uses the law of its scenario's date (``Scenario.law``; the session's choice, ui.law) on the population
raised to that law's year (:func:`models.population.in_year.population_in_year`); the baseline, the solver and the
three-way view (last year's law, the chosen law, the reform) likewise, each cached per date.

Under load every engine run takes a slot of the engine gate (:func:`models.runtime.engine_slot`: at most
``ARVOVALINNAT_ENGINE_THREADS`` runs at once, scratch memory handed back afterwards). The server should run with
``MALLOC_ARENA_MAX=2`` in its environment (``make run`` sets it; it must be set before the process starts).
A result is a few kB, so the results cache keeps many scenarios (``RESULTS_CACHE_ENTRIES``), enough that a
workshop never recomputes a scenario it has seen. The measurements behind these settings are in
docs/DEPLOYMENT.md.
"""

from __future__ import annotations

import datetime as dt
import os

# pandas is imported here, fully, before any page builds a chart: plotly looks pandas up in sys.modules
# without importing it, and on a fresh server a session that drew a chart while another session's thread was
# still importing pandas failed with "partially initialized module 'pandas'" (found by bench/load.py).
# Every page imports this module before its first chart, and a module being imported makes the others wait.
import pandas  # noqa: F401
import streamlit as st

from models.baseline import BaselineRun, baseline_run
from models.compare import compare
from models.law_change import law_change, three_way
from models.metrics import baseline_summary
from models.parameters import load_parameters
from models.population.core import Population
from models.population.in_year import population_in_year
from models.population.store import load_population
from models.runtime import engine_slot
from models.scenario import Scenario
from models.solver import solve_financing
from models.validation import validation_table
from ui.state import current_law

DEFAULT_SIZE = 100_000
#: The synthetic population's seed (the "reproduce" box prints it with the size).
SEED = 2025
RESULTS_CACHE_ENTRIES = 1024


def population_size() -> int:
    """Households in the synthetic population: ARVOVALINNAT_POPULATION_SIZE or 100,000."""
    return int(os.environ.get("ARVOVALINNAT_POPULATION_SIZE", DEFAULT_SIZE))


@st.cache_resource(show_spinner=False)
def _population(size: int, seed: int = SEED):
    with engine_slot():
        return load_population(size, seed=seed)


def population():
    """The calibrated synthetic population, built once per server process (and cached on disk), in its own year."""
    return _population(population_size())


@st.cache_resource(show_spinner=False)
def _population_at(size: int, date: dt.date) -> Population:
    pop = _population(size)
    with engine_slot():
        return population_in_year(pop, load_parameters(date))


def population_at(date: dt.date | None = None) -> Population:
    """The population in the year of the law of ``date`` (default: the session's law)."""
    return _population_at(population_size(), current_law() if date is None else date)


@st.cache_resource(show_spinner=False)
def _baseline(size: int, date: dt.date) -> BaselineRun:
    pop = _population_at(size, date)
    with engine_slot():
        return baseline_run(pop, load_parameters(date))


def baseline(date: dt.date | None = None) -> BaselineRun:
    """The run of the law of ``date`` (default: the session's law) with its distribution and trap rates."""
    return _baseline(population_size(), current_law() if date is None else date)


@st.cache_data(max_entries=4, show_spinner=False)
def _baseline_summary(size: int, date: dt.date) -> dict:
    pop = _population_at(size, date)
    params = load_parameters(date)
    base = _baseline(size, date)
    with engine_slot():
        return baseline_summary(pop, base.results, params)


def baseline_summary_figures(date: dt.date | None = None) -> dict:
    """Totals, recipients, poverty and inequality of the law of ``date`` (default: the session's law)."""
    return _baseline_summary(population_size(), current_law() if date is None else date)


@st.cache_data(max_entries=RESULTS_CACHE_ENTRIES, show_spinner=False)
def _results(scenario: Scenario, size: int, traps: bool) -> dict:
    """A budget-neutral scenario is solved first, so every page shows the same, neutral figures."""
    scenario, solved = _as_run(scenario, size)
    date = scenario.law
    pop, base = _population_at(size, date), _baseline(size, date)
    with engine_slot():
        out = compare(pop, load_parameters(date), scenario, baseline=base, traps=traps)
    if solved is not None:
        out["budget_neutral_rate"] = solved[0]
        out["solver_converged"] = solved[1]
    return out


def results(scenario: Scenario, traps: bool = True) -> dict:
    """Every metric of ``scenario`` against the law it changes (``scenario.law``; cached per scenario)."""
    return _results(scenario, population_size(), traps)


@st.cache_data(max_entries=256, show_spinner=False)
def _solve(scenario: Scenario, method: str, size: int) -> tuple[float, bool, Scenario]:
    date = scenario.law
    pop, base = _population_at(size, date), _baseline(size, date)
    with engine_slot():
        sol = solve_financing(pop, load_parameters(date), scenario, method=method, base=base.results)
    return sol.rate, sol.converged, sol.scenario


def solve(scenario: Scenario, method: str) -> tuple[float, bool, Scenario]:
    """The budget-neutral rate of ``method`` for ``scenario``: (rate, converged, solved scenario)."""
    return _solve(scenario, method, population_size())


def needs_solving(scenario: Scenario) -> bool:
    """Whether ``scenario`` asks for the budget-neutral rate of its financing method."""
    return scenario.financing.budget_neutral and scenario.financing.method != "none"


def _as_run(scenario: Scenario, size: int) -> tuple[Scenario, tuple[float, bool] | None]:
    if not needs_solving(scenario):
        return scenario, None
    rate, converged, solved = _solve(scenario, scenario.financing.method, size)
    return solved, (rate, converged)


def scenario_to_run(scenario: Scenario) -> tuple[Scenario, tuple[float, bool] | None]:
    """The scenario as every page runs it: a budget-neutral scenario at the rate solved on this population,
    with ``(rate, converged)``; any other as it is, with None."""
    return _as_run(scenario, population_size())


@st.cache_data(max_entries=4, show_spinner=False)
def _validation(size: int, lang: str) -> list[dict]:
    pop = _population(size)
    with engine_slot():
        return validation_table(pop, lang=lang)


def validation(lang: str = "fi") -> list[dict]:
    return _validation(population_size(), lang)


@st.cache_data(max_entries=64, show_spinner=False)
def _three_way(scenario: Scenario, size: int, last: dt.date) -> dict:
    scenario, _ = _as_run(scenario, size)
    with engine_slot():
        return three_way(_population(size), scenario, last, traps=False)


def three_way_results(scenario: Scenario, last: dt.date) -> dict:
    """Last year's law (``last``), the law ``scenario`` changes and the reform, on the population of the reform's
    year (:func:`models.law_change.three_way`; a budget-neutral scenario at its solved rate)."""
    return _three_way(scenario, population_size(), last)


@st.cache_data(max_entries=8, show_spinner=False)
def _law_change(size: int, date_from: dt.date, date_to: dt.date) -> dict:
    with engine_slot():
        return law_change(_population(size), date_from, date_to, traps=False)


def law_change_results(date_from: dt.date, date_to: dt.date) -> dict:
    """The law of ``date_to`` against the law of ``date_from`` (:func:`models.law_change.law_change`)."""
    return _law_change(population_size(), date_from, date_to)
