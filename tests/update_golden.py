"""Regenerate the golden tables after an intended change: python tests/update_golden.py

Review the diff of tests/golden/*.json before committing: every changed number should be explained by
the change you made.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLDEN = ROOT / "tests" / "golden"
SIZE = 20_000
PRESETS = ("basic_income_experiment_560", "yleistuki_2026", "negative_income_tax", "broad_general_support")


def baseline_table() -> dict:
    from models.metrics import baseline_summary
    from models.parameters import load_parameters
    from models.population.store import load_population
    from models.system import compute

    pop = load_population(SIZE)
    params = load_parameters()
    s = baseline_summary(pop, compute(pop, params), params)
    keys = ("median_equivalised_income", "poverty_rate", "deep_poverty_rate", "child_poverty_rate", "gini", "s80_s20")
    return {"size": SIZE, "totals_eur": s["totals_eur"], "recipients": s["recipients"], **{k: s[k] for k in keys}}


def reform_table() -> dict:
    from models.baseline import baseline_run
    from models.compare import compare
    from models.parameters import load_parameters
    from models.population.store import load_population
    from models.presets import load_presets

    pop = load_population(SIZE)
    params = load_parameters()
    base = baseline_run(pop, params, traps=False)
    presets = load_presets()
    out = {}
    for name in PRESETS:
        r = compare(pop, params, presets[name].scenario, baseline=base, traps=False)
        out[name] = {k: r[k] for k in ("net_cost_eur", "gross_cost_eur", "winners_share", "losers_share", "axes")}
        out[name]["poverty_rate"] = r["poverty_rate"]["reform"]
        out[name]["gini"] = r["gini"]["reform"]
    return {"size": SIZE, "presets": out}


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    (GOLDEN / "baseline_20000.json").write_text(json.dumps(baseline_table(), indent=1, sort_keys=True) + "\n")
    (GOLDEN / "reforms_20000.json").write_text(json.dumps(reform_table(), indent=1, sort_keys=True) + "\n")
    print("wrote", *sorted(p.name for p in GOLDEN.glob("*.json")))


if __name__ == "__main__":
    main()
