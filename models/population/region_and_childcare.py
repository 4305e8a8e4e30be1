"""Step 2 of the synthetic population: municipality group, early childhood education and a parent at home.

The municipality group is drawn by the head's age (``municipality_group_odds``), children's daycare by age
(``ecec_participation``). A family whose youngest child is small and not in daycare has a parent at home with
the probabilities of ``home_parent_share``; being at home is drawn before the other activities because it is
what the parents' employment rates by the youngest child's age describe.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.population.composition import Composition
from models.population.sampling import by_age
from models.population.schema import NO_CHILD_AGE, Status


def draw_municipality_group(rng: np.random.Generator, cfg: dict[str, Any], head_age: np.ndarray) -> np.ndarray:
    """Municipality group (1 capital region, 2 larger municipalities, 3 others) of each household."""
    spec = cfg["municipality_group_odds"]
    base = np.array([spec["base"][1], spec["base"][2], spec["base"][3]], dtype=np.float64)
    capital = by_age(spec["by_head_age"], 2, 1.0)[head_age]
    larger = by_age(spec["by_head_age"], 3, 1.0)[head_age]
    shares = np.stack([base[0] * capital, base[1] * larger, np.full(len(head_age), base[2])], axis=1)
    shares /= shares.sum(axis=1, keepdims=True)
    uniform = rng.random(len(head_age))
    return (1 + (uniform > shares[:, 0]) + (uniform > shares[:, 0] + shares[:, 1])).astype(np.int8)


def draw_daycare(rng: np.random.Generator, cfg: dict[str, Any], comp: Composition) -> np.ndarray:
    """Children in municipal early childhood education, by age (``ecec_participation``)."""
    return comp.is_child & (rng.random(comp.n_persons) < by_age(cfg["ecec_participation"])[comp.age])


def youngest_child_age(comp: Composition) -> np.ndarray:
    """Age of each household's youngest child under ADULT_AGE; NO_CHILD_AGE for households without one."""
    youngest = comp.youngest_children
    age = np.full(comp.n_households, NO_CHILD_AGE)
    age[comp.hh[youngest]] = comp.age[youngest]
    return age


def draw_home_parents(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, status: np.ndarray, in_daycare: np.ndarray
) -> np.ndarray:
    """A parent at home (status HOME_PARENT) in families whose youngest child is under ``youngest_child_under``
    and not in daycare: the mother (``mother_share``) or the father, if neither has a status yet (old-age
    pensioners are drawn before). The small children of a parent at home leave daycare; their older siblings
    stay with the probability ``home_parent_sibling_daycare``. Updates ``status`` and ``in_daycare``; returns
    the age of each household's youngest child (NO_CHILD_AGE without children)."""
    spec = cfg["home_parent_share"]
    under = spec["youngest_child_under"]
    hh, age, is_child = comp.hh, comp.age, comp.is_child
    youngest = comp.youngest_children
    youngest_age = youngest_child_age(comp)
    youngest_in_daycare = np.zeros(comp.n_households, dtype=bool)
    youngest_in_daycare[hh[youngest]] = in_daycare[youngest]
    p_home = np.where(youngest_age == 0, spec["probability_youngest_0"], spec["probability_youngest_1_2"])
    at_home = comp.is_family & (youngest_age < under) & ~youngest_in_daycare & (rng.random(comp.n_households) < p_home)
    mother_home = rng.random(comp.n_households) < spec["mother_share"]
    carer = np.where((comp.has_spouse == 1) & mother_home, comp.spouses, comp.heads)
    carer_free = at_home & (status[carer] < 0)
    status[carer[carer_free]] = Status.HOME_PARENT
    parent_at_home = carer_free[hh]
    in_daycare[is_child & parent_at_home & (age < under)] = False
    stays = rng.random(comp.n_persons) < cfg["home_parent_sibling_daycare"]
    in_daycare[is_child & parent_at_home & (age >= under) & ~stays] = False
    return youngest_age
