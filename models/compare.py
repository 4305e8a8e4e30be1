"""Baseline against reform, from the same population: cost, distribution, groups, poverty, traps, bureaucracy.

Conventions (documented in docs/METRICS.md):
- Incomes are household **net income** (disposable income less daycare fees), EUR per month; deciles are
  of the baseline's equivalised disposable income, persons weighted.
- A household wins (loses) when its net income rises (falls) by more than EUR 10 a month **and** by more
  than 1 % of its baseline net income; shares count persons.
- Poverty lines are relative to each run's own median (60 %, 50 %); the modified OECD scale.
- Effective marginal tax rate (EMTR): 1 − Δnet/EUR 100 for +EUR 100/month of earnings, for every adult
  aged 18–64, one adult at a time. Participation tax rate (PTR): the first unemployed adult of each
  household moves to work at the assigned wage (previous wage, or ``modelling.ptr_assigned_wage``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from models.metrics import WeightedSample, distribution, person_weights
from models.population.core import HOUSEHOLD_TYPE_NAMES, Population
from models.population.schema import UNEMPLOYED_STATUSES, Role, Status
from models.scenario import Scenario
from models.system import ALL_COMPONENTS, BENEFITS, REFORM_COMPONENTS, Results, compute

EMTR_STEP = 100.0
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="traps")
WIN_EUR = 10.0
WIN_SHARE = 0.01

#: Benefits whose amount depends on the recipient's or family's income beyond their own earnings
#: (each is a separate means test the household must go through). The negative income tax is assessed
#: by the tax system itself and basic income is not tested, so neither counts.
MEANS_TESTED = (
    "labour_market_subsidy",
    "housing_allowance",
    "social_assistance",
    "home_care_allowance",
    "student_aid",
    "national_pension",
    "guarantee_pension",
    "general_support",
)


# --- groups ------------------------------------------------------------------------------------------
def person_groups(pop: Population) -> dict[str, np.ndarray]:
    """Person-level masks of the groups the source deck names."""
    age = pop.persons["age"]
    status = pop.persons["status"]
    return {
        "young_18_24": (age >= 18) & (age <= 24),
        "young_18_29": (age >= 18) & (age <= 29),
        "unemployed": np.isin(status, UNEMPLOYED_STATUSES),
        "students": status == Status.STUDENT,
        "single_parents": pop.to_person(pop.single_parent),
        "families_with_children": pop.to_person(pop.n_children > 0),
        "pensioners": np.isin(status, [Status.PENSIONER, Status.DISABILITY_PENSIONER]),
    }


def _group_table(masks: dict[str, np.ndarray], pop: Population, delta_hh, base_hh, win_hh, lose_hh) -> dict:
    """Mean household change (EUR/month, %), winners and losers among the persons of each group.

    One matrix product over persons: groups × (weight, weight·Δ, weight·base, weight·win, weight·lose).
    """
    names = list(masks)
    # groups × persons, built once per population (the masks are the population's own, memoised)
    m = pop.memo("compare_group_matrix", tuple(masks[n] for n in names),
                 lambda: np.stack([masks[n] for n in names]).astype(np.float64))
    w = pop.weight
    cols = np.stack([w, w * pop.to_person(delta_hh), w * pop.to_person(base_hh),
                     w * pop.to_person(win_hh), w * pop.to_person(lose_hh)], axis=1)  # persons × 5
    agg = m @ cols
    out = {}
    for i, name in enumerate(names):
        total, d, b, wi, lo = agg[i]
        if total <= 0:
            out[name] = {"persons": 0.0, "mean_change_eur": 0.0, "mean_change_pct": 0.0, "winners_share": 0.0, "losers_share": 0.0}
            continue
        out[name] = {
            "persons": float(total),
            "mean_change_eur": float(d / total),
            "mean_change_pct": float(100 * d / max(b, 1e-9)),
            "winners_share": float(wi / total),
            "losers_share": float(lo / total),
        }
    return out


def _cached_masks(pop: Population) -> tuple[dict, dict]:
    def build():
        htypes = pop.household_type
        return person_groups(pop), {name: pop.to_person(htypes == t) for t, name in HOUSEHOLD_TYPE_NAMES.items()}

    return pop.memo("compare_group_masks", (), build)


# --- marginal and participation tax rates --------------------------------------------------------------
@dataclass(frozen=True)
class TrapRates:
    emtr: np.ndarray  # per working-age adult
    emtr_weight: np.ndarray
    ptr: np.ndarray  # per household's first unemployed adult
    ptr_weight: np.ndarray
    emtr_person: np.ndarray  # index of each EMTR value's person in the population
    ptr_person: np.ndarray  # index of each PTR value's person in the population


def _emtr_runs(pop: Population):
    """Subsets of households, one per adult role, with the persons whose earnings rise by EUR 100 (once per population)."""
    return pop.memo("emtr_runs", (), lambda: _build_emtr_runs(pop))


def _build_emtr_runs(pop: Population):
    age = pop.persons["age"]
    role = pop.persons["role"]
    working_age = (age >= 18) & (age <= 64) & pop.is_adult
    runs = []
    for r in (Role.HEAD, Role.SPOUSE, Role.OTHER_ADULT):
        target = working_age & (role == r)
        if r == Role.OTHER_ADULT:  # the first other adult of each household (others are rare)
            target = pop.rank_within_household(target, np.arange(pop.n_persons), descending=False) == 1
        hh_mask = pop.hh_any(target)
        # The heads' run covers most households: two halves keep the two worker threads evenly loaded.
        halves = (hh_mask & (np.arange(pop.n_households) % 2 == k) for k in (0, 1)) if r == Role.HEAD else (hh_mask,)
        for k, mask in enumerate(halves):
            if not mask.any():
                continue
            sub, hh_idx, p_idx = pop.subset(mask, key=f"emtr_{int(r)}_{k}")
            runs.append((sub, hh_idx, p_idx, target[p_idx]))
    return runs


def _ptr_run(pop: Population, params):
    """The first unemployed adult (18–64) of each household moves to work at the assigned wage: the previous
    wage on earnings-related allowance, otherwise ``modelling.ptr_assigned_wage``. People who already earn
    at least that wage beside their benefit have no participation decision to make and get no PTR."""
    P = pop.persons
    assigned = params.modelling.ptr_assigned_wage
    wage_all = np.where(
        (P["status"] == Status.UNEMPLOYED_EARNINGS_RELATED) & (P["previous_earnings"] > 0), P["previous_earnings"], assigned
    )
    unemployed = np.isin(P["status"], UNEMPLOYED_STATUSES) & (P["age"] <= 64) & (wage_all > P["earnings"] + 1.0)
    first = pop.rank_within_household(unemployed, np.arange(pop.n_persons), descending=False) == 1
    hh_mask = pop.hh_any(first)
    if not hh_mask.any():
        return None
    sub, hh_idx, p_idx = pop.subset(hh_mask, key=f"ptr_{assigned}")
    target = first[p_idx]
    wage = wage_all[p_idx]
    earnings = np.where(target, wage, sub.persons["earnings"])
    new_status = np.where(target, np.int8(Status.EMPLOYED), sub.persons["status"]).astype(np.int8)
    return sub, hh_idx, p_idx, target, earnings, new_status, wage


def trap_rates(pop: Population, params, scenario: Scenario | None, results: Results) -> TrapRates:
    """EMTR of every working-age adult and PTR of the first unemployed adult of each household.

    The reruns are independent, so they run in two threads (numpy releases the GIL in array work).
    """
    base_net = results.household["net_income"]

    def emtr_run(run):
        sub, hh_idx, p_idx, target = run
        earnings = sub.persons["earnings"] + EMTR_STEP * target
        up = compute(sub, params, scenario, earnings=earnings, only_net=True).household["net_income"]
        rate_hh = 1.0 - (up - base_net[hh_idx]) / EMTR_STEP
        return sub.to_person(rate_hh)[target], sub.weight[target], p_idx[target]

    def ptr_run(run):
        sub, hh_idx, p_idx, target, earnings, new_status, wage = run
        work = compute(sub, params, scenario, earnings=earnings, status=new_status, only_net=True).household["net_income"]
        wage_hh = sub.hh_sum(np.where(target, wage - sub.persons["earnings"], 0.0))
        ptr_hh = 1.0 - (work - base_net[hh_idx]) / np.maximum(wage_hh, 1.0)
        return sub.to_person(ptr_hh)[target], sub.weight[target], p_idx[target]

    jobs = [(emtr_run, r) for r in _emtr_runs(pop)]
    ptr = _ptr_run(pop, params)
    if ptr is not None:
        jobs.append((ptr_run, ptr))
    results_ = list(_POOL.map(lambda job: job[0](job[1]), jobs))
    n_emtr = len(jobs) - (ptr is not None)
    emtr = [r for r in results_[:n_emtr]]
    empty = (np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
    ptr_vals, ptr_w, ptr_p = results_[n_emtr] if ptr is not None else empty
    return TrapRates(
        np.concatenate([e[0] for e in emtr]), np.concatenate([e[1] for e in emtr]), ptr_vals, ptr_w,
        np.concatenate([e[2] for e in emtr]), ptr_p,
    )


def rate_summary(values: np.ndarray, weights: np.ndarray) -> dict:
    """Median, mean, shares above 80 % and 100 %, counts in persons, and a histogram (10-point bins)."""
    if len(values) == 0:
        return {"persons": 0.0, "median": None, "mean": None, "share_over_80": 0.0, "share_over_100": 0.0,
                "persons_over_80": 0.0, "persons_over_100": 0.0, "histogram": []}
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
        "histogram": [{"bin": lab, "persons": float(h)} for lab, h in zip(labels, hist)],
    }


#: Resolution of :func:`grid_median` (0.1 percentage points) and the range it covers.
MEDIAN_GRID_STEP = 0.001
MEDIAN_GRID_RANGE = (-2.0, 3.0)


def grid_median(values: np.ndarray, weights: np.ndarray) -> float:
    """Weighted median of rates to within ``MEDIAN_GRID_STEP``, in linear time: the weights are counted on a grid
    (``np.bincount``) instead of sorting, and the median is read off the grid's cumulative weights (values
    outside ``MEDIAN_GRID_RANGE`` count at its ends). Rates are shown to one decimal of a per cent."""
    lo, hi = MEDIAN_GRID_RANGE
    n = int(round((hi - lo) / MEDIAN_GRID_STEP)) + 1
    idx = np.rint((np.clip(values, lo, hi) - lo) / MEDIAN_GRID_STEP).astype(np.int64)
    counts = np.bincount(idx, weights=weights, minlength=n)
    cw = np.cumsum(counts)
    grid = lo + MEDIAN_GRID_STEP * np.arange(n)
    return float(np.interp(0.5 * cw[-1], cw - 0.5 * counts, grid))


# --- bureaucracy ---------------------------------------------------------------------------------------
def benefit_counts(pop: Population, results: Results) -> dict:
    """Mean number of benefits and of separate means tests per household (weighted), and their spread."""
    w = pop.households["weight"]
    hh = results.household
    n_benefits = sum((hh[k] > 0.005).astype(np.int8) for k in BENEFITS)
    n_tests = sum((hh[k] > 0.005).astype(np.int8) for k in MEANS_TESTED)
    dist = {str(i): float(w[n_benefits == i].sum()) for i in range(0, 6)}
    dist["6+"] = float(w[n_benefits >= 6].sum())
    return {
        "benefits_per_household": float(np.dot(w, n_benefits) / w.sum()),
        "means_tests_per_household": float(np.dot(w, n_tests) / w.sum()),
        "households_with_3_or_more_benefits": float(w[n_benefits >= 3].sum()),
        "households_by_number_of_benefits": dist,
        "n_benefits": n_benefits,
        "n_tests": n_tests,
    }


# --- cost ------------------------------------------------------------------------------------------------
def cost_breakdown(pop: Population, scenario: Scenario, base: Results, reform: Results) -> dict:
    """Annual public cost of the reform (EUR/year): gross = change in benefits paid + administration;
    net = gross − change in taxes and contributions − change in daycare fees."""
    w = pop.households["weight"]
    d = lambda k: 12 * float(np.dot(w, reform.household[k] - base.household[k]))  # noqa: E731
    benefit_change = sum(d(k) for k in BENEFITS)
    tax_change = d("income_tax") + d("social_contributions")
    fee_change = d("daycare_fees")
    new_recipients = float(pop.weight[sum(reform.person[k] for k in REFORM_COMPONENTS) > 0.005].sum())
    admin = scenario.conditionality.admin_cost_per_recipient * new_recipients
    net = benefit_change - tax_change - fee_change + admin
    return {
        "net_cost_eur": net,
        "gross_cost_eur": benefit_change + admin,
        "tax_revenue_change_eur": tax_change,
        "daycare_fee_change_eur": fee_change,
        "admin_cost_eur": admin,
        "earnings_change_eur": d("earnings"),
        "new_benefit_recipients": new_recipients,
        "cost_per_person_covered_eur": net / new_recipients if new_recipients else None,
    }


# --- the baseline, computed once per population ---------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BaselineRun:
    """Everything about the baseline that every comparison reuses (the app caches one per population)."""

    results: Results
    distribution: dict
    decile: np.ndarray  # household decile (0–9) of baseline equivalised disposable income, persons weighted
    counts: dict
    traps: TrapRates | None
    emtr_summary: dict | None = None
    ptr_summary: dict | None = None


def baseline_run(pop: Population, params, traps: bool = True) -> BaselineRun:
    base = compute(pop, params)
    eq = base.household["equivalised_disposable_income"]
    sample = WeightedSample(eq, person_weights(pop))
    cuts = [sample.quantile(q / 10) for q in range(1, 10)]
    decile = np.searchsorted(cuts, eq, side="right")
    tr = trap_rates(pop, params, None, base) if traps else None
    return BaselineRun(
        results=base,
        distribution=distribution(pop, base, params),
        decile=decile,
        counts=benefit_counts(pop, base),
        traps=tr,
        emtr_summary=rate_summary(tr.emtr, tr.emtr_weight) if tr is not None else None,
        ptr_summary=rate_summary(tr.ptr, tr.ptr_weight) if tr is not None else None,
    )


# --- the whole comparison ------------------------------------------------------------------------------
def compare(pop: Population, params, scenario: Scenario, baseline: BaselineRun | None = None, traps: bool = True) -> dict:
    """Every metric of ``scenario`` against the baseline, from one population (EUR/year unless stated)."""
    from models.axes import scenario_axes
    from models.behaviour import behavioural_run, is_behavioural, summary

    behavioural = is_behavioural(scenario)  # the response needs trap rates of the baseline and the static reform
    if baseline is None or ((traps or behavioural) and baseline.traps is None):
        baseline = baseline_run(pop, params, traps=traps or behavioural)
    base = baseline.results
    reform = compute(pop, params, scenario)
    reform_traps, behaviour = None, None
    if behavioural:  # every metric below comes from the run with the response (docs/METRICS.md, Behaviour)
        reform_traps = trap_rates(pop, params, scenario, reform)
        reform, behaviour = behavioural_run(pop, params, scenario, baseline, reform, reform_traps)
    w = pop.households["weight"]
    bh, rh = base.household, reform.household

    totals = {k: {"baseline": float(12 * np.dot(w, bh[k])), "reform": float(12 * np.dot(w, rh[k]))} for k in ALL_COMPONENTS}
    cost = cost_breakdown(pop, scenario, base, reform)

    base_net, reform_net = bh["net_income"], rh["net_income"]
    delta = reform_net - base_net
    threshold = np.maximum(WIN_EUR, WIN_SHARE * np.abs(base_net))
    win, lose = delta > threshold, delta < -threshold
    pw = person_weights(pop)
    total_persons = pw.sum()

    decile = baseline.decile
    d_persons = np.bincount(decile, weights=pw, minlength=10)
    d_hh = np.bincount(decile, weights=w, minlength=10)
    d_delta = np.bincount(decile, weights=w * delta, minlength=10)
    d_base = np.bincount(decile, weights=w * base_net, minlength=10)
    d_win = np.bincount(decile, weights=pw * win, minlength=10)
    d_lose = np.bincount(decile, weights=pw * lose, minlength=10)
    deciles = [
        {
            "decile": d + 1,
            "persons": float(d_persons[d]),
            "mean_change_eur": float(d_delta[d] / max(d_hh[d], 1e-9)),
            "mean_change_pct": float(100 * d_delta[d] / max(d_base[d], 1e-9)),
            "winners_share": float(d_win[d] / max(d_persons[d], 1e-9)),
            "losers_share": float(d_lose[d] / max(d_persons[d], 1e-9)),
        }
        for d in range(10)
    ]

    group_masks, type_masks = _cached_masks(pop)
    table = _group_table({**group_masks, **type_masks}, pop, delta, base_net, win, lose)
    groups = {k: table[k] for k in group_masks}
    household_types = {k: table[k] for k in type_masks}
    dist_b, dist_r = baseline.distribution, distribution(pop, reform, params)

    out = {
        "scenario": scenario.name or scenario.family,
        **cost,
        "totals_eur": totals,
        "deciles": deciles,
        "groups": groups,
        "household_types": household_types,
        "winners_share": float(pw[win].sum() / total_persons),
        "losers_share": float(pw[lose].sum() / total_persons),
        "unchanged_share": float(pw[~win & ~lose].sum() / total_persons),
        "axes": scenario_axes(pop, params, scenario, reform),
        "behaviour": behaviour or summary(pop, scenario, None, cost["net_cost_eur"]),
    }
    for key in ("poverty_rate", "child_poverty_rate", "deep_poverty_rate", "gini", "s80_s20", "median_equivalised_income"):
        out[key] = {"baseline": dist_b[key], "reform": dist_r[key]}
    bc_b, bc_r = baseline.counts, benefit_counts(pop, reform)
    out["bureaucracy"] = {
        k: {"baseline": bc_b[k], "reform": bc_r[k]}
        for k in ("benefits_per_household", "means_tests_per_household", "households_with_3_or_more_benefits", "households_by_number_of_benefits")
    }
    if traps:
        tr = reform_traps if reform_traps is not None else trap_rates(pop, params, scenario, reform)  # behaviour: static rates
        out["emtr"] = {"baseline": baseline.emtr_summary, "reform": rate_summary(tr.emtr, tr.emtr_weight)}
        out["ptr"] = {"baseline": baseline.ptr_summary, "reform": rate_summary(tr.ptr, tr.ptr_weight)}
    return out
