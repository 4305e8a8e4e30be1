"""50 participants answering at once, and answers surviving a killed process or a crashed server.

- Threads: 50 participants in 50 threads start together (a barrier) and each join, save their axis positions
  three times, vote and submit a scenario against the same database.
- Processes: 10 processes × 5 participants (spawned, so each has its own connections and interpreter) start
  together against the same SQLite file / PostgreSQL database.
- Restart: a participant process is killed with SIGKILL, once from outside while it writes and once inside an
  open transaction; every answer it reported as committed is there afterwards, the uncommitted one is not.
  For PostgreSQL the server itself is also crashed (``pg_ctl stop -m immediate``) and started again.

Every answer must be stored exactly once: one row per participant, with the revision count of its saves and
the values of its last save.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from models.presets import load_presets
from tests.workshop_helpers import BACKENDS, database_url, pg_cluster
from workshop import store
from workshop.db import Database
from workshop.schema import AxisAnswer, Ballot, JoinRequest, SubmissionIn, WorkshopCreate

ROOT = Path(__file__).resolve().parent.parent
PARTICIPANTS = 50
SAVES = 3


def _workshop(db: Database):
    return store.create_workshop(
        db, WorkshopCreate(title="Load", presets=("todays_system", "yleistuki_2026"), levers=("basic_income",))
    )


def _values(n: int, save: int) -> tuple[float, float, float]:
    """Participant n's answer at its save-th save (distinct per participant and save)."""
    return ((n * 7 + save) % 100) / 100, ((n * 13 + save) % 100) / 100, ((n * 29 + save) % 100) / 100


def _participant(url: str, code: str, n: int, barrier) -> dict:
    """One participant: join, save the axes SAVES times, vote, submit. Returns what it committed."""
    db = Database(url, migrate=False)
    barrier.wait(timeout=120)
    joined = store.join(db, code, JoinRequest(nickname=f"p{n}"), client=f"client-{n}")
    revision = 0
    for save in range(SAVES):
        u, c, i = _values(n, save)
        revision = store.save_axes(
            db, code, joined.token, AxisAnswer(universality=u, unconditionality=c, individuality=i)
        )
    choices = ("preset:yleistuki_2026", "preset:todays_system") if n % 2 else ("preset:todays_system",)
    store.save_ballot(db, code, joined.token, Ballot(choices=choices))
    store.save_submission(
        db, code, joined.token, SubmissionIn(title=f"idea {n}", scenario=load_presets()["todays_system"].scenario)
    )
    return {
        "n": n,
        "id": joined.participant_id,
        "revision": revision,
        "last": _values(n, SAVES - 1),
        "choices": choices,
    }


def _process_worker(url: str, code: str, numbers: list[int], barrier, queue) -> None:
    """A spawned process running several participants in threads (all waiting on the shared barrier)."""
    out: list = []
    errors: list = []

    def run(n):
        try:
            out.append(_participant(url, code, n, barrier))
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(n,)) for n in numbers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((out, errors))


def _check_stored_exactly_once(db: Database, created, committed: list[dict]) -> None:
    assert len(committed) == PARTICIPANTS
    snap = store.snapshot(db, created.workshop.code, created.key, client="facilitator")
    assert len(snap.participants) == PARTICIPANTS
    assert len({p["id"] for p in snap.participants}) == PARTICIPANTS
    answers = {a["participant_id"]: a for a in snap.answers}
    assert len(snap.answers) == PARTICIPANTS == len(answers)
    for c in committed:
        a = answers[c["id"]]
        assert a["revision"] == SAVES == c["revision"]
        assert (a["universality"], a["unconditionality"], a["individuality"]) == pytest.approx(c["last"])
        mine = [v["choice"] for v in snap.votes if v["participant_id"] == c["id"]]
        assert tuple(mine) == c["choices"]
    assert len(snap.votes) == sum(len(c["choices"]) for c in committed)
    assert len(snap.submissions) == PARTICIPANTS
    assert sorted(s.title for s in snap.submissions) == sorted(f"idea {c['n']}" for c in committed)


@pytest.mark.parametrize("backend", BACKENDS)
def test_fifty_participants_in_threads(backend, tmp_path):
    url = database_url(backend, tmp_path)
    db = Database(url)
    created = _workshop(db)
    barrier = threading.Barrier(PARTICIPANTS)
    committed, errors = [], []

    def run(n):
        try:
            committed.append(_participant(url, created.workshop.code, n, barrier))
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(PARTICIPANTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors[:5]
    _check_stored_exactly_once(db, created, committed)


@pytest.mark.parametrize("backend", BACKENDS)
def test_fifty_participants_in_ten_processes(backend, tmp_path):
    url = database_url(backend, tmp_path)
    db = Database(url)
    created = _workshop(db)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(PARTICIPANTS)
    queue = ctx.Queue()
    groups = [list(range(k, PARTICIPANTS, 10)) for k in range(10)]
    procs = [ctx.Process(target=_process_worker, args=(url, created.workshop.code, g, barrier, queue)) for g in groups]
    for p in procs:
        p.start()
    committed, errors = [], []
    for _ in procs:
        out, errs = queue.get(timeout=300)
        committed += out
        errors += errs
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert not errors, errors[:5]
    _check_stored_exactly_once(db, created, committed)


# --- restart --------------------------------------------------------------------------------------------------------
def _writer(url: str, code: str, n: int, die_in_transaction: bool) -> subprocess.Popen:
    args = [sys.executable, "-m", "tests.workshop_writer", url, code, str(n)]
    if die_in_transaction:
        args.append("--die-in-transaction")
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _committed_lines(proc: subprocess.Popen, stop_after: int | None = None) -> list[tuple[str, float, float, float]]:
    """Read COMMITTED lines until the process ends (or kill it with SIGKILL after ``stop_after`` of them)."""
    out = []
    for line in proc.stdout:
        if line.startswith("COMMITTED "):
            _, token, u, c, i = line.split()
            out.append((token, float(u), float(c), float(i)))
            if stop_after is not None and len(out) == stop_after:
                proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return out


def _assert_present(db: Database, code: str, committed) -> None:
    for token, u, c, i in committed:
        state = store.participant_state(db, code, token)
        assert (
            state.axes["universality"],
            state.axes["unconditionality"],
            state.axes["individuality"],
        ) == pytest.approx((u, c, i))


@pytest.mark.parametrize("backend", BACKENDS)
def test_answers_survive_a_process_killed_while_writing(backend, tmp_path):
    url = database_url(backend, tmp_path)
    db = Database(url)
    created = _workshop(db)
    proc = _writer(url, created.workshop.code, 0, die_in_transaction=False)
    committed = _committed_lines(proc, stop_after=25)
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) >= 25
    reopened = Database(url)  # a new process would do exactly this
    _assert_present(reopened, created.workshop.code, committed)
    snap = store.snapshot(reopened, created.workshop.code, created.key, client="f")
    # At most one answer more than reported: committed, then killed before it could print.
    assert len(committed) <= len(snap.answers) <= len(committed) + 1
    if backend == "sqlite":
        con = sqlite3.connect(url[len("sqlite:///") :])
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_uncommitted_transaction_is_rolled_back_after_a_kill(backend, tmp_path):
    url = database_url(backend, tmp_path)
    db = Database(url)
    created = _workshop(db)
    proc = _writer(url, created.workshop.code, 20, die_in_transaction=True)
    committed = _committed_lines(proc)
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) == 20
    reopened = Database(url)
    _assert_present(reopened, created.workshop.code, committed)
    snap = store.snapshot(reopened, created.workshop.code, created.key, client="f")
    assert len(snap.participants) == 20 and all(p["nickname"] != "ghost" for p in snap.participants)
    assert all(a["universality"] != 0.999 for a in snap.answers)


def test_answers_survive_a_postgresql_server_crash(tmp_path):
    cluster = pg_cluster()
    url = cluster.new_database()
    db = Database(url)
    created = _workshop(db)
    proc = _writer(url, created.workshop.code, 15, die_in_transaction=True)
    committed = _committed_lines(proc)
    assert len(committed) == 15
    cluster.stop("immediate")  # a crash: no checkpoint, recovery from the WAL at the next start
    cluster.start()
    reopened = Database(url)
    _assert_present(reopened, created.workshop.code, committed)
    assert len(store.snapshot(reopened, created.workshop.code, created.key, client="f").answers) == 15
