"""Repository functions of the workshop. Each is one transaction (``Database.run``): it is committed before the
function returns, so a caller that shows "saved" after the call shows it only for a committed answer.

Who may do what:

- **Facilitator actions** (:func:`facilitator_login`, :func:`snapshot`, :func:`update_settings`,
  :func:`set_status`, :func:`delete_workshop`) need the workshop's code *and* its facilitator key. The key is
  checked against its scrypt hash outside any transaction (so a slow hash never holds the database's write
  lock), then the action runs on ``WHERE id = ? AND key_hash = ?``. A wrong key raises :class:`Unauthorized`,
  changes nothing and counts towards the client's rate limit.
- **Participants** act with the workshop's code and their own token: every query joins the participant to the
  workshop of that code, so a token works only in its own workshop and only on its own rows. A closed
  workshop refuses new answers (:class:`Closed`); what was saved stays.
- **Looking up a code** (joining, the facilitator's login) is rate limited per client (``security``).

Nothing here formats text for people: errors carry a ``reason`` that the UI translates.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from models.axes import AXES
from models.scenario import Scenario
from workshop import security
from workshop.db import Database, Row, Tx
from workshop.schema import (
    AxisAnswer,
    Ballot,
    JoinRequest,
    SubmissionIn,
    WorkshopCreate,
    WorkshopSettings,
    locked_blocks,
)


# --- errors ----------------------------------------------------------------------------------------------------
class WorkshopError(Exception):
    """A refused action; ``reason`` names it for the UI (``ws.error.<reason>``)."""

    reason = "error"

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.reason)
        self.detail = detail


class NotFound(WorkshopError):
    reason = "not_found"


class Unauthorized(WorkshopError):
    reason = "unauthorized"


class Closed(WorkshopError):
    reason = "closed"


class UnknownParticipant(WorkshopError):
    reason = "unknown_participant"


class InvalidChoice(WorkshopError):
    reason = "invalid_choice"


class LockedLevers(WorkshopError):
    reason = "locked_levers"

    def __init__(self, blocks: list[str]):
        super().__init__(", ".join(blocks))
        self.blocks = blocks


class RateLimited(WorkshopError):
    reason = "rate_limited"

    def __init__(self, retry_after: float):
        super().__init__(f"retry after {retry_after:.0f} s")
        self.retry_after = retry_after


# --- records ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Workshop:
    """A workshop as everyone in it may see it (no key hash)."""

    id: str
    code: str
    title: str
    lang: str
    presets: tuple[str, ...]
    levers: tuple[str, ...]
    base_preset: str
    status: str
    created_at: float

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @classmethod
    def from_row(cls, row: Row) -> Workshop:
        return cls(
            id=row["id"],
            code=row["code"],
            title=row["title"],
            lang=row["lang"],
            presets=tuple(json.loads(row["presets"])),
            levers=tuple(json.loads(row["levers"])),
            base_preset=row["base_preset"],
            status=row["status"],
            created_at=float(row["created_at"]),
        )


@dataclass(frozen=True)
class Created:
    workshop: Workshop
    key: str  # shown once to the facilitator, never stored


@dataclass(frozen=True)
class Joined:
    workshop: Workshop
    participant_id: str
    token: str


@dataclass(frozen=True)
class Submission:
    id: str
    participant_id: str
    nickname: str
    title: str
    comment: str
    scenario: Scenario
    updated_at: float


@dataclass(frozen=True)
class ParticipantState:
    """What a participant sees of their own answers, and the scenarios they can vote for."""

    workshop: Workshop
    participant_id: str
    nickname: str
    axes: dict[str, float] | None
    revision: int
    choices: tuple[str, ...]
    submission: Submission | None
    submissions: tuple[tuple[str, str], ...]  # (id, title) of every submission in the workshop


@dataclass(frozen=True)
class Snapshot:
    """Everything in one workshop, read in one transaction (the facilitator's view and the export)."""

    workshop: Workshop
    participants: list[Row] = field(default_factory=list)  # id, nickname, joined_at (join order)
    answers: list[Row] = field(default_factory=list)  # participant_id, the three axes, revision, updated_at
    votes: list[Row] = field(default_factory=list)  # participant_id, choice_rank, choice
    submissions: list[Submission] = field(default_factory=list)


_WORKSHOP_COLUMNS = "id, code, title, lang, presets, levers, base_preset, status, created_at"


# --- rate limit ---------------------------------------------------------------------------------------------------
def _blocked_for(tx: Tx, bucket: str, now: float) -> float:
    row = tx.one("SELECT blocked_until FROM rate_limits WHERE bucket = ?", (bucket,))
    return max(0.0, float(row["blocked_until"]) - now) if row else 0.0


def _record_failures(db: Database, buckets: list[tuple[str, int]], now: float) -> float:
    """Count a wrong attempt in each (bucket, free failures); returns the longest lock-out it starts."""

    def fn(tx: Tx) -> float:
        # Forget clients whose window and lock-out are over (the table holds hashes of IP addresses).
        tx.execute(
            "DELETE FROM rate_limits WHERE first_failure < ? AND blocked_until < ?",
            (now - security.WINDOW_S, now - security.WINDOW_S),
        )
        longest = 0.0
        for bucket, free in buckets:
            row = tx.one("SELECT failures, first_failure, blocked_until FROM rate_limits WHERE bucket = ?", (bucket,))
            if row is None or (
                now - float(row["first_failure"]) > security.WINDOW_S and now >= float(row["blocked_until"])
            ):
                failures, first = 1, now
            else:
                failures, first = int(row["failures"]) + 1, float(row["first_failure"])
            delay = security.lockout_after(failures, free)
            longest = max(longest, delay)
            tx.execute(
                "INSERT INTO rate_limits (bucket, failures, first_failure, blocked_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (bucket) DO UPDATE SET failures = excluded.failures, "
                "first_failure = excluded.first_failure, blocked_until = excluded.blocked_until",
                (bucket, failures, first, now + delay),
            )
        return longest

    return db.run(fn)


def _lookup(db: Database, code: str | None, kind: str, client: security.Client | str, now: float) -> Row | None:
    """The workshop row of ``code`` (with its key hash) after the rate-limit check; a malformed or unknown code
    counts as a failure of ``kind`` for ``client``."""
    buckets = security.as_client(client).buckets(kind)
    norm = security.normalize_code(code)

    def fn(tx: Tx) -> tuple[float, Row | None]:
        wait = max(_blocked_for(tx, bucket, now) for bucket, _ in buckets)
        if wait > 0:
            return wait, None
        row = tx.one(f"SELECT {_WORKSHOP_COLUMNS}, key_hash FROM workshops WHERE code = ?", (norm,)) if norm else None
        return 0.0, row

    wait, row = db.run(fn, write=False)
    if wait > 0:
        raise RateLimited(wait)
    if row is None:
        _record_failures(db, buckets, now)
    return row


# --- facilitator key check (scrypt once per key and process) ---------------------------------------------------------
_verified: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_verified_lock = threading.Lock()


def _key_matches(row: Row, key: str | None) -> bool:
    if not key:
        return False
    cache_key = (row["id"], row["key_hash"])
    fast = hashlib.sha256(key.encode("utf-8")).digest()
    with _verified_lock:
        known = _verified.get(cache_key)
    if known is not None:
        return hmac.compare_digest(known, fast)
    if not security.verify_key(key, row["key_hash"]):
        return False
    with _verified_lock:
        _verified[cache_key] = fast
        while len(_verified) > 512:
            _verified.popitem(last=False)
    return True


def _authorize(db: Database, code: str | None, key: str | None, client: security.Client | str, now: float) -> Row:
    row = _lookup(db, code, "key", client, now)
    if row is None:
        raise NotFound()
    if not _key_matches(row, key):
        _record_failures(db, security.as_client(client).buckets("key"), now)
        raise Unauthorized()
    return row


# --- workshops --------------------------------------------------------------------------------------------------
def create_workshop(db: Database, data: WorkshopCreate, now: float | None = None) -> Created:
    """A new open workshop with a fresh join code; the facilitator key is returned once."""
    now = time.time() if now is None else now
    key = security.new_key()
    key_hash = security.hash_key(key)
    workshop_id = security.new_id()

    def fn(tx: Tx) -> str:
        for _ in range(20):
            code = security.new_code()
            if tx.scalar("SELECT COUNT(*) FROM workshops WHERE code = ?", (code,)) == 0:
                break
        else:  # pragma: no cover - 20 collisions in 6.6e11 codes
            raise RuntimeError("no free join code")
        tx.execute(
            "INSERT INTO workshops (id, code, title, lang, presets, levers, base_preset, key_hash, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
            (
                workshop_id,
                code,
                data.title,
                data.lang,
                json.dumps(list(data.presets)),
                json.dumps(list(data.levers)),
                data.base_preset,
                key_hash,
                now,
                now,
            ),
        )
        return code

    code = db.run(fn)
    workshop = Workshop(
        id=workshop_id,
        code=code,
        title=data.title,
        lang=data.lang,
        presets=data.presets,
        levers=data.levers,
        base_preset=data.base_preset,
        status="open",
        created_at=now,
    )
    return Created(workshop=workshop, key=key)


def find_workshop(db: Database, code: str | None, client: security.Client | str, now: float | None = None) -> Workshop:
    """The workshop of a typed or linked join code (rate limited); raises :class:`NotFound`."""
    row = _lookup(db, code, "code", client, time.time() if now is None else now)
    if row is None:
        raise NotFound()
    return Workshop.from_row(row)


def facilitator_login(
    db: Database, code: str | None, key: str | None, client: security.Client | str, now: float | None = None
) -> Workshop:
    """The workshop, when ``key`` is its facilitator key."""
    return Workshop.from_row(_authorize(db, code, key, client, time.time() if now is None else now))


def update_settings(
    db: Database,
    code: str,
    key: str,
    client: security.Client | str,
    settings: WorkshopSettings,
    now: float | None = None,
) -> Workshop:
    """Lock or open presets and lever blocks, or change the room scenario's base (facilitator only)."""
    now = time.time() if now is None else now
    row = _authorize(db, code, key, client, now)

    def fn(tx: Tx) -> int:
        return tx.execute(
            "UPDATE workshops SET presets = ?, levers = ?, base_preset = ?, updated_at = ? "
            "WHERE id = ? AND key_hash = ?",
            (
                json.dumps(list(settings.presets)),
                json.dumps(list(settings.levers)),
                settings.base_preset,
                now,
                row["id"],
                row["key_hash"],
            ),
        )

    if db.run(fn) != 1:
        raise NotFound()
    return Workshop.from_row(
        {
            **row,
            "presets": json.dumps(list(settings.presets)),
            "levers": json.dumps(list(settings.levers)),
            "base_preset": settings.base_preset,
        }
    )


def set_status(
    db: Database, code: str, key: str, client: security.Client | str, status: str, now: float | None = None
) -> Workshop:
    """Close the workshop (no new answers) or open it again (facilitator only)."""
    if status not in ("open", "closed"):
        raise ValueError(f"status must be open or closed, not {status!r}")
    now = time.time() if now is None else now
    row = _authorize(db, code, key, client, now)
    changed = db.run(
        lambda tx: tx.execute(
            "UPDATE workshops SET status = ?, updated_at = ? WHERE id = ? AND key_hash = ?",
            (status, now, row["id"], row["key_hash"]),
        )
    )
    if changed != 1:
        raise NotFound()
    return Workshop.from_row({**row, "status": status})


def delete_workshop(
    db: Database, code: str, key: str, client: security.Client | str, now: float | None = None
) -> dict[str, int]:
    """Delete the workshop and every answer in it (facilitator only); returns the rows deleted per table."""
    row = _authorize(db, code, key, client, time.time() if now is None else now)

    def fn(tx: Tx) -> dict[str, int]:
        counts = {}
        for table in ("votes", "submissions", "axis_answers", "participants"):
            counts[table] = tx.execute(f"DELETE FROM {table} WHERE workshop_id = ?", (row["id"],))
        counts["workshops"] = tx.execute(
            "DELETE FROM workshops WHERE id = ? AND key_hash = ?", (row["id"], row["key_hash"])
        )
        return counts

    counts = db.run(fn)
    if counts["workshops"] != 1:
        raise NotFound()
    return counts


def snapshot(db: Database, code: str, key: str, client: security.Client | str, now: float | None = None) -> Snapshot:
    """Everything in the workshop, read in one transaction (facilitator only)."""
    row = _authorize(db, code, key, client, time.time() if now is None else now)
    return db.run(lambda tx: _snapshot(tx, row["id"]), write=False)


def _snapshot(tx: Tx, workshop_id: str) -> Snapshot:
    row = tx.one(f"SELECT {_WORKSHOP_COLUMNS} FROM workshops WHERE id = ?", (workshop_id,))
    if row is None:
        raise NotFound()
    participants = tx.all(
        "SELECT id, nickname, joined_at FROM participants WHERE workshop_id = ? ORDER BY joined_at, id", (workshop_id,)
    )
    answers = tx.all(
        "SELECT participant_id, universality, unconditionality, individuality, revision, updated_at FROM axis_answers "
        "WHERE workshop_id = ? ORDER BY updated_at, participant_id",
        (workshop_id,),
    )
    votes = tx.all(
        "SELECT participant_id, choice_rank, choice FROM votes WHERE workshop_id = ? "
        "ORDER BY participant_id, choice_rank",
        (workshop_id,),
    )
    subs = tx.all(
        "SELECT s.id, s.participant_id, p.nickname, s.title, s.comment, s.scenario, s.updated_at FROM submissions s "
        "JOIN participants p ON p.id = s.participant_id WHERE s.workshop_id = ? ORDER BY s.created_at, s.id",
        (workshop_id,),
    )
    return Snapshot(
        workshop=Workshop.from_row(row),
        participants=participants,
        answers=[{**a, **{k: float(a[k]) for k in AXES}} for a in answers],
        votes=votes,
        submissions=[_submission(s) for s in subs],
    )


def _submission(row: Row) -> Submission:
    return Submission(
        id=row["id"],
        participant_id=row["participant_id"],
        nickname=row["nickname"],
        title=row["title"],
        comment=row["comment"],
        scenario=Scenario.model_validate_json(row["scenario"]),
        updated_at=float(row["updated_at"]),
    )


# --- participants ----------------------------------------------------------------------------------------------
def join(
    db: Database, code: str | None, request: JoinRequest, client: security.Client | str, now: float | None = None
) -> Joined:
    """A new participant of an open workshop, with a random token for their link."""
    now = time.time() if now is None else now
    row = _lookup(db, code, "code", client, now)
    if row is None:
        raise NotFound()
    token = security.new_token()
    participant_id = security.new_id()

    def fn(tx: Tx) -> str | None:
        status: str | None = tx.scalar("SELECT status FROM workshops WHERE id = ?", (row["id"],))
        if status != "open":
            return status
        tx.execute(
            "INSERT INTO participants (id, workshop_id, token_hash, nickname, joined_at) VALUES (?, ?, ?, ?, ?)",
            (participant_id, row["id"], security.hash_token(token), request.nickname, now),
        )
        return "open"

    status = db.run(fn)
    if status is None:
        raise NotFound()
    if status != "open":
        raise Closed()
    return Joined(workshop=Workshop.from_row(row), participant_id=participant_id, token=token)


def _participant(tx: Tx, code: str | None, token: str | None) -> Row:
    """The participant of ``token`` in the workshop of ``code`` (with the workshop's columns), or raise."""
    norm = security.normalize_code(code)
    if not norm or not token or len(token) > 100:
        raise UnknownParticipant()
    row = tx.one(
        "SELECT p.id AS participant_id, p.nickname, w.id, w.code, w.title, w.lang, w.presets, w.levers, w.base_preset, "
        "w.status, w.created_at FROM participants p JOIN workshops w ON w.id = p.workshop_id "
        "WHERE w.code = ? AND p.token_hash = ?",
        (norm, security.hash_token(token)),
    )
    if row is None:
        raise UnknownParticipant()
    return row


def _open_participant(tx: Tx, code: str | None, token: str | None) -> Row:
    row = _participant(tx, code, token)
    if row["status"] != "open":
        raise Closed()
    return row


def participant_state(db: Database, code: str | None, token: str | None) -> ParticipantState:
    """A participant's own answers (to restore them after a reconnect); raises :class:`UnknownParticipant`."""

    def fn(tx: Tx) -> ParticipantState:
        row = _participant(tx, code, token)
        pid = row["participant_id"]
        axes = tx.one(
            "SELECT universality, unconditionality, individuality, revision FROM axis_answers WHERE participant_id = ?",
            (pid,),
        )
        choices = tuple(
            r["choice"]
            for r in tx.all("SELECT choice FROM votes WHERE participant_id = ? ORDER BY choice_rank", (pid,))
        )
        own = tx.one(
            "SELECT s.id, s.participant_id, p.nickname, s.title, s.comment, s.scenario, s.updated_at "
            "FROM submissions s JOIN participants p ON p.id = s.participant_id WHERE s.participant_id = ?",
            (pid,),
        )
        subs = tx.all("SELECT id, title FROM submissions WHERE workshop_id = ? ORDER BY created_at, id", (row["id"],))
        return ParticipantState(
            workshop=Workshop.from_row(row),
            participant_id=pid,
            nickname=row["nickname"],
            axes={k: float(axes[k]) for k in AXES} if axes else None,
            revision=int(axes["revision"]) if axes else 0,
            choices=choices,
            submission=_submission(own) if own else None,
            submissions=tuple((s["id"], s["title"]) for s in subs),
        )

    return db.run(fn, write=False)


def save_axes(db: Database, code: str | None, token: str | None, answer: AxisAnswer, now: float | None = None) -> int:
    """Store the participant's axis positions (replacing earlier ones); returns how often they have saved."""
    now = time.time() if now is None else now

    def fn(tx: Tx) -> int:
        row = _open_participant(tx, code, token)
        tx.execute(
            "INSERT INTO axis_answers (participant_id, workshop_id, universality, unconditionality, individuality, "
            "revision, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (participant_id) DO UPDATE SET "
            "universality = excluded.universality, unconditionality = excluded.unconditionality, "
            "individuality = excluded.individuality, revision = axis_answers.revision + 1, "
            "updated_at = excluded.updated_at",
            (row["participant_id"], row["id"], answer.universality, answer.unconditionality, answer.individuality, now),
        )
        return int(tx.scalar("SELECT revision FROM axis_answers WHERE participant_id = ?", (row["participant_id"],)))

    return db.run(fn)


def save_ballot(
    db: Database, code: str | None, token: str | None, ballot: Ballot, now: float | None = None
) -> tuple[str, ...]:
    """Store the participant's ranked choices (replacing earlier ones). A choice must be one of the workshop's
    presets or a scenario submitted in this workshop; otherwise :class:`InvalidChoice` and nothing changes."""
    now = time.time() if now is None else now

    def fn(tx: Tx) -> tuple[str, ...]:
        row = _open_participant(tx, code, token)
        presets = set(json.loads(row["presets"]))
        bad = []
        for choice in ballot.choices:
            kind, _, ident = choice.partition(":")
            if kind == "preset" and ident in presets:
                continue
            if (
                kind == "sub"
                and tx.scalar("SELECT COUNT(*) FROM submissions WHERE id = ? AND workshop_id = ?", (ident, row["id"]))
                == 1
            ):
                continue
            bad.append(choice)
        if bad:
            raise InvalidChoice(", ".join(bad))
        tx.execute("DELETE FROM votes WHERE participant_id = ?", (row["participant_id"],))
        for rank, choice in enumerate(ballot.choices, start=1):
            tx.execute(
                "INSERT INTO votes (participant_id, workshop_id, choice_rank, choice, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (row["participant_id"], row["id"], rank, choice, now),
            )
        return ballot.choices

    return db.run(fn)


def save_submission(
    db: Database, code: str | None, token: str | None, submission: SubmissionIn, now: float | None = None
) -> str:
    """Store the participant's own scenario (one per participant; a new one replaces it and keeps its votes).
    A scenario that changes a locked lever block raises :class:`LockedLevers` naming the blocks."""
    now = time.time() if now is None else now
    scenario_json = submission.scenario.model_dump_json()

    def fn(tx: Tx) -> str:
        row = _open_participant(tx, code, token)
        locked = locked_blocks(submission.scenario, tuple(json.loads(row["presets"])), tuple(json.loads(row["levers"])))
        if locked:
            raise LockedLevers(locked)
        existing: str | None = tx.scalar(
            "SELECT id FROM submissions WHERE participant_id = ?", (row["participant_id"],)
        )
        if existing:
            tx.execute(
                "UPDATE submissions SET title = ?, comment = ?, scenario = ?, updated_at = ? WHERE id = ?",
                (submission.title, submission.comment, scenario_json, now, existing),
            )
            return existing
        new_id = security.new_id()
        tx.execute(
            "INSERT INTO submissions (id, participant_id, workshop_id, title, comment, scenario, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (new_id, row["participant_id"], row["id"], submission.title, submission.comment, scenario_json, now, now),
        )
        return new_id

    return db.run(fn)


def withdraw_submission(db: Database, code: str | None, token: str | None) -> bool:
    """Remove the participant's own scenario and every vote for it; True when there was one."""

    def fn(tx: Tx) -> bool:
        row = _open_participant(tx, code, token)
        existing = tx.scalar("SELECT id FROM submissions WHERE participant_id = ?", (row["participant_id"],))
        if not existing:
            return False
        tx.execute("DELETE FROM votes WHERE workshop_id = ? AND choice = ?", (row["id"], f"sub:{existing}"))
        tx.execute("DELETE FROM submissions WHERE id = ?", (existing,))
        return True

    return db.run(fn)


def submission_scenarios(db: Database, code: str | None, token: str | None) -> dict[str, Scenario]:
    """The scenario of every submission in the participant's workshop, by submission id (for the ballot's cost
    line; no titles' authors, no comments). Raises :class:`UnknownParticipant`."""

    def fn(tx: Tx) -> dict[str, Scenario]:
        row = _participant(tx, code, token)
        subs = tx.all("SELECT id, scenario FROM submissions WHERE workshop_id = ?", (row["id"],))
        return {s["id"]: Scenario.model_validate_json(s["scenario"]) for s in subs}

    return db.run(fn, write=False)
