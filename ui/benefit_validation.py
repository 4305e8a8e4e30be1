"""The validation, benefit by benefit: what the model spends on a benefit, how many get it, how much each gets and who
they are, each against Kela's and the other official figures (the rows of ``assumptions/validation/official.yaml``
that ``gaps.yaml`` says are about that benefit). A share is compared in percentage points, everything else in per
cent. The grouping is a pure function; :func:`benefit_validation` draws it on the assumptions page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from models.validation_gaps import GapConfig, load_config
from ui.i18n import fmt_number, t, translations
from ui.trust import official_value, result_name, signed_pct, unit_name

#: The sections of a benefit's rows, by the measure of each row (official.yaml), in the order they are shown.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("spending", ("expenditure",)),
    ("recipients", ("recipients",)),
    ("amounts", ("amount", "housing_costs", "income")),
    ("who", ("share",)),
)


def benefit_rows(
    table: Iterable[Mapping[str, Any]],
    row_measures: Mapping[str, str],
    config: GapConfig,
    names: Iterable[str],
) -> dict[str, dict[str, list[Mapping[str, Any]]]]:
    """``{result: {section: [rows]}}`` for the results in ``names`` (those with a name on screen), in the order their
    first row comes in ``table``; a row belongs to the result ``config.rows`` gives it and to the section of its
    measure (:data:`SECTIONS`). Rows of other results or measures, and empty sections, are left out."""
    names = set(names)
    section_of = {measure: section for section, group in SECTIONS for measure in group}
    out: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for row in table:
        result = config.rows.get(row["key"])
        section = section_of.get(row_measures.get(row["key"], ""))
        if result is None or result not in names or section is None:
            continue
        out.setdefault(result, {}).setdefault(section, []).append(row)
    order = [section for section, _ in SECTIONS]
    return {r: {s: sections[s] for s in order if s in sections} for r, sections in out.items()}


def signed_points(x: float | None, lang: str, decimals: int = 1) -> str:
    """A difference of two shares in percentage points with its sign: "+8,3 %-yks.", "−20.0 pp" ("–" if none)."""
    if x is None:
        return "–"
    x = round(x, decimals)
    sign = "+" if x > 0 else "−" if x < 0 else ""
    return f"{sign}{fmt_number(abs(x), lang, decimals)}\u00a0{t('validation.benefit.points', lang)}"


def _deviation(row: Mapping[str, Any], lang: str) -> str:
    if row["unit"] == "/1":
        return signed_points(row.get("deviation_pp"), lang)
    return signed_pct(row.get("deviation_pct"), lang)


def validation_frame(
    rows: Iterable[Mapping[str, Any]], lang: str, row_measures: Mapping[str, str], source: bool = False
) -> pd.DataFrame:
    """Validation rows as a table on screen: figure, model, official, unit, deviation (a share's in percentage points,
    the rest in per cent), year, comparable and, with ``source``, the source's address."""
    rows = list(rows)
    frame = pd.DataFrame(
        {
            t("col.label", lang): [r["label"] for r in rows],
            t("col.simulated", lang): [
                official_value(r["simulated"], r["unit"], lang, row_measures.get(r["key"], "")) for r in rows
            ],
            t("col.official", lang): [
                official_value(r["official"], r["unit"], lang, row_measures.get(r["key"], "")) for r in rows
            ],
            t("col.unit", lang): [unit_name(r["unit"], lang) for r in rows],
            t("validation.benefit.col.deviation", lang): [_deviation(r, lang) for r in rows],
            t("col.year", lang): [str(r["year"]) for r in rows],
            t("trust.col.comparable", lang): [t("export.yes" if r["comparable"] else "export.no", lang) for r in rows],
        }
    )
    if source:
        frame[t("col.source", lang)] = [r["source"].get("href", r["source"].get("title")) for r in rows]
    return frame


def benefit_validation(table: list[Mapping[str, Any]], lang: str, row_measures: Mapping[str, str]) -> None:
    """A choice of benefit and, for it, one table per section that has rows (``row_measures``: each row's measure,
    :func:`ui.trust.measures`, which the page has read for its full table)."""
    named = [key.removeprefix("component.") for key in translations() if key.startswith("component.")]
    grouped = benefit_rows(table, row_measures, load_config(), named)
    if not grouped:
        return
    st.markdown(f"**{t('validation.benefit.title', lang)}**")
    st.caption(t("validation.benefit.help", lang))
    options = list(grouped)
    benefit = st.selectbox(
        t("validation.benefit.choose", lang),
        options,
        format_func=lambda result: result_name(result, lang),
        key="assumptions.benefit",
    )
    for section, rows in grouped[benefit].items():
        st.markdown(f"*{t(f'validation.benefit.section.{section}', lang)}*")
        st.dataframe(validation_frame(rows, lang, row_measures), hide_index=True, width="stretch")
