"""Helpers of the workshop tests: a throwaway PostgreSQL cluster, database fixtures for SQLite and PostgreSQL.

The PostgreSQL cluster is started once per test process (initdb + pg_ctl in a temporary folder, on a free
loopback port, trust authentication, as the ``postgres`` user when the tests run as root, since PostgreSQL
refuses to run as root) and stopped at exit. Each test gets a database of its own in it. Without the
binaries (Debian's ``postgresql`` package) the PostgreSQL cases skip; with CI=true and
ARVOVALINNAT_REQUIRE_POSTGRES=1 they fail instead.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from workshop.db import Database


def pg_bin() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    """A PostgreSQL server of its own in a temporary folder."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="arvovalinnat-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    continue
                self.user = name
                break
            if self.user is None:
                raise RuntimeError("running as root and no postgres or nobody user to run PostgreSQL as")
            shutil.chown(self.root, user=self.user)
        self.log = self.root / "server.log"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.admin_url, autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"


_cluster: PgCluster | None = None


def pg_cluster() -> PgCluster:
    """The test process's cluster (started on first use), or a skip when PostgreSQL is not installed."""
    global _cluster
    if _cluster is not None:
        return _cluster
    bindir = pg_bin()
    if bindir is None:
        if os.environ.get("CI") and os.environ.get("ARVOVALINNAT_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL binaries are missing (apt-get install postgresql)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); PostgreSQL cases skipped")
    cluster = PgCluster(bindir)
    cluster.init()
    cluster.start()
    atexit.register(cluster.destroy)
    _cluster = cluster
    return cluster


BACKENDS = ("sqlite", "postgresql")


def new_database(backend: str, tmp_path: Path) -> Database:
    """A fresh, migrated database of ``backend`` (an SQLite file in ``tmp_path``, or a new PostgreSQL database)."""
    if backend == "sqlite":
        return Database(f"sqlite:///{tmp_path / 'workshop.sqlite3'}")
    return Database(pg_cluster().new_database())


def database_url(backend: str, tmp_path: Path) -> str:
    """The URL of a fresh, not yet migrated database of ``backend``."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    return pg_cluster().new_database()
