"""Bureaucracy in the population: benefits, separate means tests, applications and reports per household.

The number of benefits and of means tests comes from :func:`models.compare.benefit_counts`. Applications and
period reports a year are counted per recipient of each benefit with the tables ``timing.applications_per_year``
and ``timing.reports_per_year`` (a benefit paid to two adults of a household counts twice; benefits of the
household — housing allowance, social assistance, child benefit … — once). Group means are over the persons of
the group (each person counts their household's figures, as in the groups of ``models.compare``); household types
and the whole population are household-weighted.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.cost import benefit_counts
from models.groups import person_groups
from models.population.core import HOUSEHOLD_TYPE_NAMES, Population
from models.system import HOUSEHOLD_COMPONENTS, Results

MEASURES = ("benefits", "means_tests", "applications", "reports")


def recipients(pop: Population, results: Results, component: str) -> np.ndarray:
    """Recipients of ``component`` in each household (persons for person-level benefits, 0/1 for household ones)."""
    if component in HOUSEHOLD_COMPONENTS or component not in results.person:
        return (results.household[component] > 0.005).astype(np.float64)
    return pop.hh_sum((results.person[component] > 0.005).astype(np.float64))


def household_load(pop: Population, results: Results, timing) -> dict[str, np.ndarray]:
    """Per household: benefits received, separate means tests, applications and period reports a year."""
    counts = benefit_counts(pop, results)
    applications = np.zeros(pop.n_households)
    reports = np.zeros(pop.n_households)
    for component, n in timing.applications_per_year.items():
        applications += n * recipients(pop, results, component)
    for component, n in timing.reports_per_year.items():
        reports += n * recipients(pop, results, component)
    return {
        "benefits": counts["n_benefits"].astype(np.float64),
        "means_tests": counts["n_tests"].astype(np.float64),
        "applications": applications,
        "reports": reports,
    }


def load_by_group(pop: Population, base: Results, reform: Results, timing) -> dict:
    """Mean benefits, means tests, applications and reports per household, baseline and reform: for all
    households, each group of ``models.compare.person_groups`` (persons weighted) and each household type."""
    b, r = household_load(pop, base, timing), household_load(pop, reform, timing)
    w = pop.households["weight"]
    pw = pop.weight

    def table(masks: dict[str, np.ndarray], weights: np.ndarray, expand) -> dict:
        names = list(masks)
        m = np.stack([masks[n] for n in names]).astype(np.float64)  # groups × units
        cols = np.stack([weights] + [weights * expand(x[k]) for x in (b, r) for k in MEASURES], axis=1)
        agg = m @ cols
        out = {}
        for i, name in enumerate(names):
            total = agg[i, 0]
            row: dict[str, Any] = {"weight": float(total)}
            for j, k in enumerate(MEASURES):
                base_v = agg[i, 1 + j] / total if total > 0 else 0.0
                reform_v = agg[i, 1 + len(MEASURES) + j] / total if total > 0 else 0.0
                row[k] = {"baseline": float(base_v), "reform": float(reform_v)}
            out[name] = row
        return out

    everyone = table({"all": np.ones(pop.n_households, dtype=bool)}, w, lambda x: x)["all"]
    groups = table(person_groups(pop), pw, pop.to_person)
    htypes = pop.household_type
    types = table({name: htypes == t for t, name in HOUSEHOLD_TYPE_NAMES.items()}, w, lambda x: x)
    return {"all": everyone, "groups": groups, "household_types": types}
