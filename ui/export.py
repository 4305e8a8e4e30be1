"""Exports for every page: charts as PNG/SVG (kaleido + Debian's chromium) or standalone HTML, tables as CSV,
and a one-file HTML report of a scenario for a workshop handout.

Pure functions first (no streamlit): :func:`figure_images`, :func:`figure_html`, :func:`table_csv`,
:func:`scenario_report_html`. Streamlit helpers after them (:func:`chart_downloads`, :func:`table_download`,
:func:`report_section`) put download buttons under a chart, a table, or at the end of a page.

Static images: kaleido 1.x drives a headless chromium. Starting it costs about 2.5 s; the PNG and the SVG
of one chart are rendered in that one start (about 2.7 s together), only when the user asks, and kept in
a small cache. When chromium is missing or fails, the chart is offered as standalone HTML instead (plotly.js
inline, opens offline in any browser) and the page says so.

Text safety: every text written into the report goes through :func:`html.escape`; links are kept only
for http(s) addresses. Streamlit never renders user text as HTML here.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import html
import io
import os
import re
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from urllib.parse import urlencode, urlsplit

import plotly.graph_objects as go

from models.parameters import load_parameters
from models.scenario import LEVER_BLOCKS
from ui.bands_text import bands_table, explanation
from ui.charts_households import decile_chart, examples_chart
from ui.households import example_net_incomes
from ui.i18n import fmt_eur, fmt_meur, fmt_number, fmt_pct, t, translations
from ui.law import fmt_date, law_presets_at
from ui.plain_names import lever_path_name, lever_rows, path_value

#: Debian's chromium, which kaleido uses (BROWSER_PATH overrides, as in kaleido/choreographer).
CHROMIUM = "/usr/bin/chromium"
#: Seconds kaleido may take per image, and in all (chromium start included) before we give up.
IMAGE_TIMEOUT = 45.0
EXPORT_WIDTH = 1100
EXPORT_SCALE = 2
MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html", "csv": "text/csv"}

_CACHE_MAX = 48
_image_cache: OrderedDict[tuple[str, str, int, int, float], bytes] = OrderedDict()
_image_lock = threading.Lock()  # one chromium at a time per server process
#: The last render's wall time in seconds (shown in the report of the tests/benchmarks).
last_render_seconds: float | None = None


class ExportError(RuntimeError):
    """A chart could not be rendered to a static image (chromium missing, crashed or timed out)."""


# --- static images -----------------------------------------------------------------------------------------------
def chromium_path() -> str | None:
    """The browser kaleido will use: $BROWSER_PATH, Debian's /usr/bin/chromium, or one on PATH."""
    env = os.environ.get("BROWSER_PATH")
    if env and os.path.exists(env):
        return env
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def images_available() -> bool:
    """True when kaleido and a chromium are installed (the render itself may still fail)."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


def _fig_dict(fig: go.Figure | Mapping) -> dict:
    return fig.to_plotly_json() if isinstance(fig, go.Figure) else dict(fig)


def _fig_digest(fig: go.Figure) -> str:
    return hashlib.sha256(fig.to_json().encode("utf-8")).hexdigest()[:24]


def _size(fig: go.Figure, width: int | None, height: int | None) -> tuple[int, int]:
    return int(width or fig.layout.width or EXPORT_WIDTH), int(height or fig.layout.height or 500)


def _render(jobs: list[tuple[dict, dict]], timeout: float = IMAGE_TIMEOUT) -> list[bytes]:
    """Render (figure dict, kaleido opts) jobs with one chromium; raise ExportError on any failure."""
    global last_render_seconds
    try:
        import kaleido
    except ImportError as exc:  # pragma: no cover - kaleido is pinned in requirements.txt
        raise ExportError(f"kaleido is not installed ({exc})") from None
    path = chromium_path()
    if path is None:
        raise ExportError("no chromium found (install Debian's chromium: apt-get install chromium)")

    async def run() -> list[bytes]:
        async with kaleido.Kaleido(n=1, timeout=timeout, mathjax=False, path=path) as k:
            return [await k.calc_fig(fig, opts=opts) for fig, opts in jobs]

    box: dict = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(run())
        except BaseException as exc:  # noqa: BLE001 - reported to the caller below
            box["error"] = exc

    with _image_lock:
        start = time.perf_counter()
        # A fresh thread has no event loop of its own, whatever the caller (Streamlit, pytest) runs.
        thread = threading.Thread(target=target, name="kaleido-export", daemon=True)
        thread.start()
        thread.join(timeout * max(len(jobs), 1) + 30)
        last_render_seconds = time.perf_counter() - start
    if thread.is_alive():
        raise ExportError(f"chromium did not answer within {timeout * max(len(jobs), 1) + 30:.0f} s")
    if "error" in box:
        exc = box["error"]
        raise ExportError(f"{type(exc).__name__}: {str(exc)[:300]}") from None
    out = box["value"]
    if not all(isinstance(b, (bytes, bytearray)) and b for b in out):
        raise ExportError("kaleido returned no image")
    return [bytes(b) for b in out]


def figure_images(
    fig: go.Figure,
    formats: Sequence[str] = ("png", "svg"),
    width: int | None = None,
    height: int | None = None,
    scale: float = EXPORT_SCALE,
) -> dict[str, bytes]:
    """The chart in each of ``formats`` ("png", "svg", "pdf", "jpeg", "webp"), rendered in one chromium start
    and cached by the figure's content. Raises :class:`ExportError` when kaleido or chromium fails."""
    w, h = _size(fig, width, height)
    digest = _fig_digest(fig)
    keys = {fmt: (digest, fmt, w, h, float(scale)) for fmt in formats}
    out: dict[str, bytes] = {}
    with _image_lock:
        for fmt, k in keys.items():
            if k in _image_cache:
                _image_cache.move_to_end(k)
                out[fmt] = _image_cache[k]
    missing = [fmt for fmt in formats if fmt not in out]
    if missing:
        fd = _fig_dict(fig)
        jobs = [(fd, {"format": fmt, "width": w, "height": h, "scale": scale}) for fmt in missing]
        for fmt, data in zip(missing, _render(jobs), strict=False):
            out[fmt] = data
            with _image_lock:
                _image_cache[keys[fmt]] = data
                while len(_image_cache) > _CACHE_MAX:
                    _image_cache.popitem(last=False)
    return {fmt: out[fmt] for fmt in formats}


def figure_image(fig: go.Figure, fmt: str = "png", **kwargs) -> bytes:
    """One format of :func:`figure_images` (``fig.to_image`` with a shared, cached chromium start)."""
    return figure_images(fig, (fmt,), **kwargs)[fmt]


def figures_png(figs: Sequence[go.Figure], width: int | None = None, scale: float = EXPORT_SCALE) -> list[bytes]:
    """Several charts as PNG in one chromium start (the report's images)."""
    jobs = []
    for fig in figs:
        w, h = _size(fig, width, None)
        jobs.append((_fig_dict(fig), {"format": "png", "width": w, "height": h, "scale": scale}))
    return _render(jobs)


def _plotlyjs() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _figure_div(fig: go.Figure) -> str:
    return fig.to_html(include_plotlyjs=False, full_html=False, config={"displaylogo": False, "responsive": True})


def figure_html(fig: go.Figure, title: str, lang: str) -> str:
    """The chart as one standalone HTML file with plotly.js inline (about 5 MB; opens offline)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{_lang(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<script>{_plotlyjs()}</script>\n</head>\n<body>\n"
        f'<h1 style="font-family: sans-serif; font-size: 1.3em">{html.escape(title)}</h1>\n'
        f"{_figure_div(fig)}\n</body>\n</html>\n"
    )


# --- tables -----------------------------------------------------------------------------------------------
def table_csv(table, lang: str) -> bytes:
    """A table (pandas DataFrame, or a list of dicts) as CSV for a spreadsheet in ``lang``: semicolons and
    decimal commas in Finnish and Swedish (as Excel expects there), commas and points in English; UTF-8
    with a byte-order mark so that Excel reads ä and ö."""
    if hasattr(table, "to_dict"):
        columns = [str(c) for c in table.columns]
        rows = table.to_dict(orient="records")
        rows = [{str(k): v for k, v in r.items()} for r in rows]
    else:
        rows = list(table)
        columns = list(rows[0]) if rows else []
    nordic = lang in ("fi", "sv")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if nordic else ",", lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_csv_cell(r.get(c), nordic) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_cell(v, nordic: bool) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if v != v:  # NaN
            return ""
        s = repr(round(v, 6))
        return s.replace(".", ",") if nordic else s
    if hasattr(v, "item"):  # numpy scalar
        return _csv_cell(v.item(), nordic)
    return str(v)


# --- the scenario report ------------------------------------------------------------------------------------------
_HEADLINE_RATES = ("poverty_rate", "child_poverty_rate", "deep_poverty_rate")

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } \
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #0072B2; }
.meta { color: #555; } .table-wrap { max-width: 100%; overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; } th { vertical-align: bottom; hyphens: auto; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.num, th.num { text-align: right; } td.num { white-space: nowrap; } code { font-size: .9em; }
td { overflow-wrap: break-word; hyphens: auto; } td:first-child { min-width: 8rem; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .8rem; }
.card { border: 1px solid #ccc; border-radius: .4rem; padding: .6rem .8rem; }
.card .label { color: #555; font-size: .9rem; } .card .value { font-size: 1.4rem; font-weight: 600; }
.note { color: #555; font-size: .9rem; } img.chart { max-width: 100%; }
@media print { body { margin: 0; max-width: none; } \
.chart, .plotly-graph-div { break-inside: avoid; } a { color: inherit; } }
"""


def _lang(lang: str) -> str:
    return lang if lang in ("fi", "sv", "en") else "fi"


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _link(title: str, href: str | None) -> str:
    """An escaped link, kept only for http(s) addresses (a preset file could hold anything)."""
    if href and urlsplit(href).scheme in ("http", "https"):
        return f'<a href="{_e(href)}">{_e(title)}</a>'
    return _e(title)


def _tk(key: str, lang: str, fallback: str) -> str:
    return t(key, lang) if key in translations() else fallback


def scenario_levers(scenario) -> list[tuple[str, str, object]]:
    """The scenario's non-default levers as (block, field, value), in the schema's order."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    out = []
    for block in LEVER_BLOCKS:
        for field, value in (data.get(block) or {}).items():
            out.append((block, field, value))
    return out


def find_preset(scenario):
    """The preset whose scenario is exactly ``scenario``, or None."""
    for preset in law_presets_at(scenario.law).values():
        if preset.scenario == scenario:
            return preset
    return None


def scenario_title(scenario, lang: str, preset=None) -> str:
    """The scenario's name for people: the preset's title, the user's name, or a generic one."""
    if preset is not None:
        return getattr(preset.title, lang)
    if scenario.name:
        return scenario.name
    return t("export.report.todays_system" if scenario.is_baseline else "export.report.own_scenario", lang)


def _headline(results: Mapping, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, detail) cards of the headline results."""
    cards = [
        (t("export.report.net_cost", lang), fmt_meur(results["net_cost_eur"], lang), t("export.report.per_year", lang)),
        (
            t("export.report.winners", lang),
            fmt_pct(results["winners_share"], lang),
            t("export.report.of_persons", lang),
        ),
        (t("export.report.losers", lang), fmt_pct(results["losers_share"], lang), t("export.report.of_persons", lang)),
    ]
    for key in _HEADLINE_RATES:
        if key in results:
            b, r = results[key]["baseline"], results[key]["reform"]
            cards.append(
                (
                    t(f"export.report.{key}", lang),
                    fmt_pct(r, lang),
                    t("export.report.today_was", lang, value=fmt_pct(b, lang)),
                )
            )
    if "gini" in results:
        b, r = results["gini"]["baseline"], results["gini"]["reform"]
        cards.append(
            (
                t("export.report.gini", lang),
                fmt_number(100 * r, lang, 1),
                t("export.report.today_was", lang, value=fmt_number(100 * b, lang, 1)),
            )
        )
    if "median_equivalised_income" in results:
        b, r = results["median_equivalised_income"]["baseline"], results["median_equivalised_income"]["reform"]
        cards.append(
            (
                t("export.report.median", lang),
                fmt_eur(r, lang),
                t("export.report.today_was", lang, value=fmt_eur(b, lang)),
            )
        )
    return cards


def _table(header: Sequence[tuple[str, bool]], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table; cells are already-escaped HTML; header is (text, numeric)."""
    head = "".join(f'<th class="num">{_e(h)}</th>' if num else f"<th>{_e(h)}</th>" for h, num in header)
    body = []
    for row in rows:
        body.append(
            "<tr>"
            + "".join(f'<td class="num">{c}</td>' if header[i][1] else f"<td>{c}</td>" for i, c in enumerate(row))
            + "</tr>"
        )
    return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def _signed_eur(x: float, lang: str) -> str:
    return ("+" if x > 0.5 else "") + fmt_eur(x, lang)


def _report_charts(figs: Mapping[str, go.Figure], charts: str, lang: str) -> tuple[dict[str, str], str, str]:
    """The report's charts as HTML by name, a note (when images failed) and what the head needs (plotly.js).

    ``charts``: "png" (images via kaleido; falls back to "plotly" with a note), "plotly" or "none"."""
    chart_html: dict[str, str] = {}
    note = ""
    head_script = ""
    if charts == "png":
        try:
            images = figures_png(list(figs.values()))
            for name, png in zip(figs, images, strict=False):
                b64 = base64.b64encode(png).decode("ascii")
                alt = _e(t(f"export.report.alt_{name}", lang))
                chart_html[name] = f'<img class="chart" alt="{alt}" src="data:image/png;base64,{b64}">'
        except ExportError as exc:
            note = f'<p class="note">{_e(t("export.report.png_failed", lang, reason=str(exc)[:200]))}</p>'
            charts = "plotly"
    if charts == "plotly":
        head_script = f"<script>{_plotlyjs()}</script>\n"
        chart_html = {name: f'<div class="chart">{_figure_div(fig)}</div>' for name, fig in figs.items()}
    elif charts == "none":
        chart_html = {name: "" for name in figs}
    return chart_html, note, head_script


def _h2(key: str, lang: str) -> str:
    return f"<h2>{_e(t(key, lang))}</h2>"


def _note(key: str, lang: str) -> str:
    return f'<p class="note">{_e(t(key, lang))}</p>'


def _intro_section(title: str, preset, generated: date, lang: str, law: date) -> list[str]:
    """The title, the date and the law, and the preset's explanation."""
    subtitle = t("export.report.subtitle", lang, date=generated.isoformat(), law=fmt_date(law, lang))
    parts = [f"<h1>{_e(title)}</h1>", f'<p class="meta">{_e(subtitle)}</p>']
    if preset is not None:
        parts.append(f"<p>{_e(getattr(preset.explanation, lang))}</p>")
    return parts


def _levers_section(scenario, lang: str) -> list[str]:
    """The scenario's non-default levers as a table, or a line saying there are none."""
    parts = [_h2("export.report.levers", lang)]
    levers = lever_rows(scenario, lang)
    if not levers:
        return [*parts, f"<p>{_e(t('export.report.no_levers', lang))}</p>"]
    header = [
        (t("export.report.col_block", lang), False),
        (t("export.report.col_lever", lang), False),
        (t("export.report.col_value", lang), False),
    ]
    rows = [(_e(block), _e(lever), _e(value)) for block, lever, value in levers]
    return [*parts, _table(header, rows)]


def _axes_section(results: Mapping, lang: str) -> list[str]:
    """The scenario's place on the value axes (0–100), when the results have them."""
    axes = results.get("axes") or {}
    if not axes:
        return []
    header = [(t("export.report.col_axis", lang), False), (t("export.report.col_score", lang), True)]
    rows = [
        (_e(_tk(f"export.axis.{axis}", lang, axis)), _e(fmt_number(100 * score, lang, 0)))
        for axis, score in axes.items()
    ]
    return [_h2("export.report.axes", lang), _note("export.report.axes_help", lang), _table(header, rows)]


def _headline_section(results: Mapping, lang: str) -> list[str]:
    """The headline results as cards."""
    cards = "".join(
        f'<div class="card"><div class="label">{_e(label)}</div><div class="value">{_e(value)}</div>'
        f'<div class="note">{_e(detail)}</div></div>'
        for label, value, detail in _headline(results, lang)
    )
    return [
        _h2("export.report.headline", lang),
        f'<div class="headline">{cards}</div>',
        _note("export.report.headline_help", lang),
    ]


def _bands_section(bands: Mapping | None, scenario, lang: str) -> list[str]:
    """The uncertainty bands (when they have been computed), with their plain explanation."""
    if not bands:
        return []
    table = bands_table(bands, scenario, lang)
    header = [(str(c), i > 0) for i, c in enumerate(table.columns)]
    rows = [tuple(_e(v) for v in row) for row in table.itertuples(index=False)]
    notes = [f'<p class="note">{_e(explanation(bands, lang))} {_e(t("bands.not_model_error", lang))}</p>']
    return [f"<h2>{_e(t('bands.title', lang))}</h2>", *notes, _table(header, rows)]


def _deciles_section(results: Mapping, chart: str, lang: str) -> list[str]:
    """The change by income decile: the chart and its table."""
    header = [
        (t("export.report.decile_axis", lang), False),
        (t("export.report.change_axis", lang), True),
        (t("export.report.winners", lang), True),
        (t("export.report.losers", lang), True),
    ]
    rows = [
        (
            _e(d["decile"]),
            _e(_signed_eur(d["mean_change_eur"], lang)),
            _e(fmt_pct(d["winners_share"], lang)),
            _e(fmt_pct(d["losers_share"], lang)),
        )
        for d in results.get("deciles") or []
    ]
    return [_h2("export.report.deciles", lang), _note("export.report.deciles_help", lang), chart, _table(header, rows)]


def _households_section(households: Sequence[Mapping], chart: str, base_name: str, title: str, lang: str) -> list[str]:
    """The example households' net incomes today and under the scenario: the chart and its table."""
    header = [
        (t("export.report.col_household", lang), False),
        (t("export.report.col_earnings", lang), True),
        (base_name, True),
        (title, True),
        (t("export.report.col_change", lang), True),
    ]
    rows = [
        (
            f'<strong>{_e(r["name"][lang])}</strong><br><span class="note">{_e(r["story"][lang])}</span>',
            _e(fmt_eur(r["earnings"], lang)),
            _e(fmt_eur(r["baseline"], lang)),
            _e(fmt_eur(r["reform"], lang)),
            _e(_signed_eur(r["change"], lang)),
        )
        for r in households
    ]
    return [
        _h2("export.report.households", lang),
        _note("export.report.households_help", lang),
        chart,
        _table(header, rows),
    ]


def _preset_sources(preset, lang: str) -> list[str]:
    """The preset's sources, and its assumptions each with a source or a reason."""
    if preset is not None and preset.sources:
        parts = ["<ul>" + "".join(f"<li>{_link(s.title, s.href or s.statute)}</li>" for s in preset.sources) + "</ul>"]
    else:
        parts = [f"<p>{_e(t('export.report.no_preset_sources', lang))}</p>"]
    if preset is not None and preset.assumptions:
        parts.append(f"<h3>{_e(t('export.report.assumptions', lang))}</h3><ul>")
        for a in preset.assumptions:
            value = "" if a.value is None else f" = {_e(path_value(a.lever, a.value, lang))}"
            why = _link(a.source.title, a.source.href or a.source.statute) if a.source else _e(a.reason or "")
            parts.append(f"<li><strong>{_e(lever_path_name(a.lever, lang))}</strong>{value}: {why}</li>")
        parts.append("</ul>")
    return parts


def _app_links(scenario, preset, app_url: str | None, lang: str) -> list[str]:
    """Links back to the app's assumptions page and to the scenario, for an http(s) ``app_url``."""
    if not (app_url and urlsplit(app_url).scheme in ("http", "https")):
        return []
    base = app_url.rstrip("/")
    scenario_url = base + "/?" + _scenario_query(scenario, preset, lang)
    return [
        "<ul>",
        f"<li>{_link(t('export.report.open_assumptions', lang), f'{base}/assumptions?lang={lang}')}</li>",
        f"<li>{_link(t('export.report.open_scenario', lang), scenario_url)}</li>",
        "</ul>",
    ]


def _sources_section(scenario, preset, app_url: str | None, lang: str) -> list[str]:
    """Where the numbers come from: the preset's sources and assumptions, the parameters, links to the app."""
    return [
        _h2("export.report.sources", lang),
        *_preset_sources(preset, lang),
        f"<p>{_e(t('export.report.parameters', lang))}</p>",
        *_app_links(scenario, preset, app_url, lang),
        _note("export.report.model_note", lang),
    ]


def _report_page(title: str, body: str, head_script: str, lang: str) -> str:
    """The report's one HTML file around ``body`` (already HTML): head, inline style, plotly.js when needed."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(t('export.report.title', lang, name=title))}</title>\n"
        f"<style>{_CSS}</style>\n{head_script}</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def scenario_report_html(
    scenario,
    results: Mapping,
    lang: str,
    *,
    preset=None,
    households: list[dict] | None = None,
    params=None,
    charts: str = "plotly",
    app_url: str | None = None,
    generated: date | None = None,
    bands: Mapping | None = None,
) -> str:
    """A one-file HTML report of ``scenario`` for a workshop handout, in ``lang``.

    ``results`` is :func:`models.compare.compare`'s output (``ui.data.results(scenario)``). The report has
    the scenario's name, its explanation and levers (non-default values), its place on the three value axes,
    the headline results (net cost, winners and losers, poverty, Gini), the decile chart, the example
    households' net incomes today and under the scenario, and the sources (the preset's, and where every
    parameter's source is). ``households`` are rows of :func:`ui.households.example_net_incomes` (computed
    here from ``params`` when None). ``charts``: "plotly" (interactive, plotly.js inline once, about 5 MB),
    "png" (images via kaleido; falls back to "plotly" with a note when chromium fails) or "none". ``bands``: the
    scenario's uncertainty bands (:mod:`ui.bands`), shown after the headline when given.
    Everything is in the one file: no script, style or image is loaded from elsewhere.
    """
    lang = _lang(lang)
    if preset is None:
        preset = find_preset(scenario)
    if households is None:
        households = example_net_incomes(params if params is not None else load_parameters(scenario.law), scenario)
    title = scenario_title(scenario, lang, preset)
    base_name = t("export.report.todays_system", lang)
    figs = {
        "deciles": decile_chart(results.get("deciles", []), lang),
        "households": examples_chart(households, lang, base_name, title),
    }
    chart_html, note, head_script = _report_charts(figs, charts, lang)
    parts = [
        *_intro_section(title, preset, generated or date.today(), lang, scenario.law),
        note,
        *_levers_section(scenario, lang),
        *_axes_section(results, lang),
        *_headline_section(results, lang),
        *_bands_section(bands, scenario, lang),
        *_deciles_section(results, chart_html["deciles"], lang),
        *_households_section(households, chart_html["households"], base_name, title, lang),
        *_sources_section(scenario, preset, app_url, lang),
    ]
    return _report_page(title, "\n".join(p for p in parts if p), head_script, lang)


def _scenario_query(scenario, preset, lang: str) -> str:
    from ui.state import encode_scenario  # here, not above: ui.state imports streamlit

    if preset is not None:
        return urlencode({"preset": preset.name, "lang": lang})
    if scenario.is_baseline and not scenario.name:
        return urlencode({"lang": lang})
    return urlencode({"s": encode_scenario(scenario), "lang": lang})


def slug(text: str) -> str:
    """A file-name-safe ASCII slug ("Korhoset – nettotulot" → "korhoset-nettotulot")."""
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", "Ä": "a", "Ö": "o", "Å": "a", "é": "e", "ü": "u"})
    s = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return s[:80] or "arvovalinnat"


# --- Streamlit helpers ------------------------------------------------------------------------------------------
def app_base_url() -> str | None:
    """The app's address as the browser sees it (for the report's links), or None outside a session."""
    import streamlit as st

    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - no session (AppTest, bare mode)
        return None
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def titled(fig: go.Figure, title: str) -> go.Figure:
    """A copy of ``fig`` with ``title`` on it, unless it has one (an exported image stands on its own)."""
    if fig.layout.title.text:
        return fig
    out = go.Figure(fig)
    out.update_layout(title={"text": html.escape(title, quote=False)}, margin={"t": 90})
    return out


def chart_downloads(fig: go.Figure, name: str, lang: str, key: str) -> None:
    """Download buttons under a chart: PNG and SVG (rendered with kaleido when asked, about 3 s) and a
    standalone HTML file. ``name`` is the exported chart's title and file name. When chromium fails the
    page says so and the HTML file is the way out."""
    import streamlit as st

    file = slug(name)
    fig = titled(fig, name)
    digest = _fig_digest(fig)
    store = st.session_state.setdefault("export.images", {})
    entry = store.get(key)
    if entry is not None and entry[0] != digest:
        entry = None
    c1, c2, c3 = st.columns(3)
    if entry is None:
        if images_available():
            if c1.button(
                t("export.prepare_images", lang), key=f"{key}.prepare", help=t("export.prepare_images_help", lang)
            ):
                with st.spinner(t("export.rendering", lang)):
                    try:
                        entry = (digest, figure_images(fig), "")
                    except ExportError as exc:
                        entry = (digest, None, str(exc))
                store[key] = entry
        else:
            entry = (digest, None, t("export.no_chromium", lang))
    if entry is not None:
        if entry[1]:
            for column, fmt in ((c1, "png"), (c2, "svg")):
                column.download_button(
                    t(f"export.{fmt}", lang),
                    entry[1][fmt],
                    file_name=f"{file}.{fmt}",
                    mime=MIME[fmt],
                    key=f"{key}.{fmt}",
                    on_click="ignore",
                )
        else:
            st.warning(t("export.images_failed", lang, reason=entry[2][:200]))
    c3.download_button(
        t("export.html", lang),
        data=lambda: figure_html(fig, name, lang),
        file_name=f"{file}.html",
        mime=MIME["html"],
        key=f"{key}.html",
        help=t("export.html_help", lang),
        on_click="ignore",
    )


def table_download(table, name: str, lang: str, key: str) -> None:
    """A CSV download button for a table (locale-aware separators)."""
    import streamlit as st

    st.download_button(
        t("export.csv", lang),
        table_csv(table, lang),
        file_name=f"{slug(name)}.csv",
        mime=MIME["csv"],
        key=key,
        on_click="ignore",
    )


def report_section(scenario, lang: str, key: str = "export.report", households: list[dict] | None = None) -> None:
    """The workshop handout: a button builds the scenario's one-file HTML report, then offers it."""
    import streamlit as st

    from ui import data
    from ui.bands import cached
    from ui.state import current_preset

    st.subheader(t("export.report.section", lang))
    st.caption(t("export.report.section_help", lang))
    as_images = st.checkbox(
        t("export.report.as_images", lang),
        key=f"{key}.as_images",
        disabled=not images_available(),
        help=t("export.report.as_images_help", lang),
    )
    digest = (scenario.model_dump_json(), lang, bool(as_images))
    if st.button(t("export.report.prepare", lang), key=f"{key}.prepare", type="primary"):
        presets = law_presets_at(scenario.law)
        preset = presets.get(current_preset() or "")
        if preset is not None and preset.scenario != scenario:
            preset = None
        with st.spinner(t("export.report.preparing", lang)):
            results = data.results(scenario, traps=False)
            text = scenario_report_html(
                scenario,
                results,
                lang,
                preset=preset,
                households=households,
                charts="png" if as_images else "plotly",
                app_url=app_base_url(),
                bands=cached(scenario),
            )
        st.session_state[f"{key}.html"] = (digest, text, scenario_title(scenario, lang, preset))
    stored = st.session_state.get(f"{key}.html")
    if stored is not None and stored[0] == digest:
        st.download_button(
            t("export.report.download", lang),
            stored[1].encode("utf-8"),
            file_name=f"{slug(t('export.report.file', lang) + ' ' + stored[2])}.html",
            mime=MIME["html"],
            key=f"{key}.download",
            on_click="ignore",
        )
