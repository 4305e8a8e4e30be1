"""The workshop database: SQLite by default, PostgreSQL given a URL, one small dialect layer, migrations.

Where the data lives (first that is set):

1. ``ARVOVALINNAT_DATABASE_URL`` — ``postgresql://user:password@host:5432/dbname`` (several app servers
   sharing one database) or ``sqlite:////absolute/path.sqlite3``;
2. ``ARVOVALINNAT_WORKSHOP_DB`` — a path to an SQLite file;
3. ``.data/workshop.sqlite3`` in the project folder.

SQL is written once, with ``?`` placeholders; :class:`Tx` turns them into ``%s`` for PostgreSQL. Types in the
migrations are written as ``{REAL}`` (REAL in SQLite, DOUBLE PRECISION in PostgreSQL); every id is a random
text made in Python, so no autoincrement dialect is needed. Upserts use ``INSERT … ON CONFLICT … DO UPDATE``,
which both databases understand.

Durability: SQLite runs in WAL mode with ``synchronous=FULL`` (a committed transaction survives a killed
process and a power cut); every write transaction starts with ``BEGIN IMMEDIATE`` so concurrent writers queue
on the file lock (``busy_timeout`` 30 s) instead of failing. PostgreSQL commits are durable by default.

Migrations: ``schema_version`` holds one row per applied migration; :data:`MIGRATIONS` are applied in order,
each in the same transaction as its row, under a lock (SQLite's write lock, PostgreSQL's advisory lock), so
several app servers starting at once migrate exactly once. A database newer than this code is refused.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
ENV_URL = "ARVOVALINNAT_DATABASE_URL"
ENV_PATH = "ARVOVALINNAT_WORKSHOP_DB"
DEFAULT_PATH = ROOT / ".data" / "workshop.sqlite3"
BUSY_TIMEOUT_S = 30.0
#: A transaction that meets a lock timeout, a serialization failure or a deadlock is run again this often.
RETRIES = 5

T = TypeVar("T")
#: A row as a dict of column name → value (the types the driver returns).
Row = dict[str, Any]


class DatabaseError(RuntimeError):
    """The database cannot be opened or is newer than this code."""


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The configured database as a URL (see the module docstring)."""
    env = os.environ if environ is None else environ
    url = (env.get(ENV_URL) or "").strip()
    if url:
        return url
    path = (env.get(ENV_PATH) or "").strip()
    return "sqlite:///" + str(Path(path).expanduser().resolve() if path else DEFAULT_PATH)


def _sqlite_path(url: str) -> str:
    """``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or ``sqlite:///:memory:`` → a file path."""
    rest = url[len("sqlite://") :]
    if rest.startswith("/"):
        rest = rest[1:]
    path = unquote(rest)
    if not path:
        raise DatabaseError("sqlite URL without a path")
    return path if path == ":memory:" else str(Path(path) if Path(path).is_absolute() else (Path.cwd() / path))


# --- migrations ----------------------------------------------------------------------------------------------
#: (version, description, statements). Append only; never edit an applied migration.
MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (
        1,
        "workshops, participants, axis answers, votes, submissions",
        (
            """CREATE TABLE workshops (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            lang TEXT NOT NULL,
            presets TEXT NOT NULL,
            levers TEXT NOT NULL,
            base_preset TEXT NOT NULL,
            key_hash TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at {REAL} NOT NULL,
            updated_at {REAL} NOT NULL
        )""",
            """CREATE TABLE participants (
            id TEXT PRIMARY KEY,
            workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            nickname TEXT NOT NULL,
            joined_at {REAL} NOT NULL
        )""",
            "CREATE INDEX participants_workshop ON participants(workshop_id)",
            """CREATE TABLE axis_answers (
            participant_id TEXT PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
            workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            universality {REAL} NOT NULL,
            unconditionality {REAL} NOT NULL,
            individuality {REAL} NOT NULL,
            revision INTEGER NOT NULL,
            updated_at {REAL} NOT NULL
        )""",
            "CREATE INDEX axis_answers_workshop ON axis_answers(workshop_id)",
            """CREATE TABLE votes (
            participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            choice_rank INTEGER NOT NULL,
            choice TEXT NOT NULL,
            updated_at {REAL} NOT NULL,
            PRIMARY KEY (participant_id, choice_rank)
        )""",
            "CREATE INDEX votes_workshop ON votes(workshop_id)",
            """CREATE TABLE submissions (
            id TEXT PRIMARY KEY,
            participant_id TEXT NOT NULL UNIQUE REFERENCES participants(id) ON DELETE CASCADE,
            workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            comment TEXT NOT NULL,
            scenario TEXT NOT NULL,
            created_at {REAL} NOT NULL,
            updated_at {REAL} NOT NULL
        )""",
            "CREATE INDEX submissions_workshop ON submissions(workshop_id)",
        ),
    ),
    (
        2,
        "rate limits of wrong join codes and facilitator keys",
        (
            """CREATE TABLE rate_limits (
            bucket TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            first_failure {REAL} NOT NULL,
            blocked_until {REAL} NOT NULL
        )""",
        ),
    ),
]
LATEST_VERSION = MIGRATIONS[-1][0]
_TYPES = {"sqlite": {"REAL": "REAL"}, "postgresql": {"REAL": "DOUBLE PRECISION"}}


# --- transactions ----------------------------------------------------------------------------------------------
class Tx:
    """One open transaction: ``execute``, ``one``, ``all`` and ``scalar`` with ``?`` placeholders."""

    def __init__(self, cursor: Any, dialect: str) -> None:  # a sqlite3 or a psycopg cursor
        self._cur = cursor
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        if self.dialect == "postgresql":
            return sql.replace("%", "%%").replace("?", "%s")
        return sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._cur.execute(self._sql(sql), tuple(params))
        count: int = self._cur.rowcount
        return count

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self._cur.execute(self._sql(sql), tuple(params))
        names = [d[0] for d in self._cur.description]
        return [dict(zip(names, row, strict=False)) for row in self._cur.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self._cur.execute(self._sql(sql), tuple(params))
        row = self._cur.fetchone()
        return None if row is None else row[0]


class Database:
    """A handle on the configured database. Thread-safe: every transaction opens its own connection
    (SQLite: a file handle, about 0.1 ms; PostgreSQL: a new connection, a few ms on loopback)."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or database_url()
        scheme = urlsplit(self.url).scheme.lower()
        if scheme in ("postgres", "postgresql", "postgresql+psycopg"):
            self.dialect = "postgresql"
            self._dsn = "postgresql" + self.url[len(scheme) :]
            try:
                import psycopg  # noqa: F401
            except ImportError as exc:  # pragma: no cover - psycopg is pinned in requirements.txt
                raise DatabaseError(f"PostgreSQL needs psycopg ({exc})") from None
        elif scheme == "sqlite":
            self.dialect = "sqlite"
            self.path = _sqlite_path(self.url)
            if self.path == ":memory:":
                raise DatabaseError("an in-memory SQLite database cannot be shared between connections")
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            with self._sqlite_connect() as con:
                mode = con.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            con.close()
            if str(mode).lower() != "wal":
                raise DatabaseError(f"SQLite refused WAL mode (got {mode}) for {self.path}")
        else:
            raise DatabaseError(f"unknown database URL scheme '{scheme}' (use sqlite:/// or postgresql://)")
        if migrate:
            self.migrate()

    def __repr__(self) -> str:
        where = self.path if self.dialect == "sqlite" else urlsplit(self._dsn).hostname
        return f"Database({self.dialect}: {where})"

    # connections
    def _sqlite_connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = FULL")
        return con

    def _pg_connect(self) -> Any:  # a psycopg connection (psycopg is imported only for PostgreSQL)
        import psycopg

        return psycopg.connect(self._dsn, autocommit=False, connect_timeout=10)

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Tx]:
        """A transaction: committed when the block ends, rolled back on any exception."""
        if self.dialect == "sqlite":
            con = self._sqlite_connect()
            try:
                con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield Tx(con.cursor(), "sqlite")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
            finally:
                con.close()
        else:
            con = self._pg_connect()
            try:
                with con.cursor() as cur:
                    try:
                        yield Tx(cur, "postgresql")
                    except BaseException:
                        con.rollback()
                        raise
                con.commit()
            finally:
                con.close()

    def _retryable(self, exc: BaseException) -> bool:
        if self.dialect == "sqlite":
            return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()
        import psycopg.errors as pe

        return isinstance(exc, (pe.SerializationFailure, pe.DeadlockDetected))

    def _operational(self, exc: BaseException) -> bool:
        """A failure of the database itself (unreachable, locked too long, disk full), not of the SQL or data."""
        if self.dialect == "sqlite":
            return isinstance(exc, sqlite3.OperationalError)
        import psycopg

        return isinstance(exc, psycopg.OperationalError)

    def run(self, fn: Callable[[Tx], T], write: bool = True) -> T:
        """``fn(tx)`` in one transaction, run again (up to :data:`RETRIES` times) when the database reports a
        lock timeout, a serialization failure or a deadlock; ``fn`` must have no effects outside ``tx``. A database
        that cannot be reached or used raises :class:`DatabaseError`."""
        for attempt in range(RETRIES + 1):
            try:
                with self.transaction(write) as tx:
                    return fn(tx)
            except Exception as exc:  # noqa: BLE001 - re-raised unless retryable
                if attempt == RETRIES or not self._retryable(exc):
                    if self._operational(exc):
                        raise DatabaseError(f"{type(exc).__name__}: {str(exc)[:300]}") from exc
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    # migrations
    def _ddl(self, statement: str) -> str:
        return statement.format(**_TYPES[self.dialect])

    def schema_version(self) -> int:
        def read(tx: Tx) -> int:
            if not self._has_version_table(tx):
                return 0
            return int(tx.scalar("SELECT MAX(version) FROM schema_version") or 0)

        return self.run(read, write=False)

    def _has_version_table(self, tx: Tx) -> bool:
        if self.dialect == "sqlite":
            tables: int = tx.scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            )
            return tables > 0
        exists: bool = tx.scalar("SELECT to_regclass('schema_version') IS NOT NULL")
        return exists

    def migrate(self, target: int | None = None) -> list[int]:
        """Apply the missing migrations up to ``target`` (default: all); returns the versions applied."""
        target = LATEST_VERSION if target is None else target

        def apply(tx: Tx) -> list[int]:
            if self.dialect == "postgresql":
                tx.execute("SELECT pg_advisory_xact_lock(?)", (0x41525656,))  # "ARVV": one migrator at a time
            tx.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                + self._ddl("applied_at {REAL} NOT NULL)")
            )
            current = int(tx.scalar("SELECT MAX(version) FROM schema_version") or 0)
            if current > LATEST_VERSION:
                raise DatabaseError(
                    f"the workshop database is at schema version {current}, newer than this app ({LATEST_VERSION})"
                )
            applied = []
            for version, description, statements in MIGRATIONS:
                if current < version <= target:
                    for statement in statements:
                        tx.execute(self._ddl(statement))
                    tx.execute(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                        (version, description, time.time()),
                    )
                    applied.append(version)
            return applied

        return self.run(apply)


# --- one database per process ---------------------------------------------------------------------------------
_shared: dict[str, Database] = {}
_shared_lock = threading.Lock()


def shared(url: str | None = None) -> Database:
    """The process's handle on the configured database (migrated on first use)."""
    url = url or database_url()
    with _shared_lock:
        db = _shared.get(url)
        if db is None:
            db = _shared[url] = Database(url)
        return db
