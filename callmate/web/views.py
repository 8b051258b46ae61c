"""callmate's pages as Datasette routes: calls, one call, scoring a call, statistics, signing in
and out.

Each page reads on one of Datasette's database threads (``Database.execute_fn``) through the
functions of ``web.reading`` (callmate's own queries), shapes what it read for people
(``web.shaping``) and renders a template of ``web/templates`` with Datasette. A person's mistake
(a bad date, an unknown call) is a page that says so; anything else is a page that says
something went wrong, the details in the server's log: never a stack trace.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any, Protocol
from urllib.parse import quote

from datasette.utils.asgi import Request, Response

from callmate.clock import Clock
from callmate.dates import DateError, to_iso
from callmate.language.i18n import language
from callmate.review.filters import FilterError
from callmate.store.errors import StoreError
from callmate.web import leads as lead_file, reading, scoring, shaping
from callmate.web.words import words


class Door(Protocol):
    """What the pages need of the served log's door (``web.server.Door`` is it): the
    Datasette it serves, the leads, who is signed in, and reads on its database threads."""

    ds: Any
    leads: dict[str, lead_file.Lead]
    writable: bool
    clock: Clock

    def actor(self, request: Request) -> dict[str, Any] | None: ...

    def sign_in(self, response: Response, lead: lead_file.Lead) -> None: ...

    async def read(self, work: Any) -> Any: ...

    async def write(self, work: Any) -> Any: ...


log = logging.getLogger("callmate.web")
PEOPLES_ERRORS = (DateError, FilterError)


def routes(door: Door) -> list[tuple[str, Any]]:
    """The pages, as Datasette's ``register_routes`` wants them."""

    async def calls(request: Request) -> Response:
        return await calls_page(door, request)

    async def call(request: Request) -> Response:
        return await call_page(door, request)

    async def score(request: Request) -> Response:
        return await score_page(door, request)

    async def stats(request: Request) -> Response:
        return await stats_page(door, request)

    async def login(request: Request) -> Response:
        return await login_page(door, request)

    async def refused_page(request: Request) -> Response:
        return await refused(door, request)

    async def sign_out(request: Request) -> Response:
        response = Response.redirect("/-/login")
        response.set_cookie("ds_actor", "", expires=0, max_age=0)
        return response

    return [
        (r"^/$", calls),
        (r"^/-/call/(?P<call_id>[^/]+?)(?P<json>\.json)?$", call),
        (r"^/-/call/(?P<call_id>[^/]+)/score$", score),
        (r"^/-/stats(?P<json>\.json)?$", stats),
        (r"^/-/login$", login),
        (r"^/-/sign-out$", sign_out),
        (r"^/-/refused$", refused_page),
    ]


def _context(door: Door, request: Request, **more: Any) -> dict[str, Any]:
    actor = door.actor(request) or {}
    return {
        "w": words(),
        "lang": language(),
        "lead": actor.get("id"),
        "names_hidden": bool(actor) and not actor.get("names"),
        "admin": bool(actor.get("admin")),
        "database": None,
        **more,
    }


async def _render(
    door: Door, request: Request, template: str, status: int = 200, **context: Any
) -> Response:
    html = await door.ds.render_template(
        template, _context(door, request, **context), request=request
    )
    return Response.html(html, status=status, headers=_HEADERS)


#: No script may run but none, nothing may load from another host, no page in another's frame.
_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'none'; style-src 'self'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def _names(door: Door, request: Request) -> bool:
    actor = door.actor(request) or {}
    return bool(actor.get("names"))


def _lead(door: Door, request: Request) -> str:
    return str((door.actor(request) or {}).get("id"))


def _as_typed(request: Request) -> dict[str, Any]:
    """A page's filter fields as they were typed, for a page that could not read them."""
    typed = {name: (request.args.get(name) or "") for name in reading.TYPED}
    return {"asked": None, "typed": typed, "hidden": {}}


async def calls_page(door: Door, request: Request) -> Response:
    try:
        wanted = reading.asked(request.args)
        names = _names(door, request)
        found = await door.read(lambda db: shaping.calls(db, wanted, names))
    except PEOPLES_ERRORS as exc:
        return await _render(
            door, request, "callmate_calls.html", 400, problem=str(exc), **_as_typed(request)
        )
    return await _render(door, request, "callmate_calls.html", **found)


async def call_page(door: Door, request: Request) -> Response:
    typed = request.url_vars["call_id"]
    names = _names(door, request)
    try:
        record = await door.read(lambda db: reading.call(db, typed, names))
    except StoreError as exc:  # no such call, or more than one starts so
        return await _render(door, request, "callmate_error.html", 404, problem=str(exc))
    if request.url_vars.get("json"):
        from callmate.report import jsontext

        return Response(jsontext.dumps(record), content_type="application/json; charset=utf-8")
    return await _render(
        door,
        request,
        "callmate_call.html",
        writable=door.writable,
        saved=request.args.get("saved") == "1",
        scored=any(e.get("lead") == _lead(door, request) for e in record.get("evaluations") or []),
        **shaping.call(record),
    )


async def score_page(door: Door, request: Request) -> Response:
    """The evaluation form of one call (GET), and saving it (POST): back to the call's page,
    which says it was saved; a choice the form does not take is this page again, saying so."""
    typed = request.url_vars["call_id"]
    names = _names(door, request)
    try:
        record = await door.read(lambda db: reading.call(db, typed, True))
    except StoreError as exc:
        return await _render(door, request, "callmate_error.html", 404, problem=str(exc))
    lead = _lead(door, request)
    scored = scoring.start(record, lead, reading.shown(record, names))
    problem, status = None, 200
    if not door.writable:
        problem, status = words()["read_only_log"], 200 if request.method == "GET" else 403
    elif request.method == "POST":
        try:
            scoring.take(scored, await request.post_vars())
        except scoring.ScoreError as exc:
            problem, status = str(exc), 400
        else:
            made = scoring.row(scored, lead, to_iso(door.clock.now()))
            from callmate.store import evaluations

            try:
                await door.write(lambda db: evaluations.save(db, made))
            except (sqlite3.Error, StoreError) as exc:  # busy, full, gone: the form stays
                log.error("could not save an evaluation of %s: %s", scored.call_id, exc)
                problem, status = words()["save_failed"], 503
            else:
                return Response.redirect(f"/-/call/{quote(scored.call_id)}?saved=1")
    return await _render(
        door,
        request,
        "callmate_score.html",
        status,
        problem=problem,
        writable=door.writable,
        facts=shaping.call_facts(reading.shown(record, names)),
        **scoring.page(scored),
    )


async def stats_page(door: Door, request: Request) -> Response:
    try:
        wanted = reading.asked(request.args)
        found = await door.read(lambda db: shaping.statistics(db, wanted))
    except PEOPLES_ERRORS as exc:
        if request.url_vars.get("json"):
            return Response.json({"ok": False, "error": str(exc)}, status=400)
        return await _render(
            door, request, "callmate_stats.html", 400, problem=str(exc), **_as_typed(request)
        )
    if request.url_vars.get("json"):
        from callmate.report import jsontext

        return Response(
            jsontext.dumps(found["json"]), content_type="application/json; charset=utf-8"
        )
    return await _render(door, request, "callmate_stats.html", **found)


async def login_page(door: Door, request: Request) -> Response:
    wanted = request.args.get("next") or "/"
    if not wanted.startswith("/") or wanted.startswith("//"):
        wanted = "/"  # only ever back to a page of this server
    problem = None
    if request.method == "POST":
        form = await request.post_vars()
        wanted = form.get("next") or "/"
        if not wanted.startswith("/") or wanted.startswith("//"):
            wanted = "/"
        lead = door.leads.get((form.get("name") or "").strip())
        if lead_file.check_password(lead, form.get("password") or ""):
            assert lead is not None
            response = Response.redirect(wanted)
            door.sign_in(response, lead)
            return response
        problem = words()["wrong_password"]
    return await _render(
        door,
        request,
        "callmate_login.html",
        401 if problem else 200,
        problem=problem,
        next=wanted,
    )


async def refused(door: Door, request: Request) -> Response:
    """A lead who is no administrator, at an address of Datasette's own."""
    return await _render(door, request, "callmate_error.html", 403, problem=words()["refused"])


def error_page(door: Door, request: Request, exception: Exception) -> Any:
    """Datasette's ``handle_exception``: a page in callmate's words, never a stack trace."""

    async def page() -> Response:
        from datasette.utils.asgi import Base400
        from datasette.views.base import DatasetteError

        if isinstance(exception, Base400):
            status = exception.status
            problem = words()["not_found"] if status == 404 else str(exception.args[0])
        elif isinstance(exception, DatasetteError) and exception.status < 500:
            status, problem = exception.status, str(exception.message)  # an admin's SQL
        else:
            status = 500
            problem = words()["error"]
            if not isinstance(exception, sqlite3.Error | StoreError):
                log.error("error on %s", request.path, exc_info=exception)
            else:
                log.error("database error on %s: %s", request.path, exception)
        if request.path.endswith(".json"):
            return Response.json({"ok": False, "error": problem}, status=status)
        return await _render(door, request, "callmate_error.html", status, problem=problem)

    return page
