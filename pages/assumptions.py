"""Assumptions and validation: every parameter with value, unit and source; calibration; validation; limits."""

import pandas as pd
import streamlit as st

from ui.router import require_router

require_router()

from models.parameters import parameter_table
from ui import data
from ui.i18n import t
from ui.state import current_lang

lang = current_lang()

st.title(t("nav.assumptions", lang))

st.subheader(t("assumptions.parameters", lang))
rows = parameter_table(lang=lang)
params = pd.DataFrame(
    {
        t("col.key", lang): [r["key"] for r in rows],
        t("col.label", lang): [r["label"] for r in rows],
        t("col.value", lang): [str(r["value"]) for r in rows],
        t("col.unit", lang): [r["unit"] for r in rows],
        t("col.applies_from", lang): [r["applies_from"] for r in rows],
        t("col.status", lang): [t("assumptions.unconfirmed", lang) if r["unconfirmed"] else "" for r in rows],
        t("col.source", lang): [
            "; ".join(s.get("href") or s.get("statute") or s.get("reason", "") for s in r["sources"]) for r in rows
        ],
    }
)
st.dataframe(params, hide_index=True, width="stretch")

st.subheader(t("assumptions.calibration", lang))
report = data.population().calibration_report
st.dataframe(
    pd.DataFrame(
        {
            t("col.label", lang): [r["label"] for r in report],
            t("col.target", lang): [r["target"] for r in report],
            t("col.achieved", lang): [r["achieved"] for r in report],
            t("col.deviation", lang): [round(r["deviation_pct"], 2) for r in report],
            t("col.year", lang): [r.get("year", "") for r in report],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("assumptions.validation", lang))
val = data.validation(lang=lang)
st.dataframe(
    pd.DataFrame(
        {
            t("col.label", lang): [r["label"] for r in val],
            t("col.simulated", lang): [r["simulated"] for r in val],
            t("col.official", lang): [r["official"] for r in val],
            t("col.deviation", lang): [
                None if r["deviation_pct"] is None else round(r["deviation_pct"], 1) for r in val
            ],
            t("col.year", lang): [r["year"] for r in val],
            t("col.source", lang): [r["source"].get("href", r["source"].get("title")) for r in val],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("assumptions.limits", lang))
st.write(t("assumptions.limits_text", lang))
