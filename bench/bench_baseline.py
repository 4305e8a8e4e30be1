"""Benchmark: population build time, cache load time, baseline evaluation time and peak memory.

Usage: python bench/bench_baseline.py [--size 100000|full] [--repeat 20] [--rebuild]

Prints figures; asserts nothing. Peak memory is the process's maximum resident set size, so run one size
per process (bench/run_all.py does).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models import runtime  # noqa: E402
from models.parameters import load_parameters  # noqa: E402
from models.population.store import load_population  # noqa: E402
from models.system import compute  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    runtime.configure()
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="100000")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    size = args.size if args.size == "full" else int(args.size)

    params = load_parameters()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        pop = load_population(size, cache_dir=Path(tmp))
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        pop = load_population(size, cache_dir=Path(tmp))
        load_s = time.perf_counter() - t0

    compute(pop, params)  # warm-up: derived arrays (household sums, ranks) are cached on the population
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        compute(pop, params)
        times.append(time.perf_counter() - t0)
    out = {
        "size": size,
        "households": pop.n_households,
        "persons": pop.n_persons,
        "build_s": round(build_s, 2),
        "cache_load_s": round(load_s, 3),
        "baseline_median_ms": round(1000 * statistics.median(times), 1),
        "baseline_p95_ms": round(1000 * sorted(times)[int(0.95 * (len(times) - 1))], 1),
        "peak_rss_mb": round(peak_rss_mb(), 0),
    }
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>20}: {v}")


if __name__ == "__main__":
    main()
