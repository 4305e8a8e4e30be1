"""Kela's parental allowances (vanhempainpäivärahat): pregnancy allowance (raskausraha) and parental allowance
(vanhempainraha), Sairausvakuutuslaki 1224/2004 (SVL), 9 and 11 luku, as reformed by HE 129/2021 for children
due on or after 4.9.2022.

How Kela computes the amount (SVL 11 luku; Kela's formula table). The names in double backquotes are fields
of ``parental_allowance`` (``assumptions/parameters/parental_allowance``):

* **annual income** (vuositulo, 11:2 §): wages of the 12 calendar months before the month preceding the
  benefit, less the insurance contribution deduction (vakuutusmaksuvähennys, ``insurance_contribution_deduction``:
  the employee's pension, unemployment insurance and daily-allowance contributions of the year);
* **daily allowance** = ``rate_scale``(annual income) / ``working_days_per_year``, per working day
  (Monday–Saturday): a falling rate on each band of the annual income between the scale's income limits;
* **increased allowance** for the whole pregnancy allowance (``pregnancy_allowance_days``) and the first
  ``increased_parental_allowance_days`` parental allowance days of each parent: ``increased_rate_scale``, a
  higher rate up to its income limit and a lower one above;
* at least ``minimum_daily_amount``, also with no income at all.

Monthly steady-state simplification used here:

* a month is ``days_per_month`` benefit days (``working_days_per_year`` / 12); the annual income is 12 × the
  monthly gross wage before the leave (``previous_earnings``): holiday bonus, benefits counted in the annual
  income (e.g. earnings-related unemployment allowance) and the one-month gap are not modelled unless the caller
  adds them to ``previous_earnings``; the pension contribution rate of the youngest age band is used for
  everyone (see ``insurance_contribution_deduction``); no rounding to cents;
* **the increased days are averaged over the modelled leave**: the engine counts a parent at home with a child
  younger than ``covered_child_age`` (``covered_child_age`` × 12 × ``days_per_month`` benefit days) as on
  parental allowance; of those days, ``pregnancy_allowance_days`` + ``increased_parental_allowance_days`` (a
  birthing parent's pregnancy allowance and first increased parental days) are paid at the increased rate, so
  every month gets that share of the increased and the rest of the ordinary amount (:func:`increased_days_share`;
  the worked figures are in the note of ``covered_child_age``).
  This keeps the leave's total right for a birthing parent who stays home for the whole modelled leave; it
  over-credits a non-birthing parent on leave (only the increased parental days) and treats pregnancy days
  before the birth as paid after it. Set ``pregnancy_allowance_days`` and ``increased_parental_allowance_days``
  to 0 to leave the increase out;
* **work during the leave**: the allowance is not paid for days of work (SVL 9 luku; the partial parental
  allowance for part-time work is not modelled). The engine gives eligible parents no earnings; if
  ``earnings`` > 0 the month's allowance is cut by the share of the month worked, approximated as
  earnings / previous monthly wage (the wage being at least the minimum allowance's monthly amount, so that a
  parent without previous earnings does not lose the whole minimum for the first euro earned);
* not modelled: the split of the parental allowance days between parents (the engine decides who is eligible;
  the day quotas are in the references of ``covered_child_age``), multiple births,
  adoption, special pregnancy allowance, the employer paying wages during the leave.

Kela: https://www.kela.fi/daily-allowances-for-parents-amount-payment ;
https://www.kela.fi/annual-income-calculation ; https://www.kela.fi/vuositulo
Finlex: https://www.finlex.fi/fi/laki/ajantasa/2004/20041224
"""

from __future__ import annotations

import numpy as np

from models.arrays import as_float_array_1d
from models.parameter_types import FrozenModel, Scale
from models.rules.tax import scale_amount

#: Calendar months in a year (the annual income is 12 monthly wages).
MONTHS_PER_YEAR = 12.0


class ParentalAllowanceParameters(FrozenModel):
    """Pregnancy and parental allowance, SVL 1224/2004, 11 luku (one YAML file per field)."""

    #: EUR per working day paid at least, also with no income (SVL 11 luku).
    minimum_daily_amount: float
    #: The daily allowance is the scale amount of the annual income divided by this.
    working_days_per_year: float
    #: Paid working days (Mon–Sat) in an average month: ``working_days_per_year`` / 12.
    days_per_month: float
    #: Share of wage income deducted for the employee's insurance contributions (vakuutusmaksuvähennys).
    insurance_contribution_deduction: float
    #: Ordinary allowance: falling rates on the bands of deducted annual income (EUR/year thresholds).
    rate_scale: Scale
    #: Increased allowance (pregnancy allowance, first ``increased_parental_allowance_days`` parental days):
    #: a higher rate up to the income limit and a lower one above it.
    increased_rate_scale: Scale
    #: Pregnancy allowance days (all at the increased rate), birthing parent only.
    pregnancy_allowance_days: float
    #: First parental allowance days at the increased rate, once per parent.
    increased_parental_allowance_days: float
    #: Modelling assumption: a parent at home whose youngest child is younger than this (years) is on
    #: parental allowance; also the length of the leave over which the increased days are averaged.
    covered_child_age: int


def covered_by_parental_allowance(youngest_child_age, p: ParentalAllowanceParameters) -> np.ndarray:
    """Whether a parent at home is taken to be on parental allowance: youngest child younger than ``covered_child_age``.

    Modelling rule for ``models/system.py`` (not law): the parental allowance days and the pregnancy allowance
    days, shared between the parents, last about a year from birth (the reason of ``covered_child_age``), so
    the child's first ``covered_child_age`` years are parental-allowance time and the later ones up to
    ``home_care_allowance.child_age_limit`` home-care-allowance time (the home care allowance is not paid
    during parental allowance, laki 1128/1996, 3 §).
    """
    return as_float_array_1d(youngest_child_age) < p.covered_child_age


def annual_income(previous_earnings, p: ParentalAllowanceParameters) -> np.ndarray:
    """Annual income the allowance is based on (vuositulo), SVL 11 luku 2 §, EUR/year.

    12 × the gross monthly wage before the leave, less the insurance contribution deduction
    (``insurance_contribution_deduction``).
    Simplified: no holiday bonus, no benefits in the reference period, no one-month gap (see the module docstring).
    Kela: https://www.kela.fi/vuositulo
    """
    wage = np.maximum(as_float_array_1d(previous_earnings), 0.0)
    return MONTHS_PER_YEAR * wage * (1.0 - p.insurance_contribution_deduction)


def daily_parental_allowance(annual_income, p: ParentalAllowanceParameters) -> np.ndarray:
    """Ordinary daily pregnancy/parental allowance, SVL 11 luku, EUR per working day (Mon–Sat).

    ``rate_scale``(annual income) / ``working_days_per_year`` (a falling rate on each band of the annual
    income), at least ``minimum_daily_amount``.
    Kela: https://www.kela.fi/annual-income-calculation
    """
    amount = scale_amount(np.maximum(as_float_array_1d(annual_income), 0.0), p.rate_scale) / p.working_days_per_year
    return np.maximum(amount, p.minimum_daily_amount)


def increased_daily_parental_allowance(annual_income, p: ParentalAllowanceParameters) -> np.ndarray:
    """Increased daily allowance (pregnancy allowance, first increased parental allowance days), SVL 11 luku, EUR/day.

    ``increased_rate_scale``(annual income) / ``working_days_per_year`` (a higher rate up to the income limit,
    a lower one above), at least ``minimum_daily_amount``.
    Kela: https://www.kela.fi/daily-allowances-for-parents-amount-payment
    """
    amount = (
        scale_amount(np.maximum(as_float_array_1d(annual_income), 0.0), p.increased_rate_scale)
        / p.working_days_per_year
    )
    return np.maximum(amount, p.minimum_daily_amount)


def increased_days_share(p: ParentalAllowanceParameters) -> float:
    """Share of the modelled leave's benefit days paid at the increased rate (monthly simplification).

    (``pregnancy_allowance_days`` + ``increased_parental_allowance_days``) / (``covered_child_age`` × 12 ×
    ``days_per_month``): a birthing parent's increased days spread over the modelled leave, which the engine
    counts as parental-allowance time (the worked figures are in the note of ``covered_child_age``).
    Between 0 and 1.
    """
    leave_days = p.covered_child_age * MONTHS_PER_YEAR * p.days_per_month
    if leave_days <= 0:
        return 0.0
    increased = p.pregnancy_allowance_days + p.increased_parental_allowance_days
    return float(min(max(increased / leave_days, 0.0), 1.0))


def share_of_month_worked(previous_earnings, earnings, p: ParentalAllowanceParameters) -> np.ndarray:
    """Share of the month's benefit days lost to work, between 0 and 1 (SVL 9 luku: no allowance for days of work).

    Approximated as earnings / previous monthly wage, the wage taken as at least the minimum allowance's monthly
    amount (``minimum_daily_amount`` × ``days_per_month``) so that a parent without previous earnings keeps
    part of the minimum. The partial parental allowance for part-time work is not modelled.
    """
    reference_wage = np.maximum(as_float_array_1d(previous_earnings), p.minimum_daily_amount * p.days_per_month)
    return np.clip(as_float_array_1d(earnings) / reference_wage, 0.0, 1.0)


def parental_allowance(eligible, previous_earnings, earnings, p: ParentalAllowanceParameters) -> np.ndarray:
    """Pregnancy and parental allowance (raskaus- ja vanhempainraha), EUR/month, SVL 1224/2004, 11 luku.

    ``previous_earnings`` is the gross monthly wage before the leave, ``earnings`` the wage earned in the month
    of the allowance (normally 0). Steps: annual income = 12 × wage less ``insurance_contribution_deduction``
    (11:2 §) → ordinary daily allowance (``rate_scale`` / ``working_days_per_year``) and increased daily
    allowance (``increased_rate_scale``), each at least ``minimum_daily_amount`` → monthly amount =
    ``days_per_month`` × the mix of the two by :func:`increased_days_share` (the increased days averaged over
    the modelled leave) → reduced by the share of the month worked. 0 where not eligible.
    Kela: https://www.kela.fi/daily-allowances-for-parents-amount-payment
    """
    eligible = np.atleast_1d(np.asarray(eligible, dtype=bool))
    income = annual_income(previous_earnings, p)
    share = increased_days_share(p)
    daily = (1.0 - share) * daily_parental_allowance(income, p) + share * increased_daily_parental_allowance(income, p)
    monthly = daily * p.days_per_month * (1.0 - share_of_month_worked(previous_earnings, earnings, p))
    return np.where(eligible, np.maximum(monthly, 0.0), 0.0)
