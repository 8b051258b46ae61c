"""What the pages read, as plain functions over a read-only connection (run on Datasette's
database threads): the filter from a page's address, a page of calls, one call, the statistics.

The filter is read as ``calls list``, ``stats`` and the review screen read it
(``review.pages.resolve``: typed dates in the language spoken, outcomes by code or word, agent
names in any case, every search word with Turkish İ/ı folded). Pages of calls are keyset pages
(``review.pages.read_page``), newest first; a checklist or language chosen in a facet adds its
condition to the same keyset query.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from callmate.language.i18n import language
from callmate.report.export import redact_record
from callmate.review import pages, queries
from callmate.review.filters import Filter, FilterError
from callmate.store import call_search
from callmate.store.call_search import Connected
from callmate.web.facets import Chosen

PAGE_SIZE = 50
#: What the page's address may hold beyond the typed filter: facets, and where a page starts.
CHOSEN = ("checklist", "language", "day")
#: The fields of the filter a page's address may hold, as ``review.pages.Typed`` names them. A
#: checklist is the facet's (an exact id, which the rollups count), not the typed filter's
#: (names matched, a condition only the calls can answer: every call read for its facets).
TYPED = tuple(f.name for f in dataclasses.fields(pages.Typed) if f.name not in CHOSEN)


@dataclass(frozen=True)
class Asked:
    """A page's address read: the filter as typed, the facets chosen, where the page starts."""

    typed: pages.Typed
    chosen: Chosen
    day: str | None
    after: queries.Key | None = None
    before: queries.Key | None = None
    index: int = 0

    def params(self) -> dict[str, str]:
        """The filter and facets as address parameters (without the page's start)."""
        found = {name: getattr(self.typed, name) for name in TYPED}
        found |= {"checklist": self.chosen.checklist, "language": self.chosen.language}
        found["day"] = self.day
        return {k: v for k, v in found.items() if v}


def asked(args: Any) -> Asked:
    """The filter, facets and page start of a page's address (``request.args``)."""
    typed = pages.Typed(**{name: (args.get(name) or "").strip() for name in TYPED})
    chosen = Chosen(args.get("checklist") or None, args.get("language") or None)
    day = (args.get("day") or "").strip() or None
    if day is not None:
        try:
            date.fromisoformat(day)
        except ValueError:
            raise FilterError(f"{day!r} is not a day (YYYY-MM-DD)") from None
    index = args.get("page") or "0"
    return Asked(
        typed,
        chosen,
        day,
        after=_key(args.get("after")),
        before=_key(args.get("before")),
        index=int(index) if index.isdigit() else 0,
    )


def _key(text: str | None) -> queries.Key | None:
    """A page's start as the address holds it: ``started_at|id``."""
    if not text or "|" not in text:
        return None
    started, _bar, call_id = text.partition("|")
    return (started, call_id)


def key_text(key: queries.Key | None) -> str | None:
    return None if key is None else f"{key[0]}|{key[1]}"


def resolve(db: Connected, wanted: Asked) -> Filter:
    """The filter, the day facet's UTC day taken into its time range."""
    filt = pages.resolve(db, wanted.typed, language=language())
    if wanted.day is None:
        return filt
    since = f"{wanted.day}T00:00:00+00:00"
    until = f"{date.fromisoformat(wanted.day) + timedelta(days=1)}T00:00:00+00:00"
    return dataclasses.replace(
        filt,
        since=max(since, filt.since) if filt.since else since,
        until=min(until, filt.until) if filt.until else until,
    )


def read_page(db: Connected, filt: Filter, wanted: Asked, size: int = PAGE_SIZE) -> pages.Page:
    """The page of calls the address asks for, newest first."""
    if not wanted.chosen.items():
        return pages.read_page(
            db, filt, wanted.index, after=wanted.after, before=wanted.before, size=size
        )
    if wanted.before is not None:
        rows = _chosen_page(db, filt, wanted.chosen, before=wanted.before, limit=size)
        if wanted.index <= 0 or len(rows) < size:
            return read_page(db, filt, dataclasses.replace(wanted, before=None, index=0), size)
        return pages.Page(rows, True, wanted.index)
    rows = _chosen_page(db, filt, wanted.chosen, after=wanted.after, limit=size + 1)
    return pages.Page(rows[:size], len(rows) > size, wanted.index)


def _chosen_page(
    db: Connected,
    filt: Filter,
    chosen: Chosen,
    *,
    after: queries.Key | None = None,
    before: queries.Key | None = None,
    limit: int,
) -> list[dict[str, Any]]:
    """A keyset page of the calls the filter selects with the facets' conditions too."""
    conditions, params = filt.conditions("c", documents=call_search.present(db))
    for column, value in chosen.items():
        conditions.append(f"c.{column} = ?")
        params.append(value)
    order = "DESC"
    if after is not None:
        conditions.append("(c.started_at, c.id) < (?, ?)")
        params.extend(after)
    elif before is not None:
        conditions.append("(c.started_at, c.id) > (?, ?)")
        params.extend(before)
        order = "ASC"
    columns = ", ".join(f"c.{name}" for name in queries.LIST_COLUMNS)
    cursor = db.conn.execute(
        f"SELECT {columns} FROM calls c WHERE {' AND '.join(conditions) or '1'} "
        f"ORDER BY c.started_at {order}, c.id {order} LIMIT ?",
        [*params, limit],
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    return rows[::-1] if order == "ASC" else rows


def shown(record: dict[str, Any], names: bool) -> dict[str, Any]:
    """A call as a lead may see it: redacted as ``export --redact`` redacts, unless ``names``."""
    return record if names else redact_record(record)


def call(db: Connected, typed_id: str, names: bool) -> dict[str, Any]:
    """One call in full, as ``calls show`` reads it (an id or its start)."""
    record = queries.call_record(db, queries.find_call_id(db, typed_id))
    return shown(record, names)
