"""Family benefits paid by Kela: child benefit (lapsilisä) and child home care allowance (kotihoidon tuki).

- Child benefit, *Lapsilisälaki 796/1992*: a tax-free monthly amount for every resident child under
  ``child_benefit.age_limit``, larger for each further child of the same recipient, with an increase for a
  child under ``child_benefit.young_child_age_limit`` (from 1.4.2024) and a single-parent increase
  (yksinhuoltajakorotus) for every child. Not income-tested. Kela: https://www.kela.fi/lapsilisa
- Child home care allowance, *Laki lasten kotihoidon ja yksityisen hoidon tuesta 1128/1996*: for a family
  whose child under ``home_care_allowance.child_age_limit`` is not in municipal early childhood education. A
  care allowance (hoitoraha) per child, not income-tested, plus one income-tested care supplement (hoitolisä)
  per family. Kela: https://www.kela.fi/kotihoidontuki-maara-ja-maksaminen

All amounts in EUR per month. Who is eligible (resident child, a young child cared for at home) is
decided by ``models/system.py``; the functions here compute the amounts.
"""

from __future__ import annotations

import numpy as np

from models.arrays import as_float_array
from models.parameter_types import FrozenModel


class ChildBenefitParameters(FrozenModel):
    """Child benefit (lapsilisä), Lapsilisälaki 796/1992, 1 § and 7 §."""

    #: EUR/month per child by the child's order among the recipient's eligible children:
    #: (1st, 2nd, 3rd, 4th, 5th and every further child). The last entry applies to all higher ranks.
    amount_by_child_rank: tuple[float, ...]
    #: EUR/month added for a child under ``young_child_age_limit`` (from 1.4.2024).
    young_child_increase: float
    #: Age (years) below which ``young_child_increase`` is paid.
    young_child_age_limit: float
    #: EUR/month added per child when the recipient is a single parent (yksinhuoltajakorotus).
    single_parent_increase: float
    #: Child benefit is paid for children under this age (years).
    age_limit: float


class HomeCareAllowanceParameters(FrozenModel):
    """Child home care allowance (lasten kotihoidon tuki), laki 1128/1996, 4 § (hoitoraha), 5–6 § (hoitolisä)."""

    #: The allowance is for a child younger than this (years), cared for at home (3 §).
    child_age_limit: int
    #: Siblings younger than this (years) count: children under school age (3–4 §).
    school_age: int
    #: Care allowance (hoitoraha) for one child under ``child_age_limit``, EUR/month.
    care_allowance_first_child: float
    #: Care allowance for each further child under ``child_age_limit`` in the family, EUR/month.
    care_allowance_additional_child_under_3: float
    #: Care allowance for each other child from ``child_age_limit`` up to ``school_age``, EUR/month.
    care_allowance_other_child_under_school_age: float
    #: Full care supplement (hoitolisä), EUR/month, paid for one child only.
    care_supplement_max: float
    #: Family gross income (EUR/month) up to which the full care supplement is paid, keyed by family size
    #: (persons); the largest key applies to larger families.
    care_supplement_income_limit: dict[int, float]
    #: Share of income above the limit that is deducted from the full care supplement, keyed like the limit.
    care_supplement_reduction_rate: dict[int, float]


# --- helpers ---------------------------------------------------------------------------------------


def lookup_by_family_size(table: dict[int, float], family_size) -> np.ndarray:
    """Value of a table keyed by family size; sizes below the smallest key use the smallest key and
    sizes above the largest key use the largest key (e.g. "4 or more persons")."""
    keys = np.array(sorted(table), dtype=np.int64)
    values = np.array([table[k] for k in sorted(table)], dtype=np.float64)
    size = np.clip(np.asarray(family_size).astype(np.int64), keys[0], keys[-1])
    return values[np.searchsorted(keys, size)]


# --- child benefit ---------------------------------------------------------------------------------


def child_benefit_base_amount(child_rank, p: ChildBenefitParameters) -> np.ndarray:
    """Amount by the child's order (Lapsilisälaki 7 § 1–2 mom.): 1st, 2nd, 3rd, 4th, 5th and further.

    ``child_rank`` 1 is the oldest eligible child of the recipient; ranks above the table's length get its
    last entry. A rank below 1 (an adult) gets the first entry; eligibility masks it out.
    """
    amounts = np.asarray(p.amount_by_child_rank, dtype=np.float64)
    idx = np.clip(np.asarray(child_rank).astype(np.int64), 1, len(amounts)) - 1
    return amounts[idx]


def child_benefit(eligible, age, child_rank, single_parent, p: ChildBenefitParameters) -> np.ndarray:
    """Child benefit (lapsilisä) per child, EUR/month.

    *Lapsilisälaki 796/1992*, 1 § (children under ``age_limit`` resident in Finland) and 7 § (amount by the
    child's order among the recipient's eligible children, + ``young_child_increase`` for a child under
    ``young_child_age_limit`` from 1.4.2024, + ``single_parent_increase`` for each child).
    Kela: https://www.kela.fi/lapsilisa

    Parameters
    ----------
    eligible : bool, person-level. A resident child for whom child benefit is paid (engine decides);
        children at or above ``p.age_limit`` are excluded here too.
    age : years, person-level.
    child_rank : 1 for the oldest eligible child of the recipient, 2 for the next, ...
    single_parent : bool, person-level: the recipient is not married or cohabiting.

    Simplified: all children of a household are assumed paid to one recipient (so the sibling steps
    apply); the young-child increase is by age in whole years (Kela pays it to the end of the month in
    which the child reaches ``young_child_age_limit``).
    """
    age = as_float_array(age)
    paid = np.asarray(eligible, dtype=bool) & (age < p.age_limit)
    amount = (
        child_benefit_base_amount(child_rank, p)
        + p.young_child_increase * (age < p.young_child_age_limit)
        + p.single_parent_increase * np.asarray(single_parent, dtype=bool)
    )
    return np.where(paid, np.maximum(amount, 0.0), 0.0)


# --- child home care allowance ---------------------------------------------------------------------


def home_care_care_allowance(
    n_children_under_3_at_home, n_other_children_under_school_age_at_home, p: HomeCareAllowanceParameters
) -> np.ndarray:
    """Care allowance (hoitoraha), laki 1128/1996, 4 §: ``care_allowance_first_child`` for one child under
    ``child_age_limit``, ``care_allowance_additional_child_under_3`` for each further child under it and
    ``care_allowance_other_child_under_school_age`` for each other child under ``school_age`` cared for at home.
    Not income-tested. Kela: https://www.kela.fi/kotihoidontuki-maara-ja-maksaminen
    """
    n_under_3 = np.maximum(as_float_array(n_children_under_3_at_home), 0.0)
    n_other = np.maximum(as_float_array(n_other_children_under_school_age_at_home), 0.0)
    return (
        p.care_allowance_first_child * (n_under_3 >= 1)
        + p.care_allowance_additional_child_under_3 * np.maximum(n_under_3 - 1.0, 0.0)
        + p.care_allowance_other_child_under_school_age * n_other
    )


def home_care_care_supplement(family_income, family_size, p: HomeCareAllowanceParameters) -> np.ndarray:
    """Care supplement (hoitolisä), laki 1128/1996, 5 § (amount) and 6 § (family income counted as in the
    daycare-fee law 1503/2016, 11 §): paid for one child only; ``care_supplement_max`` up to the income limit
    ``care_supplement_income_limit`` by family size, reduced by ``care_supplement_reduction_rate`` (by family
    size) of the family's gross monthly income above the limit, never below zero.
    Kela: https://www.kela.fi/kotihoidontuki-maara-ja-maksaminen

    Kela counts only part of a large family (see the description of ``care_supplement_income_limit``): a
    size below the table's smallest key is read as that key and above its largest key as the largest key.
    """
    income = as_float_array(family_income)
    limit = lookup_by_family_size(p.care_supplement_income_limit, family_size)
    rate = lookup_by_family_size(p.care_supplement_reduction_rate, family_size)
    return np.maximum(p.care_supplement_max - rate * np.maximum(income - limit, 0.0), 0.0)


def home_care_allowance(
    eligible,
    n_children_under_3_at_home,
    n_other_children_under_school_age_at_home,
    family_income,
    family_size,
    p: HomeCareAllowanceParameters,
) -> np.ndarray:
    """Child home care allowance (lasten kotihoidon tuki) per household, EUR/month.

    *Laki lasten kotihoidon ja yksityisen hoidon tuesta 1128/1996*, 3 § (right to the allowance: a child
    under ``child_age_limit`` not in municipal early childhood education), 4 § (hoitoraha) and 5 § (hoitolisä).
    Kela: https://www.kela.fi/kotihoidontuki-maara-ja-maksaminen

    Parameters
    ----------
    eligible : bool, household-level: a child under ``child_age_limit`` cared for at home (engine decides).
    n_children_under_3_at_home : children under ``child_age_limit`` not in municipal daycare (at least 1 when
        eligible).
    n_other_children_under_school_age_at_home : children from ``child_age_limit`` up to ``school_age`` not in
        municipal daycare.
    family_income : gross monthly income of the family (the care allowance itself not counted).
    family_size : persons counted for the care supplement (see :func:`home_care_care_supplement`).

    Simplified: no municipal supplement (kuntalisä); no interaction with parental allowance, partial or
    flexible care allowance; the care supplement is not pro-rated for part months.
    """
    n_under_3 = as_float_array(n_children_under_3_at_home)
    paid = np.asarray(eligible, dtype=bool) & (n_under_3 >= 1)
    total = home_care_care_allowance(
        n_children_under_3_at_home, n_other_children_under_school_age_at_home, p
    ) + home_care_care_supplement(family_income, family_size, p)
    return np.where(paid, np.maximum(total, 0.0), 0.0)


class ChildMaintenanceParameters(FrozenModel):
    """Maintenance of a child whose parents live apart (one YAML file per field)."""

    #: Kela's full maintenance allowance per child (EUR/month).
    maintenance_allowance: float
    #: Paid for children under this age (years).
    age_limit: int


def child_maintenance(eligible, age, p: ChildMaintenanceParameters) -> np.ndarray:
    """Maintenance received for a child of a single parent, EUR/month per child (tax-free).

    Elatustukilaki 580/2008, 9 §: Kela pays the full maintenance allowance when the other parent does not pay
    maintenance; otherwise the other parent pays the agreed maintenance (elatusapu). The model gives every
    child under ``age_limit`` of a single parent the full allowance (``maintenance_allowance``), from one
    source or the other. Simplifications: the payers' side (the other parent's lower income) is not modelled,
    because payers cannot be identified in the synthetic population; maintenance above the allowance and
    shared custody are ignored.
    Kela: https://www.kela.fi/elatustuki
    """
    return np.where(np.asarray(eligible) & (np.asarray(age) < p.age_limit), p.maintenance_allowance, 0.0)
