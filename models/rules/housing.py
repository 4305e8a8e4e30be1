"""General housing allowance (yleinen asumistuki), Laki yleisestä asumistuesta 938/2014.

The rules as in force from 1.4.2024 (amendment 1036/2023, HE 74/2023) and in 2025:

* the allowance is ``compensation_rate`` of the acceptable housing costs, capped at the maximum for the
  municipality group and household size, less the basic deductible (perusomavastuu);
* the basic deductible is ``deductible_rate`` of the household's gross monthly income above an income limit
  ``deductible_base + deductible_per_adult × adults + deductible_per_child × children``; a deductible under
  ``deductible_ignored_below`` is ignored;
* an allowance under the minimum payable amount (``minimum_payment``) is not paid.

The names are fields of ``housing_allowance`` (``assumptions/parameters/housing_allowance``).

Kela: https://www.kela.fi/yleinen-asumistuki ;
https://www.kela.fi/web/en/general-housing-allowance-amount-and-payment
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from pydantic import field_validator

from models.arrays import as_float_array
from models.parameter_types import FrozenModel, Share

#: Municipality groups of the maximum housing costs since 1.4.2024 (Helsinki merged with Espoo,
#: Kauniainen and Vantaa): 1 capital region, 2 the larger municipalities, 3 the rest.
MUNICIPALITY_GROUPS = (1, 2, 3)

#: One row of a maximum-cost table: 1, 2, 3 and 4 persons, then the addition for each further person.
CostRow = tuple[float, float, float, float, float]


def validate_cost_table(table: dict[int, CostRow]) -> dict[int, CostRow]:
    """A cost table must have exactly the three municipality groups, with non-negative amounts."""
    if set(table) != set(MUNICIPALITY_GROUPS):
        raise ValueError(f"expected municipality groups {MUNICIPALITY_GROUPS}, got {sorted(table)}")
    for group, row in table.items():
        if any(v < 0 for v in row):
            raise ValueError(f"group {group}: amounts must be non-negative")
        if any(b < a for a, b in pairwise(row[:4])):
            raise ValueError(f"group {group}: amounts must not fall with household size")
    return table


def cost_cap(table: dict[int, CostRow], n_persons, municipality_group) -> np.ndarray:
    """The cap of a group × size table: the 1–4 person columns, then + the extra amount per person above 4.

    ``n_persons`` below 1 counts as 1; a group outside 1–3 falls back to group 3 (the lowest level).
    """
    n = np.maximum(np.asarray(n_persons, dtype=np.float64), 1.0)
    group = np.asarray(municipality_group).astype(np.int64)
    rows = np.array([table[g] for g in MUNICIPALITY_GROUPS], dtype=np.float64)  # (3, 5)
    g_idx = np.where(np.isin(group, MUNICIPALITY_GROUPS), group - 1, len(MUNICIPALITY_GROUPS) - 1)
    size_idx = (np.minimum(n, 4.0) - 1.0).astype(np.int64)
    base = rows[g_idx, size_idx]
    extra = rows[g_idx, 4] * np.maximum(n - 4.0, 0.0)
    return base + extra


class HousingAllowanceParameters(FrozenModel):
    """Parameters of the general housing allowance (one YAML file per field)."""

    compensation_rate: Share
    deductible_rate: Share
    deductible_base: float
    deductible_per_adult: float
    deductible_per_child: float
    deductible_ignored_below: float
    minimum_payment: float
    max_housing_costs: dict[int, CostRow]
    water_per_person: float
    #: Share of the entitled households not in work (:func:`in_work`) that claim the allowance.
    take_up_rate: Share
    #: Share of the entitled households in work that claim it.
    take_up_rate_in_work: Share
    #: Earned income of each member left out of the counted income (EUR/month; abolished from 1.4.2024).
    earned_income_disregard: float
    #: Asset test (15 a §, from 1.1.2025): limits by household, the share of the excess counted, the ceiling.
    asset_limit_single: float
    asset_limit_other: float
    asset_income_rate: float
    asset_ceiling: float

    @field_validator("max_housing_costs")
    @classmethod
    def _three_groups(cls, v: dict[int, CostRow]) -> dict[int, CostRow]:
        return validate_cost_table(v)


def in_work(earnings, own_income) -> np.ndarray:
    """Whether each household is "in work" as Kela classifies the allowance's recipients: its earnings are more than
    half of its own income (``own_income``: earnings, pensions, taxable benefits and other income; the allowance
    itself, child benefit and maintenance are not income here). Kela research (Sosiaalivakuutus 15.8.2022)."""
    return as_float_array(earnings) > 0.5 * as_float_array(own_income)


def claims(draw, household_in_work, p: HousingAllowanceParameters) -> np.ndarray:
    """Whether each household claims the general housing allowance it is entitled to: its take-up draw (uniform on
    [0, 1)) below ``take_up_rate_in_work`` when it is in work (:func:`in_work`), below ``take_up_rate`` otherwise.
    Take-up is a behaviour, not a rule of law; the rates are parameters with their sources. The same draw decides
    both, so a household that claims in work would also claim out of work (when the second rate is the higher)."""
    rate = np.where(np.asarray(household_in_work, dtype=bool), p.take_up_rate_in_work, p.take_up_rate)
    return np.asarray(draw, dtype=np.float64) < rate


def maximum_housing_costs(n_persons, municipality_group, p: HousingAllowanceParameters) -> np.ndarray:
    """Maximum acceptable housing costs (enimmäisasumismenot), EUR/month per household.

    By municipality group (1 capital region, 2 the larger municipalities, 3 the rest) and the number of
    persons in the household; above four persons a fixed amount is added for each further person.
    Laki yleisestä asumistuesta 938/2014 (enimmäisasumismenot), as amended by 1036/2023.
    """
    return cost_cap(p.max_housing_costs, n_persons, municipality_group)


def acceptable_housing_costs(housing_cost, n_persons, p: HousingAllowanceParameters) -> np.ndarray:
    """Rent (heating included) plus Kela's normative water charge for each person, EUR/month.

    Kela accepts rent and separately paid water and heating. The population's ``housing_cost`` includes
    heating but not water, so the normative water charge ``water_per_person`` is added for each person.
    Kela – Yleinen asumistuki eri asumismuodoissa.
    """
    n = np.maximum(np.asarray(n_persons, dtype=np.float64), 1.0)
    return np.maximum(np.asarray(housing_cost, dtype=np.float64), 0.0) + p.water_per_person * n


def housing_allowance_basic_deductible(gross_income, n_adults, n_children, p: HousingAllowanceParameters) -> np.ndarray:
    """Basic deductible (perusomavastuu), EUR/month per household.

    ``deductible_rate × [income − (deductible_base + deductible_per_adult × adults + deductible_per_child ×
    children)]``; a deductible under ``deductible_ignored_below`` is not taken into account. In this form since
    1.4.2024 (Laki yleisestä asumistuesta 938/2014 as amended by 1036/2023; Kela's decision of 16.10.2025 shows
    the formula with the year's amounts, quoted in the references of ``housing_allowance.deductible_base``).
    The income is taken to the nearest whole euro, as in that decision (an income with cents entered the
    formula rounded; see the note of ``deductible_base``); the rounding rule was not read in the statute.
    """
    income = np.floor(np.maximum(np.asarray(gross_income, dtype=np.float64), 0.0) + 0.5)
    limit = (
        p.deductible_base
        + p.deductible_per_adult * np.asarray(n_adults, dtype=np.float64)
        + p.deductible_per_child * np.asarray(n_children, dtype=np.float64)
    )
    deductible = p.deductible_rate * np.maximum(income - limit, 0.0)
    return np.where(deductible < p.deductible_ignored_below, 0.0, deductible)


def general_housing_allowance(
    eligible,
    housing_cost,
    n_persons,
    n_adults,
    n_children,
    municipality_group,
    gross_income,
    p: HousingAllowanceParameters,
) -> np.ndarray:
    """General housing allowance (yleinen asumistuki), EUR/month per household.

    ``compensation_rate × (min(acceptable costs, maximum costs) − basic deductible)``, not paid when under
    the minimum payable amount, 0 where ``eligible`` is false.

    Parameters
    ----------
    eligible : bool array
        Households entitled to claim. The engine (``models/system.py``) decides this: tenants and
        right-of-occupancy residents only (owner-occupied homes were excluded from 1.1.2025), households
        the population flags with net assets above the asset limit (``has_assets``) excluded (the asset test
        from 1.1.2025), students without children moved to the student housing supplement from 1.8.2025, and
        the take-up draw.
    housing_cost : monthly rent or right-of-occupancy charge including heating, excluding water.
    n_persons, n_adults, n_children : household size; children are those under 18.
    municipality_group : 1 capital region, 2 the larger municipalities, 3 others.
    gross_income : the household's gross monthly income as Kela counts it (earnings, taxable benefits,
        pensions and other income; no earned-income deduction since 1.4.2024).

    Simplified: the 20 % of assets between EUR 10,000/20,000 and 50,000 counted as income (asset test),
    income averaging over 12 months, the higher pre-reform rate kept by pre-April-2024 recipients until their
    review (see the note of ``compensation_rate``), Åland's own formula, separate heating norms and
    owner-occupied homes are not modelled.

    Sources: Laki yleisestä asumistuesta 938/2014 (as amended by 1036/2023);
    Kela – https://www.kela.fi/web/en/general-housing-allowance-amount-and-payment
    """
    costs = np.minimum(
        acceptable_housing_costs(housing_cost, n_persons, p), maximum_housing_costs(n_persons, municipality_group, p)
    )
    deductible = housing_allowance_basic_deductible(gross_income, n_adults, n_children, p)
    allowance = p.compensation_rate * np.maximum(costs - deductible, 0.0)
    allowance = np.where(allowance < p.minimum_payment, 0.0, allowance)
    return np.where(np.asarray(eligible, dtype=bool), allowance, 0.0)


def housing_allowance_counted_income(gross_income, earnings_disregarded, p: HousingAllowanceParameters) -> np.ndarray:
    """Household income counted for the allowance: gross income less each earner's disregarded earnings.

    Laki yleisestä asumistuesta 938/2014, 14 §: until 31.3.2024 ``earned_income_disregard`` of each member's
    earned income per month was left out; the disregard was abolished from 1.4.2024 (the parameter is 0).
    ``earnings_disregarded`` is the household sum of min(earnings, disregard) over its members.
    """
    return np.maximum(np.asarray(gross_income) - np.asarray(earnings_disregarded), 0.0)


def housing_allowance_asset_income(net_assets, n_adults, p: HousingAllowanceParameters) -> np.ndarray:
    """Monthly income counted from the household's net assets, Laki yleisestä asumistuesta 938/2014, 15 a §.

    ``asset_income_rate`` of the net assets above the limit (``asset_limit_single`` for one adult,
    ``asset_limit_other`` for two or more) is added to the yearly income, so one twelfth of it to the month's.
    At ``asset_ceiling`` or more no allowance is paid at all (:func:`housing_allowance_asset_test_passed`).
    """
    limit = np.where(np.asarray(n_adults) >= 2, p.asset_limit_other, p.asset_limit_single)
    return p.asset_income_rate * np.maximum(as_float_array(net_assets) - limit, 0.0) / 12.0


def housing_allowance_asset_test_passed(net_assets, p: HousingAllowanceParameters) -> np.ndarray:
    """True where the household's net assets are below ``asset_ceiling`` (938/2014, 15 a §)."""
    return as_float_array(net_assets) < p.asset_ceiling
