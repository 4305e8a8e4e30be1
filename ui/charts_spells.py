"""Charts of the bureaucracy-traps page: plotly figures only, no streamlit.

Today's rules are BASELINE (blue, solid), the chosen alternative REFORM (orange, hatched bars / diamonds). A
month below the social assistance norm carries a ▼ mark above its bar, so the meaning never rests on colour.
"""

from __future__ import annotations

import plotly.graph_objects as go

from models.spells import SpellsPath
from ui import theme
from ui.charts_households import PART_COLOURS, PATTERNS, SEPARATORS, part_label
from ui.i18n import fmt_eur, t

#: The order of the sources in the stacked chart (others follow in the order they appear).
SOURCE_ORDER = (
    "earnings",
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "earnings_related_unemployment_allowance",
    "general_support",
    "basic_income",
    "participation_income",
    "negative_income_tax",
    "housing_allowance",
    "social_assistance",
    "child_benefit",
)


def _layout(fig: go.Figure, lang: str, y_title: str, x_title: str = "", height: int = 440) -> go.Figure:
    fig.update_layout(**theme.base_layout("", height=height))
    fig.update_layout(separators=SEPARATORS.get(lang, ".,"))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, zeroline=True, zerolinecolor=theme.NEUTRAL)
    return fig


def _norm_line(months: list[str], norm, lang: str, unit: str | None = None) -> go.Scatter:
    """Today's social assistance norm as a dashed step line (with a hover text when ``unit`` is given)."""
    name = t("bt.chart.norm", lang)
    hover = {} if unit is None else {"hovertemplate": "%{x}: %{y:,.0f} " + unit + "<extra>" + name + "</extra>"}
    line = {"color": "#000000", "dash": "dash", "shape": "hvh"}
    return go.Scatter(x=months, y=norm.round(2).tolist(), name=name, mode="lines", line=line, **hover)


def months_chart(
    months: list[str], today: SpellsPath, alt: SpellsPath | None, lang: str, today_name: str, alt_name: str
) -> go.Figure:
    """Net money in hand per month (EUR) today and under the alternative, with today's social assistance norm."""
    fig = go.Figure()
    unit = t("bt.unit.eur_month", lang)
    series = [(today, today_name, theme.BASELINE, "")] + (
        [(alt, alt_name, theme.REFORM, "/")] if alt is not None else []
    )
    for path, name, colour, pattern in series:
        below = path.net_in_hand < path.norm - 0.5
        fig.add_trace(
            go.Bar(
                x=months,
                y=path.net_in_hand.round(2).tolist(),
                name=name,
                marker={"color": colour, "pattern": {"shape": pattern}},
                text=["▼" if b else "" for b in below],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x}: %{y:,.0f} " + unit + "<extra>" + name + "</extra>",
            )
        )
    fig.add_trace(_norm_line(months, today.norm, lang, unit))
    fig.add_trace(
        go.Scatter(
            x=months,
            y=today.static_net_income.round(2).tolist(),
            name=t("bt.chart.static", lang),
            mode="lines+markers",
            line={"color": theme.NEUTRAL, "dash": "dot"},
            marker={"symbol": "circle-open"},
            hovertemplate="%{x}: %{y:,.0f} " + unit + "<extra>" + t("bt.chart.static", lang) + "</extra>",
        )
    )
    fig = _layout(fig, lang, t("bt.chart.in_hand_axis", lang))
    fig.update_layout(barmode="group", hovermode="x unified")
    top = max(
        float(today.net_in_hand.max()),
        float(alt.net_in_hand.max()) if alt is not None else 0.0,
        float(today.norm.max()),
    )
    fig.update_yaxes(range=[min(0.0, float(today.net_in_hand.min())), top * 1.15 + 1])
    return fig


def sources_chart(months: list[str], path: SpellsPath, lang: str, name: str) -> go.Figure:
    """The money that came in each month, by source (EUR, after tax withheld), and the norm."""
    fig = go.Figure()
    order = [c for c in SOURCE_ORDER if c in path.received] + [c for c in path.received if c not in SOURCE_ORDER]
    unit = t("bt.unit.eur_month", lang)
    for i, comp in enumerate(order):
        label = part_label(comp, lang)
        fig.add_trace(
            go.Bar(
                x=months,
                y=path.received[comp].round(2).tolist(),
                name=label,
                marker={
                    "color": PART_COLOURS[i % len(PART_COLOURS)],
                    "pattern": {"shape": PATTERNS[(i // len(PART_COLOURS)) % len(PATTERNS)]},
                },
                hovertemplate="%{x}: %{y:,.0f} " + unit + "<extra>" + label + "</extra>",
            )
        )
    fig.add_trace(_norm_line(months, path.norm, lang))
    fig = _layout(fig, lang, t("bt.chart.received_axis", lang, name=name))
    fig.update_layout(barmode="relative", hovermode="x unified")
    return fig


def timeline_chart(
    today: SpellsPath,
    alt: SpellsPath | None,
    lang: str,
    today_name: str,
    alt_name: str,
    work: list[tuple[str, str]] = (),
) -> go.Figure:
    """Every payment on its day: one row per source, today (circles) and the alternative (diamonds); marker area
    grows with the amount. Spells of work are shaded."""
    fig = go.Figure()
    for a, b in work:
        fig.add_vrect(x0=a, x1=b, fillcolor=theme.NEUTRAL, opacity=0.15, line_width=0)
    series = [(today, today_name, theme.BASELINE, "circle", -0.15)]
    if alt is not None:
        series.append((alt, alt_name, theme.REFORM, "diamond", 0.15))
    comps = []
    for path, *_ in series:
        for p in path.payments:
            if p.component not in comps:
                comps.append(p.component)
    comps = [c for c in SOURCE_ORDER if c in comps] + [c for c in comps if c not in SOURCE_ORDER]
    labels = {c: part_label(c, lang) for c in comps}
    for path, name, colour, symbol, offset in series:
        pays = [p for p in path.payments if p.amount > 0.005]
        fig.add_trace(
            go.Scatter(
                x=[p.date.isoformat() for p in pays],
                y=[comps.index(p.component) + offset for p in pays],
                mode="markers",
                name=name,
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "line": {"color": "#000000", "width": 0.5},
                    "size": [6 + min(p.amount, 3000) ** 0.5 / 2 for p in pays],
                },
                text=[f"{labels[p.component]}: {fmt_eur(p.amount, lang)}" for p in pays],
                hovertemplate="%{x}<br>%{text}<extra>" + name + "</extra>",
            )
        )
    fig = _layout(fig, lang, "", t("bt.chart.date_axis", lang), height=max(320, 70 + 48 * len(comps)))
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(comps))),
        ticktext=[labels[c] for c in comps],
        range=[-0.6, len(comps) - 0.4],
        zeroline=False,
    )
    return fig


def population_chart(
    rows: list[tuple[str, dict]], measure: str, lang: str, base_name: str, reform_name: str, show_reform: bool
) -> go.Figure:
    """Mean ``measure`` per household by group (horizontal bars), today and under the scenario."""
    labels = [label for label, _ in rows]
    fig = go.Figure()
    systems = [("baseline", base_name, {"color": theme.BASELINE})]
    if show_reform:
        systems.append(("reform", reform_name, {"color": theme.REFORM, "pattern": {"shape": "/"}}))
    for side, name, marker in systems:
        x = [row[measure][side] for _, row in rows]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=x,
                name=name,
                orientation="h",
                marker=marker,
                texttemplate="%{x:.2f}",
                textposition="outside",
            )
        )
    fig = _layout(
        fig, lang, "", t(f"bt.pop.axis.{measure}", lang), height=110 + 46 * len(rows) * (2 if show_reform else 1)
    )
    fig.update_layout(barmode="group")
    top = max(
        [row[measure]["baseline"] for _, row in rows]
        + [row[measure]["reform"] for _, row in rows if show_reform]
        + [0.1]
    )
    fig.update_xaxes(range=[0, top * 1.15])
    fig.update_yaxes(autorange="reversed", zeroline=False)
    return fig
