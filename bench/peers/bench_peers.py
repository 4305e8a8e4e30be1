"""Peer benchmark: the same simplified rules in our engine's style and in OpenFisca, side by side.

Usage::

    .venv/bin/python bench/peers/bench_peers.py [--sizes 10000,100000,1000000] [--reforms 10] [--json]

For each population size (persons) one synthetic population is written to a temporary ``.npz``; then
two worker processes evaluate the same sequence of reforms on it (one process per side, so each side's
memory is its own):

- **ours** (this venv): :func:`rules.net_incomes`, vectorised numpy over a person/household layout with
  :class:`models.population.core.Population`'s household sums;
- **OpenFisca** (``bench/peers/.venv``, see ``bench/peers/requirements.txt``): a TaxBenefitSystem with
  Person and Household entities; each evaluation builds the ``Reform`` and a new ``Simulation``.

One **reform evaluation** = apply a parameter change (a new basic income and allowance taper) and compute
every person's and household's net income: what one slider move costs. Both sides' net incomes of the
last reform are compared (``np.allclose`` within a cent: OpenFisca computes float variables in float32;
the benchmark fails loudly if they differ). Reported per side:
median and fastest evaluation, peak memory of the process and peak memory above the loaded inputs
(VmHWM after resetting it via ``/proc/self/clear_refs``); the ratio OpenFisca/ours; and our time against
the memory-bandwidth floor (one numpy pass over every input column). Asserts nothing about speed.

Targets (issue #7): ours ≥ 10× faster than OpenFisca per reform evaluation, and within 30× of the floor.
If ``bench/peers/.venv`` is missing, only our side runs (with a note how to create the venv).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from memory import reset_peak, status_kb  # noqa: E402
from rules import Layout, Rules, bandwidth_floor, net_incomes, reform, synthetic  # noqa: E402

PEER_PYTHON = HERE / ".venv" / "bin" / "python"
TARGET_RATIO = 10
TARGET_FLOOR = 30


def ours_worker(population: str, reforms_file: str, out: str, floor_repeat: int) -> dict:
    """Our side in this process: the same protocol as ``openfisca_side.main``."""
    with np.load(population, allow_pickle=False) as data:
        pop = Layout(data["household_index"], data["age"], data["earnings"])
    rules = [
        Rules(**{k: tuple(v) if isinstance(v, list) else v for k, v in r.items()})
        for r in json.loads(Path(reforms_file).read_text())
    ]
    net_incomes(pop, rules[0])  # warm-up
    gc.collect()
    rss_before = status_kb("VmRSS")
    peak_reset = reset_peak()
    times = []
    for r in rules[1:]:
        t0 = time.perf_counter()
        person, household = net_incomes(pop, r)
        times.append(time.perf_counter() - t0)
    peak = status_kb("VmHWM")
    floor = []
    for _ in range(floor_repeat):
        t0 = time.perf_counter()
        bandwidth_floor(pop)
        floor.append(time.perf_counter() - t0)
    input_bytes = sum(a.nbytes for a in pop.columns().values())
    np.savez(out, person=person, household=household)
    return {
        "side": "ours",
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "evaluations": len(times),
        "times_s": times,
        "rss_before_mb": rss_before / 1024,
        "peak_rss_mb": peak / 1024,
        "peak_over_inputs_mb": (peak - rss_before) / 1024 if peak_reset else None,
        "floor_s": floor,
        "input_mb": input_bytes / 2**20,
    }


def _run(cmd: list[str], timeout: float) -> dict:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[1]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_size(n_persons: int, n_reforms: int, tmp: Path, peer: bool) -> dict:
    pop = synthetic(n_persons)
    pop_file, reforms_file = tmp / f"pop{n_persons}.npz", tmp / f"reforms{n_persons}.json"
    np.savez(pop_file, **pop.columns())
    base = Rules()
    reforms_file.write_text(json.dumps([base.as_dict()] + [reform(i, base).as_dict() for i in range(n_reforms)]))
    row: dict = {"persons": pop.n_persons, "households": pop.n_households, "reforms": n_reforms}
    ours_out = tmp / f"ours{n_persons}.npz"
    ours = _run([sys.executable, __file__, "--worker", str(pop_file), str(reforms_file), str(ours_out)], timeout=1800)
    row["ours"] = _summary(ours)
    row["input_mb"] = round(ours["input_mb"], 1)
    row["floor_ms"] = round(1000 * min(ours["floor_s"]), 3)
    row["ours_over_floor"] = round(min(ours["times_s"]) / min(ours["floor_s"]), 1)
    row["ours_median_over_floor"] = round(statistics.median(ours["times_s"]) / min(ours["floor_s"]), 1)
    if peer:
        of_out = tmp / f"of{n_persons}.npz"
        of = _run(
            [str(PEER_PYTHON), str(HERE / "openfisca_side.py"), str(pop_file), str(reforms_file), str(of_out)],
            timeout=3600,
        )
        row["openfisca"] = _summary(of)
        row["openfisca_version"] = of["openfisca_core"]
        with np.load(ours_out) as a, np.load(of_out) as b:
            # OpenFisca stores float variables as float32 (about 7 significant digits): equal within a cent.
            same_p = np.allclose(a["person"], b["person"], rtol=1e-6, atol=0.01)
            same_h = np.allclose(a["household"], b["household"], rtol=1e-6, atol=0.01)
            row["max_abs_diff_eur"] = float(
                max(np.abs(a["person"] - b["person"]).max(), np.abs(a["household"] - b["household"]).max())
            )
        row["same_net_incomes"] = bool(same_p and same_h)
        if not row["same_net_incomes"]:
            raise AssertionError(f"{n_persons} persons: OpenFisca and ours differ (max {row['max_abs_diff_eur']} EUR)")
        row["speedup_median"] = round(row["openfisca"]["median_ms"] / row["ours"]["median_ms"], 1)
        row["memory_ratio"] = (
            round(row["openfisca"]["peak_over_inputs_mb"] / row["ours"]["peak_over_inputs_mb"], 1)
            if row["ours"]["peak_over_inputs_mb"]
            else None
        )
    for f in tmp.glob(f"*{n_persons}.*"):
        f.unlink()
    return row


def _summary(w: dict) -> dict:
    t = w["times_s"]
    return {
        "median_ms": round(1000 * statistics.median(t), 2),
        "min_ms": round(1000 * min(t), 2),
        "max_ms": round(1000 * max(t), 2),
        "peak_rss_mb": round(w["peak_rss_mb"], 1),
        "peak_over_inputs_mb": None if w["peak_over_inputs_mb"] is None else round(w["peak_over_inputs_mb"], 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="persons, comma-separated")
    ap.add_argument("--reforms", type=int, default=20, help="reform evaluations per size and side")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--worker", nargs=3, metavar=("POP", "REFORMS", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(ours_worker(*args.worker, floor_repeat=20)))
        return
    peer = PEER_PYTHON.exists()
    rows = []
    with tempfile.TemporaryDirectory(prefix="arvovalinnat-peers-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(bench_size(size, args.reforms, Path(tmp), peer))
            if not args.json:
                _print_row(rows[-1])
    out = {
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "rows": rows,
        "targets": {"speedup_at_least": TARGET_RATIO, "ours_over_floor_at_most": TARGET_FLOOR},
        "openfisca": "ran" if peer else f"skipped: {PEER_PYTHON} missing",
    }
    if args.json:
        print(json.dumps(out))
        return
    print(f"{out['cpus']} CPUs, load average {out['load_average_1min']}; OpenFisca {out['openfisca']}")
    print(
        f"targets: ours ≥ {TARGET_RATIO}× faster than OpenFisca; "
        f"ours within {TARGET_FLOOR}× of one numpy pass over the inputs"
    )
    if not peer:
        print(
            "create the OpenFisca venv: python3.11 -m venv bench/peers/.venv && "
            "bench/peers/.venv/bin/pip install -r bench/peers/requirements.txt"
        )


def _side_line(name: str, side: dict) -> str:
    """One side's timing and memory: "  ours      median … ms  min … ms  peak RSS … MB  (+… MB over the inputs)"."""
    return (
        f"  {name:<9} median {side['median_ms']:>10.2f} ms  min {side['min_ms']:>10.2f} ms  "
        f"peak RSS {side['peak_rss_mb']:>8.1f} MB  (+{side['peak_over_inputs_mb']} MB over the inputs)"
    )


def _print_row(r: dict) -> None:
    print(f"{r['persons']:>9,} persons ({r['households']:,} households), {r['reforms']} reform evaluations per side")
    print(_side_line("ours", r["ours"]))
    if "openfisca" in r:
        print(_side_line("OpenFisca", r["openfisca"]) + f"  [openfisca-core {r['openfisca_version']}]")
        print(
            f"  OpenFisca / ours: {r['speedup_median']}× time (median), "
            f"{r['memory_ratio'] or 'n/a'}× memory over the inputs; "
            f"same net incomes: {r['same_net_incomes']} (max |diff| {r['max_abs_diff_eur']:.2e} EUR)"
        )
    print(
        f"  floor (one numpy pass over {r['input_mb']} MB of inputs): {r['floor_ms']} ms; ours / floor: "
        f"{r['ours_over_floor']}× (fastest), {r['ours_median_over_floor']}× (median)"
    )


if __name__ == "__main__":
    main()
