"""The uncertainty bands in words and tables (no Streamlit): for the Results and Compare pages (:mod:`ui.bands`) and
the scenario report (:mod:`ui.export`). A band is :func:`models.sweeps.compute_bands`' output."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from models.landscape import OUTCOMES
from models.scenario import Scenario
from ui.i18n import fmt_meur, fmt_number, fmt_pct, fmt_points, t


def value_text(metric: str, value: float, lang: str, method: str = "flat_tax") -> str:
    """A result in the locale: shares as per cent, changes in points, euros in millions, persons as numbers."""
    if not math.isfinite(value):
        return "–"
    kind = OUTCOMES[metric].kind
    if kind == "rate":
        return (
            fmt_pct(value, lang, 2)
            if method == "scale"
            else t("bands.unit.pp", lang, x=fmt_number(100 * value, lang, 2))
        )
    if kind == "share":
        return fmt_pct(value, lang, 1)
    if kind == "points":
        return fmt_points(value, lang)
    if kind == "eur":
        return fmt_meur(value, lang)
    if kind == "persons":
        return fmt_number(value, lang)
    return fmt_number(value, lang, 3)


def shown_metrics(bands: Mapping, scenario: Scenario) -> list[str]:
    """The metrics with a band, without the net cost of a budget-neutral scenario (solved to zero in every run)."""
    neutral = scenario.financing.budget_neutral and scenario.financing.method != "none"
    return [m for m in bands["metrics"] if not (neutral and m == "net_cost_eur")]


def bands_table(bands: Mapping, scenario: Scenario, lang: str) -> pd.DataFrame:
    """One row per result: this run's value and the 90 % band."""
    method = scenario.financing.method
    rows = []
    for m in shown_metrics(bands, scenario):
        b = bands["metrics"][m]
        rows.append(
            {
                t("bands.col.result", lang): t(f"bands.metric.{m}", lang),
                t("bands.col.central", lang): value_text(m, b["central"], lang, method),
                t("bands.col.band", lang, level=fmt_pct(bands["level"], lang, 0)): t(
                    "bands.range",
                    lang,
                    low=value_text(m, b["low"], lang, method),
                    high=value_text(m, b["high"], lang, method),
                ),
            }
        )
    return pd.DataFrame(rows)


def explanation(bands: Mapping, lang: str) -> str:
    return t(
        "bands.explained",
        lang,
        draws=fmt_number(bands["draws"], lang),
        seeds=fmt_number(bands["population_seeds"], lang),
        parameters=fmt_number(bands["parameters"], lang),
        level=fmt_pct(bands["level"], lang, 0),
    )
