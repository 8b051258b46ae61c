"""``callmate serve``: the browser review on Datasette; ``callmate serve password`` and the
other commands that say who may sign in.

Needs the optional extra ``callmate[web]`` (Datasette, datasette-auth-passwords, uvicorn);
without it the command says so in one line.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from callmate.cli.common import db_option, fail, friendly_errors, say, typed_text
from callmate.cli.language import lang_option, speak
from callmate.language.i18n import N_, _
from callmate.safe import visible

DEFAULT_PORT = 8001
DEFAULT_HOST = "127.0.0.1"
#: The shortest password a lead may choose.
SHORTEST = 8
WEB_EXTRA = "the browser review needs callmate's web extra: pip install 'callmate[web]'"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _need_web() -> None:
    try:
        import datasette  # noqa: F401
        import datasette_auth_passwords  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        fail(WEB_EXTRA)


@click.group("serve", invoke_without_command=True)
@db_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on (0: any free one; the address is printed).",
)
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    callback=typed_text,
    help="Address to listen on; anything but this machine needs a lead's password set.",
)
@lang_option
@click.pass_context
def serve(ctx: click.Context, db_path: Path | None, port: int, host: str, lang: str | None):
    """Review calls in a browser: calls, one call and its scoring, statistics with charts
    (until Ctrl+C).

    Every page asks a team lead to sign in first (set a password with `callmate serve
    password NAME`). The log is only read but for the evaluations leads save; customers'
    names are hidden unless the lead may see them.
    """
    if ctx.invoked_subcommand is not None:
        return
    speak(ctx, lang)
    _need_web()
    from callmate.web import leads

    with friendly_errors():
        try:
            known = leads.load()
        except leads.LeadsError as exc:
            fail(str(exc))
        if not known:
            fail(
                "no team lead can sign in yet, so nothing is served: set a password first "
                "with `callmate serve password NAME`"
            )
        from callmate.cli.review_common import open_log

        log = open_log(db_path)
    try:
        sock = _listen(host, port)
    except OSError as exc:
        log.close()
        fail(
            _("cannot listen on {host}:{port} ({reason})").format(
                host=host, port=port, reason=exc.strerror or exc
            )
        )
    shown_host, shown_port = sock.getsockname()[:2]
    where = f"http://{_url_host(shown_host)}:{shown_port}/"
    click.echo(
        _("Serving {path} at {address} (Ctrl+C stops)").format(
            path=visible(str(log.path)), address=where
        ),
        err=True,
    )
    if not is_loopback(host):
        say(
            f"listening on {host}, not this machine only: anyone who reaches it sees the "
            "sign-in page, over plain HTTP (put a TLS proxy in front of it)"
        )
    click.echo(where)
    _run(log, sock, known)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _listen(host: str, port: int):
    import socket

    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _run(log, sock, known) -> None:
    """Serve until Ctrl+C (or SIGTERM), then close everything that was opened."""
    import uvicorn

    from callmate.web.server import build, close

    ds = build(log.path, log.mode, known)
    config = uvicorn.Config(ds.app(), log_level="warning", lifespan="on", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops on Ctrl+C, then raises it again: done
        pass
    finally:
        close(ds)
        sock.close()
        log.close()


def _ask_password() -> str:

    while True:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True, err=True)
        if len(password) >= SHORTEST:
            return str(password)
        click.echo(_("A password has at least {n} characters.").format(n=SHORTEST), err=True)


@serve.command("password")
@click.argument("name", callback=typed_text)
@click.option(
    "--names/--no-names",
    default=False,
    show_default=True,
    help="May see customers' names and references (else hidden, as export --redact does).",
)
@click.option("--admin", is_flag=True, help="May also open the raw tables and run SQL.")
@lang_option
@click.pass_context
def password(ctx: click.Context, name: str, names: bool, admin: bool, lang: str | None) -> None:
    """Set a team lead's password (asked twice, never shown) and what the lead may see."""
    speak(ctx, lang)
    _need_web()
    from callmate.web import leads

    try:
        name = leads.check_name(name)
        known = leads.load()
    except leads.LeadsError as exc:
        fail(str(exc))
    secret = _ask_password()
    known[name] = leads.Lead(name, leads.hash_password(secret), names=names, admin=admin)
    try:
        where = leads.save(known)
    except OSError as exc:
        fail(
            _("cannot save {path} ({reason})").format(
                path=leads.leads_file(), reason=exc.strerror or exc
            )
        )
    rights = ", ".join(
        _(word) for word, on in ((N_("sees names"), names), (N_("administrator"), admin)) if on
    )
    if rights:
        said = _("{name} can sign in ({rights}); saved in {path}")
    else:
        said = _("{name} can sign in; saved in {path}")
    say(said.format(name=name, rights=rights, path=where))


@serve.command("remove")
@click.argument("name", callback=typed_text)
def remove(name: str) -> None:
    """Take a team lead's sign-in away."""
    speak(click.get_current_context())
    _need_web()
    from callmate.web import leads

    try:
        known = leads.load()
    except leads.LeadsError as exc:
        fail(str(exc))
    if name.strip() not in known:
        fail(
            _("no team lead called {name} in {path}").format(
                name=repr(name.strip()), path=leads.leads_file()
            )
        )
    del known[name.strip()]
    leads.save(known)
    say(_("{name} can no longer sign in").format(name=name.strip()))


@serve.command("leads")
def list_leads() -> None:
    """Who may sign in, and what each may see."""
    from callmate.web import leads

    speak(click.get_current_context())

    try:
        known = leads.load()
    except leads.LeadsError as exc:
        fail(str(exc))
    for lead in sorted(known.values(), key=lambda lead: lead.name):
        rights = [w for w, on in (("names", lead.names), ("admin", lead.admin)) if on]
        click.echo(visible(f"{lead.name}\t{' '.join(rights) or '-'}"))
