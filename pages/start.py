"""Start: what the tool does, the three stages, and today's system in headline figures."""

import streamlit as st

from ui import data
from ui.i18n import fmt_eur, fmt_meur, fmt_number, fmt_pct, t

lang = st.session_state.get("lang", "fi")

st.title(t("app.title", lang))
st.caption(t("app.tagline", lang))
st.write(t("start.intro", lang))
st.info(t("start.stages", lang))

st.subheader(t("start.headline", lang))
summary = data.baseline()
totals = summary["totals_eur"]
benefits = sum(v for k, v in totals.items() if k not in ("earnings", "income_tax", "social_contributions", "daycare_fees"))
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("metric.benefits_total", lang), fmt_meur(benefits, lang), help=t("metric.per_year", lang))
c2.metric(t("metric.income_tax", lang), fmt_meur(totals["income_tax"], lang), help=t("metric.per_year", lang))
c3.metric(t("metric.poverty_rate", lang), fmt_pct(summary["poverty_rate"], lang))
c4.metric(t("metric.gini", lang), fmt_number(100 * summary["gini"], lang, 1))
st.metric(t("metric.median_income", lang), fmt_eur(summary["median_equivalised_income"], lang), help=t("metric.per_year", lang))
st.caption(
    t(
        "start.population_note",
        lang,
        households=fmt_number(summary["population"]["households"], lang),
        persons=fmt_number(summary["population"]["persons"], lang),
    )
)
st.caption(t("start.placeholder", lang))
