"""Where the model is good and where it is not, computed from the validation table (``models.validation``).

``assumptions/validation/gaps.yaml`` says which result each validation row is about (a component of the totals or
a distributional figure), how large a gap is a known gap (``note_pct``) and what is close (``good_pct``), and when
a scenario leans on a component (it changes its spending by ``material_change_eur`` or more). From a validation
table:

- :func:`summary` sorts the comparable rows into close, within the aim and larger gaps — the validation page's
  opening, computed so that it stays true when the figures change;
- :func:`known_gaps` gives each result's worst comparable gap beyond ``note_pct``;
- :func:`leaning` says which results a scenario's run leans on, so a page can put the note next to them.

Pure functions of the table and the results; no model run here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from models.parameter_types import ASSUMPTIONS_DIR

GAPS_FILE = ASSUMPTIONS_DIR / "validation" / "gaps.yaml"


@dataclass(frozen=True)
class GapConfig:
    """``assumptions/validation/gaps.yaml``: thresholds (per cent, EUR a year), each row's result, the views."""

    good_pct: float
    note_pct: float
    material_change_eur: float
    rows: Mapping[str, str | None]
    views: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Gap:
    """One validation row: its result, label, deviation (per cent) and year."""

    result: str | None
    key: str
    label: str
    deviation_pct: float
    year: Any


@dataclass(frozen=True)
class Summary:
    """The comparable rows by how close they are, and the number of rows shown for orientation only."""

    close: tuple[Gap, ...]
    within_aim: tuple[Gap, ...]
    larger: tuple[Gap, ...]
    not_comparable: int


@lru_cache(maxsize=4)
def load_config(path: Path = GAPS_FILE) -> GapConfig:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    views = {name: tuple(v["components"]) for name, v in (doc.get("views") or {}).items()}
    return GapConfig(
        good_pct=float(doc["good_pct"]["value"]),
        note_pct=float(doc["note_pct"]["value"]),
        material_change_eur=float(doc["material_change_eur"]["value"]),
        rows=dict(doc["rows"]),
        views=views,
    )


def _gaps(table: Iterable[Mapping[str, Any]], config: GapConfig) -> list[Gap]:
    """The comparable rows with a deviation, as gaps."""
    return [
        Gap(config.rows.get(r["key"]), r["key"], r["label"], float(r["deviation_pct"]), r["year"])
        for r in table
        if r.get("comparable", True) and r.get("deviation_pct") is not None
    ]


def summary(table: Iterable[Mapping[str, Any]], config: GapConfig | None = None) -> Summary:
    """The comparable rows sorted into close (within ``good_pct``), within the aim (``note_pct``) and larger,
    each group by the size of its gap."""
    config = config or load_config()
    rows = list(table)
    gaps = sorted(_gaps(rows, config), key=lambda g: abs(g.deviation_pct))
    return Summary(
        close=tuple(g for g in gaps if abs(g.deviation_pct) <= config.good_pct),
        within_aim=tuple(g for g in gaps if config.good_pct < abs(g.deviation_pct) <= config.note_pct),
        larger=tuple(g for g in gaps if abs(g.deviation_pct) > config.note_pct)[::-1],
        not_comparable=sum(1 for r in rows if not r.get("comparable", True)),
    )


def known_gaps(table: Iterable[Mapping[str, Any]], config: GapConfig | None = None) -> dict[str, Gap]:
    """Each result's worst comparable gap beyond ``note_pct`` (results with none are absent)."""
    config = config or load_config()
    out: dict[str, Gap] = {}
    for gap in _gaps(table, config):
        if gap.result is None or abs(gap.deviation_pct) <= config.note_pct:
            continue
        if gap.result not in out or abs(gap.deviation_pct) > abs(out[gap.result].deviation_pct):
            out[gap.result] = gap
    return out


def leaning(results: Mapping[str, Any], shown: Iterable[str] = (), config: GapConfig | None = None) -> list[str]:
    """The results a scenario's run leans on: the components whose spending it changes by ``material_change_eur``
    or more (largest change first), then the figures the page shows (``shown``)."""
    config = config or load_config()
    totals = results.get("totals_eur") or {}
    changes = {k: abs(v["reform"] - v["baseline"]) for k, v in totals.items()}
    moved = sorted((k for k, c in changes.items() if c >= config.material_change_eur), key=lambda k: -changes[k])
    return [*moved, *(s for s in shown if s not in moved)]
