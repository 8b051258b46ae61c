"""``callmate checklists list | show NAME | validate PATH...``"""

from __future__ import annotations

import click

from callmate.cli.common import friendly_errors
from callmate.cli.language import speak
from callmate.language.i18n import N_, _, ngettext
from callmate.safe import cell_width, pad, visible


@click.group("checklists")
def checklists() -> None:
    """List, show and validate checklists."""


@checklists.command("list")
def list_() -> None:
    """Every checklist that can be picked with --checklist NAME."""
    from callmate.checklists import catalog
    from callmate.checklists.load import ChecklistError, load_file
    from callmate.language.i18n import LANGUAGES
    from callmate.paths import user_checklists_dir

    speak(click.get_current_context())
    defaults = {catalog.default_for(code): code for code in LANGUAGES}
    rows = []
    for entry in catalog.entries():
        try:
            c = load_file(entry.path, entry.source)
            note = (
                _("default for --lang {code}").format(code=defaults[entry.name])
                if entry.builtin and entry.name in defaults
                else ""
            )
            rows.append((entry.name, c.language, str(len(c.steps)), c.version, c.name, note))
        except ChecklistError as exc:
            n = len(exc.problems)
            invalid = ngettext("invalid: {n} problem", "invalid: {n} problems", n).format(n=n)
            rows.append((entry.name, "?", "?", "?", "", invalid))
    head = tuple(_(word) if word else "" for word in _HEAD)
    shown = [tuple(visible(cell) for cell in row) for row in [head, *rows]]
    widths = [max(cell_width(r[i]) for r in shown) for i in range(5)]
    for row in shown:
        cells = [pad(cell, w) for cell, w in zip(row[:5], widths, strict=True)]
        click.echo("  ".join(cells + [row[5]]).rstrip())
    click.echo("\n" + _("Your own checklists: {path}").format(path=user_checklists_dir()))


_HEAD = (N_("NAME"), N_("LANG"), N_("STEPS"), N_("VERSION"), N_("TITLE"), "")


@checklists.command("show")
@click.argument("name")
def show(name: str) -> None:
    """Print a checklist's steps, phrases and extras (NAME or path to a file)."""
    from callmate.checklists import catalog

    speak(click.get_current_context())
    with friendly_errors():
        c = catalog.resolve(name)
    click.echo(visible(_show_text(c), newlines=True))


def _show_text(c) -> str:
    """A checklist as ``checklists show`` prints it (made visible by the caller)."""
    from callmate.dates import format_duration
    from callmate.language.i18n import language
    from callmate.language.labels import step_kind_label

    lines = [f"{c.name} ({c.id} v{c.version}, {c.language})"]
    if c.description:
        lines.append(c.description)
    for number, step in enumerate(c.steps, 1):
        target = (
            format_duration(step.target_seconds, language=language())
            if step.target_seconds
            else _("no target")
        )
        kind = step_kind_label(step.kind)
        lines += [f"\n{number}. {step.title}  [{kind}, {target}]", f"   {step.goal}"]
        for label, items in (
            (_("tip"), step.tips),
            (_("avoid"), step.avoid),
            (_("say"), step.phrases),
            (_("not at fault"), step.phrases_not_at_fault),
            (_("escalate"), step.phrases_escalate),
        ):
            lines += [f"   {label}: {item}" for item in items]
    for label, items in ((_("warning"), c.warning), (_("manager"), c.manager)):
        lines += [f"\n{label}: {item}" for item in items]
    instead = _("instead of “{word}”: {instead}")
    lines += [instead.format(word=w.word, instead=w.instead) for w in c.avoid_words]
    return "\n".join(lines)


@checklists.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(paths: tuple[str, ...]) -> None:
    """Check checklist files: their format, and that their words keep their own rules (no word
    to avoid said, no hard target while the caller is to talk, placeholders only where they are
    filled). Every problem is named with file, line, step and field."""
    from callmate.checklists.load import validate_file
    from callmate.cli.common import report_problems

    speak(click.get_current_context())
    report_problems(paths, validate_file)
