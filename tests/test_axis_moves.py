"""Moving a scenario towards a position on a value axis (models.axis_rules.toward_position) and the sentence the
value map writes under a moved slider (ui.axis_moves.move_sentence): what changed in money and people, or why
nothing changed. On the 5,000-household test population."""

from __future__ import annotations

import pytest

from models.axis_rules import MIN_GAIN, POSITION_TOLERANCE, toward_position, with_axis
from models.presets import load_presets
from ui.axis_moves import move_sentence
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t

SIZE = 5000
PRESETS = {name: p.scenario for name, p in load_presets().items()}
TODAY = PRESETS["todays_system"]


@pytest.fixture(scope="module")
def run():
    """``run(scenario)`` → compare()'s results on the test population."""
    from models.baseline import baseline_run
    from models.compare import compare
    from models.parameters import load_parameters
    from models.population.store import load_population

    pop = load_population(SIZE, seed=2025)
    params = load_parameters()
    base = baseline_run(pop, params, traps=False)
    cache: dict = {}

    def f(scenario):
        if scenario not in cache:
            cache[scenario] = compare(pop, params, scenario, baseline=base, traps=False)
        return cache[scenario]

    return f


def _move(run, scenario, axis, target):
    r0 = run(scenario)
    move = toward_position(scenario, axis, target, lambda s: run(s)["axes"][axis], r0["axes"][axis])
    return move, r0, run(move.scenario)


def test_universality_adds_a_basic_income_and_lands_on_the_position(run):
    move, r0, r1 = _move(run, TODAY, "universality", 0.5)
    assert move.reason is None and move.scenario.basic_income.enabled
    assert move.scenario.basic_income.amount == 400
    assert abs(r1["axes"]["universality"] - 0.5) <= POSITION_TOLERANCE
    text = move_sentence(move, TODAY, r0, r1, "en")
    assert text.startswith("Universality 0.00 → 0.50: Basic income switched on: Basic income for adults €400/month.")
    assert fmt_meur(r1["net_cost_eur"], "en") in text and fmt_pct(r1["winners_share"], "en") in text
    u0, u1 = (fmt_number(r["axes"]["unconditionality"], "en", 2) for r in (r0, r1))
    assert u0 != u1 and f"unconditionality {u0} → {u1}" in text, "the other axes it moved are named"


@pytest.mark.parametrize("target", [0.4, 0.5])  # inside the reach of the general-support levers (about 0.32–0.69)
def test_individuality_of_today_moves_down_to_the_position_asked_for(run, target):
    move, _, r1 = _move(run, TODAY, "individuality", target)
    gs = move.scenario.general_support
    assert gs.enabled and gs.means_test == "individual" and 0 < gs.partner_income_weight < 1
    assert abs(r1["axes"]["individuality"] - target) <= 0.01


def test_individuality_at_the_top_of_its_levers_cannot_go_up_and_says_why(run):
    """Today's unemployment benefits already test own income: what keeps the point below 1 is housing allowance and
    social assistance, which have no lever here (the issue: "why it changed nothing"). With the general-support
    levers already at their most individual setting, asking for more changes nothing and says why."""
    top = with_axis(TODAY, "individuality", 1.0)
    move, r0, r1 = _move(run, top, "individuality", 0.95)
    assert move.reason == "top" and move.scenario == top
    assert move.reach is not None and move.reach[1] < r0["axes"]["individuality"] + MIN_GAIN
    for lang in ("fi", "sv", "en"):
        text = move_sentence(move, top, r0, r1, lang)
        assert t("vm.limit.individuality", lang) in text


def test_a_position_beyond_the_reach_moves_as_far_as_the_levers_go_and_says_so(run):
    move, r0, r1 = _move(run, TODAY, "individuality", 0.95)
    assert move.reach is not None and move.reach[1] < 0.95 - 0.01, "the levers cannot reach 0.95"
    if move.reason == "top":  # today's point is already at the levers' top: nothing changes, and the page says why
        assert move.scenario == TODAY
        return
    assert abs(r1["axes"]["individuality"] - move.reach[1]) <= POSITION_TOLERANCE
    text = move_sentence(move, TODAY, r0, r1, "en")
    assert t("vm.move.closest", "en", target=fmt_number(0.95, "en", 2)) in text


def test_a_sanction_nobody_meets_moves_the_point_but_not_the_money(run):
    """Everyone is assumed to meet the activity condition: the sanction changes the position only, and the
    sentence says so instead of showing an unchanged cost as if it were a result."""
    move, r0, r1 = _move(run, TODAY, "unconditionality", 0.5)
    assert move.scenario.general_support.enabled and move.scenario.conditionality.participation_share == 1
    assert abs(r1["axes"]["unconditionality"] - 0.5) <= 0.01
    assert r1["net_cost_eur"] == pytest.approx(run(move.scenario)["net_cost_eur"])
    again, r2, r3 = _move(run, move.scenario, "unconditionality", 0.3)
    assert r3["net_cost_eur"] == pytest.approx(r2["net_cost_eur"], abs=1e6)
    text = move_sentence(again, move.scenario, r2, r3, "fi")
    assert t("vm.move.no_money_sanction", "fi") in text


def test_a_locked_axis_changes_nothing_and_says_why(run):
    bi = PRESETS["full_basic_income_1000"]
    move, r0, r1 = _move(run, bi, "individuality", 0.2)
    assert move.reason == "locked" and move.scenario == bi
    assert move_sentence(move, bi, r0, r1, "sv") == t("vm.lock.individuality", "sv")


def test_a_lever_in_steps_stays_when_no_step_is_nearer(run):
    """A negative income tax is assessed per person or per household: two positions, nothing in between."""
    nit = PRESETS["negative_income_tax"]
    current = run(nit)["axes"]["individuality"]
    move, r0, r1 = _move(run, nit, "individuality", round(current - 0.3, 2))
    assert move.reason == "nearest" and move.scenario == nit
    assert "0,00" in move_sentence(move, nit, r0, r1, "fi")
    down, _, r2 = _move(run, nit, "individuality", 0.0)
    assert down.scenario.negative_income_tax.unit == "household" and r2["axes"]["individuality"] < current


def test_asking_for_the_current_position_changes_nothing(run):
    move, r0, r1 = _move(run, TODAY, "universality", 0.0)
    assert move.reason == "same" and move.scenario == TODAY
    assert move_sentence(move, TODAY, r0, r1, "en") == t("vm.move.same", "en")
