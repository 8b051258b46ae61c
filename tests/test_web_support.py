"""What the browser review's tests share: a call log of demo calls with one crafted call, a
served Datasette, signing in. (No tests here.)"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from callmate.cli import cli
from callmate.demo.generate import generate
from callmate.store.db import open_db, open_for_reading
from callmate.web import leads, server

END = datetime(2026, 11, 30, 18, tzinfo=UTC)
PASSWORD = "a long secret"
CUSTOMER = "Işıl Özkan"
REFERENCE = "REF-77 isil@example.com"
SCRIPT_NOTE = "<script>alert('owned')</script> Işıl Hanım wants her refund"


@dataclass(frozen=True)
class Log:
    path: Path
    crafted: str  # the id of the call with a customer's name and a <script> note


def make_log(folder: Path, calls: int = 400, seed: int = 5) -> Log:
    """Demo calls, the newest of them given a customer's name, a reference with an e-mail
    address and a note holding a script."""
    path = folder / "calls.db"
    db = open_db(path)
    try:
        generate(db, calls, seed=seed, end=END, days=40)
        crafted = db.execute("SELECT id FROM calls ORDER BY started_at DESC LIMIT 1").fetchone()[0]
        with db.conn:
            db.execute(
                "UPDATE calls SET customer = ?, reference = ? WHERE id = ?",
                [CUSTOMER, REFERENCE, crafted],
            )
            seq, at = db.execute(
                "SELECT coalesce(max(seq), 0) + 1, max(started_at) FROM notes "
                "JOIN calls ON calls.id = notes.call_id WHERE call_id = ?",
                [crafted],
            ).fetchone()
            at = at or END.isoformat()
            db.execute(
                "INSERT INTO notes (call_id, seq, at, offset_seconds, step_id, text) "
                "VALUES (?, ?, ?, 12.0, 'vent', ?)",
                [crafted, seq, at, SCRIPT_NOTE],
            )
    finally:
        db.close()
    return Log(path, crafted)


def all_leads() -> dict[str, leads.Lead]:
    """Three leads: one who sees names, one who does not, an administrator."""
    hashed = leads.hash_password(PASSWORD)
    return {
        "lena": leads.Lead("lena", hashed),
        "mert": leads.Lead("mert", hashed, names=True),
        "root": leads.Lead("root", hashed, names=True, admin=True),
    }


def serve(path: Path, who: dict[str, leads.Lead] | None = None) -> tuple[Any, Any]:
    """The Datasette of ``callmate serve`` over ``path`` (close with :func:`stop`)."""
    log = open_for_reading(path)
    return server.build(log.path, log.mode, who or all_leads()), log


def stop(ds: Any, log: Any) -> None:
    server.close(ds)
    log.close()


async def sign_in(ds: Any, name: str, password: str = PASSWORD) -> dict[str, str]:
    """The cookies of a lead signed in through the sign-in page."""
    page = await ds.client.get("/-/login")
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    answer = await ds.client.post(
        "/-/login",
        data={"name": name, "password": password, "csrftoken": token, "next": "/"},
        cookies={"ds_csrftoken": page.cookies["ds_csrftoken"]},
    )
    assert answer.status_code == 302, answer.text
    return {"ds_actor": answer.cookies["ds_actor"]}


def cli_json(*args: str) -> Any:
    """What a callmate command prints as JSON."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def call_ids(html: str) -> list[str]:
    return re.findall(r'<tr data-call="([0-9a-f]+)"', html)
