"""A landscape: many reform designs at once, from a sweep spec (``assumptions/landscapes/<name>.yaml``).

The spec names, for each family of designs, a base (a preset) with fixed changes, the levers that vary (a list of
values or ``{low, high, step}``) and the design (every combination, or ``samples`` seeded random draws); one financing
rule for every design (budget-neutral or a fixed net cost by one method, or none); the law's date (default today)
and the population. :func:`expand` turns it into the variants, each a validated :class:`Scenario`; the presets
placed against the cloud are run under the same financing. docs/LANDSCAPE.md has the format.

Errors name the field (``families.0.levers.basic_income.amount: ...``): :class:`LandscapeSpecError` carries them as
``(field, message)`` pairs for the CLI (plain) and the app (a translated heading over the list).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from models.parameter_types import ASSUMPTIONS_DIR, LocalizedText
from models.parameters import default_law_date
from models.presets import PresetError, load_presets
from models.scenario import Block, Scenario

LANDSCAPES_DIR = ASSUMPTIONS_DIR / "landscapes"
#: Largest spec file read, and most variants one spec may ask for (a guard, not a modelling number).
MAX_SPEC_BYTES = 200_000
MAX_VARIANTS = 100_000
#: Levers a spec cannot vary: they are not design choices of the reform.
FIXED_FIELDS = ("schema_version", "name", "family", "financing")


class LandscapeSpecError(ValueError):
    """An invalid spec: ``problems`` are ``(field, message)`` pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: invalid landscape\n" + "\n".join(f"  {f}: {m}" for f, m in problems))


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LeverRange(Strict):
    """Values from ``low`` to ``high``: every ``step`` on a grid; uniform (rounded to ``step``) in a random design."""

    low: float
    high: float
    step: float | None = Field(None, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> LeverRange:
        if self.high < self.low:
            raise ValueError("high must not be below low")
        return self

    def grid(self) -> list[float]:
        if self.step is None:
            raise ValueError("a grid needs a step")
        n = int(np.floor((self.high - self.low) / self.step + 1e-9)) + 1
        if n > MAX_VARIANTS:
            raise ValueError(f"{n} values is more than {MAX_VARIANTS}")
        return [round(self.low + i * self.step, 10) for i in range(n)]

    def draw(self, u: float) -> float:
        x = self.low + u * (self.high - self.low)
        return round(round((x - self.low) / self.step) * self.step + self.low, 10) if self.step else x


def _lever_kind(value: Any) -> str:
    return "values" if isinstance(value, list) else "range"


#: A lever's values: a list, or a range (the tag names the kind, so an error names only the kind given).
LeverValues = Annotated[
    Annotated[list[bool | float | str], Tag("values")] | Annotated[LeverRange, Tag("range")],
    Discriminator(_lever_kind),
]


class Family(Strict):
    """One family of designs: a preset as the base, fixed changes, the levers that vary and the design."""

    name: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")
    title: LocalizedText | None = Field(None, description="shown for the family (default: its lever block's title)")
    base: str = Field(description="a preset name (python -m models presets)")
    set: dict[str, Any] = Field(default_factory=dict, description="lever path -> value, the same in every variant")
    levers: dict[str, LeverValues] = Field(min_length=1)
    design: Literal["grid", "random"] = "grid"
    samples: int | None = Field(None, ge=1, le=MAX_VARIANTS)
    seed: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _design(self) -> Family:
        if self.design == "random" and self.samples is None:
            raise ValueError("samples: a random design needs the number of samples")
        if self.design == "grid":
            if self.samples is not None:
                raise ValueError("samples: only a random design takes samples")
            for path, values in self.levers.items():
                if isinstance(values, LeverRange) and values.step is None:
                    raise ValueError(f"levers.{path}: a grid needs a step (or a list of values)")
        return self


class FinancingRule(Strict):
    """Every design financed alike: ``method`` solved to the net cost ``net_cost_eur`` (0: budget-neutral), or
    ``none`` (the net cost is an outcome)."""

    method: Literal["none", "flat_tax", "surcharge", "scale", "flat_income_tax"] = "flat_tax"
    net_cost_eur: float = Field(0.0, ge=-50e9, le=50e9)

    @model_validator(mode="after")
    def _target(self) -> FinancingRule:
        if self.method == "none" and self.net_cost_eur != 0:
            raise ValueError("net_cost_eur: a target cost needs a financing method")
        return self


class PopulationChoice(Strict):
    size: int = Field(100_000, ge=1_000, le=3_500_000)
    seed: int = Field(2025, ge=0)


class LandscapeSpec(Strict):
    """A sweep spec (docs/LANDSCAPE.md)."""

    title: LocalizedText
    description: LocalizedText | None = None
    law_date: dt.date = Field(default_factory=default_law_date)
    population: PopulationChoice = PopulationChoice()
    financing: FinancingRule = FinancingRule()
    behaviour: dict[str, float] = Field(default_factory=dict, description="elasticities for every design")
    presets: list[str] | Literal["all"] = "all"
    families: list[Family] = Field(min_length=1)
    name: str = Field("", description="file stem, filled in by the loader")

    @field_validator("families")
    @classmethod
    def _unique_names(cls, families: list[Family]) -> list[Family]:
        names = [f.name for f in families]
        if len(set(names)) != len(names):
            raise ValueError("family names must differ")
        return families


@dataclass(frozen=True)
class Variant:
    """One design: its number, family, the values of its varying levers and the scenario (not yet financed)."""

    id: int
    family: str
    levers: dict[str, Any]
    scenario: Scenario
    preset: str | None = None  # a preset placed against the cloud ("todays_system" is today's law)


def _blocks() -> dict[str, type[Block]]:
    return {
        name: info.annotation
        for name, info in Scenario.model_fields.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, Block) and name not in FIXED_FIELDS
    }


def lever_paths() -> list[str]:
    """Every lever a spec may set or vary: ``block.field``."""
    return [f"{b}.{f}" for b, model in _blocks().items() for f in model.model_fields]


def _check_path(path: str, where: str) -> list[tuple[str, str]]:
    block, _, field = path.partition(".")
    blocks = _blocks()
    if block not in blocks:
        return [(where, f"'{block}' is not a lever block (known: {', '.join(blocks)})")]
    if field not in blocks[block].model_fields:
        return [(where, f"'{field}' is not a lever of {block} (known: {', '.join(blocks[block].model_fields)})")]
    return []


def _apply(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    for path, value in values.items():
        block, _, field = path.partition(".")
        out.setdefault(block, {})[field] = value
    return out


def _combinations(family: Family) -> list[dict[str, Any]]:
    """The lever values of each variant of the family, in a fixed order."""
    paths = list(family.levers)
    if family.design == "grid":
        axes = [v.grid() if isinstance(v, LeverRange) else list(v) for v in family.levers.values()]
        count = int(np.prod([len(a) for a in axes]))
        if count > MAX_VARIANTS:
            raise ValueError(f"the grid has {count} variants, more than {MAX_VARIANTS}")
        return [dict(zip(paths, combo, strict=True)) for combo in itertools.product(*axes)]
    rng = np.random.default_rng(family.seed)
    assert family.samples is not None
    rows: list[dict[str, Any]] = []
    for _ in range(family.samples):
        row: dict[str, Any] = {}
        for path, values in family.levers.items():
            if isinstance(values, LeverRange):
                row[path] = values.draw(float(rng.random()))
            else:
                row[path] = values[int(rng.integers(len(values)))]
        rows.append(row)
    return rows


def _scenario_errors(exc: ValidationError, where: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = "unknown field" if e["type"] == "extra_forbidden" else e["msg"]
        field = f"{where}.levers.{loc}" if loc in values else f"{where}.set.{loc}" if loc else where
        shown = f" (got {values[loc]!r})" if loc in values else ""
        out.append((field, msg + shown))
    return out


def _family_variants(spec: LandscapeSpec, i: int, family: Family, start: int) -> list[Variant]:
    """The validated variants of one family; raises :class:`LandscapeSpecError` on the first bad one."""
    where = f"families.{i}"
    problems = [p for path in family.set for p in _check_path(path, f"{where}.set.{path}")]
    problems += [p for path in family.levers for p in _check_path(path, f"{where}.levers.{path}")]
    presets = load_presets()
    if family.base not in presets:
        problems.append((f"{where}.base", f"unknown preset '{family.base}' (known: {', '.join(presets)})"))
    if problems:
        raise LandscapeSpecError(spec.name or "landscape", problems)
    base = presets[family.base].scenario.at_law(spec.law_date).model_dump(mode="json")  # made to the spec's law
    fixed = {**family.set, **{f"behaviour.{k}": v for k, v in spec.behaviour.items()}}
    try:
        combos = _combinations(family)
    except ValueError as exc:
        raise LandscapeSpecError(spec.name or "landscape", [(f"{where}.levers", str(exc))]) from None
    out = []
    for j, values in enumerate(combos):
        data = _apply(base, {**fixed, **values})
        data.update(name=f"{family.name} #{j + 1}", financing={"method": "none"})
        try:
            scenario = Scenario.model_validate(data)
        except ValidationError as exc:
            raise LandscapeSpecError(spec.name or "landscape", _scenario_errors(exc, where, values)) from None
        out.append(Variant(start + j, family.name, values, scenario))
    return out


def expand(spec: LandscapeSpec) -> list[Variant]:
    """Every variant of the spec (families in order), then the presets placed against them."""
    variants: list[Variant] = []
    for i, family in enumerate(spec.families):
        variants += _family_variants(spec, i, family, len(variants))
        if len(variants) > MAX_VARIANTS:
            raise LandscapeSpecError(
                spec.name or "landscape", [("families", f"more than {MAX_VARIANTS} variants in all")]
            )
    return variants + reference_variants(spec, len(variants))


def reference_variants(spec: LandscapeSpec, start: int) -> list[Variant]:
    """Today's law and the spec's presets, each as a variant (unfinanced here: the run applies the spec's rule)."""
    presets = load_presets()
    names = list(presets) if spec.presets == "all" else spec.presets
    unknown = [n for n in names if n not in presets]
    if unknown:
        raise LandscapeSpecError(spec.name or "landscape", [("presets", f"unknown preset(s): {', '.join(unknown)}")])
    out: list[Variant] = []
    for name in names:
        sc = presets[name].scenario.at_law(spec.law_date)  # the preset's changes, made to the spec's law
        sc = sc.model_copy(update={"financing": sc.financing.model_copy(update={"method": "none", "rate": 0.0})})
        if spec.behaviour and not sc.is_baseline:
            sc = sc.model_copy(update={"behaviour": sc.behaviour.model_copy(update=spec.behaviour)})
        out.append(Variant(start + len(out), "preset", {}, sc, preset=name))
    return out


def spec_from_data(raw: Any, source: str, name: str = "") -> LandscapeSpec:
    """Validate a parsed spec; every variant is built once, so an invalid lever value is found here."""
    if not isinstance(raw, dict):
        raise LandscapeSpecError(source, [("(file)", "expected a mapping at the top level")])
    try:
        spec = LandscapeSpec.model_validate({**raw, "name": name})
    except ValidationError as exc:
        raise LandscapeSpecError(source, _problems(exc)) from None
    try:
        expand(spec)
    except PresetError as exc:
        raise LandscapeSpecError(source, [("presets", str(exc))]) from None
    except LandscapeSpecError as exc:
        raise LandscapeSpecError(source, exc.problems) from None
    return spec


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, message) of each error, without pydantic's internal tags in the field."""
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"] if p not in ("values", "range") and not str(p).startswith("function"))
        msg = "unknown field" if e["type"] == "extra_forbidden" else e["msg"].removeprefix("Value error, ")
        if "instance of LeverRange" in msg:
            msg = "expected a list of values or {low, high, step}"
        out.append((loc or "(file)", msg))
    return out


def read_spec_text(text: str, source: str, name: str = "") -> LandscapeSpec:
    try:
        raw = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # a date like 2025-13-01 fails inside the YAML reader
        raise LandscapeSpecError(source, [("(file)", f"not valid YAML ({exc})")]) from None
    return spec_from_data(raw, source, name)


def read_spec(path: Path) -> LandscapeSpec:
    """A spec file, validated (size checked before it is read)."""
    path = Path(path)
    if not path.is_file():
        raise LandscapeSpecError(str(path), [("(file)", "no such file")])
    if path.stat().st_size > MAX_SPEC_BYTES:
        raise LandscapeSpecError(str(path), [("(file)", f"larger than {MAX_SPEC_BYTES // 1000} kB")])
    return read_spec_text(path.read_text(encoding="utf-8", errors="replace"), path.name, path.stem)


@lru_cache(maxsize=1)
def load_landscapes(directory: Path = LANDSCAPES_DIR) -> dict[str, LandscapeSpec]:
    """The shipped specs by file stem, ``default`` first."""
    specs = {p.stem: read_spec(p) for p in sorted(directory.glob("*.yaml"))}
    return dict(sorted(specs.items(), key=lambda kv: (kv[0] != "default", kv[0])))


def spec_digest(spec: LandscapeSpec, variants: list[Variant]) -> str:
    """A hash of what the variants and their financing are (not of the file's titles or comments)."""
    h = hashlib.sha256()
    h.update(spec.financing.model_dump_json().encode())
    for v in variants:
        h.update(json.dumps([v.id, v.family, v.preset]).encode())
        h.update(v.scenario.model_dump_json(exclude={"name"}).encode())
    return h.hexdigest()[:16]
