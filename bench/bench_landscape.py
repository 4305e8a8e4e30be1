"""Benchmark: the landscape's sweep on the distributed engine (issue 16).

Usage: python bench/bench_landscape.py [--size 100000] [--sample 32] [--skip-default | --rebuild] [--full N]
       [--law-date YYYY-MM-DD] [--json]

Prints, for a sample of the default landscape's designs (every k-th, so every family is in it):
- the single-design time: one design (budget-neutral solve + every metric) run in this process, one engine thread,
  the mean over the sample;
- sweep throughput per worker: the same designs swept on a local cluster with 1 worker, seconds per design
  (target: within 15 % of the single-design time), and with 2 workers (target: ≥ 1.7× the throughput of 1);
- the default landscape (every design, presets placed) at ``--size`` households on 2 workers: wall time (target
  ≤ 10 minutes on the 2-core machine) and where it is cached; skipped with ``--skip-default``, read from the cache
  when it is already there.
- with ``--full N``: N designs of the sample on the 1:1 population, one by one in this process: seconds per design
  and the process's peak memory, the figures behind the cost estimate in docs/DEPLOYMENT.md.
The machine's load average is printed before and after: other processes on the same cores slow every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ARVOVALINNAT_WORKER_THREADS", "1")  # as in a worker: the comparison's reruns in one thread
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models import runtime  # noqa: E402
from models.baseline import baseline_run  # noqa: E402
from models.distributed import engine, register_engine  # noqa: E402
from models.landscape import variant_record  # noqa: E402
from models.landscape_spec import LandscapeSpec, load_landscapes  # noqa: E402
from models.parameters import load_parameters  # noqa: E402
from models.population.store import load_population  # noqa: E402
from models.sweeps import LandscapeRun, is_complete, prepare_landscape, sweep  # noqa: E402


def single_design_times(run: LandscapeRun) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (``time.process_time``: less inflated by other processes) of each design in the sample."""
    pop = load_population(run.size, seed=run.seed)
    params = load_parameters(run.spec.law_date)
    base = baseline_run(pop, params)
    variant_record(pop, params, base, run.variants[0], run.spec.financing)  # warm the memos
    times, cpu = [], []
    for v in run.variants:
        t0, c0 = time.perf_counter(), time.process_time()
        variant_record(pop, params, base, v, run.spec.financing)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return times, cpu


def warm(client, run: LandscapeRun) -> None:
    """Every worker loads the population and its baseline before the clock starts (what a long sweep amortises)."""
    register_engine(client)

    def load(size: int, seed: int, law_date) -> int:
        from models.distributed import worker_engine  # noqa: PLC0415 - runs on the worker

        worker_engine().baseline(size, seed, law_date)
        return os.getpid()

    workers = list(client.scheduler_info()["workers"])
    futures = [client.submit(load, run.size, run.seed, run.spec.law_date, workers=[w], pure=False) for w in workers]
    client.gather(futures)


def sweep_seconds(run: LandscapeRun, workers: int, out: Path) -> float:
    with engine(workers=workers) as client:
        warm(client, run)
        sample = prepare_landscape(run.spec, run.size, run.seed, out=out, chunk_size=1)
        sample = LandscapeRun(sample.spec, run.variants, run.size, run.seed, sample.key, out, 1)
        t0 = time.perf_counter()
        sweep(sample, client)
        return time.perf_counter() - t0


def default_spec(law_date: dt.date | None) -> LandscapeSpec:
    """The default landscape's spec, at ``law_date`` when one is given (its presets' scenarios are of one law)."""
    spec = load_landscapes()["default"]
    return spec if law_date is None else spec.model_copy(update={"law_date": law_date})


def default_landscape(spec: LandscapeSpec, size: int, rebuild: bool) -> dict:
    """The default landscape on 2 workers, cluster start included: into the cache (read from there when it is
    complete), or with ``rebuild`` into a temporary directory (timed from scratch, the cache left alone)."""
    with tempfile.TemporaryDirectory() as tmp:
        run = prepare_landscape(spec, size, out=Path(tmp) / "default" if rebuild else None)
        if is_complete(run):
            return {"variants": len(run.variants), "cached": True, "directory": str(run.directory)}
        t0 = time.perf_counter()
        with engine(workers=2) as client:
            sweep(run, client)
        minutes = round((time.perf_counter() - t0) / 60, 2)
    return {"variants": len(run.variants), "cached": False, "minutes": minutes, "directory": str(run.directory)}


def full_population(run: LandscapeRun, n: int) -> dict:
    """Seconds per design on the 1:1 population (the first ``n`` designs of the sample) and the peak memory."""
    t0 = time.perf_counter()
    pop = load_population("full", seed=run.seed)
    params = load_parameters(run.spec.law_date)
    base = baseline_run(pop, params)
    setup = time.perf_counter() - t0
    times, cpu = [], []
    for v in run.variants[:n]:
        t1, c1 = time.perf_counter(), time.process_time()
        variant_record(pop, params, base, v, run.spec.financing)
        times.append(time.perf_counter() - t1)
        cpu.append(time.process_time() - c1)
    return {
        "households": pop.n_households,
        "load_and_baseline_s": round(setup, 1),
        "s_per_design_mean": round(statistics.mean(times), 2),
        "s_per_design_max": round(max(times), 2),
        "cpu_s_per_design_mean": round(statistics.mean(cpu), 2),
        "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
    }


def main() -> None:
    runtime.configure()
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=32)
    ap.add_argument("--skip-default", action="store_true")
    ap.add_argument("--rebuild", action="store_true", help="time the default landscape afresh (not from the cache)")
    ap.add_argument("--full", type=int, default=0, help="designs to time on the 1:1 population (0: none)")
    ap.add_argument("--law-date", type=dt.date.fromisoformat, help="the law of the run (default: the spec's)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out: dict = {"load_before": os.getloadavg()[0]}
    spec = default_spec(args.law_date)
    full = prepare_landscape(spec, args.size)
    step = max(1, len(full.variants) // args.sample)
    run = LandscapeRun(full.spec, full.variants[::step][: args.sample], full.size, full.seed, full.key, full.directory)
    times, cpu = single_design_times(run)
    single = statistics.mean(times)
    out["designs"] = len(run.variants)
    out["single_design_ms_mean"] = round(1000 * single, 1)
    out["single_design_ms_median"] = round(1000 * statistics.median(times), 1)
    out["single_design_cpu_ms_mean"] = round(1000 * statistics.mean(cpu), 1)
    with tempfile.TemporaryDirectory() as tmp:
        one = sweep_seconds(run, 1, Path(tmp) / "one")
        two = sweep_seconds(run, 2, Path(tmp) / "two")
    out["sweep_1_worker_ms_per_design"] = round(1000 * one / len(run.variants), 1)
    out["sweep_1_worker_vs_single"] = round(one / len(run.variants) / single, 3)
    out["sweep_2_workers_ms_per_design"] = round(1000 * two / len(run.variants), 1)
    out["scaling_1_to_2"] = round(one / two, 2)
    if not args.skip_default:
        out["default_landscape"] = default_landscape(spec, args.size, args.rebuild)
    if args.full:
        out["full_population"] = full_population(run, args.full)
    out["load_after"] = os.getloadavg()[0]
    print(json.dumps(out) if args.json else "\n".join(f"{k:>32}: {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
