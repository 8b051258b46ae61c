"""The hub's group roles and its version table: the names every part of the hub's SQL shares
(``hub.schema`` says what each role may do)."""

from __future__ import annotations

from callmate.hub import pgsql

AGENT_ROLE = "callmate_agent"
LEAD_ROLE = "callmate_lead"
AUDITOR_ROLE = "callmate_auditor"
VERSION_TABLE = f"{pgsql.SCHEMA}.hub_version"
GROUPS = (AGENT_ROLE, LEAD_ROLE, AUDITOR_ROLE)
#: The hub-only rule of a call: it is nobody's when under a group role's name.
AGENT_CHECK = f"agent NOT IN ({', '.join(chr(39) + g + chr(39) for g in GROUPS)})"
