"""Early-childhood-education fees (varhaiskasvatusmaksu) in municipal daycare.

*Laki varhaiskasvatuksen asiakasmaksuista 1503/2016*: the monthly fee for full-time care of the family's
youngest child in daycare is a fixed share (``daycare.fee_rate``) of the family's gross monthly income above
an income limit that depends on family size (5 §), capped at a maximum and not charged below a minimum (7 §).
The next child in age order pays at most ``daycare.second_child_share`` and each further child
``daycare.further_child_share`` of the youngest child's fee (8 §).
Amounts and limits are index-revised every two years (16 §; last revision 1.8.2024, OKM notice 1062/2023).
Municipalities may charge less; this module applies the statutory maximum.
Kuntaliitto: https://www.kuntaliitto.fi/yleiskirjeet/2023/muutoksia-varhaiskasvatuksen-asiakasmaksuihin-182024-alkaen

Money in EUR per month.
"""

from __future__ import annotations

import numpy as np

from models.arrays import as_float_array
from models.parameter_types import FrozenModel


class DaycareFeeParameters(FrozenModel):
    """Daycare fees, laki 1503/2016, 5 §, 7 §, 8 § (amounts as revised under 16 §)."""

    #: Share of family income above the income limit charged as the full-time fee of the youngest child.
    fee_rate: float
    #: Income limit (EUR/month) keyed by family size in persons (the sizes the law's table lists).
    income_limit: dict[int, float]
    #: Increase of the income limit for each further child in a family larger than the largest key (EUR/month).
    income_limit_increment_per_additional_child: float
    #: Maximum full-time fee of the youngest child in daycare (EUR/month).
    max_fee: float
    #: Fees below this are not charged (EUR/month).
    min_fee: float
    #: The next child in age order pays at most this share of the youngest child's fee.
    second_child_share: float
    #: Each further child pays this share of the youngest child's fee.
    further_child_share: float


def daycare_income_limit(family_size, p: DaycareFeeParameters) -> np.ndarray:
    """Income limit by family size (1503/2016, 5 § 2–3 mom.): the table ``income_limit``, plus
    ``income_limit_increment_per_additional_child`` for each further child above its largest family size. A
    size below the smallest key is read as that key (one parent and the child)."""
    keys = np.array(sorted(p.income_limit), dtype=np.int64)
    values = np.array([p.income_limit[k] for k in sorted(p.income_limit)], dtype=np.float64)
    size = np.maximum(np.asarray(family_size).astype(np.int64), keys[0])
    base = values[np.searchsorted(keys, np.minimum(size, keys[-1]))]
    return base + p.income_limit_increment_per_additional_child * np.maximum(size - keys[-1], 0)


def youngest_child_fee(family_income, family_size, p: DaycareFeeParameters) -> np.ndarray:
    """Full-time fee of the youngest child in daycare before the minimum and rounding (1503/2016, 5 § and
    7 §): ``fee_rate`` × (income − limit), between 0 and ``max_fee``."""
    excess = np.maximum(as_float_array(family_income) - daycare_income_limit(family_size, p), 0.0)
    return np.minimum(p.fee_rate * excess, p.max_fee)


def sibling_fee_share(daycare_rank, p: DaycareFeeParameters) -> np.ndarray:
    """Share of the youngest child's fee paid by a child of the given rank (1503/2016, 8 §): 1 for the
    youngest, ``second_child_share`` for the next, ``further_child_share`` for each further child."""
    rank = np.asarray(daycare_rank).astype(np.int64)
    return np.where(rank <= 1, 1.0, np.where(rank == 2, p.second_child_share, p.further_child_share))


def daycare_fee(in_daycare, daycare_rank, family_income, family_size, p: DaycareFeeParameters) -> np.ndarray:
    """Monthly early-childhood-education fee per child, full-time municipal daycare, EUR/month.

    *Laki varhaiskasvatuksen asiakasmaksuista 1503/2016*, 5 § (income limits by family size, ``fee_rate``),
    7 § (``max_fee`` and ``min_fee``), 8 § (siblings: the next child at most ``second_child_share`` of the
    youngest child's fee, each further child ``further_child_share``). A fee below the minimum is not charged;
    fees are rounded to the nearest euro (as in the municipal fee tables, e.g. Kittilä: "Maksu pyöristetään
    lähimpään euromäärään").
    Kuntaliitto: https://www.kuntaliitto.fi/yleiskirjeet/2023/muutoksia-varhaiskasvatuksen-asiakasmaksuihin-182024-alkaen

    Parameters
    ----------
    in_daycare : bool, person-level: the child is in municipal early childhood education.
    daycare_rank : 1 for the youngest child of the family in daycare, 2 for the next, ...
    family_income : gross monthly income of the family (parents/spouses and the child), broadcast to the child.
    family_size : parents/spouses and all minor children living together, broadcast to the child.

    Simplified: full-time care only (no reduced fees for part-time hours); the municipality charges the
    statutory maximum; no July exemption or other municipal reductions; the minimum is tested before
    rounding (consistent with the municipal tables; a worked example is in the note of ``daycare.min_fee``).
    """
    share = sibling_fee_share(daycare_rank, p)
    fee = share * youngest_child_fee(family_income, family_size, p)
    charged = np.asarray(in_daycare, dtype=bool) & (fee >= p.min_fee)
    return np.where(charged, np.floor(fee + 0.5), 0.0)
