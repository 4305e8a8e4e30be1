"""Landscape specs, the frontier and the draws of the uncertain parameters (no cluster: tests/test_sweeps.py has it).

- Every shipped spec loads; an invalid spec is refused with the field named, in the CLI with exit code 2.
- The frontier is exactly the set of points no other point beats, checked against the definition by brute force.
- A draw stays in its parameter's range, a Latin hypercube fills every stratum, and a drawn law differs from the
  law only where it was drawn.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import cli_sweeps
from models.cli import main
from models.landscape import best_against, frontier
from models.landscape_spec import LandscapeSpecError, expand, load_landscapes, read_spec_text
from models.parameters import load_parameters
from models.uncertainty import draw_table, load_band_spec, perturbed, uncertain_parameters

HEAD = "title: {fi: a, sv: b, en: c}\n"
NIT = "families: [{name: nit, base: negative_income_tax, levers: {%s}}]\n"


def test_the_shipped_specs_load_and_the_default_has_two_thousand_designs():
    specs = load_landscapes()
    assert next(iter(specs)) == "default"
    variants = expand(specs["default"])
    designs = [v for v in variants if v.preset is None]
    assert len(designs) >= 2000
    assert {v.preset for v in variants if v.preset} >= {"todays_system", "yleistuki_2026"}
    assert all(s.financing.method != "none" for s in specs.values()), "every shipped landscape compares at equal cost"


@pytest.mark.parametrize("law_date", ["2025-08-01", "2026-08-01"])
def test_every_design_and_preset_changes_the_spec_s_law(law_date):
    """A preset is written against its own law; on a landscape of another law its changes are made to that law
    (compute refuses a scenario of another law than its parameters')."""
    spec = load_landscapes()["nit_guarantee_rate"].model_copy(update={"law_date": dt.date.fromisoformat(law_date)})
    variants = expand(spec)
    assert {v.scenario.law_date for v in variants} <= {None, spec.law_date}
    assert any(v.scenario.law_date == spec.law_date for v in variants)


def test_a_grid_is_every_combination_in_order():
    spec = read_spec_text(
        HEAD + NIT % "negative_income_tax.guarantee: {low: 400, high: 600, step: 100}, "
        "negative_income_tax.unit: [individual, household]",
        "x.yaml",
    )
    designs = [v for v in expand(spec) if v.preset is None]
    assert [(v.levers["negative_income_tax.guarantee"], v.levers["negative_income_tax.unit"]) for v in designs] == [
        (400, "individual"), (400, "household"), (500, "individual"), (500, "household"),
        (600, "individual"), (600, "household"),
    ]  # fmt: skip
    assert designs[3].scenario.negative_income_tax.guarantee == 500
    assert designs[3].scenario.negative_income_tax.unit == "household"


def test_a_random_design_is_seeded_and_on_its_steps():
    text = HEAD + (
        "families: [{name: gs, base: yleistuki_2026, design: random, samples: 20, seed: 3, "
        "levers: {general_support.taper: {low: 0.2, high: 0.9, step: 0.05}}}]\n"
    )
    a = [v.levers for v in expand(read_spec_text(text, "x.yaml")) if v.preset is None]
    b = [v.levers for v in expand(read_spec_text(text, "x.yaml")) if v.preset is None]
    assert a == b and len(a) == 20
    tapers = [x["general_support.taper"] for x in a]
    assert all(0.2 <= t <= 0.9 and math.isclose(round(t / 0.05) * 0.05, t) for t in tapers)
    assert len(set(tapers)) > 5


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        (HEAD + NIT % "negative_income_tax.guarante: [400]", "families.0.levers.negative_income_tax.guarante",
         "not a lever"),
        (HEAD + NIT % "negative_income_tax.guarantee: [5000]", "families.0.levers.negative_income_tax.guarantee",
         "less than or equal to 3000"),
        (HEAD + NIT % "negative_income_tax.guarantee: {low: 900, high: 400, step: 100}",
         "families.0.levers.negative_income_tax.guarantee", "high must not be below low"),
        (HEAD + NIT % "negative_income_tax.guarantee: {low: 400, high: 900}",
         "families.0", "a grid needs a step"),
        (HEAD + NIT % "negative_income_tax.guarantee: 5", "families.0.levers.negative_income_tax.guarantee",
         "a list of values or {low, high, step}"),
        (HEAD + "financing: {method: flat, net_cost_eur: 0}\n" + NIT % "negative_income_tax.guarantee: [400]",
         "financing.method", "Input should be"),
        (HEAD + "financing: {method: none, net_cost_eur: 1000}\n" + NIT % "negative_income_tax.guarantee: [400]",
         "financing", "a target cost needs a financing method"),
        (HEAD + "law_date: 2025-13-01\n" + NIT % "negative_income_tax.guarantee: [400]", "(file)", "month"),
        (HEAD + "presets: [nope]\n" + NIT % "negative_income_tax.guarantee: [400]", "presets", "nope"),
        (HEAD + "families: [{name: x, base: nope, levers: {basic_income.amount: [1]}}]", "families.0.base",
         "unknown preset"),
        ("title: {fi: a, sv: b}\n" + NIT % "negative_income_tax.guarantee: [400]", "title.en", "Field required"),
        (HEAD + "families: [{name: x, base: negative_income_tax, design: random, "
         "levers: {negative_income_tax.guarantee: [1]}}]", "families.0", "samples"),
    ],
    ids=[
        "misspelt lever", "value above the lever's limit", "range upside down", "grid range without step",
        "a number instead of values", "unknown financing method", "a target without a method", "impossible date",
        "unknown preset to place", "unknown base", "a missing title", "random design without samples",
    ],
)  # fmt: skip
def test_an_invalid_spec_names_the_field(text, field, message):
    with pytest.raises(LandscapeSpecError) as err:
        read_spec_text(text, "bad.yaml")
    assert any(f == field and message in m for f, m in err.value.problems), err.value.problems
    assert str(err.value).startswith("bad.yaml: invalid landscape")


def test_the_cli_refuses_an_invalid_spec_with_exit_code_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEAD + NIT % "negative_income_tax.withdrawal_rate: [0]", encoding="utf-8")
    assert main(["landscape", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "families.0.levers.negative_income_tax.withdrawal_rate" in err and "Traceback" not in err
    assert main(["landscape", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_cli_runs_a_spec_against_the_law_chosen_by_date_or_year(tmp_path, capsys, monkeypatch):
    """``landscape --year/--date`` makes the spec's designs to that law (the spec's ``law_date`` otherwise); a date
    with no law is refused with exit code 2, naming --date."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + "law_date: 2025-08-01\n" + NIT % "negative_income_tax.guarantee: [500, 600]", "utf-8")
    seen: list[dt.date] = []

    class Stop(Exception):
        pass

    def capture(spec, *args, **kwargs):
        seen.append(spec.law_date)
        raise Stop

    monkeypatch.setattr(cli_sweeps, "prepare_landscape", capture)
    for argv, date in (([], dt.date(2025, 8, 1)), (["--year", "2026"], dt.date(2026, 8, 1)),
                       (["--date", "2027-03-01"], dt.date(2027, 3, 1))):  # fmt: skip
        with pytest.raises(Stop):
            main(["landscape", str(spec), *argv])
        assert seen[-1] == date, argv
    for bad in ("1999-01-01", "tomorrow"):
        assert main(["landscape", str(spec), "--date", bad]) == 2
        err = capsys.readouterr().err
        assert "--date" in err and "Traceback" not in err


# --- the frontier ----------------------------------------------------------------------------------------------
def _beats(a, b) -> bool:
    """a beats b: lower or equal on both (lower is better here), lower on one."""
    return a[0] <= b[0] and a[1] <= b[1] and (a[0] < b[0] or a[1] < b[1])


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), min_size=1, max_size=40))
def test_the_frontier_is_every_point_no_other_point_beats(points):
    xs = np.array([p[0] for p in points], float)
    ys = np.array([p[1] for p in points], float)
    front = frontier(xs, ys, "poverty_rate", "emtr_median")  # both: lower is better
    unbeaten = {p for p in points if not any(_beats(q, p) for q in points)}
    assert {points[i] for i in front} == unbeaten
    assert len(front) == len(unbeaten), "each unbeaten point once"
    assert list(xs[front]) == sorted(xs[front]), "ordered along the frontier"


def test_the_frontier_turns_round_for_an_outcome_where_more_is_better():
    xs, ys = np.array([0.1, 0.5, 0.9]), np.array([0.2, 0.1, 0.3])  # universality (more) against a tax rate (less)
    assert sorted(frontier(xs, ys, "universality", "financing_rate")) == [1, 2]


def test_the_best_challenger_beats_the_reference_on_both():
    xs, ys = np.array([0.50, 0.45, 0.40, 0.48]), np.array([0.10, 0.12, 0.14, 0.09])
    best = best_against(xs, ys, "emtr_median", "poverty_rate", (0.49, 0.13))
    assert best == 3 or (xs[best] <= 0.49 and ys[best] <= 0.13)
    assert best_against(xs, ys, "emtr_median", "poverty_rate", (0.30, 0.05)) is None


# --- the uncertain parameters ---------------------------------------------------------------------------------------
def test_draws_stay_in_their_ranges_and_fill_every_stratum():
    uncertain = uncertain_parameters()
    n = 20
    draws = draw_table(uncertain, n, seed=4)
    assert draws == draw_table(uncertain, n, seed=4)
    for u in uncertain:
        values = np.array([d[u.key] for d in draws])
        assert values.min() >= u.range.low and values.max() <= u.range.high, u.key
        if u.unit not in ("days", "months", "years", "count"):
            strata = np.floor((values - u.range.low) / (u.range.high - u.range.low) * n).astype(int)
            assert sorted(strata) == list(range(n)), f"{u.key}: one draw in each of the {n} strata"


def test_a_drawn_law_changes_only_what_was_drawn(params):
    uncertain = uncertain_parameters()
    draw = {"social_assistance.take_up_rate": 0.66, "housing_allowance.max_housing_costs": 1.1}
    law = perturbed(params, draw, uncertain)
    assert law.social_assistance.take_up_rate == 0.66
    before, after = params.housing_allowance.max_housing_costs, law.housing_allowance.max_housing_costs
    assert after[1][0] == pytest.approx(1.1 * before[1][0])
    assert law.tax == params.tax and law.unemployment == params.unemployment
    assert load_parameters().social_assistance.take_up_rate == params.social_assistance.take_up_rate


def test_the_band_spec_loads():
    spec = load_band_spec()
    assert spec.level == 0.9 and spec.draws >= 20 and spec.reason


def test_the_app_refuses_an_uploaded_spec_too_large_for_it():
    from ui.landscape import MAX_APP_VARIANTS, read_upload

    text = HEAD + NIT % (
        "negative_income_tax.guarantee: {low: 0, high: 3000, step: 1}, negative_income_tax.withdrawal_rate: [0.3, 0.5]"
    )
    with pytest.raises(LandscapeSpecError) as err:
        read_upload(text.encode(), "big.yaml")
    assert err.value.problems[0][0] == "families" and str(MAX_APP_VARIANTS) in err.value.problems[0][1]
    with pytest.raises(LandscapeSpecError, match="larger than"):
        read_upload(b"#" * 300_000, "huge.yaml")
