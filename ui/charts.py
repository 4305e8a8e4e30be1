"""Chart and table builders for the Results and Compare pages: pure functions, results dict(s) + language in,
a plotly Figure (or a pandas DataFrame) out. No streamlit here, so every builder is testable on its own.

- Baseline is always ``theme.BASELINE`` and the reform ``theme.REFORM``; gains and losses carry a sign, a
  label and a pattern as well as a colour (never red/green alone).
- Layout from ``theme.base_layout``; axis ranges are explicit where the eye compares heights (changes,
  shares, the Compare page's shared axes).
- Every figure has ``layout.meta = {"chart": <name>}`` so tests and exports can find it.
- Drawn for a projector and a phone (a chart about 360 px wide) alike: titles, category labels and scenario
  names wrapped to a few words a line; long category names beside horizontal bars (or, for the compare page's
  costs, above them) rather than under vertical ones; bar amounts inside the bar where they fit, beside it where
  not, hidden (uniformtext) rather than drawn over each other. Pages pass ``theme.PLOTLY_CONFIG``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from models.axes import AXES
from models.system import BENEFITS
from ui import readings
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.theme import (
    BASELINE,
    GAIN,
    LOSS,
    NEUTRAL,
    REFORM,
    TITLE_LINE_PX,
    TITLE_SIZE,
    TITLE_WRAP,
    base_layout,
    separators,
)

LOSS_PATTERN = "/"  # losses are hatched, gains solid: readable without colour
SERIES_PATTERNS = ("", "/", ".", "x", "\\", "+")
SERIES_SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x", "star")
#: Colours of further scenarios on the Compare page (after today's system and the active scenario).
OTHER_COLOURS = ("#CC79A7", "#56B4E9", "#000000", "#F0E442")
TRAP_BINS_OVER_80 = ("80–90", "90–100", ">100")


@dataclass(frozen=True)
class Series:
    """One scenario on the Compare page: its label, results, colour, and whether it is today's system."""

    label: str
    results: dict
    colour: str
    pattern: str = ""
    symbol: str = "circle"
    is_baseline: bool = False


def series_styles(is_baseline: Sequence[bool], is_active: Sequence[bool]) -> list[tuple[str, str, str]]:
    """(colour, pattern, symbol) for each scenario: today's system in BASELINE, the active scenario in
    REFORM, the others from a colour-blind-safe list; a pattern and a marker symbol each as well."""
    active_reform = any(a and not b for a, b in zip(is_active, is_baseline, strict=True))
    others = list(((REFORM,) if not active_reform else ()) + OTHER_COLOURS)
    out = []
    for i, (base, active) in enumerate(zip(is_baseline, is_active, strict=True)):
        colour = BASELINE if base else REFORM if active else others.pop(0) if others else NEUTRAL
        out.append((colour, SERIES_PATTERNS[i % len(SERIES_PATTERNS)], SERIES_SYMBOLS[i % len(SERIES_SYMBOLS)]))
    return out


# --- helpers -----------------------------------------------------------------------------------------------------
LABEL_WRAP = 18  # characters on a line of a category label beside horizontal bars (a phone leaves ~150 px)
AXIS_WRAP = 22  # characters on a line of an axis title beside category labels (horizontal bars)
LEGEND_ROW_PX = 26  # one row of the legend; a legend on top has room for one row per entry (a phone's width)


def title_block(title: str) -> tuple[str, int]:
    """The title wrapped to ``TITLE_WRAP`` characters a line and the pixels it takes at the top."""
    text = wrap(title, TITLE_WRAP)
    return text, 12 + TITLE_LINE_PX * (text.count("<br>") + 1)


def title_offset(text: str) -> float:
    """Pixels from the figure's top to the title's anchor, so that its first line starts 8 px down: plotly.js
    draws a title of several lines anchored at "top" about 0.9 em higher than one of a single line."""
    return 8 + (0.9 * TITLE_SIZE if "<br>" in text else 0)


def _style_layout(name: str, title: str, lang: str, height: int = 420, legend: bool | int | str = True) -> dict:
    """base_layout plus: the chart's name in ``meta``, the locale's number separators, the title wrapped to fit
    a phone, room for the legend (between the title and the plot, one row per entry as on a phone: ``legend``
    is the number of entries, True for two; or with ``legend="bottom"`` at the foot of the figure, for long
    scenario names that wrap), full numbers on the axes (40 000, not
    40k), and bar labels that are hidden rather than drawn over each other when a narrow screen has no room."""
    text, top = title_block(title)
    extra = (90 if legend == "bottom" else 0) + top - 35
    layout = base_layout(text, height + extra)
    layout["title"] |= {
        "y": 1 - title_offset(text) / (height + extra),
        "yref": "container",
        "yanchor": "top",
        "x": 0.02,
        "xanchor": "left",
    }
    if legend == "bottom":
        layout["margin"] = layout["margin"] | {"t": top + 15, "b": 165}
        layout["legend"] = {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.01, "x": 0}
    elif legend:  # just under the title, whatever the plot's height (paper coordinates would scale the gap)
        rows = 2 if legend is True else int(legend)
        layout["margin"] = layout["margin"] | {"t": top + LEGEND_ROW_PX * rows + 8}
        layout["legend"] = layout["legend"] | {"yref": "container", "y": 1 - top / (height + extra), "yanchor": "top"}
    else:
        layout["margin"] = layout["margin"] | {"t": top + 15}
    return layout | {
        "meta": {"chart": name},
        "separators": separators(lang),
        "uniformtext": {"minsize": 12, "mode": "hide"},
        "xaxis": dict(AXIS_DEFAULTS),
        "yaxis": dict(AXIS_DEFAULTS),
    }


#: Every axis: full numbers (40 000, not 40k) and room for its labels.
AXIS_DEFAULTS = {"exponentformat": "none", "separatethousands": True, "automargin": True}


def _style(
    fig: go.Figure, name: str, title: str, lang: str, height: int = 420, legend: bool | int | str = True
) -> go.Figure:
    """``_style_layout`` applied to a figure that has its axes already (subplots): every axis gets the defaults."""
    layout = _style_layout(name, title, lang, height, legend)
    del layout["xaxis"], layout["yaxis"]
    fig.update_layout(**layout)
    fig.update_xaxes(**AXIS_DEFAULTS)
    fig.update_yaxes(**AXIS_DEFAULTS)
    return fig


def _figure(name: str, title: str, lang: str, height: int = 420, legend: bool | int | str = True) -> go.Figure:
    """A new single-axis figure in the house style. The layout is given whole to the constructor: one validation
    pass instead of update_layout's property-by-property path parsing (a third of a chart's build time)."""
    return go.Figure(layout=_style_layout(name, title, lang, height, legend))


def wrap_lines(label: str, width: int = 26) -> list[str]:
    """A long label broken on spaces into lines of at most ``width`` characters (a longer word keeps its line)."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def wrap(label: str, width: int = 26) -> str:
    """A long category label broken on spaces into lines of about ``width`` characters (plotly <br>)."""
    return "<br>".join(wrap_lines(label, width))


def padded_range(values: Sequence[float], pad: float = 0.15, include_zero: bool = True) -> list[float]:
    """An axis range around ``values`` with room for outside text labels; always includes 0 when asked."""
    vals = [v for v in values if v is not None and math.isfinite(v)]
    lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo or max(abs(hi), 1.0)
    return [lo - (pad * span if lo < 0 else 0.0), hi + (pad * span if hi > 0 else 0.0) or pad * span]


def _signed_colours(values: Sequence[float]) -> tuple[list[str], list[str]]:
    colours = [GAIN if v > 0 else LOSS if v < 0 else NEUTRAL for v in values]
    patterns = [LOSS_PATTERN if v < 0 else "" for v in values]
    return colours, patterns


def _loss_pattern(shapes: Sequence[str]) -> dict:
    """The hatching of the loss bars in a chart with one colour per bar. The template overlays patterns on a
    background that defaults to ``marker.color``; plotly.js takes the contrast of that background as the
    default line colour even when one is given, and a list of colours there is an "Invalid color specifier".
    Only losses are hatched, so the background is LOSS, one colour for every bar."""
    return {"shape": list(shapes), "fillmode": "overlay", "bgcolor": LOSS, "fgcolor": "#ffffff"}


def _change_text(values: Sequence[float], measure: str, lang: str) -> list[str]:
    if measure == "pct":
        return [readings.signed_pct_points(v, lang) for v in values]
    return [readings.signed_eur(v, lang) for v in values]


def _measure_title(measure: str, lang: str) -> str:
    return t("results.axis.change_eur" if measure == "eur" else "results.axis.change_pct", lang)


def _decile_labels(lang: str) -> list[str]:
    """The deciles' names for hover labels: "1 poorest", "2", …, "10 richest"."""
    labels = [str(d) for d in range(1, 11)]
    labels[0] = t("results.axis.decile_poorest", lang)
    labels[-1] = t("results.axis.decile_richest", lang)
    return labels


DECILES = [str(d) for d in range(1, 11)]  # the x categories of decile charts: short enough for a phone


def _decile_axis(fig: go.Figure, lang: str) -> None:
    """The x axis of a decile chart: ticks 1…10, "◀ 1 poorest" and "10 richest ▶" under its two ends (on a
    tick they would turn the labels on their side on a phone), then the axis title."""
    fig.update_xaxes(
        title={"text": wrap(t("results.axis.decile", lang), 26), "standoff": 30}, type="category", tickangle=0
    )
    for x, text, anchor in (
        (0, "◀ " + t("results.axis.decile_poorest", lang), "left"),
        (1, t("results.axis.decile_richest", lang) + " ▶", "right"),
    ):
        fig.add_annotation(
            x=x,
            xref="paper",
            y=0,
            yref="paper",
            yanchor="top",
            yshift=-26,
            xanchor=anchor,
            text=text,
            showarrow=False,
            font={"size": 14},
        )


# --- results page: cost ------------------------------------------------------------------------------------------
def cost_waterfall(r: dict, lang: str) -> go.Figure:
    """How the net cost builds up (EUR million a year): benefits + administration − taxes − fees = net, as
    horizontal steps from the top down. Each step's signed amount is printed under its name on the left (labels
    at the bars' ends would collide with the axis or with each other on a phone)."""
    benefits = r["gross_cost_eur"] - r["admin_cost_eur"]
    steps = [
        (t("results.cost.benefits", lang), benefits),
        (t("results.cost.admin", lang), r["admin_cost_eur"]),
        (t("results.cost.taxes", lang), -r["tax_revenue_change_eur"]),
        (t("results.cost.fees", lang), -r["daycare_fee_change_eur"]),
        (t("results.cost.net", lang), r["net_cost_eur"]),
    ]
    amounts = [readings.signed_meur(v, lang) for _, v in steps]
    y = [f"{wrap(name, LABEL_WRAP)}<br><b>{amount}</b>" for (name, _), amount in zip(steps, amounts, strict=True)]
    x = [v / 1e6 for _, v in steps]
    fig = _figure("cost_waterfall", t("results.chart.cost", lang), lang, height=480, legend=False)
    fig.add_trace(
        go.Waterfall(
            y=y,
            x=x,
            orientation="h",
            measure=["relative"] * (len(steps) - 1) + ["total"],
            customdata=amounts,
            increasing={"marker": {"color": "#CC79A7"}},
            decreasing={"marker": {"color": "#56B4E9"}},
            totals={"marker": {"color": "#000000"}},
            connector={"line": {"color": NEUTRAL}},
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    running, points = 0.0, [0.0]
    for v in x[:-1]:
        running += v
        points.append(running)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(
        title=t("results.axis.meur_year", lang), range=padded_range(points + [x[-1]], 0.05), zeroline=True, nticks=5
    )
    return fig


def component_bars(r: dict, lang: str) -> go.Figure:
    """Spending on each benefit, today vs the reform (EUR million a year), largest first; zero rows dropped."""
    totals = r["totals_eur"]
    keys = [
        k for k in BENEFITS if k in totals and (abs(totals[k]["baseline"]) > 0.5e6 or abs(totals[k]["reform"]) > 0.5e6)
    ]
    keys.sort(key=lambda k: -max(totals[k]["baseline"], totals[k]["reform"]))
    labels = [wrap(readings.component_label(k, lang), LABEL_WRAP) for k in keys]
    fig = _figure("component_bars", t("results.chart.components", lang), lang, height=max(380, 130 + 56 * len(keys)))
    for side, colour, pattern in (("baseline", BASELINE, ""), ("reform", REFORM, "")):
        vals = [totals[k][side] / 1e6 for k in keys]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=vals,
                orientation="h",
                name=t(f"results.legend.{side}", lang),
                marker={"color": colour, "pattern": {"shape": pattern}},
                text=[fmt_meur(totals[k][side], lang) if abs(totals[k][side]) >= 0.5e6 else "" for k in keys],
                textposition="auto",
                cliponaxis=False,
                textfont={"size": 14},
                hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    xs = [totals[k][s] / 1e6 for k in keys for s in ("baseline", "reform")]
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")  # largest first, today's bar above the reform's
    fig.update_xaxes(title=t("results.axis.meur_year", lang), range=padded_range(xs, 0.3), nticks=5)
    return fig


# --- results page: distribution ----------------------------------------------------------------------------------
def decile_bars(r: dict, lang: str, measure: str = "eur") -> go.Figure:
    """Mean change of household net income by baseline income decile (EUR/month or % of income)."""
    field = "mean_change_eur" if measure == "eur" else "mean_change_pct"
    vals = [d[field] for d in r["deciles"]]
    colours, patterns = _signed_colours(vals)
    fig = _figure("decile_bars", t("results.chart.deciles", lang), lang, legend=False)
    fig.add_trace(
        go.Bar(
            x=DECILES,
            y=vals,
            marker={"color": colours, "pattern": _loss_pattern(patterns)},
            customdata=_decile_labels(lang),
            text=_change_text(vals, measure, lang),
            textposition="auto",
            cliponaxis=False,
            showlegend=False,
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    _decile_axis(fig, lang)
    fig.update_yaxes(
        title=wrap(_measure_title(measure, lang), AXIS_WRAP), range=padded_range(vals), zeroline=True, zerolinewidth=2
    )
    return fig


def _winner_traces(fig: go.Figure, x, shares: dict[str, list[float]], lang: str, horizontal: bool, names=None) -> None:
    """Stacked losers / little change / winners (%), each with a sign in its name and a pattern."""
    spec = (
        ("losers", LOSS, LOSS_PATTERN, "results.legend.losers"),
        ("unchanged", NEUTRAL, ".", "results.legend.unchanged"),
        ("winners", GAIN, "", "results.legend.winners"),
    )
    for key, colour, pattern, label in spec:
        vals = [100 * s for s in shares[key]]
        text = [fmt_pct(s, lang, 0) if s >= 0.04 else "" for s in shares[key]]
        kw = {"y": x, "x": vals, "orientation": "h"} if horizontal else {"x": x, "y": vals}
        fig.add_trace(
            go.Bar(
                **kw,
                name=t(label, lang),
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": "#ffffff" if key != "unchanged" else "#666666"},
                },
                text=text,
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 15},
                customdata=names or x,
                hovertemplate="%{customdata}<br>%{fullData.name}: %{"
                + ("x" if horizontal else "y")
                + ":.1f} %<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")


def winners_bar(r: dict, lang: str) -> go.Figure:
    """Shares of people who lose, see little change, or gain (one 100 % bar)."""
    fig = _figure("winners_bar", t("results.chart.winners", lang), lang, height=270, legend=3)
    shares = {k: [r[f"{k}_share"]] for k in ("losers", "unchanged", "winners")}
    _winner_traces(fig, [t("results.axis.everyone", lang)], shares, lang, horizontal=True)
    fig.update_xaxes(range=[0, 100], title=t("results.axis.share_people", lang))
    fig.update_yaxes(showticklabels=False)
    return fig


def winners_by_decile(r: dict, lang: str) -> go.Figure:
    """Shares of losers / little change / winners in each income decile (100 % stacked bars)."""
    ds = r["deciles"]
    shares = {
        "losers": [d["losers_share"] for d in ds],
        "winners": [d["winners_share"] for d in ds],
        "unchanged": [max(0.0, 1 - d["losers_share"] - d["winners_share"]) for d in ds],
    }
    fig = _figure("winners_by_decile", t("results.chart.winners_deciles", lang), lang, legend=3)
    _winner_traces(fig, DECILES, shares, lang, horizontal=False, names=_decile_labels(lang))
    _decile_axis(fig, lang)
    fig.update_yaxes(range=[0, 100], title=t("results.axis.share_people", lang))
    return fig


def group_bars(r: dict, lang: str, kind: str = "groups", measure: str = "eur") -> go.Figure:
    """Mean change for each population group or household type (EUR/month or %), with signs."""
    label = readings.group_label if kind == "groups" else readings.household_type_label
    rows = [(k, g) for k, g in r[kind].items() if g["persons"] > 0]
    field = "mean_change_eur" if measure == "eur" else "mean_change_pct"
    vals = [g[field] for _, g in rows]
    colours, patterns = _signed_colours(vals)
    title = t("results.chart.groups" if kind == "groups" else "results.chart.household_types", lang)
    labels = [wrap(label(k, lang), LABEL_WRAP) for k, _ in rows]
    row = max(48, 12 + 20 * max([lb.count("<br>") + 1 for lb in labels] + [1]))
    fig = _figure(f"{kind}_bars", title, lang, height=max(320, 100 + row * len(rows)), legend=False)
    fig.add_trace(
        go.Bar(
            y=labels,
            x=vals,
            orientation="h",
            marker={"color": colours, "pattern": _loss_pattern(patterns)},
            text=_change_text(vals, measure, lang),
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(
        title=wrap(_measure_title(measure, lang), AXIS_WRAP),
        range=padded_range(vals, 0.3),
        zeroline=True,
        zerolinewidth=2,
        nticks=5,
    )
    return fig


# --- results page: poverty and inequality ------------------------------------------------------------------------
POVERTY_KEYS = ("poverty_rate", "child_poverty_rate", "deep_poverty_rate")


def _poverty_labels(lang: str) -> list[str]:
    return [wrap(t(f"results.measure.{k}", lang), LABEL_WRAP) for k in POVERTY_KEYS]


def poverty_bars(r: dict, lang: str) -> go.Figure:
    """At-risk-of-poverty, child poverty and deep poverty rates (%), today vs the reform, as horizontal bars
    (the measures' long names stay level and readable on a phone)."""
    labels = _poverty_labels(lang)
    fig = _figure("poverty_bars", t("results.chart.poverty", lang), lang, height=400)
    for side, colour in (("baseline", BASELINE), ("reform", REFORM)):
        vals = [r[k][side] for k in POVERTY_KEYS]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[100 * v for v in vals],
                orientation="h",
                name=t(f"results.legend.{side}", lang),
                marker={"color": colour},
                text=[fmt_pct(v, lang) for v in vals],
                textposition="auto",
                cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    top = max(100 * r[k][s] for k in POVERTY_KEYS for s in ("baseline", "reform"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("results.axis.share_people", lang), range=[0, max(top * 1.2, 1.0)], nticks=6)
    return fig


def _inequality_subplots(name: str, title: str, lang: str) -> go.Figure:
    """Two panels (Gini ×100, S80/S20), each on its own axis; the legend below so it clears the panel titles."""
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=[t("results.measure.gini", lang), t("results.measure.s80_s20", lang)]
    )
    _style(fig, name, title, lang, height=330, legend="bottom")
    fig.update_layout(barmode="group", margin={"t": 90})
    return fig


def _add_inequality_pair(fig: go.Figure, gini: float, s80_s20: float, lang: str, style: dict) -> None:
    """One system's Gini (×100) in the left panel and S80/S20 in the right, each labelled with its value."""
    common = style | {
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{text}<extra>%{fullData.name}</extra>",
    }
    gini_bar = go.Bar(x=[t("results.measure.gini", lang)], y=[gini], text=[fmt_number(gini, lang, 1)], **common)
    fig.add_trace(gini_bar, row=1, col=1)
    s80_bar = go.Bar(
        x=[t("results.measure.s80_s20", lang)],
        y=[s80_s20],
        text=[fmt_number(s80_s20, lang, 2)],
        showlegend=False,
        **common,
    )
    fig.add_trace(s80_bar, row=1, col=2)


def inequality_bars(r: dict, lang: str) -> go.Figure:
    """Gini coefficient (×100) and S80/S20 ratio, today vs the reform."""
    fig = _inequality_subplots("inequality_bars", t("results.chart.inequality", lang), lang)
    for side, colour in (("baseline", BASELINE), ("reform", REFORM)):
        style = {"name": t(f"results.legend.{side}", lang), "marker": {"color": colour}, "legendgroup": side}
        _add_inequality_pair(fig, 100 * r["gini"][side], r["s80_s20"][side], lang, style)
    gmax = max(100 * r["gini"][s] for s in ("baseline", "reform"))
    smax = max(r["s80_s20"][s] for s in ("baseline", "reform"))
    fig.update_yaxes(range=[0, gmax * 1.25], row=1, col=1)
    fig.update_yaxes(range=[0, smax * 1.25], row=1, col=2)
    fig.update_xaxes(showticklabels=False)
    return fig


# --- results page: income traps and bureaucracy ------------------------------------------------------------------
def rate_histogram(r: dict, lang: str, which: str = "emtr") -> go.Figure:
    """Distribution of EMTR (working-age adults) or PTR (unemployed adults), share of persons per 10-point bin,
    today vs the reform; the bins over 80 % are shaded."""
    fig = _figure(f"{which}_histogram", t(f"results.chart.{which}", lang), lang)
    s = r.get(which) or {}
    ymax = 1.0
    for side, colour in (("baseline", BASELINE), ("reform", REFORM)):
        summary = s.get(side) or {"persons": 0, "histogram": []}
        hist = summary["histogram"]
        total = summary["persons"] or 1.0
        ys = [100 * h["persons"] / total for h in hist]
        ymax = max([ymax, *ys])
        fig.add_trace(
            go.Bar(
                x=[h["bin"] for h in hist],
                y=ys,
                name=t(f"results.legend.{side}", lang),
                marker={"color": colour},
                customdata=[fmt_number(round(h["persons"], -2), lang) for h in hist],
                hovertemplate="%{x} %: %{y:.1f} % (%{customdata})<extra>%{fullData.name}</extra>",
            )
        )
    bins = [h["bin"] for h in (s.get("baseline") or {"histogram": []})["histogram"]]
    if bins and TRAP_BINS_OVER_80[0] in bins:
        i0 = bins.index(TRAP_BINS_OVER_80[0])
        fig.add_vrect(
            x0=i0 - 0.5,
            x1=len(bins) - 0.5,
            fillcolor=NEUTRAL,
            opacity=0.2,
            line_width=0,
            layer="below",
            annotation_text=t("results.axis.over_80", lang),
            annotation_position="top left",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t(f"results.axis.{which}", lang), type="category")
    fig.update_yaxes(title=t("results.axis.share_people", lang), range=[0, ymax * 1.15])
    return fig


def benefit_count_bars(r: dict, lang: str) -> go.Figure:
    """Households by the number of benefits they receive (thousands), today vs the reform."""
    dist = r["bureaucracy"]["households_by_number_of_benefits"]
    cats = list(dist["baseline"])
    fig = _figure("benefit_counts", t("results.chart.benefit_counts", lang), lang)
    ymax = 1.0
    for side, colour in (("baseline", BASELINE), ("reform", REFORM)):
        vals = [dist[side].get(c, 0.0) / 1000 for c in cats]
        ymax = max([ymax, *vals])
        fig.add_trace(
            go.Bar(
                x=cats,
                y=vals,
                name=t(f"results.legend.{side}", lang),
                marker={"color": colour},
                text=[fmt_number(v, lang) for v in vals],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("results.axis.n_benefits", lang), type="category")
    fig.update_yaxes(title=t("results.axis.households_thousands", lang), range=[0, ymax * 1.2])
    return fig


# --- compare page ------------------------------------------------------------------------------------------------
NAME_WRAP = 34  # characters on a line of a scenario's name above its bar or in a legend (a phone's width)


def scenario_name(label: str) -> str:
    """A scenario's name as plotly shows it: literal (plotly reads a little HTML in names; a user's own name may
    contain anything) and wrapped to ``NAME_WRAP`` characters a line."""
    return "<br>".join(
        line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in wrap_lines(label, NAME_WRAP)
    )


def _series_bar(s: Series, **kw) -> go.Bar:
    return go.Bar(
        **(
            {
                "name": scenario_name(s.label),
                "cliponaxis": False,
                "textposition": "outside",
                "marker": {"color": s.colour, "pattern": {"shape": s.pattern, "fgcolor": "#ffffff"}},
            }
            | kw
        )
    )


def _cost_before(r: dict) -> float | None:
    """EUR million a year before financing, for a financed scenario (None without financing)."""
    pays = r.get("who_pays") or {}
    return pays["cost_before_financing_eur"] / 1e6 if pays.get("method", "none") != "none" else None


def _before_financing(fig: go.Figure, i: int, r: dict, half: float, lang: str) -> None:
    """The cost before financing of scenario ``i``: an outlined box from 0 behind its net-cost bar, with the amount
    and the financing rate in use at its end (who pays, issue 15)."""
    before = _cost_before(r)
    if before is None:
        return
    pays = r["who_pays"]
    fig.add_shape(
        type="rect", x0=0, x1=before, y0=i - half, y1=i + half, line={"color": "#555", "width": 1.5, "dash": "dot"}
    )
    fig.add_annotation(
        x=before,
        y=i,
        xanchor="left" if before >= 0 else "right",
        text=t(
            "compare.cost_before_label",
            lang,
            before=readings.signed_meur(1e6 * before, lang),
            rate=readings.financing_value(pays["method"], pays["rate"], lang),
        ),
        showarrow=False,
        font={"size": 12},
    )


def compare_cost(series: Sequence[Series], lang: str) -> go.Figure:
    """Net cost (EUR million a year) of each scenario, one horizontal bar each on the same axis; each scenario's
    name is written above its bar (not beside it), so that the bars keep the chart's whole width on a phone. A
    financed scenario's cost before financing is an outlined box behind its bar, labelled with the rate in use."""
    names = [scenario_name(s.label) for s in series]
    row = 62 + 20 * max([n.count("<br>") + 1 for n in names] + [1])  # px: the name's lines, the bar, a gap
    fig = _figure(
        "compare_cost", t("compare.chart.cost", lang), lang, height=max(300, 120 + row * len(series)), legend=False
    )
    vals = [s.results["net_cost_eur"] / 1e6 for s in series]
    befores = [b for b in (_cost_before(s.results) for s in series) if b is not None]
    big = max([abs(v) for v in vals + befores] + [1.0])
    for i, (s, name, v) in enumerate(zip(series, names, vals, strict=True)):
        # a long bar holds its amount; a short one (or none, at zero) has it beside
        fig.add_trace(
            _series_bar(
                s,
                y=[i],
                x=[v],
                orientation="h",
                textposition="auto" if abs(v) > 0.3 * big else "outside",
                width=30 / row,
                text=[readings.signed_meur(s.results["net_cost_eur"], lang)],
                hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            )
        )
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=i,
            yshift=17,
            yanchor="bottom",
            text=name,
            showarrow=False,
            align="left",
        )
        _before_financing(fig, i, s.results, 15 / row, lang)
    fig.update_layout(showlegend=False, barmode="overlay", margin={"l": 20})
    fig.update_yaxes(range=[len(series) - 0.5, -1 + 15 / row], showticklabels=False, showgrid=False, zeroline=False)
    fig.update_xaxes(
        title=t("results.axis.meur_year", lang),
        range=padded_range(vals + befores, 0.35),
        zeroline=True,
        zerolinewidth=2,
        nticks=5,
    )
    return fig


def compare_winners(series: Sequence[Series], lang: str) -> go.Figure:
    """Shares of winners and losers (%) of each scenario, grouped by ▲ gain / ▼ lose."""
    cats = [t("results.legend.winners", lang), t("results.legend.losers", lang)]
    fig = _figure("compare_winners", t("compare.chart.winners", lang), lang, legend="bottom")
    for s in series:
        vals = [s.results["winners_share"], s.results["losers_share"]]
        fig.add_trace(
            _series_bar(
                s,
                x=cats,
                y=[100 * v for v in vals],
                text=[fmt_pct(v, lang, 0) for v in vals],
                hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=t("results.axis.share_people", lang), range=[0, 100])
    return fig


def _with_reference(series: Sequence[Series], lang: str) -> list[tuple[str, str, str, dict, str]]:
    """(label, colour, pattern, results, side) for level charts: today's system first (as a reference bar
    from any run's baseline when it is not among the chosen scenarios), then each scenario's reform values."""
    rows = []
    if not any(s.is_baseline for s in series) and series:
        rows.append((t("results.legend.baseline", lang), BASELINE, "", series[0].results, "baseline"))
    for s in series:
        rows.append((scenario_name(s.label), s.colour, s.pattern, s.results, "baseline" if s.is_baseline else "reform"))
    return rows


def compare_poverty(series: Sequence[Series], lang: str) -> go.Figure:
    """Poverty, child poverty and deep poverty rates (%) of each scenario, with today's level (horizontal bars,
    one group per measure)."""
    labels = _poverty_labels(lang)
    rows = _with_reference(series, lang)
    fig = _figure(
        "compare_poverty",
        t("compare.chart.poverty", lang),
        lang,
        legend="bottom",
        height=160 + 3 * (30 + 24 * len(rows)),
    )
    top = 1.0
    for label, colour, pattern, r, side in rows:
        vals = [r[k][side] for k in POVERTY_KEYS]
        top = max([top, *(100 * v for v in vals)])
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[100 * v for v in vals],
                orientation="h",
                name=label,
                text=[fmt_pct(v, lang) for v in vals],
                marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "#ffffff"}},
                textfont={"size": 14},
                textposition="auto",
                cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("results.axis.share_people", lang), range=[0, top * 1.2], nticks=6)
    return fig


def compare_inequality(series: Sequence[Series], lang: str) -> go.Figure:
    """Gini (×100) and S80/S20 of each scenario, with today's level."""
    fig = _inequality_subplots("compare_inequality", t("compare.chart.inequality", lang), lang)
    gmax = smax = 0.0
    for i, (label, colour, pattern, r, side) in enumerate(_with_reference(series, lang)):
        g, s80 = 100 * r["gini"][side], r["s80_s20"][side]
        gmax, smax = max(gmax, g), max(smax, s80)
        marker = {"color": colour, "pattern": {"shape": pattern, "fgcolor": "#ffffff"}}
        _add_inequality_pair(fig, g, s80, lang, {"name": label, "legendgroup": str(i), "marker": marker})
    fig.update_yaxes(range=[0, max(gmax, 1) * 1.25], row=1, col=1)
    fig.update_yaxes(range=[0, max(smax, 1) * 1.25], row=1, col=2)
    fig.update_xaxes(showticklabels=False)
    return fig


def compare_deciles(series: Sequence[Series], lang: str, measure: str = "eur") -> go.Figure:
    """Mean change by income decile, one bar series per scenario on one shared y-axis."""
    field = "mean_change_eur" if measure == "eur" else "mean_change_pct"
    fig = _figure("compare_deciles", t("compare.chart.deciles", lang), lang, height=460, legend="bottom")
    allv = []
    for s in series:
        vals = [d[field] for d in s.results["deciles"]]
        allv += vals
        fig.add_trace(
            _series_bar(
                s,
                x=DECILES,
                y=vals,
                customdata=list(zip(_decile_labels(lang), _change_text(vals, measure, lang), strict=False)),
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="group")
    _decile_axis(fig, lang)
    fig.update_yaxes(
        title=wrap(_measure_title(measure, lang), AXIS_WRAP),
        range=padded_range(allv, 0.08),
        zeroline=True,
        zerolinewidth=2,
    )
    return fig


def _pole_label(text: str) -> str:
    """An axis named by its two poles ("Cause-based ← → universal") on two lines, one pole a line."""
    return text.replace(" ← → ", " ←<br>→ ") if " ← → " in text else wrap(text, 16)


def compare_axes(series: Sequence[Series], lang: str) -> go.Figure:
    """Each scenario's position (0…1) on the three value axes, one marker series per scenario."""
    fig = _figure("compare_axes", t("compare.chart.axes", lang), lang, height=340, legend="bottom")
    n = max(len(series), 1)
    for i, s in enumerate(series):
        offset = (i - (n - 1) / 2) * 0.12
        vals = [s.results["axes"][a] for a in AXES]
        fig.add_trace(
            go.Scatter(
                x=vals,
                y=[j + offset for j in range(len(AXES))],
                mode="markers",
                name=scenario_name(s.label),
                marker={"color": s.colour, "size": 18, "symbol": s.symbol, "line": {"color": "#333333", "width": 1}},
                customdata=[fmt_number(v, lang, 2) for v in vals],
                text=[t(f"compare.axis.{a}", lang) for a in AXES],
                hovertemplate="%{text}: %{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_xaxes(range=[-0.05, 1.05], tickvals=[0, 0.5, 1], zeroline=False)
    fig.update_yaxes(
        tickvals=list(range(len(AXES))),
        ticktext=[_pole_label(t(f"compare.axis.{a}", lang)) for a in AXES],
        range=[len(AXES) - 0.5, -0.5],
        zeroline=False,
    )
    return fig


# --- tables (shown on the page and downloaded as CSV) ------------------------------------------------------------
def _col(key: str, lang: str) -> str:
    return t(f"results.col.{key}", lang)


def totals_table(r: dict, lang: str) -> pd.DataFrame:
    """Every income component, EUR million a year: today, the reform, the change."""
    rows = []
    for k, v in r["totals_eur"].items():
        rows.append(
            {
                _col("component", lang): readings.component_label(k, lang),
                _col("baseline_meur", lang): round(v["baseline"] / 1e6, 1),
                _col("reform_meur", lang): round(v["reform"] / 1e6, 1),
                _col("change_meur", lang): round((v["reform"] - v["baseline"]) / 1e6, 1),
            }
        )
    return pd.DataFrame(rows)


def cost_table(r: dict, lang: str) -> pd.DataFrame:
    """The cost breakdown, EUR million a year (cost per person covered in EUR a year)."""
    keys = (
        "net_cost_eur",
        "gross_cost_eur",
        "tax_revenue_change_eur",
        "daycare_fee_change_eur",
        "admin_cost_eur",
        "earnings_change_eur",
    )
    rows = [
        {
            _col("measure", lang): t(f"results.cost_row.{k}", lang),
            _col("value", lang): round(r[k] / 1e6, 1),
            _col("unit", lang): t("results.unit.meur_year", lang),
        }
        for k in keys
    ]
    rows.append(
        {
            _col("measure", lang): t("results.cost_row.new_benefit_recipients", lang),
            _col("value", lang): round(r["new_benefit_recipients"]),
            _col("unit", lang): t("results.unit.persons", lang),
        }
    )
    cpp = r.get("cost_per_person_covered_eur")
    rows.append(
        {
            _col("measure", lang): t("results.cost_row.cost_per_person_covered_eur", lang),
            _col("value", lang): round(cpp) if cpp is not None else None,
            _col("unit", lang): t("results.unit.eur_year", lang),
        }
    )
    return pd.DataFrame(rows)


def decile_table(r: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                _col("decile", lang): d["decile"],
                _col("persons", lang): round(d["persons"]),
                _col("change_eur", lang): round(d["mean_change_eur"], 1),
                _col("change_pct", lang): round(d["mean_change_pct"], 2),
                _col("winners_pct", lang): round(100 * d["winners_share"], 1),
                _col("losers_pct", lang): round(100 * d["losers_share"], 1),
            }
            for d in r["deciles"]
        ]
    )


def groups_table(r: dict, lang: str, kind: str = "groups") -> pd.DataFrame:
    label = readings.group_label if kind == "groups" else readings.household_type_label
    return pd.DataFrame(
        [
            {
                _col("group", lang): label(k, lang),
                _col("persons", lang): round(g["persons"]),
                _col("change_eur", lang): round(g["mean_change_eur"], 1),
                _col("change_pct", lang): round(g["mean_change_pct"], 2),
                _col("winners_pct", lang): round(100 * g["winners_share"], 1),
                _col("losers_pct", lang): round(100 * g["losers_share"], 1),
            }
            for k, g in r[kind].items()
        ]
    )


def distribution_table(r: dict, lang: str) -> pd.DataFrame:
    """Poverty rates (%), Gini (×100), S80/S20 and median equivalised income (EUR/year): today, reform, change."""
    spec = [(k, 100, 2) for k in POVERTY_KEYS] + [
        ("gini", 100, 2),
        ("s80_s20", 1, 3),
        ("median_equivalised_income", 1, 0),
    ]
    rows = []
    for k, scale, dec in spec:
        b, f = r[k]["baseline"] * scale, r[k]["reform"] * scale
        rows.append(
            {
                _col("measure", lang): t(f"results.measure.{k}", lang),
                _col("baseline", lang): round(b, dec),
                _col("reform", lang): round(f, dec),
                _col("change", lang): round(f - b, dec),
            }
        )
    return pd.DataFrame(rows)


def traps_table(r: dict, lang: str) -> pd.DataFrame:
    """EMTR and PTR summaries: median and mean (%), shares over 80 % and 100 % (%), persons over 80 %."""
    rows = []
    for which in ("emtr", "ptr"):
        s = r.get(which)
        if not s:
            continue
        for stat in ("median", "mean", "share_over_80", "share_over_100", "persons_over_80"):
            vals = {}
            for side in ("baseline", "reform"):
                v = s[side].get(stat)
                vals[side] = None if v is None else round(v, 0) if stat.startswith("persons") else round(100 * v, 1)
            rows.append(
                {
                    _col("measure", lang): t(f"results.measure.{which}", lang),
                    _col("statistic", lang): t(f"results.stat.{stat}", lang),
                    _col("baseline", lang): vals["baseline"],
                    _col("reform", lang): vals["reform"],
                }
            )
    return pd.DataFrame(rows)


def bureaucracy_table(r: dict, lang: str) -> pd.DataFrame:
    b = r["bureaucracy"]
    rows = [
        {
            _col("measure", lang): t(f"results.stat.{k}", lang),
            _col("baseline", lang): round(b[k]["baseline"], 3 if "per" in k else 0),
            _col("reform", lang): round(b[k]["reform"], 3 if "per" in k else 0),
        }
        for k in ("benefits_per_household", "means_tests_per_household", "households_with_3_or_more_benefits")
    ]
    dist = b["households_by_number_of_benefits"]
    for c in dist["baseline"]:
        rows.append(
            {
                _col("measure", lang): t("results.stat.households_with_n_benefits", lang, n=c),
                _col("baseline", lang): round(dist["baseline"][c]),
                _col("reform", lang): round(dist["reform"].get(c, 0.0)),
            }
        )
    return pd.DataFrame(rows)


def _financing_columns(r: dict, lang: str) -> dict[str, object]:
    """Who pays in the summary table: the cost before financing, the financing rate in use (%) and what a person
    in work pays more a month (None where the run has no such figure)."""
    pays = r.get("who_pays") or {}
    financed = pays.get("method", "none") != "none"
    return {
        t("compare.col.cost_before_meur", lang): round(pays.get("cost_before_financing_eur", r["net_cost_eur"]) / 1e6),
        t("compare.col.financing_rate_pct", lang): round(100 * pays["rate"], 1) if financed else None,
        t("compare.col.earner_pays_eur", lang): round(pays.get("extra_tax_per_earner_eur", 0.0)),
    }


def summary_table(series: Sequence[Series], lang: str) -> pd.DataFrame:
    """One row per scenario: cost, winners and losers, poverty, inequality, traps, bureaucracy, axes."""
    rows = []
    for s in series:
        r = s.results
        side = "baseline" if s.is_baseline else "reform"
        emtr = (r.get("emtr") or {}).get(side) or {}
        rows.append(
            {
                t("compare.col.scenario", lang): s.label,
                t("compare.col.net_cost_meur", lang): round(r["net_cost_eur"] / 1e6),
                **_financing_columns(r, lang),
                t("compare.col.gross_cost_meur", lang): round(r["gross_cost_eur"] / 1e6),
                t("compare.col.winners_pct", lang): round(100 * r["winners_share"], 1),
                t("compare.col.losers_pct", lang): round(100 * r["losers_share"], 1),
                t("compare.col.poverty_pct", lang): round(100 * r["poverty_rate"][side], 1),
                t("compare.col.child_poverty_pct", lang): round(100 * r["child_poverty_rate"][side], 1),
                t("compare.col.gini", lang): round(100 * r["gini"][side], 1),
                t("compare.col.s80_s20", lang): round(r["s80_s20"][side], 2),
                t("compare.col.emtr_median_pct", lang): None
                if emtr.get("median") is None
                else round(100 * emtr["median"], 1),
                t("compare.col.emtr_over_80_pct", lang): None if not emtr else round(100 * emtr["share_over_80"], 1),
                t("compare.col.benefits_per_household", lang): round(
                    r["bureaucracy"]["benefits_per_household"][side], 2
                ),
                t("compare.col.means_tests_per_household", lang): round(
                    r["bureaucracy"]["means_tests_per_household"][side], 2
                ),
                **{t(f"compare.axis_short.{a}", lang): round(r["axes"][a], 2) for a in AXES},
            }
        )
    return pd.DataFrame(rows)


def csv_bytes(df: pd.DataFrame, lang: str) -> bytes:
    """CSV that opens in a spreadsheet of the user's locale: ``;`` and decimal comma in fi/sv, UTF-8 with BOM."""
    if lang in ("fi", "sv"):
        return df.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return df.to_csv(index=False).encode("utf-8-sig")
