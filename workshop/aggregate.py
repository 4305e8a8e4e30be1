"""The room's view: axis positions summarised, votes counted, the room's scenario, the anonymous export rows.

**The room's scenario** (docs/WORKSHOP.md): the median of the participants' positions on each value axis,
applied to the workshop's base preset by the value map's rule (docs/AXES.md, "Moving along an axis";
``models.axis_rules.with_axis``), one axis after the other in the order universality → unconditionality →
individuality. An axis whose median is within :data:`TOLERANCE` of the scenario's own setting of that axis
(``models.axis_rules.axis_setting``, the inverse of the rule) is left alone, as an unmoved value-map slider leaves
its levers alone. The median is the middle answer (the mean of the two middle answers for an even count):
half the room wants at least that much of the axis and half at most, and no single participant can move it
far. Medians are rounded to 0.01, the value map's slider step.

The rule's two functions default to :mod:`models.axis_rules` (``move`` and ``setting`` can be replaced, e.g. by
a test).

**Votes**: a Borda count over ranked ballots of up to :data:`~workshop.schema.MAX_CHOICES`: a first choice
earns 3 points, a second 2, a third 1. Only current options count (a preset the facilitator has since
locked, or a withdrawn scenario, earns nothing).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models.axes import AXES
from models.axis_rules import axis_setting, with_axis
from models.scenario import Scenario
from workshop.schema import MAX_CHOICES
from workshop.store import Snapshot

TOLERANCE = 0.005
#: Characters that make a spreadsheet read a cell as a formula (CSV injection); such a text gets a leading '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AxisSummary:
    axis: str
    n: int
    median: float
    q1: float
    q3: float
    values: tuple[float, ...]


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def axis_summaries(answers: Iterable[Mapping[str, Any]]) -> dict[str, AxisSummary] | None:
    """Median, quartiles and every value per axis; None when nobody has answered."""
    answers = list(answers)
    if not answers:
        return None
    out = {}
    for axis in AXES:
        values = sorted(float(a[axis]) for a in answers)
        q1, q3 = _quartiles(values)
        out[axis] = AxisSummary(
            axis=axis,
            n=len(values),
            median=round(statistics.median(values), 2),
            q1=round(q1, 2),
            q3=round(q3, 2),
            values=tuple(values),
        )
    return out


def room_scenario(
    base: Scenario,
    medians: Mapping[str, float],
    move: Callable[[Scenario, str, float], Scenario] = with_axis,
    setting: Callable[[Scenario, str], float] = axis_setting,
    name: str = "",
) -> tuple[Scenario, tuple[str, ...]]:
    """The base scenario moved to the room's medians by the value map's rule; returns the scenario and the axes
    that moved its levers."""
    scenario = base
    moved = []
    for axis in AXES:
        target = round(min(max(float(medians[axis]), 0.0), 1.0), 2)
        if abs(setting(scenario, axis) - target) <= TOLERANCE:
            continue
        new = move(scenario, axis, target)
        if new != scenario:
            moved.append(axis)
            scenario = new
    if name:
        scenario = scenario.model_copy(update={"name": name[:120]})
    return scenario, tuple(moved)


@dataclass(frozen=True)
class Tally:
    choice: str
    points: int
    first: int
    voters: int


def vote_tally(votes: Iterable[Mapping[str, Any]], options: Iterable[str]) -> list[Tally]:
    """Borda points, first choices and voters per option (every option listed, most points first; ties keep
    the options' order)."""
    options = list(options)
    points = {o: 0 for o in options}
    first = {o: 0 for o in options}
    voters: dict[str, set[str]] = {o: set() for o in options}
    for v in votes:
        choice, rank = v["choice"], int(v["choice_rank"])
        if choice not in points or not 1 <= rank <= MAX_CHOICES:
            continue
        points[choice] += MAX_CHOICES + 1 - rank
        first[choice] += rank == 1
        voters[choice].add(v["participant_id"])
    order = sorted(range(len(options)), key=lambda i: (-points[options[i]], i))
    return [
        Tally(choice=options[i], points=points[options[i]], first=first[options[i]], voters=len(voters[options[i]]))
        for i in order
    ]


def safe_cell(text: str) -> str:
    """A participant's text for a CSV cell that a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def response_rows(snapshot: Snapshot, label: Callable[[str], str], columns: Mapping[str, str]) -> list[dict[str, Any]]:
    """One anonymous row per participant, in join order: a running number (no nickname, no token), the three axis
    positions, the ranked choices (as ``label`` names them) and their own scenario's title and comment.
    ``columns`` maps the keys number, universality, unconditionality, individuality, choice_1…3, title,
    comment and saved to the column headers."""
    answers = {a["participant_id"]: a for a in snapshot.answers}
    votes: dict[str, dict[int, str]] = {}
    for v in snapshot.votes:
        votes.setdefault(v["participant_id"], {})[int(v["choice_rank"])] = v["choice"]
    subs = {s.participant_id: s for s in snapshot.submissions}
    rows = []
    for number, p in enumerate(snapshot.participants, start=1):
        a = answers.get(p["id"])
        s = subs.get(p["id"])
        row: dict[str, Any] = {columns["number"]: number}
        for axis in AXES:
            row[columns[axis]] = round(a[axis], 4) if a else None
        for rank in range(1, MAX_CHOICES + 1):
            choice = votes.get(p["id"], {}).get(rank)
            row[columns[f"choice_{rank}"]] = safe_cell(label(choice)) if choice else ""
        row[columns["title"]] = safe_cell(s.title) if s else ""
        row[columns["comment"]] = safe_cell(s.comment) if s else ""
        row[columns["saved"]] = int(a["revision"]) if a else 0
        rows.append(row)
    return rows
