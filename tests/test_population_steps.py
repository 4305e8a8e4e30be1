"""The steps of the synthetic population generator, one at a time.

Each test runs one step function of ``models/population`` on the output of the steps before it (built once
per module, 20,000 households) and checks a property the step guarantees; the whole population is tested
in ``test_population.py``.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from models.population import (
    activity,
    calibrate,
    capital_income,
    church,
    composition,
    earnings,
    housing,
    pensions,
    students,
    synthetic,
    tenure,
)
from models.population import region_and_childcare as childcare
from models.population.core import Population
from models.population.sampling import by_age
from models.population.schema import ADULT_AGE, NO_CHILD_AGE, Role, Status, StudyLevel, Tenure

N = 20_000
SEED = 17


@pytest.fixture(scope="module")
def cfg() -> dict:
    return synthetic.load_generator()


@pytest.fixture(scope="module")
def steps(cfg) -> SimpleNamespace:
    """Every intermediate result of the steps, run in the order of ``synthesize`` with one generator."""
    rng = np.random.default_rng(SEED)
    s = SimpleNamespace(rng=rng)
    s.comp = composition.compose_households(rng, cfg, N)
    s.group = childcare.draw_municipality_group(rng, cfg, s.comp.head_age)
    s.in_daycare = childcare.draw_daycare(rng, cfg, s.comp)
    s.daycare_before_home_parents = s.in_daycare.copy()
    s.status = activity.draw_old_age_pensioners(rng, cfg, s.comp)
    s.status_before_home_parents = s.status.copy()
    s.youngest_age = childcare.draw_home_parents(rng, cfg, s.comp, s.status, s.in_daycare)
    s.status_before_activity = s.status.copy()
    s.probabilities = activity.main_activity_probabilities(cfg, s.comp, s.status, s.youngest_age)
    correlation = float(cfg["partners_employment_correlation"])
    s.unemployed = activity.draw_main_activity(rng, s.probabilities, s.comp, s.status, correlation)
    s.in_services = activity.draw_employment_services(rng, cfg, s.comp.age, s.status, s.unemployed)
    s.days_used, s.spell_months = activity.draw_unemployment_benefit(rng, cfg, s.comp.age, s.unemployed, s.status)
    activity.services_on_the_subsidy(rng, cfg, s.in_services, s.status, s.days_used)
    s.study_level = students.draw_study_level(rng, cfg, s.comp, s.status)
    s.employees = earnings.draw_employee_earnings(rng, cfg, s.comp, s.group, s.status)
    s.earnings = s.employees.earnings
    earnings.add_side_earnings(rng, cfg, s.comp.age, s.status, s.earnings)
    s.previous = earnings.draw_previous_earnings(rng, cfg, s.comp, s.status, s.earnings, s.employees)
    s.pension, s.below_limit = pensions.draw_pensions(rng, cfg, s.comp, s.status)
    s.church = church.draw_church_membership(rng, cfg, s.comp)
    s.income, s.income_score = tenure.household_income(s.comp, s.earnings, s.pension)
    s.tenure, s.decile = tenure.draw_tenure(rng, cfg, s.comp, s.group, s.status, s.earnings, s.pension, s.income)
    s.housing_cost, s.rented_area = housing.draw_housing_costs(rng, cfg, s.comp, s.group, s.tenure)
    s.net_assets, s.has_assets = housing.draw_net_assets(rng, cfg, s.comp.head_age, s.tenure, s.income_score)
    s.other_income, s.capital_flags = capital_income.draw_capital_income(
        rng, cfg["capital_income"], s.comp, s.has_assets, s.income_score
    )
    return s


# ----------------------------------------------------------------------------- 1. composition
def test_steps_in_order_give_the_population_of_synthesize(steps):
    households, persons, _ = synthetic.synthesize(N, SEED)
    assert np.array_equal(persons["age"], steps.comp.age)
    assert np.array_equal(persons["status"], steps.status)
    assert np.array_equal(persons["in_services"], steps.in_services)
    assert np.array_equal(households["tenure"], steps.tenure)
    assert np.array_equal(persons["earnings"], np.round(steps.earnings, 2))


def test_members_are_laid_out_head_spouse_children_others():
    household_type = np.array([composition.SINGLE, composition.COUPLE_CH, composition.OTHER_ADULTS])
    comp = composition.lay_out_members(household_type, np.array([0, 1, 0]), np.array([0, 2, 0]), np.array([0, 1, 2]))
    assert comp.hh.tolist() == [0, 1, 1, 1, 1, 1, 2, 2, 2]
    assert comp.role.tolist() == [
        Role.HEAD,
        Role.HEAD,
        Role.SPOUSE,
        Role.CHILD,
        Role.CHILD,
        Role.OTHER_ADULT,
        Role.HEAD,
        Role.OTHER_ADULT,
        Role.OTHER_ADULT,
    ]
    assert comp.heads.tolist() == [0, 1, 6]
    assert comp.youngest_children.tolist() == [3]


def test_household_sizes_add_up_and_every_household_has_one_head(steps):
    comp = steps.comp
    assert (np.bincount(comp.hh, minlength=comp.n_households) == comp.size).all()
    assert (comp.size == 1 + comp.has_spouse + comp.n_children + comp.n_other_adults).all()
    assert (np.bincount(comp.hh, weights=comp.role == Role.HEAD) == 1).all()
    assert (np.bincount(comp.hh, weights=comp.role == Role.SPOUSE) == comp.has_spouse).all()
    assert (np.bincount(comp.hh, weights=comp.is_child, minlength=comp.n_households) == comp.n_children).all()
    assert (comp.n_children[comp.is_family] >= 1).all() and (comp.n_children[~comp.is_family] == 0).all()
    assert (np.diff(comp.hh) >= 0).all()


def test_household_types_follow_their_published_frequencies(steps, cfg):
    weights = np.array([cfg["household_types"][t] for t in composition.HOUSEHOLD_TYPES], dtype=float)
    drawn = np.bincount(steps.comp.household_type, minlength=len(weights)) / N
    assert drawn == pytest.approx(weights / weights.sum(), abs=0.01)


def test_children_are_minors_and_adults_are_of_age(steps, cfg):
    comp = steps.comp
    assert (comp.age[comp.is_child] < ADULT_AGE).all() and (comp.age[comp.is_child] >= 0).all()
    assert (comp.age[~comp.is_child] >= ADULT_AGE).all()
    assert comp.age.max() <= composition.oldest_age(cfg)
    adult_children = (comp.role == Role.OTHER_ADULT) & (comp.is_family | comp.with_adult_children_only)[comp.hh]
    assert (comp.age[adult_children] <= cfg["adult_child_oldest_age"]).all()


def test_mothers_had_their_oldest_child_at_a_plausible_age(steps, cfg):
    comp = steps.comp
    couples = np.flatnonzero(comp.household_type == composition.COUPLE_CH)
    oldest = np.zeros(comp.n_households, dtype=np.int64)
    offspring = comp.is_child | (comp.role == Role.OTHER_ADULT)
    np.maximum.at(oldest, comp.hh[offspring], comp.age[offspring])
    mothers = comp.spouses[couples]
    assert (comp.sex[mothers] == 1).all() and (comp.sex[comp.heads[couples]] == 0).all()
    at_birth = comp.age[mothers] - oldest[couples]
    spec = cfg["mother_age_at_first_child"]
    assert at_birth.min() >= spec["min"] and at_birth.max() <= spec["max"]


def test_childrens_ages_follow_the_population_pyramid(steps, cfg):
    pyramid = cfg["population_pyramid"]
    wanted = np.array([by_age(pyramid, 2)[a] + by_age(pyramid, 3)[a] for a in range(ADULT_AGE)])
    got = np.bincount(steps.comp.age[steps.comp.is_child], minlength=ADULT_AGE)
    assert 0.5 * np.abs(got / got.sum() - wanted / wanted.sum()).sum() < 0.03  # total variation distance


# ----------------------------------------------------------------------------- 2. region and childcare
def test_young_heads_live_in_the_capital_region_more_often(steps):
    group, head_age = steps.group, steps.comp.head_age
    assert set(np.unique(group)) == {1, 2, 3}
    assert (group[head_age < 30] == 1).mean() > (group[head_age >= 65] == 1).mean() + 0.05


def test_only_children_under_school_age_are_in_daycare(steps, cfg):
    comp, daycare = steps.comp, steps.daycare_before_home_parents
    assert not daycare[~comp.is_child].any()
    oldest_in_table = max(row[1] for row in cfg["ecec_participation"])
    assert not daycare[comp.age > oldest_in_table].any()
    three_to_five = comp.is_child & (comp.age >= 3) & (comp.age <= 5)
    assert daycare[three_to_five].mean() == pytest.approx(0.93, abs=0.03)


def test_home_parents_are_parents_of_a_small_child_not_in_daycare(steps, cfg):
    comp, status = steps.comp, steps.status_before_activity
    under = cfg["home_parent_share"]["youngest_child_under"]
    home = np.flatnonzero(status == Status.HOME_PARENT)
    assert len(home) > 0
    assert np.isin(comp.role[home], [Role.HEAD, Role.SPOUSE]).all()
    assert comp.is_family[comp.hh[home]].all()
    assert (steps.youngest_age[comp.hh[home]] < under).all()
    at_home = np.zeros(comp.n_households, dtype=bool)
    at_home[comp.hh[home]] = True
    assert not steps.in_daycare[comp.is_child & at_home[comp.hh] & (comp.age < under)].any()
    # home parents never replace an old-age pensioner
    assert (steps.status_before_home_parents[home] == -1).all()


def test_youngest_child_age_is_the_minimum_or_no_child(steps):
    comp = steps.comp
    youngest = np.full(comp.n_households, NO_CHILD_AGE)
    np.minimum.at(youngest, comp.hh[comp.is_child], comp.age[comp.is_child])
    assert np.array_equal(childcare.youngest_child_age(comp), youngest)
    assert np.array_equal(steps.youngest_age, youngest)


# ----------------------------------------------------------------------------- 3. main activity
def test_old_age_pensions_start_at_the_ages_of_the_assumption(steps, cfg):
    comp, status = steps.comp, steps.status_before_home_parents
    first_age = min(row[0] for row in cfg["old_age_pension_probability"] if row[2] > 0)
    pensioner = status == Status.PENSIONER
    assert (comp.age[pensioner] >= first_age).all()
    assert pensioner[~comp.is_child & (comp.age >= 65)].all()
    assert (status[comp.is_child] == Status.CHILD).all()


def test_activity_probabilities_are_probabilities(steps):
    p = steps.probabilities
    for values in (p.disability, p.student, p.not_employed, p.unemployed):
        assert ((values >= 0) & (values <= 1)).all()
    assert (p.unemployed <= p.not_employed + 1e-12).all()


def test_group_factors_meet_the_wanted_number_at_work():
    rng = np.random.default_rng(1)
    n = 5_000
    profile = activity.ActivityProfile(
        disability=np.full(n, 0.05),
        student=np.full(n, 0.1),
        not_employed=rng.uniform(0.1, 0.4, n),
        working_student=np.full(n, 0.5),
    )
    group = rng.integers(-1, 3, n)
    at_work = profile.expected(np.ones(n))[activity.AT_WORK]
    wanted = np.array([1.05, 0.95, 1.0]) * np.bincount(group[group >= 0], weights=at_work[group >= 0])
    factors = activity.fit_group_factors(profile, activity.AT_WORK, group, 3, wanted)
    got = profile.expected(np.where(group >= 0, factors[np.maximum(group, 0)], 1.0))[activity.AT_WORK]
    assert np.bincount(group[group >= 0], weights=got[group >= 0]) == pytest.approx(wanted, rel=1e-6)
    assert factors[0] < 1 < factors[1]


def test_every_person_has_a_status_and_only_the_insured_unemployed_used_days(steps, cfg):
    status, days = steps.status, steps.days_used
    assert (status >= 0).all()
    assert set(np.unique(status[steps.unemployed])) <= {
        Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
        Status.UNEMPLOYED_BASIC_ALLOWANCE,
        Status.UNEMPLOYED_EARNINGS_RELATED,
    }
    insured = np.isin(status, [Status.UNEMPLOYED_BASIC_ALLOWANCE, Status.UNEMPLOYED_EARNINGS_RELATED])
    assert (days[~insured] == 0).all()
    assert (days < cfg["earnings_related_duration"]["older_max_days"]).all()
    adults = ~steps.comp.is_child
    assert not np.isin(status[adults], [Status.CHILD]).any()


def test_the_maximum_period_is_longer_from_58_and_additional_days_run_by_cohort(cfg):
    """Työttömyysturvalaki 6 luku 7 § and 9 §: 500 days for those 58 or over when the spell began; additional days to
    65 for the cohorts born 1957–1964 who had reached their cohort's age by the end of the maximum period."""
    spec = cfg["earnings_related_duration"]
    assert spec["population_year"] == 2025
    age = np.array([57.0, 59.0, 63.0, 61.0, 60.0, 62.0, 64.0])
    months = np.array([12.0, 6.0, 30.0, 30.0, 30.0, 40.0, 10.0])
    days = activity.maximum_days(spec, age, months)
    # started at 56, 58.5, 60.5, 58.5, 57.5, 58.7 and 63.2
    assert days.tolist() == [400, 500, 500, 500, 400, 500, 500]
    extra = activity.additional_days(spec, age, months, days, 21.5)
    # born 1962, the period ran out at 62.4: yes; born 1964, at 60.4 (64 needed): no; born 1965: none; born 1963,
    # out at 60.6 (63 needed): no; born 1961, still within the period at 64: yes (reached 62 before it ended).
    assert extra.tolist() == [False, False, True, False, False, False, True]
    assert not activity.additional_days(spec, np.array([65.0]), np.array([60.0]), np.array([500]), 21.5)[0]


def test_long_spells_are_paid_the_allowance_only_on_additional_days(steps, cfg):
    """Among the unemployed whose spell is longer than their maximum period, only those with additional days have
    the earnings-related or basic allowance; the people of 62–64 with additional days exist in the sample."""
    spec = cfg["earnings_related_duration"]
    unemployed = steps.unemployed & ~steps.in_services
    age, months = steps.comp.age[unemployed], steps.spell_months[unemployed]
    days = activity.maximum_days(spec, age, months)
    beyond = months * cfg["unemployment_benefit_split"]["days_per_month"] >= days
    extra = activity.additional_days(spec, age, months, days, cfg["unemployment_benefit_split"]["days_per_month"])
    insured = np.isin(steps.status[unemployed], [Status.UNEMPLOYED_BASIC_ALLOWANCE, Status.UNEMPLOYED_EARNINGS_RELATED])
    assert (beyond & extra).any() and (beyond & ~extra).any()
    assert not (insured & beyond & ~extra).any()
    assert (insured & beyond & extra).any()


def test_the_unemployed_have_the_registers_family_statuses_before_calibration(steps, cfg):
    group = activity.family_status(steps.comp)
    assert (group[steps.comp.is_child] == -1).all() and (group[~steps.comp.is_child] >= 0).all()
    # the registered unemployed, whose shares are fitted (the people in services join the mask after the draw)
    unemployed = group[steps.unemployed & ~steps.in_services]
    shares = np.bincount(unemployed, minlength=len(activity.FAMILY_STATUSES)) / len(unemployed)
    wanted = [cfg["unemployed_family_status"]["shares"][name] for name in activity.FAMILY_STATUSES]
    assert shares == pytest.approx(wanted, abs=0.025)


def test_unemployment_spells_have_the_2025_share_of_long_term_unemployed(steps, cfg):
    months = steps.spell_months[steps.unemployed]
    assert (months > 0).all() and (steps.spell_months[~steps.unemployed] == 0).all()
    spells = cfg["unemployment_spell_months"]
    long_term = sum(n for lowest, _, n in spells if lowest >= activity.LONG_TERM_MONTHS) / sum(s[2] for s in spells)
    assert long_term == pytest.approx(132_600 / 313_600, abs=0.005)  # KEHA, October 2025
    assert (months >= activity.LONG_TERM_MONTHS).mean() == pytest.approx(long_term, abs=0.03)
    # the labour market subsidy takes every spell beyond the 500 days of the longest maximum period, but for those
    # on additional days (test_long_spells_are_paid_the_allowance_only_on_additional_days)
    too_long = months * cfg["unemployment_benefit_split"]["days_per_month"] >= 500
    spec = cfg["earnings_related_duration"]
    age = steps.comp.age[steps.unemployed]
    extra = activity.additional_days(spec, age, months, activity.maximum_days(spec, age, months), 21.5)
    subsidy = steps.status[steps.unemployed] == Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY
    assert subsidy[too_long & ~extra].all()


def test_level_weights_are_scaled_to_the_published_students_by_level(cfg):
    spec = cfg["study_level"]
    weights = students.level_weights(spec)
    totals = [spec["totals_18_plus"][level.name.lower()] for level in students.LEVELS]
    assert weights.sum(axis=0) == pytest.approx(totals, rel=1e-9)
    assert (weights[: spec["adult_age"]] == 0).all() and (weights >= 0).all()


def test_every_student_has_a_level_and_the_levels_follow_age(steps, cfg):
    level, age, comp = steps.study_level, steps.comp.age, steps.comp
    student = steps.status == Status.STUDENT
    assert (level[student] != StudyLevel.NONE).all()
    lowest, highest = cfg["study_level"]["minors"]["ages"]
    minors = comp.is_child & (age >= lowest) & (age <= highest)
    assert np.isin(level[minors], [StudyLevel.UPPER_SECONDARY, StudyLevel.VOCATIONAL]).all()
    assert (level[~student & ~minors] == StudyLevel.NONE).all()
    general = level == StudyLevel.UPPER_SECONDARY
    assert np.median(age[student & general]) <= 19
    assert age[level == StudyLevel.POSTGRADUATE].min() >= 26
    assert np.median(age[level == StudyLevel.HIGHER_EDUCATION]) > np.median(age[student & general])


def test_students_living_with_their_parents_are_rarely_in_higher_education(steps, cfg):
    higher = steps.study_level == StudyLevel.HIGHER_EDUCATION
    with_parents = students.living_with_parents(steps.comp)
    wanted = cfg["study_level"]["higher_education_with_parents_share"]
    assert (higher & with_parents).sum() / higher.sum() == pytest.approx(wanted, abs=0.02)
    # the adult children of a family live in their parents' home, flatmates and people living alone do not
    assert not with_parents[(steps.comp.size == 1)[steps.comp.hh]].any()
    assert not with_parents[steps.comp.is_child].any()


# ----------------------------------------------------------------------------- 4. earnings and pensions
def test_part_month_pay_gives_the_month_low_earnings_among_the_employed(steps, cfg):
    employed = steps.status == Status.EMPLOYED
    pay = steps.earnings[employed]
    full = steps.employees.fulltime_pay[employed] * cfg["one_off_pay"]["factor"]
    # part-time work pays at least its lowest factor of a full wage; only part-month pay goes lower
    lowest_part_time = cfg["part_time"]["factor"][0]
    share_below = (pay < 0.8 * lowest_part_time * full).mean()
    part_month = cfg["part_month"]["share"]
    assert share_below == pytest.approx(part_month * 0.8 * lowest_part_time, abs=0.01)
    assert (pay > 0).all()


def test_fulltime_pay_matches_the_published_deciles_exactly(steps, cfg):
    pay = steps.employees.fulltime_pay[steps.employees.fulltime]
    spec = cfg["fulltime_earnings"]
    assert np.quantile(np.log(pay), [0.1, 0.5, 0.9]) == pytest.approx(
        np.log([spec["p10"], spec["median"], spec["p90"]]), abs=1e-6
    )


def test_earnings_are_never_negative_and_every_employee_earns(steps):
    assert (steps.earnings >= 0).all() and (steps.previous >= 0).all()
    assert (steps.earnings[steps.status == Status.EMPLOYED] > 0).all()
    assert (steps.earnings[steps.status == Status.CHILD] == 0).all()
    with_previous = steps.previous > 0
    assert np.isin(steps.status[with_previous], [Status.UNEMPLOYED_EARNINGS_RELATED, Status.HOME_PARENT]).all()
    assert (steps.previous[steps.status == Status.UNEMPLOYED_EARNINGS_RELATED] > 0).all()


def test_pensions_follow_the_published_composition(steps, cfg):
    spec = cfg["pension_distribution"]
    pool = np.isin(steps.status, [Status.PENSIONER, Status.DISABILITY_PENSIONER])
    pension = steps.pension
    assert (pension >= 0).all() and (pension[~pool] == 0).all()
    # fitted over the recipients the published statistics count: not the partial early old-age stand-ins
    counted = pensions.in_pension_statistics(spec, steps.status, steps.comp.age)
    assert (counted <= pool).all() and (pool & ~counted).any()
    assert steps.below_limit[counted].mean() == pytest.approx(spec["with_national_pension"], abs=0.01)
    above_top = (pension[counted] > spec["top_threshold"] * spec["uprating"]).mean()
    assert above_top == pytest.approx(spec["above_top"], abs=0.004)
    assert pension[counted].mean() == pytest.approx(spec["mean"] * spec["uprating"], rel=0.01)
    assert not steps.below_limit[~pool].any()


def test_the_refit_moves_the_pension_fit_by_what_the_weights_missed(steps, cfg):
    spec = cfg["pension_distribution"]
    persons = {"status": steps.status, "age": steps.comp.age, "earnings_related_pension": steps.pension}
    counted = pensions.in_pension_statistics(spec, steps.status, steps.comp.age)
    # weights that halve the recipients below the limit: the share they give falls, so the refit asks for more
    weight = np.where(counted & steps.below_limit, 0.5, 1.0)
    share = (weight * steps.below_limit)[counted].sum() / weight[counted].sum()
    mean = (weight * steps.pension)[counted].sum() / weight[counted].sum()
    moved = pensions.refit_after_weighting(cfg, persons, steps.below_limit, weight)["pension_distribution"]
    assert share < spec["with_national_pension"] < moved["with_national_pension"]
    assert moved["with_national_pension"] == pytest.approx(spec["with_national_pension"] ** 2 / share)
    assert moved["mean"] == pytest.approx(spec["mean"] * spec["mean"] * spec["uprating"] / mean)
    assert mean > spec["mean"] * spec["uprating"] and moved["mean"] < spec["mean"]
    # equal weights give back the fit itself (up to the sample's own deviation)
    same = pensions.refit_after_weighting(cfg, persons, steps.below_limit, np.ones(len(weight)))["pension_distribution"]
    assert same["with_national_pension"] == pytest.approx(spec["with_national_pension"], abs=0.01)
    assert same["mean"] == pytest.approx(spec["mean"], rel=0.01)
    assert cfg["pension_distribution"] is spec  # the loaded assumptions are not changed
    # weights that leave almost nobody below the limit: the second draw is asked for at most the guard's share
    nearly_none = np.where(counted & steps.below_limit, 1e-6, 1.0)
    capped = pensions.refit_after_weighting(cfg, persons, steps.below_limit, nearly_none)["pension_distribution"]
    assert capped["with_national_pension"] == pensions.MAX_REFIT_SHARE_BELOW_LIMIT


# ----------------------------------------------------------------------------- 5. church, tenure, housing, capital
def test_church_membership_has_the_published_share(steps, cfg):
    assert steps.church.mean() == pytest.approx(cfg["church_membership"]["target_share"], abs=0.02)
    old, young = steps.comp.age >= 65, (steps.comp.age >= 15) & (steps.comp.age < 30)
    assert steps.church[old].mean() > steps.church[young].mean()


def test_a_person_living_alone_has_the_income_of_their_household(steps):
    comp = steps.comp
    alone = np.flatnonzero(comp.size == 1)
    heads = comp.heads[alone]
    # from the amounts as they are stored (rounded to cents), so that a built population ranks households alike
    expected = np.round(steps.earnings[heads], 2) + np.round(steps.pension[heads], 2)
    assert steps.income[alone] == pytest.approx(expected, rel=1e-12)
    assert steps.income_score.mean() == pytest.approx(0.0, abs=1e-9)
    assert steps.income_score.std() == pytest.approx(1.0, abs=1e-9)


def test_income_deciles_hold_a_tenth_of_the_persons_each(steps):
    deciles = calibrate.INCOME_DECILES
    persons = np.bincount(steps.decile, weights=steps.comp.size, minlength=deciles)
    assert persons / persons.sum() == pytest.approx(np.full(deciles, 0.1), abs=0.002)
    for lower in range(deciles - 1):
        below, above = steps.decile == lower, steps.decile == lower + 1
        assert steps.income[below].max() <= steps.income[above].min()


def test_a_built_population_ranks_households_into_the_deciles_of_the_generator(steps):
    """The calibration's income_decile filter (computed from the stored columns) gives every household the decile
    the generator fitted tenure on."""
    households, persons, extra = synthetic.synthesize(N, SEED)
    assert calibrate.income_decile(Population(households, persons)) == pytest.approx(extra["income_decile"] + 1)


def test_renting_reaches_todays_level_and_follows_the_published_deciles(steps, cfg):
    rented = steps.tenure == Tenure.RENTED
    level = cfg["tenure"]["rented_by_life_stage"]["level_now"]
    assert rented.mean() == pytest.approx(level, abs=0.02)
    by_decile = np.array([rented[steps.decile == d].mean() for d in range(calibrate.INCOME_DECILES)])
    targets = tenure.decile_targets(cfg["tenure"]["rented_by_income_decile"])
    assert by_decile == pytest.approx(targets, abs=0.04)
    assert by_decile[:3].mean() > by_decile[-3:].mean() + 0.3
    assert set(np.unique(steps.tenure)) <= {int(t) for t in Tenure}


def test_generator_decile_shares_are_the_calibrated_targets(cfg):
    """generator.yaml's published shares moved to today's level are the values calibrated in targets.yaml."""
    wanted = tenure.decile_targets(cfg["tenure"]["rented_by_income_decile"])
    keys = {t.key: t.value for t in calibrate.load_targets().targets}
    calibrated = [keys[f"rented_share_income_decile_{d}"] for d in range(1, calibrate.INCOME_DECILES + 1)]
    assert calibrated == pytest.approx(wanted, abs=1e-9)


def test_housing_costs_are_within_the_schema_and_tenants_pay_rent(steps):
    cost = steps.housing_cost
    assert (cost >= 0).all() and (cost <= 20_000).all()
    assert (cost[steps.tenure == Tenure.RENTED] > 0).all()
    assert (cost[steps.tenure == Tenure.OTHER] == 0).all()
    assert np.array_equal(cost, np.round(cost, 2))


def test_tenants_floor_areas_meet_the_published_mean_and_keep_their_shape(steps, cfg):
    """The tenants' areas are scaled to Statistics Finland's mean area of renting households; larger households
    still live in larger rented homes, and the rent is the area times a rent per m² of the group's range."""
    spec = cfg["dwelling_area"]
    renting = steps.tenure == Tenure.RENTED
    area = steps.rented_area
    assert area[renting].mean() == pytest.approx(spec["rented_mean"], rel=1e-9)
    size = np.minimum(steps.comp.size, len(spec["rented"]))
    medians = [np.median(area[renting & (size == k)]) for k in range(1, len(spec["rented"]) + 1)]
    assert all(a < b for a, b in zip(medians, medians[1:], strict=False)), medians
    scale = spec["rented_mean"] / np.mean([spec["rented"][k - 1] for k in size[renting]])
    assert medians[0] == pytest.approx(spec["rented"][0] * scale, rel=0.05)
    per_m2 = steps.housing_cost[renting] / area[renting]
    rents = cfg["rent_per_m2"]
    lowest = min(min(rents["ara"].values()), min(rents["free"].values()))
    highest = max(max(rents["ara"].values()), max(rents["free"].values()))
    assert np.median(per_m2) > lowest * 0.9 and np.median(per_m2) < highest


def test_disability_zero_shares_keep_the_overall_share():
    """Under the age limit the young share; the older ones get what keeps the disability pensioners' share at the
    overall one, bounded to [0, 1]; old-age pensioners in the arrays do not count."""
    spec = {"zero_share": 0.3, "young_zero_share": 0.6, "young_age_under": 45}
    age = np.array([20, 30, 50, 60, 70, 80])
    disabled = np.array([True, True, True, True, True, False])
    shares = pensions.disability_zero_shares(spec, age, disabled)
    assert shares[:2].tolist() == [0.6, 0.6]
    assert shares[disabled].mean() == pytest.approx(0.3)
    assert shares[2] == pytest.approx((0.3 * 5 - 0.6 * 2) / 3)
    # too many young for the overall share: the older ones get none, not a negative share
    low = pensions.disability_zero_shares({**spec, "zero_share": 0.1}, age, disabled)
    assert low[2:5].tolist() == [0.0, 0.0, 0.0]


def test_young_disability_pensioners_have_no_work_pension_more_often(steps, cfg):
    """The drawn disability pensioners without a work pension: about the overall share, and far more often under the
    age limit (two in three) than above it."""
    spec = cfg["disability_pension"]
    disabled = steps.status == Status.DISABILITY_PENSIONER
    none = steps.pension == 0
    young = steps.comp.age < spec["young_age_under"]
    assert none[disabled].mean() == pytest.approx(spec["zero_share"], abs=0.04)
    assert none[disabled & young].mean() == pytest.approx(spec["young_zero_share"], abs=0.08)
    assert none[disabled & ~young].mean() < 0.5 * none[disabled & young].mean()


def test_room_classes_follow_the_area_limits():
    """A flat below the first area limit has one room, from it up to the second two, from the second on three or
    more."""
    classes = housing.room_class(np.array([20.0, 39.9, 40.0, 59.9, 60.0, 120.0]), [40, 60])
    assert classes.tolist() == [0, 0, 1, 1, 2, 2]


def test_small_flats_cost_more_per_m2_and_each_region_keeps_its_mean(cfg):
    """The rent per m² multiplier of one-room flats is above that of two-room flats, which is above three rooms or
    more, as in Statistics Finland's table; in every region and type (non-subsidised, ARA) the tenants' mean
    multiplier is one, so the published mean rent per m² of the region stays; owners' flats are not rented and do
    not move the mean."""
    spec = cfg["rent_by_rooms"]
    rng = np.random.default_rng(3)
    n = 6_000
    area = rng.uniform(20, 110, n)
    group = rng.integers(1, 4, n)
    ara = rng.random(n) < 0.4
    renting = rng.random(n) < 0.5
    factor = housing.room_factor(spec, area, group, ara, renting)
    rooms = housing.room_class(area, spec["area_limits"])
    for in_region in (group == 1, group != 1):
        for of_kind in (ara, ~ara):
            cell = in_region & of_kind
            assert factor[cell & renting].mean() == pytest.approx(1.0, rel=1e-12)
            by_rooms = [factor[cell & (rooms == k)].mean() for k in range(3)]
            assert by_rooms[0] > by_rooms[1] > by_rooms[2], by_rooms
    # the published ratio of one-room to three-room flats, non-subsidised, capital region
    free = spec["capital_region"]["free"]["rooms"]
    one, three = (group == 1) & ~ara & (rooms == 0), (group == 1) & ~ara & (rooms == 2)
    assert factor[one].mean() / factor[three].mean() == pytest.approx(free[0] / free[2], rel=1e-12)


def test_tenants_of_small_flats_pay_more_per_m2(steps):
    """In the drawn population, tenants of flats under 40 m² pay more per m² than those of flats of 60 m² or more
    (the room factor, beyond the noise of the rent per m²)."""
    renting = steps.tenure == Tenure.RENTED
    area = steps.rented_area
    per_m2 = steps.housing_cost / np.maximum(area, 1e-9)
    assert np.median(per_m2[renting & (area < 40)]) > 1.1 * np.median(per_m2[renting & (area >= 60)])


def test_net_assets_are_commoner_among_owners(steps):
    owners = steps.tenure == Tenure.OWNER
    assert steps.has_assets[owners].mean() > steps.has_assets[steps.tenure == Tenure.RENTED].mean()
    assert np.median(steps.net_assets[owners]) > np.median(steps.net_assets[steps.tenure == Tenure.RENTED])


def test_net_assets_reach_the_limit_exactly_for_the_households_with_assets(steps, cfg):
    spec = cfg["net_assets"]
    assets = steps.net_assets
    assert np.array_equal(assets >= spec["limit"], steps.has_assets)
    assert (assets >= 0).all() and np.array_equal(assets, np.floor(assets))
    # tenants: a median of a few thousand euros, some in the housing allowance's partial band (10,000–50,000)
    rented = steps.tenure == Tenure.RENTED
    assert 500 < np.median(assets[rented]) < 5_000
    partial = ((assets >= 10_000) & (assets < spec["limit"]))[rented].mean()
    assert 0.05 < partial < 0.25


def test_capital_income_reaches_its_recipients_and_total(steps, cfg):
    spec = cfg["capital_income"]
    comp, monthly = steps.comp, steps.other_income
    adults = ~comp.is_child
    assert (monthly >= 0).all() and (monthly[comp.is_child] == 0).all()
    financial = steps.capital_flags["capital_income_financial"]
    assert financial[adults].mean() == pytest.approx(spec["financial"]["share_of_adults"], abs=0.01)
    assert not financial[comp.is_child].any()
    design_weight = calibrate.households_total() / N
    assert monthly.sum() * 12 * design_weight == pytest.approx(spec["taxable_total_annual"], rel=1e-6)


# ----------------------------------------------------------------------------- 6. calibration
@pytest.fixture(scope="module")
def synthesized():
    households, persons, extra = synthetic.synthesize(N, SEED)
    return households, persons, extra


def test_calibration_hits_every_calibrated_target_within_the_tolerance(synthesized):
    households, persons, _ = synthesized
    pop = Population(households, persons, source="synthetic")
    weights, info = calibrate.calibrate_population(pop)
    design = households["weight"]
    lower, upper = calibrate.WEIGHT_BOUNDS
    assert (weights > 0).all()
    assert (weights >= lower * design * (1 - 1e-9)).all() and (weights <= upper * design * (1 + 1e-9)).all()
    calibrated = Population(dict(households, weight=weights), persons, source="synthetic")
    targets = calibrate.load_targets()
    for target in (t for t in targets.targets if t.calibrate):
        achieved = calibrate.measure(calibrated, target)
        if target.measure == "share":
            assert achieved == pytest.approx(target.value, abs=targets.tolerance_pct / 100), target.key
        else:
            assert achieved == pytest.approx(target.value, rel=targets.tolerance_pct / 100), target.key
    assert weights.sum() == pytest.approx(calibrate.households_total(), rel=targets.tolerance_pct / 100)


def test_rescaled_capital_income_meets_the_taxable_total_with_calibrated_weights(synthesized, cfg):
    households, persons, extra = synthesized
    rng = np.random.default_rng(3)
    weights = households["weight"] * rng.uniform(0.5, 2.0, len(households["weight"]))
    spec = cfg["capital_income"]
    other = capital_income.rescale_capital_income(persons, extra, weights, spec)
    total = (other * weights[persons["household_id"]]).sum() * 12
    assert total == pytest.approx(spec["taxable_total_annual"], rel=1e-5)
    not_financial = extra["capital_income_financial_monthly"] == 0
    assert np.array_equal(other[not_financial], persons["other_income"][not_financial])
