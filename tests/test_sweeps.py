"""The distributed engine, on a 2-worker local Dask cluster and a 2,000-household population (small and fast).

- A sweep gives the same numbers as the same variants run one by one in this process.
- A worker killed in the middle of a sweep neither loses nor duplicates a variant.
- An interrupted sweep resumes: the chunks on disk are kept and only the missing ones run.
- A band's central run is the scenario's own run; the band holds it, and the second request reads the cache.
"""

from __future__ import annotations

import math
import os
import signal

import pytest

from models.baseline import baseline_run
from models.compare import compare
from models.distributed import chunk_path, done_chunks, engine
from models.landscape import variant_record
from models.landscape_spec import read_spec_text
from models.parameters import load_parameters
from models.population.store import load_population
from models.presets import load_presets
from models.solver import solve_financing
from models.sweeps import cached_bands, compute_bands, is_complete, prepare_bands, prepare_landscape, sweep
from models.uncertainty import BandSpec

SIZE, SEED = 2000, 7
SPEC = read_spec_text(
    f"""
title: {{fi: Testi, sv: Test, en: Test}}
law_date: 2025-08-01
population: {{size: {SIZE}, seed: {SEED}}}
financing: {{method: flat_tax, net_cost_eur: 0}}
presets: [todays_system, negative_income_tax]
families:
  - name: nit
    base: negative_income_tax
    levers:
      negative_income_tax.guarantee: [400, 800]
      negative_income_tax.withdrawal_rate: [0.3, 0.5]
  - name: gs
    base: yleistuki_2026
    levers:
      general_support.partner_income_weight: [0, 1]
""",
    "test.yaml",
    "test",
)


@pytest.fixture(scope="module")
def client():
    with engine(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def one_by_one():
    """Every variant of SPEC run here, one after the other."""
    pop = load_population(SIZE, seed=SEED)
    params = load_parameters(SPEC.law_date)
    base = baseline_run(pop, params)
    run = prepare_landscape(SPEC)
    return [variant_record(pop, params, base, v, SPEC.financing) for v in run.variants]


def _same(records, expected):
    assert len(records) == len(expected)
    for got, want in zip(records, expected, strict=True):
        for k, v in want.items():
            same = got[k] == v or (isinstance(v, float) and math.isnan(v) and math.isnan(got[k]))
            assert same, f"variant {want['variant']}: {k} {got[k]!r} != {v!r}"


def test_a_sweep_gives_the_numbers_of_the_variants_run_one_by_one(client, one_by_one, tmp_path):
    run = prepare_landscape(SPEC, out=tmp_path / "sweep", chunk_size=3)
    table = sweep(run, client)
    assert is_complete(run)
    _same(table.to_pylist(), one_by_one)
    today = next(r for r in one_by_one if r["preset"] == "todays_system")
    assert today["net_cost_eur"] == 0 and today["poverty_change"] == 0


def test_the_cli_run_and_the_landscape_agree_on_a_preset(one_by_one):
    """The landscape's record of a preset is what ``run --solve-financing --method flat_tax`` reports."""
    pop, params = load_population(SIZE, seed=SEED), load_parameters(SPEC.law_date)
    nit = load_presets()["negative_income_tax"].scenario
    solved = solve_financing(pop, params, nit, method="flat_tax")
    out = compare(pop, params, solved.scenario)
    record = next(r for r in one_by_one if r["preset"] == "negative_income_tax")
    assert record["financing_rate"] == solved.rate
    assert record["poverty_rate"] == out["poverty_rate"]["reform"]
    assert record["emtr_median"] == out["emtr"]["reform"]["median"]


def test_a_worker_killed_mid_sweep_neither_loses_nor_duplicates_a_variant(client, one_by_one, tmp_path):
    run = prepare_landscape(SPEC, out=tmp_path / "killed", chunk_size=1)
    killed: list[str] = []

    def kill_a_busy_worker(done: int, total: int) -> None:
        if done >= 1 and not killed:
            processing = client.processing()
            busy = [w for w, keys in processing.items() if keys] or list(processing)
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(busy[0])

    table = sweep(run, client, kill_a_busy_worker)
    assert killed, "a worker was killed while the sweep ran"
    ids = table.column("variant").to_pylist()
    assert ids == list(range(len(run.variants))), "every variant once"
    assert len(done_chunks(run.directory)) == len(run.variants)
    _same(table.to_pylist(), one_by_one)


class Interrupted(Exception):
    pass


def test_an_interrupted_sweep_resumes_where_it_stopped(client, one_by_one, tmp_path):
    run = prepare_landscape(SPEC, out=tmp_path / "resumed", chunk_size=1)

    def stop_after_two(done: int, total: int) -> None:
        if done >= 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        sweep(run, client, stop_after_two)
    assert not is_complete(run)
    first = done_chunks(run.directory)
    assert 2 <= len(first) < len(run.variants)
    written = {n: chunk_path(run.directory, n).stat().st_mtime_ns for n in first}
    seen: list[int] = []
    table = sweep(run, client, lambda done, total: seen.append(done))
    assert seen[0] == len(first), "the second run starts from the chunks on disk"
    assert {n: chunk_path(run.directory, n).stat().st_mtime_ns for n in first} == written, "and leaves them alone"
    assert is_complete(run)
    _same(table.to_pylist(), one_by_one)


def test_a_band_holds_the_central_run_and_is_cached(client, tmp_path):
    scenario = load_presets()["universal_security_yleisturva"].scenario
    spec = BandSpec(draws=8, population_seeds=2, level=0.9, seed=1)
    run = prepare_bands(scenario, SIZE, SEED, spec=spec, cache_dir=tmp_path)
    assert cached_bands(run) is None
    bands = compute_bands(run, client)
    assert cached_bands(run) == bands
    pop, params = load_population(SIZE, seed=SEED), load_parameters(run.law_date)
    solved = solve_financing(pop, params, scenario, method="flat_tax")
    m = bands["metrics"]
    assert m["financing_rate"]["central"] == solved.rate
    assert m["poverty_rate"]["central"] == compare(pop, params, solved.scenario)["poverty_rate"]["reform"]
    assert bands["draws"] == 8 and bands["converged"]
    for name, b in m.items():
        assert b["low"] <= b["high"], name
    assert m["financing_rate"]["low"] < m["financing_rate"]["high"], "the draws move the solved rate"
    assert "employment_change" not in m, "a static scenario has no employment band"


def test_run_with_bands_on_the_command_line(tmp_path, monkeypatch, capsys):
    """``run --bands``: the band's central rate is the run's own solved rate; the text explains the band."""
    import json

    from models.cli import main

    monkeypatch.setenv("ARVOVALINNAT_SWEEP_CACHE", str(tmp_path))
    monkeypatch.setattr("models.sweeps.load_band_spec", lambda: BandSpec(draws=6, population_seeds=2, seed=2))
    args = ["run", "universal_security_yleisturva", "--size", str(SIZE), "--seed", str(SEED), "--workers", "2"]
    assert main([*args, "--bands", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bands"]["metrics"]["financing_rate"]["central"] == out["budget_neutral_rate"]
    assert out["bands"]["draws"] == 6
    assert main([*args, "--bands"]) == 0  # from the cache
    text = capsys.readouterr().out
    assert "90 % bands" in text and "financing_rate" in text
    assert main(["run", "todays_system", "--bands", "--population", str(tmp_path / "x.csv")]) == 2
    assert "--bands" in capsys.readouterr().err


def test_bands_on_the_command_line_follow_the_law_the_scenario_changes(tmp_path, monkeypatch, capsys):
    """A preset made against a dated law (participation income for the young: the law of 1.8.2025) gets its band
    under that law, as the run itself, on any day: until December 2026 the band ran today's law against the preset's
    and every draw failed."""
    import json

    from models.cli import main

    monkeypatch.setenv("ARVOVALINNAT_SWEEP_CACHE", str(tmp_path))
    monkeypatch.setattr("models.sweeps.load_band_spec", lambda: BandSpec(draws=4, population_seeds=2, seed=2))
    args = ["run", "participation_income_youth", "--size", str(SIZE), "--seed", str(SEED), "--workers", "2"]
    assert main([*args, "--bands", "--json", "--no-traps"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bands"]["metrics"]["net_cost_eur"]["central"] == pytest.approx(out["net_cost_eur"], rel=1e-9)
