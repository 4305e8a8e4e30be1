"""Rules of the reform models: basic income, negative income tax, general support, participation income.

These are not law: each function implements a model family as the Finnish debate describes it, with
the levers of :mod:`models.scenario`. Money is EUR per month; arrays are per person unless noted.

Sources for the designs: Kela's 2016 pre-study of a basic income experiment (Kangas & Pulkka (eds.),
*Ideasta kokeiluun?*, Valtioneuvoston selvitys- ja tutkimustoiminnan julkaisusarja 63/2016); the 2017–2018
experiment (Laki perustulokokeilusta 1528/2016); the general support (yleistuki) proposal (HE 2025, Kela
release 17.12.2025); participation income as proposed by A. B. Atkinson (*The Case for a Participation
Income*, Political Quarterly 67(1), 1996) and, for young people, in the source deck.
"""

from __future__ import annotations

import numpy as np


def basic_income(
    age, is_child, amount, young_adult_amount, child_amount, pensioner_amount, min_age, max_age, young_adult_max_age
):
    """Basic income (perustulo) by age group, EUR/month per person.

    Adults from ``min_age`` to ``max_age`` get ``amount`` (adults up to ``young_adult_max_age``
    ``young_adult_amount`` if given), children ``child_amount`` and people above ``max_age``
    ``pensioner_amount``. Unconditional and not means-tested (Laki perustulokokeilusta 1528/2016, 4 §: a fixed
    monthly amount, not reduced by other income).
    """
    age = np.asarray(age)
    adult = ~is_child & (age >= min_age) & (age <= max_age)
    young = (age <= young_adult_max_age) & (young_adult_amount is not None)
    adult_amount = np.where(young, young_adult_amount or 0.0, amount)
    return (
        np.where(adult, adult_amount, 0.0)
        + np.where(is_child, child_amount, 0.0)
        + np.where(~is_child & (age > max_age), pensioner_amount, 0.0)
    )


def offset_benefit(benefit, new_amount):
    """A replaced benefit becomes a top-up: what is left of it after the new amount, never negative.

    The 2017–2018 experiment paid the basic income first and reduced basic unemployment benefits by it
    (Laki perustulokokeilusta 1528/2016, 7 §).
    """
    return np.maximum(np.asarray(benefit) - np.asarray(new_amount), 0.0)


def negative_income_tax(eligible, income, guarantee, withdrawal_rate):
    """Negative income tax: ``guarantee − withdrawal_rate × income``, never negative, EUR/month.

    ``income`` is own gross income (individual unit) or the unit's income per eligible adult (household
    unit), as decided by the engine. Paid through the tax system, so not itself taxable.
    """
    return np.where(eligible, np.maximum(guarantee - withdrawal_rate * np.asarray(income), 0.0), 0.0)


def tapered_benefit(eligible, amount, income, disregard, taper):
    """One benefit with one taper: ``amount − taper × max(0, income − disregard)``, never negative.

    The general support (yleistuki) model: several basic benefits merged into one amount, withdrawn at a
    single rate above a single earnings disregard (HE on yleistuki; the proposal's taper and disregard, with
    Kela's source, are in the preset ``assumptions/presets/yleistuki_2026.yaml``).
    """
    reduction = taper * np.maximum(np.asarray(income) - disregard, 0.0)
    return np.where(eligible, np.maximum(np.asarray(amount) - reduction, 0.0), 0.0)


def countable_income(earnings, other_income, earnings_disregard, other_income_disregard):
    """Income left after separate disregards on earnings and on other income, EUR/month.

    The labour market subsidy's own-income test has this shape: wages are adjusted from the first euro, other
    own income reduces it above a separate limit (Työttömyysturvalaki 1290/2002, 7 luku; the limit is
    ``unemployment/lms_other_income_disregard``); Kela's 17.12.2025 release says the 2026 general support keeps
    the same limit.
    """
    return np.maximum(np.asarray(earnings) - earnings_disregard, 0.0) + np.maximum(
        np.asarray(other_income) - other_income_disregard, 0.0
    )


def participation_income(eligible, participates, amount, sanction):
    """Participation income: ``amount`` to participants, ``amount × (1 − sanction)`` to others, EUR/month.

    Participation covers work, study, care of a child or a relative, job search and volunteering (Atkinson
    1996); the engine decides who participates from the population and the assumed participation share.
    """
    return np.where(eligible, np.where(participates, amount, amount * (1.0 - sanction)), 0.0)
