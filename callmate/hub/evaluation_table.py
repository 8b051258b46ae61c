"""The hub's table of evaluations (since schema 4): its columns, what a row may hold, and the
row-level security of ``hub.evaluations``, as the hub migration that makes them."""

from __future__ import annotations

from callmate.hub import pgsql
from callmate.hub.roles import AGENT_ROLE, LEAD_ROLE
from callmate.hub.teams import LED
from callmate.models import CallRow, EvaluationRow
from callmate.validate import MAX_TEXT

TABLE = pgsql.table(EvaluationRow)
CALLS = pgsql.table(CallRow)
#: The longest id an evaluation may have on the hub (ours are 32 hex digits).
MAX_ID = 200


def _checks() -> dict[str, str]:
    """What an evaluation may hold on the hub, by constraint name (``pgsql.check_name``)."""
    time = pgsql.TIME_FUNCTION
    found = {
        "id": f"length(id) BETWEEN 1 AND {MAX_ID}",
        "call_id": f"length(call_id) BETWEEN 1 AND {MAX_ID}",
        "score": "score IS NULL OR (score >= 0 AND score <= 100)",
        "answers": (
            f"jsonb_typeof(answers) = 'object' AND octet_length(answers::text) <= {MAX_TEXT}"
        ),
        "times": f"{time}(created_at) AND {time}(updated_at)",
        "updated_order": 'updated_at COLLATE "C" >= created_at COLLATE "C"',
        "texts": " AND ".join(
            f"length({c}) <= {MAX_TEXT}"
            for c in ("form_id", "form_version", "language", "lead", "comment")
        ),
    }
    return {pgsql.check_name(f"evaluation_{what}", sql): sql for what, sql in found.items()}


def _led() -> str:
    return f"(SELECT c.agent FROM {CALLS} c WHERE c.id = call_id) IN (SELECT {LED}())"


def step() -> list[str]:
    """The hub migration of evaluations: the table, its checks, rights and policies."""
    own = f"lead = session_user::text AND {_led()}"
    agent = (
        f"EXISTS (SELECT 1 FROM {CALLS} c WHERE c.id = call_id AND c.agent = session_user::text)"
    )
    out = [pgsql.time_function(), pgsql.create_table(EvaluationRow)]
    out += [f"ALTER TABLE {TABLE} ADD CONSTRAINT {n} CHECK ({sql})" for n, sql in _checks().items()]
    return [
        *out,
        f"CREATE INDEX evaluations_call ON {TABLE} (call_id)",
        f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY",
        f"GRANT SELECT, INSERT, UPDATE ON {TABLE} TO {LEAD_ROLE}",
        f"GRANT SELECT ON {TABLE} TO {AGENT_ROLE}",
        f"CREATE POLICY lead_read ON {TABLE} FOR SELECT TO {LEAD_ROLE} USING ({_led()})",
        f"CREATE POLICY lead_add ON {TABLE} FOR INSERT TO {LEAD_ROLE} WITH CHECK ({own})",
        f"CREATE POLICY lead_change ON {TABLE} FOR UPDATE TO {LEAD_ROLE} USING ({own}) "
        f"WITH CHECK ({own})",
        f"CREATE POLICY agent_read ON {TABLE} FOR SELECT TO {AGENT_ROLE} USING ({agent})",
    ]
