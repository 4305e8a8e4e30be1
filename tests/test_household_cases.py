"""Household law cases: whole example households through the engine, readable by a Kela expert.

Every file in ``tests/cases/households/*.yaml`` is one case: a household in the format of the household
calculator (``models.household.HouseholdSpec``), the first adult's monthly earnings, and the monthly amounts
the law gives it on 1.8.2025 (the model's default date), each component checked against the engine::

    name: Single unemployed tenant in Tampere
    source: {title: Kela decision of 16.10.2025, href: https://...}   # or statute: https://finlex...
    see_also: [{title: ..., href: ...}]                                # optional further sources
    household: {adults: [{age: 35, status: unemployed_labour_market_subsidy}], rent: 520, municipality_group: 2}
    earnings: 0                  # the first adult's gross earnings, EUR/month (default 0)
    net_assets: 15000            # optional: the household's net assets, EUR (the housing allowance's asset test)
    params: {student_aid: {aid_months_per_year: 12}}   # optional: parameters of the case (say why in a comment)
    expected:
      housing_allowance: 299.25            # a household amount, EUR/month
      national_pension: [232.56, 582.56]   # or one amount per person: adults in order, then the children
    tolerance: 0.02              # EUR, default 0.01
    xfail: why the engine differs from the law   # optional: a known difference the lead has not fixed yet

The full arithmetic is in the comment at the top of each file. A component is looked up among the household
results of :func:`models.system.compute` (``Results.household``), then among the person results summed over the
household (e.g. ``study_grant``). A case marked ``xfail`` is a strict expected failure: it turns red when the
engine starts to agree with the law, so the marker is removed together with the fix.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from models.household import HouseholdSpec, household_population, sweep
from models.parameters import Parameters
from models.population.core import Population
from models.system import COMPONENTS, Results, compute

CASES_DIR = Path(__file__).parent / "cases" / "households"
KEYS = {"name", "source", "see_also", "household", "earnings", "net_assets", "params", "expected", "tolerance", "xfail"}


def _load(path: Path) -> dict:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = set(case) - KEYS
    if unknown:
        raise ValueError(f"{path.name}: unknown keys {sorted(unknown)}")
    for key in ("name", "source", "household", "expected"):
        if key not in case:
            raise ValueError(f"{path.name}: '{key}' is missing")
    source = case["source"]
    if "title" not in source or not ({"href", "statute"} & set(source)):
        raise ValueError(f"{path.name}: source needs a title and an href or a statute")
    return case


LOADED = {path.stem: _load(path) for path in sorted(CASES_DIR.glob("*.yaml"))}
CASES = [
    pytest.param(case, id=stem, marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else [])
    for stem, case in LOADED.items()
]


def _params(base: Parameters, overrides: dict | None) -> Parameters:
    if not overrides:
        return base
    update = {}
    for section, values in overrides.items():
        current = getattr(base, section)  # an unknown section is an AttributeError naming it
        unknown = set(values) - set(type(current).model_fields)
        if unknown:
            raise ValueError(f"params.{section}: unknown parameters {sorted(unknown)}")
        update[section] = current.model_copy(update=values)
    return base.model_copy(update=update)


def _population(case: dict) -> tuple[HouseholdSpec, Population]:
    spec = HouseholdSpec.model_validate(case["household"])
    pop = household_population(spec, np.array([float(case.get("earnings", 0.0))]))
    if "net_assets" in case:
        households = dict(pop.households)
        households["net_assets"] = np.array([float(case["net_assets"])])
        pop = Population(households, dict(pop.persons), source=pop.source)
    return spec, pop


def _modelled(key: str, expected, results: Results, pop: Population) -> np.ndarray:
    """The engine's amount of ``key``: per household, or per person when the case lists one amount a person."""
    per_person = isinstance(expected, list)
    if per_person:
        if key not in results.person:
            raise KeyError(f"'{key}' is not a person-level result (known: {sorted(results.person)})")
        if len(expected) != pop.n_persons:
            raise ValueError(f"'{key}': {len(expected)} amounts for {pop.n_persons} persons")
        return np.asarray(results.person[key], dtype=float)
    if key in results.household:
        return np.asarray(results.household[key], dtype=float)
    if key in results.person:
        return pop.hh_sum(results.person[key])
    raise KeyError(f"'{key}' is not a result of the engine (household: {sorted(results.household)})")


def test_there_are_household_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES)
def test_household_case(params, case):
    p = _params(params, case.get("params"))
    _, pop = _population(case)
    results = compute(pop, p)
    tol = float(case.get("tolerance", 0.01))
    source = case["source"]
    where = source.get("href") or source.get("statute")
    wrong = []
    for key, expected in case["expected"].items():
        got = _modelled(key, expected, results, pop)
        exp = np.asarray(expected, dtype=float).ravel()
        if not np.allclose(got, exp, atol=tol, rtol=0):
            shown = got.round(2).tolist() if got.size > 1 else round(float(got[0]), 2)
            wrong.append(f"  {key}: modelled {shown}, the law gives {expected} (±{tol})")
    assert not wrong, f"{case['name']}\n" + "\n".join(wrong) + f"\n  Source: {source['title']} <{where}>"


# The calculator's household format has no net assets (only the has_assets flag): those cases are left out.
@pytest.mark.parametrize("case", [pytest.param(c, id=stem) for stem, c in LOADED.items() if "net_assets" not in c])
def test_household_calculator_agrees(params, case):
    """The household calculator (``python -m models household``, the households page) gives the engine's amounts
    (whether or not they are the law's)."""
    p = _params(params, case.get("params"))
    spec, pop = _population(case)
    household = compute(pop, p).household
    row = sweep(spec, np.array([float(case.get("earnings", 0.0))]), p)[0]
    assert row["net_income"] == pytest.approx(float(household["net_income"][0]), abs=0.01)
    for key in COMPONENTS:
        assert row["components"][key] == pytest.approx(float(household[key][0]), abs=0.01), key
