"""How far to trust a figure (issue 15, point 8): numbers of the assumptions page in the locale with their units,
the validation page's opening summary, and a short note next to every result that leans on a component with a
known gap against the official figures.

- Pure: :func:`unit_name`, :func:`parameter_value`, :func:`official_value`, :func:`signed_pct`,
  :func:`summary_lines`, :func:`note_text`.
- Streamlit: :func:`gap_notes` (the notes under a page's results), :func:`validation_summary` (the opening).

Which validation row is about which result, and the thresholds, are in ``assumptions/validation/gaps.yaml``
(:mod:`models.validation_gaps`); the table is the running population's own (``ui.data.validation``), so the notes
and the summary change when the model's figures do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from models.validation import official_rows
from models.validation_gaps import Gap, known_gaps, leaning, load_config, summary
from ui import data
from ui.i18n import fmt_eur, fmt_meur, fmt_number, fmt_pct, t, translations
from ui.page import md
from ui.plain_names import option_name

#: Units of the parameter files (docs/DEVELOPING.md) that are amounts of money, and their translation keys.
_MONEY = {"EUR/month": "plain.unit.eur_month", "EUR/day": "plain.unit.eur_day", "EUR/year": "plain.unit.eur_year"}
_COUNTS = {"days": "trust.unit.days", "months": "trust.unit.months", "years": "plain.unit.years"}
_MAX_TABLE_TEXT = 220


def unit_name(unit: str, lang: str) -> str:
    """A unit of the parameter files in words ("EUR/month" → "€/kk")."""
    key = f"trust.unit_name.{unit.replace('/', '_per_').replace(' ', '_')}"
    return t(key, lang) if key in translations() else unit


def _decimals(x: float, most: int = 4) -> int:
    for d in range(most + 1):
        if abs(round(x, d) - x) < 1e-9:
            return d
    return most


def _number(x: float, unit: str, lang: str) -> str:
    if unit in _MONEY:
        return t(_MONEY[unit], lang, x=fmt_eur(x, lang, _decimals(x, 2)))
    if unit == "EUR":
        return fmt_eur(x, lang, _decimals(x, 2))
    if unit in _COUNTS:
        return t(_COUNTS[unit], lang, x=fmt_number(x, lang, _decimals(x)))
    return fmt_number(x, lang, _decimals(x))


def _table_value(value: Any, lang: str, unit: str) -> str:
    """A table or scale parameter: its keys in words where the app has them, its numbers in the locale."""
    if isinstance(value, Mapping):
        if set(value) == {"threshold", "rate"}:
            return f"{fmt_eur(float(value['threshold']), lang)}: {fmt_pct(float(value['rate']), lang, 2)}"
        return "; ".join(f"{option_name(str(k), lang)}: {_table_value(v, lang, unit)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " / ".join(_table_value(v, lang, unit) for v in value)
    if isinstance(value, bool):
        return t("export.yes" if value else "export.no", lang)
    if isinstance(value, (int, float)):
        return fmt_number(float(value), lang, _decimals(float(value)))
    return option_name(str(value), lang)


def parameter_value(value: Any, unit: str, lang: str) -> str:
    """A parameter's value for the assumptions page: ``286127.6037`` → "286 127,6037", money with "€/kk"."""
    if isinstance(value, bool):
        return t("export.yes" if value else "export.no", lang)
    if isinstance(value, (int, float)):
        return _number(float(value), unit, lang)
    text = _table_value(value, lang, unit)
    return text if len(text) <= _MAX_TABLE_TEXT else text[: _MAX_TABLE_TEXT - 1] + "…"


def measures() -> dict[str, str]:
    """Each validation row's measure (expenditure, recipients, rate, index, income) from official.yaml."""
    return {r["key"]: r.get("measure", "") for r in official_rows()}


def official_value(x: float | None, unit: str, lang: str, measure: str = "") -> str:
    """A simulated or official figure of the validation table in the locale (its unit is in its own column)."""
    if x is None:
        return "–"
    if unit == "/1":
        return fmt_number(x, lang, 3) if measure == "index" else fmt_pct(x, lang, 1)
    if unit == "EUR/year" and abs(x) >= 1e6:
        return fmt_meur(x, lang)
    if unit.startswith("EUR"):
        return fmt_eur(x, lang)
    return fmt_number(x, lang, 0 if abs(x) >= 100 else _decimals(x, 2))


def signed_pct(x: float | None, lang: str, decimals: int = 0) -> str:
    """A deviation in per cent with its sign: "+75 %", "−47 %" ("–" when there is none)."""
    if x is None:
        return "–"
    x = round(x, decimals)
    sign = "+" if x > 0 else "−" if x < 0 else ""
    number = fmt_number(abs(x), lang, decimals)
    return f"{sign}{number}\u00a0%" if lang in ("fi", "sv") else f"{sign}{number}%"


def result_name(result: str, lang: str) -> str:
    """A result a gap is about, in words (a component of the totals or a distributional figure)."""
    key = f"trust.result.{result}"
    return t(key, lang) if key in translations() else option_name(result, lang)


def note_text(gaps: Iterable[Gap], lang: str) -> str:
    """One short note for the results that lean on components with known gaps: each component, its worst row's
    label, deviation and year."""
    items = [
        t(
            "trust.note.item",
            lang,
            result=result_name(g.result or "", lang),
            label=g.label,
            deviation=signed_pct(g.deviation_pct, lang),
            year=g.year,
        )
        for g in gaps
    ]
    return t("trust.note", lang, items="; ".join(items))


def _listed(gaps: Iterable[Gap], lang: str, with_deviation: bool) -> str:
    items = [f"{g.label} ({signed_pct(g.deviation_pct, lang)})" if with_deviation else g.label for g in gaps]
    return "; ".join(items) or t("trust.summary.none", lang)


def summary_lines(table: list[Mapping[str, Any]], lang: str) -> list[str]:
    """The validation page's opening, computed from the table: what is close, what is within the aim, what is not."""
    config = load_config()
    s = summary(table, config)
    good, aim = fmt_number(config.good_pct, lang), fmt_number(config.note_pct, lang)
    return [
        t("trust.summary.close", lang, pct=good, n=len(s.close), rows=_listed(s.close, lang, False)),
        t("trust.summary.within", lang, pct=aim, n=len(s.within_aim), rows=_listed(s.within_aim, lang, True)),
        t("trust.summary.larger", lang, pct=aim, n=len(s.larger), rows=_listed(s.larger, lang, True)),
        t("trust.summary.not_comparable", lang, n=s.not_comparable),
    ]


# --- streamlit -----------------------------------------------------------------------------------------------------
def validation_summary(table: list[Mapping[str, Any]], lang: str) -> None:
    """The plain summary the validation section opens with."""
    st.markdown(f"**{t('trust.summary.title', lang)}**")
    st.markdown("\n".join(f"- {line}" for line in summary_lines(table, lang)))


def gap_notes(runs: Iterable[Mapping[str, Any]], lang: str, shown: Iterable[str] = (), view: str | None = None) -> None:
    """A short note for each result on this page that leans on a component with a known gap: the components any of
    the scenario ``runs`` changes materially, the figures the page shows (``shown``) and the page's own (``view``
    in gaps.yaml). The notes sit in a container keyed ``trust.notes.<view or "results">``."""
    config = load_config()
    gaps = known_gaps(data.validation(lang), config)
    shown = tuple(shown)
    wanted = [c for r in runs for c in leaning(r, (), config)] + list(shown) + list(config.views.get(view or "", ()))
    seen = list(dict.fromkeys(c for c in wanted if c in gaps))
    if seen:
        with st.container(key=f"trust.notes.{view or 'results'}"):
            st.caption(":material/warning: " + md(note_text([gaps[c] for c in seen], lang)))
