"""Chart builders of the value map and the workbench: pure functions from numbers (a results dict, axes
positions) to plotly figures. No streamlit here; texts come from ``t`` and numbers from ``fmt_*``.

Colours from ``ui.theme`` (Okabe–Ito): today's system blue, the active scenario orange, other models grey;
the active scenario is also a different shape (a diamond) and labelled, so nothing depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from models.axes import AXES
from ui import theme
from ui.i18n import fmt_eur, fmt_number, fmt_pct, t


@dataclass(frozen=True)
class MapPoint:
    """A named model on the value map: its number in the table, its name and its three axes (0…1)."""

    number: int
    name: str
    axes: dict
    baseline: bool = False


def _clusters(values: list[float], tolerance: float = 0.03) -> list[list[int]]:
    """Indices of near-equal values grouped together (sorted by value), so that coinciding models get one
    label listing all their numbers instead of labels drawn over each other."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and values[i] - values[groups[-1][0]] <= tolerance:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


#: A character of a number label as a share of a strip's width on a phone (8 px of about 300 px): labels are
#: placed so that they would not touch on a phone; a wide screen has room to spare.
CHAR_WIDTH = 0.027
EDGE = 0.06  # a label this close to an end of the strip is written inwards from its point, not centred on it


def _span(x: float, text: str) -> tuple[float, float]:
    """Where a label's text lies along the strip (0…1), from its estimated width and its anchoring."""
    w = (len(text) + 1) * CHAR_WIDTH
    return (x, x + w) if x < EDGE else (x - w, x) if x > 1 - EDGE else (x - w / 2, x + w / 2)


def _place_labels(centres: list[float], groups: list[list[int]], levels: int = 2) -> list[tuple[float, list[int], int]]:
    """(position, members, line) of each number label, sorted by position: each goes on the first line (0 or 1
    below the strip) where it does not touch a label already there; where it would touch on both, it joins the
    label it would touch least (one label "2, 7, 8" rather than two written over each other on a phone)."""
    placed: list[list] = []  # [x, members, level]
    last: list[int | None] = [None] * levels  # index in placed of the last label on each line

    def text(members):
        return ", ".join(str(m) for m in sorted(members))

    for x, members in zip(centres, groups, strict=True):
        start = _span(x, text(members))[0]
        ends = [(_span(placed[i][0], text(placed[i][1]))[1] if i is not None else -1.0) for i in last]
        free = [lv for lv in range(levels) if ends[lv] <= start]
        if free:
            placed.append([x, list(members), free[0]])
            last[free[0]] = len(placed) - 1
            continue
        lv = min(range(levels), key=lambda k: ends[k])
        target = placed[last[lv]]
        n0, n1 = len(target[1]), len(members)
        target[0] = (target[0] * n0 + x * n1) / (n0 + n1)
        target[1] += members
    return [(x, members, lv) for x, members, lv in placed]


ROW_GAP = 1.25  # vertical distance between the strips


def axis_strips(
    points: list[MapPoint],
    active: dict | None,
    lang: str,
    height: int = 660,
    active_label: str | None = None,
    numbers: bool = True,
    compact: bool = False,
) -> go.Figure:
    """Three horizontal strips, one per axis (0 at the left pole, 1 at the right): every named model as a
    circle on the line (today's system blue, the others grey) with its number below it, the active
    scenario as a large orange diamond just above the line, labelled with its value. ``compact`` (for a
    narrow column, without numbers) writes the poles under the line's ends instead of beside the title."""
    # Shapes, annotations and traces are gathered and given to the figure at once: plotly validates and
    # re-lays out the figure on every add_shape/add_annotation, which made this chart cost 60 ms a slider move.
    shapes, annotations, traces = [], [], []
    rows = {axis: ROW_GAP * (2 - i) for i, axis in enumerate(AXES)}  # universality on top
    for axis, y in rows.items():
        shapes += _strip_line(y)
        annotations += _strip_titles(axis, y, lang, compact)
        xs = [p.axes[axis] for p in points]
        traces += _model_markers(points, xs, y, axis, lang)
        if numbers:
            traces.append(_number_labels(points, xs, y))
        if active is not None:
            traces.append(_active_marker(active[axis], y, axis, lang, active_label))
    layout = theme.base_layout(height=height)
    layout["margin"] = {"l": 30, "r": 30, "t": 40, "b": 30}
    layout |= {
        "separators": theme.separators(lang),
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {
            "range": [-0.03, 1.03],
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
            "fixedrange": True,
            "ticktext": [fmt_number(v, lang, 2) for v in (0, 0.25, 0.5, 0.75, 1)],
            "showgrid": False,
            "zeroline": False,
        },
        "yaxis": {"range": [-0.65, 2 * ROW_GAP + (0.7 if compact else 0.85)], "visible": False, "fixedrange": True},
    }
    fig = go.Figure(data=traces, layout=layout)
    return fig


def _strip_line(y: float) -> list[dict]:
    """A strip's line at height ``y`` with ticks at 0, ¼, ½, ¾ and 1."""
    line = {"type": "line", "x0": 0, "x1": 1, "y0": y, "y1": y, "line": {"color": theme.NEUTRAL, "width": 3}}
    ticks = [
        {
            "type": "line",
            "x0": x,
            "x1": x,
            "y0": y - 0.07,
            "y1": y + 0.07,
            "line": {"color": theme.NEUTRAL, "width": 2},
            "layer": "below",
        }
        for x in (0, 0.25, 0.5, 0.75, 1)
    ]
    return [line | {"layer": "below"}, *ticks]


def _strip_titles(axis: str, y: float, lang: str, compact: bool) -> list[dict]:
    """The axis's name above its two poles (a row of their own: beside the name they collide on a phone); in a
    compact strip the poles go under the line's ends."""
    pole_y = y - 0.3 if compact else y + 0.43
    pole_font = {"size": theme.FONT_SIZE - 2}
    return [
        {
            "x": 0.5,
            "y": y + (0.5 if compact else 0.68),
            "text": f"<b>{t(f'vm.axis.{axis}', lang)}</b>",
            "showarrow": False,
            "font": {"size": theme.FONT_SIZE + 2},
        },
        {
            "x": 0,
            "y": pole_y,
            "text": "◀ " + t(f"vm.pole.{axis}.0", lang),
            "showarrow": False,
            "xanchor": "left",
            "font": pole_font,
        },
        {
            "x": 1,
            "y": pole_y,
            "text": t(f"vm.pole.{axis}.1", lang) + " ▶",
            "showarrow": False,
            "xanchor": "right",
            "font": pole_font,
        },
    ]


def _model_markers(points: list[MapPoint], xs: list[float], y: float, axis: str, lang: str) -> list[go.Scatter]:
    """The named models on one strip: the other models grey, today's system blue (drawn last, on top)."""
    traces = []
    for group, colour in ((False, theme.NEUTRAL), (True, theme.BASELINE)):
        idx = [i for i, p in enumerate(points) if p.baseline == group]
        if not idx:
            continue
        traces.append(
            go.Scatter(
                x=[xs[i] for i in idx],
                y=[y] * len(idx),
                mode="markers",
                marker={"size": 22 if group else 20, "color": colour, "line": {"color": "white", "width": 1.5}},
                customdata=[[f"{points[i].number}. {points[i].name}", fmt_number(xs[i], lang, 2)] for i in idx],
                hovertemplate="%{customdata[0]}<br>" + t(f"vm.axis.{axis}", lang) + ": %{customdata[1]}<extra></extra>",
                name=t("vm.legend.today" if group else "vm.legend.models", lang),
                legendgroup="today" if group else "models",
                showlegend=axis == AXES[0],
            )
        )
    return traces


def _number_labels(points: list[MapPoint], xs: list[float], y: float) -> go.Scatter:
    """The models' numbers under one strip, coinciding models in one label (:func:`_place_labels`)."""
    groups = _clusters(xs)
    centres = [sum(xs[i] for i in g) / len(g) for g in groups]
    labels = _place_labels(centres, [[points[i].number for i in g] for g in groups])
    centres = [x for x, _, _ in labels]
    return go.Scatter(
        x=centres,
        y=[y - 0.17 - 0.2 * lv for _, _, lv in labels],
        mode="text",
        text=[", ".join(str(m) for m in sorted(members)) for _, members, _ in labels],
        textposition=[
            "bottom right" if c < EDGE else "bottom left" if c > 1 - EDGE else "bottom center" for c in centres
        ],
        textfont={"size": theme.FONT_SIZE - 1},
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )


def _active_marker(x: float, y: float, axis: str, lang: str, active_label: str | None) -> go.Scatter:
    """The active scenario on one strip: a large orange diamond just above the line, labelled with its value."""
    name = active_label or t("vm.legend.active", lang)
    return go.Scatter(
        x=[x],
        y=[y + 0.18],
        mode="markers+text",
        marker={"size": 28, "symbol": "diamond", "color": theme.REFORM, "line": {"color": "black", "width": 2}},
        text=[f"<b>{fmt_number(x, lang, 2)}</b>"],
        textposition="middle right" if x < 0.8 else "middle left",
        textfont={"size": theme.FONT_SIZE + 2},
        hovertemplate=name + f": {fmt_number(x, lang, 2)}<extra></extra>",
        name=name,
        legendgroup="active",
        showlegend=axis == AXES[0],
        cliponaxis=False,
    )


def _axis_title(axis: str, lang: str) -> str:
    """An axis's name over its two poles, on two lines (on one line it is wider than a phone)."""
    return f"{t(f'vm.axis.{axis}', lang)}<br>◀ {t(f'vm.pole.{axis}.0', lang)} · {t(f'vm.pole.{axis}.1', lang)} ▶"


def axis_map(points: list[MapPoint], active: dict | None, lang: str, height: int = 600) -> go.Figure:
    """The value map in two dimensions: universality across, unconditionality up, individuality as the
    colour of each circle (a colour-blind-safe scale with its bar); numbers match the table."""
    fig = go.Figure()
    points = [p for p in points if not p.baseline] + [p for p in points if p.baseline]  # today's system on top
    fig.add_trace(_map_models(points, lang))
    if active is not None:
        fig.add_trace(_map_active(active, lang))
    ind = t("vm.axis.individuality", lang)
    poles = f"◀ {t('vm.pole.individuality.0', lang)} · {t('vm.pole.individuality.1', lang)} ▶"
    fig.add_annotation(
        x=0.5,
        xref="paper",
        y=1.02,
        yref="paper",
        yanchor="bottom",
        yshift=46,
        text=f"<b>{ind}</b><br>{poles}",
        showarrow=False,
    )
    layout = theme.base_layout(height=height)
    layout["margin"] = layout["margin"] | {"t": 140}
    fig.update_layout(**layout, separators=theme.separators(lang), showlegend=False)
    fig.update_xaxes(range=[-0.05, 1.12], title={"text": _axis_title("universality", lang)}, zeroline=False)
    fig.update_yaxes(range=[-0.05, 1.08], title={"text": _axis_title("unconditionality", lang)}, zeroline=False)
    return fig


def _map_numbers(xs: list[float], ys: list[float], points: list[MapPoint]) -> list[str]:
    """Each point's label on the map: coinciding points are labelled once, with all their numbers."""
    labels: dict[tuple[float, float], list[str]] = {}
    for p, x, y in zip(points, xs, ys, strict=True):
        labels.setdefault((round(x / 0.04), round(y / 0.04)), []).append(str(p.number))
    seen: set = set()
    text = []
    for x, y in zip(xs, ys, strict=True):
        cell = (round(x / 0.04), round(y / 0.04))
        text.append("" if cell in seen else ", ".join(sorted(labels[cell], key=int)))
        seen.add(cell)
    return text


def _map_models(points: list[MapPoint], lang: str) -> go.Scatter:
    """The named models as circles coloured by their individuality, with the colour bar across the top."""
    xs = [p.axes["universality"] for p in points]
    ys = [p.axes["unconditionality"] for p in points]
    ind = t("vm.axis.individuality", lang)
    return go.Scatter(
        x=xs,
        y=ys,
        mode="markers+text",
        text=_map_numbers(xs, ys, points),
        textfont={"size": theme.FONT_SIZE},
        cliponaxis=False,
        textposition=[
            "middle left" if x > 0.85 else "middle right" for x in xs
        ],  # inwards: a phone has no room outside
        marker={
            "size": 24,
            "color": [p.axes["individuality"] for p in points],
            "colorscale": "Cividis",
            "cmin": 0,
            "cmax": 1,
            "line": {
                "color": [theme.BASELINE if p.baseline else "black" for p in points],
                "width": [4 if p.baseline else 1 for p in points],
            },
            # Across the top (upright beside the map it left a phone's map 90 px wide), under the axis's name
            # and poles.
            "colorbar": {
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": 1.02,
                "yanchor": "bottom",
                "len": 1,
                "thickness": 14,
                "tickvals": [0, 0.5, 1],
                "ticktext": [fmt_number(v, lang, 1) for v in (0, 0.5, 1)],
                "ticklabelposition": "outside top",
            },
        },
        customdata=[[p.name, fmt_number(p.axes["individuality"], lang, 2)] for p in points],
        hovertemplate="%{customdata[0]}<br>" + ind + ": %{customdata[1]}<extra></extra>",
        name=t("vm.legend.models", lang),
    )


def _map_active(active: dict, lang: str) -> go.Scatter:
    """The active scenario on the map: a large orange diamond, named."""
    ind = t("vm.axis.individuality", lang)
    return go.Scatter(
        x=[active["universality"]],
        y=[active["unconditionality"]],
        mode="markers+text",
        marker={"size": 32, "symbol": "diamond", "color": theme.REFORM, "line": {"color": "black", "width": 2}},
        text=[t("vm.legend.active", lang)],
        textposition="bottom center" if active["unconditionality"] > 0.8 else "top center",
        textfont={"size": theme.FONT_SIZE},
        cliponaxis=False,
        hovertemplate=t("vm.legend.active", lang)
        + f" — {ind}: {fmt_number(active['individuality'], lang, 2)}<extra></extra>",
        name=t("vm.legend.active", lang),
    )


def _signed_eur(x: float, lang: str) -> str:
    if abs(x) < 0.5:
        return fmt_eur(0, lang)
    return ("+" if x > 0 else "") + fmt_eur(x, lang)


def decile_change(results: dict, lang: str, height: int = 420) -> go.Figure:
    """Mean change of household net income by income decile, EUR/month: today's system is the blue zero
    line, the scenario the orange bars, each labelled with its signed amount."""
    deciles = results["deciles"]
    xs = [d["decile"] for d in deciles]
    ys = [d["mean_change_eur"] for d in deciles]
    fig = go.Figure(
        go.Bar(
            x=xs,
            y=ys,
            marker={"color": theme.REFORM, "line": {"color": "black", "width": 1}},
            text=[_signed_eur(y, lang) for y in ys],
            textposition="auto",
            cliponaxis=False,
            textfont={"size": theme.FONT_SIZE},
            insidetextfont={"color": "#000000"},
            customdata=[
                [_signed_eur(d["mean_change_eur"], lang), fmt_pct(d["mean_change_pct"] / 100, lang, 1)] for d in deciles
            ],
            hovertemplate=t("wb.chart.decile", lang) + " %{x}: %{customdata[0]} (%{customdata[1]})<extra></extra>",
            name=t("wb.chart.reform", lang),
        )
    )
    fig.add_hline(y=0, line={"color": theme.BASELINE, "width": 3})
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line={"color": theme.BASELINE, "width": 3},
            name=t("wb.chart.baseline_zero", lang),
        )
    )
    layout = theme.base_layout(height=height)
    fig.update_layout(
        **layout, separators=theme.separators(lang), showlegend=True, uniformtext={"minsize": 11, "mode": "hide"}
    )
    fig.update_xaxes(title={"text": t("wb.chart.decile_axis", lang)}, tickvals=xs, ticktext=[str(x) for x in xs])
    span = max([abs(y) for y in ys] + [5.0])
    fig.update_yaxes(
        title={"text": t("wb.chart.change_axis", lang)},
        range=[min(min(ys), 0) - 0.25 * span, max(max(ys), 0) + 0.25 * span],
    )
    return fig


def decile_winners_losers(results: dict, lang: str, height: int = 380) -> go.Figure:
    """Winners (up, "+") and losers (down, "−", hatched) by decile, shares of persons."""
    deciles = results["deciles"]
    xs = [d["decile"] for d in deciles]
    win = [d["winners_share"] for d in deciles]
    lose = [-d["losers_share"] for d in deciles]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=xs,
            y=win,
            name="+ " + t("wb.chart.winners", lang),
            marker={"color": theme.GAIN},
            text=[fmt_pct(v, lang, 0) if v >= 0.005 else "" for v in win],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=xs,
            y=lose,
            name="− " + t("wb.chart.losers", lang),
            marker={"color": theme.LOSS, "pattern": {"shape": "/", "fgcolor": "white"}},
            text=[fmt_pct(-v, lang, 0) if v <= -0.005 else "" for v in lose],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    layout = theme.base_layout(height=height)
    fig.update_layout(**layout, barmode="relative", separators=theme.separators(lang))
    fig.update_xaxes(title={"text": t("wb.chart.decile_axis", lang)}, tickvals=xs)
    fig.update_yaxes(
        title={"text": t("wb.chart.share_axis", lang)},
        range=[-1.15, 1.15],
        tickvals=[-1, -0.5, 0, 0.5, 1],
        ticktext=[fmt_pct(abs(v), lang, 0) for v in (-1, -0.5, 0, 0.5, 1)],
    )
    return fig
