"""The bureaucracy-traps page's pieces: the calendar grid of work (months × weeks), translated errors of a spells
file, the alternatives chosen on the page, and cached runs of the engine (models/spells.py) and of the
population view (models/spells_population.py).

The calendar grid has one row per simulated month and four week columns (days 1–7, 8–14, 15–21 and 22 to the
month's end) holding the weekly hours worked in that week, and the month's hourly wage. A cell with hours is a
spell covering those days; a spells file with other dates is shown as the average weekly hours of each week and
is replaced by the grid's spells only when the user edits the grid.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import numpy as np
import streamlit as st

from models.parameters import load_parameters
from models.scenario import Scenario
from models.spells import Alternative, SpellsRun, default_alternatives, simulate
from models.spells_input import Problem, SpellsError, SpellsFile, load_spells_bytes, parse_spells
from models.spells_population import load_by_group
from models.system import compute
from ui import data
from ui.i18n import t
from ui.page import md_escape
from ui.state import law_presets

#: The weeks of the calendar grid: first and last day of month (31 = the month's last day).
WEEKS = ((1, 7), (8, 14), (15, 21), (22, 31))
WEEK_COLUMNS = ("w1", "w2", "w3", "w4")
DEFAULT_WAGE = 15.0
#: The alternatives shown beside today's rules, in order.
ALTERNATIVES = ("realtime", "one_application", "general_support", "basic_income")
DEFAULT_GENERAL_SUPPORT = "yleistuki_2026"
DEFAULT_BASIC_INCOME = "basic_income_experiment_560"


# --- the calendar grid ----------------------------------------------------------------------------------------
def _month_days(first: dt.date) -> int:
    return calendar.monthrange(first.year, first.month)[1]


def _weekdays(a: dt.date, b: dt.date) -> int:
    return int(np.busday_count(np.datetime64(a, "D"), np.datetime64(b + dt.timedelta(days=1), "D")))


def month_starts(spells: SpellsFile) -> list[dt.date]:
    first = spells.first_day
    out, y, m = [], first.year, first.month
    for _ in range(spells.months):
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def spells_to_grid(spells: SpellsFile) -> list[dict]:
    """One row per month: ``month`` (YYYY-MM), ``w1``…``w4`` weekly hours in each week (the average over its
    weekdays), ``wage`` (the month's earnings-weighted hourly wage, or the file's last wage when there is no work)."""
    rows = []
    last_wage = spells.spells[0].hourly_wage if spells.spells else DEFAULT_WAGE
    for first in month_starts(spells):
        n = _month_days(first)
        row: dict = {"month": first.strftime("%Y-%m")}
        hours_total, pay_total = 0.0, 0.0
        for col, (a, b) in zip(WEEK_COLUMNS, WEEKS, strict=True):
            start, end = first.replace(day=a), first.replace(day=min(b, n))
            days = _weekdays(start, end)
            worked = 0.0
            for s in spells.spells:
                lo, hi = max(s.start, start), min(s.end, end)
                if lo <= hi:
                    d = _weekdays(lo, hi)
                    worked += d * s.hours_per_week / 5
                    pay_total += d * s.hours_per_week / 5 * s.hourly_wage
            hours_total += worked
            row[col] = round(worked * 5 / days, 2) if days else 0.0
        if hours_total > 0:
            last_wage = round(pay_total / hours_total, 2)
        row["wage"] = last_wage
        rows.append(row)
    return rows


def grid_to_spells(rows: list[dict], spells: SpellsFile) -> tuple[list[dict], list[Problem]]:
    """The grid's spells (JSON-ready) for the months of ``spells``, and the grid's own problems (a cell that is
    not a number, negative hours, hours with no wage), each naming its month and column (``grid.2025-03.w2``)."""
    out, problems = [], []
    for row, first in zip(rows, month_starts(spells), strict=False):
        label = first.strftime("%Y-%m")
        n = _month_days(first)
        wage = _number(row.get("wage"))
        for col, (a, b) in zip(WEEK_COLUMNS, WEEKS, strict=True):
            hours = _number(row.get(col))
            field = f"grid.{label}.{col}"
            if hours is None or not np.isfinite(hours):
                problems.append(Problem(field, "type", "not a number"))
                continue
            if hours < 0 or hours > 80:
                problems.append(
                    Problem(
                        field,
                        "min" if hours < 0 else "max",
                        "hours out of range",
                        (("min", 0),) if hours < 0 else (("max", 80),),
                    )
                )
                continue
            if hours == 0:
                continue
            if wage is None or not np.isfinite(wage) or not 0 < wage <= 500:
                problems.append(Problem(f"grid.{label}.wage", "wage", "hours without a wage"))
                break
            out.append(
                {
                    "start": first.replace(day=a).isoformat(),
                    "end": first.replace(day=min(b, n)).isoformat(),
                    "hours_per_week": float(hours),
                    "hourly_wage": float(wage),
                }
            )
    return out, problems


def _number(x) -> float | None:
    if x is None:
        return 0.0
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return 0.0 if np.isnan(v) else v


def with_changes(base: SpellsFile, /, **changes) -> SpellsFile:
    """``base`` with fields replaced, validated again (raises :class:`SpellsError` naming the field)."""
    raw = base.model_dump(mode="json", exclude_none=True)
    raw.update(changes)
    return parse_spells(raw)


# --- translated errors ------------------------------------------------------------------------------------------
_FIELD_NAMES = {
    "start": "bt.field.start",
    "end": "bt.field.end",
    "hours_per_week": "bt.field.hours",
    "hourly_wage": "bt.field.wage",
    "wage": "bt.field.wage",
    "months": "bt.field.months",
    "worker": "bt.field.worker",
    "spells": "bt.field.spells",
    "household": "bt.field.household",
    "wage_payment_lag_days": "bt.field.lag",
    "unemployed_status": "bt.field.status",
    "applies_for_social_assistance": "bt.field.applies",
    "(file)": "bt.field.file",
    "schema_version": "bt.field.schema_version",
}
KNOWN_CODES = (
    "unknown_field",
    "missing",
    "min",
    "max",
    "above",
    "below",
    "too_many",
    "too_few",
    "choice",
    "format",
    "month",
    "worker",
    "end_before_start",
    "out_of_range",
    "overlap",
    "date",
    "type",
    "invalid",
    "not_object",
    "not_json",
    "too_large",
    "no_file",
    "wage",
    "separate_applicant",
)


def field_label(field: str, lang: str) -> str:
    """``spells.2.start`` → "Spell 3 – start"; ``grid.2025-03.w2`` → "2025-03 – week 2"; others by name."""
    m = re.fullmatch(r"spells\.(\d+)\.(\w+)", field)
    if m:
        part = _FIELD_NAMES.get(m.group(2))
        name = t(part, lang) if part else m.group(2)
        return f"{t('bt.field.spell', lang, n=int(m.group(1)) + 1)} – {name}"
    m = re.fullmatch(r"grid\.(\d{4}-\d{2})\.(\w+)", field)
    if m:
        col = m.group(2)
        name = t("bt.field.wage", lang) if col == "wage" else t("bt.grid.week", lang, n=col[1:])
        return f"{m.group(1)} – {name}"
    if field in _FIELD_NAMES:
        return t(_FIELD_NAMES[field], lang)
    return field


def problem_text(p: Problem, lang: str) -> str:
    code = p.code if p.code in KNOWN_CODES else "invalid"
    kwargs = p.kwargs if code != "invalid" else {"detail": p.kwargs.get("detail", p.message)}
    try:
        message = t(f"bt.error.{code}", lang, **kwargs)
    except (KeyError, IndexError):
        message = p.message
    return f"**{md_escape(field_label(p.field, lang))}** (`{p.field}`): {md_escape(message)}"


def show_problems(problems: list[Problem], lang: str, header: str = "bt.error.header") -> None:
    st.error(t(header, lang) + "\n\n" + "\n".join(f"- {problem_text(p, lang)}" for p in problems))


# --- alternatives -------------------------------------------------------------------------------------------------
def family_presets(family: str) -> dict[str, Scenario]:
    return {k: p.scenario for k, p in law_presets().items() if p.scenario.family == family}


def alternatives_for(scenario: Scenario, gs_preset: str, bi_preset: str) -> list[Alternative]:
    """Today, real-time data, one application, general support and basic income; the active ``scenario`` takes the
    place of its family's alternative, any other reform is added as ``scenario``."""
    gs = (
        scenario
        if scenario.family == "general_support" and not scenario.is_baseline
        else law_presets()[gs_preset].scenario
    )
    bi = (
        scenario
        if scenario.family == "basic_income" and not scenario.is_baseline
        else law_presets()[bi_preset].scenario
    )
    out = default_alternatives(general_support=gs, basic_income=bi)
    if not scenario.is_baseline and scenario.family not in ("general_support", "basic_income"):
        out.append(Alternative("scenario", scenario=scenario))
    return out


@st.cache_data(max_entries=32, show_spinner=False)
def run(spells: SpellsFile, alternatives: tuple[Alternative, ...], date: dt.date) -> SpellsRun:
    """The months of every alternative under the law of ``date`` (cached per spells file, alternatives and date;
    each alternative's scenario is re-read against that law)."""
    return simulate(spells, load_parameters(date), list(alternatives))


@st.cache_data(max_entries=8, show_spinner=False)
def _population_load(scenario: Scenario, size: int) -> dict:
    date = scenario.law
    pop, params = data.population_at(date), load_parameters(date)
    base = data.baseline(date).results
    reform = base if scenario.is_baseline else compute(pop, params, scenario)
    return load_by_group(pop, base, reform, params.timing)


def population_load(scenario: Scenario) -> dict:
    """Benefits, means tests, applications and reports per household by group, today and under ``scenario``."""
    return _population_load(scenario, data.population_size())


def load_spells_upload(content: bytes) -> tuple[SpellsFile | None, list[Problem]]:
    """An uploaded spells file, or its problems."""
    try:
        return load_spells_bytes(content), []
    except SpellsError as exc:
        return None, exc.problems
