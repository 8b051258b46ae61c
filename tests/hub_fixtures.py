"""A real PostgreSQL server for the team-hub tests: a throwaway cluster in a temporary folder.

``initdb`` and ``pg_ctl`` run as the ``postgres`` user when the tests run as root (the server
refuses root), listening only on a Unix socket in that folder; the server is stopped and the
folder removed at the end of the session. Each test gets a database of its own, set up with
``callmate team init``'s code, and three agents (login roles) and a team lead who leads them
(``hub``; ``bare_hub``: in no team).

The fixtures ``pg`` and ``hub`` reach every test through ``pytest_plugins`` in conftest.py.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import random
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

AGENTS = ("ann", "ayşe", "tõnu")
LEAD = "lena"
#: The team that ``hub``'s lead leads: every agent of ``AGENTS``.
TEAM = "desk"


def find_binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on the PATH, else Debian's newest version."""
    found = shutil.which("pg_ctl")
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    folders = [Path(found).resolve().parent] if found else []
    folders += [Path(v) for v in versions]
    return next((f for f in folders if (f / "initdb").exists() and (f / "pg_ctl").exists()), None)


def _binaries() -> Path:
    found = find_binaries()
    if found is None:
        pytest.fail(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: the team-hub tests "
            "need them (apt-get install postgresql; .ci/run does this)"
        )
    return found


@dataclass
class Server:
    """One PostgreSQL server: started, stopped and started again by the tests."""

    bin: Path
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _run(self, program: str, *args: str) -> None:
        """Run a server program, as the ``postgres`` user when we are root."""
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-N",
            "-E",
            "UTF8",
            "--locale=C",
        )

    def start(self) -> None:
        # fsync off: quick, and safe against a stopped server (not a crashed machine); commits
        # stay synchronous, or "immediate" stops would lose commits the hub had confirmed.
        options = (
            f"-k {self.folder} -c listen_addresses='' -p {self.port} -c fsync=off "
            "-c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, user: str = "postgres", dbname: str = "postgres") -> str:
        return f"postgresql://{user}@/{dbname}?host={self.folder}&port={self.port}"

    def admin(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(dbname=dbname), autocommit=True)


@contextlib.contextmanager
def server(binaries: Path) -> Iterator[Server]:
    """A new cluster in a temporary folder, started; stopped and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="callmate-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    made = Server(binaries, folder, random.randint(20000, 60000))
    try:
        made.init()
        made.start()
        yield made
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            made.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg() -> Iterator[Server]:
    """The session's PostgreSQL server."""
    with server(_binaries()) as made:
        yield made


_numbers = itertools.count(1)


@dataclass
class Hub:
    """A fresh hub database on the session's server."""

    server: Server
    dbname: str

    def url(self, user: str = "postgres") -> str:
        return self.server.url(user, self.dbname)

    def admin(self) -> psycopg.Connection:
        return self.server.admin(self.dbname)


@pytest.fixture
def bare_hub(pg: Server) -> Iterator[Hub]:
    """A new database set up as a team hub (``team init``), with agent and lead logins, and no
    team yet (the lead reads no call)."""
    from callmate.hub import roles, schema

    name = f"hub{next(_numbers)}"
    with pg.admin() as conn:
        conn.execute(f"CREATE DATABASE {name}")
    made = Hub(pg, name)
    with made.admin() as conn:
        schema.init(conn)
        for role, group in [*((a, roles.AGENT_ROLE) for a in AGENTS), (LEAD, roles.LEAD_ROLE)]:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            if not exists:
                conn.execute(f'CREATE ROLE "{role}" LOGIN IN ROLE {group}')
    yield made


@pytest.fixture
def hub(bare_hub: Hub) -> Hub:
    """A team hub whose lead leads one team of the three agents (``callmate team`` SQL)."""
    from callmate.hub import teams

    statements = teams.create(TEAM)
    for login, lead in [*((a, False) for a in AGENTS), (LEAD, True)]:
        statements += teams.add(TEAM, login, lead)
    with bare_hub.admin() as conn:
        teams.run(conn, statements)
    return bare_hub


# -- agents' call logs, and calls read back as models -------------------------------------------

END = "2026-11-20T18:00:00+00:00"


def agent_log(path: Path, agent: str, count: int, seed: int) -> list[str]:
    """An agent's own call log: ``count`` realistic calls under ``agent``; their ids."""
    from datetime import datetime

    from callmate.demo.generate import generate
    from callmate.store.db import open_db

    db = open_db(path)
    try:
        generate(db, count, seed=seed, end=datetime.fromisoformat(END), days=20)
        with db.atomic():
            db.conn.execute("UPDATE calls SET agent = ?", [agent])
        return [r[0] for r in db.conn.execute("SELECT id FROM calls ORDER BY id")]
    finally:
        db.close()


def push_agents(hub: Hub, folder: Path, counts: dict[str, int]) -> dict[str, Path]:
    """Each agent's own file of ``counts[agent]`` calls, every finished one pushed under the
    agent's login; the files, by agent."""
    from callmate.hub import push
    from callmate.hub.connect import connect
    from callmate.hub.local import open_local

    files = {}
    for seed, (agent, count) in enumerate(counts.items(), start=1):
        path = folder / f"agent{seed}.db"
        agent_log(path, agent, count, seed=seed * 7)
        db, conn = open_local(path), connect(hub.url(agent))
        try:
            push.push(db, conn, agent)
        finally:
            conn.close()
            db.close()
        files[agent] = path
    return files


def local_calls(path: Path, finished_only: bool = True) -> dict:
    """Every call of a SQLite file as ``StoredCall`` models, by id."""
    from callmate.hub.outbox import FINISHED
    from callmate.store.db import open_db
    from callmate.store.live import load_call

    db = open_db(path)
    try:
        where = f"WHERE status IN ({', '.join('?' for _ in FINISHED)})" if finished_only else ""
        ids = [
            r[0]
            for r in db.conn.execute(
                f"SELECT id FROM calls {where}", FINISHED if finished_only else []
            )
        ]
        return {i: load_call(db, i) for i in ids}
    finally:
        db.close()


def hub_calls(conn: psycopg.Connection) -> dict:
    """Every call on the hub (as the connection's login sees them) as ``StoredCall`` models."""
    from callmate.hub import pgsql
    from callmate.models import (
        CallRow,
        EventRow,
        NoteRow,
        StepRow,
        StoredCall,
        columns,
        from_row,
        parse_data,
    )

    def rows(model) -> list[dict]:
        found = conn.execute(
            f"SELECT {pgsql.select(model)} FROM {pgsql.table(model)} t "
            f"ORDER BY {', '.join(pgsql.key(model))}"
        ).fetchall()
        return [dict(zip(columns(model), r, strict=True)) for r in found]

    toml = dict(conn.execute("SELECT key, toml FROM callmate.checklists").fetchall())
    children: dict = {}
    for model in (StepRow, NoteRow, EventRow):
        for row in rows(model):
            if "data" in row:
                row["data"] = parse_data(row["data"])
            children.setdefault((model, row["call_id"]), []).append(from_row(model, row))
    out = {}
    for row in rows(CallRow):
        call = from_row(CallRow, row)
        out[call.id] = StoredCall(
            call=call,
            steps=tuple(children.get((StepRow, call.id), ())),
            notes=tuple(children.get((NoteRow, call.id), ())),
            events=tuple(children.get((EventRow, call.id), ())),
            checklist_toml=toml.get(call.checklist_key),
        )
    return out
