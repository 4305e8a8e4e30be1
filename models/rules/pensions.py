"""National pension and guarantee pension paid by Kela, as in force on the parameters' date.

* **National pension** (kansaneläke), Kansaneläkelaki 568/2007, 19–22 §: the full amount depends on
  whether the pensioner lives alone or with a spouse/cohabitant; it is reduced by
  ``pensions.national_pension_withdrawal_rate`` of other (mainly earnings-related) pensions above a small
  protected amount; an amount under the minimum payable is not paid.
* **Guarantee pension** (takuueläke), Laki takuueläkkeestä 703/2010, 7–8 §: tops all pensions
  (work pension + national pension) up to the guarantee level, 100 % withdrawal; an amount under
  the minimum payable is not paid.

Both are indexed to the national pension index (kansaneläkeindeksi; each year's index and the derivation of
the amounts are in the references and notes of ``assumptions/parameters/pensions``).
Simplified: no early-retirement reduction, no child increase (lapsikorotus), no pensioners' care or
housing allowance, no residence-time proration; earnings do not affect either pension (the law lets
earnings affect a disability pensioner's guarantee pension — ignored).

Kela: https://www.kela.fi/kansanelake ; https://www.kela.fi/takuuelake ;
https://www.kela.fi/web/en/national-pensions-amount-and-payment
"""

from __future__ import annotations

import numpy as np

from models.arrays import as_float_array
from models.parameter_types import FrozenModel


class PensionParameters(FrozenModel):
    """Parameters of the national and guarantee pensions (one YAML file per field)."""

    national_pension_single: float
    national_pension_couple: float
    national_pension_protected_amount: float
    national_pension_withdrawal_rate: float
    national_pension_minimum_payable: float
    guarantee_pension_full: float
    guarantee_pension_minimum_payable: float
    #: Ages (years): the old-age pension from ``old_age_pension_age``, early from ``early_old_age_pension_age``.
    old_age_pension_age: int
    early_old_age_pension_age: int
    early_pension_reduction_per_month: float


def full_national_pension(has_partner, p: PensionParameters) -> np.ndarray:
    """Full national pension, Kansaneläkelaki 568/2007, 20 §: single or married/cohabiting amount."""
    return np.where(np.asarray(has_partner, dtype=bool), p.national_pension_couple, p.national_pension_single)


def national_pension(eligible, has_partner, earnings_related_pension, p: PensionParameters) -> np.ndarray:
    """National pension (kansaneläke), EUR/month, Kansaneläkelaki 568/2007, 19–22 §.

    full amount − ``national_pension_withdrawal_rate`` × other pensions above ``national_pension_protected_amount``;
    not paid if the result is under ``national_pension_minimum_payable``. With no other pension the full
    amount is paid; it ends where other pensions reach protected amount + (full − minimum) / rate, Kela's
    income limits (the year's figures are in the references of ``pensions.national_pension_single``).
    Kela: https://www.kela.fi/kansanelake
    """
    eligible = np.asarray(eligible, dtype=bool)
    excess = np.maximum(as_float_array(earnings_related_pension) - p.national_pension_protected_amount, 0.0)
    amount = np.maximum(full_national_pension(has_partner, p) - p.national_pension_withdrawal_rate * excess, 0.0)
    amount = np.where(amount < p.national_pension_minimum_payable, 0.0, amount)
    return np.where(eligible, amount, 0.0)


def guarantee_pension(
    eligible, earnings_related_pension, national_pension, p: PensionParameters, level_factor=1.0
) -> np.ndarray:
    """Guarantee pension (takuueläke), EUR/month, Laki takuueläkkeestä 703/2010, 7–8 §.

    ``level_factor`` × ``guarantee_pension_full`` (the guarantee level) − work pension − national pension, if at
    least ``guarantee_pension_minimum_payable``; otherwise nothing. Spouse's income, earnings and assets do not
    count. Taken early, only the guarantee level is reduced (8 §: ``level_factor`` is the early pension's
    :func:`old_age_pension_factor`), not the pensions set against it.
    Kela: https://www.kela.fi/takuuelake
    """
    eligible = np.asarray(eligible, dtype=bool)
    others = as_float_array(earnings_related_pension) + as_float_array(national_pension)
    amount = np.maximum(as_float_array(level_factor) * p.guarantee_pension_full - others, 0.0)
    amount = np.where(amount < p.guarantee_pension_minimum_payable, 0.0, amount)
    return np.where(eligible, amount, 0.0)


def old_age_pension_factor(old_age_pensioner, disability_pensioner, age, p: PensionParameters) -> np.ndarray:
    """Share of the national pension paid by age, Kansaneläkelaki 568/2007, 10 and 12 §: 1 for disability
    pensioners and old-age pensioners from ``old_age_pension_age``; 1 − ``early_pension_reduction_per_month`` ×
    months early for an early old-age pension from ``early_old_age_pension_age`` (whole years: a person of age
    ``old_age_pension_age`` − 1 counts as six months early); 0 for younger old-age pensioners, who live on their
    earnings-related pension until the national pension age.
    """
    age = as_float_array(age)
    months_early = np.maximum(12.0 * (p.old_age_pension_age - age) - 6.0, 0.0)
    early = (age >= p.early_old_age_pension_age) & (age < p.old_age_pension_age)
    old_age = np.where(
        age >= p.old_age_pension_age,
        1.0,
        np.where(early, 1.0 - p.early_pension_reduction_per_month * months_early, 0.0),
    )
    return np.where(
        np.asarray(disability_pensioner, dtype=bool),
        1.0,
        np.where(np.asarray(old_age_pensioner, dtype=bool), old_age, 0.0),
    )
