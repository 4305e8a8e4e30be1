"""Results: the active scenario against today's law, from one engine run (ui.data.results).

The headline: net cost, winners, losers and poverty, then who pays (the financing rate in use, the cost before
financing, what an earner pays more). Sections (tabs): cost and financing · who gains (deciles, winners and losers) ·
who loses (the largest losing groups with a typical household, losers within each decile) · groups and household
types · poverty and inequality (against the relative and today's fixed line, the poverty gap) · income traps ·
bureaucracy · last year's law, the chosen law and the reform (ui.three_way, with the law change beside the
published estimates); only the open tab is built and drawn, and the marginal and
participation tax rates are computed when their tab is first opened. Each chart has a one-sentence plain-language
reading from ui.readings, each table a CSV download. The label "static estimate" is shown unless behaviour is on,
then "behavioural estimate (ε_ext, ε_int)". At the foot, the command and the snippet that reproduce the numbers.
"""

from functools import partial

import streamlit as st

from ui.router import require_router

require_router()

from ui import charts, data, page, readings, three_way, who_loses, who_pays
from ui.bands import bands_section
from ui.deltas import delta_kwargs
from ui.export import report_section
from ui.i18n import fmt_eur, fmt_meur, fmt_number, fmt_pct, fmt_points, t
from ui.law_view import law_header
from ui.page import reading
from ui.reproduce import reproduce_box
from ui.state import current_lang, current_preset, current_scenario, law_presets, show_error
from ui.trust import gap_notes

lang = current_lang()


def table(df, name: str, title_key: str) -> None:
    """A table in an expander, with its CSV download."""
    with st.expander(t(title_key, lang)):
        st.dataframe(df, hide_index=True)
        st.download_button(
            t("results.download_csv", lang),
            charts.csv_bytes(df, lang),
            file_name=f"arvovalinnat-{name}.csv",
            mime="text/csv",
            key=f"results.csv.{name}",
            on_click="ignore",
            icon=":material/download:",
        )


def pp(diff: float) -> str:
    return fmt_points(diff, lang)


def measure_toggle(key: str) -> str:
    """EUR or per cent; the choice is kept apart (``<key>._kept``) since a tab that is not open is not drawn and
    its widget would forget it."""
    measure = (
        st.segmented_control(
            t("results.measure_toggle", lang),
            ["eur", "pct"],
            default=st.session_state.get(f"{key}._kept", "eur"),
            required=True,
            key=key,
            format_func=lambda m: t(f"results.measure_option.{m}", lang),
        )
        or "eur"
    )
    st.session_state[f"{key}._kept"] = measure
    return measure


# --- the scenario and its run ---------------------------------------------------------------------------------
scenario = current_scenario()
presets = law_presets()
label = readings.scenario_label(scenario, presets.get(current_preset() or ""), lang)

chart = partial(page.chart, page="results", lang=lang, scenario=label)

st.title(t("results.title", lang))
st.caption(t("results.subtitle", lang, scenario=label))
law_header(lang)
show_error(lang)

financing = scenario.financing
with st.spinner(t("results.computing", lang)):
    # solved: (rate, converged) when the scenario asks for a budget-neutral rate
    run_scenario, solved = data.scenario_to_run(scenario)
    r = data.results(run_scenario, traps=False)  # the marginal rates only when their tab is opened (below)

if readings.is_static(r):
    st.info(readings.static_label(r, lang), icon=":material/info:")
else:
    st.warning(readings.static_label(r, lang), icon=":material/directions_run:")
if scenario.is_baseline:
    st.info(t("results.is_baseline", lang), icon=":material/balance:")

# Headline: the four numbers a room asks first.
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("results.metric.net_cost", lang), fmt_meur(r["net_cost_eur"], lang), help=t("results.help.net_cost", lang))
c2.metric(t("results.metric.winners", lang), fmt_pct(r["winners_share"], lang), help=t("results.help.winners", lang))
c3.metric(t("results.metric.losers", lang), fmt_pct(r["losers_share"], lang), help=t("results.help.winners", lang))
pov = r["poverty_rate"]
c4.metric(
    t("results.metric.poverty_rate", lang),
    fmt_pct(pov["reform"], lang),
    help=t("results.help.poverty", lang),
    **delta_kwargs(pp(pov["reform"] - pov["baseline"])),
)
gap_notes([r], lang, shown=("poverty_rate",))  # a note where a headline leans on a known gap of the model
poverty_reason = who_loses.poverty_reason(r, lang)
if poverty_reason:
    st.caption(poverty_reason)
who_pays.block(who_pays.figures(scenario, r, solved), lang, key="results.who_pays")

bands_section(scenario, lang)  # how far these numbers move with the sample and the uncertain assumptions

TABS = ("cost", "distribution", "losers", "groups", "poverty", "traps", "bureaucracy", "three_way")


# --- cost and financing -------------------------------------------------------------------------------------------
def cost_tab() -> None:
    reading(t("pays.reading.baseline", lang) if scenario.is_baseline else readings.net_cost(r, lang))
    m = st.columns(4)
    m[0].metric(
        t("results.cost_row.gross_cost_eur", lang),
        fmt_meur(r["gross_cost_eur"], lang),
        help=t("results.help.gross_cost", lang),
    )
    m[1].metric(
        t("results.cost_row.tax_revenue_change_eur", lang), readings.signed_meur(r["tax_revenue_change_eur"], lang)
    )
    m[2].metric(t("results.cost_row.admin_cost_eur", lang), fmt_meur(r["admin_cost_eur"], lang))
    cpp = r["cost_per_person_covered_eur"]
    m[3].metric(
        t("results.cost_row.cost_per_person_covered_eur", lang),
        "–" if cpp is None else t("results.unit.eur_per_year_value", lang, value=fmt_eur(cpp, lang)),
        help=t("results.help.cost_per_person", lang),
    )

    if not scenario.is_baseline:
        st.subheader(t("results.financing.title", lang))
        if solved is not None:
            rate, converged = solved
            st.metric(
                t(
                    "results.financing.budget_neutral_rate_of",
                    lang,
                    method=t(f"results.financing.{financing.method}", lang),
                ),
                readings.financing_value(financing.method, rate, lang),
            )
            st.caption(
                t(
                    "results.financing.solved_note",
                    lang,
                    stored=readings.financing_text(financing.method, financing.rate, lang),
                )
            )
            if not converged:
                st.warning(t("results.financing.not_converged", lang))
        else:
            st.write(readings.financing_text(financing.method, financing.rate, lang))
            method = financing.method if financing.method != "none" else "flat_tax"
            if st.toggle(
                t("results.financing.solve_toggle", lang, method=t(f"results.financing.{method}", lang)),
                key="results.solve",
            ):
                with st.spinner(t("results.solving", lang)):
                    rate, converged, _ = data.solve(scenario, method)
                st.metric(
                    t("results.financing.budget_neutral_rate_of", lang, method=t(f"results.financing.{method}", lang)),
                    readings.financing_value(method, rate, lang),
                )
                if not converged:
                    st.warning(t("results.financing.not_converged", lang))

    chart(charts.cost_waterfall(r, lang), "cost")
    reading(readings.components(r, lang, keys=charts.BENEFITS))
    chart(charts.component_bars(r, lang), "components")
    table(charts.cost_table(r, lang), "cost", "results.table.cost")
    table(charts.totals_table(r, lang), "components", "results.table.components")


# --- who gains: deciles, winners and losers -----------------------------------------------------------------------
def distribution_tab() -> None:
    measure = measure_toggle("results.measure")
    reading(readings.deciles(r, lang))
    chart(charts.decile_bars(r, lang, measure), "deciles")
    st.caption(t("results.note.deciles", lang))
    reading(readings.winners(r, lang))
    chart(charts.winners_bar(r, lang), "winners")
    reading(readings.winners_by_decile(r, lang))
    chart(charts.winners_by_decile(r, lang), "winners_deciles")
    st.caption(t("results.help.winners", lang))
    table(charts.decile_table(r, lang), "deciles", "results.table.deciles")


# --- who loses: the largest losing groups, losers within each decile -----------------------------------------------
def losers_tab() -> None:
    who_loses.panel(r, lang)


# --- groups and household types -----------------------------------------------------------------------------------
def groups_tab() -> None:
    measure_g = measure_toggle("results.measure_groups")
    reading(readings.groups(r, lang, "groups", measure_g))
    chart(charts.group_bars(r, lang, "groups", measure_g), "groups")
    reading(readings.groups(r, lang, "household_types", measure_g))
    chart(charts.group_bars(r, lang, "household_types", measure_g), "household_types")
    st.caption(t("results.note.groups", lang))
    table(charts.groups_table(r, lang, "groups"), "groups", "results.table.groups")
    table(charts.groups_table(r, lang, "household_types"), "household-types", "results.table.household_types")


# --- poverty and inequality ---------------------------------------------------------------------------------------
def poverty_tab() -> None:
    reading(readings.poverty(r, lang))
    gap_notes(
        [], lang, shown=("poverty_rate", "child_poverty_rate", "gini", "median_equivalised_income"), view="poverty"
    )
    who_loses.poverty_metrics(r, lang)
    chart(charts.poverty_bars(r, lang), "poverty")
    reading(readings.inequality(r, lang))
    chart(charts.inequality_bars(r, lang), "inequality")
    med = r["median_equivalised_income"]
    st.metric(
        t("results.measure.median_equivalised_income", lang),
        t("results.unit.eur_per_year_value", lang, value=fmt_eur(med["reform"], lang)),
        **delta_kwargs(readings.signed_eur(med["reform"] - med["baseline"], lang), worse="down"),
    )
    st.caption(t("results.note.poverty", lang))
    table(charts.distribution_table(r, lang), "poverty-inequality", "results.table.poverty")


# --- income traps ---------------------------------------------------------------------------------------------------
def traps_tab() -> None:
    with st.spinner(t("results.computing", lang)):
        rt = data.results(run_scenario)  # with the marginal and participation tax rates
    for which in ("emtr", "ptr"):
        s = rt.get(which)
        st.subheader(t(f"results.measure.{which}", lang))
        if s and s["baseline"]["median"] is not None and s["reform"]["median"] is not None:
            a, b = st.columns(2)
            a.metric(
                t("results.stat.median", lang),
                fmt_pct(s["reform"]["median"], lang, 0),
                **delta_kwargs(pp(s["reform"]["median"] - s["baseline"]["median"])),
            )
            b.metric(
                t("results.stat.share_over_80", lang),
                fmt_pct(s["reform"]["share_over_80"], lang),
                **delta_kwargs(pp(s["reform"]["share_over_80"] - s["baseline"]["share_over_80"])),
            )
        reading(readings.trap_rate(rt, lang, which))
        chart(charts.rate_histogram(rt, lang, which), which)
        st.caption(t(f"results.note.{which}", lang))
    table(charts.traps_table(rt, lang), "income-traps", "results.table.traps")


# --- bureaucracy ----------------------------------------------------------------------------------------------------
def bureaucracy_tab() -> None:
    b = r["bureaucracy"]
    reading(readings.bureaucracy(r, lang))
    a, c = st.columns(2)
    for col, k, worse in ((a, "benefits_per_household", None), (c, "means_tests_per_household", "up")):
        col.metric(
            t(f"results.stat.{k}", lang),
            fmt_number(b[k]["reform"], lang, 2),
            **delta_kwargs(readings.signed_number(b[k]["reform"] - b[k]["baseline"], lang, 2), worse=worse),
        )
    reading(readings.benefit_counts(r, lang))
    chart(charts.benefit_count_bars(r, lang), "benefit_counts")
    st.caption(t("results.note.bureaucracy", lang))
    table(charts.bureaucracy_table(r, lang), "bureaucracy", "results.table.bureaucracy")


# --- last year's law, the chosen law, the reform ----------------------------------------------------------------
def three_way_tab() -> None:
    three_way.section(run_scenario, label, lang, "results.three_way")


# Only the open tab is built and drawn: the others are a click away (a rerun from the cached results). Drawing all
# twelve charts at once took 1.4 s of a desktop browser's CPU (more on a phone) and the marginal rates an extra
# engine run on the server for every visit (bench/load.py).
for tab, show in zip(
    st.tabs([t(f"results.tab.{k}", lang) for k in TABS], key="results.tab", on_change="rerun"),
    (cost_tab, distribution_tab, losers_tab, groups_tab, poverty_tab, traps_tab, bureaucracy_tab, three_way_tab),
    strict=True,
):
    with tab:
        if tab.open:
            show()

# The command and the snippet that give these numbers again; the one-file HTML report of the scenario (built only when
# its button is pressed).
reproduce_box(scenario, r, lang, key="results.reproduce")
with st.container(key="results_exports"):
    st.divider()
    report_section(scenario, lang, key="results.report")
