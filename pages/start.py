"""Start: what the tool does, the three stages with a button to the first (on a phone the menu hides behind », so
the next step is on the page), a scenario picker, and headline figures of the active scenario against today's law."""

import streamlit as st

from ui.router import require_router

require_router()

from ui import data
from ui.deltas import delta_kwargs
from ui.i18n import fmt_eur, fmt_meur, fmt_number, fmt_pct, fmt_points, t
from ui.law import preset_law_note
from ui.law_view import law_header
from ui.state import current_lang, current_preset, current_scenario, law_presets, set_scenario, show_error

lang = current_lang()

st.title(t("app.title", lang))
law_header(lang)
st.caption(t("app.tagline", lang))
show_error(lang)
st.write(t("start.intro", lang))
st.info(t("start.stages", lang))
next_step, shortcut = st.columns(2, vertical_alignment="center")
if next_step.button(
    t("start.next", lang),
    key="start.next",
    type="primary",
    icon=":material/arrow_forward:",
    width="stretch",
    help=t("start.next.help", lang),
):
    st.switch_page("pages/bureaucracy_traps.py")
shortcut.page_link("pages/workbench.py", label=t("start.to_workbench", lang), icon=":material/tune:")

# Scenario picker: the presets, or the user's own scenario (from the workbench, a link or a file).
presets = law_presets()
own = "__own__"
options = list(presets) + ([own] if current_preset() is None else [])
choice = st.selectbox(
    t("start.pick_scenario", lang),
    options,
    index=options.index(current_preset()) if current_preset() in options else len(options) - 1,
    format_func=lambda n: t("start.own_scenario", lang) if n == own else presets[n].title.model_dump()[lang],
    key="start.preset",
)
if choice != own and choice != current_preset():
    set_scenario(presets[choice].scenario, preset=choice)
scenario = current_scenario()
if current_preset() in presets:
    st.write(presets[current_preset()].explanation.model_dump()[lang])
    st.caption(preset_law_note(presets[current_preset()], lang))

summary = data.baseline_summary_figures(scenario.law)
if scenario.is_baseline:
    st.subheader(t("start.headline", lang))
    totals = summary["totals_eur"]
    benefits = sum(
        v for k, v in totals.items() if k not in ("earnings", "income_tax", "social_contributions", "daycare_fees")
    )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("metric.benefits_total", lang), fmt_meur(benefits, lang), help=t("metric.per_year", lang))
    c2.metric(t("metric.income_tax", lang), fmt_meur(totals["income_tax"], lang), help=t("metric.per_year", lang))
    c3.metric(t("metric.poverty_rate", lang), fmt_pct(summary["poverty_rate"], lang))
    c4.metric(t("metric.gini", lang), fmt_number(100 * summary["gini"], lang, 1))
else:
    st.subheader(t("start.headline_scenario", lang))
    r = data.results(scenario, traps=False)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("metric.net_cost", lang), fmt_meur(r["net_cost_eur"], lang), help=t("metric.net_cost_help", lang))
    c2.metric(
        t("metric.poverty_rate", lang),
        fmt_pct(r["poverty_rate"]["reform"], lang),
        **delta_kwargs(fmt_points(r["poverty_rate"]["reform"] - r["poverty_rate"]["baseline"], lang)),
    )
    c3.metric(t("metric.winners", lang), fmt_pct(r["winners_share"], lang))
    c4.metric(t("metric.losers", lang), fmt_pct(r["losers_share"], lang))
median = summary["median_equivalised_income"] if scenario.is_baseline else r["median_equivalised_income"]["reform"]
st.metric(t("metric.median_income", lang), fmt_eur(median, lang), help=t("metric.per_year", lang))
st.caption(
    t(
        "start.population_note",
        lang,
        households=fmt_number(summary["population"]["households"], lang),
        persons=fmt_number(summary["population"]["persons"], lang),
    )
)
