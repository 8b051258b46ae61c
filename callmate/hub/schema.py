"""The hub's schema, roles and row-level security, and its version.

Tables mirror the stored models (``hub.pgsql``) in the PostgreSQL schema ``callmate``; a one-row
table ``callmate.hub_version`` holds the hub's version and its id. Two group roles:

- ``callmate_agent``: may read, insert and update only calls whose ``agent`` equals the name
  they logged in with (``session_user``: ``SET ROLE`` to the group changes nothing), and the
  steps, notes and events of those calls; may add checklists (keyed by the hash of their text,
  which the hub checks; never changed). Each agent logs in with a role named exactly as
  callmate saves their calls (the agent name), made a member of ``callmate_agent``. No call
  may be saved under a group role's name.
- ``callmate_lead``: writes nothing; reads the calls of the agents of the teams they lead (since
  schema 3, ``hub.teams``; everything before), and every checklist.
- ``callmate_auditor`` (since schema 3): reads every call through views without the customer's
  name, reference or free text (``hub.teams``), writes nothing.

Since schema 4, ``callmate.evaluations`` (``hub.evaluations``): a lead writes evaluations of the
calls they read, as themselves; an agent reads those of their own calls; the auditor none.

What a row may hold is checked by the hub itself: CHECK constraints built from the rules of
``callmate.validate`` (``hub.pgsql.checks``), kept in step with them by every ``team init``
like the columns are.

The hub's migrations, like the local ones, are the schema's history: appended, never edited. A
callmate that knows fewer of them than the hub has refuses to push (its outbox keeps every call).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from callmate.hub import evaluation_table, pgsql, teams
from callmate.hub.connect import HubError
from callmate.hub.roles import (
    AGENT_CHECK,
    AGENT_ROLE,
    AUDITOR_ROLE,
    LEAD_ROLE,
    VERSION_TABLE,
)
from callmate.language.i18n import _
from callmate.models import CallRow, ChecklistRow, columns

Step = Callable[[], list[str]]
STEPS: list[Step] = []


def migration(step: Step) -> Step:
    """Register the hub's next migration (the order they appear in is their order)."""
    STEPS.append(step)
    return step


@dataclass(frozen=True)
class HubInfo:
    version: int
    hub_id: str


def _role(name: str) -> str:
    return (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') "
        f"THEN CREATE ROLE {name} NOLOGIN; END IF; END $$"
    )


def _mine(model: type, who: str) -> str:
    """Whose rows an agent's are: the calls under ``who`` (``current_user`` at schema 1,
    ``session_user`` since), and the rows of those calls."""
    if model is CallRow:
        return f"agent = {who}::text"
    return (
        f"EXISTS (SELECT 1 FROM {pgsql.table(CallRow)} c WHERE c.id = call_id "
        f"AND c.agent = {who}::text)"
    )


def _policies(model: type, who: str = "current_user") -> list[str]:
    name = pgsql.table(model)
    mine = _mine(model, who)
    if model is ChecklistRow:
        return [
            f"CREATE POLICY agent_read ON {name} FOR SELECT TO {AGENT_ROLE} USING (true)",
            f"CREATE POLICY agent_add ON {name} FOR INSERT TO {AGENT_ROLE} WITH CHECK (true)",
            f"CREATE POLICY lead_read ON {name} FOR SELECT TO {LEAD_ROLE} USING (true)",
        ]
    return [
        f"CREATE POLICY agent_read ON {name} FOR SELECT TO {AGENT_ROLE} USING ({mine})",
        f"CREATE POLICY agent_add ON {name} FOR INSERT TO {AGENT_ROLE} WITH CHECK ({mine})",
        f"CREATE POLICY agent_change ON {name} FOR UPDATE TO {AGENT_ROLE} USING ({mine}) "
        f"WITH CHECK ({mine})",
        f"CREATE POLICY lead_read ON {name} FOR SELECT TO {LEAD_ROLE} USING (true)",
    ]


@migration
def h001_calls() -> list[str]:
    """The tables, the roles, their rights, and row-level security on every table."""
    s = pgsql.SCHEMA
    out = [_role(AGENT_ROLE), _role(LEAD_ROLE)]
    out += [pgsql.create_table(m) for m in pgsql.MODELS]
    out += [
        f"CREATE INDEX calls_changed ON {pgsql.table(CallRow)} ({pgsql.XID_COLUMN})",
        f"CREATE INDEX calls_agent ON {pgsql.table(CallRow)} (agent, started_at)",
        f"CREATE INDEX calls_started ON {pgsql.table(CallRow)} (started_at)",
        f"CREATE FUNCTION {s}.stamp_xid() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN NEW.{pgsql.XID_COLUMN} := pg_current_xact_id(); RETURN NEW; END $$",
        f"CREATE TRIGGER calls_stamp BEFORE INSERT OR UPDATE ON {pgsql.table(CallRow)} "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.stamp_xid()",
        f"GRANT USAGE ON SCHEMA {s} TO {AGENT_ROLE}, {LEAD_ROLE}",
        f"GRANT SELECT ON {VERSION_TABLE} TO {AGENT_ROLE}, {LEAD_ROLE}",
        f"GRANT SELECT, INSERT ON {pgsql.table(ChecklistRow)} TO {AGENT_ROLE}",
    ]
    for model in pgsql.MODELS:
        name = pgsql.table(model)
        if model is not ChecklistRow:
            out.append(f"GRANT SELECT, INSERT, UPDATE ON {name} TO {AGENT_ROLE}")
        out.append(f"GRANT SELECT ON {name} TO {LEAD_ROLE}")
        out.append(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
        out += _policies(model)
    return out


@migration
def h002_session_user() -> list[str]:
    """An agent's rows are those of the name she logged in with (``session_user``): with
    ``current_user``, ``SET ROLE callmate_agent`` let every agent write and change calls saved
    under the group's name. (What a row may hold is kept by :func:`ensure_checks`.)"""
    out = []
    for model in pgsql.MODELS:
        if model is ChecklistRow:
            continue
        name = pgsql.table(model)
        out += [f"DROP POLICY {p} ON {name}" for p in ("agent_read", "agent_add", "agent_change")]
        out += [p for p in _policies(model, "session_user") if "TO " + AGENT_ROLE in p]
    return out


@migration
def h003_teams() -> list[str]:
    """Teams: a lead reads only the calls of the agents of the teams they lead (a lead in no
    team reads none), and an auditor reads every call without the customer (``hub.teams``)."""
    return [_role(AUDITOR_ROLE), *teams.step()]


@migration
def h004_evaluations() -> list[str]:
    """Evaluations: a lead adds and changes, under their own login, evaluations of the calls of
    the teams they lead; an agent reads those of their own calls; an auditor reads none
    (``hub.evaluations``)."""
    return evaluation_table.step()


#: The hub version this callmate knows (the number of hub migrations).
HUB_VERSION = len(STEPS)
#: The hub version from which the hub checks what a row holds (:func:`ensure_checks`).
CHECKS_SINCE = STEPS.index(h002_session_user) + 1
#: The hub version from which leads read by team and the auditor's views exist.
TEAMS_SINCE = STEPS.index(h003_teams) + 1
#: The hub version from which evaluations travel through the hub.
EVALUATIONS_SINCE = STEPS.index(h004_evaluations) + 1


def _wanted_checks() -> dict[type, dict[str, str]]:
    found = {model: pgsql.checks(model) for model in pgsql.MODELS}
    agent = {pgsql.check_name("agent_role", AGENT_CHECK): AGENT_CHECK}
    found[CallRow] = {**found[CallRow], **agent}
    return found


def ensure_checks(conn: psycopg.Connection) -> tuple[list[str], int]:
    """Bring the hub's CHECK constraints in step with this callmate's rules (added for new and
    changed rows; rows from before them are checked by a pull), and remove the checklists whose
    key is not the hash of their text (they cannot be what their key names: a call that ran with
    the genuine one brings it again). Returns (constraints added, checklists removed)."""
    conn.execute(pgsql.time_function())
    have = {
        (r[0], r[1])
        for r in conn.execute(
            "SELECT n.nspname || '.' || t.relname, c.conname::text FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = %s AND c.contype = 'c' AND c.conname LIKE %s",
            [pgsql.SCHEMA, pgsql.CHECK_PREFIX + "%"],
        )
    }
    added = []
    for model, wanted in _wanted_checks().items():
        name = pgsql.table(model)
        for table, old in sorted(have):
            if table == name and old not in wanted:
                conn.execute(f"ALTER TABLE {name} DROP CONSTRAINT {old}")
        for check, sql in wanted.items():
            if (name, check) not in have:
                conn.execute(pgsql.add_check(model, check, sql))
                added.append(check)
    removed = conn.execute(
        f"DELETE FROM {pgsql.table(ChecklistRow)} WHERE key IS DISTINCT FROM "
        f"{pgsql.key_hash('toml')}"
    ).rowcount
    return added, max(removed, 0)


def _bootstrap(conn: psycopg.Connection) -> None:
    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {pgsql.SCHEMA}")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (one boolean PRIMARY KEY DEFAULT true "
        "CHECK (one), version integer NOT NULL, hub_id uuid NOT NULL DEFAULT gen_random_uuid(), "
        "changed_at timestamptz NOT NULL DEFAULT now())"
    )
    conn.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (0) ON CONFLICT DO NOTHING")


def missing(conn: psycopg.Connection) -> list[tuple[type, str]]:
    """The stored fields (``callmate.models``) that the hub's tables have no column for yet."""
    found = set(
        conn.execute(
            "SELECT table_name::text, column_name::text FROM information_schema.columns "
            "WHERE table_schema = %s",
            [pgsql.SCHEMA],
        ).fetchall()
    )
    return [(m, c) for m in pgsql.MODELS for c in columns(m) if (m.TABLE, c) not in found]  # type: ignore[attr-defined]


def init(conn: psycopg.Connection, known: int | None = None) -> tuple[int, int, list[str]]:
    """Create or bring up to date the hub's schema, roles and security, in one transaction;
    return (version before, version now, columns added). Run by an administrator (CREATEROLE
    needed). A field the models gained is added to its table here, derived from the model:
    adding a field needs no hub migration (an older callmate simply leaves it at its default)."""
    known = HUB_VERSION if known is None else known
    try:
        with conn.transaction():
            _bootstrap(conn)
            row = conn.execute(f"SELECT version FROM {VERSION_TABLE} FOR UPDATE").fetchone()
            before = int(row[0]) if row else 0
            if before > known:
                raise _newer(before, known)
            for step in STEPS[before:known]:
                for statement in step():
                    conn.execute(statement)
            added = missing(conn)
            for model, name in added:
                conn.execute(pgsql.add_column(model, name))
            if known >= CHECKS_SINCE:
                ensure_checks(conn)
            if known >= TEAMS_SINCE:
                for statement in teams.audit_views():
                    conn.execute(statement)
            if known > before:
                conn.execute(
                    f"UPDATE {VERSION_TABLE} SET version = %s, changed_at = now()", [known]
                )
    except psycopg.errors.InsufficientPrivilege as exc:
        raise HubError(
            _(
                "the team hub refused to set up callmate ({why}); run init as a database "
                "administrator with CREATEROLE"
            ).format(why=exc.diag.message_primary),
            lasting=True,
            code="refused",
        ) from None
    return before, max(before, known), [f"{m.TABLE}.{c}" for m, c in added]  # type: ignore[attr-defined]


def _newer(hub: int, known: int) -> HubError:
    return HubError(
        _(
            "the team hub has schema {hub}, but this callmate knows only {known}: upgrade "
            "callmate; calls stay waiting here until then"
        ).format(hub=hub, known=known),
        lasting=True,
        code="newer_hub",
    )


def info(conn: psycopg.Connection) -> HubInfo:
    """The hub's version and id, or a :class:`HubError` when it is not a callmate hub."""
    try:
        row = conn.execute(f"SELECT version, hub_id::text FROM {VERSION_TABLE}").fetchone()
    except (psycopg.errors.UndefinedTable, psycopg.errors.InvalidSchemaName):
        row = None
    if row is None or not row[0]:
        raise HubError(
            _(
                "the team hub has no callmate schema yet: a team lead runs "
                "`callmate team init URL` first"
            ),
            lasting=True,
            code="no_hub",
        )
    return HubInfo(int(row[0]), str(row[1]))


def check(conn: psycopg.Connection, known: int | None = None) -> HubInfo:
    """The hub's info if this callmate may write to it; else why not (a newer or older hub)."""
    known = HUB_VERSION if known is None else known
    found = info(conn)
    if found.version > known:
        raise _newer(found.version, known)
    if found.version < known:
        raise HubError(
            _(
                "the team hub has schema {hub}, this callmate needs {known}: a team lead runs "
                "`callmate team init URL` with this callmate to bring it up to date"
            ).format(hub=found.version, known=known),
            lasting=True,
            code="older_hub",
        )
    lacking = missing(conn)
    if lacking:
        names = ", ".join(f"{m.TABLE}.{c}" for m, c in lacking)  # type: ignore[attr-defined]
        raise HubError(
            _(
                "the team hub has no place yet for what this callmate stores ({names}): a team "
                "lead runs `callmate team init URL` with this callmate to bring it up to date"
            ).format(names=names),
            lasting=True,
            code="older_hub",
        )
    return found
