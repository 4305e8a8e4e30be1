"""The three-way view's law change is the law change: last year's law against today's, each on the population of
today's law's year once (it was raised to the year twice, which hid most of the 2026 income tax cut)."""

import pytest

from models.law_change import law_change, three_way
from models.parameters import LAW_YEARS
from models.population.store import load_population
from models.presets import load_presets


@pytest.fixture(scope="module")
def pop():
    return load_population(5000, seed=2025)


def test_the_three_way_law_change_equals_the_law_change(pop):
    scenario = load_presets()["full_basic_income_1000"].scenario.at_law(LAW_YEARS[2026])
    tw = three_way(pop, scenario, LAW_YEARS[2025], traps=False)
    alone = law_change(pop, LAW_YEARS[2025], LAW_YEARS[2026], traps=False)
    assert tw["law_change"]["net_cost_eur"] == pytest.approx(alone["net_cost_eur"], rel=1e-9, abs=1.0)
    for key in ("income_tax", "yleistuki", "social_assistance"):
        assert tw["law_change"]["totals_eur"][key] == pytest.approx(alone["totals_eur"][key], rel=1e-9)
    # the chosen law is the same run in the law change and as the reform's baseline
    assert tw["law_change"]["poverty_rate"]["reform"] == pytest.approx(tw["reform"]["poverty_rate"]["baseline"])
    assert tw["reform_against_last_law"]["poverty_rate"]["baseline"] == pytest.approx(
        tw["law_change"]["poverty_rate"]["baseline"]
    )
