"""Golden tables: baseline aggregates and preset results on the 20,000-household population.

A failure means a change moved the model's results. If that was intended, regenerate the tables with
``.venv/bin/python tests/update_golden.py`` and explain the changed numbers in the commit message.
"""

import json
import math
from pathlib import Path

import pytest

from tests.update_golden import GOLDEN, YEARS, golden_tables

HOW = "If the change is intended, run: .venv/bin/python tests/update_golden.py and review the diff."


def _compare(expected, got, path=""):
    if isinstance(expected, dict):
        assert set(expected) == set(got), f"{path}: keys differ. {HOW}"
        for k in expected:
            _compare(expected[k], got[k], f"{path}.{k}")
    elif isinstance(expected, float):
        assert math.isclose(expected, got, rel_tol=1e-6, abs_tol=1e-6), f"{path}: golden {expected}, now {got}. {HOW}"
    else:
        assert expected == got, f"{path}: golden {expected}, now {got}. {HOW}"


@pytest.mark.parametrize("year,name,make", [(y, n, m) for y in YEARS for n, m in golden_tables(y)])
def test_golden_table(year, name, make):
    """Each law year's tables, whatever today's date: the 2025 law reproduces the numbers of 2025 exactly."""
    path = Path(GOLDEN) / name
    if not path.exists():
        pytest.fail(f"{path} is missing. {HOW}")
    expected = json.loads(path.read_text())
    got = json.loads(json.dumps(make(year)))
    _compare(expected, got)
