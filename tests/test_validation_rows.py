"""How a validation row's simulated value is counted when its official figure covers part of a year
(``share_of_year``, ``share_of_year_by_part`` in assumptions/validation/official.yaml)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from models.validation import official_rows, simulated_value


def _rows() -> dict[str, dict]:
    return {row["key"]: row for row in official_rows()}


def test_a_figure_whose_parts_cover_different_months_counts_each_part_for_its_months():
    """The 2025 budget item holds a whole year of the study grant and five months of the student housing supplement
    (from 1.8.2025): the model's supplement counts for those months only, not its whole year."""
    row = _rows()["student_aid_expenditure_2025_budget"]
    pop = SimpleNamespace(weight=np.array([1.0, 2.0, 3.0]))
    res = SimpleNamespace(
        person={
            "study_grant": np.array([100.0, 0.0, 10.0]),
            "student_housing_supplement": np.array([0.0, 50.0, 20.0]),
        }
    )
    # The component's whole-year total (grant and supplement) is what the row compared until December 2026.
    summary = {"totals_eur": {"student_aid": 12.0 * (100 + 30 + 100 + 60)}, "recipients": {}}
    grant, supplement = 12.0 * (100 + 30), 12.0 * (100 + 60)
    assert simulated_value(row, summary, (pop, res)) == pytest.approx(grant + 0.5 * supplement)


def test_the_parts_count_the_months_their_own_rows_count():
    """The supplement's share of the year in the combined budget row is the one its own spending row uses, and every
    part's share is a share of a year with a reason."""
    rows = _rows()
    combined = rows["student_aid_expenditure_2025_budget"]
    assert combined["share_of_year_by_part"]["student_housing_supplement"] == pytest.approx(
        rows["student_housing_supplement_expenditure"]["share_of_year"]
    )
    for row in rows.values():
        parts = row.get("share_of_year_by_part")
        if parts:
            assert all(0.0 <= float(share) <= 1.0 for share in parts.values()), row["key"]
            assert row["share_of_year_by_part_reason"].strip(), row["key"]
            assert not row.get("share_of_year"), f"{row['key']}: one way of counting the months, not two"


def test_the_unemployment_benefits_recipients_by_age_count_the_paid_persons_of_each_age():
    """Kela's end-of-2019 shares of under-25s and people aged 50 or over among each unemployment benefit's recipients:
    the weighted share of the persons paid the benefit in the month, by their age (25–49 in neither)."""
    rows = _rows()
    pop = SimpleNamespace(weight=np.array([1.0, 2.0, 3.0, 4.0, 5.0]), persons={"age": np.array([24, 25, 49, 50, 64])})
    paid = np.array([10.0, 0.0, 10.0, 10.0, 10.0])  # the 25-year-old is not paid
    res = SimpleNamespace(
        person={k: paid for k in ("labour_market_subsidy", "earnings_related_unemployment_allowance")}
    )
    ctx, total = (pop, res), 1.0 + 3.0 + 4.0 + 5.0
    assert simulated_value(rows["labour_market_subsidy_mix_under_25"], {}, ctx) == pytest.approx(1.0 / total)
    assert simulated_value(rows["earnings_related_mix_50_plus"], {}, ctx) == pytest.approx(9.0 / total)
    for short in ("earnings_related", "basic_allowance", "labour_market_subsidy"):
        young, old = rows[f"{short}_mix_under_25"], rows[f"{short}_mix_50_plus"]
        assert young["component"] == old["component"] and young["official"] + old["official"] < 1.0
        assert young["comparable"] is False and old["year"] == 2019


def _families(eq: list[float], single: list[bool], persons: list[int]):
    """A made-up population of households with children (weights 1) and their equivalised disposable incomes."""
    n = len(eq)
    pop = SimpleNamespace(
        households={"weight": np.ones(n)},
        n_persons_in_household=np.array(persons, dtype=np.float64),
        single_parent=np.array(single),
        n_children=np.ones(n, dtype=np.int64),
    )
    res = SimpleNamespace(household={"equivalised_disposable_income": np.array(eq, dtype=np.float64)})
    return pop, res


def test_the_single_parents_income_rows_rank_by_persons_and_compare_medians():
    """Single parents poorest and holding a tenth of the persons are all in the lowest fifth; richest, none are. The
    median ratio is theirs over all families', and neither row moves when every income doubles."""
    rows = _rows()
    quintile = rows["single_parent_households_lowest_quintile"]
    median = rows["single_parent_households_relative_median_income"]
    eq = [50.0, 100.0, 100.0, 100.0, 120.0, 140.0, 160.0]
    single = [True, False, False, False, False, False, False]
    persons = [2, 4, 3, 3, 2, 2, 2]  # 18 persons, the single parent's family 2 of them
    ctx = _families(eq, single, persons)
    assert simulated_value(quintile, {}, ctx) == pytest.approx(1.0)
    assert simulated_value(median, {}, ctx) == pytest.approx(0.5)  # 50 against the families' median of 100
    richest = _families(eq[::-1], single, persons[::-1])
    assert simulated_value(quintile, {}, richest) == pytest.approx(0.0)
    doubled = _families([2 * x for x in eq], single, persons)
    assert simulated_value(quintile, {}, doubled) == simulated_value(quintile, {}, ctx)
    assert simulated_value(median, {}, doubled) == pytest.approx(simulated_value(median, {}, ctx))
