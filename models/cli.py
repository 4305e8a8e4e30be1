"""Command line: ``python -m models COMMAND``.

Commands:
  household FILE.json [--earnings 0:7000:100] [--json]   net income over the first adult's earnings
  schema household                                       JSON schema of the household file
  baseline [--json] [--size N|full] [--population F]     weighted annual totals, recipients, poverty, Gini
  validate [--json] [--size N|full]                      baseline against official figures
  calibration [--json] [--size N|full]                   the population's calibration report
  parameters [--json]                                    every parameter with value, unit and source
  presets [--json]                                       the named reform scenarios
  run SCENARIO [--solve-financing] [--bands] [--json]    a preset, inline JSON or scenario file against the law
  landscape SPEC.yaml [--year Y] [--scheduler ADDRESS]   many designs: outcomes, the frontier, presets placed
  spells SPELLS.json [--scenario NAME] [--json]          month by month: short work spells, payment timing, paperwork
  law-change --from 2025 --to 2026 [--json]              what changed between two laws, for whom

Bad input exits with code 2 and a message that names the field; never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import ValidationError

from models import runtime
from models.cli_sweeps import SweepInputError, add_landscape_parser, bands_for, bands_text, cmd_landscape, engine_args
from models.compare import compare
from models.household import HouseholdSpec, sweep
from models.law_change import law_change, published_estimates
from models.law_change import model_value as law_model_value
from models.metrics import baseline_summary
from models.parameter_types import ParameterError
from models.parameters import (
    FIRST_LAW_DATE,
    LAST_LAW_DATE,
    LAW_YEARS,
    Parameters,
    default_law_date,
    law_year_of,
    load_parameters,
    parameter_table,
)
from models.population.calibrate import calibration_report
from models.population.core import Population
from models.population.in_year import population_in_year
from models.population.microdata import MicrodataError, load_microdata
from models.population.store import load_population
from models.presets import PresetError, load_presets
from models.scenario import Scenario
from models.solver import solve_financing
from models.spells import default_alternatives, simulate
from models.spells_input import SpellsError, read_spells_file
from models.system import compute
from models.validation import validation_table

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """A user error: printed without a traceback, exit code 2."""


def _pydantic_message(exc: ValidationError, what: str) -> str:
    lines = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown field"
        lines.append(f"  {loc}: {msg}")
    return f"{what}: invalid input\n" + "\n".join(lines)


def parse_range(text: str, name: str = "--earnings") -> np.ndarray:
    """``START:STOP:STEP`` (STOP included), or a comma-separated list of values."""
    try:
        if ":" in text:
            parts = [float(x) for x in text.split(":")]
            if len(parts) != 3:
                raise ValueError
            start, stop, step = parts
            if not all(np.isfinite(parts)) or step <= 0 or stop < start or start < 0:
                raise BadInput(f"{name}: need 0 <= START <= STOP and STEP > 0, got '{text}'")
            points = (stop - start) / step + 1
            if not points <= 10_000:  # also an infinite count (a tiny step)
                raise BadInput(f"{name}: {points:.0f} points is too many (at most 10,000)")
            n = int(np.floor((stop - start) / step + 1e-9)) + 1
            return start + step * np.arange(n)
        values = np.array([float(x) for x in text.split(",")])
    except ValueError:
        raise BadInput(f"{name}: expected START:STOP:STEP or a list like 0,500,1000, got '{text}'") from None
    if np.any(values < 0) or not np.all(np.isfinite(values)):
        raise BadInput(f"{name}: earnings must be finite and non-negative")
    return values


def _read_json(path: str, what: str):
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"{what}: no such file '{path}'")
    if p.stat().st_size > 5_000_000:
        raise BadInput(f"{what}: file is larger than 5 MB")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"{what}: not valid JSON ({exc})") from None
    except RecursionError:
        raise BadInput(f"{what}: JSON nested too deeply") from None


def _population(args: argparse.Namespace) -> Population:
    if getattr(args, "population", None):
        try:
            return load_microdata(args.population, getattr(args, "households", None))
        except MicrodataError as exc:
            raise BadInput(str(exc)) from None
    size = args.size
    if size != "full":
        try:
            size = int(size)
        except ValueError:
            raise BadInput(f"--size: expected a number of households or 'full', got '{args.size}'") from None
        if not 1_000 <= size <= 3_500_000:
            raise BadInput("--size: between 1000 and 3500000 households (or 'full')")
    return load_population(size, seed=args.seed)


def law_date(args: argparse.Namespace, scenario: Scenario | None = None) -> dt.date:
    """The law of the run: ``--date``, else ``--year``'s date, else the scenario's own law, else today's."""
    if getattr(args, "date", None):
        try:
            return dt.date.fromisoformat(args.date)
        except ValueError:
            raise BadInput(f"--date: expected a date like 2026-08-01, got '{args.date}'") from None
    if getattr(args, "year", None) is not None:
        return LAW_YEARS[args.year]
    if scenario is not None:
        return scenario.law
    return default_law_date()


def _params(args: argparse.Namespace, scenario: Scenario | None = None) -> Parameters:
    date = law_date(args, scenario)
    try:
        return load_parameters(date)
    except (ParameterError, ValueError) as exc:
        raise BadInput(f"--date: no law for {date.isoformat()} ({exc})") from None


def _law_line(params_date: dt.date) -> str:
    year = law_year_of(params_date)
    named = f" (the law year {year})" if year is not None else ""
    return f"Law: in force on {params_date.isoformat()}{named}"


def _print(obj, as_json: bool, text: str) -> None:
    if as_json:
        json.dump(obj, sys.stdout, ensure_ascii=False, indent=1, default=_json_default)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text + "\n")


def _json_default(o):
    if isinstance(o, (np.floating, np.integer)):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


def cmd_household(args) -> None:
    raw = _read_json(args.file, args.file)
    try:
        spec = HouseholdSpec.model_validate(raw)
    except ValidationError as exc:
        raise BadInput(_pydantic_message(exc, args.file)) from None
    earnings = parse_range(args.earnings) if args.earnings else np.array([spec.adults[0].earnings])
    date = law_date(args)
    rows = sweep(spec, earnings, _params(args))
    lines = [_law_line(date), f"{'earnings':>9} {'net income':>11} {'EMTR':>6} {'PTR':>6}"]
    for r in rows:
        ptr = "" if r["ptr"] is None else f"{r['ptr']:.0%}"
        lines.append(f"{r['earnings']:>9.0f} {r['net_income']:>11.2f} {r['emtr']:>6.0%} {ptr:>6}")
    _print({"law_date": date.isoformat(), "rows": rows}, args.json, "\n".join(lines))


def cmd_schema(args) -> None:
    if args.what != "household":
        raise BadInput(f"schema: unknown schema '{args.what}' (known: household)")
    _print(HouseholdSpec.model_json_schema(), True, "")


def cmd_baseline(args) -> None:
    date = law_date(args)
    params = _params(args)
    pop = population_in_year(_population(args), params)
    summary = {"law_date": date.isoformat(), **baseline_summary(pop, compute(pop, params), params)}
    lines = [
        _law_line(date),
        f"Population: {summary['population']['households']:,.0f} households, "
        f"{summary['population']['persons']:,.0f} persons ({pop.source})",
        "",
    ]
    lines.append(f"{'component':<42} {'EUR million/yr':>15} {'recipients':>12}")
    for k, v in summary["totals_eur"].items():
        lines.append(f"{k:<42} {v / 1e6:>15,.0f} {summary['recipients'][k]:>12,.0f}")
    lines.append("")
    lines.append(f"Median equivalised disposable income: {summary['median_equivalised_income']:,.0f} EUR/yr")
    lines.append(f"At-risk-of-poverty rate: {summary['poverty_rate']:.1%}   Gini: {summary['gini']:.3f}")
    _print(summary, args.json, "\n".join(lines))


def cmd_validate(args) -> None:
    pop = _population(args)
    override = law_date(args) if (getattr(args, "date", None) or getattr(args, "year", None)) else None
    rows = validation_table(pop, date=override)
    if getattr(args, "markdown", False):
        sys.stdout.write(validation_markdown(rows, pop) + "\n")
        return
    lines = [f"{'measure':<58} {'simulated':>14} {'official':>14} {'diff':>7}  year  source"]
    for r in rows:
        diff = _deviation(r, "%", "pp")
        sim = "n/a" if r["simulated"] is None else f"{r['simulated']:,.4g}"
        lines.append(
            f"{r['label'][:58]:<58} {sim:>14} {r['official']:>14,.4g} {diff:>7}  {r['year']}  "
            f"{r['source']['title'][:50]}"
        )
    _print({"rows": rows}, args.json, "\n".join(lines))


def _deviation(row: dict[str, Any], pct: str, pp: str) -> str:
    """The row's deviation: percentage points for a share, per cent otherwise ('' when unknown)."""
    if row.get("deviation_pp") is not None:
        return f"{row['deviation_pp']:+.1f}{pp}"
    return "" if row["deviation_pct"] is None else f"{row['deviation_pct']:+.0f}{pct}"


def _fmt_value(x: float | None, unit: str) -> str:
    if x is None:
        return "n/a"
    if unit == "/1":
        return f"{100 * x:.1f} %"
    if unit.startswith("EUR/year") and abs(x) >= 1e6:
        return f"{x / 1e6:,.0f} M€"
    if unit.startswith("EUR"):
        return f"{x:,.0f} €"
    return f"{x:,.0f}"


def validation_markdown(rows: list[dict], pop) -> str:
    """The validation table as Markdown (for docs/VALIDATION.md)."""
    out = [
        f"Population: {pop.source}, {pop.n_households:,} sample households, "
        f"{pop.households['weight'].sum():,.0f} households weighted. "
        "Generated by `python -m models validate --markdown`.",
        "",
        "| measure | simulated | official | deviation | year | comparable | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        dev = _deviation(r, " %", " pp")
        comp = "yes" if r["comparable"] else "no¹"
        src = r["source"]
        link = f"[{src['title'][:60]}]({src['href']})" if src.get("href") else src.get("title", "")
        out.append(
            f"| {r['label']} | {_fmt_value(r['simulated'], r['unit'])} | {_fmt_value(r['official'], r['unit'])} | "
            f"{dev} | {r['year']} | {comp} | {link} |"
        )
    out.append("")
    out.append(
        "¹ Not comparable as such; the reason is in `assumptions/validation/official.yaml` (`why_not_comparable`)."
    )
    return "\n".join(out)


def cmd_calibration(args) -> None:
    pop = _population(args)
    rows = list(pop.calibration_report) or calibration_report(pop)
    if getattr(args, "markdown", False):
        sys.stdout.write(calibration_markdown(rows, pop) + "\n")
        return
    lines = [f"{'target':<50} {'target':>14} {'achieved':>14} {'dev':>7}"]
    for r in rows:
        lines.append(
            f"{r['label'][:50]:<50} {r['target']:>14,.4g} {r['achieved']:>14,.4g} {r['deviation_pct']:>+6.1f}%"
        )
    _print({"rows": rows}, args.json, "\n".join(lines))


def _fmt_target(x: float, unit: str) -> str:
    """A target or achieved value as docs/POPULATION.md prints it: shares to three decimals, large numbers in whole
    units with thousands separators, small ones to one decimal; ``n/a`` for a value that was not measured."""
    if not math.isfinite(x):
        return "n/a"
    if unit == "/1":
        return f"{x:.3f}"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:,.1f}"


def calibration_markdown(rows: list[dict], pop) -> str:
    """The calibration report as Markdown (the targets table of docs/POPULATION.md)."""
    out = [
        f"Population: {pop.source}, {pop.n_households:,} sample households. "
        "Generated by `python -m models calibration --markdown`.",
        "",
        "| key | en | target | achieved | dev. % | unit | year | conf. | calibrated |",
        "|---|---|---:|---:|---:|---|---|---|---|",
    ]
    for r in rows:
        dev = r["deviation_pct"]
        dev_text = "n/a" if dev is None or not math.isfinite(dev) else f"{dev + 0.0:+.2f}".replace("-0.00", "+0.00")
        out.append(
            f"| `{r['key']}` | {r['label']} | {_fmt_target(r['target'], r['unit'])} | "
            f"{_fmt_target(r['achieved'], r['unit'])} | {dev_text} | {r['unit']} | {r['year']} | "
            f"{r['confidence']} | {'yes' if r['calibrated'] else 'no'} |"
        )
    return "\n".join(out)


def cmd_parameters(args) -> None:
    date = law_date(args)
    rows = parameter_table(date, lang=args.lang)
    lines = [_law_line(date)]
    for r in rows:
        flag = "  (unconfirmed)" if r["unconfirmed"] else ""
        flag += "  (proposed)" if r["status"] == "proposed" else ""
        flag += "  (carried forward)" if r["carried_forward"] else ""
        value = r["value"] if not isinstance(r["value"], (list, dict)) else json.dumps(r["value"])[:40]
        lines.append(f"{r['key']:<55} {str(value):>14} {r['unit']:<10} from {r['applies_from']}{flag}")
    _print({"law_date": date.isoformat(), "rows": rows}, args.json, "\n".join(lines))


def load_scenario(arg: str) -> Scenario:
    """A preset name, a scenario as inline JSON (``'{"basic_income": {...}}'``, as the app's "reproduce" box
    prints it) or a scenario JSON/YAML file, validated; errors name each field."""
    try:
        presets = load_presets()
    except PresetError as exc:
        raise BadInput(f"presets: {exc}") from None
    if arg in presets:
        return presets[arg].scenario
    if arg.lstrip().startswith("{"):
        return _inline_scenario(arg)
    path = Path(arg)
    if not path.is_file():
        raise BadInput(f"scenario: '{arg}' is neither a preset ({', '.join(presets)}) nor a file")
    if path.stat().st_size > 1_000_000:
        raise BadInput(f"{arg}: file is larger than 1 MB")
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            raw = yaml.safe_load(text)
        else:
            raw = json.loads(text)
    except Exception as exc:  # noqa: BLE001 - any parse error is the user's file
        raise BadInput(f"{arg}: could not be read ({exc.__class__.__name__}: {exc})") from None
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise BadInput(_pydantic_message(exc, arg)) from None


def _inline_scenario(text: str) -> Scenario:
    if len(text) > 1_000_000:
        raise BadInput("scenario: inline JSON is longer than 1 MB")
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BadInput(f"scenario: inline JSON could not be read ({exc})") from None
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise BadInput(_pydantic_message(exc, "scenario")) from None


def cmd_presets(args) -> None:
    presets = load_presets()
    rows: list[dict[str, Any]] = [
        {"name": n, "family": p.family, "title": p.title.model_dump(), "explanation": p.explanation.model_dump()}
        for n, p in presets.items()
    ]
    text = "\n".join(f"{r['name']:<36} {r['family']:<22} {r['title']['en']}" for r in rows)
    _print({"presets": rows}, args.json, text)


def cmd_run(args) -> None:
    if args.bands and args.population:
        raise BadInput("--bands: the bands re-draw the synthetic population; they cannot be used with --population")
    scenario = load_scenario(args.scenario)
    date = law_date(args, scenario)
    if date != scenario.law:
        scenario = scenario.at_law(date)  # the same changes made to the law of the chosen date
    params = _params(args, scenario)
    pop = population_in_year(_population(args), params)
    solved = None
    if args.solve_financing or scenario.financing.budget_neutral:
        solved = solve_financing(pop, params, scenario, method=args.method)
        scenario = solved.scenario
    out = {"law_date": date.isoformat(), **compare(pop, params, scenario, traps=not args.no_traps)}
    if solved is not None:
        out["budget_neutral_rate"] = solved.rate
        out["financing_method"] = scenario.financing.method
        out["solver"] = {
            "iterations": solved.iterations,
            "converged": solved.converged,
            "residual_net_cost_eur": solved.net_cost_eur,
        }
    lines = [
        _law_line(date),
        f"Scenario: {out['scenario']}",
        f"Net cost: {out['net_cost_eur'] / 1e9:+.2f} bn EUR/yr  (gross {out['gross_cost_eur'] / 1e9:+.2f} bn)",
    ]
    if solved is not None:
        lines.append(f"Budget-neutral {scenario.financing.method} rate: {solved.rate:.4f}")
    pays = out["who_pays"]
    if pays["method"] != "none":
        lines.append(
            f"Cost before financing: {pays['cost_before_financing_eur'] / 1e9:+.2f} bn EUR/yr; an earner pays "
            f"{pays['extra_tax_per_earner_eur']:+.0f} EUR/month more"
        )
    lines.append(f"Winners {out['winners_share']:.1%}  losers {out['losers_share']:.1%}")
    lines.append(
        f"Poverty {out['poverty_rate']['baseline']:.1%} -> {out['poverty_rate']['reform']:.1%}   "
        f"Gini {out['gini']['baseline']:.3f} -> {out['gini']['reform']:.3f}"
    )
    lines.append("Axes: " + ", ".join(f"{k} {v:.2f}" for k, v in out["axes"].items()))
    lines.append("Decile  EUR/month   %")
    for d in out["deciles"]:
        lines.append(f"{d['decile']:>6} {d['mean_change_eur']:>10.1f} {d['mean_change_pct']:>5.1f}")
    if args.bands:
        out["bands"] = _bands(args, scenario, solved is not None)
        lines += bands_text(out["bands"])
    _print(out, args.json, "\n".join(lines))


def _law_date_arg(text: str, name: str) -> dt.date:
    """A law year (2025) or a date (2026-05-01)."""
    if text.isdigit() and int(text) in LAW_YEARS:
        return LAW_YEARS[int(text)]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        years = ", ".join(str(y) for y in LAW_YEARS)
        raise BadInput(f"{name}: expected a law year ({years}) or a date like 2026-05-01, got '{text}'") from None


def cmd_law_change(args) -> None:
    """What changed between two laws, for whom, beside the published estimates (models/law_change.py)."""
    date_from, date_to = _law_date_arg(args.from_, "--from"), _law_date_arg(args.to, "--to")
    for name, date in (("--from", date_from), ("--to", date_to)):
        if not FIRST_LAW_DATE <= date <= LAST_LAW_DATE:
            raise BadInput(f"{name}: the model holds the law from {FIRST_LAW_DATE} to {LAST_LAW_DATE}, not {date}")
    pop = _population(args)
    out = law_change(pop, date_from, date_to, traps=not args.no_traps)
    estimates = [
        {**e, "model": law_model_value(out, e.get("model_key"))} for e in published_estimates(date_from, date_to)
    ]
    out["published_estimates"] = estimates
    lines = [f"Law of {date_to} against the law of {date_from} (the same population)"]
    lines.append(f"Net cost: {out['net_cost_eur'] / 1e6:+,.0f} M EUR/yr")
    for k, v in out["totals_eur"].items():
        change = v["reform"] - v["baseline"]
        if abs(change) >= 0.5e6:
            lines.append(f"  {k:<42} {change / 1e6:>+10,.0f} M EUR/yr")
    lines.append(f"Poverty {out['poverty_rate']['baseline']:.1%} -> {out['poverty_rate']['reform']:.1%}")
    lines.append("Decile  EUR/month   %")
    for d in out["deciles"]:
        lines.append(f"{d['decile']:>6} {d['mean_change_eur']:>10.1f} {d['mean_change_pct']:>5.1f}")
    for e in estimates:
        official = "n/a" if e["value"] is None else f"{e['value'] / 1e6:+,.0f} M"
        model = "n/a" if e["model"] is None else f"{e['model'] / 1e6:+,.0f} M"
        lines.append(f"Published: {e['label']['en'][:60]:<60} {official:>10}  model {model:>10}")
    _print(out, args.json, "\n".join(lines))


def _bands(args: argparse.Namespace, scenario: Scenario, solved: bool) -> dict[str, Any]:
    """The run's 90 % bands (docs/UNCERTAINTY.md): a solved scenario is solved again in every draw."""
    if solved:
        scenario = scenario.model_copy(
            update={"financing": scenario.financing.model_copy(update={"budget_neutral": True})}
        )
    return bands_for(scenario, args.size, args.seed, args)


def cmd_landscape_print(args) -> None:
    args.law = None
    if args.date or args.year is not None:
        _params(args)  # a law in force on that date, or a clear error naming --date
        args.law = law_date(args)
    obj, text = cmd_landscape(args)
    _print(obj, args.json, text)


def cmd_spells(args) -> None:
    """The spells file month by month under today's rules and the alternatives (models/spells.py)."""
    try:
        spells = read_spells_file(args.file)
    except SpellsError as exc:
        raise BadInput(
            f"{args.file}: invalid input\n" + "\n".join(f"  {p.field}: {p.message}" for p in exc.problems)
        ) from None
    date = law_date(args)
    scenario = load_scenario(args.scenario).at_law(date) if args.scenario else None
    out = {
        "law_date": date.isoformat(),
        **simulate(spells, _params(args), default_alternatives(extra=scenario)).to_dict(),
    }
    alts = out["alternatives"]
    lines = [
        _law_line(date),
        f"Months {out['first_day']} … {out['last_day']}; claim open at start: {out['claim_open_at_start']}; "
        f"waiting days: {len(out['waiting_days'])}",
        "",
    ]
    lines.append(
        f"{'alternative':<18} {'below norm':>10} {'shortfall':>10} {'gap days':>9} {'volatility':>10} "
        f"{'applications':>12} {'reports':>8}  agencies"
    )
    for key, a in alts.items():
        m = a["metrics"]
        lines.append(
            f"{key:<18} {m['months_below_norm']:>10} {m['shortfall_eur']:>10.0f} {m['largest_gap_days']:>9} "
            f"{m['volatility']:>10.2f} {m['applications']:>12} {m['reports']:>8}  {', '.join(a['agencies'])}"
        )
    lines.append("")
    lines.append("Net money in hand per month (EUR; * below the social assistance norm)")
    lines.append(f"{'month':<8} {'earned':>7} " + " ".join(f"{k[:12]:>13}" for k in alts) + f" {'norm':>7}")
    for i, month in enumerate(alts["today"]["months"]):
        cells = []
        for a in alts.values():
            mo = a["months"][i]
            cells.append(f"{mo['net_in_hand']:>12.0f}{'*' if mo['below_norm'] else ' '}")
        lines.append(f"{month['month']:<8} {month['earned']:>7.0f} " + " ".join(cells) + f" {month['norm']:>7.0f}")
    _print(out, args.json, "\n".join(lines))


def pop_args(p: argparse.ArgumentParser) -> None:
    """The population options: size, seed or your own microdata."""
    p.add_argument("--size", default="100000", help="synthetic households (default 100000) or 'full' for 1:1")
    p.add_argument("--seed", type=int, default=2025, help="seed of the synthetic population")
    p.add_argument("--population", help="your own microdata (persons CSV/Parquet)")
    p.add_argument("--households", help="households file of your microdata, if separate")
    p.add_argument("--json", action="store_true", help="print JSON")


def law_args(p: argparse.ArgumentParser) -> None:
    """The law options: a date or a law year (mutually exclusive)."""
    law = p.add_mutually_exclusive_group()
    law.add_argument("--date", help="the law in force on this date, YYYY-MM-DD (default: today, or the scenario's)")
    law.add_argument(
        "--year", type=int, choices=sorted(LAW_YEARS), help="a law year, evaluated on 1 August of the year"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m models", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("household", help="net income of an example household over earnings")
    p.add_argument("file", help="household JSON file (see: python -m models schema household)")
    p.add_argument("--earnings", help="first adult's monthly earnings: START:STOP:STEP or a list")
    p.add_argument("--json", action="store_true", help="print JSON")
    law_args(p)
    p.set_defaults(func=cmd_household)

    p = sub.add_parser("schema", help="print a JSON schema")
    p.add_argument("what", help="household")
    p.set_defaults(func=cmd_schema)

    for name, func, help_ in (
        ("baseline", cmd_baseline, "weighted annual totals of the law in force (today, or --date/--year)"),
        ("validate", cmd_validate, "baseline against official figures (each row under the law of its year)"),
        ("calibration", cmd_calibration, "the population's calibration report"),
    ):
        p = sub.add_parser(name, help=help_)
        pop_args(p)
        if name != "calibration":
            law_args(p)
        if name in ("validate", "calibration"):
            p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
        p.set_defaults(func=func)

    p = sub.add_parser("presets", help="the named reform scenarios")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_presets)

    p = sub.add_parser("run", help="a reform scenario against the law it changes (its own, or --date/--year)")
    p.add_argument("scenario", help="a preset name (see: presets), a scenario as inline JSON, or a JSON/YAML file")
    p.add_argument("--solve-financing", action="store_true", help="find the budget-neutral financing rate")
    p.add_argument(
        "--method",
        choices=("flat_tax", "surcharge", "scale", "flat_income_tax"),
        help="financing method for the solver",
    )
    p.add_argument("--no-traps", action="store_true", help="skip marginal and participation tax rates")
    p.add_argument("--bands", action="store_true", help="90 %% uncertainty bands (docs/UNCERTAINTY.md)")
    engine_args(p)
    pop_args(p)
    law_args(p)
    p.set_defaults(func=cmd_run)

    p = add_landscape_parser(sub)
    law_args(p)
    p.set_defaults(func=cmd_landscape_print)

    p = sub.add_parser("spells", help="short work spells month by month: payment timing, gaps and paperwork")
    p.add_argument("file", help="spells JSON file (see docs/BUREAUCRACY.md and assumptions/spells/)")
    p.add_argument(
        "--scenario",
        help="a preset name or scenario file shown as the general-support, basic-income or extra alternative",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    law_args(p)
    p.set_defaults(func=cmd_spells)

    p = sub.add_parser("law-change", help="what changed between two laws, for whom, beside published estimates")
    p.add_argument("--from", dest="from_", required=True, help="the earlier law: a law year or a date")
    p.add_argument("--to", required=True, help="the later law: a law year or a date")
    p.add_argument("--no-traps", action="store_true", help="skip marginal and participation tax rates")
    pop_args(p)
    p.set_defaults(func=cmd_law_change)

    p = sub.add_parser("parameters", help="every parameter with its value and source")
    p.add_argument("--lang", choices=("fi", "sv", "en"), default="en")
    p.add_argument("--json", action="store_true")
    law_args(p)
    p.set_defaults(func=cmd_parameters)
    return parser


def main(argv: list[str] | None = None) -> int:
    runtime.configure()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except (BadInput, SweepInputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    return 0
