"""Every input of the workshop, validated by pydantic before it reaches the database.

Texts are cleaned (Unicode NFC, control characters removed, surrounding space stripped) and then limited in
length; they are stored and shown as plain text. Preset names must be presets that exist, lever blocks must
be blocks of :class:`models.scenario.Scenario`, votes must name a preset (``preset:<name>``) or a submitted
scenario (``sub:<id>``), axis positions are finite numbers from 0 to 1.

:func:`locked_blocks` is the rule for "levers the facilitator locked": a submitted scenario may differ only in
the allowed blocks from one of the workshop's presets (or from today's system).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

from models.presets import load_presets
from models.scenario import LEVER_BLOCKS, LeverBlock, Scenario

LANGS = ("fi", "sv", "en")
TODAY = "todays_system"

TITLE_MAX = 120
NICKNAME_MAX = 40
SUBMISSION_TITLE_MAX = 80
COMMENT_MAX = 500
MAX_CHOICES = 3
MAX_PRESETS = 30

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_line(value: object) -> object:
    """One line of text: NFC, control and direction-override characters and line breaks removed, trimmed."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return re.sub(r" {2,}", " ", _CONTROL.sub("", text)).strip()


def clean_text(value: object) -> object:
    """Several lines of text: as :func:`clean_line` but line breaks kept (at most two in a row)."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


Title = Annotated[str, BeforeValidator(clean_line), StringConstraints(min_length=1, max_length=TITLE_MAX)]
Nickname = Annotated[str, BeforeValidator(clean_line), StringConstraints(max_length=NICKNAME_MAX)]
SubmissionTitle = Annotated[
    str, BeforeValidator(clean_line), StringConstraints(min_length=1, max_length=SUBMISSION_TITLE_MAX)
]
Comment = Annotated[str, BeforeValidator(clean_text), StringConstraints(max_length=COMMENT_MAX)]
Position = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Choice = Annotated[str, StringConstraints(pattern=r"^(preset:[a-z0-9_]{1,60}|sub:[0-9a-f]{16})$")]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class WorkshopSettings(_Input):
    """What the facilitator opens to participants: the presets they vote on and start from, the lever blocks they
    may change, and the preset that the room's scenario starts from."""

    presets: tuple[str, ...] = Field(min_length=1, max_length=MAX_PRESETS)
    levers: tuple[LeverBlock, ...] = ()
    base_preset: str = TODAY

    @field_validator("presets")
    @classmethod
    def _known_presets(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        known = load_presets()
        unknown = [p for p in v if p not in known]
        if unknown:
            raise ValueError(f"unknown preset: {', '.join(u[:60] for u in unknown)}")
        if len(set(v)) != len(v):
            raise ValueError("a preset is listed twice")
        return tuple(p for p in known if p in v)  # the presets' own order

    @field_validator("levers")
    @classmethod
    def _unique_levers(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(b for b in LEVER_BLOCKS if b in v)

    @field_validator("base_preset")
    @classmethod
    def _known_base(cls, v: str) -> str:
        if v not in load_presets():
            raise ValueError(f"unknown preset: {v[:60]}")
        return v


class WorkshopCreate(WorkshopSettings):
    title: Title
    lang: Literal["fi", "sv", "en"] = "fi"


class JoinRequest(_Input):
    nickname: Nickname = ""


class AxisAnswer(_Input):
    """A participant's preferred place on each value axis (0 = the left pole, 1 = the right pole)."""

    universality: Position
    unconditionality: Position
    individuality: Position


class Ballot(_Input):
    """Up to three scenarios in order of preference (first choice first); an empty ballot withdraws the vote."""

    choices: tuple[Choice, ...] = Field(default=(), max_length=MAX_CHOICES)

    @field_validator("choices")
    @classmethod
    def _distinct(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(v)) != len(v):
            raise ValueError("the same scenario is chosen twice")
        return v


class SubmissionIn(_Input):
    """A participant's own scenario with a title and an optional comment."""

    title: SubmissionTitle
    comment: Comment = ""
    scenario: Scenario


def locked_blocks(scenario: Scenario, presets: tuple[str, ...], levers: tuple[str, ...]) -> list[str]:
    """The locked blocks in which ``scenario`` differs from its nearest starting point (one of the workshop's
    ``presets`` or today's system); empty when the scenario changes only the allowed ``levers``."""
    known = load_presets()
    starts = [known[p].scenario for p in presets if p in known]
    starts.append(known[TODAY].scenario if TODAY in known else Scenario())
    locked = [b for b in LEVER_BLOCKS if b not in levers]
    best: list[str] | None = None
    for start in starts:
        diff = [b for b in locked if getattr(scenario, b) != getattr(start, b)]
        if best is None or len(diff) < len(best):
            best = diff
    return best or []
