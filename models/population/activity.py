"""Step 3 of the synthetic population: every adult's main activity and the unemployed's benefit.

Old-age pensioners are drawn first (before the parents at home of step 2: a pensioner is not a home parent).
Everyone else not pensioned or at home with a child gets a disability pension, studies, is employed,
unemployed or other, by age (``disability_pension_probability``, ``student_probability``,
``activity_among_others``) and household type (``unemployment_odds_by_household``). The non-working outcomes
of parents are scaled by one factor per group (sex × youngest child's age × single/couple), fitted so that the
expected share at work (employed or a working student) is the published employment rate of mothers and
fathers (``parents_employment``); those of other adults by one factor per sex and age band, so that the
expected number employed in each band stays what the age profile gives (parents work more than others of
their age; the totals are then calibrated). The unemployment odds of every family status (not living in a
family, a spouse without or with children at home, a single parent, an adult child living with their parents) get
one more factor each, fitted to the published shares of the unemployed by family status
(``unemployed_family_status``).

Jobseekers in employment-promoting services who are paid an unemployment benefit are not among the registered
unemployed; the register's main activity counts the trainees and self-motivated students among the students and
the others (coaching, work trials, rehabilitative work) among the other inactive, so
:func:`draw_employment_services` draws them from those two groups (``employment_services``) and they take the
status of their benefit with the flag ``in_services``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.population.composition import (
    COUPLE,
    COUPLE_ADULT,
    COUPLE_CH,
    HOUSEHOLD_TYPES,
    OTHER_ADULTS,
    SINGLE,
    SINGLE_PARENT,
    SINGLE_PARENT_ADULT,
    Composition,
)
from models.population.sampling import by_age, from_odds, norm_cdf, norm_ppf, to_odds
from models.population.schema import FAMILY_STATUSES, Role, Status

#: Which expectation of ActivityProfile.expected a factor is fitted to.
AT_WORK, EMPLOYED = 0, 1
#: Spells of at least this many months are long-term unemployment ("a year or more"): the bands of
#: ``unemployment_spell_months`` are drawn as [from, to) months, with 7–12 completed months as [7, 13).
LONG_TERM_MONTHS = 13


def draw_old_age_pensioners(rng: np.random.Generator, cfg: dict[str, Any], comp: Composition) -> np.ndarray:
    """The status array: CHILD for children, PENSIONER for adults drawn by ``old_age_pension_probability``,
    -1 (not yet drawn) for the others."""
    status = np.full(comp.n_persons, -1, dtype=np.int16)
    status[comp.is_child] = Status.CHILD
    draw = rng.random(comp.n_persons) < by_age(cfg["old_age_pension_probability"])[comp.age]
    status[~comp.is_child & draw] = Status.PENSIONER
    return status


@dataclass
class ActivityProfile:
    """Per-person probabilities of the age profile (before the parents' fit), for those not pensioned or
    at home with a child: disability pension; student (if not disabled); not employed (if neither:
    unemployed or other); and the probability that a student works (side_earnings)."""

    disability: np.ndarray
    student: np.ndarray
    not_employed: np.ndarray
    working_student: np.ndarray

    def probabilities(self, factor: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Disability, student and not-employed probabilities with every non-working outcome × factor."""
        return (
            np.minimum(self.disability * factor, 1.0),
            np.minimum(self.student * factor, 1.0),
            np.minimum(self.not_employed * factor, 1.0),
        )

    def take(self, idx: np.ndarray) -> ActivityProfile:
        """The profile of the persons ``idx``."""
        return ActivityProfile(
            self.disability[idx], self.student[idx], self.not_employed[idx], self.working_student[idx]
        )

    def expected(self, factor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Expected (at work: employed or a working student, employed) of each person."""
        disability, student, not_employed = self.probabilities(factor)
        employed = (1 - disability) * (1 - student) * (1 - not_employed)
        return employed + (1 - disability) * student * self.working_student, employed


@dataclass
class ActivityProbabilities:
    """Each person's probabilities of the fitted activity model (meaningful for those without a status)."""

    disability: np.ndarray
    student: np.ndarray  # if not disabled
    not_employed: np.ndarray  # if neither
    unemployed: np.ndarray  # if neither: below it unemployed, between it and not_employed other inactive


def fit_group_factors(
    activity: ActivityProfile,
    which: int,
    group: np.ndarray,
    n_groups: int,
    wanted: np.ndarray,
    iterations: int = 36,
    max_fit: int = 250_000,
) -> np.ndarray:
    """One factor per group such that the sum over the group's members of ``activity.expected(factor)
    [which]`` (AT_WORK or EMPLOYED; decreasing in the factor) equals ``wanted``. ``group`` is -1 for
    persons outside every group. Bisection on the log scale, all groups at once; groups without members
    get 1. Beyond ``max_fit`` members every k-th is used (the full-size population), with ``wanted``
    scaled to the members kept."""
    low = np.full(n_groups, math.log(1e-3))
    high = np.full(n_groups, math.log(50.0))
    idx = np.flatnonzero(group >= 0)
    members = np.bincount(group[idx], minlength=n_groups)
    if len(idx) > max_fit:
        idx = idx[:: -(-len(idx) // max_fit)]
        kept = np.bincount(group[idx], minlength=n_groups)
        wanted = wanted * np.where(members > 0, kept / np.maximum(members, 1), 0.0)
        members = kept
    member_group = group[idx]
    sub = activity.take(idx)
    for _ in range(iterations):
        mid = 0.5 * (low + high)
        got = np.bincount(member_group, weights=sub.expected(np.exp(mid[member_group]))[which], minlength=n_groups)
        too_few = got < wanted  # the non-working outcomes are too likely: a smaller factor
        high = np.where(too_few, mid, high)
        low = np.where(too_few, low, mid)
    return np.where(members > 0, np.exp(0.5 * (low + high)), 1.0)


def _parent_groups(
    spec: dict[str, Any], free: np.ndarray, comp: Composition, youngest_age: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parents' groups (sex × band of the youngest child's age × single/couple): the group whose factor each
    person takes (-1: none), the group each is fitted in (-1: none), and each group's wanted number at work."""
    hh, age, sex = comp.hh, comp.age, comp.sex
    family = np.isin(comp.household_type, [COUPLE_CH, SINGLE_PARENT])[hh]
    parent = family & ((comp.role == Role.HEAD) | (comp.role == Role.SPOUSE))
    single = (comp.household_type == SINGLE_PARENT)[hh]
    youngest = youngest_age[hh]
    lowest_age, highest_age = spec["age_range"]
    fit_ages = (age >= lowest_age) & (age <= highest_age)
    apply_group = np.full(comp.n_persons, -1)
    fit_group = np.full(comp.n_persons, -1)
    wanted: list[float] = []
    sexes = ((1, "mothers_by_youngest_child", "mothers"), (0, "fathers_by_youngest_child", "fathers"))
    for parent_sex, key, gap_key in sexes:
        gap = float(spec["single_parent_gap"][gap_key])
        for band, (lowest, highest, rate) in enumerate(spec[key]):
            same_sex = parent & (sex == parent_sex)
            in_band = same_sex & (youngest >= lowest) & (youngest <= highest)
            applies = same_sex & (youngest >= (0 if band == 0 else lowest)) & (youngest <= highest)
            everyone = in_band & fit_ages
            couple_rate = float(rate) + gap * float((everyone & single).sum()) / max(int(everyone.sum()), 1)
            for is_single, group_rate in ((False, couple_rate), (True, couple_rate - gap)):
                apply_group[applies & (single == is_single) & free] = len(wanted)
                fit_group[everyone & (single == is_single) & free] = len(wanted)
                wanted.append(max(group_rate, 0.0) * float((everyone & (single == is_single)).sum()))
    return apply_group, fit_group, np.asarray(wanted)


def activity_factors(
    spec: dict[str, Any], activity: ActivityProfile, free: np.ndarray, comp: Composition, youngest_age: np.ndarray
) -> np.ndarray:
    """Multipliers of the non-working outcomes (disability pension, studies, unemployment, inactivity)
    of the adults in ``free`` (not pensioned, not at home with a child).

    Parents (heads and spouses of families with children under 18), by sex, the youngest child's age band
    and single/couple: fitted so that the expected share at work (employed, or a student with earnings)
    among all parents of the band aged ``spec["age_range"]`` — home parents and pensioners count as not at
    work — is the published rate, with single parents ``single_parent_gap`` below couples (the band's
    rate is the average). A band that starts above 0 also gives its factor to the parents whose youngest
    child is younger (mothers of babies not at home, whose published rate counts those on maternity leave
    as employed and is not comparable). Every other adult aged ``compensation_age_bands``, by sex and
    band: fitted so that the expected number employed in the band is what it is without the parents' fit.
    """
    age, sex, n_persons = comp.age, comp.sex, comp.n_persons
    apply_group, fit_group, wanted = _parent_groups(spec, free, comp, youngest_age)
    parent_factors = fit_group_factors(activity, AT_WORK, fit_group, len(wanted), wanted)
    factor = np.ones(n_persons)
    is_parent = apply_group >= 0
    factor[is_parent] = parent_factors[apply_group[is_parent]]

    # everyone else: the expected number employed by sex and age band stays
    cell = np.full(n_persons, -1)
    for band, (lowest, highest) in enumerate(spec["compensation_age_bands"]):
        cell[(age >= lowest) & (age <= highest)] = 2 * band + sex[(age >= lowest) & (age <= highest)]
    n_cells = 2 * len(spec["compensation_age_bands"])
    in_cell = free & (cell >= 0)

    def by_cell(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.bincount(np.where(mask, cell, n_cells), weights=values, minlength=n_cells + 1)[:n_cells]

    wanted_cells = by_cell(in_cell, activity.expected(np.ones(n_persons))[EMPLOYED]) - by_cell(
        in_cell & is_parent, activity.expected(factor)[EMPLOYED]
    )
    others = in_cell & ~is_parent
    other_group = np.where(others, cell, -1)
    other_factors = fit_group_factors(activity, EMPLOYED, other_group, n_cells, np.maximum(wanted_cells, 0.0))
    factor[others] = other_factors[cell[others]]
    return factor


def _unemployed_probability(
    not_employed: np.ndarray, profile_not_employed: np.ndarray, active: np.ndarray, share_unemployed: np.ndarray
) -> np.ndarray:
    """The non-employed keep the age profile's split between unemployment and other inactivity."""
    return not_employed * np.where(
        profile_not_employed > 0, active * share_unemployed / np.maximum(profile_not_employed, 1e-12), 0.0
    )


def family_status(comp: Composition) -> np.ndarray:
    """Each adult's family status as in Statistics Finland's employment statistics (index into FAMILY_STATUSES;
    -1 for children): not in a family (living alone or with other adults), a spouse without or with children at
    home (children of any age), a parent without a spouse, a child living with their parents (adults of role 3 in
    families)."""
    htype = comp.household_type[comp.hh]
    partner = (comp.role == Role.HEAD) | (comp.role == Role.SPOUSE)
    group = np.full(comp.n_persons, -1)
    group[np.isin(htype, [SINGLE, OTHER_ADULTS])] = FAMILY_STATUSES.index("not_in_family")
    group[partner & (htype == COUPLE)] = FAMILY_STATUSES.index("spouse_without_children")
    group[partner & np.isin(htype, [COUPLE_CH, COUPLE_ADULT])] = FAMILY_STATUSES.index("spouse_with_children")
    single_parent = (comp.role == Role.HEAD) & np.isin(htype, [SINGLE_PARENT, SINGLE_PARENT_ADULT])
    group[single_parent] = FAMILY_STATUSES.index("single_parent")
    adult_child = (comp.role == Role.OTHER_ADULT) & ~np.isin(htype, [SINGLE, OTHER_ADULTS])
    group[adult_child] = FAMILY_STATUSES.index("child_of_family")
    group[comp.is_child] = -1
    return group


def main_activity_probabilities(
    cfg: dict[str, Any], comp: Composition, status: np.ndarray, youngest_age: np.ndarray
) -> ActivityProbabilities:
    """The fitted probabilities of the activities of the adults without a status yet.

    The odds of unemployment of each family status (:func:`family_status`) get one more factor, fitted so that the
    expected shares of the unemployed by family status are the register's (fixed-point steps on the odds scale;
    each reruns the parents' fit of :func:`activity_factors`).
    """
    age, hh = comp.age, comp.hh
    free = ~comp.is_child & (status < 0)
    profile = cfg["activity_among_others"]
    p_employed, p_unemployed = by_age(profile, 2)[age], by_age(profile, 3)[age]
    active = p_employed + p_unemployed
    base_share = np.where(active > 0, p_unemployed / np.maximum(active, 1e-9), 0)
    household_odds = np.array([cfg["unemployment_odds_by_household"][t] for t in HOUSEHOLD_TYPES])
    odds_multiplier = household_odds[comp.household_type][hh]
    spec = cfg["unemployed_family_status"]
    wanted = np.array([spec["shares"][name] for name in FAMILY_STATUSES], dtype=np.float64)
    group = family_status(comp)
    in_group = group >= 0
    disability = by_age(cfg["disability_pension_probability"])[age]
    student = by_age(cfg["student_probability"])[age]
    working_student = by_age(cfg["side_earnings"]["student_share"])[age]
    log_factor = np.zeros(len(FAMILY_STATUSES))
    iterations = int(spec["iterations"])
    for step in range(iterations + 1):
        factor = np.where(in_group, np.exp(log_factor[np.maximum(group, 0)]), 1.0)
        share = from_odds(to_odds(base_share) * odds_multiplier * factor)
        activity = ActivityProfile(disability, student, 1.0 - active * (1 - share), working_student)
        fitted = activity_factors(cfg["parents_employment"], activity, free, comp, youngest_age)
        p_disability, p_student, p_not_employed = activity.probabilities(fitted)
        p_unemployed = _unemployed_probability(p_not_employed, activity.not_employed, active, share)
        if step == iterations:
            break
        expected = np.where(free & in_group, (1 - p_disability) * (1 - p_student) * p_unemployed, 0.0)
        got = np.bincount(group[in_group], weights=expected[in_group], minlength=len(FAMILY_STATUSES))
        got = got / max(got.sum(), 1e-12)
        # the log-odds gap of every group; the compensation of the other adults' employment damps the response
        log_factor += np.where(got > 0, np.log(to_odds(wanted) / to_odds(np.maximum(got, 1e-9))), 0.0)
    return ActivityProbabilities(p_disability, p_student, p_not_employed, p_unemployed)


def partners_correlated(uniform: np.ndarray, comp: Composition, correlation: float) -> np.ndarray:
    """``uniform`` with each couple's spouse's number tied to the head's by a Gaussian copula of ``correlation``.

    The spouse's number becomes ``Φ(ρ·Φ⁻¹(u_head) + √(1 − ρ²)·Φ⁻¹(u_spouse))``: still uniform on its own, so every
    probability drawn with it keeps its meaning, while low numbers (not employed) come together in couples. No
    random number is drawn: with ``correlation`` 0 the numbers are returned unchanged."""
    if correlation == 0.0:
        return uniform
    couples = np.flatnonzero(comp.has_spouse == 1)
    heads, spouses = comp.heads[couples], comp.spouses[couples]
    latent = correlation * norm_ppf(uniform[heads]) + math.sqrt(1.0 - correlation**2) * norm_ppf(uniform[spouses])
    out = uniform.copy()
    out[spouses] = np.clip(norm_cdf(latent), 0.0, np.nextafter(1.0, 0.0))
    return out


def draw_main_activity(
    rng: np.random.Generator,
    probabilities: ActivityProbabilities,
    comp: Composition,
    status: np.ndarray,
    partner_correlation: float = 0.0,
) -> np.ndarray:
    """Disability pensioners, students, the employed and other inactive among the adults without a status
    (in that order); returns the unemployed, whose status is set with their benefit
    (:func:`draw_unemployment_benefit`). The two partners' draws between work and no work are correlated by
    ``partner_correlation`` (:func:`partners_correlated`; each one's probabilities are kept)."""
    adult, n_persons = ~comp.is_child, comp.n_persons
    free = adult & (status < 0)
    status[free & (rng.random(n_persons) < probabilities.disability)] = Status.DISABILITY_PENSIONER
    free = adult & (status < 0)
    status[free & (rng.random(n_persons) < probabilities.student)] = Status.STUDENT
    free = adult & (status < 0)
    uniform = partners_correlated(rng.random(n_persons), comp, partner_correlation)
    employed = free & (uniform >= probabilities.not_employed)
    unemployed = free & ~employed & (uniform < probabilities.unemployed)
    status[employed] = Status.EMPLOYED
    status[free & ~employed & ~unemployed] = Status.OTHER
    return unemployed


def draw_employment_services(
    rng: np.random.Generator, cfg: dict[str, Any], age: np.ndarray, status: np.ndarray, unemployed: np.ndarray
) -> np.ndarray:
    """Jobseekers in employment-promoting services with an unemployment benefit: ``employment_services`` gives, for
    the students and the other inactive, the age band and the probability of being in a service instead (the
    study-type services, and the work-type ones). They join ``unemployed`` (whose benefit is drawn next, with
    theirs) and lose their status until then; returns who they are."""
    spec = cfg["employment_services"]
    in_services = np.zeros(len(age), dtype=bool)
    uniform = rng.random(len(age))
    for group, source in ((spec["from_students"], Status.STUDENT), (spec["from_other"], Status.OTHER)):
        low, high = group["age"]
        drawn = (status == source) & (age >= low) & (age <= high) & (uniform < group["probability"])
        in_services |= drawn
    unemployed |= in_services
    status[in_services] = -1
    return in_services


def services_on_the_subsidy(
    rng: np.random.Generator, cfg: dict[str, Any], in_services: np.ndarray, status: np.ndarray, days_used: np.ndarray
) -> None:
    """Those in services whose service is paid with the labour market subsidy by its nature (rehabilitative work,
    integration training: ``employment_services.subsidy_share`` of them) get it whatever their drawn benefit."""
    subsidy = in_services & (rng.random(len(status)) < cfg["employment_services"]["subsidy_share"])
    status[subsidy] = Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY
    days_used[subsidy] = 0


def maximum_days(spec: dict[str, Any], age: np.ndarray, spell_months: np.ndarray) -> np.ndarray:
    """The maximum period of the earnings-related (or basic) allowance in days for each unemployed person
    (Työttömyysturvalaki 1290/2002, 6 luku 7 §): ``max_days``, or ``older_max_days`` for those at least
    ``older_from_age`` when the spell began (the work history of five years in twenty that it also asks is assumed of
    those the allowance pays)."""
    age_at_start = age - spell_months / 12.0
    days: np.ndarray = np.where(age_at_start >= spec["older_from_age"], spec["older_max_days"], spec["max_days"])
    return days


def additional_days(
    spec: dict[str, Any], age: np.ndarray, spell_months: np.ndarray, max_days: np.ndarray, days_per_month: float
) -> np.ndarray:
    """Whether each unemployed person's allowance runs on after the maximum period as additional days to 65
    (lisäpäivät, Työttömyysturvalaki 1290/2002, 6 luku 9 §): born in a cohort of ``additional_days`` that had reached
    the cohort's age by the end of the maximum period (the spell's start plus ``max_days`` of payment)."""
    birth_year = spec["population_year"] - np.floor(age).astype(np.int64)
    age_at_end = age - spell_months / 12.0 + max_days / days_per_month / 12.0
    entitled = np.zeros(len(age), dtype=bool)
    for cohort in spec["additional_days"]:
        first, last = cohort["born"]
        entitled |= (birth_year >= first) & (birth_year <= last) & (age_at_end >= cohort["from_age"])
    entitled &= age < spec["additional_days_until_age"]
    return entitled


def draw_unemployment_benefit(
    rng: np.random.Generator, cfg: dict[str, Any], age: np.ndarray, unemployed: np.ndarray, status: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The benefit of the unemployed (their status) from the length of their spell (``unemployment_spell_months``)
    and the split of ``unemployment_benefit_split``; returns the days of earnings-related (or basic) allowance
    used and the length of the current spell in months, for everyone (0 for the others)."""
    members = np.flatnonzero(unemployed)
    spells = cfg["unemployment_spell_months"]
    spell_weights = np.array([s[2] for s in spells], dtype=np.float64)
    spell_band = rng.choice(len(spells), size=len(members), p=spell_weights / spell_weights.sum())
    shortest = np.array([s[0] for s in spells])[spell_band]
    longest = np.array([s[1] for s in spells])[spell_band]
    split = cfg["unemployment_benefit_split"]
    spell_months = shortest + rng.random(len(members)) * (longest - shortest)
    spell_days = spell_months * split["days_per_month"]
    max_days = maximum_days(cfg["earnings_related_duration"], age[members], spell_months)
    eligible = (spell_days < max_days) | additional_days(
        cfg["earnings_related_duration"], age[members], spell_months, max_days, split["days_per_month"]
    )
    # shares among all unemployed from the recipient stocks, divided by the share of the unemployed whose spell
    # the earnings-related (or basic) allowance can pay, give the probabilities among those
    total = split["labour_market_subsidy"] + split["basic_allowance"] + split["earnings_related"]
    eligible_share = float(eligible.mean()) if len(members) else 1.0
    p_earnings_related = split["earnings_related"] / total / eligible_share
    p_basic = split["basic_allowance"] / total / eligible_share
    young_factor = np.where(age[members] < split["young_age_under"], split["young_earnings_related_factor"], 1.0)
    if eligible.any():
        young_factor = young_factor / young_factor[eligible].mean()
    p_person = np.minimum(p_earnings_related * young_factor, 1.0 - p_basic)
    uniform = rng.random(len(members))
    earnings_related = eligible & (uniform < p_person)
    basic = eligible & ~earnings_related & (uniform < p_person + p_basic)
    status[members] = np.select(
        [earnings_related, basic],
        [Status.UNEMPLOYED_EARNINGS_RELATED, Status.UNEMPLOYED_BASIC_ALLOWANCE],
        Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
    )
    days_used = np.zeros(len(age), dtype=np.int64)
    paid = earnings_related | basic
    days_used[members] = np.where(paid, np.minimum(np.rint(spell_days), max_days - 1), 0).astype(np.int64)
    months = np.zeros(len(age))
    months[members] = spell_months
    return days_used, months
