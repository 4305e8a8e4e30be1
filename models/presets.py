"""Named scenario presets: ``assumptions/presets/<name>.yaml``, each a scenario with its story and sources."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.parameter_types import ASSUMPTIONS_DIR, LocalizedText
from models.scenario import Scenario

PRESETS_DIR = ASSUMPTIONS_DIR / "presets"


class PresetSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    href: str | None = None
    statute: str | None = None


class PresetAssumption(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    lever: str
    value: object = None
    source: PresetSource | None = None
    reason: str | None = None


class Preset(BaseModel):
    """A named scenario with a title and explanation in fi/sv/en, its sources and the reasons for its numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: LocalizedText
    explanation: LocalizedText
    family: str
    sources: tuple[PresetSource, ...] = ()
    assumptions: tuple[PresetAssumption, ...] = ()
    scenario: Scenario
    became_law: dt.date | None = Field(
        None, description="The date the preset's reform became law: from then on it is today's system, not a reform"
    )
    name: str = Field("", description="file stem, filled in by the loader")

    def is_law_on(self, date: dt.date) -> bool:
        """True when the preset's reform is the law in force on ``date`` (it is then today's system)."""
        return self.became_law is not None and date >= self.became_law


class PresetError(ValueError):
    pass


def read_preset(path: Path) -> Preset:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        preset = Preset.model_validate({**raw, "name": path.stem})
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise PresetError(f"{path.name}: {exc}") from exc
    return preset


@lru_cache(maxsize=1)
def load_presets(directory: Path = PRESETS_DIR) -> dict[str, Preset]:
    """Every preset, keyed by file stem, sorted by name with today's system first."""
    presets = {p.stem: read_preset(p) for p in sorted(directory.glob("*.yaml"))}
    order = sorted(presets, key=lambda n: (presets[n].scenario.family != "baseline", n))
    return {n: presets[n] for n in order}
