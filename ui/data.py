"""Cached loaders: the population once per server (cache_resource), results per scenario (cache_data)."""

from __future__ import annotations

import os

import streamlit as st

from models.metrics import baseline_summary
from models.parameters import load_parameters
from models.system import compute

DEFAULT_SIZE = 100_000


def population_size() -> int:
    """Households in the synthetic population: ARVOVALINNAT_POPULATION_SIZE or 100,000."""
    return int(os.environ.get("ARVOVALINNAT_POPULATION_SIZE", DEFAULT_SIZE))


@st.cache_resource(show_spinner=False)
def population(size: int | None = None, seed: int = 2025):
    """The calibrated synthetic population, built once per server process (and cached on disk)."""
    from models.population.store import load_population

    return load_population(size or population_size(), seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def baseline(size: int | None = None) -> dict:
    """The 2025 baseline summary: totals, recipients, poverty and inequality."""
    pop = population(size or population_size())
    params = load_parameters()
    return baseline_summary(pop, compute(pop, params), params)


@st.cache_data(max_entries=4, show_spinner=False)
def validation(size: int | None = None, lang: str = "fi") -> list[dict]:
    from models.validation import validation_table

    return validation_table(population(size or population_size()), load_parameters(), lang=lang)
