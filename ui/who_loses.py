"""Who loses and why: the losers in words, the largest losing groups with a typical household of each and what it
loses in euros, the losers within each decile, and poverty against today's line held fixed beside the relative line
(with the poverty gap), including the plain reason when relative poverty rises while nobody loses.

The figures come from the engine (``models.groups.losing_groups``, ``models.compare``: ``who_loses``,
``anchored_poverty_rate``, ``poverty_gap``, the deciles' ``losers_mean_change_eur``; docs/METRICS.md). The sentences
are pure functions of a results dict (tested); :func:`panel` and :func:`poverty_metrics` draw them. Texts:
``ui/locales/who_loses.yaml``.
"""

from __future__ import annotations

import streamlit as st

from models.parameters import load_parameters
from ui import readings
from ui.deltas import delta_kwargs
from ui.i18n import fmt_eur, fmt_number, fmt_pct, fmt_points, t
from ui.page import md
from ui.state import current_law

#: How many of the largest losing groups the panel lists.
SHOWN_GROUPS = 3


# --- words ---------------------------------------------------------------------------------------------------------
def group_label(group: dict, lang: str) -> str:
    """ "Pensioner households – first adult retired"."""
    return t(
        "who_loses.group_label",
        lang,
        type=readings.household_type_label(group["household_type"], lang),
        activity=t(f"who_loses.activity.{group['activity']}", lang),
    )


def person_text(adult: dict, lang: str) -> str:
    """ "aged 35, employed, earning €5,309 a month"."""
    status = t(f"households.status.{adult['status']}", lang)
    if adult["earnings_eur"] >= 0.5:
        return t(
            "who_loses.adult.earning",
            lang,
            age=adult["age"],
            status=status,
            earnings=fmt_eur(adult["earnings_eur"], lang),
        )
    return t("who_loses.adult", lang, age=adult["age"], status=status)


def household_text(profile: dict, lang: str) -> str:
    """A typical losing household in one sentence: who lives in it, how they live, what they had and have, and
    what changed most."""
    people = "; ".join(person_text(a, lang) for a in profile["adults"])
    if profile["children"]:
        people += t("who_loses.children", lang, n=profile["children"])
    changes = ", ".join(
        readings.lower_first(readings.component_label(c["component"], lang))
        + " "
        + readings.signed_eur(c["change_eur"], lang)
        for c in profile["components"]
    )
    return t(
        "who_loses.typical",
        lang,
        type=t(f"households.htype.{profile['household_type']}", lang),
        people=people,
        tenure=readings.lower_first(t(f"households.form.tenure.{profile['tenure']}", lang)),
        housing=fmt_eur(profile["housing_cost_eur"], lang),
        before=fmt_eur(profile["net_income_baseline_eur"], lang),
        after=fmt_eur(profile["net_income_reform_eur"], lang),
        change=readings.signed_eur(profile["change_eur"], lang),
        changes=changes or t("who_loses.no_changes", lang),
    )


def group_sentence(group: dict, lang: str) -> str:
    """ "Pensioner households – first adult retired: 1,186,700 people lose (90% of the group), typically €591 a
    month."""
    return t(
        "who_loses.group",
        lang,
        group=group_label(group, lang),
        losers=fmt_number(round(group["losers"], -2), lang),
        share=fmt_pct(group["losers_share"], lang, 0),
        loss=fmt_eur(abs(group["median_loss_eur"]), lang),
    )


def summary(r: dict, lang: str) -> str:
    """How many lose, and how many of the poorest tenth (with their mean loss)."""
    m = load_parameters(current_law()).modelling
    threshold = {"eur": fmt_eur(m.win_threshold_eur, lang), "pct": fmt_pct(m.win_threshold_share, lang, 0)}
    if r["losers_share"] < readings.ZERO_SHARE:
        return t("who_loses.nobody", lang, **threshold)
    first = t(
        "who_loses.summary",
        lang,
        share=fmt_pct(r["losers_share"], lang),
        persons=fmt_number(round(r["who_loses"]["persons"], -3), lang),
        **threshold,
    )
    poorest = r["deciles"][0]
    if poorest["losers_share"] < readings.ZERO_SHARE:
        return first + " " + t("who_loses.poorest.none", lang)
    return (
        first
        + " "
        + t(
            "who_loses.poorest",
            lang,
            share=fmt_pct(poorest["losers_share"], lang),
            loss=fmt_eur(abs(poorest["losers_mean_change_eur"]), lang),
        )
    )


def poverty_reason(r: dict, lang: str) -> str | None:
    """The plain reason when the relative poverty rate rises while poverty against today's fixed line does not:
    the reform raises the median, and the line with it (None otherwise)."""
    rel, anchored, line = r["poverty_rate"], r.get("anchored_poverty_rate"), r.get("poverty_line")
    if anchored is None or line is None:
        return None
    if (
        rel["reform"] - rel["baseline"] < readings.SAME_RATE
        or anchored["reform"] - anchored["baseline"] >= readings.SAME_RATE
    ):
        return None
    return t(
        "who_loses.poverty_reason.nobody_loses"
        if r["losers_share"] < readings.ZERO_SHARE
        else "who_loses.poverty_reason",
        lang,
        share=fmt_pct(load_parameters(current_law()).modelling.poverty_line_share, lang, 0),
        line_a=fmt_eur(line["baseline"], lang),
        line_b=fmt_eur(line["reform"], lang),
        anchored_a=fmt_pct(anchored["baseline"], lang),
        anchored_b=fmt_pct(anchored["reform"], lang),
    )


def poverty_lines(r: dict, lang: str) -> str:
    """Poverty against the two lines and the gap, in one sentence."""
    rel, anchored, gap = r["poverty_rate"], r["anchored_poverty_rate"], r["poverty_gap"]
    return t(
        "who_loses.poverty_lines",
        lang,
        rel_a=fmt_pct(rel["baseline"], lang),
        rel_b=fmt_pct(rel["reform"], lang),
        anchored_a=fmt_pct(anchored["baseline"], lang),
        anchored_b=fmt_pct(anchored["reform"], lang),
        line=fmt_eur(r["anchored_poverty_line"], lang),
        gap_a=fmt_pct(gap["baseline"], lang),
        gap_b=fmt_pct(gap["reform"], lang),
    )


def decile_rows(r: dict, lang: str) -> list[dict[str, str]]:
    """Losers within each decile: the share of its people and the mean change of its losing households."""
    return [
        {
            t("who_loses.col.decile", lang): t("who_loses.decile", lang, n=d["decile"]),
            t("who_loses.col.losers", lang): fmt_pct(d["losers_share"], lang),
            t("who_loses.col.loss", lang): "–"
            if d["losers_share"] < readings.ZERO_SHARE
            else readings.signed_eur(d["losers_mean_change_eur"], lang),
        }
        for d in r["deciles"]
    ]


# --- drawing -------------------------------------------------------------------------------------------------------
def panel(r: dict, lang: str) -> None:
    """The "who loses" panel of the results page."""
    st.markdown(f"**{md(summary(r, lang))}**")
    groups = r["who_loses"]["groups"][:SHOWN_GROUPS]
    if groups:
        st.subheader(t("who_loses.groups_title", lang))
        for i, g in enumerate(groups):
            with st.container(border=True, key=f"results.losers.group{i}"):
                st.markdown(md(group_sentence(g, lang)))
                st.caption(md(household_text(g["typical"], lang)))
        st.caption(
            t("who_loses.groups_note", lang, n=load_parameters(current_law()).modelling.loser_group_min_households)
        )
    elif r["who_loses"]["typical"] is not None:
        st.caption(md(household_text(r["who_loses"]["typical"], lang)))
    st.subheader(t("who_loses.deciles_title", lang))
    with st.container(key="results.losers.deciles"):  # a dataframe's own key is not in the page (tests find it)
        st.dataframe(decile_rows(r, lang), hide_index=True)
    reason = poverty_reason(r, lang)
    if reason:
        st.info(reason, icon=":material/info:")


def poverty_metrics(r: dict, lang: str) -> None:
    """The relative poverty rate, the rate against today's fixed line and the poverty gap, each with its change."""
    cols = st.columns(3)
    for col, key in zip(cols, ("poverty_rate", "anchored_poverty_rate", "poverty_gap"), strict=True):
        v = r[key]
        col.metric(
            t(f"who_loses.metric.{key}", lang),
            fmt_pct(v["reform"], lang),
            help=t(f"who_loses.help.{key}", lang, line=fmt_eur(r["anchored_poverty_line"], lang)),
            **delta_kwargs(fmt_points(v["reform"] - v["baseline"], lang, 1)),
        )
    st.markdown(md(poverty_lines(r, lang)))
    reason = poverty_reason(r, lang)
    if reason:
        st.info(reason, icon=":material/info:")
