"""What one design of a landscape (or one draw of a band) comes to, and the trade-off frontier (docs/LANDSCAPE.md).

- :func:`evaluate`: a scenario financed by a rule (solved to a net cost by one method, :func:`models.solver.
  solve_financing`) and compared with the baseline (:func:`models.compare.compare`, every metric), as one flat record
  of :data:`OUTCOMES`: the same two calls, in the same order, as ``python -m models run --solve-financing``.
- :func:`frontier`: the designs no other design beats on two chosen outcomes; :func:`best_against`: the design of
  the cloud that beats a reference (today's law, a preset) on both by the most.
- :func:`band_run` and :func:`band_summary`: one draw of an uncertainty band (a population seed and a draw of the
  uncertain parameters, :mod:`models.uncertainty`) and the band over the draws (docs/UNCERTAINTY.md).

Pure numpy: the sweep over many designs is :mod:`models.distributed`'s.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from models.baseline import BaselineRun, baseline_run
from models.behaviour import is_behavioural
from models.compare import compare
from models.landscape_spec import FinancingRule, Variant
from models.parameters import Parameters
from models.population.core import Population
from models.scenario import Scenario
from models.solver import solve_financing
from models.system import Results


@dataclass(frozen=True)
class Outcome:
    """An outcome of a design: which way is better (for the frontier) and how it is shown."""

    better: Literal["lower", "higher"]
    kind: Literal["axis", "eur", "rate", "share", "points", "index", "persons"]


#: Every outcome of a design, in the order of the record.
OUTCOMES: dict[str, Outcome] = {
    "universality": Outcome("higher", "axis"),
    "unconditionality": Outcome("higher", "axis"),
    "individuality": Outcome("higher", "axis"),
    "net_cost_eur": Outcome("lower", "eur"),
    "gross_cost_eur": Outcome("lower", "eur"),
    "financing_rate": Outcome("lower", "rate"),
    "poverty_rate": Outcome("lower", "share"),
    "poverty_change": Outcome("lower", "points"),
    "child_poverty_rate": Outcome("lower", "share"),
    "child_poverty_change": Outcome("lower", "points"),
    "gini": Outcome("lower", "index"),
    "winners_share": Outcome("higher", "share"),
    "losers_share": Outcome("lower", "share"),
    "emtr_median": Outcome("lower", "share"),
    "ptr_median": Outcome("lower", "share"),
    "emtr_over_80": Outcome("lower", "persons"),
    "ptr_over_80": Outcome("lower", "persons"),
    "employment_change": Outcome("higher", "persons"),
}
#: The headline results a band is drawn for (docs/UNCERTAINTY.md).
BAND_METRICS = (
    "net_cost_eur",
    "financing_rate",
    "poverty_rate",
    "poverty_change",
    "child_poverty_rate",
    "winners_share",
    "losers_share",
    "emtr_over_80",
    "ptr_over_80",
    "employment_change",
)


def _number(x: Any) -> float:
    return math.nan if x is None else float(x)


def outcomes(out: dict[str, Any], rate: float, converged: bool) -> dict[str, Any]:
    """The flat record of :data:`OUTCOMES` from :func:`models.compare.compare`'s output."""
    pov, child = out["poverty_rate"], out["child_poverty_rate"]
    emtr, ptr = out["emtr"]["reform"], out["ptr"]["reform"]
    behavioural = out["behaviour"]["mode"] == "behavioural"
    return {
        **{k: float(out["axes"][k]) for k in ("universality", "unconditionality", "individuality")},
        "net_cost_eur": float(out["net_cost_eur"]),
        "gross_cost_eur": float(out["gross_cost_eur"]),
        "financing_rate": float(rate),
        "converged": bool(converged),
        "poverty_rate": float(pov["reform"]),
        "poverty_change": float(pov["reform"] - pov["baseline"]),
        "child_poverty_rate": float(child["reform"]),
        "child_poverty_change": float(child["reform"] - child["baseline"]),
        "gini": float(out["gini"]["reform"]),
        "winners_share": float(out["winners_share"]),
        "losers_share": float(out["losers_share"]),
        "emtr_median": _number(emtr["median"]),
        "ptr_median": _number(ptr["median"]),
        "emtr_over_80": float(emtr["persons_over_80"]),
        "ptr_over_80": float(ptr["persons_over_80"]),
        "employment_change": float(out["behaviour"]["employment_change_persons"]) if behavioural else math.nan,
    }


@dataclass(frozen=True, eq=False)
class Financed:
    """A scenario financed by a rule: its rate, whether the solve converged, and the solver's static runs of it with
    and without the financing (None when it has none, or with behaviour, whose runs are the response's)."""

    scenario: Scenario
    rate: float
    converged: bool
    static: Results | None = None
    unfinanced: Results | None = None


def financed(
    pop: Population, params: Parameters, baseline: BaselineRun, scenario: Scenario, rule: FinancingRule | None
) -> Financed:
    """The scenario financed by ``rule`` (the rate solved on this population and law); as it is (rate NaN, no runs)
    without a rule or with ``method: none``."""
    if rule is None or rule.method == "none":
        return Financed(scenario, math.nan, True)
    sol = solve_financing(
        pop, params, scenario, method=rule.method, base=baseline.results, baseline=baseline, target=rule.net_cost_eur
    )
    fin = sol.scenario.financing.model_copy(update={"budget_neutral": rule.net_cost_eur == 0})
    run = sol.scenario.model_copy(update={"financing": fin})  # budget_neutral is a label: the runs are the same
    if is_behavioural(sol.scenario):
        return Financed(run, sol.rate, sol.converged)
    return Financed(run, sol.rate, sol.converged, sol.results, sol.unfinanced)


def evaluate(
    pop: Population, params: Parameters, baseline: BaselineRun, scenario: Scenario, rule: FinancingRule | None
) -> dict[str, Any]:
    """One design: financed by ``rule``, compared with the baseline (which must carry its trap rates)."""
    f = financed(pop, params, baseline, scenario, rule)
    out = compare(pop, params, f.scenario, baseline=baseline, traps=True, static=f.static, unfinanced=f.unfinanced)
    record = outcomes(out, f.rate, f.converged)
    record["scenario"] = f.scenario.model_dump_json(exclude_defaults=True)
    return record


def variant_record(
    pop: Population, params: Parameters, baseline: BaselineRun, variant: Variant, rule: FinancingRule
) -> dict[str, Any]:
    """A landscape's row: the variant's number, family, preset and varied levers, and its outcomes."""
    return {
        "variant": variant.id,
        "family": variant.family,
        "preset": variant.preset or "",
        "levers": json.dumps(variant.levers, sort_keys=True),
        **evaluate(pop, params, baseline, variant.scenario, rule),
    }


# --- the frontier ---------------------------------------------------------------------------------------------
def _oriented(values: np.ndarray, outcome: str) -> np.ndarray:
    """The values with lower = better."""
    v = np.asarray(values, dtype=np.float64)
    return v if OUTCOMES[outcome].better == "lower" else -v


def frontier(xs: np.ndarray, ys: np.ndarray, x: str, y: str) -> np.ndarray:
    """Indices of the points no other point beats on both outcomes (``x`` and ``y`` name them, for the direction),
    ordered along the frontier; points with a missing value are left out."""
    sx, sy = _oriented(xs, x), _oriented(ys, y)
    ok = np.flatnonzero(np.isfinite(sx) & np.isfinite(sy))
    order = ok[np.lexsort((sy[ok], sx[ok]))]
    keep, best = [], math.inf
    for i in order:
        if sy[i] < best:
            keep.append(int(i))
            best = float(sy[i])
    return np.array(keep, dtype=np.int64)


def best_against(xs: np.ndarray, ys: np.ndarray, x: str, y: str, ref: tuple[float, float]) -> int | None:
    """The point that beats ``ref`` on both outcomes (better or equal on each, better on one) by the most: the largest
    sum of the two gains, each as a share of its outcome's spread in the cloud; None when no point beats it."""
    sx, sy = _oriented(xs, x), _oriented(ys, y)
    rx, ry = _oriented(np.array([ref[0]]), x)[0], _oriented(np.array([ref[1]]), y)[0]
    if not (np.isfinite(rx) and np.isfinite(ry)):
        return None
    gx, gy = rx - sx, ry - sy
    beats = np.isfinite(gx) & np.isfinite(gy) & (gx >= 0) & (gy >= 0) & ((gx > 0) | (gy > 0))
    if not beats.any():
        return None
    spread_x = max(float(np.nanmax(sx) - np.nanmin(sx)), 1e-12)
    spread_y = max(float(np.nanmax(sy) - np.nanmin(sy)), 1e-12)
    score = np.where(beats, gx / spread_x + gy / spread_y, -np.inf)
    return int(np.argmax(score))


# --- uncertainty bands ------------------------------------------------------------------------------------------
def own_rule(scenario: Scenario) -> FinancingRule | None:
    """A budget-neutral scenario is solved again in every draw (by its own method); any other runs as it is."""
    fin = scenario.financing
    return FinancingRule(method=fin.method, net_cost_eur=0.0) if fin.budget_neutral and fin.method != "none" else None


def drawn_behaviour(scenario: Scenario, central: Parameters, drawn: Parameters) -> Scenario:
    """The scenario's elasticities scaled as the draw scales the literature's guide values (their ranges say how far
    the literature's own values reach)."""
    b, lc, ld = scenario.behaviour, central.behaviour, drawn.behaviour
    if b.extensive_elasticity == 0 and b.intensive_elasticity == 0:
        return scenario
    ext = min(b.extensive_elasticity * ld.literature_extensive_elasticity / lc.literature_extensive_elasticity, 1.0)
    inten = min(b.intensive_elasticity * ld.literature_intensive_elasticity / lc.literature_intensive_elasticity, 1.0)
    update = {"extensive_elasticity": ext, "intensive_elasticity": inten}
    return scenario.model_copy(update={"behaviour": b.model_copy(update=update)})


def band_run(pop: Population, central: Parameters, drawn: Parameters, scenario: Scenario) -> dict[str, Any]:
    """One draw of a band: the baseline and the scenario run again on ``pop`` under the drawn law."""
    baseline = baseline_run(pop, drawn, traps=True)
    return evaluate(pop, drawn, baseline, drawn_behaviour(scenario, central, drawn), own_rule(scenario))


def band_summary(central: dict[str, Any], draws: list[dict[str, Any]], level: float) -> dict[str, dict[str, float]]:
    """For each of :data:`BAND_METRICS` with a value: the central run's value and the middle ``level`` of the draws."""
    out = {}
    tail = (1.0 - level) / 2
    for m in BAND_METRICS:
        values = np.array([d[m] for d in draws], dtype=np.float64)
        values = values[np.isfinite(values)]
        if not math.isfinite(central[m]) or len(values) == 0:
            continue
        low, high = np.quantile(values, [tail, 1.0 - tail])
        out[m] = {"central": float(central[m]), "low": float(low), "high": float(high)}
    return out
