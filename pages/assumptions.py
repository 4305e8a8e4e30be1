"""Assumptions and validation: every parameter with value, unit and source; calibration; validation, opening with
a plain summary of where the model is good and where it is not (computed from the table); limits. Every number is
written for the locale with its unit (ui/trust.py)."""

import pandas as pd
import streamlit as st

from ui.router import require_router

require_router()

from models.parameters import parameter_table
from ui import data
from ui.benefit_validation import benefit_validation, validation_frame
from ui.i18n import fmt_number, t
from ui.law_view import law_header
from ui.state import current_lang, current_law
from ui.trust import measures, official_value, parameter_value, signed_pct, unit_name, validation_summary

lang = current_lang()

st.title(t("nav.assumptions", lang))
law_header(lang)

st.subheader(t("assumptions.parameters", lang))
rows = parameter_table(current_law(), lang=lang)
params = pd.DataFrame(
    {
        t("col.label", lang): [r["label"] for r in rows],
        t("col.value", lang): [parameter_value(r["value"], r["unit"], lang) for r in rows],
        t("col.unit", lang): [unit_name(r["unit"], lang) for r in rows],
        t("col.applies_from", lang): [r["applies_from"] for r in rows],
        t("col.status", lang): [t("assumptions.unconfirmed", lang) if r["unconfirmed"] else "" for r in rows],
        t("col.source", lang): [
            "; ".join(s.get("href") or s.get("statute") or s.get("reason", "") for s in r["sources"]) for r in rows
        ],
        t("col.key", lang): [r["key"] for r in rows],
    }
)
st.dataframe(params, hide_index=True, width="stretch")

st.subheader(t("assumptions.calibration", lang))
report = data.population().calibration_report
st.dataframe(
    pd.DataFrame(
        {
            t("col.label", lang): [(r.get("labels") or {}).get(lang, r["label"]) for r in report],
            t("col.target", lang): [official_value(r["target"], r["unit"], lang) for r in report],
            t("col.achieved", lang): [official_value(r["achieved"], r["unit"], lang) for r in report],
            t("col.unit", lang): [unit_name(r["unit"], lang) for r in report],
            t("col.deviation", lang): [signed_pct(r["deviation_pct"], lang, 1) for r in report],
            t("col.year", lang): [str(r.get("year", "")) for r in report],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("assumptions.validation", lang))
val = data.validation(lang=lang)
validation_summary(val, lang)
measure = measures()
st.dataframe(validation_frame(val, lang, measure, source=True), hide_index=True, width="stretch")
st.caption(t("assumptions.counts_note", lang, n=fmt_number(data.population_size(), lang)))
benefit_validation(val, lang, measure)

st.subheader(t("assumptions.limits", lang))
st.write(t("assumptions.limits_text", lang))
