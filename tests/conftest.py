"""Shared fixtures: parameters, a small population built once per test session."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def params():
    from models.parameters import load_parameters

    return load_parameters()
