"""Basic social assistance by applicant unit (Laki toimeentulotuesta 1412/1997, 3 §): the head's family, and every
adult who is neither the head nor the spouse on their own, as Kela decides it and counts its recipient households."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from models.metrics import recipients
from models.population.schema import Role
from models.rules.social_assistance import claims, separate_applicant
from models.system import RECIPIENT_EUR, compute


@pytest.fixture(scope="module")
def run(small_run_at):
    return small_run_at(dt.date(2025, 10, 1))


def test_the_units_amounts_add_up_to_the_households(run):
    pop, res, _ = run
    by = res.person["social_assistance_by_applicant"]
    alone = separate_applicant(pop.persons["age"], pop.persons["role"])
    assert np.all(by[~alone & (pop.persons["role"] != Role.HEAD)] == 0), "the family's amount sits on its head"
    assert np.allclose(pop.hh_sum(by), res.household["social_assistance"], atol=1e-9)
    paid = (by > RECIPIENT_EUR).astype(np.int64)
    assert np.array_equal(pop.hh_sum(paid).astype(np.int64), res.household["social_assistance_units"].astype(np.int64))
    assert alone.any() and (by[alone] > RECIPIENT_EUR).any(), "some adults living with others get it on their own"


def test_recipients_are_counted_by_unit(run):
    pop, res, _ = run
    w = pop.households["weight"]
    units = float(np.dot(w, res.household["social_assistance_units"]))
    households = float(w[res.household["social_assistance"] > RECIPIENT_EUR].sum())
    assert recipients(pop, res)["social_assistance"] == pytest.approx(units)
    assert units > households, "a home can hold more than one recipient unit"


def test_a_paid_family_of_one_unit_is_topped_up_to_its_norm(run):
    """In a home of one applicant unit (no adult applying alone) that gets assistance, the net income less the
    disregarded earnings is the norm: the household formula of the law, unchanged by the units."""
    pop, res, _ = run
    alone = separate_applicant(pop.persons["age"], pop.persons["role"])
    one_unit = pop.hh_count(alone) == 0
    paid = one_unit & (res.household["social_assistance"] > RECIPIENT_EUR)
    # Students count a loan they may not draw and a grant they do not claim (not in the results), so they are left out
    # of this identity: the students, and the 17-year-olds in secondary education (status child, with a level).
    studying = (pop.persons["status"] == 5) | (pop.persons["study_level"] > 0)
    no_students = pop.hh_count(studying) == 0
    sel = paid & no_students
    assert sel.sum() > 20
    disregard = pop.hh_sum(res.person["social_assistance_earned_income_disregard"])
    topped = res.household["disposable_income"] - disregard
    assert np.allclose(topped[sel], res.household["social_assistance_norm"][sel], atol=1e-6)


def test_an_adult_childs_surplus_does_not_cover_the_parents(run):
    """Paying the home as one applicant could only give less: a unit's surplus no longer covers another's gap."""
    pop, _, law = run
    # One take-up for every unit, so that enough homes have every unit claiming (the units' split is the point here).
    sa_one_rate = law.social_assistance.model_copy(
        update={"take_up_rate_with_earnings": law.social_assistance.take_up_rate}
    )
    params = law.model_copy(update={"social_assistance": sa_one_rate})
    res = compute(pop, params)
    alone = separate_applicant(pop.persons["age"], pop.persons["role"])
    mixed = pop.hh_count(alone) > 0
    assert mixed.sum() > 50
    # The whole home as one applicant (the rule before December 2026) for the same homes, from the results.
    resources = (
        res.household["disposable_income"]
        - res.household["social_assistance"]
        - pop.hh_sum(res.person["social_assistance_earned_income_disregard"])
    )
    one = np.maximum(res.household["social_assistance_norm"] - resources, 0.0)
    no_students = pop.hh_count(pop.persons["status"] == 5) == 0
    eligible_all = mixed & no_students & (res.household["social_assistance_units"] == 1 + pop.hh_count(alone))
    assert np.allclose(res.household["social_assistance"][eligible_all], one[eligible_all], atol=1e-6), (
        "every unit paid: the same total as one applicant"
    )
    # Where every unit claims (the take-up draws), the sum of the units' top-ups is at least the one top-up of the
    # whole home: max(0, a) + max(0, b) >= max(0, a + b).
    sa_p = params.social_assistance
    earning = pop.persons["earnings"] > 0
    family_claims = claims(pop.take_up_draw, pop.hh_any(earning & ~alone), sa_p) & ~pop.households["has_assets"]
    alone_claims = claims(pop.social_assistance_draw, earning, sa_p)
    everyone_claims = family_claims & (pop.hh_count(alone & ~alone_claims) == 0)
    sel = mixed & no_students & everyone_claims
    assert sel.sum() > 20
    assert np.all(res.household["social_assistance"][sel] >= one[sel] - 1e-6)
    assert np.any(res.household["social_assistance"][sel] > one[sel] + 1), "and sometimes more"


def test_students_on_assistance_are_counted_in_their_units(run):
    """The students' validation row counts each student paid as an applicant alone, or as the head or spouse of a
    paid family, once; and the averaged study aid no longer leaves students topped up every month (the need is tested
    at the aid month's aid), so they are a small part of the recipients."""
    from models.population.schema import Status
    from models.validation import _students_in_units

    pop, res, _ = run
    role, status = pop.persons["role"], pop.persons["status"]
    alone = separate_applicant(pop.persons["age"], role)
    amount = res.person["social_assistance_by_applicant"]
    head_paid = pop.to_person(pop.hh_sum(np.where(role == Role.HEAD, amount, 0.0))) > RECIPIENT_EUR
    student = status == Status.STUDENT
    by_hand = sum(
        float(pop.weight[i])
        for i in np.flatnonzero(student)
        if (alone[i] and amount[i] > RECIPIENT_EUR)
        or (not alone[i] and role[i] in (Role.HEAD, Role.SPOUSE) and head_paid[i])
    )
    counted = _students_in_units((pop, res))
    assert counted == pytest.approx(by_hand)
    units = recipients(pop, res)["social_assistance"]
    assert 0.0 <= counted < 0.05 * units, "students are a few per cent of the recipients, not a quarter"
