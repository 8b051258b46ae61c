"""Teams on the hub: whose calls a lead reads, what an auditor reads, and the administrator's SQL.

Two tables that only the hub's administrator reads or writes (row-level security on, no policy,
no grant): ``callmate.teams`` (a name) and ``callmate.team_members`` (a team, a login, and
whether that login leads it). A lead (a member of ``callmate_lead``) reads the calls of the
agents of the teams they lead, and those calls' steps, notes and events; the agents are named by
``callmate.led_agents()``, which reads the membership as its owner for the login of the session
(``session_user``: ``SET ROLE`` changes nothing). A lead in no team reads no call: safe by
default, and a hub upgraded from schema 2 says so.

An auditor (a member of ``callmate_auditor``) reads every call through the views
``callmate.audit_*``: the tables' columns without those that name or describe the customer
(:data:`PERSONAL`), which are left out rather than redacted. The auditor has no right on the
tables themselves.

Every statement the ``callmate team`` commands run is built here as text, so that what is printed
is exactly what runs, and IT may run it themselves.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from callmate.hub import pgsql
from callmate.hub.roles import AGENT_ROLE, AUDITOR_ROLE, LEAD_ROLE, VERSION_TABLE
from callmate.models import CallRow, ChecklistRow, EventRow, NoteRow, columns

TEAMS = f"{pgsql.SCHEMA}.teams"
MEMBERS = f"{pgsql.SCHEMA}.team_members"
LED = f"{pgsql.SCHEMA}.led_agents"
#: PostgreSQL's longest name (of a login role), in bytes.
MAX_NAME_BYTES = 63
#: What an auditor never reads: who the customer is, and what was written about them.
PERSONAL: dict[type, tuple[str, ...]] = {
    CallRow: ("customer", "addressed_as", "reference", "summary", "draft"),
    NoteRow: ("text",),
    EventRow: ("data",),
}
#: The tables a lead reads only for the calls of their teams (checklists stay readable to all).
CALL_MODELS = tuple(m for m in pgsql.MODELS if m is not ChecklistRow)


def audit_view(model: type) -> str:
    return f"{pgsql.SCHEMA}.audit_{model.TABLE}"  # type: ignore[attr-defined]


def _led(model: type) -> str:
    """The rows of the calls of the agents the session's login leads. A row of a call asks for
    its call's agent (one lookup by key): as ``EXISTS``, the planner may hash every call the
    lead reads for each query of a pull's chunk."""
    if model is CallRow:
        return f"agent IN (SELECT {LED}())"
    return (
        f"(SELECT c.agent FROM {pgsql.table(CallRow)} c WHERE c.id = call_id) IN (SELECT {LED}())"
    )


def step() -> list[str]:
    """The hub migration of teams: the tables, ``led_agents()``, a lead's policies narrowed to
    their teams, and the auditor's rights (the views are :func:`audit_views`)."""
    name_check = f"CHECK (octet_length({{}}) BETWEEN 1 AND {MAX_NAME_BYTES})"
    out = [
        f"CREATE TABLE {TEAMS} (name text PRIMARY KEY {name_check.format('name')})",
        f"CREATE TABLE {MEMBERS} (team text NOT NULL REFERENCES {TEAMS} ON DELETE CASCADE "
        f"ON UPDATE CASCADE, login text NOT NULL {name_check.format('login')}, "
        "lead boolean NOT NULL DEFAULT false, PRIMARY KEY (team, login))",
        f"CREATE INDEX team_members_login ON {MEMBERS} (login)",
        f"ALTER TABLE {TEAMS} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {MEMBERS} ENABLE ROW LEVEL SECURITY",
        f"CREATE FUNCTION {LED}() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = pg_catalog, pg_temp AS "
        f"$$ SELECT DISTINCT m.login FROM {MEMBERS} m JOIN {MEMBERS} l ON l.team = m.team "
        "WHERE l.login = session_user::text AND l.lead AND NOT m.lead $$",
        f"REVOKE ALL ON FUNCTION {LED}() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {LED}() TO {LEAD_ROLE}",
    ]
    for model in CALL_MODELS:
        name = pgsql.table(model)
        out += [
            f"DROP POLICY lead_read ON {name}",
            f"CREATE POLICY lead_read ON {name} FOR SELECT TO {LEAD_ROLE} USING ({_led(model)})",
        ]
    checklists = pgsql.table(ChecklistRow)
    out += [
        f"GRANT USAGE ON SCHEMA {pgsql.SCHEMA} TO {AUDITOR_ROLE}",
        f"GRANT SELECT ON {VERSION_TABLE}, {checklists} TO {AUDITOR_ROLE}",
        f"CREATE POLICY auditor_read ON {checklists} FOR SELECT TO {AUDITOR_ROLE} USING (true)",
    ]
    return out


def audit_views() -> list[str]:
    """The auditor's views, made again from the tables' columns now (run by every ``team init``
    after the columns are brought up to date): every row, no :data:`PERSONAL` column."""
    out = []
    for model in CALL_MODELS:
        shown = [c for c in columns(model) if c not in PERSONAL.get(model, ())]
        view = audit_view(model)
        out += [
            f"DROP VIEW IF EXISTS {view}",
            f"CREATE VIEW {view} AS SELECT {', '.join(shown)} FROM {pgsql.table(model)}",
            f"GRANT SELECT ON {view} TO {AUDITOR_ROLE}",
        ]
    return out


# -- the administrator's statements (``callmate team create | add | remove``) ----------------


def good_name(name: str) -> bool:
    """A team's or login's name callmate will write: 1 to 63 bytes, nothing invisible."""
    return (
        0 < len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES
        and name.isprintable()
        and name == name.strip()
    )


def _literal(text: str) -> str:
    return sql.Literal(text).as_string(None)


def create(team: str) -> list[str]:
    return [f"INSERT INTO {TEAMS} (name) VALUES ({_literal(team)}) ON CONFLICT DO NOTHING"]


def add(team: str, login: str, lead: bool) -> list[str]:
    return [
        f"INSERT INTO {MEMBERS} (team, login, lead) VALUES ({_literal(team)}, "
        f"{_literal(login)}, {'true' if lead else 'false'}) "
        "ON CONFLICT (team, login) DO UPDATE SET lead = EXCLUDED.lead"
    ]


def remove(team: str, login: str) -> list[str]:
    return [f"DELETE FROM {MEMBERS} WHERE team = {_literal(team)} AND login = {_literal(login)}"]


def run(conn: psycopg.Connection, statements: list[str]) -> int:
    """Run the statements in one transaction; the rows the last one changed."""
    changed = 0
    with conn.transaction():
        for statement in statements:
            changed = conn.execute(statement).rowcount
    return max(changed, 0)


def in_group(conn: psycopg.Connection, login: str, lead: bool) -> bool | None:
    """Whether ``login`` is a member of the group its place in a team needs (None: no such
    role), so that a lead who is not yet a ``callmate_lead`` is told."""
    group = LEAD_ROLE if lead else AGENT_ROLE
    row = conn.execute(
        "SELECT pg_has_role(oid, %s, 'MEMBER') FROM pg_roles WHERE rolname = %s", [group, login]
    ).fetchone()
    return None if row is None else bool(row[0])


def listed(conn: psycopg.Connection) -> dict[str, tuple[list[str], list[str]]]:
    """Every team, with its leads and its agents (read by the administrator)."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for team, login, lead in conn.execute(
        f"SELECT t.name, m.login, m.lead FROM {TEAMS} t LEFT JOIN {MEMBERS} m ON m.team = t.name "
        "ORDER BY t.name, m.login"
    ):
        leads, agents = out.setdefault(team, ([], []))
        if login is not None:
            (leads if lead else agents).append(login)
    return out
