"""Workshop mode's shared pieces for pages/workshop.py (facilitator) and pages/join.py (participant).

- Pure builders (no streamlit): the room's axis chart and the vote chart (plotly), the room's scenario of a
  snapshot, the anonymous CSV and the HTML handout, the join link and its QR code, translated error texts.
- Streamlit helpers at the end: the database handle, the rate limit's client, error boxes.

Participants' texts (workshop title, nicknames, scenario titles, comments) are shown with ``st.text`` or in
tables, escaped in markdown (:func:`escape_markdown`) and in plotly labels (:func:`html.escape`), never as HTML.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode, urlsplit

import plotly.graph_objects as go
from pydantic import ValidationError

from models.axes import AXES
from models.scenario import Scenario
from ui import theme
from ui.export import ExportError, figures_png, scenario_report_html, table_csv
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.plain_names import problem_line
from ui.projector import wrap_label
from ui.state import law_presets
from workshop import security
from workshop.aggregate import AxisSummary, Tally, axis_summaries, response_rows, room_scenario, vote_tally
from workshop.db import DatabaseError, shared
from workshop.schema import MAX_CHOICES
from workshop.store import LockedLevers, RateLimited, Snapshot, WorkshopError

PUBLIC_URL_ENV = "ARVOVALINNAT_PUBLIC_URL"
#: Seconds between the facilitator view's reads of the database.
REFRESH_S = 3
PARTICIPANT_COLOUR = "#56B4E9"  # Okabe–Ito sky blue: one participant's answer
VOTE_COLOUR = "#56B4E9"


# --- texts -----------------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=&])")


def escape_markdown(text: str) -> str:
    """User text for a markdown element: every markdown (and HTML) character backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def preset_title(name: str, lang: str) -> str:
    presets = law_presets()
    return presets[name].title.model_dump()[lang] if name in presets else name


def block_title(block: str, lang: str) -> str:
    return t(f"wb.section.{block}", lang)


def choice_label(choice: str, submissions: Mapping[str, str], lang: str) -> str:
    """``preset:<name>`` → the preset's title; ``sub:<id>`` → "Participants' scenario: <title>"."""
    kind, _, ident = choice.partition(":")
    if kind == "preset":
        return preset_title(ident, lang)
    return t("ws.choice.submission", lang, title=submissions.get(ident, "?"))


def error_text(exc: WorkshopError, lang: str) -> str:
    if isinstance(exc, RateLimited):
        return t("ws.error.rate_limited", lang, seconds=fmt_number(max(exc.retry_after, 1), lang))
    if isinstance(exc, LockedLevers):
        return t("ws.error.locked_levers", lang, blocks=", ".join(block_title(b, lang) for b in exc.blocks))
    return t(f"ws.error.{exc.reason}", lang)


def _problem(err: Mapping, lang: str) -> str:
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "string_too_long":
        return t("ws.problem.too_long", lang, n=ctx.get("max_length", "?"))
    if kind in ("string_too_short", "missing", "too_short"):
        return t("ws.problem.required", lang)
    if kind == "too_long":
        return t("ws.problem.too_many", lang, n=ctx.get("max_length", "?"))
    if kind in (
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
        "finite_number",
        "float_parsing",
        "float_type",
    ):
        return t("ws.problem.range", lang)
    return t("ws.problem.invalid", lang)


def validation_text(exc: ValidationError, lang: str, fields: Mapping[str, str] | None = None) -> str:
    """Every field a validation error names, with what is wrong, in ``lang`` (one line each). ``fields`` maps a
    field to the translation key of its label where the default ``ws.field.<field>`` is not the form's label."""
    lines = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        head = loc[0] if loc else ""
        key = (fields or {}).get(head, f"ws.field.{head}")
        try:
            name = t(key, lang)
        except KeyError:
            name = head
        if head == "scenario" and len(loc) > 1:  # the lever in words with its allowed range
            lines.append(f"{name} → {problem_line({**err, 'loc': tuple(err['loc'][1:])}, lang)}")
            continue
        lines.append(f"{name}: {_problem(err, lang)}")
    return t("ws.error.invalid", lang) + "\n" + "\n".join(f"- {escape_markdown(line)}" for line in lines)


# --- the join link -----------------------------------------------------------------------------------------------
def base_url(context_url: str | None) -> str:
    """The app's address for links: $ARVOVALINNAT_PUBLIC_URL (behind a proxy), else the address the browser used."""
    env = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if env and urlsplit(env).scheme in ("http", "https"):
        return env
    if context_url:
        parts = urlsplit(context_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return ""


def join_link(base: str, code: str, lang: str, token: str | None = None) -> str:
    query = {"code": code, "lang": lang}
    if token:
        query["p"] = token
    return f"{base}/join?{urlencode(query)}"


def qr_png(text: str, scale: int = 10) -> bytes:
    """A QR code of ``text`` as PNG (segno; error correction M, a quiet zone of 2 modules)."""
    import segno

    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


# --- the room -----------------------------------------------------------------------------------------------------
def room(snapshot: Snapshot, lang: str):
    """(summaries per axis or None, the room's scenario, the axes that moved it) of a snapshot."""
    presets = law_presets()
    w = snapshot.workshop
    base = presets[w.base_preset].scenario if w.base_preset in presets else Scenario()
    summaries = axis_summaries(snapshot.answers)
    name = t("ws.room.name", lang, title=w.title)[:120]
    if summaries is None:
        return None, base.model_copy(update={"name": name}), ()
    scenario, moved = room_scenario(base, {a: s.median for a, s in summaries.items()}, name=name)
    return summaries, scenario, moved


def options(snapshot_or_state, lang: str) -> list[str]:
    """The ballot's options: the workshop's presets, then the participants' scenarios."""
    w = snapshot_or_state.workshop
    subs = snapshot_or_state.submissions
    ids = [s.id for s in subs] if subs and hasattr(subs[0], "id") else [s[0] for s in subs]
    return [f"preset:{p}" for p in w.presets] + [f"sub:{i}" for i in ids]


def submission_titles(snapshot_or_state) -> dict[str, str]:
    subs = snapshot_or_state.submissions
    if subs and hasattr(subs[0], "id"):
        return {s.id: s.title for s in subs}
    return dict(subs)


def tally(snapshot: Snapshot, lang: str) -> list[Tally]:
    return vote_tally(snapshot.votes, options(snapshot, lang))


# --- charts (pure) ------------------------------------------------------------------------------------------------
def room_axes_chart(summaries: Mapping[str, AxisSummary] | None, lang: str, height: int = 600) -> go.Figure:
    """One strip per axis: every participant's answer as a dot above the line (answers within 0.02 of each other
    stacked, so a crowd shows as a column), the middle half of the room as a band on the line (quartiles) and the
    median as an orange diamond on the line, labelled with its value; the poles are written under the line's ends."""
    fig = go.Figure()
    gap = 1.75
    for k, axis in enumerate(AXES):
        y = gap * (2 - k)
        _room_strip(fig, axis, y, lang)
        if summaries:
            _room_answers(fig, summaries[axis], y, lang, first=k == 0)
    layout = theme.base_layout(height=height)
    layout["margin"] = {"l": 30, "r": 30, "t": 50, "b": 30}
    fig.update_layout(**layout, separators=theme.separators(lang))
    fig.update_xaxes(
        range=[-0.03, 1.03],
        tickvals=[0, 0.25, 0.5, 0.75, 1],
        fixedrange=True,
        showgrid=False,
        zeroline=False,
        ticktext=[fmt_number(v, lang, 2) for v in (0, 0.25, 0.5, 0.75, 1)],
    )
    fig.update_yaxes(range=[-0.7, 2 * gap + 1.0], visible=False, fixedrange=True)
    return fig


def _room_strip(fig: go.Figure, axis: str, y: float, lang: str) -> None:
    """An axis's line at height ``y``, its name above and its poles under the line's ends."""
    fig.add_shape(type="line", x0=0, x1=1, y0=y, y1=y, line={"color": theme.NEUTRAL, "width": 3}, layer="below")
    fig.add_annotation(
        x=0.5,
        y=y + 0.82,
        text=f"<b>{t(f'vm.axis.{axis}', lang)}</b>",
        showarrow=False,
        font={"size": theme.FONT_SIZE + 2},
    )
    small = {"size": theme.FONT_SIZE - 2}
    fig.add_annotation(
        x=0, y=y - 0.5, text="◀ " + t(f"vm.pole.{axis}.0", lang), showarrow=False, xanchor="left", font=small
    )
    fig.add_annotation(
        x=1, y=y - 0.5, text=t(f"vm.pole.{axis}.1", lang) + " ▶", showarrow=False, xanchor="right", font=small
    )


def _stacked(values: tuple[float, ...], y: float) -> list[float]:
    """The height of each answer's dot: answers within 0.02 of each other stacked above the line at ``y``."""
    cells: dict[int, int] = {}
    for v in values:
        cells[round(v / 0.02)] = cells.get(round(v / 0.02), 0) + 1
    step = min(0.11, 0.55 / max(cells.values()))
    seen: dict[int, int] = {}
    ys = []
    for v in values:
        cell = round(v / 0.02)
        ys.append(y + 0.2 + step * seen.get(cell, 0))
        seen[cell] = seen.get(cell, 0) + 1
    return ys


def _room_answers(fig: go.Figure, s: AxisSummary, y: float, lang: str, first: bool) -> None:
    """One axis's answers: the middle half as a band on the line, each answer a dot, the median a diamond."""
    fig.add_shape(
        type="rect",
        x0=s.q1,
        x1=max(s.q3, s.q1 + 0.004),
        y0=y - 0.09,
        y1=y + 0.09,
        fillcolor=PARTICIPANT_COLOUR,
        opacity=0.45,
        line={"width": 0},
        layer="below",
    )
    fig.add_trace(
        go.Scatter(
            x=list(s.values),
            y=_stacked(s.values, y),
            mode="markers",
            cliponaxis=False,
            marker={"size": 10, "color": PARTICIPANT_COLOUR, "line": {"color": "black", "width": 1}},
            name=t("ws.chart.answer", lang),
            legendgroup="answers",
            showlegend=first,
            customdata=[fmt_number(v, lang, 2) for v in s.values],
            hovertemplate=t("ws.chart.answer", lang) + ": %{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[s.median],
            y=[y],
            mode="markers+text",
            cliponaxis=False,
            marker={"size": 24, "symbol": "diamond", "color": theme.REFORM, "line": {"color": "black", "width": 2}},
            text=[f"<b>{fmt_number(s.median, lang, 2)}</b>"],
            textposition="bottom center",
            textfont={"size": theme.FONT_SIZE + 1},
            name=t("ws.chart.median", lang),
            legendgroup="median",
            showlegend=first,
            hovertemplate=t("ws.chart.median", lang)
            + f": {fmt_number(s.median, lang, 2)}<br>"
            + t("ws.chart.middle_half", lang, q1=fmt_number(s.q1, lang, 2), q3=fmt_number(s.q3, lang, 2))
            + "<extra></extra>",
        )
    )


def votes_chart(
    tallies: list[Tally],
    labels: Mapping[str, str],
    lang: str,
    height: int | None = None,
    wrap: int = 30,
    limit: int | None = None,
    label_room: float = 2.1,
) -> go.Figure:
    """Borda points per scenario (most first, at most ``limit``), each bar labelled with its points and first
    choices; a long scenario name wraps onto lines of ``wrap`` characters instead of being cut. The points axis
    reaches ``label_room`` times the most points, leaving room for the labels beside the bars."""
    shown = ([x for x in tallies if x.points > 0] or tallies[:5])[:limit]
    names = [wrap_label(labels[x.choice][:120], wrap) for x in shown][::-1]
    points = [x.points for x in shown][::-1]
    text = [
        t("ws.chart.points", lang, points=fmt_number(x.points, lang), first=fmt_number(x.first, lang)) for x in shown
    ][::-1]
    fig = go.Figure(
        go.Bar(
            x=points,
            y=names,
            orientation="h",
            text=text,
            textposition="outside",
            cliponaxis=False,
            marker={"color": VOTE_COLOUR, "line": {"color": "black", "width": 1}},
            hovertemplate="%{y}: %{text}<extra></extra>",
            textfont={"size": theme.FONT_SIZE},
        )
    )
    lines = sum(max(2, name.count("<br>") + 1) for name in names)
    layout = theme.base_layout(height=height or 100 + 24 * lines)
    layout["margin"] = {"l": 20, "r": 40, "t": 20, "b": 40}
    fig.update_layout(**layout, separators=theme.separators(lang), showlegend=False)
    top = max(points + [1])
    fig.update_xaxes(title={"text": t("ws.chart.points_axis", lang)}, range=[0, top * label_room], fixedrange=True)
    fig.update_yaxes(automargin=True, fixedrange=True)
    return fig


# --- exports (pure) -------------------------------------------------------------------------------------------------
def _csv_columns(lang: str) -> dict[str, str]:
    cols = {
        "number": t("ws.csv.number", lang),
        "title": t("ws.csv.title", lang),
        "comment": t("ws.csv.comment", lang),
        "saved": t("ws.csv.saved", lang),
    }
    cols.update({a: t(f"vm.axis.{a}", lang) for a in AXES})
    cols.update({f"choice_{r}": t("ws.csv.choice", lang, n=r) for r in range(1, MAX_CHOICES + 1)})
    return cols


def responses_csv(snapshot: Snapshot, lang: str) -> bytes:
    """The anonymous responses (no nicknames, no tokens) as CSV for a spreadsheet in ``lang``."""
    titles = submission_titles(snapshot)
    columns = _csv_columns(lang)
    rows = response_rows(snapshot, lambda c: choice_label(c, titles, lang), columns)
    if not rows:
        import pandas as pd

        return table_csv(pd.DataFrame(columns=list(columns.values())), lang)
    return table_csv(rows, lang)


def _table(header: list[tuple[str, bool]], rows: list[list[str]]) -> str:
    """An HTML table of escaped cells; header is (text, numeric)."""
    e = lambda x: html.escape(str(x), quote=True)  # noqa: E731
    head = "".join(f'<th class="num">{e(h)}</th>' if num else f"<th>{e(h)}</th>" for h, num in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{e(c)}</td>' if header[i][1] else f"<td>{e(c)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def submission_rows(snapshot: Snapshot, results_of, lang: str, nickname: bool = True) -> list[dict]:
    """One row per submitted scenario with its headline results (``results_of(scenario)`` gives them)."""
    rows = []
    for s in snapshot.submissions:
        r = results_of(s.scenario)
        row = {t("ws.col.title", lang): s.title}
        if nickname:
            row[t("ws.col.nickname", lang)] = s.nickname or "–"
        row.update(
            {
                t("metric.net_cost", lang): fmt_meur(r["net_cost_eur"], lang),
                t("metric.winners", lang): fmt_pct(r["winners_share"], lang),
                t("metric.losers", lang): fmt_pct(r["losers_share"], lang),
                t("metric.poverty_rate", lang): fmt_pct(r["poverty_rate"]["reform"], lang),
                **{t(f"vm.axis.{a}", lang): fmt_number(r["axes"][a], lang, 2) for a in AXES},
                t("ws.col.comment", lang): s.comment,
            }
        )
        rows.append(row)
    return rows


def handout_html(
    snapshot: Snapshot,
    lang: str,
    results_of,
    charts: str = "plotly",
    app_url: str | None = None,
    generated: date | None = None,
) -> str:
    """The workshop's handout: a summary of the room (answers, medians, votes, submitted scenarios, no nicknames)
    followed by ui/export.py's report of the room's scenario, in one HTML file."""
    summaries, scenario, moved = room(snapshot, lang)
    report = scenario_report_html(
        scenario, results_of(scenario), lang, charts=charts, app_url=app_url, generated=generated
    )
    titles = submission_titles(snapshot)
    tallies = tally(snapshot, lang)
    labels = {c: choice_label(c, titles, lang) for c in options(snapshot, lang)}
    figs = {"axes": room_axes_chart(summaries, lang)}
    if any(x.points for x in tallies):
        figs["votes"] = votes_chart(tallies, labels, lang)
    chart_html = _handout_charts(figs, charts, lang)
    parts = [
        *_handout_head(snapshot, lang, generated or date.today()),
        *_handout_axes(summaries, moved, chart_html.get("axes", ""), lang),
        *_handout_votes(tallies, labels, chart_html.get("votes", ""), lang),
        *_handout_submissions(snapshot, results_of, lang),
        f"<h2>{_esc(t('ws.handout.room_report', lang))}</h2><hr>",
    ]
    section = '<section class="workshop">\n' + "\n".join(p for p in parts if p) + "\n</section>\n"
    return report.replace("<body>\n", "<body>\n" + section, 1)


def _esc(x) -> str:
    return html.escape(str(x), quote=True)


def _handout_charts(figs: Mapping[str, go.Figure], charts: str, lang: str) -> dict[str, str]:
    """The handout's own charts as HTML: PNG images (none when they cannot be rendered), interactive plotly or
    none, as ``charts`` says."""
    if charts == "png":
        try:
            pngs = figures_png(list(figs.values()))
        except ExportError:
            return {}
        return {
            name: f'<img class="chart" alt="{_esc(t(f"ws.handout.alt_{name}", lang))}" '
            f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">'
            for name, png in zip(figs, pngs, strict=True)
        }
    if charts == "plotly":
        config = {"displaylogo": False}
        return {
            n: f'<div class="chart">{f.to_html(include_plotlyjs=False, full_html=False, config=config)}</div>'
            for n, f in figs.items()
        }
    return {}


def _handout_head(snapshot: Snapshot, lang: str, generated: date) -> list[str]:
    """The title, the date and code, the counts of the room, and the axes' heading with the room's rule."""
    w = snapshot.workshop
    meta = t("ws.handout.meta", lang, date=generated.isoformat(), code=security.display_code(w.code))
    counts = t(
        "ws.handout.counts",
        lang,
        participants=len(snapshot.participants),
        answers=len(snapshot.answers),
        votes=len({v["participant_id"] for v in snapshot.votes}),
        submissions=len(snapshot.submissions),
    )
    return [
        f"<h1>{_esc(w.title)}</h1>",
        f'<p class="meta">{_esc(meta)}</p>',
        f"<p>{_esc(counts)}</p>",
        f"<h2>{_esc(t('ws.handout.axes', lang))}</h2>",
        f'<p class="note">{_esc(t("ws.room.rule", lang, base=preset_title(w.base_preset, lang)))}</p>',
    ]


def _handout_axes(summaries, moved, chart: str, lang: str) -> list[str]:
    """The room's axis positions: the chart, the medians and middle halves, and the axes the room moved."""
    if not summaries:
        return [f"<p>{_esc(t('ws.room.no_answers', lang))}</p>"]
    header = [
        (t("ws.col.axis", lang), False),
        (t("ws.col.median", lang), True),
        (t("ws.col.middle_half", lang), True),
        (t("ws.col.answers", lang), True),
    ]
    rows = [
        [
            t(f"vm.axis.{a}", lang),
            fmt_number(s.median, lang, 2),
            f"{fmt_number(s.q1, lang, 2)}–{fmt_number(s.q3, lang, 2)}",
            fmt_number(s.n, lang),
        ]
        for a, s in summaries.items()
    ]
    moved_text = ", ".join(t(f"vm.axis.{a}", lang) for a in moved) or t("ws.room.moved_none", lang)
    return [chart, _table(header, rows), f"<p>{_esc(t('ws.room.moved', lang, axes=moved_text))}</p>"]


def _handout_votes(tallies: list[Tally], labels: Mapping[str, str], chart: str, lang: str) -> list[str]:
    """The votes: the rule, the chart and the points of each scenario."""
    parts = [f"<h2>{_esc(t('ws.handout.votes', lang))}</h2>"]
    if not any(x.points for x in tallies):
        return [*parts, f"<p>{_esc(t('ws.votes.none', lang))}</p>"]
    header = [
        (t("ws.col.scenario", lang), False),
        (t("ws.col.points", lang), True),
        (t("ws.col.first", lang), True),
        (t("ws.col.voters", lang), True),
    ]
    rows = [
        [labels[x.choice], fmt_number(x.points, lang), fmt_number(x.first, lang), fmt_number(x.voters, lang)]
        for x in tallies
    ]
    return [*parts, f'<p class="note">{_esc(t("ws.votes.rule", lang))}</p>', chart, _table(header, rows)]


def _handout_submissions(snapshot: Snapshot, results_of, lang: str) -> list[str]:
    """The submitted scenarios side by side with their results (no nicknames): one table of the results and one of
    the value axes and comments, each with the scenario's title, so that both fit a page and a narrow window."""
    parts = [f"<h2>{_esc(t('ws.handout.submissions', lang))}</h2>"]
    rows = submission_rows(snapshot, results_of, lang, nickname=False)
    if not rows:
        return [*parts, f"<p>{_esc(t('ws.submissions.none', lang))}</p>"]
    header = list(rows[0])
    title, comment = header[0], header[-1]
    axes = [t(f"vm.axis.{a}", lang) for a in AXES]
    results = [h for h in header if h not in (title, comment, *axes)]
    tables = []
    for columns in ([title, *results], [title, *axes, comment]):
        numeric = [(h, h not in (title, comment)) for h in columns]
        tables.append(_table(numeric, [[r[h] for h in columns] for r in rows]))
    return [*parts, *tables]


# --- streamlit helpers ----------------------------------------------------------------------------------------------
def database():
    """The process's database handle (workshop.db.shared); raises workshop.db.DatabaseError when unusable."""
    try:
        return shared()
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001 - an unreachable server or an unwritable file, shown translated
        raise DatabaseError(f"{type(exc).__name__}: {str(exc)[:300]}") from exc


def client() -> security.Client:
    """This browser session (and its IP address, when Streamlit knows it) for the rate limit."""
    import secrets

    import streamlit as st

    sid = st.session_state.get("ws._session")
    if sid is None:
        sid = st.session_state["ws._session"] = secrets.token_hex(16)
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context
        ip = None
    return security.client(ip if isinstance(ip, str) and ip else None, sid)


def show_error(exc: Exception, lang: str, fields: Mapping[str, str] | None = None) -> None:
    """A translated error box for a refused action or a validation error (the page keeps running)."""
    import streamlit as st

    if isinstance(exc, ValidationError):
        st.error(validation_text(exc, lang, fields), icon=":material/error:")
    elif isinstance(exc, WorkshopError):
        st.error(error_text(exc, lang), icon=":material/error:")
    else:
        st.error(t("ws.error.database", lang, detail=escape_markdown(str(exc)[:200])), icon=":material/error:")
