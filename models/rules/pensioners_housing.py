"""Pensioners' housing allowance (eläkkeensaajan asumistuki), Laki eläkkeensaajan asumistuesta 571/2007.

Pensioners who live alone or with a spouse get this allowance instead of the general housing allowance
(Laki yleisestä asumistuesta 938/2014). The rules in force from 1.1.2025 (the names are fields of
``pensioners_housing_allowance``, ``assumptions/parameters/pensioners_housing_allowance``):

* the allowance is ``compensation_rate`` of the housing costs taken into account, capped at the maximum for
  the municipality group (a yearly amount per dwelling, not by household size), less
  - the basic deductible (perusomavastuu, ``basic_deductible``), the same for everyone, and
  - the additional deductible (lisäomavastuu): ``additional_deductible_rate`` (raised from 1.1.2025) of the
    yearly income of the pensioner and the spouse above an income limit that depends on family status
    (living alone; spouse not entitled to the allowance; spouse entitled too), divided by 12;

  ``compensation_rate × (costs − (basic deductible + additional deductible))`` (Kela's formula);
* ``asset_income_rate`` of net assets above an asset limit (``asset_limit_single`` alone,
  ``asset_limit_couple`` a couple; the rate raised and the limits lowered from 1.1.2025) is counted as yearly
  income; there is no upper asset limit that excludes the allowance;
* an allowance below the minimum payable amount is not paid;
* owner-occupiers are covered (unlike the general housing allowance from 2025): maintenance charge,
  separately paid water and heating, housing-loan interest and, in a detached house, Kela's heating,
  water and maintenance norms;
* the euro amounts (deductible, income limits, maximum costs, norms) are frozen 2024–2027.

Kela: https://www.kela.fi/elakkeensaajan-asumistuki ;
https://kela.fi/news/tighter-eligibility-criteria-introduced-for-the-housing-allowance-for-pensioners
"""

from __future__ import annotations

import numpy as np
from pydantic import field_validator

from models.parameter_types import FrozenModel, Share
from models.rules.housing import MUNICIPALITY_GROUPS


class PensionersHousingAllowanceParameters(FrozenModel):
    """Parameters of the pensioners' housing allowance (one YAML file per field)."""

    #: Share of the costs above the deductibles that is paid.
    compensation_rate: Share
    #: Basic deductible (perusomavastuu), EUR/month, the same for every recipient.
    basic_deductible: float
    #: Additional deductible (lisäomavastuu): share of the yearly income above the income limit.
    additional_deductible_rate: Share
    #: Income limits of the additional deductible, EUR/year: living alone; with a spouse who is not
    #: entitled to the allowance; with a spouse who is entitled too.
    income_limit_single: float
    income_limit_couple: float
    income_limit_couple_both_entitled: float
    #: Maximum housing costs taken into account, EUR/year, keyed by municipality group 1–3.
    max_housing_costs: dict[int, float]
    #: Normative water cost per person, EUR/month (added because the population's cost excludes water).
    water_per_person: float
    #: Smallest allowance paid, EUR/month per recipient (doubled when both spouses are entitled).
    minimum_payment: float
    #: Net assets assumed for a household the population flags with assets (modelling assumption, EUR).
    assumed_net_assets_if_flagged: float
    #: Net assets left out, EUR (alone / couple); a share of the excess counts as yearly income.
    asset_limit_single: float
    asset_limit_couple: float
    #: Share of net assets above the asset limit counted as yearly income.
    asset_income_rate: Share
    #: Share of entitled households that claim (applied by the engine).
    take_up_rate: Share

    @field_validator("max_housing_costs")
    @classmethod
    def _three_groups(cls, v: dict[int, float]) -> dict[int, float]:
        if set(v) != set(MUNICIPALITY_GROUPS):
            raise ValueError(f"expected municipality groups {MUNICIPALITY_GROUPS}, got {sorted(v)}")
        if any(x < 0 for x in v.values()):
            raise ValueError("maximum housing costs must be non-negative")
        return v


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def pensioners_maximum_housing_costs(municipality_group, p: PensionersHousingAllowanceParameters) -> np.ndarray:
    """Maximum housing costs taken into account (asumismenojen enimmäismäärä), EUR/month.

    The law (571/2007) sets a yearly amount per dwelling by municipality group, the same for a single
    person and a couple: I Helsinki, Espoo, Kauniainen, Vantaa; II about 26 larger municipalities
    (Hyvinkää, Hämeenlinna, Joensuu, Jyväskylä, Järvenpää, Kerava, Kirkkonummi, Kouvola, Kuopio, Lahti,
    Lappeenranta, Lohja, Nurmijärvi, Oulu, Pori, Porvoo, Raisio, Riihimäki, Rovaniemi, Seinäjoki, Sipoo,
    Tampere, Turku, Tuusula, Vaasa, Vihti); III the rest. They map to the model's groups 1, 2, 3; the
    model's group 2 follows the general housing allowance's list, which differs by a few municipalities
    (Kouvola, Lappeenranta, Pori and Vaasa are II here). A group outside 1–3 falls back to group 3.
    """
    group = np.asarray(municipality_group).astype(np.int64)
    yearly = np.array([p.max_housing_costs[g] for g in MUNICIPALITY_GROUPS], dtype=np.float64)
    idx = np.where(np.isin(group, MUNICIPALITY_GROUPS), group - 1, len(MUNICIPALITY_GROUPS) - 1)
    return yearly[idx] / 12.0


def pensioners_acceptable_housing_costs(
    housing_cost, n_persons, municipality_group, p: PensionersHousingAllowanceParameters
) -> np.ndarray:
    """Housing costs taken into account, EUR/month: rent or maintenance charge (heating and, for owners,
    housing-loan interest included) plus the normative water cost per person, capped at the maximum.

    571/2007, 5 § (housing costs) and the maximum amounts. Kela accepts separately paid water as paid; the
    population's ``housing_cost`` excludes water, so Kela's normative water cost ``water_per_person`` (the
    amount set for detached houses, frozen 2023–2027) is added for each person.
    """
    n = np.maximum(_f(n_persons), 1.0)
    costs = np.maximum(_f(housing_cost), 0.0) + p.water_per_person * n
    return np.minimum(costs, pensioners_maximum_housing_costs(municipality_group, p))


def pensioners_income_limit(has_partner, partner_entitled, p: PensionersHousingAllowanceParameters) -> np.ndarray:
    """Income limit of the additional deductible (lisäomavastuun tuloraja), EUR/year, by family status (571/2007)."""
    partner = np.asarray(has_partner, dtype=bool)
    both = partner & np.asarray(partner_entitled, dtype=bool)
    return np.where(
        both, p.income_limit_couple_both_entitled, np.where(partner, p.income_limit_couple, p.income_limit_single)
    )


def pensioners_additional_deductible(
    annual_income, has_partner, partner_entitled, p: PensionersHousingAllowanceParameters
) -> np.ndarray:
    """Additional deductible (lisäomavastuu), EUR/month: ``rate × max(yearly income − limit, 0) / 12``.

    ``rate`` is ``additional_deductible_rate``, raised from 1.1.2025; 571/2007 as amended from 1.1.2025 (Kela
    release 12.12.2024).
    """
    limit = pensioners_income_limit(has_partner, partner_entitled, p)
    excess = np.maximum(_f(annual_income) - limit, 0.0)
    return p.additional_deductible_rate * excess / 12.0


def pensioners_housing_counted_income(
    annual_income, net_assets, has_partner, p: PensionersHousingAllowanceParameters
) -> np.ndarray:
    """Yearly income counted for the allowance: income plus ``asset_income_rate`` × net assets above the limit.

    ``asset_income_rate`` of the net assets of the pensioner and the spouse above ``asset_limit_single`` (alone)
    or ``asset_limit_couple`` (couple) counts as yearly income (a higher rate and lower limits from 1.1.2025,
    Kela release 12.12.2024). ``net_assets`` are assets less debts; Kela leaves out the home, an own-use
    summer cottage and EUR 2,000 of each spouse's bank deposits (the deposit allowance is not modelled: pass
    assets net of it if known).
    """
    limit = np.where(np.asarray(has_partner, dtype=bool), p.asset_limit_couple, p.asset_limit_single)
    excess = np.maximum(_f(net_assets) - limit, 0.0)
    return np.maximum(_f(annual_income), 0.0) + p.asset_income_rate * excess


def pensioners_housing_allowance(
    eligible,
    housing_cost,
    n_persons,
    municipality_group,
    annual_income,
    has_partner,
    p: PensionersHousingAllowanceParameters,
    partner_entitled=None,
) -> np.ndarray:
    """Pensioners' housing allowance (eläkkeensaajan asumistuki), EUR/month per household.

    ``compensation_rate × (min(costs + water, maximum) − basic deductible − additional deductible)``, not
    paid under the minimum payable amount, never negative, 0 where ``eligible`` is false.
    Laki eläkkeensaajan asumistuesta 571/2007 (as amended from 1.1.2025); Kela's formula, ``compensation_rate``
    × (huomioon otettavat asumismenot − (perusomavastuu + lisäomavastuu)), quoted with the rate in the
    references of ``pensioners_housing_allowance.compensation_rate``.

    Parameters
    ----------
    eligible : bool array
        Decided by the engine: the head or the spouse receives a pension that entitles to the allowance
        (old-age, guarantee, full disability, rehabilitation subsidy, survivor's pension; not a partial
        disability or partial early old-age pension alone), the household is the pensioner alone or with a
        spouse (no children under 18 – families with children get the general allowance), tenant,
        right-of-occupancy resident or owner-occupier, and the take-up draw.
    housing_cost : rent or maintenance charge incl. heating and, for owners, mortgage interest; no water.
    n_persons : persons in the dwelling (for the water norm).
    municipality_group : 1 capital region, 2 the larger municipalities, 3 others (see
        :func:`pensioners_maximum_housing_costs` for the mapping).
    annual_income : yearly income of the pensioner and the spouse as Kela counts it (see
        :func:`pensioners_housing_counted_income`).
    has_partner : a spouse or cohabiting partner lives in the dwelling.
    partner_entitled : the spouse is also entitled to the allowance (receives a qualifying pension); by
        default every spouse is taken to be entitled. Sets the income limit and the minimum amount.

    Simplified: housing costs are not split with other occupants (the allowance is computed for the
    household's whole cost); detached-house heating/maintenance norms and the 2-year review cycle (the
    2025 tightening reaches recipients only at their next review) are not modelled; the €2,000 deposit
    allowance and the interest of other debts deducted from income are left to the engine.
    """
    partner = np.asarray(has_partner, dtype=bool)
    entitled = partner if partner_entitled is None else (partner & np.asarray(partner_entitled, dtype=bool))
    costs = pensioners_acceptable_housing_costs(housing_cost, n_persons, municipality_group, p)
    deductible = p.basic_deductible + pensioners_additional_deductible(annual_income, partner, entitled, p)
    allowance = p.compensation_rate * np.maximum(costs - deductible, 0.0)
    minimum = np.where(entitled, 2.0 * p.minimum_payment, p.minimum_payment)
    allowance = np.where(allowance < minimum, 0.0, allowance)
    return np.where(np.asarray(eligible, dtype=bool), allowance, 0.0)
