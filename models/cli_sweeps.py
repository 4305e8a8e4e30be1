"""The CLI's sweeps: ``python -m models landscape SPEC.yaml`` and ``run --bands`` (called by :mod:`models.cli`).

Both run on the distributed engine (:mod:`models.distributed`): a local cluster with one worker per core, or the
cluster at ``--scheduler ADDRESS`` / ``ARVOVALINNAT_DASK_SCHEDULER``. A progress bar goes to stderr; the results to
stdout (text, or JSON with ``--json``). Bad input raises :class:`SweepInputError` (exit code 2).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from models.distributed import SweepDirError, engine
from models.landscape import OUTCOMES, best_against, frontier
from models.landscape_spec import LandscapeSpecError, read_spec
from models.population.synthetic import resolve_household_count
from models.scenario import Scenario
from models.sweeps import compute_bands, prepare_bands, prepare_landscape, sweep

#: The frontier the CLI reports unless ``--x`` / ``--y`` say otherwise: poverty against the median EMTR.
DEFAULT_X, DEFAULT_Y = "emtr_median", "poverty_rate"


class SweepInputError(ValueError):
    """A user error in a sweep's input (printed without a traceback, exit code 2)."""


class ProgressBar:
    """``[#####-----] 120/2095 variants  1m23s, about 4m left`` on stderr: redrawn in place on a terminal, a line
    every tenth otherwise. The stream is looked up when the bar is made (standard error by default), not when the
    module is imported, so a replaced ``sys.stderr`` is the one written to."""

    def __init__(self, what: str, stream: TextIO | None = None):
        self.what, self.start, self.shown = what, time.monotonic(), -1
        self.stream: TextIO = sys.stderr if stream is None else stream

    def __call__(self, done: int, total: int) -> None:
        tty = self.stream.isatty()
        tenth = 10 * done // max(total, 1)
        if not tty and tenth == self.shown and done < total:
            return
        self.shown = tenth
        elapsed = time.monotonic() - self.start
        left = f", about {_duration(elapsed / done * (total - done))} left" if 0 < done < total else ""
        bar = "#" * (30 * done // max(total, 1))
        line = f"[{bar:<30}] {done}/{total} {self.what}  {_duration(elapsed)}{left}"
        self.stream.write(("\r" + line + " " * 8) if tty else line + "\n")
        if tty and done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}m{s:02d}s" if m else f"{s}s"


def add_landscape_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser("landscape", help="many designs from a sweep spec: outcomes, frontier, presets placed")
    p.add_argument("spec", help="a landscape spec (assumptions/landscapes/*.yaml, docs/LANDSCAPE.md)")
    p.add_argument("--out", help="directory for the Parquet chunks (default: the cache); a rerun resumes there")
    p.add_argument("--size", help="households (default: the spec's) or 'full'")
    p.add_argument("--seed", type=int, help="population seed (default: the spec's)")
    p.add_argument("--x", default=DEFAULT_X, choices=list(OUTCOMES), help="frontier: first outcome")
    p.add_argument("--y", default=DEFAULT_Y, choices=list(OUTCOMES), help="frontier: second outcome")
    engine_args(p)
    p.add_argument("--json", action="store_true", help="print JSON (every variant's record)")
    return p


def engine_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scheduler", help="address of a Dask scheduler (default: ARVOVALINNAT_DASK_SCHEDULER or local)")
    p.add_argument("--workers", type=int, help="local worker processes (default: one per core)")


def _size(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        size = resolve_household_count("full" if text == "full" else int(text))
    except ValueError:
        raise SweepInputError(f"--size: expected a number of households or 'full', got '{text}'") from None
    if not 1_000 <= size <= 3_500_000:
        raise SweepInputError("--size: between 1000 and 3500000 households (or 'full')")
    return size


def _on_engine(args: argparse.Namespace, work: Any) -> Any:
    """``work(client)`` on the cluster the arguments name; an unreachable scheduler is the user's error."""
    if args.workers is not None and args.workers < 1:
        raise SweepInputError("--workers: at least 1")
    try:
        with engine(args.scheduler, args.workers) as client:
            return work(client)
    except (OSError, TimeoutError) as exc:
        raise SweepInputError(f"--scheduler: could not reach the scheduler ({exc})") from None


def cmd_landscape(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    """Run (or resume) the sweep; the records, the frontier and the references as JSON and text."""
    try:
        spec = read_spec(Path(args.spec))
        if getattr(args, "law", None) is not None:  # --date/--year: the spec's designs made to that law
            spec = spec.model_copy(update={"law_date": args.law})
        run = prepare_landscape(spec, _size(args.size), args.seed, Path(args.out) if args.out else None)
    except (LandscapeSpecError, SweepDirError) as exc:
        raise SweepInputError(str(exc)) from None
    t0 = time.monotonic()
    table = _on_engine(args, lambda client: sweep(run, client, ProgressBar("designs")))
    records = table.to_pylist()
    summary = landscape_summary(records, args.x, args.y)
    obj = {
        "spec": spec.name,
        "directory": str(run.directory),
        "households": run.size,
        "law_date": spec.law_date.isoformat(),
        "financing": spec.financing.model_dump(),
        "seconds": round(time.monotonic() - t0, 1),
        **summary,
        "variants": records,
    }
    return obj, landscape_text(spec.title.en, obj)


def landscape_summary(records: list[dict[str, Any]], x: str, y: str) -> dict[str, Any]:
    """The frontier of ``x`` against ``y`` (variant numbers) and each reference's best challenger."""
    designs = [r for r in records if not r["preset"]]
    xs = np.array([r[x] for r in designs], dtype=np.float64)
    ys = np.array([r[y] for r in designs], dtype=np.float64)
    front = [designs[i]["variant"] for i in frontier(xs, ys, x, y)]
    refs = []
    for r in records:
        if not r["preset"]:
            continue
        best = best_against(xs, ys, x, y, (r[x], r[y]))
        refs.append({"preset": r["preset"], x: r[x], y: r[y], "beaten_by": None if best is None else designs[best]})
    return {"frontier": {"x": x, "y": y, "variants": front}, "references": refs}


def _fmt(value: float, outcome: str) -> str:
    kind = OUTCOMES[outcome].kind
    if not math.isfinite(value):
        return "n/a"
    if kind in ("share", "rate"):
        return f"{100 * value:.1f} %"
    if kind == "points":
        return f"{100 * value:+.1f} pp"
    if kind == "eur":
        return f"{value / 1e6:,.0f} M€"
    if kind == "persons":
        return f"{value:,.0f}"
    return f"{value:.3f}"


def _diff(value: float, outcome: str) -> str:
    """A difference of an outcome: percentage points for shares and rates, else in the outcome's unit, signed."""
    kind = OUTCOMES[outcome].kind
    if kind in ("share", "rate", "points"):
        return f"{100 * value:+.1f} pp"
    if kind == "eur":
        return f"{value / 1e6:+,.0f} M€"
    if kind == "persons":
        return f"{value:+,.0f}"
    return f"{value:+.3f}"


def landscape_text(title: str, obj: dict[str, Any]) -> str:
    x, y = obj["frontier"]["x"], obj["frontier"]["y"]
    n = len(obj["variants"])
    fin = obj["financing"]
    lines = [
        f"Landscape: {title}",
        f"{n} designs (presets included) on {obj['households']:,} households, law of {obj['law_date']}, "
        f"financing: {fin['method']} to a net cost of {fin['net_cost_eur'] / 1e6:,.0f} M€",
        f"Done in {_duration(obj['seconds'])}; the records are in {obj['directory']}",
        f"Frontier of {y} against {x}: {len(obj['frontier']['variants'])} designs no other design beats on both",
        "",
        f"{'reference':<34} {x:>14} {y:>14}  best challenger",
    ]
    for ref in obj["references"]:
        best = ref["beaten_by"]
        if best is None:
            text = "none beats it on both"
        else:
            text = (
                f"{_diff(best[x] - ref[x], x)} / {_diff(best[y] - ref[y], y)}: "
                f"#{best['variant']} {best['family']} {best['levers']}"
            )
        lines.append(f"{ref['preset'][:34]:<34} {_fmt(ref[x], x):>14} {_fmt(ref[y], y):>14}  {text}")
    return "\n".join(lines)


# --- run --bands ----------------------------------------------------------------------------------------------------
def bands_for(scenario: Scenario, size: str, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    """The 90 % band of ``scenario`` on the population of ``size`` households (or 'full'), under the law the scenario
    changes (as the run itself), cached on disk."""
    run = prepare_bands(scenario, _size(size) or 0, seed, scenario.law)
    return _on_engine(args, lambda client: compute_bands(run, client, ProgressBar("draws")))


def bands_text(bands: dict[str, Any]) -> list[str]:
    level = f"{100 * bands['level']:.0f} %"
    lines = [
        "",
        f"Uncertainty ({level} bands: {bands['draws']} runs over {bands['population_seeds']} synthetic populations "
        f"and {bands['parameters']} uncertain parameters drawn from their stated ranges)",
        f"{'result':<22} {'central':>14} {'low':>14} {'high':>14}",
    ]
    for m, b in bands["metrics"].items():
        lines.append(f"{m:<22} {_fmt(b['central'], m):>14} {_fmt(b['low'], m):>14} {_fmt(b['high'], m):>14}")
    lines.append(
        f"In {level} of the runs the result fell between low and high: the spread that the sample of households "
        "and the uncertain assumptions alone cause, not the error of the model itself."
    )
    return lines
