"""Who the results are about: the population groups the source deck names, household types, winners and losers.

A household wins (loses) when its net income rises (falls) by more than ``modelling.win_threshold_eur`` a month
**and** by more than ``modelling.win_threshold_share`` of its baseline net income (docs/METRICS.md); shares count
persons. Who loses (:func:`losing_groups`): the losers by household type and the main activity of the household's
reference person, largest first, each with a typical losing household (:func:`household_profile`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from models.metrics import person_weights
from models.population.core import HOUSEHOLD_TYPE_NAMES, HouseholdType, MemoKey, Population
from models.population.schema import STATUS_NAMES, UNEMPLOYED_STATUSES, Role, Status, Tenure
from models.rules.modelling import ModellingAssumptions
from models.system import COMPONENT_SIGNS, Results

#: Main activities of a household's reference person, for the groups of losers (one code each).
ACTIVITIES: dict[str, tuple[Status, ...]] = {
    "employed": (Status.EMPLOYED,),
    "unemployed": UNEMPLOYED_STATUSES,
    "student": (Status.STUDENT,),
    "pensioner": (Status.PENSIONER, Status.DISABILITY_PENSIONER),
    "home_parent": (Status.HOME_PARENT,),
    "other": (Status.OTHER, Status.CHILD),
}
#: How many income components a typical household's profile lists (largest changes first).
PROFILE_COMPONENTS = 3
_STATUS_NAME = {code: name for name, code in STATUS_NAMES.items()}


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

    One matrix product over households: (groups × households: the weighted persons of each group in each
    household) × (1, Δ, base, win, lose).
    """
    names = list(masks)
    w = pop.households["weight"]
    # built once per population (the masks are the population's own, memoised)
    m = pop.memo(
        MemoKey.GROUP_MATRIX,
        tuple(masks[n] for n in names),
        lambda: np.stack([w * pop.hh_count(masks[n]) for n in names]),
    )
    cols = np.stack(
        [np.ones(pop.n_households), change.delta, change.base_net, change.win, change.lose], axis=1
    )  # households × 5
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
    """Mean change (EUR/month, %), winners and losers in each decile of the baseline's equivalised income, and the
    mean change of the decile's losing households (``losers_mean_change_eur``, :func:`decile_losses`)."""
    pw, w = person_weights(pop), pop.households["weight"]
    d_persons = np.bincount(decile, weights=pw, minlength=10)
    d_hh = np.bincount(decile, weights=w, minlength=10)
    d_delta = np.bincount(decile, weights=w * change.delta, minlength=10)
    d_base = np.bincount(decile, weights=w * change.base_net, minlength=10)
    d_win = np.bincount(decile, weights=pw * change.win, minlength=10)
    d_lose = np.bincount(decile, weights=pw * change.lose, minlength=10)
    losses = decile_losses(decile, pop, change)
    return [
        {
            "decile": d + 1,
            "persons": float(d_persons[d]),
            "mean_change_eur": float(d_delta[d] / max(d_hh[d], 1e-9)),
            "mean_change_pct": float(100 * d_delta[d] / max(d_base[d], 1e-9)),
            "winners_share": float(d_win[d] / max(d_persons[d], 1e-9)),
            "losers_share": float(d_lose[d] / max(d_persons[d], 1e-9)),
            "losers_mean_change_eur": losses[d],
        }
        for d in range(10)
    ]


def decile_losses(decile: np.ndarray, pop: Population, change: HouseholdChange) -> list[float]:
    """Mean change of net income (EUR/month, negative) of the losing households in each decile, households
    weighted; 0 where nobody loses."""
    w = pop.households["weight"] * change.lose
    total = np.bincount(decile, weights=w, minlength=10)
    loss = np.bincount(decile, weights=w * change.delta, minlength=10)
    return [float(loss[d] / total[d]) if total[d] > 0 else 0.0 for d in range(10)]


def head_activity(pop: Population) -> np.ndarray:
    """Household-level index into :data:`ACTIVITIES` of the reference person's main activity (memoised)."""
    return pop.memo(MemoKey.HEAD_ACTIVITY, (), lambda: _head_activity(pop))


def _head_activity(pop: Population) -> np.ndarray:
    heads = pop.persons["role"] == Role.HEAD
    code = np.full(pop.n_households, Status.OTHER, dtype=np.int16)
    code[pop.hh[heads]] = pop.persons["status"][heads]
    out = np.zeros(pop.n_households, dtype=np.int16)
    for i, statuses in enumerate(ACTIVITIES.values()):
        out[np.isin(code, statuses)] = i
    return out


def typical_household(index: np.ndarray, weight: np.ndarray, delta: np.ndarray) -> int:
    """Of the households ``index``, the one at the weighted median of ``delta`` (its change of net income)."""
    order = index[np.argsort(delta[index], kind="stable")]
    cw = np.cumsum(weight[order])
    return int(order[np.searchsorted(cw, 0.5 * cw[-1])])


def household_profile(pop: Population, h: int, base: Results, reform: Results) -> dict[str, Any]:
    """One household as a reader would describe it: its type, its adults (age, main activity, earnings
    EUR/month), children, housing, net income before and after (EUR/month) and the income components that
    changed most (signed: + raises net income), largest first."""
    members = np.flatnonzero(pop.hh == h)
    adults = [i for i in members if pop.persons["role"][i] != Role.CHILD]
    changes = {
        k: COMPONENT_SIGNS[k] * float(reform.household[k][h] - base.household[k][h])
        for k in COMPONENT_SIGNS
        if k != "earnings" and k in reform.household and k in base.household
    }
    largest = sorted((k for k in changes if abs(changes[k]) >= 0.5), key=lambda k: -abs(changes[k]))
    return {
        "household_type": HOUSEHOLD_TYPE_NAMES[HouseholdType(int(pop.household_type[h]))],
        "adults": [
            {
                "age": int(pop.persons["age"][i]),
                "status": _STATUS_NAME[Status(int(pop.persons["status"][i]))],
                "earnings_eur": float(pop.persons["earnings"][i]),
            }
            for i in adults
        ],
        "children": int(pop.n_children[h]),
        "tenure": Tenure(int(pop.households["tenure"][h])).name.lower(),
        "housing_cost_eur": float(pop.households["housing_cost"][h]),
        "net_income_baseline_eur": float(base.household["net_income"][h]),
        "net_income_reform_eur": float(reform.household["net_income"][h]),
        "change_eur": float(reform.household["net_income"][h] - base.household["net_income"][h]),
        "components": [{"component": k, "change_eur": changes[k]} for k in largest[:PROFILE_COMPONENTS]],
    }


def losing_groups(
    pop: Population, change: HouseholdChange, base: Results, reform: Results, p: ModellingAssumptions
) -> dict[str, Any]:
    """Who loses: the losers in persons, the typical losing household overall, and the groups of household
    type × the reference person's main activity (:data:`ACTIVITIES`) with the most losing persons, largest first.

    A group is listed when at least ``p.loser_group_min_households`` sample households lose in it. Each has
    ``persons``, ``losers`` (persons), ``losers_share`` (of the group's persons), ``median_loss_eur`` (the median
    change of its losing households, households weighted, EUR/month, negative) and ``typical``: the losing
    household at that median (:func:`household_profile`)."""
    n_act = len(ACTIVITIES)
    cell = pop.household_type.astype(np.int64) * n_act + head_activity(pop)
    pw, w = person_weights(pop), pop.households["weight"]
    n_cells = len(HOUSEHOLD_TYPE_NAMES) * n_act
    persons = np.bincount(cell, weights=pw, minlength=n_cells)
    losers = np.bincount(cell, weights=pw * change.lose, minlength=n_cells)
    sample = np.bincount(cell[change.lose], minlength=n_cells)
    groups = []
    for c in np.argsort(-losers, kind="stable"):
        if losers[c] <= 0:
            break
        if sample[c] < p.loser_group_min_households:
            continue
        index = np.flatnonzero(change.lose & (cell == c))
        h = typical_household(index, w, change.delta)
        groups.append(
            {
                "household_type": HOUSEHOLD_TYPE_NAMES[HouseholdType(int(c) // n_act)],
                "activity": list(ACTIVITIES)[int(c) % n_act],
                "persons": float(persons[c]),
                "losers": float(losers[c]),
                "losers_share": float(losers[c] / persons[c]),
                "median_loss_eur": float(change.delta[h]),
                "typical": household_profile(pop, h, base, reform),
            }
        )
    every = np.flatnonzero(change.lose)
    typical = household_profile(pop, typical_household(every, w, change.delta), base, reform) if len(every) else None
    return {"persons": float(losers.sum()), "typical": typical, "groups": groups}
