"""Run every benchmark, one process per population size, and print tables.

Targets from the issues (2-core machine):
- baseline for the default population (100,000 households) under 100 ms after loading; 1:1 under 5 s and 8 GB;
- one reform with all metrics (incl. EMTR) ≤ 150 ms median; budget-neutral solve ≤ 1 s; 1:1 ≤ 5 s;
- how time grows from 10 k households to 1:1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE / script), *args, "--json"], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> None:
    keys = list(rows[0])
    print(" | ".join(f"{k:>22}" for k in keys))
    for r in rows:
        print(" | ".join(f"{str(r[k]):>22}" for k in keys))
    print()


def main() -> None:
    print("Baseline (issue 2)")
    table([run("bench_baseline.py", "--size", "100000"), run("bench_baseline.py", "--size", "full", "--repeat", "5")])
    print("Reform with all metrics, and scaling (issue 3)")
    sizes = ["10000", "100000", "1000000", "full"]
    table([run("bench_reform.py", "--size", s, "--repeat", "10" if s in ("10000", "100000") else "3") for s in sizes])


if __name__ == "__main__":
    main()
