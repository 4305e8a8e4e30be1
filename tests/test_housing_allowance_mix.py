"""Who gets the general housing allowance, as Kela counts it: a household is "in work" when more than half of its
own income is earnings (the allowance itself, child benefit and maintenance are not income there), and
"unemployed" when unemployment benefits are its largest income type (Kela infers the life situation from income)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from models.population.schema import UNEMPLOYED_STATUSES, Role, Status, Tenure
from models.validation import (
    _OWN_INCOME,
    _UNEMPLOYMENT,
    SPECIAL,
    _allowance_rate,
    _in_work_share,
    _unemployed_households,
    _unemployed_share,
)


@pytest.fixture(scope="module")
def run(small_run_at):
    return small_run_at(dt.date(2025, 10, 1))


def _paid(pop, res):
    return res.household["housing_allowance"] > 0.005


def test_the_rows_use_kelas_in_work_rule(run):
    pop, res, _ = run
    ctx = (pop, res)
    assert SPECIAL["housing_allowance_mix_employed"]({}, ctx) == pytest.approx(
        _in_work_share("housing_allowance")({}, ctx)
    )
    families = SPECIAL["housing_allowance_mix_families_in_work"]({}, ctx)
    assert 0.0 < families < 1.0


def test_earnings_only_is_in_work_and_benefits_only_is_not(run):
    """Households whose only own income is earnings all count as in work; those with no earnings never do."""
    pop, res, _ = run
    paid = _paid(pop, res)
    earnings = pop.hh_sum(res.person["earnings"])
    own = sum(pop.hh_sum(res.person[k]) for k in _OWN_INCOME if k in res.person)
    only_earnings = paid & (earnings > 0) & (earnings >= own - 1e-9)
    no_earnings = paid & (earnings == 0)
    assert only_earnings.any() and no_earnings.any()
    w = pop.households["weight"]
    everyone = _in_work_share("housing_allowance")({}, (pop, res))
    # Restricting to each group gives all or nothing.
    assert _in_work_share("housing_allowance", lambda p: only_earnings)({}, (pop, res)) == pytest.approx(1.0)
    assert _in_work_share("housing_allowance", lambda p: no_earnings)({}, (pop, res)) == pytest.approx(0.0)
    # and the whole lies in between, weighted by the recipients.
    assert w[only_earnings].sum() / w[paid].sum() <= everyone <= 1.0 - w[no_earnings].sum() / w[paid].sum()


def test_an_unemployed_head_with_a_full_time_earner_counts_in_work(run):
    """The rule is about the household's income, not the head's status: an unemployed head whose spouse earns more
    than the household's benefits is in work."""
    pop, res, _ = run
    paid = _paid(pop, res)
    head_status = pop.persons["status"][pop.head_index]
    own_keys = ("earnings", "labour_market_subsidy", "basic_unemployment_allowance")
    own_keys += ("earnings_related_unemployment_allowance", "student_aid", "earnings_related_pension")
    own = sum(pop.hh_sum(res.person[k]) for k in own_keys)
    earnings = pop.hh_sum(res.person["earnings"])
    mixed = paid & np.isin(head_status, UNEMPLOYED_STATUSES) & (earnings > 0.6 * own)
    assert mixed.any()
    assert _in_work_share("housing_allowance", lambda p: mixed)({}, (pop, res)) == pytest.approx(1.0)
    employed_head_no_pay = paid & (head_status == Status.EMPLOYED) & (earnings == 0)
    assert not employed_head_no_pay.any(), "the employed are paid in their month"


def _own_and_unemployment(pop, res):
    own = sum(pop.hh_sum(res.person[k]) for k in _OWN_INCOME if k in res.person)
    unemployment = sum(pop.hh_sum(res.person[k]) for k in _UNEMPLOYMENT if k in res.person)
    return own, unemployment


def test_the_unemployed_row_classifies_by_income_not_by_the_head(run):
    pop, res, _ = run
    ctx = (pop, res)
    unemployed = SPECIAL["housing_allowance_mix_unemployed"]({}, ctx)
    assert unemployed == pytest.approx(_unemployed_share("housing_allowance")({}, ctx))
    # One class per household: no household is both in work (earnings above half) and unemployed.
    assert 0.0 < unemployed < 1.0
    assert unemployed + _in_work_share("housing_allowance")({}, ctx) <= 1.0 + 1e-12


def test_benefits_only_households_are_unemployed_and_earners_or_the_incomeless_are_not(run):
    pop, res, _ = run
    paid = _paid(pop, res)
    own, unemployment = _own_and_unemployment(pop, res)
    earnings = pop.hh_sum(res.person["earnings"])
    unemployed = _unemployed_households(pop, res)
    only_benefits = paid & (unemployment > 0) & (unemployment >= own - 1e-9)
    earners = paid & (earnings > unemployment)
    no_income = paid & (own <= 0.005)
    assert only_benefits.any() and earners.any() and no_income.any()
    assert unemployed[only_benefits].all()
    assert not unemployed[earners].any()
    assert not unemployed[no_income].any()


def test_the_class_follows_the_income_not_the_heads_status(run):
    """An unemployed head of a household whose pensions exceed its unemployment benefits is not counted unemployed;
    a household whose head is not unemployed but which lives on a member's unemployment benefit is."""
    pop, res, _ = run
    paid = _paid(pop, res)
    own, unemployment = _own_and_unemployment(pop, res)
    pensions = sum(
        pop.hh_sum(res.person[k]) for k in ("national_pension", "guarantee_pension", "earnings_related_pension")
    )
    head_unemployed = np.isin(pop.persons["status"][pop.head_index], UNEMPLOYED_STATUSES)
    unemployed = _unemployed_households(pop, res)
    mostly_pension = paid & head_unemployed & (pensions > unemployment)
    assert not unemployed[mostly_pension].any()
    on_a_members_benefit = paid & ~head_unemployed & (unemployment > 0) & (unemployment >= own - 1e-9)
    assert on_a_members_benefit.any()
    assert unemployed[on_a_members_benefit].all()


def test_the_recipients_housing_costs_are_by_household_size(run):
    """Kela's 2023 mean housing costs of the allowance's recipients, living alone and two or more: the rows are the
    weighted mean rent of the paid households of each size, and larger households pay more."""
    pop, res, _ = run
    ctx = (pop, res)
    alone = SPECIAL["housing_allowance_costs_one_person_2023"]({}, ctx)
    larger = SPECIAL["housing_allowance_costs_two_or_more_2023"]({}, ctx)
    paid, w, cost = _paid(pop, res), pop.households["weight"], pop.households["housing_cost"]
    one = paid & (pop.n_persons_in_household == 1)
    assert alone == pytest.approx(np.dot(w[one], cost[one]) / w[one].sum())
    assert 0 < alone < larger
    # a household that is not paid does not count: raising an unpaid household's rent leaves the rows as they are
    unpaid = np.flatnonzero(~paid & (pop.n_persons_in_household == 1))[0]
    households = dict(pop.households)
    households["housing_cost"] = households["housing_cost"].copy()
    households["housing_cost"][unpaid] += 10_000.0
    moved = type(pop)(households, pop.persons, pop.source)
    assert SPECIAL["housing_allowance_costs_one_person_2023"]({}, (moved, res)) == pytest.approx(alone)


def test_kelas_2015_mix_rows_count_the_paid_benefits(run):
    """The 2015 rows: the share paid a basic unemployment benefit, the earnings-related allowance or with earnings is
    the weighted share of recipient households in which some member is paid it; the share without income has no own
    income at all; the unemployed living alone are the one-person households among the unemployed ones."""
    pop, res, _ = run
    ctx = (pop, res)
    paid = _paid(pop, res)
    w = pop.households["weight"]

    def share(mask):
        return float(w[paid & mask].sum() / w[paid].sum())

    def someone(keys):
        return sum(pop.hh_sum(res.person[k]) for k in keys if k in res.person) > 0.005

    basic = someone(("labour_market_subsidy", "basic_unemployment_allowance", "yleistuki"))
    related = someone(("earnings_related_unemployment_allowance",))
    earners = someone(("earnings",))
    own = sum(pop.hh_sum(res.person[k]) for k in _OWN_INCOME if k in res.person)
    assert SPECIAL["housing_allowance_mix_basic_unemployment_2015"]({}, ctx) == pytest.approx(share(basic))
    assert SPECIAL["housing_allowance_mix_earnings_related_2015"]({}, ctx) == pytest.approx(share(related))
    assert SPECIAL["housing_allowance_mix_with_earnings_2015"]({}, ctx) == pytest.approx(share(earners))
    without = SPECIAL["housing_allowance_mix_without_income_2015"]({}, ctx)
    assert without == pytest.approx(share(own < 1.0))
    # nobody without own income is paid an unemployment benefit or earns, and each group is present
    assert not (paid & (own < 1.0) & (basic | related | earners)).any()
    assert 0.0 < without < 1.0 and 0.0 < share(basic) < 1.0 and 0.0 < share(related) < 1.0
    unemployed = paid & _unemployed_households(pop, res)
    alone = SPECIAL["housing_allowance_mix_unemployed_living_alone_2015"]({}, ctx)
    expected = w[unemployed & (pop.n_persons_in_household == 1)].sum() / w[unemployed].sum()
    assert alone == pytest.approx(expected) and 0.0 < alone < 1.0
    assert SPECIAL["housing_allowance_mix_unemployed_2015"]({}, ctx) == pytest.approx(
        SPECIAL["housing_allowance_mix_unemployed"]({}, ctx)
    )


def test_the_2015_wage_row_is_the_mean_of_the_earning_recipients(run):
    """The mean wage income row averages the household earnings of the recipient households that have earnings."""
    pop, res, _ = run
    earnings = pop.hh_sum(res.person["earnings"])
    earning = _paid(pop, res) & (earnings > 0.005)
    w = pop.households["weight"]
    mean = SPECIAL["housing_allowance_earnings_mean_2015"]({}, (pop, res))
    assert mean == pytest.approx(np.average(earnings[earning], weights=w[earning]))
    assert earnings[earning].min() <= mean <= earnings[earning].max()


def test_the_counts_of_unemployed_and_working_households_agree_with_the_shares(run):
    """The 2022 count rows count the same households as the share rows: each count is its share of all the
    allowance's households, and the two never overlap (a household is unemployed or in work, not both)."""
    pop, res, _ = run
    ctx = (pop, res)
    w = pop.households["weight"]
    households = float(w[_paid(pop, res)].sum())
    unemployed = SPECIAL["housing_allowance_unemployed_households_2022"]({}, ctx)
    in_work = SPECIAL["housing_allowance_in_work_households_2022"]({}, ctx)
    assert unemployed == pytest.approx(SPECIAL["housing_allowance_mix_unemployed"]({}, ctx) * households)
    assert in_work == pytest.approx(SPECIAL["housing_allowance_mix_employed"]({}, ctx) * households)
    assert 0.0 < unemployed and 0.0 < in_work and unemployed + in_work <= households


def test_the_end_of_2024_rows_measure_what_the_2022_rows_measure(run):
    """Kela's end-of-2024 shares and count (the newer comparison, and the count the working households' take-up is
    estimated from) are classified as the December 2022 ones: the same unemployed and in-work households, and the
    in-work count is the in-work share of all the allowance's households."""
    pop, res, _ = run
    ctx = (pop, res)
    households = float(pop.households["weight"][_paid(pop, res)].sum())
    for old, new in (
        ("housing_allowance_mix_unemployed", "housing_allowance_mix_unemployed_2024"),
        ("housing_allowance_mix_employed", "housing_allowance_mix_employed_2024"),
        ("housing_allowance_in_work_households_2022", "housing_allowance_in_work_households_2024"),
    ):
        assert SPECIAL[new]({}, ctx) == pytest.approx(SPECIAL[old]({}, ctx))
    in_work = SPECIAL["housing_allowance_in_work_households_2024"]({}, ctx)
    assert in_work == pytest.approx(SPECIAL["housing_allowance_mix_employed_2024"]({}, ctx) * households)
    assert 0.0 < in_work < households


def test_the_rates_by_family_type_are_the_paid_households_of_each_group(run):
    """Kela's June 2017 rates of the allowance (single parents, two-parent families, people aged 18–64 living alone):
    each is the weighted share of the group's households that are paid, counted here on households directly."""
    pop, res, _ = run
    ctx = (pop, res)
    w = pop.households["weight"]
    paid = _paid(pop, res)
    head_age = np.zeros(pop.n_households)
    head = pop.persons["role"] == Role.HEAD
    head_age[pop.persons["household_id"][head]] = pop.persons["age"][head]
    groups = {
        "single_parents": (pop.n_children > 0) & ~pop.has_spouse,
        "two_parent_families": (pop.n_children > 0) & pop.has_spouse,
        "working_age_alone": (pop.n_persons_in_household == 1) & (head_age >= 18) & (head_age <= 64),
    }
    for group, members in groups.items():
        rate = SPECIAL[f"housing_allowance_rate_{group}"]({}, ctx)
        assert 0.0 < rate < 1.0, group
        assert rate == pytest.approx(w[paid & members].sum() / w[members].sum()), group
    # People of pension age living alone are outside the working-age group, and owners are never paid.
    assert ((pop.n_persons_in_household == 1) & (head_age >= 65)).any()
    owner = pop.households["tenure"] == Tenure.OWNER
    single_parents = groups["single_parents"]
    assert (
        SPECIAL["housing_allowance_rate_single_parents"]({}, ctx)
        <= 1.0 - w[single_parents & owner].sum() / w[single_parents].sum() + 1e-12
    )


def test_an_unknown_family_group_is_refused(run):
    pop, res, _ = run
    with pytest.raises(ValueError, match="unknown group"):
        _allowance_rate((pop, res), "pensioner_couples")


def test_the_mean_allowance_row_is_the_spending_over_the_paid_households(run):
    """The mean per paid household times the paid households is the month's spending (what the spending and count
    rows hold), and it lies within the allowances paid."""
    pop, res, _ = run
    ctx = (pop, res)
    mean = SPECIAL["housing_allowance_mean_per_household_2025"]({}, ctx)
    amount = res.household["housing_allowance"]
    paid = _paid(pop, res)
    w = pop.households["weight"]
    assert mean * w[paid].sum() == pytest.approx(float((w * amount).sum()), rel=1e-9)
    assert amount[paid].min() <= mean <= amount[paid].max()


def test_the_one_person_row_counts_the_paid_households_of_one_person(run):
    pop, res, _ = run
    share = SPECIAL["housing_allowance_mix_one_person_2013_2016"]({}, (pop, res))
    paid = _paid(pop, res)
    w = pop.households["weight"]
    one = pop.n_persons_in_household == 1
    assert share == pytest.approx(w[paid & one].sum() / w[paid].sum())
    assert 0.0 < share < 1.0
