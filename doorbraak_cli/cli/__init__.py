"""The ``doorbraak`` command line: options in, one command module per subcommand, an exit code out.

Each subcommand parses its options and calls ``commands.<name>.run(io, ...)``;
the command modules are imported inside the functions, so that each command
loads only what it needs (``calc`` stays close to the cost of starting the CLI).
The subcommands are declared in plan.py (one case), portfolio.py (many cases)
and repository.py (the case repository); app.py holds what they share.

Exit codes: 0 in orde; 1 fouten in de invoer (of waarschuwingen met --strict);
2 verkeerd gebruik van de opdracht; 3 interne fout; 130 afgebroken.
"""

from __future__ import annotations

import sys
from typing import Optional

import typer

from ..commands import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from ..helptext import ClickException, UsageError, usage_error_nl
from . import plan, portfolio, repository  # noqa: F401  (registers the subcommands, in this order)
from .app import app, quiet_stdout

__all__ = ["app", "main", "run"]

from . import lifecycle  # noqa: F401  (the case's life: listed after the commands on one case and many)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        sys.stdout.write(f"doorbraak {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Toon de versie."),
) -> None:
    """Doorbraakplannen volgens de Doorbraakmethode."""


def _command(args: list):
    """The click command to run. Building it converts every subcommand's options (18 subcommands: 15-30 ms, more
    than calc's own work), so when the first argument names a subcommand only that one is built: its options,
    help and messages are the same. Help without a subcommand, a misspelt one and shell completion get them all."""
    import os

    from typer.main import get_command

    if args and not args[0].startswith("-") and not any(k.endswith("_COMPLETE") for k in os.environ):
        wanted = [c for c in app.registered_commands if (c.name or c.callback.__name__.lower().replace("_", "-")) == args[0]]
        if wanted:
            import copy

            one = copy.copy(app)
            one.registered_commands = wanted
            return get_command(one)
    return get_command(app)


def main(argv: Optional[list] = None) -> int:
    """Entry point: never a traceback for the user, always a documented exit code."""
    import os

    command = _command(sys.argv[1:] if argv is None else argv)
    try:
        code = command.main(args=argv, prog_name="doorbraak", standalone_mode=False)
    except UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:  # no arguments: the help page
            sys.stdout.write(exc.ctx.get_help())
            return EXIT_USAGE
        where = exc.ctx.command_path if exc.ctx is not None else "doorbraak"
        sys.stderr.write(f"{where}: {usage_error_nl(exc.format_message())}\n")
        sys.stderr.write(f"Zie '{where} --help' voor de opties.\n")
        return EXIT_USAGE
    except ClickException as exc:
        sys.stderr.write(f"doorbraak: {exc.format_message()}\n")
        return exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("afgebroken\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        quiet_stdout()
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("DOORBRAAK_DEBUG"):
            raise
        sys.stderr.write(f"doorbraak: interne fout ({type(exc).__name__}: {exc}). Dit is een fout in doorbraak, niet in "
                         "uw bestand; meld het met de opdracht die u gaf (zet DOORBRAAK_DEBUG=1 voor details).\n")
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK


def run() -> None:  # console script
    sys.exit(main())
