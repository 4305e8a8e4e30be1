"""Charts of the landscape page: pure builders from a landscape's table (a DataFrame of :func:`models.landscape.
variant_record` rows) to plotly figures.

- :func:`cloud_chart`: every design as a point on two outcomes, coloured by family, the frontier as a line, today's law,
  the named models and the active (or the room's) scenario on top. Each point carries its variant number
  (``customdata``), so a click opens it.
- :func:`axes_chart`: the designs on the value axes (universality × unconditionality, colour: individuality).
- :func:`plotted` scales an outcome for its axis (per cent, millions of euros) and :func:`family_title` names a family.
Figures are tagged ``layout.meta = {"chart": "landscape_cloud" | "landscape_axes"}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from models.landscape import OUTCOMES
from ui.i18n import t, translations
from ui.theme import BASELINE, NEUTRAL, REFORM, base_layout, separators

FAMILY_COLOURS = ("#56B4E9", "#009E73", "#CC79A7", "#D55E00", "#0072B2", "#F0E442", "#000000")
MARKER_SIZE = 6


@dataclass(frozen=True)
class Marker:
    """A labelled point on top of the cloud: today's law, a named model, the active scenario."""

    label: str
    row: dict
    colour: str
    symbol: str
    size: int = 16


def plotted(values: pd.Series | np.ndarray, outcome: str) -> np.ndarray:
    """The values as the axis shows them: shares, rates and points in per cent, euros in millions."""
    v = np.asarray(values, dtype=np.float64)
    kind = OUTCOMES[outcome].kind
    if kind in ("share", "rate", "points"):
        return 100 * v
    if kind == "eur":
        return v / 1e6
    return v


def family_title(name: str, lang: str, titles: dict[str, str] | None = None) -> str:
    """A family's title: the spec's own, the lever block's section title, or the name itself."""
    if titles and name in titles:
        return titles[name]
    key = f"wb.section.{name}"
    return t(key, lang) if key in translations() else name


def outcome_title(outcome: str, lang: str) -> str:
    return t(f"ls.outcome.{outcome}", lang)


def _hover(lang: str, x: str, y: str) -> str:
    return (
        "%{customdata[1]}<br>"
        + f"{outcome_title(x, lang)}: %{{x:,.2f}}<br>{outcome_title(y, lang)}: %{{y:,.2f}}"
        + "<br>%{customdata[2]}<extra></extra>"
    )


def _custom(df: pd.DataFrame, names: Sequence[str], levers: Sequence[str]) -> np.ndarray:
    return np.column_stack(
        [df["variant"].to_numpy(), np.asarray(names, dtype=object), np.asarray(levers, dtype=object)]
    )


def cloud_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    front: np.ndarray,
    markers: Sequence[Marker],
    lang: str,
    families: dict[str, str],
    names: Sequence[str],
    levers: Sequence[str],
    height: int = 560,
    title: str = "",
) -> go.Figure:
    """The designs of ``df`` on ``x`` and ``y``: ``families`` titles each family (the legend), ``names`` and ``levers``
    are each row's title and lever text (the hover)."""
    fig = go.Figure()
    hover = _hover(lang, x, y)
    custom = _custom(df, names, levers)
    designs = (df["preset"] == "").to_numpy()
    for i, family in enumerate(dict.fromkeys(df.loc[designs, "family"])):
        mask = designs & (df["family"] == family).to_numpy()
        fig.add_trace(
            go.Scattergl(
                x=plotted(df.loc[mask, x], x),
                y=plotted(df.loc[mask, y], y),
                mode="markers",
                name=families.get(family, family),
                marker={"size": MARKER_SIZE, "color": FAMILY_COLOURS[i % len(FAMILY_COLOURS)], "opacity": 0.65},
                customdata=custom[mask],
                hovertemplate=hover,
            )
        )
    if len(front):
        fig.add_trace(
            go.Scatter(
                x=plotted(df[x].to_numpy()[front], x),
                y=plotted(df[y].to_numpy()[front], y),
                mode="lines+markers",
                name=t("ls.chart.frontier", lang),
                line={"color": "#000000", "width": 2},
                marker={"size": MARKER_SIZE + 3, "color": "#000000", "symbol": "circle-open"},
                customdata=custom[front],
                hovertemplate=hover,
            )
        )
    _add_markers(fig, markers, x, y, lang)
    layout = base_layout(title or t("ls.chart.title", lang, x=outcome_title(x, lang), y=outcome_title(y, lang)), height)
    layout.update(
        meta={"chart": "landscape_cloud"},
        separators=separators(lang),
        xaxis={"title": {"text": _with_better(x, lang)}, "zeroline": False},
        yaxis={"title": {"text": _with_better(y, lang)}, "zeroline": False},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        margin={"l": 70, "r": 20, "t": 70, "b": 140},
        clickmode="event+select",
    )
    fig.update_layout(layout)
    return fig


def _with_better(outcome: str, lang: str) -> str:
    arrow = "←" if OUTCOMES[outcome].better == "lower" else "→"
    return f"{outcome_title(outcome, lang)} ({arrow} {t('ls.chart.better', lang)})"


def _add_markers(fig: go.Figure, markers: Sequence[Marker], x: str, y: str, lang: str) -> None:
    for m in markers:
        fig.add_trace(
            go.Scatter(
                x=plotted([m.row[x]], x),
                y=plotted([m.row[y]], y),
                mode="markers+text",
                name=m.label,
                text=[m.label],
                textposition="top center",
                marker={"size": m.size, "color": m.colour, "symbol": m.symbol, "line": {"width": 1, "color": "#000"}},
                customdata=[[m.row.get("variant", -1), m.label, ""]],
                hovertemplate=_hover(lang, x, y),
                showlegend=False,
                cliponaxis=False,
            )
        )


def reference_markers(df: pd.DataFrame, titles: dict[str, str], lang: str) -> list[Marker]:
    """Today's law (a blue star) and the named models (grey diamonds) of the table."""
    out = []
    for row in df[df["preset"] != ""].to_dict("records"):
        if row["preset"] == "todays_system":
            out.append(Marker(t("ls.chart.today", lang), row, BASELINE, "star", 20))
        else:
            out.append(Marker(titles.get(row["preset"], row["preset"]), row, NEUTRAL, "diamond", 12))
    return out


def active_marker(row: dict | None, label: str) -> list[Marker]:
    return [] if row is None else [Marker(label, row, REFORM, "diamond", 20)]


def axes_chart(
    df: pd.DataFrame,
    markers: Sequence[Marker],
    lang: str,
    names: Sequence[str],
    levers: Sequence[str],
    height: int = 520,
) -> go.Figure:
    """The designs at their universality (x) and unconditionality (y), coloured by individuality."""
    fig = go.Figure(
        go.Scattergl(
            x=df["universality"],
            y=df["unconditionality"],
            mode="markers",
            name="",
            marker={
                "size": MARKER_SIZE + 1,
                "color": df["individuality"],
                "colorscale": "Cividis",
                "cmin": 0,
                "cmax": 1,
                "opacity": 0.75,
                "colorbar": {"title": {"text": t("vm.axis.individuality", lang)}, "thickness": 14},
            },
            customdata=_custom(df, names, levers),
            hovertemplate=_hover(lang, "universality", "unconditionality"),
            showlegend=False,
        )
    )
    _add_markers(fig, markers, "universality", "unconditionality", lang)
    layout = base_layout(t("ls.axes.title", lang), height)
    layout.update(
        meta={"chart": "landscape_axes"},
        separators=separators(lang),
        xaxis={"title": {"text": t("vm.axis.universality", lang)}, "range": [-0.05, 1.05]},
        yaxis={"title": {"text": t("vm.axis.unconditionality", lang)}, "range": [-0.05, 1.05]},
        clickmode="event+select",
    )
    fig.update_layout(layout)
    return fig
