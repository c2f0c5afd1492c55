"""The shared parts of the command line: the typer app, the subcommand decorator and option helpers."""

from __future__ import annotations

import sys

import typer

from ..commands import EXIT_INTERRUPTED, EXIT_OK
from ..helptext import DutchCommand, DutchGroup

EPILOG = ("Exitcodes: 0 in orde · 1 fouten in de invoer (met --strict ook waarschuwingen) · "
          "2 verkeerd gebruik · 3 interne fout · 130 afgebroken.")

app = typer.Typer(
    name="doorbraak",
    cls=DutchGroup,
    help="Doorbraakplannen volgens de Doorbraakmethode: controleren, doorrekenen en rapporteren.",
    epilog=EPILOG,
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def quiet_stdout() -> None:
    """The reader of our output has gone (``doorbraak export | head``): send what is left nowhere, quietly."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def command(name: str | None = None, hidden: bool = False, example: str | None = None):
    """A subcommand; a reader that stops reading (a broken pipe) is no error: exit 0, nothing more is written.
    Ctrl-C says "afgebroken" and exits 130."""
    import functools

    def register(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except BrokenPipeError:
                quiet_stdout()
                raise typer.Exit(EXIT_OK) from None
            except KeyboardInterrupt:
                sys.stderr.write("afgebroken\n")
                raise typer.Exit(EXIT_INTERRUPTED) from None

        epilog = "Voorbeeld:\n" + "\n".join("  " + line for line in example.strip().splitlines()) if example else None
        return app.command(name, cls=DutchCommand, hidden=hidden, epilog=epilog)(run)

    return register


def done(code: int) -> None:
    """Leave with the command's exit code (0: carry on to a normal exit)."""
    if code:
        raise typer.Exit(code)


def date_option(value, option: str):
    if value is None:
        return None
    from .. import commands

    try:
        return commands.option_date(value, option)
    except commands.OptionError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def portfolio_filters(gemeente, status, sinds):
    from .. import commands

    try:
        return commands.portfolio_filters(gemeente, status, sinds)
    except commands.OptionError as exc:
        raise typer.BadParameter(str(exc), param_hint=exc.option) from None


def complete_status(incomplete: str):
    from ..commands.complete import statuses

    return statuses(incomplete)


def complete_gemeente(ctx, incomplete: str):
    """The municipalities of the cases nearby. Bash puts what it gets into the command line as it is, so there
    each value is shell-quoted: a name with a space, ``*`` or ``$(...)`` stays one literal word. Zsh and fish
    quote for themselves."""
    import os

    from ..commands.complete import municipalities

    values = municipalities(ctx.params.get("paths") or [ctx.params.get("pad") or "."], incomplete)
    if os.environ.get("_DOORBRAAK_COMPLETE", "").endswith("bash"):
        import shlex

        return [shlex.quote(v) for v in values]
    return values
