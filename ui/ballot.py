"""The ballot on a participant's phone (pages/join.py, the vote step): every option listed with its number, its
whole title (it wraps), one line on what it is and its cost, so that a participant can rank scenarios without
opening each one; the rank pickers then name an option by its number and title.

- :func:`ballot_options` and :func:`cost_line` are pure (the results come from ``results_of``).
- :func:`show_options` draws the list (container keyed ``join.options``).

A participant's own scenario's title and comment are user text: shown with ``st.text`` / escaped markdown only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from models.scenario import Scenario
from ui.i18n import fmt_meur, t, translations
from ui.page import md_escape
from ui.plain_names import amount, option_name
from ui.state import law_presets


@dataclass(frozen=True)
class BallotOption:
    """One option of the ballot as the phone shows it."""

    choice: str
    number: int
    title: str
    summary: str
    cost: str
    own: bool


def cost_line(scenario: Scenario, results: Mapping[str, Any], lang: str) -> str:
    """The net cost a year; for a budget-neutral scenario, how it is paid for and at what rate."""
    fin = scenario.financing
    if fin.budget_neutral and fin.method != "none":
        rate = float(results.get("budget_neutral_rate", fin.rate))
        return t(
            "ws.vote.cost_neutral",
            lang,
            method=option_name(fin.method, lang),
            rate=amount(rate, "points", lang, scenario),
        )
    return t("ws.vote.cost", lang, cost=fmt_meur(results["net_cost_eur"], lang))


def _summary(preset: str, lang: str) -> str:
    key = f"ws.vote.summary.{preset}"
    if key in translations():
        return t(key, lang)
    explanation = law_presets()[preset].explanation.model_dump()[lang]
    return explanation.split(". ")[0].rstrip(".") + "."


def ballot_options(
    labels: Mapping[str, str], scenarios: Mapping[str, Scenario], results_of: Callable, lang: str
) -> list[BallotOption]:
    """The ballot's options in order (the workshop's presets, then the participants' scenarios), numbered from 1.

    ``labels`` are the options' titles by choice (``ui.workshop.choice_label``); ``scenarios`` the participants'
    scenarios by choice (``sub:<id>``; a preset's comes from its file); ``results_of(scenario)`` their results.
    """
    presets = law_presets()
    out = []
    for number, (choice, title) in enumerate(labels.items(), start=1):
        kind, _, ident = choice.partition(":")
        own = kind != "preset"
        scenario = scenarios.get(choice) or (presets[ident].scenario if ident in presets else None)
        summary = t("ws.vote.summary.own", lang) if own else _summary(ident, lang)
        cost = cost_line(scenario, results_of(scenario), lang) if scenario is not None else ""
        out.append(BallotOption(choice, number, title, summary.split("\n")[0][:160], cost, own))
    return out


#: Characters of a title in a rank picker: one line on a phone (a picker's list cannot wrap; the list of options
#: above the pickers shows every title whole).
PICKER_CHARS = 38


def option_label(option: BallotOption | None, lang: str) -> str:
    """How a rank picker names an option: its number and title, cut to one line of a phone."""
    if option is None:
        return t("ws.join.no_choice", lang)
    title = option.title if len(option.title) <= PICKER_CHARS else option.title[: PICKER_CHARS - 1].rstrip() + "…"
    return f"{option.number}. {title}"


def show_options(options: list[BallotOption], lang: str) -> None:
    """Each option in a box: its number and whole title, then one line on what it is and what it costs."""
    with st.container(key="join.options"):
        st.markdown(f"**{t('ws.vote.options', lang)}**")
        for o in options:
            with st.container(border=True, key=f"join.option.{o.number}"):
                st.markdown(f"**{o.number}. {md_escape(o.title)}**")
                st.caption(f"{md_escape(o.summary)} · {o.cost}" if o.cost else md_escape(o.summary))
