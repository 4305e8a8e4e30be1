"""The law on screen: the sidebar's law menu, the line under every page title that says which law the page compares
with, and the notice of a scenario saved before law dates (with the button that re-runs it against the chosen law).

Changing the law re-reads the active scenario against it (``Scenario.at_law``): a preset becomes the same preset
read against the new law; an edited scenario keeps its edits. A scenario from a file or link saved before law dates
keeps the 2025 law it was made against until the user asks for the chosen law.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from models.parameters import LEGACY_LAW_DATE, load_parameters
from ui.i18n import fmt_eur, t
from ui.law import CHOICES, LAW_KEY, choice_label, compared_with, fmt_date
from ui.state import current_choice, current_law, current_preset, current_scenario, law_presets, set_scenario

WIDGET_KEY = "law_widget"


def _law_changed() -> None:
    st.session_state[LAW_KEY] = st.session_state[WIDGET_KEY]
    rerun_at_chosen_law(keep_legacy=True)


def rerun_at_chosen_law(keep_legacy: bool = False) -> None:
    """Re-read the active scenario against the chosen law (a preset as that preset; ``keep_legacy``: a scenario
    saved before law dates stays as it is)."""
    scenario, preset = current_scenario(), current_preset()
    presets = law_presets()
    if preset in presets:
        set_scenario(presets[preset].scenario, preset=preset)
    elif scenario.law_date is not None or not keep_legacy:
        if scenario.law != current_law() or scenario.law_date is None:
            set_scenario(scenario.at_law(current_law()))


def law_selector(lang: str) -> None:
    """The law menu (in the sidebar, under the language): today's law or a law year; a date from a link is kept
    as a further choice."""
    choice = current_choice()
    options = list(CHOICES) + ([choice] if choice not in CHOICES else [])
    if st.session_state.get(WIDGET_KEY) != choice:
        st.session_state[WIDGET_KEY] = choice
    st.sidebar.selectbox(
        t("law.selector", lang),
        options,
        key=WIDGET_KEY,
        format_func=lambda c: choice_label(c, lang),
        on_change=_law_changed,
        help=t("law.selector_help", lang),
    )


def law_header(lang: str) -> None:
    """Under a page's title: the law the page compares with, and the notice of a scenario without a law date."""
    scenario = current_scenario()
    st.caption(compared_with(lang, scenario.law) + " " + t("law.evaluated_on", lang))
    if scenario.law_date is None:
        legacy_notice(lang)


def legacy_notice(lang: str) -> None:
    """A scenario saved before law dates: it was made against the 2025 law and is run against it, until re-run."""
    st.warning(
        t("law.legacy_notice", lang, date=fmt_date(LEGACY_LAW_DATE, lang)),
        icon=":material/history:",
    )
    st.button(
        t("law.rerun", lang, date=fmt_date(current_law(), lang)),
        key="law.rerun",
        on_click=rerun_at_chosen_law,
        icon=":material/update:",
    )


def changes_note(lang: str, date: dt.date, page: str) -> None:
    """What changed in the law of ``date`` that the page (``bureaucracy`` or ``traps``) shows: general support
    (yleistuki) as the unemployment floor from 1.5.2026."""
    unemployment = load_parameters(date).unemployment
    if unemployment.yleistuki_in_force and unemployment.yleistuki_other_income_disregard is not None:
        limit = fmt_eur(unemployment.yleistuki_other_income_disregard, lang)
        st.info(t(f"law.changed.{page}", lang, date=fmt_date(date, lang), limit=limit), icon=":material/update:")
