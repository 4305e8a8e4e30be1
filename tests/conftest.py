"""Shared fixtures: parameters, a small population built once per test session."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import settings  # noqa: E402

from models import runtime  # noqa: E402

# The process as the app and the CLI tune it (one BLAS thread: the same sums in the same order).
runtime.configure()

# "Today" is pinned for the tests (and the app servers they start), so a result does not depend on the day the
# tests run: the 2025 law, the law of the golden tables. Tests of other law dates pass their dates explicitly.
os.environ.setdefault("ARVOVALINNAT_LAW_DATE", "2025-08-01")

# Property tests draw the same examples on every run (a random failure would block a submission, and be lost);
# ``HYPOTHESIS_PROFILE=explore`` draws new ones for a search by hand.
settings.register_profile("deterministic", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture(scope="session")
def params():
    from models.parameters import load_parameters

    return load_parameters()


#: Households for the nationwide basic income experiment's rise in relative poverty: a fraction of a point, whose
#: sign 5,000 households cannot tell.
POVERTY_SAMPLE = 20_000


@pytest.fixture(scope="session")
def experiment_560_poverty_run(params):
    """The 2017–2018 basic income experiment made nationwide, compared as the app compares it, on POVERTY_SAMPLE
    households (computed once per session for the tests of its rise in relative poverty)."""
    from models.baseline import baseline_run
    from models.compare import compare
    from models.population.store import load_population
    from models.presets import load_presets

    pop = load_population(POVERTY_SAMPLE, seed=2025)
    base = baseline_run(pop, params, traps=False)
    return compare(pop, params, load_presets()["basic_income_experiment_560"].scenario, baseline=base, traps=False)


@pytest.fixture(scope="session")
def small_run_at():
    """``run(date)``: the 5,000-household population under the law of ``date``, its results and the parameters
    (each date computed once per session)."""
    from models.parameters import load_parameters
    from models.population.in_year import population_in_year
    from models.population.store import load_population
    from models.system import compute

    runs: dict = {}

    def run(date):
        if date not in runs:
            law = load_parameters(date)
            pop = population_in_year(load_population(5000, seed=2025), law)
            runs[date] = (pop, compute(pop, law), law)
        return runs[date]

    return run


@pytest.fixture(scope="module")
def small_app_population():
    """Run the app on a small population (5,000 households) so the page tests stay fast."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ARVOVALINNAT_POPULATION_SIZE", "5000")
    yield
    mp.undo()
