"""Pure builders of the three-way view (last year's law, the chosen law, the reform): its tables as rows of text
in the locale, and its decile chart. Input: :func:`models.law_change.three_way`'s output.

- ``law_change`` is the chosen law against last year's law; ``reform`` the reform against the chosen law;
  ``reform_against_last_law`` the reform against last year's law. The columns are read from them: last year's
  law is the ``baseline`` of ``reform_against_last_law``, the chosen law the ``reform`` of ``law_change``, the
  reform the ``reform`` of ``reform_against_last_law``.
- The figure's ``layout.meta`` is ``{"chart": "three_way_deciles"}`` (as every chart of ui/charts.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from models.law_change import model_value
from ui import theme
from ui.charts import DECILES, padded_range, title_block, wrap
from ui.i18n import fmt_eur, fmt_meur, fmt_number, fmt_pct, t

#: The distribution measures of the headline table, with how each is shown.
MEASURES: tuple[tuple[str, str], ...] = (
    ("poverty_rate", "pct"),
    ("child_poverty_rate", "pct"),
    ("deep_poverty_rate", "pct"),
    ("gini", "gini"),
    ("median_equivalised_income", "eur"),
)
#: The spending components of the component table (benefits; taxes are in the net cost).
COMPONENTS: tuple[str, ...] = (
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "earnings_related_unemployment_allowance",
    "housing_allowance",
    "social_assistance",
    "student_aid",
    "child_benefit",
    "income_tax",
)


def _value(kind: str, lang: str) -> Callable[[float], str]:
    return {
        "pct": lambda v: fmt_pct(v, lang),
        "gini": lambda v: fmt_number(100 * v, lang, 1),
        "eur": lambda v: fmt_eur(v, lang),
        "meur": lambda v: fmt_meur(v, lang),
    }[kind]


def columns(names: Sequence[str], lang: str) -> list[str]:
    """The table's headings: the measure, then last year's law, the chosen law and the reform (``names``)."""
    return [t("law3.col.measure", lang), *names]


def headline_rows(tw: Mapping[str, Any], names: Sequence[str], lang: str) -> list[dict[str, str]]:
    """Net cost against last year's law, poverty, inequality and median income under the three."""
    change, against_last = tw["law_change"], tw["reform_against_last_law"]
    head = columns(names, lang)
    meur = _value("meur", lang)
    rows = [
        dict(
            zip(
                head,
                (
                    t("law3.row.net_cost", lang),
                    meur(0.0),
                    meur(change["net_cost_eur"]),
                    meur(against_last["net_cost_eur"]),
                ),
                strict=True,
            )
        )
    ]
    for key, kind in MEASURES:
        show = _value(kind, lang)
        values = (against_last[key]["baseline"], change[key]["reform"], against_last[key]["reform"])
        rows.append(dict(zip(head, (t(f"law3.row.{key}", lang), *map(show, values)), strict=True)))
    return rows


def component_rows(tw: Mapping[str, Any], names: Sequence[str], lang: str) -> list[dict[str, str]]:
    """Annual spending (and income tax) by component under the three; a component zero under all three is left out."""
    change, against_last = tw["law_change"], tw["reform_against_last_law"]
    head = columns(names, lang)
    meur = _value("meur", lang)
    rows = []
    for key in COMPONENTS:
        if key not in against_last["totals_eur"]:
            continue
        values = (
            against_last["totals_eur"][key]["baseline"],
            change["totals_eur"][key]["reform"],
            against_last["totals_eur"][key]["reform"],
        )
        if all(abs(v) < 0.5e6 for v in values):
            continue
        rows.append(dict(zip(head, (t(f"component.{key}", lang), *map(meur, values)), strict=True)))
    return rows


def estimate_rows(change: Mapping[str, Any], estimates: Sequence[Mapping[str, Any]], lang: str) -> list[dict]:
    """Each published estimate of the law change beside the model's figure for it, with its source."""
    rows = []
    for e in estimates:
        model = model_value(dict(change), e.get("model_key"))
        published = e.get("value")
        money = e.get("unit") == "EUR/year"
        rows.append(
            {
                t("law3.est.change", lang): e["label"][lang],
                t("law3.est.published", lang): t("law3.est.qualitative", lang)
                if published is None
                else (fmt_meur(published, lang) if money else fmt_number(published, lang)),
                t("law3.est.model", lang): "–" if model is None else (fmt_meur(model, lang) if money else str(model)),
                t("law3.est.source", lang): e["source"]["title"],
                t("law3.est.link", lang): e["source"].get("href", ""),
            }
        )
    return rows


def three_way_deciles(tw: Mapping[str, Any], names: Sequence[str], last_text: str, lang: str) -> go.Figure:
    """Mean change of household net income (EUR a month, as the results' decile chart) by decile against last
    year's law: the chosen law and the reform, side by side (``names``: the chosen law's and the reform's names;
    ``last_text``: last year's law)."""
    series = (
        (names[0], tw["law_change"]["deciles"], theme.NEUTRAL, "/"),
        (names[1], tw["reform_against_last_law"]["deciles"], theme.GAIN, ""),
    )
    text, top = title_block(t("law3.chart.deciles", lang, law=last_text))
    layout = theme.base_layout(text, 460 + top)
    layout |= {
        "meta": {"chart": "three_way_deciles"},
        "separators": theme.separators(lang),
        "barmode": "group",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        "margin": {"l": 70, "r": 20, "t": top + 60, "b": 60},
    }
    fig = go.Figure(layout=layout)
    every = []
    for name, deciles, colour, pattern in series:
        values = [d["mean_change_eur"] for d in deciles]
        every += values
        fig.add_trace(
            go.Bar(
                x=DECILES,
                y=values,
                name=name,
                marker={"color": colour, "pattern": {"shape": pattern}},
                customdata=[fmt_eur(v, lang) for v in values],
                hovertemplate="%{x}: %{customdata}<extra>" + name.replace("<", "&lt;") + "</extra>",
            )
        )
    fig.update_xaxes(title=t("results.axis.decile", lang), type="category")
    fig.update_yaxes(title=wrap(t("results.axis.change_eur", lang), 30), range=padded_range(every), zeroline=True)
    return fig
