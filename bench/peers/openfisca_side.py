"""The peer benchmark's rules in OpenFisca (openfisca-core), and a worker that times reform evaluations.

Runs in the separate venv ``bench/peers/.venv`` (``bench/peers/requirements.txt``); it imports nothing from
this repository, so the OpenFisca side sees only numpy and openfisca-core. The rules are those of
``bench/peers/rules.py``: a TaxBenefitSystem with a Person and a Household entity, the parameters as a
ParameterNode (a 3-bracket marginal-rate scale, a contribution rate, a basic income, an allowance), and
one Variable per concept, written as OpenFisca's country template writes them.

One **reform evaluation** = build the reformed system (a ``Reform`` whose ``apply`` calls
``modify_parameters``), build a new ``Simulation`` of the population (entities, memberships, inputs) and
calculate every person's and household's net income.

Usage (the orchestrator ``bench/peers/bench_peers.py`` calls it)::

    bench/peers/.venv/bin/python bench/peers/openfisca_side.py population.npz reforms.json out.npz [--repeat 3]

``reforms.json`` is a list of parameter sets (``rules.Rules.as_dict()``); the first is the baseline,
each further one is evaluated in turn. Prints one JSON line of figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time

import numpy as np
from memory import reset_peak, status_kb  # bench/peers/memory.py (the script's folder is on sys.path)
from openfisca_core import periods, reforms
from openfisca_core.entities import build_entity
from openfisca_core.model_api import MONTH, Variable
from openfisca_core.parameters import ParameterNode
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

PERIOD = "2025-01"
START = "2025-01-01"

Household = build_entity(
    key="household",
    plural="households",
    label="Household",
    roles=[{"key": "member", "plural": "members", "label": "Member"}],
)
Person = build_entity(key="person", plural="persons", label="Person", is_person=True)


class earnings(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Gross earnings"


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Age"


class income_tax(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Progressive income tax on earnings"

    def formula(person, period, parameters):
        return parameters(period).taxes.income_tax.calc(person("earnings", period))


class contribution(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Flat contribution on earnings"

    def formula(person, period, parameters):
        return parameters(period).taxes.contribution_rate * person("earnings", period)


class basic_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Basic income"

    def formula(person, period, parameters):
        p = parameters(period).benefits.basic_income
        return (person("age", period) >= p.min_age) * p.amount


class person_net_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Net income of a person"

    def formula(person, period, parameters):
        return (
            person("earnings", period)
            - person("income_tax", period)
            - person("contribution", period)
            + person("basic_income", period)
        )


class household_income(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Household income for the means test"

    def formula(household, period, parameters):
        return household.sum(household.members("person_net_income", period))


class household_allowance(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Means-tested household allowance"

    def formula(household, period, parameters):
        p = parameters(period).benefits.allowance
        maximum = p.base + p.per_member * (household.nb_persons() - 1)
        return np.maximum(maximum - p.taper * household("household_income", period), 0.0)


class household_net_income(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Net income of a household"

    def formula(household, period, parameters):
        return household("household_income", period) + household("household_allowance", period)


VARIABLES = (
    earnings,
    age,
    income_tax,
    contribution,
    basic_income,
    person_net_income,
    household_income,
    household_allowance,
    household_net_income,
)


def _value(x) -> dict:
    return {"values": {START: {"value": x}}}


def parameter_tree(r: dict) -> dict:
    brackets = [
        {"threshold": {START: {"value": t}}, "rate": {START: {"value": rate}}}
        for t, rate in zip(r["thresholds"], r["rates"], strict=False)
    ]
    return {
        "taxes": {
            "income_tax": {"brackets": brackets},
            "contribution_rate": _value(r["contribution_rate"]),
        },
        "benefits": {
            "basic_income": {"amount": _value(r["basic_income"]), "min_age": _value(r["basic_income_min_age"])},
            "allowance": {
                "base": _value(r["allowance_base"]),
                "per_member": _value(r["allowance_per_member"]),
                "taper": _value(r["allowance_taper"]),
            },
        },
    }


def build_system(baseline: dict) -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([Person, Household])
    tbs.add_variables(*VARIABLES)
    tbs.parameters = ParameterNode("", data=parameter_tree(baseline))
    return tbs


def make_reform(r: dict):
    """A Reform class that sets every parameter of ``r`` (as a slider move would), through modify_parameters."""

    def modify(parameters: ParameterNode) -> ParameterNode:
        start = periods.instant(START)
        scale = parameters.taxes.income_tax
        for bracket, t, rate in zip(scale.brackets, r["thresholds"], r["rates"], strict=False):
            bracket.threshold.update(start=start, value=t)
            bracket.rate.update(start=start, value=rate)
        parameters.taxes.contribution_rate.update(start=start, value=r["contribution_rate"])
        bi = parameters.benefits.basic_income
        bi.amount.update(start=start, value=r["basic_income"])
        bi.min_age.update(start=start, value=r["basic_income_min_age"])
        al = parameters.benefits.allowance
        al.base.update(start=start, value=r["allowance_base"])
        al.per_member.update(start=start, value=r["allowance_per_member"])
        al.taper.update(start=start, value=r["allowance_taper"])
        return parameters

    class SliderMove(reforms.Reform):
        name = "slider move"

        def apply(self):
            self.modify_parameters(modifier_function=modify)

    return SliderMove


def simulate(system: TaxBenefitSystem, pop: dict) -> tuple[np.ndarray, np.ndarray]:
    """A new Simulation of the population under ``system``: (person net income, household net income)."""
    hh = pop["household_index"]
    n_h = int(hh[-1]) + 1 if len(hh) else 0
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", np.arange(len(hh)))
    households = builder.declare_entity("household", np.arange(n_h))
    builder.join_with_persons(households, hh, np.zeros(len(hh), dtype=np.int64))
    sim = builder.build(system)
    sim.set_input("earnings", PERIOD, pop["earnings"])
    sim.set_input("age", PERIOD, pop["age"].astype(np.int32))
    return sim.calculate("person_net_income", PERIOD), sim.calculate("household_net_income", PERIOD)


def evaluate(baseline_system: TaxBenefitSystem, r: dict, pop: dict):
    """One reform evaluation: the reformed system, a new simulation, every net income."""
    return simulate(make_reform(r)(baseline_system), pop)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("population")
    ap.add_argument("reforms")
    ap.add_argument("out")
    args = ap.parse_args()
    with np.load(args.population, allow_pickle=False) as data:
        pop = {k: data[k] for k in data.files}
    rules = json.loads(open(args.reforms).read())
    baseline = build_system(rules[0])
    evaluate(baseline, rules[0], pop)  # warm-up (imports, first formula compilation)
    gc.collect()
    rss_before = status_kb("VmRSS")
    peak_reset = reset_peak()
    times = []
    for r in rules[1:]:
        t0 = time.perf_counter()
        person, household = evaluate(baseline, r, pop)
        times.append(time.perf_counter() - t0)
    peak = status_kb("VmHWM")
    np.savez(args.out, person=person, household=household)
    print(
        json.dumps(
            {
                "side": "openfisca",
                "openfisca_core": _version(),
                "numpy": np.__version__,
                "python": sys.version.split()[0],
                "evaluations": len(times),
                "times_s": times,
                "rss_before_mb": rss_before / 1024,
                "peak_rss_mb": peak / 1024,
                "peak_over_inputs_mb": (peak - rss_before) / 1024 if peak_reset else None,
            }
        )
    )


def _version() -> str:
    from importlib.metadata import version

    return version("openfisca-core")


if __name__ == "__main__":
    main()
