"""Dutch labels for ``--help``: the few fixed strings typer and its click core write in English.

Only imported when help is asked for (no arguments, -h or --help), so an ordinary run pays nothing. It
touches typer internals (the help option, the rich help panels and the usage
prefix); typer is pinned to a minor range in pyproject.toml, and a test checks
that no English label is left, so an upgrade that moves them is noticed.
"""

from __future__ import annotations

HELP_OPTION = "Toon deze hulp en stop."
USAGE_PREFIX = "Gebruik: "
LABELS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenten",
    "OPTIONS_PANEL_TITLE": "Opties",
    "COMMANDS_PANEL_TITLE": "Opdrachten",
    "ERRORS_PANEL_TITLE": "Fout",
    "REQUIRED_LONG_STRING": "[verplicht]",
    "DEFAULT_STRING": "[standaard: {}]",
    "ENVVAR_STRING": "[omgevingsvariabele: {}]",
    "DEPRECATED_STRING": "(verouderd) ",
    "ABORTED_TEXT": "Afgebroken.",
}
_done = False


def install(command) -> None:
    """Make the help of ``command`` and its subcommands Dutch."""
    try:
        from typer._click.decorators import help_option
    except ImportError:  # another typer layout: English labels, but help still works
        return
    _install_labels()
    for cmd in [command, *getattr(command, "commands", {}).values()]:
        if getattr(cmd, "options_metavar", None) == "[OPTIONS]":
            cmd.options_metavar = "[OPTIES]"
        if getattr(cmd, "subcommand_metavar", None):
            cmd.subcommand_metavar = "OPDRACHT [ARGUMENTEN]..."
        if getattr(cmd, "_help_option", "absent") is None and cmd.add_help_option:
            help_option(["-h", "--help"])(cmd)
            option = cmd.params.pop()
            option.help = HELP_OPTION
            cmd._help_option = option


def _install_labels() -> None:
    """The module-level labels, once per process."""
    global _done
    if _done:
        return
    _done = True
    try:
        from typer import rich_utils
        from typer._click import formatting, types
    except ImportError:
        return
    for name, text in LABELS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)
    for cls, name in (("StringParamType", "tekst"), ("IntParamType", "getal"), ("IntRange", "getal")):
        if hasattr(types, cls):
            getattr(types, cls).name = name
    highlighter = getattr(rich_utils, "OptionHighlighter", None)
    if highlighter is not None:
        highlighter.highlights = [h.replace("Usage: ", USAGE_PREFIX) for h in highlighter.highlights]
    original = formatting.HelpFormatter.write_usage

    def write_usage(self, prog, args="", prefix=None):
        return original(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage
