"""Who the results are about: the population groups the source deck names, household types, winners and losers.

A household wins (loses) when its net income rises (falls) by more than ``modelling.win_threshold_eur`` a month
**and** by more than ``modelling.win_threshold_share`` of its baseline net income (docs/METRICS.md); shares count
persons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.metrics import person_weights
from models.population.core import HOUSEHOLD_TYPE_NAMES, MemoKey, Population
from models.population.schema import UNEMPLOYED_STATUSES, Status
from models.rules.modelling import ModellingAssumptions


def person_groups(pop: Population) -> dict[str, np.ndarray]:
    """Person-level masks of the groups the source deck names."""
    age = pop.persons["age"]
    status = pop.persons["status"]
    return {
        "young_18_24": (age >= 18) & (age <= 24),
        "young_18_29": (age >= 18) & (age <= 29),
        "unemployed": np.isin(status, UNEMPLOYED_STATUSES),
        "students": status == Status.STUDENT,
        "single_parents": pop.to_person(pop.single_parent),
        "families_with_children": pop.to_person(pop.n_children > 0),
        "pensioners": np.isin(status, [Status.PENSIONER, Status.DISABILITY_PENSIONER]),
    }


@dataclass(frozen=True, eq=False)
class HouseholdChange:
    """The change of each household's net income, and who wins and who loses (household-level arrays)."""

    delta: np.ndarray
    base_net: np.ndarray
    win: np.ndarray
    lose: np.ndarray

    @classmethod
    def of(cls, base_net: np.ndarray, reform_net: np.ndarray, p: ModellingAssumptions) -> HouseholdChange:
        """Winners gain, and losers lose, more than both thresholds of ``p`` (EUR/month and a share)."""
        delta = reform_net - base_net
        threshold = np.maximum(p.win_threshold_eur, p.win_threshold_share * np.abs(base_net))
        return cls(delta, base_net, delta > threshold, delta < -threshold)


def group_table(masks: dict[str, np.ndarray], pop: Population, change: HouseholdChange) -> dict[str, dict[str, float]]:
    """Mean household change (EUR/month, %), winners and losers among the persons of each group.

    One matrix product over persons: groups × (weight, weight·Δ, weight·base, weight·win, weight·lose).
    """
    names = list(masks)
    # groups × persons, built once per population (the masks are the population's own, memoised)
    m = pop.memo(
        MemoKey.GROUP_MATRIX,
        tuple(masks[n] for n in names),
        lambda: np.stack([masks[n] for n in names]).astype(np.float64),
    )
    w = pop.weight
    cols = np.stack(
        [
            w,
            w * pop.to_person(change.delta),
            w * pop.to_person(change.base_net),
            w * pop.to_person(change.win),
            w * pop.to_person(change.lose),
        ],
        axis=1,
    )  # persons × 5
    agg = m @ cols
    out = {}
    for i, name in enumerate(names):
        total, d, b, wi, lo = agg[i]
        if total <= 0:
            out[name] = {
                "persons": 0.0,
                "mean_change_eur": 0.0,
                "mean_change_pct": 0.0,
                "winners_share": 0.0,
                "losers_share": 0.0,
            }
            continue
        out[name] = {
            "persons": float(total),
            "mean_change_eur": float(d / total),
            "mean_change_pct": float(100 * d / max(b, 1e-9)),
            "winners_share": float(wi / total),
            "losers_share": float(lo / total),
        }
    return out


def group_masks(pop: Population) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Person-level masks of the deck's groups and of the household types (memoised on the population)."""

    def build() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        htypes = pop.household_type
        return person_groups(pop), {name: pop.to_person(htypes == t) for t, name in HOUSEHOLD_TYPE_NAMES.items()}

    return pop.memo(MemoKey.GROUP_MASKS, (), build)


def decile_table(pop: Population, decile: np.ndarray, change: HouseholdChange) -> list[dict[str, float]]:
    """Mean change (EUR/month, %), winners and losers in each decile of the baseline's equivalised income."""
    pw, w = person_weights(pop), pop.households["weight"]
    d_persons = np.bincount(decile, weights=pw, minlength=10)
    d_hh = np.bincount(decile, weights=w, minlength=10)
    d_delta = np.bincount(decile, weights=w * change.delta, minlength=10)
    d_base = np.bincount(decile, weights=w * change.base_net, minlength=10)
    d_win = np.bincount(decile, weights=pw * change.win, minlength=10)
    d_lose = np.bincount(decile, weights=pw * change.lose, minlength=10)
    return [
        {
            "decile": d + 1,
            "persons": float(d_persons[d]),
            "mean_change_eur": float(d_delta[d] / max(d_hh[d], 1e-9)),
            "mean_change_pct": float(100 * d_delta[d] / max(d_base[d], 1e-9)),
            "winners_share": float(d_win[d] / max(d_persons[d], 1e-9)),
            "losers_share": float(d_lose[d] / max(d_persons[d], 1e-9)),
        }
        for d in range(10)
    ]
