"""What changed between two laws, for whom: a change of the law read as a reform, and the three-way view.

Both laws run on the same population, in the later law's year (a static comparison, as the government's and
Statistics Finland's estimates of a law change are): everything :func:`models.compare.compare` reports — cost by
component, deciles, winners and losers, poverty — for the law of ``date_to`` against the law of ``date_from``. The
three-way view puts last year's law, today's law and a reform side by side. Published estimates of the same changes
(``assumptions/validation/law_changes.yaml``) are read beside the model's, each with its source.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from models.baseline import BaselineRun, baseline_run
from models.compare import compare
from models.parameter_types import ASSUMPTIONS_DIR
from models.parameters import load_parameters
from models.population.core import Population
from models.population.in_year import population_in_year
from models.scenario import Scenario

ESTIMATES_FILE = ASSUMPTIONS_DIR / "validation" / "law_changes.yaml"


def law_as_scenario(date: dt.date) -> Scenario:
    """The law in force on ``date`` with no changes: today's system of that date."""
    return Scenario(name=f"law of {date.isoformat()}", law_date=date)


def law_change(
    pop: Population, date_from: dt.date, date_to: dt.date, traps: bool = True, baseline: BaselineRun | None = None
) -> dict[str, Any]:
    """The law of ``date_to`` against the law of ``date_from``, on the same population — ``pop`` in the year of
    ``date_to`` (see the module docstring). ``baseline`` is the run of ``date_from``'s law on that population when
    the caller has it."""
    params_to = load_parameters(date_to)
    pop = population_in_year(pop, params_to)
    base = baseline if baseline is not None else baseline_run(pop, load_parameters(date_from), traps=traps)
    out = compare(pop, params_to, law_as_scenario(date_to), baseline=base, traps=traps)
    return {"law_from": date_from.isoformat(), "law_to": date_to.isoformat(), **out}


def three_way(pop: Population, scenario: Scenario, last_law: dt.date, traps: bool = True) -> dict[str, dict[str, Any]]:
    """Last year's law, today's law (``scenario.law``) and the reform: the law change, the reform against today's law
    and the reform against last year's law."""
    today = scenario.law
    params_today = load_parameters(today)
    pop = population_in_year(pop, params_today)
    base_last = baseline_run(pop, load_parameters(last_law), traps=traps)
    base_today = baseline_run(pop, params_today, traps=traps)
    return {
        # ``pop`` is already in today's year: law_change() would raise it to the year a second time
        "law_change": {
            "law_from": last_law.isoformat(),
            "law_to": today.isoformat(),
            **compare(pop, params_today, law_as_scenario(today), baseline=base_last, traps=traps),
        },
        "reform": compare(pop, params_today, scenario, baseline=base_today, traps=traps),
        "reform_against_last_law": compare(pop, params_today, scenario, baseline=base_last, traps=traps),
    }


def published_estimates(date_from: dt.date, date_to: dt.date, path: Path = ESTIMATES_FILE) -> list[dict[str, Any]]:
    """The published estimates of the changes between the two laws (those in force after ``date_from`` and on or
    before ``date_to``), each ``{key, label, value, unit, measure, model_key, source, note}``."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = []
    for row in doc["estimates"]:
        in_force = dt.date.fromisoformat(str(row["in_force"]))
        if date_from < in_force <= date_to:
            rows.append(row)
    return rows


def model_value(result: dict[str, Any], model_key: str | None) -> float | None:
    """The model's figure for an estimate's ``model_key``: a cost key, ``totals:<component>`` (the change in its
    annual total), ``<distribution key>`` (the change in points), or None."""
    if not model_key:
        return None
    if model_key.startswith("totals:"):
        t = result["totals_eur"][model_key.split(":", 1)[1]]
        return float(t["reform"] - t["baseline"])
    value = result.get(model_key)
    if isinstance(value, dict):
        return float(value["reform"] - value["baseline"]) if "reform" in value else None
    return None if value is None else float(value)
