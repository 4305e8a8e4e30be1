"""Law examples as data: every file in tests/cases/*.yaml, readable by a Kela or Vero expert.

A case file looks like::

    module: tax            # models.rules.<module>
    section: tax           # the Parameters section passed as ``p``
    cases:
      - name: Wage earner, EUR 30,000 a year, not a church member
        source: {title: Vero – tax calculator example, href: https://...}
        function: income_taxes
        input: {wages: 30000, age: 40}
        output: {state_tax: 1234.56}   # attribute or key of the result; ``value`` for a plain array
        tolerance: 1.0                 # EUR, default 0.01

Scalars in ``input`` become one-element arrays; ``params: {name: value}`` overrides parameters;
a case may name its own ``section`` when a file mixes sections.
"""

import importlib
from pathlib import Path

import numpy as np
import pytest
import yaml

from tests.helpers import as_array as _as_array

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            yield pytest.param(doc["module"], doc["section"], case, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize("module,section,case", list(_load_cases()))
def test_law_case(params, module, section, case):
    mod = importlib.import_module(f"models.rules.{module}")
    func = getattr(mod, case["function"])
    p = getattr(params, case.get("section", section))
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
            f"{case['name']}: {key} = {got.tolist()}, law example says {exp.tolist()} (±{tol}). "
            f"Source: {case.get('source', {}).get('title', 'n/a')}"
        )
