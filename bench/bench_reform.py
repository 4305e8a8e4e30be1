"""Benchmark: one reform with all metrics (incl. EMTR and PTR), the budget-neutral solve, and scaling.

Usage: python bench/bench_reform.py [--size 100000|full] [--repeat 10] [--json]

Targets (issue 3): one reform with all metrics ≤ 150 ms median and a budget-neutral solve ≤ 1 s on the
default population (100,000 households); the 1:1 population ≤ 5 s. The baseline run and its trap
rates are computed once per population (what the app caches) and not counted.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models import runtime  # noqa: E402
from models.baseline import baseline_run  # noqa: E402
from models.compare import compare  # noqa: E402
from models.parameters import load_parameters  # noqa: E402
from models.population.store import load_population  # noqa: E402
from models.scenario import BasicIncome, Scenario  # noqa: E402
from models.solver import solve_financing  # noqa: E402
from models.system import compute  # noqa: E402

SCENARIO = Scenario(
    name="bench: partial basic income 560",
    family="basic_income",
    basic_income=BasicIncome(enabled=True, amount=560, taxable=True),
)


def timed(f, repeat):
    f()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        out.append(time.perf_counter() - t0)
    return 1000 * statistics.median(out), 1000 * max(out)


def main() -> None:
    runtime.configure()
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="100000")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    size = args.size if args.size == "full" else int(args.size)
    pop = load_population(size)
    params = load_parameters()
    baseline = baseline_run(pop, params)

    reform_ms, reform_max = timed(lambda: compare(pop, params, SCENARIO, baseline=baseline), args.repeat)
    static_ms, _ = timed(lambda: compare(pop, params, SCENARIO, baseline=baseline, traps=False), args.repeat)
    compute_ms, _ = timed(lambda: compute(pop, params, SCENARIO), args.repeat)
    t0 = time.perf_counter()
    sol = solve_financing(pop, params, SCENARIO, base=baseline.results)
    solve_s = time.perf_counter() - t0
    out = {
        "size": size,
        "households": pop.n_households,
        "persons": pop.n_persons,
        "compute_ms": round(compute_ms, 1),
        "reform_all_metrics_ms": round(reform_ms, 1),
        "reform_all_metrics_max_ms": round(reform_max, 1),
        "reform_without_traps_ms": round(static_ms, 1),
        "solve_s": round(solve_s, 3),
        "solve_iterations": sol.iterations,
        "solve_residual_meur": round(sol.net_cost_eur / 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(out) if args.json else "\n".join(f"{k:>26}: {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
