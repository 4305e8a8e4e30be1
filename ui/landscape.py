"""Page helpers of the landscape (pages/landscape.py) and its card in the workshop room.

- A landscape is a shipped spec (``assumptions/landscapes``) or the user's file (:func:`read_upload`), swept on the
  app's population (:func:`run_for`); :func:`frame` reads what is on disk so far, :func:`start_build` computes the
  rest in the background (:mod:`ui.jobs`), for everyone.
- :func:`active_record` runs one scenario (the active one, the room's) under the landscape's financing here, in the
  page's process, so it can be placed among the designs.
- :func:`sentence` says in plain words whether a design beats a reference (today's law, the user's scenario) on both
  outcomes; :func:`open_design` opens a clicked design on the workbench.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from models.baseline import BaselineRun, baseline_run
from models.distributed import cache_dir, default_workers, read_chunks
from models.landscape import OUTCOMES, best_against, evaluate, frontier
from models.landscape_spec import (
    MAX_SPEC_BYTES,
    FinancingRule,
    LandscapeSpec,
    LandscapeSpecError,
    expand,
    load_landscapes,
    read_spec_text,
)
from models.parameters import Parameters, load_parameters
from models.population.core import Population
from models.population.store import load_population
from models.presets import load_presets
from models.runtime import engine_slot
from models.scenario import Scenario
from models.sweeps import LandscapeRun, prepare_landscape, sweep
from ui import data
from ui.charts_landscape import active_marker, cloud_chart, family_title, plotted, reference_markers
from ui.i18n import fmt_meur, fmt_number, fmt_points, t, translations
from ui.jobs import Job, jobs
from ui.page import md
from ui.state import set_scenario
from ui.theme import PLOTLY_CONFIG

#: Most designs the app computes for an uploaded spec (larger ones are for the CLI and a cluster).
MAX_APP_VARIANTS = 3000
#: The two ready-made views: (horizontal, vertical) outcome.
VIEWS = {"poverty_emtr": ("emtr_median", "poverty_rate"), "universality_rate": ("financing_rate", "universality")}


def specs() -> dict[str, LandscapeSpec]:
    return load_landscapes()


def spec_title(spec: LandscapeSpec, lang: str) -> str:
    return getattr(spec.title, lang)


def read_upload(content: bytes, name: str) -> LandscapeSpec:
    """An uploaded spec, validated (its size checked before it is read; at most ``MAX_APP_VARIANTS`` designs)."""
    if len(content) > MAX_SPEC_BYTES:
        raise LandscapeSpecError(name, [("(file)", f"larger than {MAX_SPEC_BYTES // 1000} kB")])
    spec = read_spec_text(content.decode("utf-8", errors="replace"), name, Path(name).stem[:40])
    n = len(expand(spec))
    if n > MAX_APP_VARIANTS:
        raise LandscapeSpecError(name, [("families", f"{n} designs; the app computes at most {MAX_APP_VARIANTS}")])
    return spec


@st.cache_resource(max_entries=16, show_spinner=False)
def _run(spec: LandscapeSpec, size: int, directory: str) -> LandscapeRun:
    return prepare_landscape(spec, size, cache_dir=Path(directory))


def run_for(spec: LandscapeSpec) -> LandscapeRun:
    """The sweep of ``spec`` on the app's population size (the spec's seed and law)."""
    return _run(spec, data.population_size(), str(cache_dir()))


def _stamp(directory: Path) -> tuple[int, int]:
    files = list(directory.glob("chunk-*.parquet"))
    return len(files), max((f.stat().st_mtime_ns for f in files), default=0)


@st.cache_data(max_entries=16, show_spinner=False)
def _frame(directory: str, stamp: tuple[int, int]) -> pd.DataFrame | None:
    table = read_chunks(Path(directory))
    return None if table is None else table.sort_by("variant").to_pandas()


def frame(run: LandscapeRun) -> pd.DataFrame | None:
    """The designs computed so far (None before the first part)."""
    if not run.directory.exists():
        return None
    return _frame(str(run.directory), _stamp(run.directory))


def start_build(run: LandscapeRun) -> Job:
    return jobs().start(run.key, lambda client, progress: sweep(run, client, progress))


# --- one scenario under the landscape's financing, here -------------------------------------------------------------
@st.cache_resource(max_entries=4, show_spinner=False)
def _population(size: int, seed: int) -> Population:
    with engine_slot():
        return load_population(size, seed=seed)


@st.cache_resource(max_entries=4, show_spinner=False)
def _baseline(size: int, seed: int, law_date: Any) -> tuple[Parameters, BaselineRun]:
    params = load_parameters(law_date)
    with engine_slot():
        return params, baseline_run(_population(size, seed), params)


@st.cache_data(max_entries=256, show_spinner=False)
def _record(scenario: Scenario, rule: FinancingRule, law_date: Any, size: int, seed: int) -> tuple[dict, float]:
    params, base = _baseline(size, seed, law_date)
    t0 = time.perf_counter()
    with engine_slot():
        record = evaluate(_population(size, seed), params, base, scenario, rule)
    return record, time.perf_counter() - t0


def active_record(scenario: Scenario, spec: LandscapeSpec) -> dict:
    """``scenario`` financed as the landscape's designs are, on the same population and law."""
    return _record(scenario, spec.financing, spec.law_date, data.population_size(), spec.population.seed)[0]


def minutes_to_build(run: LandscapeRun) -> float:
    """The build's time at the pace of one of its designs run here, on the cluster's workers."""
    seconds = _record(run.variants[0].scenario, run.spec.financing, run.spec.law_date, run.size, run.seed)[1]
    return len(run.variants) * seconds / default_workers() / 60


# --- texts ----------------------------------------------------------------------------------------------------------
def financing_text(spec: LandscapeSpec, lang: str) -> str:
    rule = spec.financing
    if rule.method == "none":
        return t("ls.financing.none", lang)
    method = t(f"lever.option.{rule.method}", lang)
    if rule.net_cost_eur == 0:
        return t("ls.financing.neutral", lang, method=method)
    return t("ls.financing.fixed", lang, method=method, cost=fmt_meur(rule.net_cost_eur, lang))


def lever_value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return t("ls.yes" if value else "ls.no", lang)
    if isinstance(value, (int, float)):
        return fmt_number(value, lang, 0 if float(value).is_integer() else 2)
    key = f"lever.option.{value}"
    return t(key, lang) if key in translations() else str(value)


def lever_text(levers_json: str, lang: str) -> str:
    """A design's varied levers in words: "Basic income for adults, €/month: 500 · Taxable: yes"."""
    levers = json.loads(levers_json) if levers_json else {}
    parts = []
    for path, value in levers.items():
        key = f"lever.{path}"
        label = t(key, lang) if key in translations() else path
        parts.append(f"{label}: {lever_value(value, lang)}")
    return " · ".join(parts)


def family_titles(spec: LandscapeSpec, lang: str) -> dict[str, str]:
    return {f.name: getattr(f.title, lang) if f.title else family_title(f.name, lang) for f in spec.families}


def row_names(df: pd.DataFrame, spec: LandscapeSpec, lang: str) -> list[str]:
    """Each row's title: "<family> no. <n>", or the named model's title."""
    titles, presets = family_titles(spec, lang), load_presets()
    out = []
    for family, preset, variant in zip(df["family"], df["preset"], df["variant"], strict=True):
        if preset:
            out.append(getattr(presets[preset].title, lang) if preset in presets else preset)
        else:
            out.append(t("ls.variant_name", lang, family=titles.get(family, family), n=int(variant) + 1))
    return out


def difference(outcome: str, value: float, lang: str) -> str:
    """An improvement's size in the outcome's unit (always positive: the phrase says which way)."""
    kind, v = OUTCOMES[outcome].kind, abs(value)
    if kind in ("share", "rate", "points"):
        return fmt_points(v, lang, 1 if v >= 0.001 else 2).lstrip("+±")
    if kind == "eur":
        return fmt_meur(v, lang)
    if kind == "persons":
        return fmt_number(v, lang)
    return fmt_number(v, lang, 2)


def sentence(
    df: pd.DataFrame, x: str, y: str, ref: Mapping[str, Any], who: str, names: list[str], lang: str, same_cost: bool
) -> str:
    """Whether a design of ``df`` beats the reference ``ref`` (``who``: "today" or "you") on both outcomes."""
    designs = df["preset"].to_numpy() == ""
    xs, ys = df[x].to_numpy(dtype=float), df[y].to_numpy(dtype=float)
    xs, ys = np.where(designs, xs, np.nan), np.where(designs, ys, np.nan)
    best = best_against(xs, ys, x, y, (float(ref[x]), float(ref[y])))
    if best is None:
        return t("ls.sentence.unbeaten", lang, ref=t(f"ls.ref.{who}_name", lang).capitalize())
    row = df.iloc[best]
    a = t(f"ls.better.{y}", lang, d=difference(y, row[y] - ref[y], lang))
    b = t(f"ls.better.{x}", lang, d=difference(x, row[x] - ref[x], lang))
    design = f"{names[best]} ({lever_text(row['levers'], lang)})"
    key = "ls.sentence.beaten" if same_cost else "ls.sentence.beaten_any_cost"
    return t(key, lang, a=a, b=b, ref=t(f"ls.ref.{who}", lang), design=design)


def status_text(spec: LandscapeSpec, run: LandscapeRun, lang: str) -> str:
    return t(
        "ls.status",
        lang,
        n=fmt_number(len(run.variants), lang),
        households=fmt_number(run.size, lang),
        date=spec.law_date.strftime("%-d.%-m.%Y") if lang != "en" else spec.law_date.isoformat(),
        financing=financing_text(spec, lang),
    )


def open_design(row: Mapping[str, Any], name: str) -> None:
    """Make the design of ``row`` the active scenario and open the workbench."""
    scenario = Scenario.model_validate_json(row["scenario"]).model_copy(update={"name": name[:120]})
    set_scenario(scenario)
    st.switch_page("pages/workbench.py")


def design_table(
    df: pd.DataFrame,
    rows: np.ndarray,
    names: list[str],
    levers: list[str],
    x: str,
    y: str,
    lang: str,
    every: bool = False,
) -> pd.DataFrame:
    """The designs ``rows`` with their levers and the two outcomes (``every``: all outcomes), as the axes show them."""
    outcomes = [o for o in OUTCOMES if df[o].notna().any()] if every else [x, y]
    out = pd.DataFrame(
        {
            t("ls.col.design", lang): [names[i] for i in rows],
            t("ls.col.levers", lang): [levers[i] for i in rows],
        }
    )
    for o in outcomes:
        out[t(f"ls.outcome.{o}", lang)] = np.round(plotted(df[o].to_numpy(dtype=float)[rows], o), 4)
    return out


def landscape_card(scenario: Scenario, lang: str, key: str = "ws.landscape") -> None:
    """The room's scenario on the default landscape, behind a switch (the chart has thousands of points)."""
    if not st.toggle(t("ls.ws.title", lang), key=f"{key}.show"):
        return
    built = [(s, frame(run_for(s))) for s in specs().values()]
    spec, df = next(((s, f) for s, f in built if f is not None), (None, None))  # the default first, if built
    if spec is None or df is None:
        st.caption(t("ls.ws.not_built", lang))
        return
    st.caption(f"{spec_title(spec, lang)} · {status_text(spec, run_for(spec), lang)}")
    x, y = VIEWS["poverty_emtr"]
    names = row_names(df, spec, lang)
    levers = [lever_text(v, lang) for v in df["levers"]]
    designs = np.flatnonzero(df["preset"].to_numpy() == "")
    front = designs[frontier(df[x].to_numpy(float)[designs], df[y].to_numpy(float)[designs], x, y)]
    room = None if scenario.is_baseline else active_record(scenario, spec)
    titles = {k: getattr(p.title, lang) for k, p in load_presets().items()}
    markers = reference_markers(df, titles, lang) + active_marker(room, t("ls.chart.room", lang))
    fig = cloud_chart(
        df,
        x,
        y,
        front,
        markers,
        lang,
        family_titles(spec, lang),
        names,
        levers,
        height=520,
        title=t("ls.view.poverty_emtr", lang),
    )
    st.plotly_chart(fig, key=f"{key}.chart", config=PLOTLY_CONFIG, theme=None)
    if room is not None:
        st.markdown(f"**{md(sentence(df, x, y, room, 'room', names, lang, spec.financing.method != 'none'))}**")
