"""Calibration of household weights to published totals, and the calibration report.

The targets are data (``assumptions/calibration/targets.yaml``): each says what is counted (persons or
households, with a declarative filter) and its published value. :func:`design_matrix` turns the
calibrated targets into one column per target of per-household counts, and :func:`calibrate_weights`
finds weights ``w = d · g(X λ)`` that reproduce the totals exactly, with ``g`` the bounded logit
function of Deville & Särndal (1992, *Calibration estimators in survey sampling*, JASA 87) — the
generalised raking of CALMAR and R's ``survey::calibrate(calfun="logit")``. Unlike plain iterative
proportional fitting it handles person-level totals on household weights (each household contributes
its number of members in the band), and the weights stay within ``[lower, upper] × d``.

A published *rate* (e.g. the employment rate of mothers whose youngest child is 3–6) can be calibrated
too (``measure: share``): ``Σ w (numerator − r · denominator) = 0`` is linear in the weights, so it is
one more column whose total is zero, without a number of persons in the group having to be known.

:func:`calibration_report` compares any population (synthetic or a user's microdata) with every
target, calibrated or not.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models.arrays import uniform_from_ids
from models.parameter_types import LocalizedText
from models.population.core import MemoKey, Population
from models.population.schema import (
    FAMILY_STATUSES,
    NO_CHILD_AGE,
    STATUS_NAMES,
    WITH_PARENTS,
    WITH_PARENTS_UNKNOWN,
    Role,
    StudyLevel,
    Tenure,
)

CALIBRATION_DIR = Path(__file__).resolve().parents[2] / "assumptions" / "calibration"
TARGETS_PATH = CALIBRATION_DIR / "targets.yaml"

#: Weight bounds relative to the design weight (total households / sample households).
WEIGHT_BOUNDS = (0.2, 5.0)

#: Money columns that can be filtered on a range ``[lowest, highest]`` (EUR/month, both ends included).
_MONEY_FILTERS = {"earnings", "earnings_related_pension", "other_income"}
_PERSON_FILTERS = {
    "age",
    "sex",
    "status",
    "role",
    "in_daycare",
    "church_member",
    "earnings_positive",
    "pension_positive",
    "in_services",
    "study_level",
    "family_status",
} | _MONEY_FILTERS
_HOUSEHOLD_FILTERS = {
    "size",
    "children",
    "youngest_child_age",
    "single_parent",
    "couple",
    "head_age",
    "tenure",
    "municipality_group",
    "has_assets",
    "reference_status",
    "income_decile",
}
_RANGE_FILTERS = {"age", "size", "children", "youngest_child_age", "head_age", "income_decile"} | _MONEY_FILTERS
_BOOL_FILTERS = {
    "in_daycare",
    "in_services",
    "church_member",
    "earnings_positive",
    "pension_positive",
    "single_parent",
    "couple",
    "has_assets",
}
_ROLE_NAMES = {"head": Role.HEAD, "spouse": Role.SPOUSE, "child": Role.CHILD, "other_adult": Role.OTHER_ADULT}
_TENURE_NAMES = {t.name.lower(): t for t in Tenure}
_STUDY_LEVEL_NAMES = {level.name.lower(): level for level in StudyLevel}
#: Income deciles (the ``income_decile`` filter is 1..INCOME_DECILES).
INCOME_DECILES = 10
#: The modified OECD equivalence scale of Statistics Finland's income distribution statistics: the first person,
#: every other person aged OECD_ADULT_AGE or over, every younger child.
OECD_FIRST_PERSON, OECD_OTHER_PERSON, OECD_CHILD, OECD_ADULT_AGE = 1.0, 0.5, 0.3, 14
_VARIABLES = {"earnings", "previous_earnings", "earnings_related_pension", "other_income", "housing_cost"}


class CalibrationError(ValueError):
    """The targets file is malformed, or a calibration cannot be computed."""


class TargetSource(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str = Field(min_length=1)
    href: str = Field(min_length=1)


class Target(BaseModel):
    """One published figure and how to compute it from a population."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    label: LocalizedText
    value: float
    unit: str = Field(min_length=1)
    year: int = Field(ge=2000, le=2100)
    calibrate: bool = False
    measure: Literal["count", "share", "median", "mean", "sum", "generator"] = "count"
    count: Literal["persons", "households"] | None = None
    where: dict[str, Any] = Field(default_factory=dict)
    exclude: dict[str, Any] | None = None
    numerator: dict[str, Any] | None = None
    variable: str | None = None
    scale: float = 1.0
    source: TargetSource
    confidence: Literal["SC", "DER", "MEM"]
    note: str | None = None

    @field_validator("where", "exclude", "numerator")
    @classmethod
    def _known_filters(cls, v: dict[str, Any] | None) -> dict[str, Any] | None:
        for name, arg in (v or {}).items():
            if name not in _PERSON_FILTERS | _HOUSEHOLD_FILTERS:
                raise ValueError(f"unknown filter '{name}'")
            if name in _RANGE_FILTERS and not (isinstance(arg, list) and len(arg) == 2):
                raise ValueError(f"filter '{name}' needs [lowest, highest]")
            if name in _BOOL_FILTERS and not isinstance(arg, bool):
                raise ValueError(f"filter '{name}' needs true or false")
            if name in ("status", "reference_status"):
                unknown = [s for s in arg if s not in STATUS_NAMES]
                if unknown:
                    raise ValueError(f"unknown status {unknown}")
            if name == "tenure":
                unknown = [s for s in arg if s not in _TENURE_NAMES]
                if unknown:
                    raise ValueError(f"unknown tenure {unknown}")
            if name == "role":
                unknown = [s for s in arg if s not in _ROLE_NAMES]
                if unknown:
                    raise ValueError(f"unknown role {unknown}")
            if name == "study_level":
                unknown = [s for s in arg if s not in _STUDY_LEVEL_NAMES]
                if unknown:
                    raise ValueError(f"unknown study level {unknown}")
            if name == "family_status":
                unknown = [s for s in arg if s not in FAMILY_STATUSES]
                if unknown:
                    raise ValueError(f"unknown family status {unknown}")
            if name == "sex" and arg not in ("male", "female"):
                raise ValueError("sex must be male or female")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        if self.measure != "generator" and self.count is None:
            raise ValueError("'count: persons|households' is required")
        if self.calibrate and self.measure not in ("count", "share"):
            raise ValueError("only counts and shares can be calibrated")
        if self.calibrate and self.measure == "share" and not 0 < self.value < 1:
            raise ValueError("a calibrated share must lie strictly between 0 and 1")
        if self.measure == "share" and self.numerator is None:
            raise ValueError("a share needs 'numerator'")
        if self.measure in ("median", "mean", "sum") and self.variable not in _VARIABLES:
            raise ValueError(f"'variable' must be one of {sorted(_VARIABLES)}")
        if self.count == "households" and (set(self.where) | set(self.exclude or {})) & _PERSON_FILTERS:
            raise ValueError("a household count cannot filter on person columns")
        if self.exclude is not None and not self.exclude:
            raise ValueError("'exclude' needs at least one filter")
        if self.calibrate and self.value <= 0:
            raise ValueError("a calibrated total must be positive")
        return self


class TargetsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    year: int
    tolerance_pct: float = Field(gt=0)
    targets: tuple[Target, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> TargetsFile:
        keys = [t.key for t in self.targets]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ValueError(f"duplicate keys {sorted(dup)}")
        if not any(t.key == "households_total" and t.calibrate for t in self.targets):
            raise ValueError("a calibrated 'households_total' target is required")
        return self


def read_targets(path: Path = TARGETS_PATH) -> TargetsFile:
    """Parse and validate a targets file; errors name the file and the target."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CalibrationError(f"{path}: {exc}") from exc
    try:
        return TargetsFile.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = list(e["loc"])
            if len(loc) >= 2 and loc[0] == "targets" and isinstance(loc[1], int):
                key = (raw.get("targets") or [{}])[loc[1]].get("key", loc[1])
                loc = [f"targets[{key}]", *loc[2:]]
            problems.append(f"{'.'.join(str(p) for p in loc) or '(file)'}: {e['msg']}")
        raise CalibrationError(f"{path}: {'; '.join(problems)}") from exc


@lru_cache(maxsize=4)
def load_targets(path: Path = TARGETS_PATH) -> TargetsFile:
    return read_targets(path)


def households_total(path: Path = TARGETS_PATH) -> float:
    """The number of Finnish households the weights must add up to."""
    return next(t.value for t in load_targets(path).targets if t.key == "households_total")


# --------------------------------------------------------------------------- filters and measures
def _household_attribute(pop: Population, name: str) -> np.ndarray:
    h = pop.households
    if name == "size":
        return pop.n_persons_in_household
    if name == "children":
        return pop.n_children
    if name == "youngest_child_age":
        return youngest_child_age(pop)
    if name == "single_parent":
        return pop.single_parent
    if name == "couple":
        return pop.has_spouse
    if name == "reference_status":
        return pop.persons["status"][reference_person(pop)]
    if name == "head_age":
        return pop.head_age
    if name == "tenure":
        return h["tenure"]
    if name == "municipality_group":
        return h["municipality_group"]
    if name == "has_assets":
        return h["has_assets"].astype(bool)
    if name == "income_decile":
        return income_decile(pop)
    raise CalibrationError(f"unknown household filter '{name}'")


def household_income_per_unit(
    hh: np.ndarray, age: np.ndarray, earnings: np.ndarray, pension: np.ndarray, n_households: int
) -> np.ndarray:
    """Each household's earnings and earnings-related pensions per consumption unit (EUR/month), on the modified
    OECD scale (OECD_FIRST_PERSON, OECD_OTHER_PERSON from OECD_ADULT_AGE, OECD_CHILD below it).

    The income that ranks households into income groups. Statistics Finland ranks by disposable income; benefits
    and taxes are outputs of the model, so the proxy is market income and work pensions (capital income is drawn
    after tenure)."""
    units_each = np.where(np.asarray(age) >= OECD_ADULT_AGE, OECD_OTHER_PERSON, OECD_CHILD)
    units = OECD_FIRST_PERSON - OECD_OTHER_PERSON + np.bincount(hh, weights=units_each, minlength=n_households)
    income = reference_income(earnings, pension)
    return np.bincount(hh, weights=income, minlength=n_households) / units


def income_groups(income: np.ndarray, size: np.ndarray, household_id: np.ndarray, n_groups: int) -> np.ndarray:
    """Income group (0..n_groups-1) of every household: persons ranked by their household's ``income`` (sample
    persons, unweighted), each household in the group of the middle of its members; ties broken by a fixed
    number drawn from the household id, so the synthetic builder and a loaded population agree."""
    tie = uniform_from_ids(np.asarray(household_id).astype(np.uint64))
    order = np.lexsort((tie, np.asarray(income)))
    mass = np.asarray(size, dtype=np.float64)[order]
    mid_mass = np.cumsum(mass) - mass / 2.0
    group = np.empty(len(income), dtype=np.int64)
    group[order] = np.minimum((mid_mass / max(mass.sum(), 1.0) * n_groups).astype(np.int64), n_groups - 1)
    return group


def income_decile(pop: Population) -> np.ndarray:
    """Income decile (1..10) of every household: persons ranked by earnings and earnings-related pensions per
    consumption unit (:func:`household_income_per_unit`, :func:`income_groups`).

    The ranking counts sample persons, not weights: for the synthetic population, whose design weights are equal,
    this is the ranking the generator fits tenure on, and it does not move when the weights are calibrated. For a
    user's microdata with unequal weights the deciles are of the sample."""
    p = pop.persons

    def compute() -> np.ndarray:
        n_households = pop.n_households
        income = household_income_per_unit(pop.hh, p["age"], p["earnings"], p["earnings_related_pension"], n_households)
        return income_groups(income, pop.n_persons_in_household, pop.households["household_id"], INCOME_DECILES) + 1

    depends_on = (p["age"], p["earnings"], p["earnings_related_pension"], pop.households["household_id"])
    return pop.memo(MemoKey.INCOME_DECILE, depends_on, compute)


def youngest_child_age(pop: Population) -> np.ndarray:
    """Age of the youngest child under 18 of each household; NO_CHILD_AGE (99) for households without children."""

    def compute() -> np.ndarray:
        child = pop.is_child
        youngest = np.full(pop.n_households, NO_CHILD_AGE, dtype=np.int64)
        np.minimum.at(youngest, pop.hh[child], pop.persons["age"][child].astype(np.int64))
        return youngest

    return pop.memo(MemoKey.YOUNGEST_CHILD_AGE, (pop.persons["age"], pop.persons["role"]), compute)


def reference_person_index(hh: np.ndarray, income: np.ndarray, age: np.ndarray, n_households: int) -> np.ndarray:
    """Index of each household's reference person: the member with the largest ``income``, the oldest of
    those with the same income (then the last listed). Persons must be sorted by household and every
    household must have a member.

    Statistics Finland's reference person of a household-dwelling unit is its member with the largest
    income (the oldest if incomes are equal). The model's proxy counts earnings and earnings-related
    pensions (``reference_income``): benefits are outputs, and capital income is drawn after tenure.
    """
    order = np.lexsort((np.asarray(age), np.asarray(income), np.asarray(hh)))
    hh_sorted = np.asarray(hh)[order]
    last = np.r_[np.flatnonzero(np.diff(hh_sorted)), len(order) - 1] if len(order) else np.zeros(0, dtype=np.int64)
    if len(last) != n_households:
        raise CalibrationError("every household needs at least one member")
    return order[last]


def reference_income(earnings: np.ndarray, pension: np.ndarray) -> np.ndarray:
    """The income that picks the reference person: earnings plus earnings-related pensions (EUR/month)."""
    return np.asarray(earnings, dtype=np.float64) + np.asarray(pension, dtype=np.float64)


def reference_person(pop: Population) -> np.ndarray:
    """Index (into the persons) of every household's reference person (:func:`reference_person_index`)."""
    p = pop.persons

    def compute() -> np.ndarray:
        income = reference_income(p["earnings"], p["earnings_related_pension"])
        return reference_person_index(pop.hh, income, p["age"], pop.n_households)

    return pop.memo(MemoKey.REFERENCE_PERSON, (p["earnings"], p["earnings_related_pension"], p["age"]), compute)


def family_status(pop: Population) -> np.ndarray:
    """Each adult's family status as in Statistics Finland's employment statistics (an index into
    ``FAMILY_STATUSES``; -1 for children under 18): the adult children living with their parents
    (``persons.with_parents``) are children of the family, whose head and spouse are spouses with children or a
    single parent; other adults, and a head without spouse, children or adult children at home, are not in a
    family. Where ``with_parents`` is not known, the other adults of a household with a spouse or children under 18
    count as its children, the others as not in a family. Computed once per population (every family-status target
    of a calibration reads it)."""
    p = pop.persons
    role, marked = p["role"], p["with_parents"]

    def compute() -> np.ndarray:
        families = pop.to_person(pop.has_spouse | (pop.n_children > 0))
        child = (role == Role.OTHER_ADULT) & np.where(marked == WITH_PARENTS_UNKNOWN, families, marked == WITH_PARENTS)
        with_children = pop.to_person((pop.n_children > 0) | pop.hh_any(child))
        spouses = pop.to_person(pop.has_spouse) & ((role == Role.HEAD) | (role == Role.SPOUSE))
        status = np.full(pop.n_persons, FAMILY_STATUSES.index("not_in_family"), dtype=np.int64)
        status[spouses & ~with_children] = FAMILY_STATUSES.index("spouse_without_children")
        status[spouses & with_children] = FAMILY_STATUSES.index("spouse_with_children")
        status[(role == Role.HEAD) & ~spouses & with_children] = FAMILY_STATUSES.index("single_parent")
        status[child] = FAMILY_STATUSES.index("child_of_family")
        status[role == Role.CHILD] = -1
        return status

    return pop.memo(MemoKey.FAMILY_STATUS, (role, marked, p["household_id"]), compute)


def _person_attribute(pop: Population, name: str) -> np.ndarray:
    p = pop.persons
    if name == "family_status":
        return family_status(pop)
    if name == "earnings_positive":
        return p["earnings"] > 0
    if name == "pension_positive":
        return p["earnings_related_pension"] > 0
    if name in ("in_daycare", "church_member", "in_services"):
        return p[name].astype(bool)
    return p[name]


def _isin(values: np.ndarray, codes: list[int]) -> np.ndarray:
    """``np.isin`` for small integer codes (status, role, tenure, group) by a lookup table (much faster)."""
    values = np.asarray(values)
    if values.dtype.kind in "iu" and len(values) and 0 <= int(values.min()) and int(values.max()) < 256:
        table = np.zeros(256, dtype=bool)
        table[[c for c in codes if 0 <= c < 256]] = True
        return table[values]
    return np.isin(values, codes)


def _condition(values: np.ndarray, name: str, arg: Any) -> np.ndarray:
    if name in _RANGE_FILTERS:
        lo, hi = arg
        return (values >= lo) & (values <= hi)
    if name in _BOOL_FILTERS:
        return values == bool(arg)
    if name == "sex":
        return values == (1 if arg == "female" else 0)
    if name in ("status", "reference_status"):
        return _isin(values, [int(STATUS_NAMES[s]) for s in arg])
    if name == "role":
        return _isin(values, [int(_ROLE_NAMES[s]) for s in arg])
    if name == "study_level":
        return _isin(values, [int(_STUDY_LEVEL_NAMES[s]) for s in arg])
    if name == "family_status":
        return np.isin(values, [FAMILY_STATUSES.index(s) for s in arg])
    if name == "tenure":
        return _isin(values, [int(_TENURE_NAMES[s]) for s in arg])
    if name == "municipality_group":
        return _isin(values, [int(g) for g in arg])
    raise CalibrationError(f"unknown filter '{name}'")


def entity_mask(pop: Population, entity: str | None, where: dict[str, Any] | None) -> np.ndarray:
    """Boolean mask over persons or households for a declarative filter."""
    n = pop.n_persons if entity == "persons" else pop.n_households
    mask = np.ones(n, dtype=bool)
    for name, arg in (where or {}).items():
        if name in _HOUSEHOLD_FILTERS:
            cond = _condition(_household_attribute(pop, name), name, arg)
            if entity == "persons":
                cond = pop.to_person(cond)
        else:
            cond = _condition(_person_attribute(pop, name), name, arg)
        mask &= cond
    return mask


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    """The ``q`` quantile of ``x`` with weights ``w``: the smallest value whose cumulative weight (in the
    order of ``x``) reaches ``q`` of the total; ``nan`` for no values or no weight."""
    if len(x) == 0 or w.sum() <= 0:
        return float("nan")
    order = np.argsort(x, kind="stable")
    cw = np.cumsum(w[order])
    return float(x[order][np.searchsorted(cw, q * cw[-1])])


def target_mask(pop: Population, target: Target) -> np.ndarray:
    """The persons or households ``target`` counts: those its ``where`` filters keep, less those its ``exclude``
    filters (all of them together) pick out."""
    mask = entity_mask(pop, target.count, target.where)
    if target.exclude:
        mask = mask & ~entity_mask(pop, target.count, target.exclude)
    return mask


def measure(pop: Population, target: Target) -> float:
    """The value of ``target`` in ``pop`` (weighted). ``nan`` for generator-only measures."""
    if target.measure == "generator":
        return float("nan")
    entity = target.count
    weights = pop.weight if entity == "persons" else pop.households["weight"]
    mask = target_mask(pop, target)
    if target.measure == "count":
        return float(weights[mask].sum())
    if target.measure == "share":
        num = mask & entity_mask(pop, entity, target.numerator)
        den = weights[mask].sum()
        return float(weights[num].sum() / den) if den > 0 else float("nan")
    table = pop.persons if entity == "persons" else pop.households
    x = np.asarray(table[str(target.variable)], dtype=np.float64)[mask]
    w = weights[mask]
    if target.measure == "sum":
        return float((x * w).sum() * target.scale)
    if target.measure == "mean":
        return float((x * w).sum() / w.sum() * target.scale) if w.sum() > 0 else float("nan")
    return weighted_quantile(x, w, 0.5) * target.scale


def design_matrix(pop: Population, targets: tuple[Target, ...]) -> np.ndarray:
    """One column per target: each household's contribution to the weighted count.

    For a share ``r`` the column is the household's count in the numerator less ``r`` times its count
    in the denominator, whose weighted total must be zero (see :func:`calibration_totals`).
    """
    X = np.empty((pop.n_households, len(targets)), dtype=np.float64)

    def counts(mask: np.ndarray, entity: str | None) -> np.ndarray:
        return pop.hh_count(mask) if entity == "persons" else mask.astype(np.float64)

    for k, t in enumerate(targets):
        mask = target_mask(pop, t)
        if t.measure == "share":
            num = mask & entity_mask(pop, t.count, t.numerator)
            X[:, k] = counts(num, t.count) - t.value * counts(mask, t.count)
        else:
            X[:, k] = counts(mask, t.count)
    return X


def calibration_totals(pop: Population, targets: tuple[Target, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The totals of the design-matrix columns and the scale of each column's deviation.

    Counts: the published total, scaled by itself (deviations are relative). Shares: a total of 0, scaled
    by the design-weighted size of the denominator (deviations are in units of the share).
    """
    totals = np.array([0.0 if t.measure == "share" else t.value for t in targets])
    scales = totals.copy()
    w = pop.households["weight"]
    for k, t in enumerate(targets):
        if t.measure == "share":
            mask = target_mask(pop, t)
            den = pop.hh_count(mask) if t.count == "persons" else mask
            scales[k] = max(float((w * den).sum()), 1e-9)
    return totals, scales


# --------------------------------------------------------------------------- calibration
def _bounded_logit(u: np.ndarray, lower: float, upper: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """g(u), g'(u) and the primitive G(u) of the bounded logit calibration function, g(0) = 1."""
    a = (upper - lower) / ((1.0 - lower) * (upper - 1.0))
    c = np.log((1.0 - lower) / (upper - 1.0))
    z = a * u + c
    s = 0.5 * (1.0 + np.tanh(0.5 * z))  # logistic, overflow-free
    g = lower + (upper - lower) * s
    dg = (upper - lower) * a * s * (1.0 - s)
    softplus = np.logaddexp(0.0, z)
    G = lower * u + (upper - lower) / a * softplus
    return g, dg, G


def _newton_step(Xs: np.ndarray, curvature: np.ndarray, resid: np.ndarray, chunk: int) -> np.ndarray:
    """The Newton direction of the calibration dual: ``H⁻¹ resid`` with the Hessian ``H = Xs' diag(curvature) Xs``
    (built ``chunk`` rows at a time, slightly regularised; least squares if it is singular)."""
    n, k = Xs.shape
    H = np.zeros((k, k))
    for start in range(0, n, chunk):
        xs = Xs[start : start + chunk]
        H += xs.T @ (xs * curvature[start : start + chunk, None])
    H += 1e-12 * np.trace(H) / k * np.eye(k)
    try:
        return np.linalg.solve(H, resid)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(H, resid, rcond=None)[0]


def _backtrack(
    evaluate: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, float, np.ndarray]],
    lam: np.ndarray,
    step: np.ndarray,
    phi: float,
    resid: np.ndarray,
) -> tuple[float, tuple[np.ndarray, np.ndarray, float, np.ndarray]]:
    """Backtracking along ``step``: halve the step size until the dual objective or the largest deviation
    decreases enough (or the step is negligible). Returns the step size and ``evaluate`` at the new point."""
    step_size = 1.0
    for _ in range(40):
        new = evaluate(lam + step_size * step)
        if (
            new[2] <= phi - 1e-4 * step_size * float(resid @ step)
            or np.max(np.abs(new[3])) < (1 - 1e-4 * step_size) * np.max(np.abs(resid))
            or step_size < 1e-10
        ):
            break
        step_size *= 0.5
    return step_size, new


def calibrate_weights(
    X: np.ndarray,
    design_weights: np.ndarray,
    totals: np.ndarray,
    bounds: tuple[float, float] = WEIGHT_BOUNDS,
    max_iter: int = 100,
    tol: float = 1e-9,
    chunk: int = 400_000,
    copy: bool = True,
    scales: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Bounded-logit calibration (generalised raking): weights ``d · g(X λ)`` with ``X' w = totals``.

    Newton's method on the convex dual ``Φ(λ) = Σ d G(x'λ) − λ'T`` with backtracking. Columns are
    scaled by ``scales`` (default: their totals, so ``tol`` is a relative deviation; a column whose
    total is zero, such as a calibrated share, needs an explicit scale). Returns the weights and a dict
    with ``iterations``, ``converged`` and ``max_abs_deviation`` (scaled). Raises if a target cannot be
    reached at all (a column of zeros). ``copy=False`` scales ``X`` in place to save memory.
    """
    lower, upper = bounds
    if not (0 < lower < 1 < upper):
        raise CalibrationError(f"weight bounds must satisfy 0 < lower < 1 < upper, got {bounds}")
    totals = np.asarray(totals, dtype=np.float64)
    scales = totals if scales is None else np.asarray(scales, dtype=np.float64)
    if np.any(scales <= 0):
        raise CalibrationError("every column needs a positive scale (a zero total needs an explicit scale)")
    target = totals / scales
    d = np.asarray(design_weights, dtype=np.float64)
    Xs = np.divide(X, scales, out=None if copy else X)
    empty = np.flatnonzero(~(Xs != 0).any(axis=0))
    if len(empty):
        raise CalibrationError(f"no household contributes to target column(s) {empty.tolist()}")
    lam = np.zeros(Xs.shape[1])

    g0 = _bounded_logit(np.zeros(1), lower, upper)[2][0]
    dsum = float(d.sum())

    def evaluate(lam: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
        g, dg, G = _bounded_logit(Xs @ lam, lower, upper)
        resid = target - Xs.T @ (d * g)  # scaled deviations (target − achieved) / scale
        return g, dg, float(d @ G - g0 * dsum - lam @ target), resid

    g, dg, phi, resid = evaluate(lam)
    converged, it = False, 0
    for it in range(1, max_iter + 1):
        if np.max(np.abs(resid)) < tol:
            converged = True
            it -= 1
            break
        step = _newton_step(Xs, d * dg, resid, chunk)
        step_size, new = _backtrack(evaluate, lam, step, phi, resid)
        lam = lam + step_size * step
        g, dg, phi, resid = new
    w = d * g
    dev = (Xs.T @ w) - target
    return w, {
        "iterations": it,
        "converged": bool(converged or np.max(np.abs(dev)) < tol),
        "max_abs_deviation": float(np.max(np.abs(dev))),
        "weight_ratio_min": float(g.min()),
        "weight_ratio_max": float(g.max()),
    }


def calibrate_population(pop: Population, targets_path: Path = TARGETS_PATH) -> tuple[np.ndarray, dict[str, Any]]:
    """Calibrated household weights for ``pop`` (whose current weights are the design weights)."""
    tf = load_targets(targets_path)
    cal = tuple(t for t in tf.targets if t.calibrate)
    X = design_matrix(pop, cal)
    totals, scales = calibration_totals(pop, cal)
    w, info = calibrate_weights(X, pop.households["weight"], totals, copy=False, scales=scales)  # X scaled in place
    info["tolerance_pct"] = tf.tolerance_pct
    if info["max_abs_deviation"] * 100 > tf.tolerance_pct:
        worst = cal[int(np.argmax(np.abs(X.T @ w - totals / scales)))].key
        raise CalibrationError(
            f"calibration did not converge: max deviation {info['max_abs_deviation']:.2%} "
            f"(worst: {worst}) after {info['iterations']} iterations; the generator is too far from "
            "the targets for the weight bounds"
        )
    return w, info


# --------------------------------------------------------------------------- report
def report_row(target: Target, achieved: float) -> dict[str, Any]:
    dev = (achieved - target.value) / target.value * 100 if np.isfinite(achieved) and target.value else float("nan")
    return {
        "key": target.key,
        "label": target.label.en,
        "labels": target.label.model_dump(),
        "target": target.value,
        "achieved": achieved,
        "deviation_pct": dev,
        "unit": target.unit,
        "year": target.year,
        "source": target.source.title,
        "source_href": target.source.href,
        "confidence": target.confidence,
        "calibrated": target.calibrate,
        "note": target.note or "",
    }


def calibration_report(pop: Population, targets_path: Path = TARGETS_PATH) -> list[dict[str, Any]]:
    """Every target next to what ``pop`` gives.

    Rows ``{key, label, target, achieved, deviation_pct, unit, year, source}`` (plus ``labels``,
    ``source_href``, ``confidence``, ``calibrated`` and ``note``); ``label`` is the English label,
    ``labels`` is ``{fi, sv, en}`` and ``source`` the source's title. Measures that need the
    generator's internal flags (full-time earnings) are taken from the report stored with a synthetic
    population and are ``nan`` for other populations.
    """
    stored = {r["key"]: r["achieved"] for r in (pop.calibration_report or ())}
    rows = []
    for t in load_targets(targets_path).targets:
        achieved = stored.get(t.key, float("nan")) if t.measure == "generator" else measure(pop, t)
        rows.append(report_row(t, float(achieved)))
    return rows
