"""Uncertainty bands on the Results and Compare pages (docs/UNCERTAINTY.md): how far a headline result moves when the
synthetic population is drawn again and the uncertain assumptions are drawn from their stated ranges.

A band is computed on request (a button), on the distributed engine, in the background when it takes longer than the
page's budget (:mod:`ui.jobs`), and cached on disk for every later visitor (:func:`models.sweeps.cached_bands`).
:func:`bands_table` is a pure builder (a DataFrame); :func:`bands_section` and :func:`compare_bands` draw.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from models.scenario import Scenario
from models.sweeps import BandRun, cached_bands, compute_bands, prepare_bands
from ui import data
from ui.bands_text import bands_table, explanation, shown_metrics, value_text
from ui.charts import csv_bytes
from ui.i18n import fmt_number, t
from ui.jobs import Job, jobs, progress_bar, wait

#: The synthetic population's seed the app runs on (``ui.data``'s default).
POPULATION_SEED = 2025


def band_run(scenario: Scenario) -> BandRun:
    """The band of ``scenario`` as the app runs it: its population size, seed and law."""
    return prepare_bands(scenario, data.population_size(), POPULATION_SEED, scenario.law)


def cached(scenario: Scenario) -> dict | None:
    """The scenario's bands when they have been computed (for the report), else None."""
    return cached_bands(band_run(scenario))


def _job_text(lang: str):
    def text(job: Job) -> str:
        left = job.seconds_left()
        eta = "" if left is None else " " + t("bands.eta", lang, seconds=fmt_number(max(left, 1), lang))
        return t("bands.running", lang, done=fmt_number(job.done, lang), total=fmt_number(job.total, lang)) + eta

    return text


def start(run: BandRun) -> Job:
    """The band's job (started unless it runs already)."""
    return jobs().start(run.key, lambda client, progress: compute_bands(run, client, progress))


def _pending(run: BandRun, lang: str, key: str) -> None:
    """No band yet: the button, or the running job's progress, or its error."""
    job = jobs().get(run.key)
    if job is not None and not job.finished:
        progress_bar(run.key, _job_text(lang))
        return
    if job is not None and job.error:
        st.error(t("bands.error", lang), icon=":material/error:")
    st.caption(t("bands.offer", lang, draws=fmt_number(run.spec.draws, lang)))
    if st.button(t("bands.compute", lang), key=f"{key}.compute", icon=":material/stacked_line_chart:"):
        if wait(start(run)):
            st.rerun()
        progress_bar(run.key, _job_text(lang))


def bands_section(scenario: Scenario, lang: str, key: str = "results.bands") -> None:
    """The scenario's bands with their plain explanation and a CSV download, or the way to compute them."""
    run = band_run(scenario)
    bands = cached_bands(run)
    with st.expander(t("bands.title", lang), expanded=bands is not None, key=f"{key}.section", icon=":material/tune:"):
        if bands is None:
            _pending(run, lang, key)
            return
        st.markdown(explanation(bands, lang))
        table = bands_table(bands, scenario, lang)
        st.dataframe(table, hide_index=True, key=f"{key}.table")
        if "net_cost_eur" not in shown_metrics(bands, scenario):
            st.caption(t("bands.neutral_note", lang))
        st.caption(t("bands.not_model_error", lang))
        st.download_button(
            t("bands.download", lang),
            csv_bytes(table, lang),
            file_name="arvovalinnat-bands.csv",
            mime="text/csv",
            key=f"{key}.csv",
            on_click="ignore",
            icon=":material/download:",
        )


def compare_table(scenarios: Mapping[str, Scenario], lang: str) -> tuple[pd.DataFrame, list[str]]:
    """One row per scenario with a band (the value and its band per result), and the labels still without one."""
    rows, missing = [], []
    for label, scenario in scenarios.items():
        bands = cached_bands(band_run(scenario))
        if bands is None:
            missing.append(label)
            continue
        row = {t("bands.col.scenario", lang): label}
        for m in shown_metrics(bands, scenario):
            b, method = bands["metrics"][m], scenario.financing.method
            row[t(f"bands.metric.{m}", lang)] = t(
                "bands.value_range",
                lang,
                value=value_text(m, b["central"], lang, method),
                low=value_text(m, b["low"], lang, method),
                high=value_text(m, b["high"], lang, method),
            )
        rows.append(row)
    return pd.DataFrame(rows), missing


def compare_bands(scenarios: Mapping[str, Scenario], lang: str) -> None:
    """The Compare page's bands: a table of the scenarios that have one, and the button for the others."""
    st.subheader(t("bands.compare.title", lang))
    table, missing = compare_table(scenarios, lang)
    if len(table):
        st.caption(t("bands.compare.caption", lang))
        st.dataframe(table, hide_index=True, key="compare.bands.table")
        st.download_button(
            t("bands.download", lang),
            csv_bytes(table, lang),
            file_name="arvovalinnat-compare-bands.csv",
            mime="text/csv",
            key="compare.bands.csv",
            on_click="ignore",
            icon=":material/download:",
        )
    runs = {label: band_run(scenarios[label]) for label in missing}
    running = [r for r in runs.values() if (job := jobs().get(r.key)) is not None and not job.finished]
    for r in running:
        progress_bar(r.key, _job_text(lang))
    if missing and not running:
        st.caption(t("bands.compare.missing", lang, names=", ".join(missing)))
        if st.button(
            t("bands.compare.compute", lang), key="compare.bands.compute", icon=":material/stacked_line_chart:"
        ):
            started = [start(r) for r in runs.values()]
            if all(wait(j) for j in started):
                st.rerun()
            for r in runs.values():
                progress_bar(r.key, _job_text(lang))
