"""Law examples as data: every file in tests/cases/*.yaml, readable by a Kela or Vero expert.

A case file looks like::

    module: tax            # models.rules.<module>
    section: tax           # the Parameters section passed as ``p``
    date: 2026-08-01       # the law in force on this date (optional; default 1.8.2025, the 2025 law)
    cases:
      - name: Wage earner, EUR 30,000 a year, not a church member
        source: {title: Vero – tax calculator example, href: https://...}
        function: income_taxes
        input: {wages: 30000, age: 40}
        output: {state_tax: 1234.56}   # attribute or key of the result; ``value`` for a plain array
        tolerance: 1.0                 # EUR, default 0.01

Scalars in ``input`` become one-element arrays; ``params: {name: value}`` overrides parameters;
a case may name its own ``section`` when a file mixes sections, and its own ``date`` when it is about the law
of another date than the file's (the law in force on the date: parameters apply from their dates).
"""

import datetime as dt
import importlib
from pathlib import Path

import numpy as np
import pytest
import yaml

from models.parameters import LEGACY_LAW_DATE as DEFAULT_DATE
from models.parameters import load_parameters
from tests.helpers import as_array as _as_array

CASES_DIR = Path(__file__).parent / "cases"


def _as_date(value) -> dt.date:
    """A case's law date: a YAML date, or an ISO string."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        file_date = _as_date(doc.get("date", DEFAULT_DATE))
        for case in doc["cases"]:
            date = _as_date(case.get("date", file_date))
            yield pytest.param(doc["module"], doc["section"], date, case, id=f"{path.stem}: {case['name']}")


def test_case_files_without_a_date_are_the_default_law():
    """Cases written before law dates existed keep the law they were written for."""
    doc = {"module": "tax", "section": "tax", "cases": [{"name": "x"}]}
    assert _as_date(doc.get("date", DEFAULT_DATE)) == DEFAULT_DATE == dt.date(2025, 8, 1)
    assert _as_date("2026-03-01") == dt.date(2026, 3, 1)


@pytest.mark.parametrize("module,section,date,case", list(_load_cases()))
def test_law_case(module, section, date, case):
    mod = importlib.import_module(f"models.rules.{module}")
    func = getattr(mod, case["function"])
    p = getattr(load_parameters(date), case.get("section", section))
    if case.get("params"):
        p = p.model_copy(update=case["params"])
    kwargs = {k: _as_array(v) for k, v in case["input"].items()}
    result = func(**kwargs, p=p)
    tol = case.get("tolerance", 0.01)
    for key, expected in case["output"].items():
        if key == "value":
            got = result
        elif isinstance(result, dict):
            got = result[key]
        else:
            got = getattr(result, key)
        got = np.asarray(got, dtype=float).ravel()
        exp = np.asarray(expected, dtype=float).ravel()
        assert got.shape == exp.shape or got.size == 1, f"{key}: shape {got.shape} vs {exp.shape}"
        assert np.allclose(got, exp, atol=tol, rtol=0), (
            f"{case['name']} (law of {date}): {key} = {got.tolist()}, law example says {exp.tolist()} (±{tol}). "
            f"Source: {case.get('source', {}).get('title', 'n/a')}"
        )
