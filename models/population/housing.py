"""Step 5 (third part) of the synthetic population: housing costs and net assets.

Tenants pay rent per m² (non-subsidised or ARA, ``rent_per_m2``; more per m² in small flats, less in large ones,
``rent_by_rooms``) for a dwelling whose area follows the household size (``dwelling_area``, scaled to the published
mean area of renting households); right-of-occupancy residents a charge per m²; owners a maintenance charge and,
with a mortgage, its interest (``owner_costs``). Net assets other than the home (``net_assets``): the probability
of having more than the housing allowance's upper asset limit by tenure, the head's age and household income, and an
amount from a lognormal placed so that exactly those households lie above the limit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.population.composition import Composition
from models.population.sampling import by_age, by_group, from_odds, norm_ppf, to_odds
from models.population.schema import HOUSEHOLD_COLUMNS, Tenure, column

MONTHS_PER_YEAR = 12


def draw_housing_costs(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, group: np.ndarray, tenure: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly housing cost (EUR, rounded to cents, within the schema's range) of every household, and the floor area
    (m²) of every household's dwelling had it rented (the area of the tenants' homes).

    The tenants' areas keep the shape of ``dwelling_area.rented`` by household size and are scaled by one factor so
    that the mean area of the renting households is ``dwelling_area.rented_mean`` (Statistics Finland)."""
    n_households, head_age = comp.n_households, comp.head_age
    area_spec = cfg["dwelling_area"]
    size_class = np.minimum(comp.size, len(area_spec["rented"])) - 1
    rented_area = np.asarray(area_spec["rented"], dtype=np.float64)[size_class] * np.exp(
        area_spec["sigma"] * rng.standard_normal(n_households)
    )
    renting = tenure == Tenure.RENTED
    if renting.any():
        rented_area *= float(area_spec["rented_mean"]) / float(rented_area[renting].mean())
    owned_area = np.asarray(area_spec["owner"], dtype=np.float64)[size_class] * np.exp(
        area_spec["sigma"] * rng.standard_normal(n_households)
    )
    rent = cfg["rent_per_m2"]
    ara = rng.random(n_households) < rent["ara_share"]
    rent_per_m2 = np.where(ara, by_group(rent["ara"], group), by_group(rent["free"], group)) * np.exp(
        rent["sigma"] * rng.standard_normal(n_households)
    )
    rent_per_m2 *= room_factor(cfg["rent_by_rooms"], rented_area, group, ara, renting)
    owner = cfg["owner_costs"]
    mortgage = rng.random(n_households) < by_age(owner["mortgage_share"])[head_age]
    loan = by_group(owner["loan_median"], group) * by_age(owner["loan_age_factor"], 2, 1.0)[head_age]
    loan *= np.exp(owner["loan_sigma"] * rng.standard_normal(n_households))
    interest = np.where(mortgage, loan * owner["interest_rate"] / MONTHS_PER_YEAR, 0.0)
    owner_cost = owned_area * by_group(owner["maintenance_per_m2"], group) + interest
    housing_cost = np.select(
        [tenure == Tenure.RENTED, tenure == Tenure.RIGHT_OF_OCCUPANCY, tenure == Tenure.OWNER],
        [rented_area * rent_per_m2, rented_area * by_group(rent["right_of_occupancy"], group), owner_cost],
        0.0,
    )
    limits = column(HOUSEHOLD_COLUMNS, "housing_cost")
    return np.clip(np.round(housing_cost, 2), limits.minimum, limits.maximum), rented_area


def room_class(area: np.ndarray, limits: list[float]) -> np.ndarray:
    """The room class of a flat of floor area ``area`` (m²): 0 = one room, 1 = two rooms, 2 = three or more, from the
    area limits between them (``rent_by_rooms.area_limits``)."""
    return np.searchsorted(np.asarray(limits, dtype=np.float64), area, side="right")


def room_factor(
    spec: dict[str, Any], area: np.ndarray, group: np.ndarray, ara: np.ndarray, renting: np.ndarray
) -> np.ndarray:
    """Each household's multiplier of the rent per m² for the number of rooms of its flat (``rent_by_rooms``): the
    published mean of its room class over the mean of all flats, for its region (capital region: municipality group
    1; the rest of Finland: groups 2 and 3) and type (non-subsidised or ARA). In every region and type the
    multipliers are divided by their mean over the renting households, so that the region's mean rent per m² stays
    the one of ``rent_per_m2``."""
    rooms = room_class(area, spec["area_limits"])
    factor = np.ones(len(area))
    for region, in_region in (("capital_region", group == 1), ("rest_of_finland", group != 1)):
        for kind, of_kind in (("ara", ara), ("free", ~ara)):
            cell = spec[region][kind]
            ratios = np.asarray(cell["rooms"], dtype=np.float64) / float(cell["all"])
            members = in_region & of_kind
            factor[members] = ratios[rooms[members]]
            tenants = members & renting
            if tenants.any():
                factor[members] /= factor[tenants].mean()
    return factor


def draw_net_assets(
    rng: np.random.Generator, cfg: dict[str, Any], head_age: np.ndarray, tenure: np.ndarray, income_score: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Net assets other than the home (EUR) of every household, and whether they reach the asset limit
    (``has_assets``).

    The probability of reaching ``net_assets.limit`` is set by tenure and the head's age, its odds moved by
    ``odds_per_income_sd`` per standard deviation of log household income (``income_score``). The amount is a
    lognormal with the spread ``amount_sigma`` whose median puts the household's probability above the limit:
    ``limit · exp(sigma · (z − z_limit))`` with ``z`` the household's normal score and ``z_limit`` the score
    above which ``z`` lies with that probability, so ``has_assets`` is exactly ``net_assets ≥ limit``.
    """
    spec = cfg["net_assets"]
    tenures = (Tenure.OWNER, Tenure.RENTED, Tenure.RIGHT_OF_OCCUPANCY)
    p_assets = np.select(
        [tenure == value for value in tenures],
        [by_age(spec[value.name.lower()])[head_age] for value in tenures],
        by_age(spec["other"])[head_age],
    )
    p_assets = from_odds(to_odds(p_assets) * np.exp(spec["odds_per_income_sd"] * income_score))
    uniform = rng.random(len(head_age))
    has_assets = uniform < p_assets
    tiny = np.finfo(np.float64).eps
    score = norm_ppf(np.clip(1.0 - uniform, tiny, 1.0 - tiny))
    score_limit = norm_ppf(np.clip(1.0 - p_assets, tiny, 1.0 - tiny))
    amount = spec["limit"] * np.exp(spec["amount_sigma"] * (score - score_limit))
    # the two sides of the limit exactly as has_assets (rounding could move a household across it)
    amount = np.where(has_assets, np.maximum(amount, spec["limit"]), np.minimum(amount, np.nextafter(spec["limit"], 0)))
    limits = column(HOUSEHOLD_COLUMNS, "net_assets")
    return np.clip(np.floor(amount), limits.minimum, limits.maximum), has_assets
