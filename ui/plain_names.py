"""Plain names for a scenario's levers, shown wherever a lever is named to people (the facilitator's lever list,
the handouts, the value map's sentences, error messages): never a field name such as ``basic_income.amount``.

- :func:`lever_name` — a lever's name in words (the workbench's label); :func:`block_name` — its block's.
- :func:`lever_value` — a lever's value in the locale with its unit (``550 €/kk``, ``33,1 %``, ``18–64 v.``).
- :func:`lever_rows` — a scenario's non-default levers as (block, lever, value) in words, ages as one row.
- :func:`problem_lines` — a validation error of a scenario (pydantic's error dicts) as one translated line per
  problem, naming the field in words and the allowed range in its unit.

Pure functions (no streamlit). Texts are in ``ui/locales/plain_names.yaml`` and the workbench's lever labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel

from models.scenario import LEVER_BLOCKS, Scenario
from ui.i18n import fmt_eur, fmt_number, fmt_pct, t, translations

#: The unit of each numeric lever (a field name, or ``block.field`` where a block differs). ``share`` is a
#: fraction shown as a percentage; ``number`` a plain number (elasticities).
UNITS: dict[str, str] = {
    "amount": "eur_month",
    "young_adult_amount": "eur_month",
    "child_amount": "eur_month",
    "pensioner_amount": "eur_month",
    "guarantee": "eur_month",
    "disregard": "eur_month",
    "other_income_disregard": "eur_month",
    "unemployment_protected_earnings": "eur_month",
    "housing_allowance_earnings_disregard": "eur_month",
    "social_assistance_basic_amount": "eur_month",
    "social_assistance_earnings_disregard": "eur_month",
    "basic_daily_allowance": "eur_day",
    "admin_cost_per_recipient": "eur_year",
    "min_age": "years",
    "max_age": "years",
    "young_adult_max_age": "years",
    "taper": "share",
    "withdrawal_rate": "share",
    "sanction": "share",
    "partner_income_weight": "share",
    "participation_share": "share",
    "take_up": "share",
    "unemployment_withdrawal_rate": "share",
    "housing_allowance_share": "share",
    "housing_allowance_deductible_rate": "share",
    "daycare_fee_rate": "share",
    "financing.rate": "points",
    "extensive_elasticity": "number",
    "intensive_elasticity": "number",
}

#: Pydantic error types that mean "outside the allowed range" or "not a number".
_RANGE = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
_NUMBER = {"float_parsing", "float_type", "int_parsing", "int_type", "finite_number", "int_from_float"}
#: The model validators' own messages ("<field>: …", models/scenario.py), by block and field.
_RULES = {
    ("basic_income", "max_age"): "plain.problem.ages_order",
    ("negative_income_tax", "unit"): "plain.problem.through_tax_unit",
    ("financing", "rate"): "plain.problem.flat_rate_negative",
}


_UNIT_SUFFIX = re.compile(r"(,\s*€/[^,]*|\s*\(€/[^)]*\))$")


def _has(key: str) -> bool:
    return key in translations()


def block_name(block: str, lang: str) -> str:
    """The block's name in words (the workbench's section title)."""
    return t(f"wb.section.{block}", lang) if _has(f"wb.section.{block}") else block


def lever_name(block: str, field: str, lang: str) -> str:
    """The lever's name in words: the workbench's label, or this module's own for fields without a widget."""
    for key in (f"lever.{block}.{field}", f"plain.lever.{field}"):
        if _has(key):
            return t(key, lang)
    return t("plain.lever.unknown", lang)


def unit_of(block: str, field: str) -> str | None:
    return UNITS.get(f"{block}.{field}", UNITS.get(field))


def option_name(value: str, lang: str) -> str:
    """A choice or a benefit's name in words (``labour_market_subsidy`` → "Työmarkkinatuki")."""
    for key in (f"lever.option.{value}", f"households.component.{value}", f"export.group.{value}"):
        if _has(key):
            return t(key, lang)
    return value


def amount(x: float, unit: str | None, lang: str, scenario: Scenario | None = None) -> str:
    """A number in the locale with its unit."""
    if unit in ("eur_month", "eur_day", "eur_year"):
        return t(f"plain.unit.{unit}", lang, x=fmt_eur(x, lang, 0 if float(x).is_integer() else 2))
    if unit == "share":
        return fmt_pct(x, lang, 0 if round(100 * x, 6).is_integer() else 1)
    if unit == "years":
        return t("plain.unit.years", lang, x=fmt_number(x, lang))
    if unit == "points":
        if scenario is not None and scenario.financing.method == "scale":
            return fmt_pct(x, lang, 2)
        return t("wb.pp", lang, x=fmt_number(100 * x, lang, 2))
    return fmt_number(x, lang, 0 if float(x).is_integer() else 2)


def lever_value(block: str, field: str, value: Any, lang: str, scenario: Scenario | None = None) -> str:
    """A lever's value in words, in the locale, with its unit."""
    if value is None:
        return t("plain.value.law", lang) if block == "means_tested" else t("plain.value.same", lang)
    if isinstance(value, bool):
        return t("export.yes" if value else "export.no", lang)
    if isinstance(value, (int, float)):
        return amount(float(value), unit_of(block, field), lang, scenario)
    if isinstance(value, (list, tuple)):
        return ", ".join(option_name(str(v), lang) for v in value) or t("plain.value.none", lang)
    return option_name(str(value), lang)


def lever_rows(scenario: Scenario, lang: str) -> list[tuple[str, str, str]]:
    """The scenario's non-default levers as (block, lever, value) in words; a block's ages are one row."""
    data = scenario.model_dump(exclude_defaults=True)
    rows = []
    for block in LEVER_BLOCKS:
        fields = data.get(block) or {}
        current = getattr(scenario, block)
        if getattr(current, "enabled", True) is False:
            continue  # a switched-off block changes nothing, whatever its levers say
        for field in fields:
            if field == "max_age" and "min_age" in fields:
                continue
            if field in ("min_age", "max_age"):
                ages = f"{fmt_number(current.min_age, lang)}–{amount(current.max_age, 'years', lang)}"
                rows.append((block_name(block, lang), t("plain.lever.ages", lang), ages))
                continue
            value = lever_value(block, field, getattr(current, field), lang, scenario)
            rows.append((block_name(block, lang), bare(lever_name(block, field, lang)), value))
    return rows


def bare(label: str) -> str:
    """A lever's label without its unit ("Perustulo aikuiselle, €/kk" → "Perustulo aikuiselle"), for a place
    where the value carries the unit."""
    return _UNIT_SUFFIX.sub("", label)


def _field_changes(block: str, old: BaseModel, new: BaseModel, lang: str, before: Scenario, after: Scenario):
    for field in type(new).model_fields:
        a, b = getattr(old, field), getattr(new, field)
        if field != "enabled" and a != b:
            yield field, lever_value(block, field, a, lang, before), lever_value(block, field, b, lang, after)


def changed_levers(before: Scenario, after: Scenario, lang: str, limit: int = 3) -> list[str]:
    """The levers that differ between two scenarios in words: "Perustulo otettiin käyttöön: Perustulo aikuiselle
    400 €/kk", "Yleistuki – Sanktio 100 % → 16 %" (at most ``limit`` items)."""
    out = []
    for block in LEVER_BLOCKS:
        old, new = getattr(before, block), getattr(after, block)
        if old == new:
            continue
        changes = list(_field_changes(block, old, new, lang, before, after))
        switch = getattr(old, "enabled", None), getattr(new, "enabled", None)
        if switch == (True, False):
            out.append(t("plain.change.off", lang, block=block_name(block, lang)))
        elif switch == (False, True):
            levers = ", ".join(f"{bare(lever_name(block, f, lang))} {b}" for f, _, b in changes[:2])
            out.append(t("plain.change.on_with", lang, block=block_name(block, lang), levers=levers))
        else:
            out += [
                t(
                    "plain.change.value",
                    lang,
                    lever=f"{block_name(block, lang)} – {bare(lever_name(block, f, lang))}",
                    old=a,
                    new=b,
                )
                for f, a, b in changes
            ]
    return out[:limit]


# --- validation errors -------------------------------------------------------------------------------------------
def _bounds(model: type[BaseModel], field: str) -> tuple[float | None, float | None]:
    info = model.model_fields.get(field)
    lo = hi = None
    for m in info.metadata if info is not None else ():
        if isinstance(m, (Ge, Gt)):
            lo = float(m.ge if isinstance(m, Ge) else m.gt)
        if isinstance(m, (Le, Lt)):
            hi = float(m.le if isinstance(m, Le) else m.lt)
    return lo, hi


def _where(loc: Sequence[Any], block: str | None) -> tuple[str | None, str | None]:
    """(block, field) of an error's location; ``block`` when the error is of that block's own model."""
    parts = [str(p) for p in loc]
    if block is not None:
        return block, parts[0] if parts else None
    if parts and parts[0] in LEVER_BLOCKS:
        return parts[0], parts[1] if len(parts) > 1 else None
    return None, parts[0] if parts else None


def span(lo: float, hi: float, unit: str | None, lang: str) -> str:
    """A range with its unit once: "0–3 000 €/kk", "€0–3,000/month", "0–100 %", "15–70 v."."""
    if unit in ("eur_month", "eur_day", "eur_year"):
        numbers = f"{fmt_number(lo, lang)}–{fmt_number(hi, lang)}"
        x = f"€{numbers}" if lang == "en" else f"{numbers}\u00a0€"
        return t(f"plain.unit.{unit}", lang, x=x)
    if unit in ("share", "points"):
        top = amount(hi, unit, lang)
        return f"{fmt_number(100 * lo, lang)}–{top.replace(fmt_number(100 * hi, lang, 2), fmt_number(100 * hi, lang))}"
    return f"{fmt_number(lo, lang)}–{amount(hi, unit, lang)}"


def _range_text(block: str, field: str, lang: str) -> str:
    model = type(getattr(Scenario(), block))
    lo, hi = _bounds(model, field)
    if lo is not None and hi is not None:
        return t("plain.problem.range", lang, range=span(lo, hi, unit_of(block, field), lang))
    return t("plain.problem.invalid", lang)


def _named(block: str | None, field: str | None, lang: str) -> str:
    if block is None:
        return lever_name("", field or "", lang) if field in ("name", "schema_version", "family") else ""
    if field is None:
        return block_name(block, lang)
    return f"{block_name(block, lang)} – {lever_name(block, field, lang)}"


def problem_line(err: Mapping[str, Any], lang: str, block: str | None = None) -> str:
    """One pydantic error of a scenario (or of one of its blocks, ``block``) in words with the allowed range."""
    kind = err.get("type", "")
    where_block, field = _where(err.get("loc", ()), block)
    if kind == "value_error":
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        rule_field = msg.split(":", 1)[0].strip()
        key = _RULES.get((where_block or "", rule_field))
        if key is not None:
            return f"{_named(where_block, rule_field, lang)}: {t(key, lang)}"
    if kind == "extra_forbidden":
        unknown = t("plain.problem.unknown_field", lang, name=str(field))
        return unknown if where_block is None else f"{block_name(where_block, lang)}: {unknown}"
    if where_block is None and field not in ("name", "schema_version", "family"):
        return t("plain.problem.not_a_scenario", lang)
    if kind in _RANGE and where_block is not None and field is not None:
        problem = _range_text(where_block, field, lang)
    elif kind in _NUMBER:
        problem = t("plain.problem.number", lang)
    elif kind in ("literal_error", "enum"):
        problem = t("plain.problem.choice", lang)
    elif kind in ("string_too_long",):
        problem = t("plain.problem.too_long", lang, n=(err.get("ctx") or {}).get("max_length", "?"))
    elif kind in ("bool_parsing", "bool_type"):
        problem = t("plain.problem.yes_no", lang)
    else:
        problem = t("plain.problem.invalid", lang)
    return f"{_named(where_block, field, lang)}: {problem}"


def problem_lines(errors: Iterable[Mapping[str, Any]], lang: str, block: str | None = None) -> list[str]:
    """Every error of a scenario's validation in words, one line each, without repeats."""
    out: list[str] = []
    for err in errors:
        line = problem_line(err, lang, block)
        if line not in out:
            out.append(line)
    return out


def lever_path_name(path: str, lang: str) -> str:
    """A lever path as a preset's sources write it ("basic_income.min_age / max_age", "financing") in words."""
    names = []
    block = ""
    for part in (p.strip() for p in path.split("/")):
        head, _, field = part.partition(".")
        if field:
            block = head
        elif head in LEVER_BLOCKS:
            block, field = head, ""
        else:
            field = head
        if not field:
            names.append(block_name(block, lang))
        elif field in ("min_age", "max_age") and names and names[-1].endswith(t("plain.lever.min_age", lang)):
            names[-1] = f"{block_name(block, lang)} – {t('plain.lever.ages', lang)}"
        else:
            names.append(f"{block_name(block, lang)} – {bare(lever_name(block, field, lang))}")
    return " / ".join(names)


def path_value(path: str, value: Any, lang: str) -> str:
    """A preset assumption's value in words with its unit, when its path names one lever."""
    head, _, field = path.partition(".")
    if "/" in path or not field:
        return lever_value("", "", value, lang)
    return lever_value(head, field, value, lang)
