"""Run every benchmark, one process per population size, and print a table.

Targets from the issues: baseline for the default population (100,000 households) under 100 ms after
loading; 1:1 under 5 s and 8 GB.
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


def main() -> None:
    rows = [run("bench_baseline.py", "--size", "100000"), run("bench_baseline.py", "--size", "full", "--repeat", "5")]
    keys = list(rows[0])
    print(" | ".join(f"{k:>18}" for k in keys))
    for r in rows:
        print(" | ".join(f"{str(r[k]):>18}" for k in keys))


if __name__ == "__main__":
    main()
