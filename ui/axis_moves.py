"""The value map's three axis sliders (docs/AXES.md, "Moving along an axis").

Each slider shows the active scenario's computed position on its axis and starts there. Moving it asks for a
position: :func:`models.axis_rules.toward_position` sets that axis's levers where the model puts the point
closest to it (a few model runs, cached), and one sentence under the slider says what changed — the levers,
the net cost and who gains and loses — or why nothing changed (no lever, the levers' reach, or a sanction
that nobody in the model meets). The slider then shows the new computed position.

- :func:`move_sentence` (pure) builds the sentence from the move and the results before and after.
- :func:`axis_sliders` draws the sliders with their sentences (widget keys ``vm.<axis>``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from models.axes import AXES
from models.axis_rules import AxisMove, axis_lock, toward_position
from models.scenario import Scenario
from ui import data
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.levers import commit
from ui.plain_names import changed_levers
from ui.sliders import number_slider
from ui.state import current_lang, current_scenario

MOVE = "vm._move"
SEEDED = "vm._scenario"
#: Changes in net cost (EUR a year) and in the shares of people gaining or losing below these are "no change".
_SAME_EUR = 1e6
_SAME_SHARE = 0.0005


def _probe(scenario: Scenario) -> Scenario:
    """The scenario as the search runs it: financing at its stored rate (a position does not depend on how a
    reform is paid for, and solving the budget at every step would multiply the runs)."""
    if not scenario.financing.budget_neutral:
        return scenario
    return scenario.model_copy(update={"financing": scenario.financing.model_copy(update={"budget_neutral": False})})


def _pos(x: float, lang: str) -> str:
    return fmt_number(x, lang, 2)


def _others(before: Mapping[str, float], after: Mapping[str, float], axis: str, lang: str) -> str:
    """The other axes that moved, "Vastikkeettomuus 0,17 → 0,95, …" (empty when none moved a slider step)."""
    moved = [
        t(
            "vm.move.axis_change",
            lang,
            axis=t(f"vm.axis.{a}", lang).lower(),
            old=_pos(before[a], lang),
            new=_pos(after[a], lang),
        )
        for a in AXES
        if a != axis and abs(after[a] - before[a]) >= 0.01
    ]
    return ", ".join(moved)


def _money_same(r0: Mapping[str, Any], r1: Mapping[str, Any]) -> bool:
    return (
        abs(r1["net_cost_eur"] - r0["net_cost_eur"]) < _SAME_EUR
        and abs(r1["winners_share"] - r0["winners_share"]) < _SAME_SHARE
        and abs(r1["losers_share"] - r0["losers_share"]) < _SAME_SHARE
    )


def _unmoved_sentence(move: AxisMove, scenario: Scenario, lang: str) -> str:
    """Why a move changed nothing."""
    name = t(f"vm.axis.{move.axis}", lang).lower()
    if move.reason == "locked":
        return t(axis_lock(scenario, move.axis) or "vm.move.same", lang)
    lo, hi = move.reach or (move.before, move.before)
    args = {"axis": name, "now": _pos(move.before, lang), "lo": _pos(lo, lang), "hi": _pos(hi, lang)}
    if move.reason in ("top", "bottom"):
        return t(f"vm.move.{move.reason}", lang, **args) + " " + t(f"vm.limit.{move.axis}", lang)
    if move.reason == "nearest":
        return t("vm.move.nearest", lang, **args)
    return t("vm.move.same", lang, **args)


def move_sentence(move: AxisMove, before: Scenario, r0: Mapping[str, Any], r1: Mapping[str, Any], lang: str) -> str:
    """One sentence (two at most) on what a slider move did, in ``lang``: the levers it set, the net cost and who
    gains and loses before → after, the other axes it moved; or why it changed nothing."""
    if move.scenario == before:
        return _unmoved_sentence(move, before, lang)
    name = t(f"vm.axis.{move.axis}", lang)
    levers = "; ".join(changed_levers(before, move.scenario, lang)) or t("vm.move.levers_none", lang)
    head = t(
        "vm.move.changed",
        lang,
        axis=name,
        old=_pos(r0["axes"][move.axis], lang),
        new=_pos(r1["axes"][move.axis], lang),
        levers=levers,
    )
    if abs(r1["axes"][move.axis] - move.target) >= 0.01:
        head += " " + t("vm.move.closest", lang, target=_pos(move.target, lang))
    if _money_same(r0, r1):
        sanction = move.axis == "unconditionality" and move.scenario.conditionality.participation_share >= 1
        tail = t("vm.move.no_money_sanction" if sanction else "vm.move.no_money", lang)
    else:
        tail = t(
            "vm.move.money",
            lang,
            cost_old=fmt_meur(r0["net_cost_eur"], lang),
            cost_new=fmt_meur(r1["net_cost_eur"], lang),
            winners=fmt_pct(r1["winners_share"], lang),
            losers=fmt_pct(r1["losers_share"], lang),
        )
    others = _others(r0["axes"], r1["axes"], move.axis, lang)
    if others:
        tail += " " + t("vm.move.also", lang, others=others)
    return f"{head} {tail}"


def _moved(axis: str) -> None:
    """A slider moved: search the levers of ``axis`` for the position asked for, make the result active and keep
    the sentence for the next run."""
    lang = current_lang()
    before = current_scenario()
    r0 = data.results(before, traps=False)
    target = float(st.session_state[f"vm.{axis}"])
    move = toward_position(
        before, axis, target, lambda s: data.results(_probe(s), traps=False)["axes"][axis], r0["axes"][axis]
    )
    after = commit(move.scenario, lang) if move.scenario != before else before
    r1 = data.results(after, traps=False)
    st.session_state[MOVE] = {
        "axis": axis,
        "scenario": after,
        "lang": lang,
        "text": move_sentence(move, before, r0, r1, lang),
    }
    st.session_state[SEEDED] = None  # the sliders show the new computed position on the next run


def _seed(scenario: Scenario, axes: Mapping[str, float]) -> None:
    """Put each slider at the scenario's computed position whenever the scenario changed (here or elsewhere)
    or a move has just been made."""
    if st.session_state.get(SEEDED) == scenario and all(f"vm.{a}" in st.session_state for a in AXES):
        return
    for a in AXES:
        st.session_state[f"vm.{a}"] = round(float(axes[a]), 2)
    st.session_state[SEEDED] = scenario


def axis_sliders(scenario: Scenario, r: Mapping[str, Any], lang: str) -> None:
    """The three sliders side by side, each with the sentence of its last move (or how it moves the levers)."""
    _seed(scenario, r["axes"])
    last = st.session_state.get(MOVE)
    if last is not None and (last["scenario"] != scenario or last["lang"] != lang):
        last = None
    for col, a in zip(st.columns(3, gap="large"), AXES, strict=True):
        with col:
            lock = axis_lock(scenario, a)
            number_slider(
                f"{t(f'vm.axis.{a}', lang)}: {t(f'vm.pole.{a}.0', lang)} (0) ↔ {t(f'vm.pole.{a}.1', lang)} (1)",
                0.0,
                1.0,
                0.01,
                key=f"vm.{a}",
                lang=lang,
                on_change=_moved,
                args=(a,),
                disabled=lock is not None,
                help=t(f"vm.rule_position.{a}", lang),
            )
            if last is not None and last["axis"] == a:
                with st.container(key=f"vm.sentence.{a}"):
                    st.info(last["text"], icon=":material/info:")
            elif lock:
                st.info(t(lock, lang))
            else:
                st.caption(t(f"vm.moves.{a}", lang))
