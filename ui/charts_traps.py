"""Charts of the income-traps page: plotly figures only (no streamlit), from ``models.traps`` outputs.

Today's system is always BASELINE (blue, solid), the scenario REFORM (orange, hatched bars / dashed lines).
The parts of a marginal rate keep one colour (and pattern) each on every chart, and are named in the
legend, so colour never carries meaning alone. Rates are shown in per cent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from models.traps import PARTS
from ui import theme
from ui.charts_households import SEPARATORS
from ui.i18n import fmt_number, fmt_pct, t

#: One colour and pattern per part of the EMTR (Okabe–Ito without the two systems' colours).
PART_STYLE: dict[str, tuple[str, str]] = {
    "income_tax": ("#56B4E9", ""),
    "contributions": ("#999999", ""),
    "unemployment_benefit": ("#CC79A7", ""),
    "housing_allowance": ("#009E73", ""),
    "social_assistance": ("#D55E00", ""),
    "daycare_fees": ("#F0E442", ""),
    "other": ("#999999", "."),
    "reform_benefits": ("#56B4E9", "x"),
}
assert set(PART_STYLE) == set(PARTS)


def part_label(part: str, lang: str) -> str:
    return t(f"it.part.{part}", lang)


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _layout(fig: go.Figure, lang: str, height: int, title: str = "") -> go.Figure:
    fig.update_layout(**theme.base_layout(title, height=height))
    fig.update_layout(separators=SEPARATORS.get(lang, ".,"))
    return fig


def _thresholds(fig: go.Figure, lang: str, axis: str = "x") -> None:
    for x, key in ((80, "it.chart.line_80"), (100, "it.chart.line_100")):
        kw = {"line_dash": "dot", "line_color": theme.NEUTRAL, "annotation_text": t(key, lang)}
        if axis == "x":
            fig.add_vline(x=x, annotation_position="top left" if x == 80 else "top right", **kw)
        else:
            fig.add_hline(y=x, annotation_position="top left", **kw)


# --- the population ---------------------------------------------------------------------------------------
def distribution_chart(
    base: Mapping,
    reform: Mapping | None,
    lang: str,
    x_title: str,
    base_name: str,
    reform_name: str,
    title: str = "",
) -> go.Figure:
    """Persons by rate (``models.traps.rate_histogram``): bars of 5 points, today and the scenario side by
    side, with the 80 % and 100 % lines. The open bins (below 0, above the top) sit at either end."""
    lower, upper = np.array(base["lower"], dtype=float), np.array(base["upper"], dtype=float)
    width = float(upper[1] - lower[1]) if len(lower) > 2 else 0.05
    mid = (
        np.where(np.isinf(lower), upper - width / 2, np.where(np.isinf(upper), lower + width / 2, (lower + upper) / 2))
        * 100
    )
    labels = []
    for lo, hi in zip(lower, upper, strict=True):
        if np.isinf(lo):
            labels.append(t("it.chart.below", lang, x=fmt_number(100 * hi, lang)))
        elif np.isinf(hi):
            labels.append(t("it.chart.above", lang, x=fmt_number(100 * lo, lang)))
        else:
            labels.append(f"{fmt_number(100 * lo, lang)}–{fmt_number(100 * hi, lang)}\u00a0%")
    unit = t("it.unit.persons", lang)
    fig = go.Figure()
    series = [(base, base_name, theme.BASELINE, "")]
    if reform is not None:
        series.append((reform, reform_name, theme.REFORM, "/"))
    for hist, name, colour, pattern in series:
        fig.add_trace(
            go.Bar(
                x=mid,
                y=hist["persons"],
                name=_esc(name),
                customdata=labels,
                marker={"color": colour, "pattern": {"shape": pattern}, "line": {"width": 0}},
                hovertemplate=f"%{{customdata}}: %{{y:,.0f}} {unit}<extra>{_esc(name)}</extra>",
            )
        )
    fig.update_layout(barmode="group", bargap=0.15)
    _thresholds(fig, lang)
    fig = _layout(fig, lang, 420, title)
    fig.update_xaxes(
        title_text=x_title,
        ticksuffix="\u00a0%" if lang != "en" else "%",
        range=[mid.min() - width * 100, mid.max() + width * 100],
    )
    fig.update_yaxes(title_text=t("it.axis.persons", lang), rangemode="tozero", tickformat=",.0f")
    return fig


def group_chart(
    rows_base: Mapping[str, Mapping],
    rows_reform: Mapping[str, Mapping] | None,
    labels: Mapping[str, str],
    column: str,
    lang: str,
    base_name: str,
    reform_name: str,
    share: bool = False,
    title: str = "",
) -> go.Figure:
    """Horizontal bars: for each group, ``column`` (e.g. ``persons_over_80``, or the share within the group
    with ``share``) today and under the scenario, with the number written at each bar."""
    keys = [k for k in labels if k in rows_base]
    names = [_esc(labels[k]) for k in keys][::-1]
    fig = go.Figure()
    series = [(rows_base, base_name, theme.BASELINE, "")]
    if rows_reform is not None:
        series.append((rows_reform, reform_name, theme.REFORM, "/"))
    # Horizontal bars are drawn bottom-up: the scenario first puts today on top in each group; the legend
    # is reversed so that today is named first there too.
    for rows, name, colour, pattern in reversed(series):
        x = [float(rows[k][column]) for k in keys][::-1]
        text = [fmt_pct(v, lang, 1) if share else fmt_number(round(v, -2), lang) for v in x]
        fig.add_trace(
            go.Bar(
                y=names,
                x=x,
                name=_esc(name),
                orientation="h",
                text=text,
                textposition="outside",
                cliponaxis=False,
                marker={"color": colour, "pattern": {"shape": pattern}, "line": {"width": 0}},
                hovertemplate="%{y}: %{text}<extra>" + _esc(name) + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig = _layout(fig, lang, 150 + (62 if rows_reform is not None else 38) * len(keys), title)
    fig.update_layout(margin={"l": 20, "r": 80, "t": 80}, legend={"traceorder": "reversed"})
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(
        title_text=t("it.axis.share_of_group" if share else "it.axis.persons", lang),
        rangemode="tozero",
        tickformat=".0%" if share else ",.0f",
    )
    return fig


def _part_bar(part: str, x, y, width: float, lang: str, **text) -> go.Bar:
    """One part's bars in its colour and pattern, hovered as per cent of the extra euro."""
    colour, pattern = PART_STYLE[part]
    return go.Bar(
        x=x,
        y=y,
        name=part_label(part, lang),
        width=width,
        marker={"color": colour, "pattern": {"shape": pattern}, "line": {"width": 0}},
        hovertemplate="%{y:.0f} %<extra>" + part_label(part, lang) + "</extra>",
        **text,
    )


def trapped_parts_chart(
    base: Mapping, reform: Mapping | None, lang: str, base_name: str, reform_name: str, title: str = ""
) -> go.Figure:
    """Why the persons above 80 % keep so little: one column per system, stacked by the mean part of their EMTR
    (``models.traps.trapped_emtr_parts``), in per cent of the extra euro, with the 80 % and 100 % lines."""
    systems = [(base, base_name)] + ([(reform, reform_name)] if reform is not None else [])
    x = [
        f"{_esc(name)}<br>{fmt_number(round(s['persons'], -2), lang)} {t('it.unit.persons', lang)}"
        for s, name in systems
    ]
    fig = go.Figure()
    for part in PARTS:
        y = [100 * s["parts"][part] for s, _ in systems]
        if all(abs(v) < 0.05 for v in y):
            continue
        text = [f"{v:.0f}" if abs(v) >= 4 else "" for v in y]
        fig.add_trace(
            _part_bar(part, x, y, 0.5, lang, text=text, textposition="inside", insidetextanchor="middle", textangle=0)
        )
    fig.update_layout(barmode="relative")
    _thresholds(fig, lang, axis="y")
    fig = _layout(fig, lang, 520, title)
    fig.update_layout(margin={"t": 110})
    fig.update_yaxes(
        title_text=t("it.axis.share_of_euro", lang),
        ticksuffix="\u00a0%" if lang != "en" else "%",
        range=[min(0, -5), 110],
    )
    return fig


# --- one household --------------------------------------------------------------------------------------------
def decomposition_chart(
    earnings: np.ndarray,
    parts: Mapping[str, np.ndarray],
    emtr: np.ndarray,
    lang: str,
    x_title: str,
    emtr_name: str,
    other_emtr: np.ndarray | None = None,
    other_name: str = "",
    other_is_reform: bool = True,
    marker: float | None = None,
    title: str = "",
) -> go.Figure:
    """Stacked bars over earnings: the share of each extra euro that each part takes (taxes and fees that rise,
    benefits that fall: above zero; anything that gives: below), the EMTR as a black line, and optionally the
    other system's EMTR as a line in its colour, with the 80 % and 100 % lines."""
    fig = go.Figure()
    width = float(earnings[1] - earnings[0]) if len(earnings) > 1 else 50.0
    for part in PARTS:
        y = 100 * np.asarray(parts[part])
        if not np.any(np.abs(y) > 0.05):
            continue
        fig.add_trace(_part_bar(part, earnings, y, width, lang))
    lines = [(emtr, emtr_name, {"color": "#000000", "width": 3})]
    if other_emtr is not None:
        colour = theme.REFORM if other_is_reform else theme.BASELINE
        lines.append(
            (other_emtr, other_name, {"color": colour, "width": 3, "dash": "dash" if other_is_reform else "solid"})
        )
    for rate, name, line in lines:
        hover = "%{y:.0f} %<extra>" + _esc(name) + "</extra>"
        fig.add_trace(
            go.Scatter(x=earnings, y=100 * rate, name=_esc(name), mode="lines", line=line, hovertemplate=hover)
        )
    fig.update_layout(barmode="relative", bargap=0, hovermode="x unified")
    _thresholds(fig, lang, axis="y")
    if marker is not None:
        fig.add_vline(x=marker, line_dash="dot", line_color=theme.NEUTRAL)
    fig = _layout(fig, lang, 540, title)
    lo = min(-10.0, float(np.nanmin([*(100 * np.asarray(v) for v in parts.values())] or [0])) - 5)
    hi = max(110.0, float(np.nanmax(100 * emtr)) + 10)
    fig.update_yaxes(
        title_text=t("it.axis.share_of_euro", lang),
        range=[max(lo, -150), min(hi, 250)],
        ticksuffix="\u00a0%" if lang != "en" else "%",
        zeroline=True,
        zerolinecolor=theme.NEUTRAL,
    )
    fig.update_xaxes(title_text=x_title, range=[float(earnings[0]) - width / 2, float(earnings[-1]) + width / 2])
    return fig


def parts_table(parts_by_system: Sequence[tuple[str, Mapping[str, float]]], lang: str) -> list[dict]:
    """Rows of a table at one earnings level: each part's share of the extra euro under each system."""
    rows = []
    for part in PARTS:
        values = [float(p[part]) for _, p in parts_by_system]
        if all(abs(v) < 5e-4 or np.isnan(v) for v in values):
            continue
        row = {t("it.table.part", lang): part_label(part, lang)}
        for (name, _), v in zip(parts_by_system, values, strict=True):
            row[name] = "" if np.isnan(v) else fmt_pct(v, lang, 0)
        rows.append(row)
    return rows
