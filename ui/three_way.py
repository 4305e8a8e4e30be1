"""The three-way view: last year's law, the chosen law and the reform, side by side (Results and Households).

- :func:`section` (Results): net cost against last year's law, poverty, inequality and median income under the
  three; the mean change by decile of the chosen law and of the reform against last year's law; spending by
  component; and the change of the law itself with the government's published estimates beside the model's
  (``assumptions/validation/law_changes.yaml``, each with its source).
- :func:`household_section` (Households): the chosen household's net income and marginal rate under the three, then
  the population's headline table.
"Last year's law" is the law in force a year before the chosen date; the model holds law from 1.1.2025, so the
2025 law has no three-way view (said so on screen). All three run on the population of the chosen law's year.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import streamlit as st

from models.household import HouseholdSpec
from models.law_change import published_estimates
from models.parameters import load_parameters
from models.scenario import Scenario
from ui import data
from ui.charts_law import component_rows, estimate_rows, headline_rows, three_way_deciles
from ui.households import sweep
from ui.i18n import fmt_eur, fmt_pct, t
from ui.law import fmt_date, last_law
from ui.page import chart


def names(label: str, last: dt.date, law: dt.date, lang: str) -> list[str]:
    """The three columns' names: last year's law, the chosen law (with their dates) and the reform."""
    return [
        t("law3.name.last", lang, date=fmt_date(last, lang)),
        t("law3.name.law", lang, date=fmt_date(law, lang)),
        label,
    ]


def _table(rows: list[dict], key: str) -> None:
    right = {h: st.column_config.TextColumn(alignment="right") for h in list(rows[0])[1:]} if rows else {}
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=key, column_config=right)


def _runs(scenario: Scenario, lang: str) -> tuple[dict, dt.date] | None:
    """The three-way results and last year's date, or None (said on screen) when the model has no law a year back."""
    last = last_law(scenario.law)
    if last is None:
        st.info(t("law3.no_last", lang, date=fmt_date(scenario.law, lang)), icon=":material/info:")
        return None
    with st.spinner(t("law3.computing", lang)):
        return data.three_way_results(scenario, last), last


def section(scenario: Scenario, label: str, lang: str, key: str) -> None:
    """The population's three-way view and the law change beside the published estimates."""
    got = _runs(scenario, lang)
    if got is None:
        return
    tw, last = got
    law = scenario.law
    cols = names(label, last, law, lang)
    st.caption(t("law3.intro", lang, last=fmt_date(last, lang), law=fmt_date(law, lang)))
    _table(headline_rows(tw, cols, lang), f"{key}.headline")
    if scenario.is_baseline:
        st.caption(t("law3.baseline_note", lang))
    chart(three_way_deciles(tw, cols[1:], cols[0], lang), "three_way_deciles", key, lang, scenario=label)
    st.caption(t("law3.deciles_note", lang))
    with st.expander(t("law3.components", lang)):
        _table(component_rows(tw, cols, lang), f"{key}.components")
    estimates(tw["law_change"], last, law, lang, key)


def estimates(change: dict, last: dt.date, law: dt.date, lang: str, key: str) -> None:
    """The change from last year's law to the chosen law: the published estimates beside the model's figures."""
    st.markdown(f"**{t('law3.est.title', lang, last=fmt_date(last, lang), law=fmt_date(law, lang))}**")
    rows = estimate_rows(change, published_estimates(last, law), lang)
    if not rows:
        st.caption(t("law3.est.none", lang))
        return
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        key=f"{key}.estimates",
        column_config={t("law3.est.link", lang): st.column_config.LinkColumn(display_text="↗")},
    )
    st.caption(t("law3.est.caption", lang))


def household_section(
    spec: HouseholdSpec, follow: int, level: float, scenario: Scenario, label: str, lang: str, key: str
) -> None:
    """One household at the chosen earnings under last year's law, the chosen law and the reform; then the
    population's headline table."""
    law = scenario.law
    last = last_law(law)
    if last is None:
        st.info(t("law3.no_last", lang, date=fmt_date(law, lang)), icon=":material/info:")
        return
    at = np.array([level])
    runs = [sweep(spec, load_parameters(last), None, at, follow), sweep(spec, load_parameters(law), None, at, follow)]
    runs.append(runs[1] if scenario.is_baseline else sweep(spec, load_parameters(law), scenario, at, follow))
    cols = names(label, last, law, lang)
    head = [t("law3.col.measure", lang), *cols]
    rows = [
        dict(zip(head, (t("law3.hh.net", lang), *(fmt_eur(float(r.net_income[0]), lang) for r in runs)), strict=True)),
        dict(zip(head, (t("law3.hh.emtr", lang), *(fmt_pct(float(r.emtr[0]), lang, 0) for r in runs)), strict=True)),
    ]
    st.caption(t("law3.hh.intro", lang, earnings=fmt_eur(level, lang), n=follow + 1))
    _table(rows, f"{key}.household")
    got = _runs(scenario, lang)
    if got is not None:
        st.caption(t("law3.hh.population", lang))
        _table(headline_rows(got[0], cols, lang), f"{key}.headline")
