"""The workshop's storage layer on a real SQLite file and on a throwaway PostgreSQL cluster: migrations, the
create → join → answer → reconnect flow, who may do what, closing and deleting, the rate limit, locked levers,
and the validation of every input. (Concurrency and restarts: tests/test_workshop_concurrency.py.)"""

from __future__ import annotations

import math
import os
import sqlite3

import pytest
from pydantic import ValidationError

from models.presets import load_presets
from tests.workshop_helpers import BACKENDS, new_database
from tests.workshop_helpers import database_url as fresh_url
from workshop import security, store
from workshop.db import LATEST_VERSION, MIGRATIONS, Database, DatabaseError, database_url
from workshop.schema import (
    AxisAnswer,
    Ballot,
    JoinRequest,
    SubmissionIn,
    WorkshopCreate,
    WorkshopSettings,
    locked_blocks,
)

PRESETS = tuple(p for p in load_presets() if p in ("todays_system", "yleistuki_2026", "partial_basic_income_kela_2016"))


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> Database:
    return new_database(request.param, tmp_path)


def _create(db: Database, title: str = "Kela workshop", levers=("basic_income",), presets=PRESETS):
    return store.create_workshop(db, WorkshopCreate(title=title, lang="fi", presets=presets, levers=levers))


def _answer(u=0.2, c=0.4, i=0.6) -> AxisAnswer:
    return AxisAnswer(universality=u, unconditionality=c, individuality=i)


def _counts(db: Database, workshop_id: str) -> dict[str, int]:
    def fn(tx):
        out = {
            t: tx.scalar(f"SELECT COUNT(*) FROM {t} WHERE workshop_id = ?", (workshop_id,))
            for t in ("participants", "axis_answers", "votes", "submissions")
        }
        out["workshops"] = tx.scalar("SELECT COUNT(*) FROM workshops WHERE id = ?", (workshop_id,))
        return out

    return db.run(fn, write=False)


# --- configuration and migrations ------------------------------------------------------------------------------
def test_database_url_from_environment(tmp_path):
    assert database_url({"ARVOVALINNAT_DATABASE_URL": "postgresql://u@h/db"}) == "postgresql://u@h/db"
    assert database_url({"ARVOVALINNAT_WORKSHOP_DB": str(tmp_path / "w.db")}) == f"sqlite:///{tmp_path / 'w.db'}"
    default = database_url({})
    assert default.startswith("sqlite:///") and default.endswith("/.data/workshop.sqlite3")
    with pytest.raises(DatabaseError):
        Database("mysql://nope")


def test_sqlite_file_is_in_wal_mode(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'w.db'}")
    con = sqlite3.connect(tmp_path / "w.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    assert db.schema_version() == LATEST_VERSION


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_apply_in_order_once_and_keep_data(backend, tmp_path):
    url = fresh_url(backend, tmp_path)
    db = Database(url, migrate=False)
    assert db.schema_version() == 0
    assert db.migrate(target=1) == [1]
    assert db.schema_version() == 1
    # Data written at version 1 survives the next migration.
    db.run(
        lambda tx: tx.execute(
            "INSERT INTO workshops (id, code, title, lang, presets, levers, base_preset, key_hash, status, created_at, updated_at) "  # noqa: E501
            "VALUES ('w1', 'ABCDEFGH', 'old', 'fi', '[\"todays_system\"]', '[]', 'todays_system', 'x', 'open', 0, 0)"
        )
    )
    assert db.migrate() == [v for v, _, _ in MIGRATIONS if v > 1]
    assert db.migrate() == []
    assert Database(url).schema_version() == LATEST_VERSION
    rows = db.run(lambda tx: tx.all("SELECT version FROM schema_version ORDER BY version"), write=False)
    assert [r["version"] for r in rows] == [v for v, _, _ in MIGRATIONS]
    assert db.run(lambda tx: tx.scalar("SELECT title FROM workshops WHERE id = 'w1'"), write=False) == "old"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_newer_than_the_app_is_refused(backend, tmp_path):
    url = fresh_url(backend, tmp_path)
    db = Database(url)
    db.run(
        lambda tx: tx.execute(
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, 'future', 0)",
            (LATEST_VERSION + 1,),
        )
    )
    with pytest.raises(DatabaseError, match="newer"):
        Database(url)


def test_a_failed_transaction_changes_nothing(db):
    created = _create(db)
    with pytest.raises(RuntimeError):
        with db.transaction() as tx:
            tx.execute("UPDATE workshops SET title = 'changed' WHERE id = ?", (created.workshop.id,))
            raise RuntimeError("boom")
    assert (
        db.run(lambda tx: tx.scalar("SELECT title FROM workshops WHERE id = ?", (created.workshop.id,)))
        == "Kela workshop"
    )


# --- the flow -----------------------------------------------------------------------------------------------------
def test_create_join_answer_and_reconnect(db):
    created = _create(db)
    w = created.workshop
    assert security.CODE_RE.match(w.code) and w.is_open
    assert created.key and created.key not in db.run(
        lambda tx: tx.scalar("SELECT key_hash FROM workshops"), write=False
    )

    joined = store.join(db, w.code, JoinRequest(nickname="Anna"), client="c1")
    assert store.save_axes(db, w.code, joined.token, _answer(0.1, 0.2, 0.3)) == 1
    assert store.save_axes(db, w.code, joined.token, _answer(0.7, 0.8, 0.9)) == 2
    store.save_ballot(db, w.code, joined.token, Ballot(choices=("preset:yleistuki_2026", "preset:todays_system")))
    base = load_presets()["yleistuki_2026"].scenario
    own = base.model_copy(
        update={"basic_income": base.basic_income.model_copy(update={"enabled": True, "amount": 300.0})}
    )
    sub_id = store.save_submission(
        db, w.code, joined.token, SubmissionIn(title="Our idea", comment="line 1\nline 2", scenario=own)
    )

    # Reconnecting with the code and token (a new browser session) restores every answer.
    state = store.participant_state(db, w.code.lower()[:4] + "-" + w.code[4:], joined.token)
    assert state.nickname == "Anna"
    assert state.axes == {"universality": 0.7, "unconditionality": 0.8, "individuality": 0.9} and state.revision == 2
    assert state.choices == ("preset:yleistuki_2026", "preset:todays_system")
    assert state.submission.id == sub_id and state.submission.scenario == own
    assert state.submission.comment == "line 1\nline 2"
    assert state.submissions == ((sub_id, "Our idea"),)

    # A second submission replaces the first and keeps its id (and the votes for it).
    other = store.join(db, w.code, JoinRequest(), client="c2")
    store.save_ballot(db, w.code, other.token, Ballot(choices=(f"sub:{sub_id}",)))
    assert store.save_submission(db, w.code, joined.token, SubmissionIn(title="Better idea", scenario=own)) == sub_id
    snap = store.snapshot(db, w.code, created.key, client="f")
    assert [s.title for s in snap.submissions] == ["Better idea"]
    assert {v["choice"] for v in snap.votes if v["participant_id"] == other.participant_id} == {f"sub:{sub_id}"}
    assert [p["nickname"] for p in snap.participants] == ["Anna", ""]

    # Withdrawing it removes the votes for it too.
    assert store.withdraw_submission(db, w.code, joined.token)
    snap = store.snapshot(db, w.code, created.key, client="f")
    assert snap.submissions == [] and all(v["choice"] != f"sub:{sub_id}" for v in snap.votes)


def test_votes_must_name_options_of_this_workshop(db):
    a, b = _create(db, "A", presets=("todays_system", "yleistuki_2026")), _create(db, "B")
    pa = store.join(db, a.workshop.code, JoinRequest(), client="c")
    pb = store.join(db, b.workshop.code, JoinRequest(), client="c")
    sub_b = store.save_submission(
        db, b.workshop.code, pb.token, SubmissionIn(title="B's", scenario=load_presets()["todays_system"].scenario)
    )
    store.save_ballot(db, a.workshop.code, pa.token, Ballot(choices=("preset:todays_system",)))
    for bad in (("preset:partial_basic_income_kela_2016",), (f"sub:{sub_b}",), ("preset:todays_system", "preset:nope")):
        with pytest.raises(store.InvalidChoice):
            store.save_ballot(db, a.workshop.code, pa.token, Ballot(choices=bad))
    assert store.participant_state(db, a.workshop.code, pa.token).choices == ("preset:todays_system",)


def test_locked_levers_are_refused_and_allowed_ones_accepted(db):
    created = _create(db, levers=("basic_income",))
    p = store.join(db, created.workshop.code, JoinRequest(), client="c")
    today = load_presets()["todays_system"].scenario
    allowed = today.model_copy(
        update={"basic_income": today.basic_income.model_copy(update={"enabled": True, "amount": 500.0})}
    )
    locked = allowed.model_copy(
        update={"financing": allowed.financing.model_copy(update={"method": "flat_tax", "rate": 0.02})}
    )
    with pytest.raises(store.LockedLevers) as info:
        store.save_submission(db, created.workshop.code, p.token, SubmissionIn(title="x", scenario=locked))
    assert info.value.blocks == ["financing"]
    assert store.participant_state(db, created.workshop.code, p.token).submission is None
    store.save_submission(db, created.workshop.code, p.token, SubmissionIn(title="x", scenario=allowed))
    # A preset of the workshop is a starting point: its own blocks are not "changes".
    yleistuki = load_presets()["yleistuki_2026"].scenario
    assert locked_blocks(yleistuki, PRESETS, ()) == []
    assert locked_blocks(load_presets()["full_basic_income_1000"].scenario, ("todays_system",), ("basic_income",)) != []


# --- who may do what ---------------------------------------------------------------------------------------------
def test_a_wrong_key_changes_nothing(db):
    created = _create(db)
    w = created.workshop
    p = store.join(db, w.code, JoinRequest(), client="c")
    store.save_axes(db, w.code, p.token, _answer())
    before = _counts(db, w.id)
    settings = WorkshopSettings(presets=("todays_system",), levers=(), base_preset="todays_system")
    for wrong in ("", "x" * 22, created.key[:-1] + ("A" if created.key[-1] != "A" else "B"), p.token):
        for action in (
            lambda k: store.snapshot(db, w.code, k, client="c"),
            lambda k: store.set_status(db, w.code, k, "c", "closed"),
            lambda k: store.update_settings(db, w.code, k, "c", settings),
            lambda k: store.delete_workshop(db, w.code, k, "c"),
            lambda k: store.facilitator_login(db, w.code, k, "c"),
        ):
            with pytest.raises((store.Unauthorized, store.RateLimited)):
                action(wrong)
    assert _counts(db, w.id) == before
    still = store.facilitator_login(db, w.code, created.key, client="other-client")
    assert still.is_open and still.presets == PRESETS and still.levers == ("basic_income",)


def test_participants_change_only_their_own_answers_in_their_own_workshop(db):
    a, b = _create(db, "A"), _create(db, "B")
    pa = store.join(db, a.workshop.code, JoinRequest(nickname="a"), client="c")
    pb = store.join(db, b.workshop.code, JoinRequest(nickname="b"), client="c")
    store.save_axes(db, a.workshop.code, pa.token, _answer(0.1, 0.1, 0.1))
    store.save_axes(db, b.workshop.code, pb.token, _answer(0.9, 0.9, 0.9))
    # B's token does not work with A's code (and vice versa), nor does a made-up token.
    for code, token in (
        (a.workshop.code, pb.token),
        (b.workshop.code, pa.token),
        (a.workshop.code, "made-up"),
        (a.workshop.code, None),
        ("NOTACODE", pa.token),
    ):
        with pytest.raises(store.UnknownParticipant):
            store.save_axes(db, code, token, _answer(0.5, 0.5, 0.5))
        with pytest.raises(store.UnknownParticipant):
            store.participant_state(db, code, token)
    # Each workshop's snapshot holds only its own data; A's key does not open B.
    snap_a = store.snapshot(db, a.workshop.code, a.key, client="f")
    assert [x["participant_id"] for x in snap_a.answers] == [pa.participant_id]
    assert snap_a.answers[0]["universality"] == 0.1
    with pytest.raises(store.Unauthorized):
        store.snapshot(db, b.workshop.code, a.key, client="f")
    assert store.snapshot(db, b.workshop.code, b.key, client="f").answers[0]["universality"] == 0.9


def test_closing_stops_new_answers_and_keeps_the_old(db):
    created = _create(db)
    w = created.workshop
    p = store.join(db, w.code, JoinRequest(), client="c")
    store.save_axes(db, w.code, p.token, _answer(0.3, 0.3, 0.3))
    assert store.set_status(db, w.code, created.key, "f", "closed").status == "closed"
    with pytest.raises(store.Closed):
        store.join(db, w.code, JoinRequest(), client="c")
    with pytest.raises(store.Closed):
        store.save_axes(db, w.code, p.token, _answer(0.9, 0.9, 0.9))
    with pytest.raises(store.Closed):
        store.save_ballot(db, w.code, p.token, Ballot(choices=("preset:todays_system",)))
    state = store.participant_state(db, w.code, p.token)
    assert state.axes["universality"] == 0.3 and not state.workshop.is_open
    store.set_status(db, w.code, created.key, "f", "open")
    assert store.save_axes(db, w.code, p.token, _answer(0.9, 0.9, 0.9)) == 2


def test_delete_removes_the_workshop_and_all_its_data_only(db):
    a, b = _create(db, "A"), _create(db, "B")
    for created in (a, b):
        for n in range(3):
            p = store.join(db, created.workshop.code, JoinRequest(nickname=str(n)), client="c")
            store.save_axes(db, created.workshop.code, p.token, _answer())
            store.save_ballot(db, created.workshop.code, p.token, Ballot(choices=("preset:todays_system",)))
            store.save_submission(
                db,
                created.workshop.code,
                p.token,
                SubmissionIn(title="s", scenario=load_presets()["todays_system"].scenario),
            )
    counts = store.delete_workshop(db, a.workshop.code, a.key, client="f")
    assert counts == {"votes": 3, "submissions": 3, "axis_answers": 3, "participants": 3, "workshops": 1}
    assert _counts(db, a.workshop.id) == {
        "participants": 0,
        "axis_answers": 0,
        "votes": 0,
        "submissions": 0,
        "workshops": 0,
    }
    assert _counts(db, b.workshop.id) == {
        "participants": 3,
        "axis_answers": 3,
        "votes": 3,
        "submissions": 3,
        "workshops": 1,
    }
    with pytest.raises(store.NotFound):
        store.find_workshop(db, a.workshop.code, client="c")
    with pytest.raises(store.NotFound):
        store.snapshot(db, a.workshop.code, a.key, client="f")


def test_settings_lock_presets_and_levers(db):
    created = _create(db)
    w = created.workshop
    new = WorkshopSettings(
        presets=("yleistuki_2026", "todays_system"), levers=("financing", "basic_income"), base_preset="yleistuki_2026"
    )
    updated = store.update_settings(db, w.code, created.key, "f", new)
    assert updated.presets == ("todays_system", "yleistuki_2026")  # the presets' own order
    assert updated.levers == ("basic_income", "financing") and updated.base_preset == "yleistuki_2026"
    assert store.find_workshop(db, w.code, client="c") == updated


# --- rate limit -----------------------------------------------------------------------------------------------
def test_wrong_codes_are_slowed_down_per_client(db):
    created = _create(db)
    now = 1_000_000.0
    for _ in range(security.FREE_FAILURES):
        with pytest.raises(store.NotFound):
            store.find_workshop(db, "2222-2222", client="guesser", now=now)
    with pytest.raises(store.NotFound):  # the 6th wrong code is counted and locks the client out for 2 s
        store.find_workshop(db, "not a code", client="guesser", now=now)
    with pytest.raises(store.RateLimited) as info:  # even the right code is refused while locked out
        store.find_workshop(db, created.workshop.code, client="guesser", now=now + 1)
    assert 0 < info.value.retry_after <= 2
    # Another client is not affected; after the lock-out the right code works again.
    assert store.find_workshop(db, created.workshop.code, client="someone-else", now=now + 1).id == created.workshop.id
    assert store.find_workshop(db, created.workshop.code, client="guesser", now=now + 2.5).id == created.workshop.id
    # Each further wrong code doubles the lock-out: 4 s, then 8 s.
    with pytest.raises(store.NotFound):
        store.find_workshop(db, "3333-3333", client="guesser", now=now + 3)
    with pytest.raises(store.RateLimited) as info:
        store.find_workshop(db, created.workshop.code, client="guesser", now=now + 6)
    assert info.value.retry_after == pytest.approx(1.0)
    # A quiet window forgets the failures.
    later = now + security.WINDOW_S + 100
    for _ in range(security.FREE_FAILURES):
        with pytest.raises(store.NotFound):
            store.find_workshop(db, "4444-4444", client="guesser", now=later)
    assert store.find_workshop(db, created.workshop.code, client="guesser", now=later).id == created.workshop.id


def test_wrong_facilitator_keys_are_slowed_down(db):
    created = _create(db)
    now = 2_000_000.0
    for _ in range(security.FREE_FAILURES + 1):
        with pytest.raises(store.Unauthorized):
            store.facilitator_login(db, created.workshop.code, "wrong-key", client="k", now=now)
    with pytest.raises(store.RateLimited):
        store.facilitator_login(db, created.workshop.code, created.key, client="k", now=now + 1)
    assert (
        store.facilitator_login(db, created.workshop.code, created.key, client="k", now=now + 3).id
        == created.workshop.id
    )


def test_a_shared_address_has_a_larger_allowance_than_a_session(db):
    """A room behind one NAT shares an IP address: other sessions' typos do not lock everyone out at once, but
    many wrong codes from one address do."""
    created = _create(db)
    now = 3_000_000.0
    for n in range(security.FREE_FAILURES_IP):
        with pytest.raises(store.NotFound):
            store.find_workshop(db, "5555-5555", client=security.client("10.0.0.1", f"session-{n}"), now=now)
    assert store.find_workshop(db, created.workshop.code, client=security.client("10.0.0.1", "new"), now=now).id
    with pytest.raises(store.NotFound):  # the address's 51st wrong code locks the address out
        store.find_workshop(db, "5555-5555", client=security.client("10.0.0.1", "new"), now=now)
    with pytest.raises(store.RateLimited):
        store.find_workshop(db, created.workshop.code, client=security.client("10.0.0.1", "newer"), now=now + 1)
    assert store.find_workshop(db, created.workshop.code, client=security.client("10.0.0.2", "newer"), now=now + 1).id


def test_old_rate_limit_rows_are_forgotten(db):
    """The table holds hashes of IP addresses only while they matter."""
    now = 4_000_000.0
    with pytest.raises(store.NotFound):
        store.find_workshop(db, "6666-6666", client=security.client("10.9.9.9", "s"), now=now)
    count = lambda: db.run(lambda tx: tx.scalar("SELECT COUNT(*) FROM rate_limits"), write=False)  # noqa: E731
    assert count() == 2  # the session's bucket and the address's
    with pytest.raises(store.NotFound):
        store.find_workshop(db, "6666-6666", client="someone else", now=now + 3 * security.WINDOW_S)
    assert count() == 1


def test_lockout_grows_and_is_capped():
    assert [security.lockout_after(n) for n in range(1, 9)] == [0, 0, 0, 0, 0, 2, 4, 8]
    assert security.lockout_after(100) == security.MAX_DELAY_S
    assert security.lockout_after(50, free=security.FREE_FAILURES_IP) == 0
    assert security.lockout_after(51, free=security.FREE_FAILURES_IP) == 2


# --- security primitives --------------------------------------------------------------------------------------------
def test_codes_keys_and_tokens():
    codes = {security.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(security.CODE_RE.match(c) for c in codes)
    assert not set("".join(codes)) & set("01OILU")
    code = next(iter(codes))
    assert security.normalize_code(f" {code[:4].lower()} - {code[4:]} ") == code
    assert security.display_code(code) == f"{code[:4]}-{code[4:]}"
    for bad in ("", None, "ABC", "ABCDEFGHJ", "ABCDEFG0", "ABCD EFGI", "x" * 1000):
        assert security.normalize_code(bad) is None
    key = security.new_key()
    stored = security.hash_key(key)
    assert stored.startswith("scrypt$") and key not in stored
    assert security.verify_key(key, stored)
    assert not security.verify_key(key + "x", stored)
    assert not security.verify_key("", stored) and not security.verify_key(None, stored)
    assert not security.verify_key(key, stored.replace("scrypt", "plain"))
    assert not security.verify_key(key, "garbage")
    assert security.hash_key(key) != stored  # salted
    assert len(security.new_token()) >= 32 and security.hash_token("a") != security.hash_token("b")
    one, two = security.client("1.2.3.4", "s1"), security.client("1.2.3.4", "s2")
    assert one.ip == two.ip and one.session != two.session and "1.2.3.4" not in one.ip
    assert security.client(None, "s1").ip is None


# --- validation -----------------------------------------------------------------------------------------------------
def _fields(exc: ValidationError) -> set[str]:
    return {str(e["loc"][0]) for e in exc.errors()}


@pytest.mark.parametrize(
    "data, field",
    [
        ({"title": "", "presets": ["todays_system"]}, "title"),
        ({"title": " \x00\u202e ", "presets": ["todays_system"]}, "title"),
        ({"title": "x" * 121, "presets": ["todays_system"]}, "title"),
        ({"title": "ok", "presets": []}, "presets"),
        ({"title": "ok", "presets": ["no_such_preset"]}, "presets"),
        ({"title": "ok", "presets": ["todays_system", "todays_system"]}, "presets"),
        ({"title": "ok", "presets": ["todays_system"], "levers": ["taxes"]}, "levers"),
        ({"title": "ok", "presets": ["todays_system"], "base_preset": "nope"}, "base_preset"),
        ({"title": "ok", "presets": ["todays_system"], "lang": "de"}, "lang"),
        ({"title": "ok", "presets": ["todays_system"], "extra": 1}, "extra"),
    ],
)
def test_workshop_input_is_validated(data, field):
    with pytest.raises(ValidationError) as info:
        WorkshopCreate.model_validate(data)
    assert field in _fields(info.value)


def test_texts_are_cleaned_and_limited():
    w = WorkshopCreate(title="  Työpaja\x07 <b>Kela</b>\n\t2026  ", presets=["todays_system"])
    assert w.title == "Työpaja <b>Kela</b> 2026"  # kept as text: the UI never renders it as HTML
    assert JoinRequest(nickname=" Ann\u202ea ").nickname == "Anna"
    with pytest.raises(ValidationError):
        JoinRequest(nickname="n" * 41)
    s = SubmissionIn(title="t", comment="a\r\n\r\n\r\n\r\nb\x1b[31m", scenario=load_presets()["todays_system"].scenario)
    assert s.comment == "a\n\nb[31m"
    with pytest.raises(ValidationError) as info:
        SubmissionIn(title="t", comment="c" * 501, scenario=load_presets()["todays_system"].scenario)
    assert _fields(info.value) == {"comment"}


@pytest.mark.parametrize("value", [-0.01, 1.01, math.nan, math.inf, "half", None])
def test_axis_positions_are_zero_to_one(value):
    with pytest.raises(ValidationError) as info:
        AxisAnswer(universality=0.5, unconditionality=value, individuality=0.5)
    assert _fields(info.value) == {"unconditionality"}


@pytest.mark.parametrize(
    "choices",
    [
        ("preset:a", "preset:b", "preset:c", "preset:d"),
        ("preset:a", "preset:a"),
        ("preset:A B",),
        ("sub:xyz",),
        ("other:todays_system",),
    ],
)
def test_ballots_are_validated(choices):
    with pytest.raises(ValidationError) as info:
        Ballot(choices=choices)
    assert _fields(info.value) == {"choices"}


def test_submitted_scenarios_are_validated():
    with pytest.raises(ValidationError) as info:
        SubmissionIn.model_validate({"title": "t", "scenario": {"basic_income": {"amount": -5}}})
    assert any(e["loc"][:2] == ("scenario", "basic_income") for e in info.value.errors())


def test_an_unreachable_database_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as s:  # a port with no server behind it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatabaseError, match="OperationalError"):
        Database(f"postgresql://nobody@127.0.0.1:{port}/none")
    (tmp_path / "ro").mkdir(mode=0o500)
    if os.geteuid() != 0:  # root writes anywhere
        with pytest.raises((DatabaseError, sqlite3.OperationalError)):
            Database(f"sqlite:///{tmp_path / 'ro' / 'w.db'}")
