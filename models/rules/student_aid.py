"""Student financial aid (opintotuki), Opintotukilaki 65/1994, as in force from 1.8.2025.

The names in double backquotes are fields of ``student_aid`` (``assumptions/parameters/student_aid``).

* **Study grant** (opintoraha, 11 §): ``study_grant_independent`` a month for a student aged 18+ living
  independently (or married), ``study_grant_age_17_independent`` at 17; living with parents
  ``study_grant_with_parents_under_20`` until ``with_parents_age_limit`` and ``study_grant_with_parents`` from
  then on; plus the dependant supplement (huoltajakorotus, ``dependant_supplement``) for a parent of a child
  under 18. Since the 2017 reform (Laki 4/2017) the amounts are the same at every level of education (upper
  secondary, vocational, higher education); the level only decides whether parents' income counts (secondary
  level) and the limit on aid months (higher education). Amounts frozen 2024–2027 (HE 80/2023).
* **Student housing supplement** (asumislisä, 13 §) from 1.8.2025: ``housing_supplement_rate`` of the rent or
  right-of-occupancy charge, at most ``housing_supplement_maximum`` a month by municipality group; only the
  student's own income counts. Students living with their own or their spouse's child stay in the
  general housing allowance (the engine decides eligibility).
* **Own income test** (15 §, tulovalvonta): annual income limit = ``income_limit_aid_month`` × aid months +
  ``income_limit_other_month`` × other months of the calendar year. Income above the limit leads Kela to
  recover aid months; both benefits count towards the same aid months.

How the annual limit is applied monthly (a modelling choice): a student is assumed to draw aid for
``aid_months_per_year`` months and to earn the same ``earnings`` every month of the year. The
number of aid months the annual income allows is
``m = (12 × other-month limit − 12 × earnings) / (other-month limit − aid-month limit)``,
capped to [0, ``aid_months_per_year``]; the amount returned for a month of study is the full amount × m /
``aid_months_per_year``. Kela cancels or recovers whole months (a step); the model spreads it smoothly, which
is the expected amount over the year and keeps the net income rising with earnings. Aid starts to fall at
monthly earnings of other-month limit − ``aid_months_per_year`` × (other-month limit − aid-month limit) / 12
and ends at the other-month limit (the figures are in the note of ``income_limit_aid_month``). The EUR 220
tolerance on recoveries is ignored.

* **Parents' income test** (11 §): a student living with parents (at any level) gets a raise when the parents'
  taxable earned and capital income of a year is low: ``parental_raise_with_parents_under_20`` or
  ``parental_raise_with_parents`` in full up to ``parental_income_raise_limit``, each full
  ``parental_income_raise_step`` above it taking ``parental_income_raise_step_share`` of the raise away, none
  above ``parental_income_raise_ceiling``. The grant of a secondary-level student under ``with_parents_age_limit``
  living with parents falls by ``parental_income_reduction_step_share`` of it for each full
  ``parental_income_reduction_step`` of parents' income above ``parental_income_reduction_limit``. Neither applies
  to a parent of a child under 18 (SISU: lakimakrot OPINTUKI, VanhKorotusS and VanhAlennusS).

Simplified: the raise of a 17-year-old living independently (whose parents are not in the household, so their
income is unknown) and the study-material supplement (since 1.8.2021 only for students not entitled to free
education) are not modelled; no grant under ``minimum_age`` (child benefit is paid instead). Who
claims, and the aid months a higher-education student has left, are take-up parameters applied by the engine
(``study_grant_take_up_rate``, ``study_grant_take_up_rate_higher_education``, ``postgraduate_aid_share``).

Kela: https://www.kela.fi/opintotuki-opintoraha ; https://www.kela.fi/opintotuki-asumislisa ;
https://www.kela.fi/opintotuki-tulot
"""

from __future__ import annotations

import numpy as np
from pydantic import field_validator

from models.arrays import as_float_array
from models.parameter_types import FrozenModel

#: Municipality groups of the housing supplement (as in the general housing allowance since 2024):
#: 1 capital region, 2 the larger municipalities, 3 the rest.
MUNICIPALITY_GROUPS = (1, 2, 3)


class StudentAidParameters(FrozenModel):
    """Parameters of student financial aid (one YAML file per field)."""

    minimum_age: float
    study_grant_independent: float
    study_grant_with_parents: float
    study_grant_age_17_independent: float
    study_grant_with_parents_under_20: float
    with_parents_age_limit: float
    dependant_supplement: float
    income_limit_aid_month: float
    income_limit_other_month: float
    aid_months_per_year: float
    housing_supplement_rate: float
    housing_supplement_maximum: dict[int, float]
    student_loan_state_guarantee: float
    study_grant_take_up_rate: float
    study_grant_take_up_rate_higher_education: float
    postgraduate_aid_share: float
    parental_raise_with_parents_under_20: float
    parental_raise_with_parents: float
    parental_income_raise_limit: float
    parental_income_raise_step: float
    parental_income_raise_step_share: float
    parental_income_raise_ceiling: float
    parental_income_reduction_limit: float
    parental_income_reduction_step: float
    parental_income_reduction_step_share: float

    @field_validator("aid_months_per_year")
    @classmethod
    def _months_of_a_year(cls, v: float) -> float:
        # The average month holds aid_months/12 of an aid month's aid, and social assistance tests a student at the
        # aid month: both divide by it.
        if not 0 < v <= 12:
            raise ValueError(f"aid months per year must be more than 0 and at most 12, got {v}")
        return v

    @field_validator("housing_supplement_maximum")
    @classmethod
    def _three_groups(cls, v: dict[int, float]) -> dict[int, float]:
        if set(v) != set(MUNICIPALITY_GROUPS):
            raise ValueError(f"expected municipality groups {MUNICIPALITY_GROUPS}, got {sorted(v)}")
        if any(x < 0 for x in v.values()):
            raise ValueError("maximum amounts must be non-negative")
        return v


def income_test_share(earnings, p: StudentAidParameters) -> np.ndarray:
    """Share of the aid months the student's own annual income allows, Opintotukilaki 65/1994, 15 §.

    ``earnings`` are monthly and assumed the same all year. Allowed aid months
    ``m = 12 × (other-month limit − earnings) / (other-month limit − aid-month limit)`` in
    [0, ``aid_months_per_year``]; returns m / ``aid_months_per_year`` (see the module docstring for why the
    whole-month step is smoothed).
    """
    months = p.aid_months_per_year
    spread = p.income_limit_other_month - p.income_limit_aid_month
    allowed = 12.0 * (p.income_limit_other_month - as_float_array(earnings)) / spread
    return np.clip(allowed, 0.0, months) / months


def base_study_grant(age, lives_with_parents, p: StudentAidParameters) -> np.ndarray:
    """Study grant by age and living arrangement, the same at every level of education, Opintotukilaki 65/1994,
    11 § (Kela: https://www.kela.fi/opintotuki-opintoraha; OKM: https://okm.fi/opintotuen-maara).

    Living with parents: ``study_grant_with_parents_under_20`` under ``with_parents_age_limit``,
    ``study_grant_with_parents`` from that age; living independently: ``study_grant_age_17_independent`` at 17,
    ``study_grant_independent`` from 18; under ``minimum_age``: nothing.
    """
    age = as_float_array(age)
    with_parents = np.asarray(lives_with_parents, dtype=bool)
    at_home = np.where(age >= p.with_parents_age_limit, p.study_grant_with_parents, p.study_grant_with_parents_under_20)
    independent = np.where(age >= 18, p.study_grant_independent, p.study_grant_age_17_independent)
    grant = np.where(with_parents, at_home, independent)
    return np.where(age >= p.minimum_age, grant, 0.0)


def parental_raise_share(parents_income, p: StudentAidParameters) -> np.ndarray:
    """Share of the study grant's raise paid at the parents' annual income (EUR/year), Opintotukilaki 65/1994, 11 §.

    All of it up to ``parental_income_raise_limit``; ``parental_income_raise_step_share`` less for each full
    ``parental_income_raise_step`` above it; nothing above ``parental_income_raise_ceiling``.
    """
    income = as_float_array(parents_income)
    steps = np.floor(np.maximum(income - p.parental_income_raise_limit, 0.0) / p.parental_income_raise_step)
    share = np.clip(1.0 - steps * p.parental_income_raise_step_share, 0.0, 1.0)
    return np.where(income > p.parental_income_raise_ceiling, 0.0, share)


def parental_reduction_share(parents_income, p: StudentAidParameters) -> np.ndarray:
    """Share of the study grant taken away at the parents' annual income (EUR/year) from a secondary-level student
    under ``with_parents_age_limit`` living with parents, Opintotukilaki 65/1994, 11 §: ``parental_income_reduction_
    step_share`` for each full ``parental_income_reduction_step`` above ``parental_income_reduction_limit``, at
    most all of it."""
    income = as_float_array(parents_income)
    steps = np.floor(np.maximum(income - p.parental_income_reduction_limit, 0.0) / p.parental_income_reduction_step)
    return np.minimum(steps * p.parental_income_reduction_step_share, 1.0)


def study_grant(
    eligible,
    age,
    lives_with_parents,
    has_children,
    earnings,
    p: StudentAidParameters,
    parents_income=None,
    higher_education=None,
) -> np.ndarray:
    """Study grant (opintoraha), EUR per month of study aid, Opintotukilaki 65/1994, 11 § and 15 §.

    A parent of a child under 18 gets the independent amount plus the dependant supplement
    (huoltajakorotus, 11 § 4 mom.) wherever they live. A student living with parents has the parents' income test
    (see the module docstring) when ``parents_income`` (their taxable earned and capital income, EUR/year) is
    given; ``higher_education`` marks the students whose grant it cannot lower (all of them when not given). The
    own-income test reduces the grant smoothly (``income_test_share``). Paid in study months only
    (``aid_months_per_year`` in the model's income test); the engine decides how many months a year.
    Kela: https://www.kela.fi/opintotuki-opintoraha ; https://www.kela.fi/opintotuki-vanhempien-tulot
    """
    eligible = np.asarray(eligible, dtype=bool)
    parent = np.asarray(has_children, dtype=bool)
    age = as_float_array(age)
    base = base_study_grant(age, lives_with_parents, p)
    if parents_income is not None:
        tested = np.asarray(lives_with_parents, dtype=bool) & ~parent & (age >= p.minimum_age)
        under_20 = age < p.with_parents_age_limit
        most = np.where(under_20, p.parental_raise_with_parents_under_20, p.parental_raise_with_parents)
        base = base + np.where(tested, most * parental_raise_share(parents_income, p), 0.0)
        if higher_education is not None:
            lowered = tested & under_20 & ~np.asarray(higher_education, dtype=bool)
            base = base * (1.0 - np.where(lowered, parental_reduction_share(parents_income, p), 0.0))
    with_child = np.where(age >= p.minimum_age, p.study_grant_independent + p.dependant_supplement, 0.0)
    grant = np.where(parent, with_child, base)
    return np.where(eligible, grant * income_test_share(earnings, p), 0.0)


def dependant_supplement(eligible, age, has_children, earnings, p: StudentAidParameters) -> np.ndarray:
    """The dependant supplement (huoltajakorotus) included in :func:`study_grant`, EUR per month of study aid.

    Opintotukilaki 65/1994, 11 § 4 mom.: a parent of a child under 18 from ``minimum_age``; reduced by the same
    own-income test. The general housing allowance does not count it as income (Laki yleisestä asumistuesta
    938/2014, 14 §; Kela: https://www.kela.fi/yleinen-asumistuki-muiden-etuuksien-vaikutus).
    """
    paid = np.asarray(eligible, dtype=bool) & np.asarray(has_children, dtype=bool)
    paid &= as_float_array(age) >= p.minimum_age
    return np.where(paid, p.dependant_supplement * income_test_share(earnings, p), 0.0)


def loan_guarantee(could_draw_grant, with_parents, secondary, age, p: StudentAidParameters) -> np.ndarray:
    """Who of the students can have the student loan's state guarantee, bool per person.

    A student with a study grant (``could_draw_grant`` above zero); and, without one, a secondary-level student
    living with the parents and under ``with_parents_age_limit`` whose grant the parents' income takes away
    (Opintotukilaki 65/1994, the guarantee's conditions; Kela – Opintolaina: "Olet 18–19-vuotias, asut vanhempasi
    luona, opiskelet toisen asteen oppilaitoksessa etkä voi saada opintorahaa vanhempiesi tulojen vuoksi. Voit
    kuitenkin saada lainatakauksen"). The minimum age of the guarantee is the caller's.
    """
    at_home_secondary = (
        np.asarray(with_parents, dtype=bool)
        & np.asarray(secondary, dtype=bool)
        & (np.asarray(age) < p.with_parents_age_limit)
    )
    return (np.asarray(could_draw_grant) > 0) | at_home_secondary


def student_loan(eligible, earnings, p: StudentAidParameters) -> np.ndarray:
    """The state-guaranteed student loan a student with study aid can draw, EUR per month of study aid.

    Opintotukilaki 65/1994, 15 b §: ``student_loan_state_guarantee``; the guarantee goes with the aid months, so
    the own-income test that recovers aid months takes it too (:func:`income_test_share`).
    Kela: https://www.kela.fi/opintolaina
    """
    return np.where(
        np.asarray(eligible, dtype=bool), p.student_loan_state_guarantee * income_test_share(earnings, p), 0.0
    )


def housing_supplement_maximum(municipality_group, p: StudentAidParameters) -> np.ndarray:
    """Maximum supplement by municipality group (1 capital region, 2 larger municipalities, 3 others).

    A group outside 1–3 falls back to group 3 (the lowest amount).
    """
    group = np.asarray(municipality_group).astype(np.int64)
    table = np.array([p.housing_supplement_maximum[g] for g in MUNICIPALITY_GROUPS], dtype=np.float64)
    idx = np.where(np.isin(group, MUNICIPALITY_GROUPS), group - 1, len(MUNICIPALITY_GROUPS) - 1)
    return table[idx]


def student_housing_supplement(
    eligible, housing_cost, municipality_group, earnings, p: StudentAidParameters
) -> np.ndarray:
    """Student housing supplement (opintotuen asumislisä), EUR per month of study aid, from 1.8.2025.

    Opintotukilaki 65/1994, 13 § (as amended from 1.8.2025): ``housing_supplement_rate`` of the student's own
    rent or right-of-occupancy charge (``housing_cost``, the student's share), at most
    ``housing_supplement_maximum`` of the municipality group (1 capital region, 2 the larger municipalities,
    3 the rest; :func:`housing_supplement_maximum`). Only the student's own income counts,
    through the same annual income limit as the study grant (``income_test_share``). Paid only for
    months of study aid. Before 1.8.2025 students were in the general housing allowance: the maxima
    are zero then.
    Kela: https://www.kela.fi/opintotuki-asumislisa
    """
    eligible = np.asarray(eligible, dtype=bool)
    amount = np.minimum(
        p.housing_supplement_rate * np.maximum(as_float_array(housing_cost), 0.0),
        housing_supplement_maximum(municipality_group, p),
    )
    return np.where(eligible, amount * income_test_share(earnings, p), 0.0)
