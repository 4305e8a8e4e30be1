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


@pytest.fixture(scope="module")
def small_app_population():
    """Run the app on a small population (5,000 households) so the page tests stay fast."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ARVOVALINNAT_POPULATION_SIZE", "5000")
    yield
    mp.undo()
