"""Step 5 (first part) of the synthetic population: membership of the Evangelical-Lutheran or Orthodox church.

By age (``church_membership.by_age``, normalised to the published share), correlated within a household.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from models.population.composition import Composition
from models.population.sampling import by_age, norm_cdf

#: No age group's membership probability is set above this (it keeps some non-members in every group).
MAX_MEMBER_PROBABILITY = 0.99


def draw_church_membership(rng: np.random.Generator, cfg: dict[str, Any], comp: Composition) -> np.ndarray:
    """Church members: a latent normal with a household component (``household_correlation``) below the
    probability of the person's age."""
    spec = cfg["church_membership"]
    p_age = by_age(spec["by_age"])[comp.age]
    p_member = np.clip(p_age * spec["target_share"] / p_age.mean(), 0, MAX_MEMBER_PROBABILITY)
    correlation = float(spec["household_correlation"])
    latent = math.sqrt(correlation) * rng.standard_normal(comp.n_households)[comp.hh] + math.sqrt(
        1 - correlation
    ) * rng.standard_normal(comp.n_persons)
    return norm_cdf(latent) < p_member
