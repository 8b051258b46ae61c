"""The browser review: a Datasette over the call log, with callmate's pages and a door.

:func:`build` makes the ``Datasette``: the log added as one read-only database (``mode=ro``, or
``immutable=1`` when callmate reads it so, each connection ``query_only``), Datasette's settings
and permissions closed (no SQL, no raw tables, no download but for an administrator), and one
plugin, :class:`Door`, registered for this instance alone. The door (an ASGI wrapper) lets
nothing through without a signed-in lead but the sign-in page and the static files it needs; a
lead who is no administrator reaches callmate's pages only. callmate's pages (``web.views``)
are Datasette routes rendered with Datasette's templates.

The one thing a page writes is a lead's evaluation of a call (:meth:`Door.write`: a connection
of callmate's own, opened for that one save, off the event loop, one save at a time), and only
when callmate could open the log for writing.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.app import Datasette, DatasetteClient
from datasette.database import Database
from datasette.utils.asgi import Request, Response

from callmate.clock import Clock, SystemClock
from callmate.store.db import CACHE_KIB, MMAP_BYTES, ReadOnly
from callmate.web.leads import Lead

HERE = Path(__file__).parent
#: The name (and address) of the call log in Datasette: ``/calls`` for an administrator.
DATABASE = "calls"
STATIC = "-/callmate"
#: Addresses anyone may reach: the sign-in page and what it is drawn with.
OPEN = ("/-/login", "/-/static/", f"/{STATIC}/", "/favicon.ico")
#: Addresses a lead who is no administrator may reach, besides those (``web.views.ROUTES``).
LEADS = ("/", "/-/call/", "/-/stats", "/-/sign-out")
#: Where the door sends a lead who is no administrator asking for Datasette's own pages.
REFUSED = "/-/refused"
#: How long a sign-in lasts.
SIGNED_IN_SECONDS = 12 * 3600

Scope = MutableMapping[str, Any]
Asgi = Callable[[Scope, Any, Any], Awaitable[None]]


class CallLog(Database):  # type: ignore[misc]  # Datasette is untyped
    """The call log as Datasette reads it: every connection only reads (``query_only``), is
    opened by a proper file URI (a path with ``?`` or ``#`` in it stays a path), and maps the
    file into memory as callmate's own readers do."""

    def __init__(self, ds: Datasette, path: Path, mode: str):
        super().__init__(ds, path=str(path), is_mutable=mode != "immutable")
        self.file = path
        self.mode = mode

    def connect(self, write: bool = False) -> Any:
        import sqlite3

        if write:
            raise PermissionError("the call log is served read-only")
        flag = "immutable=1" if self.mode == "immutable" else "mode=ro"
        conn = sqlite3.connect(
            f"{self.file.resolve().as_uri()}?{flag}", uri=True, check_same_thread=False
        )
        conn.execute("PRAGMA query_only = 1")
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._all_file_connections.append(conn)
        return conn


@dataclass(eq=False)  # hashed by identity, as the plugin manager keeps plugins
class Door:
    """The plugin of one served log: routes, the door, errors. Registered in Datasette's plugin
    manager, which is shared by every Datasette in the process: each hook answers only for its
    own instance."""

    #: What Datasette calls a plugin (its plugins are modules); no module has this name, so
    #: Datasette looks for no static or templates folder of it.
    __name__ = "callmate_web_door"

    leads: dict[str, Lead]
    path: Path
    mode: str
    #: Whether the pages may save evaluations (callmate opened the log for writing).
    writable: bool = False
    clock: Clock = field(default_factory=SystemClock)
    ds: Any = None
    #: callmate's readers over Datasette's connections, one per connection (``ReadOnly``).
    readers: dict[int, ReadOnly] = field(default_factory=dict)
    writing: threading.Lock = field(default_factory=threading.Lock)

    def reader(self, conn: Any) -> ReadOnly:
        """A callmate reader over one of Datasette's connections (a search's statistics open
        siblings of it for their parts; they are kept with it)."""
        found = self.readers.get(id(conn))
        if found is None or found.conn is not conn:
            found = self.readers[id(conn)] = ReadOnly(conn, self.path, self.mode)
        return found

    async def read(self, work: Any) -> Any:
        """``work(reader)`` on one of Datasette's database threads."""
        database = self.ds.get_database(DATABASE)
        return await database.execute_fn(lambda conn: work(self.reader(conn)))

    async def write(self, work: Any) -> Any:
        """``work(db)`` on a connection that may write (``store.db.open_db``, closed after), on
        a thread of its own, one at a time; a log served read-only is a ``PermissionError``."""
        if not self.writable:
            raise PermissionError("the call log is served read-only")

        def run() -> Any:
            from callmate.store.db import open_db

            with self.writing:
                db = open_db(self.path, migrate=False)
                try:
                    return work(db)
                finally:
                    db.close()

        return await asyncio.to_thread(run)

    # -- who is signed in --------------------------------------------------------------------

    def actor(self, request: Request) -> dict[str, Any] | None:
        """The lead signed in on this request (a known lead, as the leads file says now)."""
        cookie = request.cookies.get("ds_actor")
        if not cookie:
            return None
        try:
            decoded = self.ds.unsign(cookie, "actor")
        except Exception:  # a bad or foreign signature: nobody
            return None
        actor = decoded.get("a") if isinstance(decoded, dict) else None
        lead = self.leads.get(str(actor.get("id"))) if isinstance(actor, dict) else None
        if lead is None:
            return None
        from datasette.utils import baseconv

        try:
            expires = int(baseconv.base62.decode(decoded.get("e") or ""))
        except ValueError:
            return None
        import time

        return lead.actor() if time.time() < expires else None

    def sign_in(self, response: Response, lead: Lead) -> None:
        import time

        from datasette.utils import baseconv

        expires = baseconv.base62.encode(int(time.time()) + SIGNED_IN_SECONDS)
        signed = self.ds.sign({"a": lead.actor(), "e": expires}, "actor")
        response.set_cookie("ds_actor", signed, httponly=True, samesite="lax")

    # -- Datasette's hooks -----------------------------------------------------------------------

    @hookimpl
    def register_routes(self, datasette: Any) -> Any:
        if datasette is not self.ds:
            return None
        from callmate.web.views import routes

        return routes(self)

    @hookimpl
    def actor_from_request(self, datasette: Any, request: Request) -> Any:
        if datasette is not self.ds:
            return None
        return self.actor(request)

    @hookimpl
    def asgi_wrapper(self, datasette: Any) -> Any:
        if datasette is not self.ds:
            return None
        return self.wrap

    @hookimpl(tryfirst=True)
    def handle_exception(self, datasette: Any, request: Request, exception: Exception) -> Any:
        if datasette is not self.ds:
            return None
        from callmate.web.views import error_page

        return error_page(self, request, exception)

    def wrap(self, app: Asgi) -> Asgi:
        """The door: nothing but the sign-in page without a signed-in lead; nothing but
        callmate's pages for a lead who is no administrator."""

        async def door(scope: Scope, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            request = Request(scope, receive)
            path = request.path
            if path.startswith(OPEN) and path != "/-/login.json":
                await app(scope, receive, send)
                return
            actor = self.actor(request)
            if actor is None:
                await _refuse_stranger(request, send)
                return
            if actor["admin"] or _for_leads(path):
                await app(scope, receive, send)
                return
            # Refused by a page of callmate's, inside Datasette (which gives it a CSRF token).
            refused = dict(scope, path=REFUSED, raw_path=REFUSED.encode(), query_string=b"")
            await app(refused, receive, send)

        return door


def _for_leads(path: str) -> bool:
    return path in ("/", "/.json") or any(
        path.startswith(prefix) for prefix in LEADS if prefix != "/"
    )


async def _refuse_stranger(request: Request, send: Any) -> None:
    """To the sign-in page (a page) or 401 (anything else), never the page asked for."""
    if request.method == "GET" and not request.path.endswith(".json"):
        wanted = request.full_path if request.full_path.startswith("/") else "/"
        target = "/-/login?next=" + quote(wanted, safe="")
        await Response.redirect(target).asgi_send(send)
        return
    await Response.text("sign in first", status=401).asgi_send(send)


def metadata() -> dict[str, Any]:
    """Datasette's permissions: any signed-in lead sees the instance; only an administrator
    opens the raw tables or runs SQL."""
    admin_only = {"admin": True}
    return {
        "title": "callmate",
        "allow": {"id": "*"},
        "allow_sql": admin_only,
        "databases": {DATABASE: {"allow": admin_only}},
    }


SETTINGS = {
    "default_allow_sql": False,
    "allow_download": False,
    "allow_csv_stream": False,
    "suggest_facets": False,
    "num_sql_threads": 2,
    "sql_time_limit_ms": 5000,
}


def build(path: Path, mode: str, leads: dict[str, Lead], clock: Clock | None = None) -> Datasette:
    """The Datasette that serves the call log at ``path`` (opened by callmate in ``mode``:
    ``rw``, ``ro`` or ``immutable``; Datasette reads it ``ro``, or ``immutable`` when callmate
    must) to ``leads``; evaluations are saved only to a log callmate could open ``rw``, at the
    time ``clock`` gives."""
    from datasette.plugins import pm

    served = "immutable" if mode == "immutable" else "ro"
    door = Door(leads, path, served, writable=mode == "rw", clock=clock or SystemClock())
    ds = Datasette(
        metadata=metadata(),
        settings=SETTINGS,
        template_dir=str(HERE / "templates"),
        static_mounts=[(STATIC, str(HERE / "static"))],
        secret=secrets.token_hex(32),
    )
    door.ds = ds
    ds.add_database(CallLog(ds, path, served), name=DATABASE, route=DATABASE)
    pm.register(door, name=f"callmate-web-{id(door)}")
    ds._callmate_door = door
    # Datasette made its client's application before the door was there: make it again.
    vars(ds)["client"] = DatasetteClient(ds)
    return ds


def close(ds: Datasette) -> None:
    """Unregister the instance's plugin and close its connections."""
    from datasette.plugins import pm

    door = getattr(ds, "_callmate_door", None)
    if door is not None and pm.is_registered(door):
        pm.unregister(door)
    if door is not None:
        for reader in door.readers.values():
            reader.close()  # its siblings, and Datasette's connection under it
        door.readers.clear()
    for database in ds.databases.values():
        database.close()
