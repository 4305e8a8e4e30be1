"""Effective marginal and participation tax rates of a population, from reruns of the system.

- Effective marginal tax rate (EMTR): 1 − Δnet/``EMTR_STEP`` for ``EMTR_STEP`` more earnings a month, for every
  adult of working age (``modelling.working_age``), one adult at a time.
- Participation tax rate (PTR): the first unemployed adult of each household moves to work at the assigned wage
  (:func:`models.rules.behaviour.assigned_wage`); people who already earn that wage beside their benefit get none.

The reruns are independent, so they run on the engine's worker threads (:func:`models.runtime.worker_pool`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

import numpy as np

from models.parameters import Parameters
from models.population.core import MemoKey, Population
from models.population.schema import UNEMPLOYED_STATUSES, Role, Status
from models.rules.behaviour import assigned_wage
from models.runtime import RERUN_PART_HOUSEHOLDS, rerun_keep_max_households, worker_pool, worker_threads
from models.scenario import Scenario
from models.system import Results, compute

T = TypeVar("T")

#: The earnings increment of the effective marginal tax rate (EUR/month): the population's and the households'.
EMTR_STEP = 100.0


@dataclass(frozen=True)
class TrapRates:
    """Per-person rates of one run: the EMTR of every working-age adult, the PTR of each household's first
    unemployed adult, with their weights and places in the population."""

    emtr: np.ndarray  # per working-age adult
    emtr_weight: np.ndarray
    ptr: np.ndarray  # per household's first unemployed adult
    ptr_weight: np.ndarray
    emtr_person: np.ndarray  # index of each EMTR value's person in the population
    ptr_person: np.ndarray  # index of each PTR value's person in the population


#: One rerun of the marginal rates: the sub-population, its household and person indices in the population, the
#: persons whose earnings rise, and the earnings with the rise (one array, so that the reruns of the baseline and
#: of a reform share what depends on earnings alone: :func:`models.system.benefits_before_reform`).
EmtrRun = tuple[Population, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: Who a marginal-rate rerun is about: the persons whose earnings rise and the households of its sub-population.
EmtrSpec = tuple[np.ndarray, np.ndarray]


def keeps_reruns(pop: Population) -> bool:
    """Whether ``pop`` keeps its rerun sub-populations between runs (:func:`models.runtime.rerun_keep_max_households`):
    a small population keeps them with their steps 1–2, the 1:1 population builds each for its run and frees it."""
    return pop.n_households <= rerun_keep_max_households()


def _emtr_runs(pop: Population, params: Parameters) -> list[Callable[[], EmtrRun]]:
    """The reruns of the marginal rates, one per adult role, each as a function that gives its sub-population with
    the persons whose earnings rise by ``EMTR_STEP``. Who: once per population and working-age range; the
    sub-populations too when the population keeps them (:func:`keeps_reruns`), else each is built in its worker."""
    ages = (params.modelling.working_age_min, params.modelling.working_age_max)
    specs = pop.memo(MemoKey.EMTR_SPECS, ages, lambda: _emtr_specs(pop, *ages), by_value=True)
    if not keeps_reruns(pop):
        return [partial(_emtr_run, pop, spec) for spec in specs]
    runs = pop.memo(MemoKey.EMTR_RUNS, (specs,), lambda: [_emtr_run(pop, spec) for spec in specs])
    return [partial(_kept, run) for run in runs]


def _kept(run: T) -> T:
    """A rerun built before."""
    return run


def _emtr_specs(pop: Population, min_age: int, max_age: int) -> list[EmtrSpec]:
    """Who each marginal-rate rerun raises: the working-age heads (in two halves), spouses and first other adults."""
    age = pop.persons["age"]
    role = pop.persons["role"]
    working_age = (age >= min_age) & (age <= max_age) & pop.is_adult
    specs: list[EmtrSpec] = []
    for r in (Role.HEAD, Role.SPOUSE, Role.OTHER_ADULT):
        target = working_age & (role == r)
        if r == Role.OTHER_ADULT:  # the first other adult of each household (others are rare)
            target = pop.rank_within_household(target, np.arange(pop.n_persons), descending=False) == 1
        hh_mask = pop.hh_any(target)
        # The heads' run covers most households: two halves keep the two worker threads evenly loaded.
        halves = (hh_mask & (np.arange(pop.n_households) % 2 == k) for k in (0, 1)) if r == Role.HEAD else (hh_mask,)
        for mask in halves:
            specs.extend((target, part) for part in _in_parts(mask))
    return specs


def _in_parts(households: np.ndarray) -> list[np.ndarray]:
    """The households of a rerun in parts of at most ``runtime.RERUN_PART_HOUSEHOLDS`` (consecutive ones): a rerun
    of the 1:1 population computes part by part, each part's arrays small enough to stay in the processor's cache
    (about a fifth faster than one pass over millions of households); none when there are no households."""
    index = np.flatnonzero(households)
    n_parts = -(-len(index) // RERUN_PART_HOUSEHOLDS)
    if n_parts <= 1:
        return [households] if len(index) else []
    parts = []
    for chunk in np.array_split(index, n_parts):
        part = np.zeros(len(households), dtype=bool)
        part[chunk] = True
        parts.append(part)
    return parts


def _emtr_run(pop: Population, spec: EmtrSpec) -> EmtrRun:
    """The sub-population of one marginal-rate rerun, with the raised earnings."""
    target, mask = spec
    sub, hh_idx, p_idx = pop.subset(mask)
    raised = sub.persons["earnings"] + EMTR_STEP * target[p_idx]
    raised.setflags(write=False)
    return sub, hh_idx, p_idx, target[p_idx], raised


@dataclass(frozen=True, eq=False)
class PtrRun:
    """The participation rerun: a sub-population in which the first unemployed adult of each household works."""

    sub: Population
    hh_idx: np.ndarray
    p_idx: np.ndarray
    target: np.ndarray  # the persons who move to work
    earnings: np.ndarray  # the sub-population's earnings with the movers at their assigned wage
    status: np.ndarray  # the sub-population's statuses with the movers employed
    wage: np.ndarray  # the movers' assigned wage


def _ptr_runs(pop: Population, params: Parameters) -> list[Callable[[], PtrRun]]:
    """The participation rerun (:func:`_build_ptr_run`, in parts: :func:`_in_parts`) as functions that give its
    parts: who moves, once per population and assigned wage; the sub-populations too when the population keeps them
    (:func:`keeps_reruns`). None when nobody moves."""
    m = params.modelling
    depends_on = (m.ptr_assigned_wage, m.working_age_max)
    first = pop.memo(MemoKey.PTR_MOVERS, depends_on, lambda: _ptr_movers(pop, *depends_on), by_value=True)
    if first is None:
        return []
    parts = _in_parts(pop.hh_any(first))
    if not keeps_reruns(pop):
        return [partial(_build_ptr_run, pop, first, part, m.ptr_assigned_wage) for part in parts]
    runs = pop.memo(
        MemoKey.PTR_RUN, (first,), lambda: [_build_ptr_run(pop, first, part, m.ptr_assigned_wage) for part in parts]
    )
    return [partial(_kept, run) for run in runs]


def _ptr_movers(pop: Population, assigned: float, working_age_max: int) -> np.ndarray | None:
    """The first unemployed adult of working age of each household, who moves to work at the assigned wage
    (:func:`models.rules.behaviour.assigned_wage`); None when nobody does. People who already earn at least that wage
    beside their benefit have no participation decision to make and get no PTR."""
    P = pop.persons
    wage_all = assigned_wage(P["status"], P["previous_earnings"], assigned)
    unemployed = (
        np.isin(P["status"], UNEMPLOYED_STATUSES) & (P["age"] <= working_age_max) & (wage_all > P["earnings"] + 1.0)
    )
    first = pop.rank_within_household(unemployed, np.arange(pop.n_persons), descending=False) == 1
    return first if first.any() else None


def _build_ptr_run(pop: Population, first: np.ndarray, households: np.ndarray, assigned: float) -> PtrRun:
    """The sub-population of ``households`` (those of the movers ``first``, or a part of them), with the movers at
    work."""
    P = pop.persons
    sub, hh_idx, p_idx = pop.subset(households)
    target = first[p_idx]
    wage = assigned_wage(P["status"][p_idx], P["previous_earnings"][p_idx], assigned)
    earnings = np.where(target, wage, sub.persons["earnings"])
    new_status = np.where(target, np.int8(Status.EMPLOYED), sub.persons["status"]).astype(np.int8)
    for a in (earnings, new_status, wage):
        a.setflags(write=False)
    return PtrRun(sub, hh_idx, p_idx, target, earnings, new_status, wage)


RateRun = tuple[np.ndarray, np.ndarray, np.ndarray]  # rates, weights, person indices


def trap_rates(pop: Population, params: Parameters, scenario: Scenario | None, results: Results) -> TrapRates:
    """EMTR of every working-age adult and PTR of the first unemployed adult of each household."""
    return start_trap_rates(pop, params, scenario, alongside=False)(results)


#: The trap rates of a run once it is known: given the run's ``Results``, waits for the reruns and gives the rates.
PendingRates = Callable[[Results], TrapRates]
#: One rerun's part of the rates, given the net income of each household of the run it is compared with.
_RerunRates = Callable[[np.ndarray], RateRun]


def ready(rates: TrapRates) -> PendingRates:
    """Rates already computed, in the form :func:`start_trap_rates` gives."""
    return lambda _results: rates


def start_trap_rates(
    pop: Population, params: Parameters, scenario: Scenario | None, alongside: bool = True
) -> PendingRates:
    """Start the reruns of :func:`trap_rates` and return the function that, given the run they are compared with,
    waits for them and gives the rates.

    The reruns need the run itself only for its net income at the end, so they start first and run on the engine's
    worker threads (numpy releases the GIL in array work) while the caller computes the run and its other metrics
    (``compare``, ``baseline_run``; ``alongside`` false: the caller only waits). With one engine thread (a Dask
    worker) they run here, one core's work at a time.
    """

    def emtr_run(build: Callable[[], EmtrRun]) -> _RerunRates:
        sub, hh_idx, p_idx, target, earnings = build()
        up = compute(sub, params, scenario, earnings=earnings, only_net=True).household["net_income"]
        where = sub.hh[target]  # each target person's household in the sub-population
        up_t, base_at, weight, person = up[where], hh_idx[where], sub.weight[target], p_idx[target]
        return lambda base_net: (1.0 - (up_t - base_net[base_at]) / EMTR_STEP, weight, person)

    def ptr_run(build: Callable[[], PtrRun]) -> _RerunRates:
        run = build()
        sub, target = run.sub, run.target
        work = compute(sub, params, scenario, earnings=run.earnings, status=run.status, only_net=True)
        wage_hh = np.maximum(sub.hh_sum(np.where(target, run.wage - sub.persons["earnings"], 0.0)), 1.0)
        where = sub.hh[target]
        work_t, wage_t, base_at = work.household["net_income"][where], wage_hh[where], run.hh_idx[where]
        weight, person = sub.weight[target], run.p_idx[target]
        return lambda base_net: (1.0 - (work_t - base_net[base_at]) / wage_t, weight, person)

    def assemble(results: Results, emtr: list[_RerunRates], ptr: list[_RerunRates]) -> TrapRates:
        base_net = results.household["net_income"]
        empty = (np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
        parts, ptr_parts = [e(base_net) for e in emtr] or [empty], [e(base_net) for e in ptr] or [empty]
        return TrapRates(
            np.concatenate([e[0] for e in parts]),
            np.concatenate([e[1] for e in parts]),
            np.concatenate([e[0] for e in ptr_parts]),
            np.concatenate([e[1] for e in ptr_parts]),
            np.concatenate([e[2] for e in parts]),
            np.concatenate([e[2] for e in ptr_parts]),
        )

    emtr_builds, ptr_builds = _emtr_runs(pop, params), _ptr_runs(pop, params)
    tasks: list[Callable[[], _RerunRates]] = [partial(emtr_run, r) for r in emtr_builds]
    tasks.extend(partial(ptr_run, r) for r in ptr_builds)

    def split(done: list[_RerunRates]) -> Callable[[Results], TrapRates]:
        n = len(emtr_builds)
        return lambda results: assemble(results, done[:n], done[n:])

    if worker_threads() == 1:
        return split(_run_chain(tasks))
    # The reruns as chains, each run in order on one worker thread. Beside a caller that computes meanwhile, one chain
    # when the population keeps its reruns (the caller's thread and one worker keep the two cores busy; more threads
    # than cores only wait for each other), one per worker thread when each rerun builds its sub-population (its work
    # then far exceeds the caller's).
    n_chains = 1 if alongside and keeps_reruns(pop) else worker_threads()
    futures = [worker_pool().submit(_run_chain, tasks[k::n_chains]) for k in range(n_chains)]

    def finish(results: Results) -> TrapRates:
        per_chain = [f.result() for f in futures]
        done = [per_chain[i % n_chains][i // n_chains] for i in range(len(tasks))]  # task i: chain i % n, place i // n
        return split(done)(results)

    return finish


def _run_chain(chain: list[Callable[[], T]]) -> list[T]:
    """The tasks of one chain, in order (on one worker thread)."""
    return [task() for task in chain]


def rate_summary(values: np.ndarray, weights: np.ndarray) -> dict:
    """Median, mean, shares above 80 % and 100 %, counts in persons, and a histogram (10-point bins)."""
    if len(values) == 0:
        return {
            "persons": 0.0,
            "median": None,
            "mean": None,
            "share_over_80": 0.0,
            "share_over_100": 0.0,
            "persons_over_80": 0.0,
            "persons_over_100": 0.0,
            "histogram": [],
        }
    total = weights.sum()
    # Bins <0, [0, 10 %), …, [90 %, 100 %], >100 %: searchsorted + bincount (np.histogram sorts on uneven bins).
    edges = np.r_[np.arange(0.0, 1.0, 0.1), 1.0 + 1e-9]
    hist = np.bincount(np.searchsorted(edges, values, side="right"), weights=weights, minlength=len(edges) + 1)
    labels = ["<0"] + [f"{10 * i}–{10 * i + 10}" for i in range(10)] + [">100"]
    return {
        "persons": float(total),
        "median": grid_median(values, weights),
        "mean": float(np.dot(values, weights) / total),
        "share_over_80": float(weights[values > 0.8].sum() / total),
        "share_over_100": float(weights[values > 1.0].sum() / total),
        "persons_over_80": float(weights[values > 0.8].sum()),
        "persons_over_100": float(weights[values > 1.0].sum()),
        "histogram": [{"bin": lab, "persons": float(h)} for lab, h in zip(labels, hist, strict=True)],
    }


#: Resolution of :func:`grid_median` (0.1 percentage points) and the range it covers.
MEDIAN_GRID_STEP = 0.001
MEDIAN_GRID_RANGE = (-2.0, 3.0)


def grid_median(values: np.ndarray, weights: np.ndarray) -> float:
    """Weighted median of rates to within 1.5 × ``MEDIAN_GRID_STEP``, in linear time: the weights are counted on a grid
    (``np.bincount``) instead of sorting, and the median is read off the grid's cumulative weights (values
    outside ``MEDIAN_GRID_RANGE`` count at its ends). Rates are shown to one decimal of a per cent."""
    lo, hi = MEDIAN_GRID_RANGE
    n = int(round((hi - lo) / MEDIAN_GRID_STEP)) + 1
    idx = np.rint((np.clip(values, lo, hi) - lo) / MEDIAN_GRID_STEP).astype(np.int64)
    counts = np.bincount(idx, weights=weights, minlength=n)
    cw = np.cumsum(counts)
    grid = lo + MEDIAN_GRID_STEP * np.arange(n)
    return float(np.interp(0.5 * cw[-1], cw - 0.5 * counts, grid))
