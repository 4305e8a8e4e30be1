"""Properties of income taxation and employee contributions (models/rules/tax.py), 2025 law.

The parameters are built from the tax section's own files, so these tests do not depend on other sections.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.parameter_types import parameter_files
from models.parameters import LAW_YEARS
from models.rules import tax

DEFAULT_DATE = LAW_YEARS[2025]  # the law of these cases

FIELDS = tuple(tax.TaxBreakdown.__dataclass_fields__)


@pytest.fixture(scope="module")
def p() -> tax.TaxParameters:
    values = {
        key.split(".", 1)[1]: pfile.value_at(DEFAULT_DATE)
        for key, pfile in parameter_files().items()
        if key.startswith("tax.")
    }
    return tax.TaxParameters(**values)


money = st.floats(min_value=0, max_value=250_000, allow_nan=False, allow_infinity=False)
small_money = st.floats(min_value=0, max_value=60_000, allow_nan=False, allow_infinity=False)
person = st.fixed_dictionaries(
    {
        "wages": money,
        "pension_income": small_money,
        "taxable_benefits": st.floats(min_value=0, max_value=30_000, allow_nan=False),
        "capital_income": small_money,
        "age": st.integers(min_value=0, max_value=100),
        "church_member": st.booleans(),
        "n_children_in_custody": st.integers(min_value=0, max_value=6),
        "single_parent": st.booleans(),
    }
)


def run(p, **kw) -> tax.TaxBreakdown:
    args = {k: np.atleast_1d(np.asarray(v)) for k, v in kw.items()}
    return tax.income_taxes(**args, p=p)


def total(t: tax.TaxBreakdown) -> float:
    return float((t.income_tax + t.social_contributions)[0])


def taxes_before_credit(t: tax.TaxBreakdown, kw: dict, p) -> float:
    """State, municipal and church tax and health-care contribution as they were before the credit."""
    taxable = t.taxable_earned_income
    return float(
        (
            tax.state_income_tax(taxable, p)
            + tax.municipal_income_tax(taxable, p)
            + tax.church_tax(taxable, np.atleast_1d(kw["church_member"]), p)
            + tax.health_care_contribution(taxable, kw["wages"], kw["pension_income"], kw["taxable_benefits"], p)
        )[0]
    )


# --- zero and non-negativity ---------------------------------------------------------------------------


@pytest.mark.parametrize("age", [0, 17, 40, 66, 90])
@pytest.mark.parametrize("member,children,single", [(False, 0, False), (True, 3, True)])
def test_zero_income_pays_zero(p, age, member, children, single):
    t = run(
        p,
        wages=0.0,
        pension_income=0.0,
        taxable_benefits=0.0,
        capital_income=0.0,
        age=age,
        church_member=member,
        n_children_in_custody=children,
        single_parent=single,
    )
    for field in FIELDS:
        assert float(getattr(t, field)[0]) == 0.0, field


@settings(max_examples=300, deadline=None)
@given(kw=person)
def test_taxes_contributions_and_deductions_never_negative(p, kw):
    t = run(p, **kw)
    for field in FIELDS:
        assert float(getattr(t, field)[0]) >= 0.0, (field, kw)


@settings(max_examples=300, deadline=None)
@given(kw=person)
def test_credit_never_exceeds_the_taxes_it_is_set_against(p, kw):
    t = run(p, **kw)
    used = float(t.earned_income_tax_credit[0])
    assert used <= taxes_before_credit(t, kw, p) + 1e-6
    net = tax.net_earned_income(kw["wages"], kw["pension_income"], kw["taxable_benefits"], p)
    entitlement = tax.earned_income_tax_credit(
        kw["wages"], net, kw["age"], kw["n_children_in_custody"], kw["single_parent"], p
    )
    assert used <= float(entitlement[0]) + 1e-6


@settings(max_examples=200, deadline=None)
@given(kw=person)
def test_yle_tax_at_most_the_maximum_and_only_adults(p, kw):
    t = run(p, **kw)
    assert float(t.yle_tax[0]) <= p.yle_tax_max + 1e-9
    if kw["age"] < p.yle_tax_min_age:
        assert float(t.yle_tax[0]) == 0.0


@settings(max_examples=200, deadline=None)
@given(kw=person)
def test_taxable_income_never_above_earned_income(p, kw):
    t = run(p, **kw)
    earned = kw["wages"] + kw["pension_income"] + kw["taxable_benefits"]
    assert float(t.taxable_earned_income[0]) <= earned + 1e-6


# --- monotonicity in wages -----------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(kw=person, extra=st.floats(min_value=0.01, max_value=50_000))
def test_more_wages_never_lower_total_tax_and_contributions(p, kw, extra):
    """Holds from the EUR 750 work-expense deduction up: below it a wage adds credit (18 %) but no taxable
    income, so a pensioner's first euros of wages do lower his tax, as the law intends."""
    kw["wages"] = max(kw["wages"], p.work_expense_deduction_max)
    before = total(run(p, **kw))
    after = total(run(p, **{**kw, "wages": kw["wages"] + extra}))
    assert after >= before - 1e-6, (kw, extra, before, after)


@settings(max_examples=400, deadline=None)
@given(kw=person, extra=st.floats(min_value=0.01, max_value=50_000))
def test_net_income_rises_with_wages_except_at_the_daily_allowance_notch(p, kw, extra):
    """Marginal rate below 100 %. The daily-allowance contribution is levied on the whole wage once it
    reaches the threshold, so crossing it can cost at most that contribution at the threshold."""
    w1, w2 = kw["wages"], kw["wages"] + extra
    other = kw["pension_income"] + kw["taxable_benefits"] + kw["capital_income"]
    net1 = w1 + other - total(run(p, **kw))
    net2 = w2 + other - total(run(p, **{**kw, "wages": w2}))
    threshold = p.daily_allowance_contribution_threshold
    notch = threshold * p.daily_allowance_contribution_rate if w1 < threshold <= w2 else 0.0
    assert net2 >= net1 - notch - 1e-6, (kw, extra, net1, net2)


def test_daily_allowance_notch_is_the_contribution_on_the_threshold(p):
    thr = p.daily_allowance_contribution_threshold
    base = dict(
        pension_income=0.0,
        taxable_benefits=0.0,
        capital_income=0.0,
        age=40,
        church_member=False,
        n_children_in_custody=0,
        single_parent=False,
    )
    below = run(p, wages=thr - 0.01, **base)
    at = run(p, wages=thr, **base)
    assert float(below.daily_allowance_contribution[0]) == 0.0
    assert float(at.daily_allowance_contribution[0]) == pytest.approx(thr * p.daily_allowance_contribution_rate)


# --- withdrawal rates as stated --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(w1=st.floats(min_value=26_000, max_value=43_000), w2=st.floats(min_value=26_000, max_value=43_000))
def test_credit_withdrawn_at_2_22_percent_between_the_thresholds(p, w1, w2):
    """Wage only, net earned income 25,250–42,250: the credit is at its maximum less 2.22 % of the excess."""
    net1 = tax.net_earned_income(w1, 0.0, 0.0, p)
    net2 = tax.net_earned_income(w2, 0.0, 0.0, p)
    c1 = tax.earned_income_tax_credit(w1, net1, 40, 0, False, p)
    c2 = tax.earned_income_tax_credit(w2, net2, 40, 0, False, p)
    assert float((c2 - c1)[0]) == pytest.approx(-0.0222 * (w2 - w1), abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(x=st.floats(min_value=4_115, max_value=26_976))
def test_basic_deduction_withdrawn_at_18_percent(p, x):
    d = tax.basic_deduction(x, p)
    assert float(d[0]) == pytest.approx(4_115 - 0.18 * (x - 4_115), abs=1e-6)


def test_employee_pension_contribution_by_age_band(p):
    ages = np.array([16, 17, 52, 53, 62, 63, 67, 68])
    got = tax.employee_pension_contribution(np.full(ages.shape, 1000.0), ages, p)
    assert got.tolist() == pytest.approx([0, 71.5, 71.5, 86.5, 86.5, 71.5, 71.5, 0])


# --- vectorisation -------------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(people=st.lists(person, min_size=2, max_size=8))
def test_batch_equals_one_by_one(p, people):
    batch = {k: np.array([kw[k] for kw in people]) for k in people[0]}
    t = tax.income_taxes(**batch, p=p)
    for i, kw in enumerate(people):
        one = run(p, **kw)
        for field in FIELDS:
            assert float(getattr(t, field)[i]) == pytest.approx(float(getattr(one, field)[0]), abs=1e-9), field
