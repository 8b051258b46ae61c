"""``callmate checklists list | show NAME | validate PATH...``"""

from __future__ import annotations

import click

from callmate.cli.common import friendly_errors
from callmate.safe import cell_width, pad, visible


@click.group("checklists")
def checklists() -> None:
    """List, show and validate checklists."""


@checklists.command("list")
def list_() -> None:
    """Every checklist that can be picked with --checklist NAME."""
    from callmate import catalog
    from callmate.checklist_load import ChecklistError, load_file
    from callmate.i18n import LANGUAGES
    from callmate.paths import user_checklists_dir

    defaults = {catalog.default_for(code): code for code in LANGUAGES}
    rows = []
    for entry in catalog.entries():
        try:
            c = load_file(entry.path, entry.source)
            note = (
                f"default for --lang {defaults[entry.name]}"
                if entry.builtin and entry.name in defaults
                else ""
            )
            rows.append((entry.name, c.language, str(len(c.steps)), c.version, c.name, note))
        except ChecklistError as exc:
            rows.append((entry.name, "?", "?", "?", "", f"invalid: {len(exc.problems)} problem(s)"))
    shown = [tuple(visible(cell) for cell in row) for row in [_HEAD, *rows]]
    widths = [max(cell_width(r[i]) for r in shown) for i in range(5)]
    for row in shown:
        cells = [pad(cell, w) for cell, w in zip(row[:5], widths, strict=True)]
        click.echo("  ".join(cells + [row[5]]).rstrip())
    click.echo(f"\nYour own checklists: {user_checklists_dir()}")


_HEAD = ("NAME", "LANG", "STEPS", "VERSION", "TITLE", "")


@checklists.command("show")
@click.argument("name")
def show(name: str) -> None:
    """Print a checklist's steps, phrases and extras (NAME or path to a file)."""
    from callmate import catalog

    with friendly_errors():
        c = catalog.resolve(name)
    click.echo(visible(_show_text(c), newlines=True))


def _show_text(c) -> str:
    """A checklist as ``checklists show`` prints it (made visible by the caller)."""
    lines = [f"{c.name} ({c.id} v{c.version}, {c.language})"]
    if c.description:
        lines.append(c.description)
    for number, step in enumerate(c.steps, 1):
        target = f"{step.target_seconds} s" if step.target_seconds else "no target"
        lines += [f"\n{number}. {step.title}  [{step.kind}, {target}]", f"   {step.goal}"]
        for label, items in (
            ("tip", step.tips),
            ("avoid", step.avoid),
            ("say", step.phrases),
            ("not at fault", step.phrases_not_at_fault),
            ("escalate", step.phrases_escalate),
        ):
            lines += [f"   {label}: {item}" for item in items]
    for label, items in (("warning", c.warning), ("manager", c.manager)):
        lines += [f"\n{label}: {item}" for item in items]
    lines += [f"instead of {word.word!r}: {word.instead}" for word in c.avoid_words]
    return "\n".join(lines)


@checklists.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(paths: tuple[str, ...]) -> None:
    """Check checklist files: their format, and that their words keep their own rules (no word
    to avoid said, no hard target while the caller is to talk, placeholders only where they are
    filled). Every problem is named with file, line, step and field."""
    from callmate.checklist_load import validate_file

    bad = 0
    for path in paths:
        problems = validate_file(path)
        for problem in problems:
            click.echo(visible(str(problem)), err=True)
        if problems:
            bad += 1
        else:
            click.echo(f"{visible(path)}: ok")
    if bad:
        raise SystemExit(1)
