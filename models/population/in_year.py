"""The population in the law's year: its money amounts raised from the population's year by published indices.

Wages, earnings before unemployment and self-employment income follow the earnings level index, earnings-related
pensions in payment the TyEL index, rents and housing costs the rent index, and capital and other income the
consumer price index (``assumptions/parameters/uprating``, each with its source; years not yet published are
forecasts). A run under the law of the population's own year (``uprating.population_year``) uses the population as
it is. Counts (who lives where, who works) stay as they are: the demographic and labour-market inputs are the
latest year published.
"""

from __future__ import annotations

import numpy as np

from models.parameters import Parameters
from models.population.core import Population
from models.rules.uprating import UpratingParameters, uprating_factor

#: Person columns and the index each follows.
PERSON_INDICES = {
    "earnings": "earnings_index",
    "previous_earnings": "earnings_index",
    "earnings_related_pension": "pension_index",
    "other_income": "consumer_price_index",
}
#: Household columns and the index each follows (net assets are not uprated: asset values follow no index, and
#: the asset flags are tied to the amounts).
HOUSEHOLD_INDICES = {"housing_cost": "rent_index"}


def uprating_factors(p: UpratingParameters, year: int) -> dict[str, float]:
    """Each index's factor from the population's year to ``year``."""
    tables = {
        "earnings_index": p.earnings_index,
        "pension_index": p.pension_index,
        "rent_index": p.rent_index,
        "consumer_price_index": p.consumer_price_index,
    }
    return {name: uprating_factor(table, p.population_year, year) for name, table in tables.items()}


def population_in_year(pop: Population, params: Parameters) -> Population:
    """``pop`` with its money amounts at the level of the law's year (``params.date``); ``pop`` itself when the law
    is of the population's year or has no date."""
    if params.date is None or params.date.year == params.uprating.population_year:
        return pop
    factors = uprating_factors(params.uprating, params.date.year)
    persons = dict(pop.persons)
    for column, index in PERSON_INDICES.items():
        if column in persons:
            persons[column] = np.round(np.asarray(persons[column], dtype=np.float64) * factors[index], 2)
    households = dict(pop.households)
    for column, index in HOUSEHOLD_INDICES.items():
        if column in households:
            households[column] = np.round(np.asarray(households[column], dtype=np.float64) * factors[index], 2)
    return Population(households, persons, pop.source, pop.calibration_report)
