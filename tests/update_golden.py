"""Regenerate the golden tables after an intended change: python tests/update_golden.py

One pair of tables per law year (the law in force on 1 August of the year, models.parameters.LAW_YEARS), each
on the population of that year (models.population.in_year): the 2025 tables are the numbers of the 2025 law,
whatever today's date is; the 2026 tables hold today's law with the presets re-read against it.

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
YEARS = (2025, 2026)


def _law_and_population(year: int):
    from models.parameters import LAW_YEARS, load_parameters
    from models.population.in_year import population_in_year
    from models.population.store import load_population

    params = load_parameters(LAW_YEARS[year])
    return params, population_in_year(load_population(SIZE), params)


def baseline_table(year: int = 2025) -> dict:
    from models.metrics import baseline_summary
    from models.system import compute

    params, pop = _law_and_population(year)
    s = baseline_summary(pop, compute(pop, params), params)
    keys = ("median_equivalised_income", "poverty_rate", "deep_poverty_rate", "child_poverty_rate", "gini", "s80_s20")
    return {"size": SIZE, "totals_eur": s["totals_eur"], "recipients": s["recipients"], **{k: s[k] for k in keys}}


def reform_table(year: int = 2025) -> dict:
    from models.baseline import baseline_run
    from models.compare import compare
    from models.presets import load_presets

    params, pop = _law_and_population(year)
    base = baseline_run(pop, params, traps=False)
    presets = load_presets()
    out = {}
    for name in PRESETS:
        r = compare(pop, params, presets[name].scenario.at_law(params.date), baseline=base, traps=False)
        out[name] = {k: r[k] for k in ("net_cost_eur", "gross_cost_eur", "winners_share", "losers_share", "axes")}
        out[name]["poverty_rate"] = r["poverty_rate"]["reform"]
        out[name]["gini"] = r["gini"]["reform"]
    return {"size": SIZE, "presets": out}


def golden_tables(year: int):
    """The tables of one law year: (file name, function of the year). 2025 keeps the names it had before law years."""
    suffix = "" if year == 2025 else f"_{year}"
    return [(f"baseline{suffix}_{SIZE}.json", baseline_table), (f"reforms{suffix}_{SIZE}.json", reform_table)]


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for year in YEARS:
        for name, make in golden_tables(year):
            (GOLDEN / name).write_text(json.dumps(make(year), indent=1, sort_keys=True) + "\n")
    print("wrote", *sorted(p.name for p in GOLDEN.glob("*.json")))


if __name__ == "__main__":
    main()
