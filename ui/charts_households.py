"""Charts of the example households (and of the scenario report): plotly figures only, no streamlit.

Today's system is always BASELINE (solid line), the scenario REFORM (dashed line); components of the
breakdown carry their sign in the legend (+/−) and sit above or below zero, so colour is never the
only carrier of meaning. Axis numbers follow the locale (plotly ``separators``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from models.sweep import EARNINGS_MAX, PART_SIGNS, Sweep
from ui import theme
from ui.charts import NAME_WRAP, wrap_lines
from ui.i18n import fmt_eur, t, translations

#: Plotly's decimal and thousands separators per language (as fmt_number writes them).
SEPARATORS = {"fi": ",\u202f", "sv": ",\u202f", "en": ".,"}
#: Colours of the breakdown's parts, in order of appearance: the palette without today's and the scenario's
#: colours (they always mean the two systems) and without black (the net-income line); repeats get a pattern.
PART_COLOURS = tuple(c for c in theme.SEQUENCE if c not in (theme.BASELINE, theme.REFORM, "#000000")) + (theme.NEUTRAL,)
PATTERNS = ("", "/", "x", ".")


def part_label(key: str, lang: str) -> str:
    """The translated name of a component (a component added to the engine later falls back to its key)."""
    k = f"households.component.{key}"
    if k in translations():
        return t(k, lang)
    return key.replace("_", " ")


def signed_label(key: str, lang: str) -> str:
    return f"{part_label(key, lang)} ({'+' if PART_SIGNS.get(key, 1) > 0 else '−'})"


def _layout(fig: go.Figure, lang: str, title: str, x_title: str, y_title: str, height: int = 440) -> go.Figure:
    fig.update_layout(**theme.base_layout(title, height=height))
    fig.update_layout(separators=SEPARATORS.get(lang, ".,"), hovermode="x unified")
    fig.update_xaxes(title_text=x_title, range=[0, EARNINGS_MAX], ticksuffix="")
    fig.update_yaxes(title_text=y_title, zeroline=True, zerolinecolor=theme.NEUTRAL)
    return fig


def _marker(fig: go.Figure, x: float | None, lang: str) -> None:
    if x is not None:
        fig.add_vline(
            x=x,
            line_dash="dot",
            line_color=theme.NEUTRAL,
            annotation_text=fmt_eur(x, lang),
            annotation_position="top left",
        )


def net_income_chart(
    base: Sweep,
    reform: Sweep | None,
    lang: str,
    x_title: str,
    base_name: str,
    reform_name: str,
    title: str = "",
    marker: float | None = None,
) -> go.Figure:
    """Net income (EUR/month) against the followed adult's earnings, today and under the scenario."""
    unit = t("households.unit.eur_month", lang)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=base.earnings,
            y=base.net_income,
            name=_legend(base_name),
            mode="lines",
            line={"color": theme.BASELINE, "width": 3},
            hovertemplate=f"%{{y:,.0f}} {unit}<extra>{_esc(base_name)}</extra>",
        )
    )
    if reform is not None:
        fig.add_trace(
            go.Scatter(
                x=reform.earnings,
                y=reform.net_income,
                name=_legend(reform_name),
                mode="lines",
                line={"color": theme.REFORM, "width": 3, "dash": "dash"},
                hovertemplate=f"%{{y:,.0f}} {unit}<extra>{_esc(reform_name)}</extra>",
            )
        )
    _marker(fig, marker, lang)
    return _layout(fig, lang, title, x_title, t("households.axis.net_income", lang))


def emtr_chart(
    base: Sweep,
    reform: Sweep | None,
    lang: str,
    x_title: str,
    base_name: str,
    reform_name: str,
    title: str = "",
    marker: float | None = None,
) -> go.Figure:
    """Effective marginal tax rate (%) of +EUR 100/month at each earnings level."""
    fig = go.Figure()
    ys = []
    for s, name, colour, dash in (
        (base, base_name, theme.BASELINE, "solid"),
        (reform, reform_name, theme.REFORM, "dash"),
    ):
        if s is None:
            continue
        y = 100 * s.emtr
        ys.append(y)
        fig.add_trace(
            go.Scatter(
                x=s.earnings,
                y=y,
                name=_legend(name),
                mode="lines",
                line={"color": colour, "width": 3, "dash": dash},
                hovertemplate=f"%{{y:.0f}} %<extra>{_esc(name)}</extra>",
            )
        )
    fig.add_hline(
        y=100,
        line_dash="dot",
        line_color=theme.LOSS,
        annotation_text=t("households.emtr_100", lang),
        annotation_position="top right",
    )
    _marker(fig, marker, lang)
    fig = _layout(fig, lang, title, x_title, t("households.axis.emtr", lang))
    lo = float(min(np.nanmin(y) for y in ys)) if ys else 0.0
    hi = float(max(np.nanmax(y) for y in ys)) if ys else 100.0
    fig.update_yaxes(range=[max(min(lo - 5, -5), -150), min(max(hi + 10, 110), 250)], ticksuffix=" %")
    return fig


def breakdown_chart(
    earnings: np.ndarray,
    parts: Mapping[str, np.ndarray],
    total: np.ndarray,
    lang: str,
    x_title: str,
    y_title: str,
    total_name: str,
    title: str = "",
    marker: float | None = None,
    signed: bool = True,
) -> go.Figure:
    """Stacked bars of the signed parts at each earnings level (gains above zero, what is taken below)
    and the total (net income or its change) as a black line. Parts that are zero everywhere are left out.
    ``signed`` puts (+)/(−) after each name: how the part enters net income (for the levels view)."""
    fig = go.Figure()
    unit = t("households.unit.eur_month", lang)
    shown = [k for k, v in parts.items() if np.any(np.abs(v) > 0.005)]
    width = float(earnings[1] - earnings[0]) if len(earnings) > 1 else 50.0
    for i, key in enumerate(shown):
        name = signed_label(key, lang) if signed else part_label(key, lang)
        fig.add_trace(
            go.Bar(
                x=earnings,
                y=parts[key],
                name=name,
                width=width,
                marker={
                    "color": PART_COLOURS[i % len(PART_COLOURS)],
                    "line": {"width": 0},
                    "pattern": {"shape": PATTERNS[(i // len(PART_COLOURS)) % len(PATTERNS)]},
                },
                hovertemplate=f"%{{y:,.0f}} {unit}<extra>{_esc(name)}</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=earnings,
            y=total,
            name=total_name,
            mode="lines",
            line={"color": "#000000", "width": 3},
            hovertemplate=f"%{{y:,.0f}} {unit}<extra>{_esc(total_name)}</extra>",
        )
    )
    fig.update_layout(barmode="relative", bargap=0)
    _marker(fig, marker, lang)
    return _layout(fig, lang, title, x_title, y_title, height=520)


# --- report charts ------------------------------------------------------------------------------------------------
def decile_chart(deciles: list[dict], lang: str, title: str = "") -> go.Figure:
    """Mean change of household net income (EUR/month) by decile of today's equivalised income."""
    x = [d["decile"] for d in deciles]
    y = [d["mean_change_eur"] for d in deciles]
    colours = [theme.GAIN if v >= 0 else theme.LOSS for v in y]
    text = [("+" if v > 0 else "") + fmt_eur(v, lang) for v in y]
    fig = go.Figure(
        go.Bar(
            x=x,
            y=y,
            marker_color=colours,
            text=text,
            textposition="outside",
            hovertemplate="%{y:,.0f}<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.update_layout(**theme.base_layout(title, height=420))
    fig.update_layout(separators=SEPARATORS.get(lang, ".,"), showlegend=False)
    fig.update_xaxes(title_text=t("export.report.decile_axis", lang), tickmode="array", tickvals=x)
    fig.update_yaxes(title_text=t("export.report.change_axis", lang), zeroline=True, zerolinecolor=theme.NEUTRAL)
    return fig


def examples_chart(rows: list[dict], lang: str, base_name: str, reform_name: str, title: str = "") -> go.Figure:
    """Each example household's net income at its own earnings: today and under the scenario."""
    names = [_esc(r["name"][lang]) for r in rows][::-1]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=[r["baseline"] for r in rows][::-1],
            name=_esc(base_name),
            orientation="h",
            marker_color=theme.BASELINE,
            hovertemplate="%{x:,.0f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=names,
            x=[r["reform"] for r in rows][::-1],
            name=_esc(reform_name),
            orientation="h",
            marker={"color": theme.REFORM, "pattern": {"shape": "/"}},
            hovertemplate="%{x:,.0f}<extra></extra>",
        )
    )
    fig.update_layout(**theme.base_layout(title, height=120 + 55 * len(rows)))
    fig.update_layout(barmode="group", separators=SEPARATORS.get(lang, ".,"))
    fig.update_xaxes(title_text=t("households.axis.net_income", lang))
    fig.update_layout(margin={"l": 260})
    return fig


def _legend(text: str) -> str:
    """A scenario's name in the legend: literal and wrapped, so that a long name stays inside a phone's chart."""
    return "<br>".join(_esc(line) for line in wrap_lines(text or "", NAME_WRAP))


def _esc(text: str) -> str:
    """Plotly renders a subset of HTML in hover labels: keep user text (scenario names) literal."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
