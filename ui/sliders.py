"""Sliders whose numbers follow the app's language (not the browser's): "1 400 €" and "0,80" in Finnish and
Swedish, "€1,400" and "0.80" in English.

Streamlit draws a slider's numbers in the browser with a printf format (sprintf.js), which can group
thousands with any character (``%'<c>,d``) but always writes a decimal point; its ``"localized"`` format
follows the browser's locale, not the language chosen in the app. So:

- a slider whose values are whole numbers is an ``st.slider`` with a format from :func:`printf_format`
  (thousands grouped as the language does, the unit where the language puts it);
- a slider with decimals is an ``st.select_slider`` over the same grid of values, each labelled in Python
  with :func:`ui.i18n.fmt_number` (the value itself is the number, as with ``st.slider``).

:func:`number_slider` chooses between them; :func:`grid` and :func:`label` are the pure parts.

A number typed rather than slid (:func:`number_field`) is a text field for the same reason: ``st.number_input``
writes and reads a decimal point only. The field shows the value as the language writes it, reads what a person
types in that language (:func:`ui.i18n.parse_number`) and, when the text is not a number in the field's range,
says so under the field, naming it, and keeps the previous value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.i18n import fmt_eur, fmt_number, fmt_pct, parse_number, t

#: Thin spaces group thousands in Finnish and Swedish (as :func:`ui.i18n.fmt_number` does).
_GROUP = {"fi": "\u202f", "sv": "\u202f", "en": ","}


def decimals_of(step: float) -> int:
    """Decimals a value on a grid of ``step`` needs (0.05 → 2, 10 → 0)."""
    d = 0
    while d < 6 and not math.isclose(round(step, d), step, rel_tol=0, abs_tol=1e-9):
        d += 1
    return d


def printf_format(unit: str | None, lang: str) -> str:
    """A sprintf.js format for whole numbers in ``lang`` with ``unit`` ("eur", "pct" or None)."""
    sep = _GROUP.get(lang, ",")
    number = "%,d" if sep == "," else f"%'{sep},d"
    if unit == "eur":
        return f"€{number}" if lang == "en" else f"{number}\u00a0€"
    if unit == "pct":
        return f"{number}%%" if lang == "en" else f"{number}\u00a0%%"
    return number


def label(value: float, unit: str | None, lang: str, decimals: int) -> str:
    """A slider value as the language writes it (``unit`` "pct" means the value is already in per cent)."""
    if unit == "eur":
        return fmt_eur(value, lang, decimals)
    if unit == "pct":
        return fmt_pct(value / 100, lang, decimals)
    return fmt_number(value, lang, decimals)


def grid(lo: float, hi: float, step: float, extra: float | None = None) -> list[float]:
    """The values from ``lo`` to ``hi`` in ``step``s (rounded to the step's decimals), with ``extra`` added when it
    lies between the steps (a preset's value that is not on the grid stays reachable)."""
    d = decimals_of(step)
    n = int(round((hi - lo) / step))
    values = [round(lo + i * step, d) for i in range(n + 1)]
    if extra is not None and lo <= extra <= hi and extra not in values:
        values = sorted([*values, extra])
    return values


def whole(lo: float, hi: float, step: float) -> bool:
    """Whether every value on the grid is a whole number."""
    return all(math.isclose(x, round(x), abs_tol=1e-9) for x in (lo, hi, step))


def number_slider(
    text: str,
    lo: float,
    hi: float,
    step: float,
    *,
    key: str,
    lang: str,
    unit: str | None = None,
    help: str | None = None,
    disabled: bool = False,
    on_change: Callable[..., Any] | None = None,
    args: tuple | None = None,
) -> float:
    """A slider from ``lo`` to ``hi`` in ``step``s keyed ``key`` (its value set in ``st.session_state`` before the
    call, as the lever widgets do), its numbers written in ``lang``."""
    current = st.session_state.get(key)
    on_grid = not isinstance(current, (int, float)) or math.isclose(current, round(current), abs_tol=1e-9)
    if whole(lo, hi, step) and on_grid:
        return st.slider(
            text,
            min_value=float(lo),
            max_value=float(hi),
            step=float(step),
            format=printf_format(unit, lang),
            key=key,
            help=help,
            disabled=disabled,
            on_change=on_change,
            args=args,
        )
    d = max(decimals_of(step), decimals_of(float(current)) if isinstance(current, (int, float)) else 0)
    options = grid(lo, hi, step, float(current) if isinstance(current, (int, float)) else None)
    return st.select_slider(
        text,
        options=options,
        format_func=lambda v: label(v, unit, lang, d),
        key=key,
        help=help,
        disabled=disabled,
        on_change=on_change,
        args=args,
    )


def number_field(
    text: str,
    lo: float,
    hi: float,
    step: float,
    *,
    key: str,
    lang: str,
    unit: str | None = None,
    decimals: int | None = None,
    help: str | None = None,
    disabled: bool = False,
) -> float:
    """A typed number from ``lo`` to ``hi`` keyed ``key``, written with ``decimals`` (default: ``step``'s):
    ``st.session_state[key]`` holds the number (set before the call, as the lever widgets do) and ``<key>.text``
    the text shown. A value set from elsewhere (a preset, a file, a solved rate) is written into the text and kept
    exactly while the text is not edited; a text that is not a number in range leaves the number as it was and
    shows a translated error naming the field."""
    d = decimals_of(step) if decimals is None else decimals
    value = float(st.session_state.get(key, lo))
    text_key, shown_key, written_key = f"{key}.text", f"{key}.shown", f"{key}.written"
    if st.session_state.get(shown_key) != value or text_key not in st.session_state:
        st.session_state[text_key] = st.session_state[written_key] = label(value, unit, lang, d)
        st.session_state[shown_key] = value
    typed = st.text_input(text, key=text_key, help=help, disabled=disabled)
    if typed == st.session_state.get(written_key):
        return value  # not edited: the exact number, not its rounded text
    parsed = parse_number(typed, lang)
    previous = label(value, unit, lang, d)
    if parsed is None:
        example = label((lo + hi) / 2, unit, lang, d)
        st.error(t("number.error.not_a_number", lang, field=text, value=typed, example=example, previous=previous))
        return value
    parsed = round(parsed, d)
    if not lo <= parsed <= hi:
        bounds = {"lo": label(lo, unit, lang, d), "hi": label(hi, unit, lang, d)}
        shown = label(parsed, unit, lang, d)
        st.error(t("number.error.range", lang, field=text, value=shown, previous=previous, **bounds))
        return value
    st.session_state[key] = st.session_state[shown_key] = parsed
    st.session_state[written_key] = typed
    return parsed
