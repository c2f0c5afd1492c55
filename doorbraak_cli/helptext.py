"""Dutch help pages and usage errors for the command line, built from the public click/typer objects.

typer writes its own labels in English ("Usage:", "Options", "Show this
message and exit."). Instead of changing typer's internals, the commands use
:class:`DutchGroup` and :class:`DutchCommand` (subclasses of typer's public
``typer.core`` classes) whose help is formatted here, in Dutch, from each
command's parameters: their options, metavars, help texts and defaults.
"""

from __future__ import annotations

import re
import shutil
import textwrap

import typer
import typer.core

HELP_OPTION = "Toon deze hulp en stop."
# typer's completion options carry English help; the help page shows these instead
DUTCH_HELP = {
    "install_completion": "Installeer het aanvullen met Tab voor deze shell (bash, zsh, fish of PowerShell).",
    "show_completion": "Toon het aanvulscript voor deze shell, om het zelf te installeren.",
}
PROG = "doorbraak"


def _width() -> int:
    return max(50, min(shutil.get_terminal_size((100, 24)).columns, 100))


def _choices(param) -> list[str] | None:
    choices = getattr(param.type, "choices", None)
    return [str(getattr(c, "value", c)) for c in choices] if choices else None


def _metavar(param) -> str:
    if getattr(param, "is_flag", False) and not getattr(param, "metavar", None):
        return ""
    choices = _choices(param)
    if choices:
        return "[" + "|".join(choices) + "]"
    if getattr(param, "metavar", None):
        return param.metavar
    name = getattr(param.type, "name", "")
    return {"integer": "GETAL", "integer range": "GETAL", "text": "TEKST"}.get(name, "TEKST")


def _argument_name(param) -> str:
    return getattr(param, "metavar", None) or (param.name or "").upper()


def _wrap(text: str, width: int, indent: int) -> list[str]:
    out = []
    for paragraph in text.split("\n\n"):
        out.extend(textwrap.wrap(" ".join(paragraph.split()), width - indent) or [""])
        out.append("")
    return out[:-1]


def _rows(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns: a term and its explanation, the explanation wrapped beside it (or below a long term)."""
    term_w = min(max((len(t) for t, _ in rows), default=0), 30)
    lines = []
    for term, text in rows:
        wrapped = textwrap.wrap(" ".join(text.split()), max(20, width - term_w - 6)) or [""]
        if len(term) > term_w:
            lines.append(f"  {term}")
            lines.extend(f"  {'':<{term_w}}  {w}" for w in wrapped)
        else:
            lines.append(f"  {term:<{term_w}}  {wrapped[0]}")
            lines.extend(f"  {'':<{term_w}}  {w}" for w in wrapped[1:])
    return lines


def _option_rows(command) -> list[tuple[str, str]]:
    rows = []
    for p in command.params:
        if getattr(p, "hidden", False) or p.param_type_name != "option":
            continue
        names = ", ".join(sorted(p.opts, key=len) + list(p.secondary_opts))
        meta = _metavar(p)
        help_text = DUTCH_HELP.get(p.name, p.help or "")
        default = p.default
        if default not in (None, False, (), []) and not getattr(p, "is_flag", False) and not callable(default):
            help_text += f" [standaard: {getattr(default, 'value', default)}]"
        rows.append((f"{names} {meta}".rstrip(), help_text))
    rows.append(("-h, --help", HELP_OPTION))
    return rows


def format_help(command, path: str) -> str:
    """The Dutch help page of a command (or of the whole tool)."""
    width = _width()
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    usage = f"Gebruik: {path} [OPTIES]"
    if isinstance(command, typer.core.TyperGroup):
        usage += " OPDRACHT [ARGUMENTEN]..."
    usage += "".join(f" {_argument_name(a)}" for a in arguments)
    lines = [usage, ""]
    if command.help:
        lines += _wrap(command.help, width, 0) + [""]
    if arguments:
        lines.append("Argumenten:")
        lines += _rows([(_argument_name(a), (getattr(a, "help", "") or "") + (" [verplicht]" if a.required else ""))
                        for a in arguments], width)
        lines.append("")
    lines.append("Opties:")
    lines += _rows(_option_rows(command), width)
    commands = getattr(command, "commands", None)
    if commands:
        lines += ["", "Opdrachten:"]
        lines += _rows([(name, (c.help or "").split("\n\n")[0]) for name, c in commands.items() if not c.hidden], width)
    if command.epilog:  # a one-line epilog is wrapped; one of several lines (examples) is shown as written
        lines += [""] + (command.epilog.splitlines() if "\n" in command.epilog else _wrap(command.epilog, width, 0))
    return "\n".join(lines).rstrip() + "\n"


class DutchCommand(typer.core.TyperCommand):
    def get_help(self, ctx) -> str:
        return format_help(self, ctx.command_path)


class DutchGroup(typer.core.TyperGroup):
    def get_help(self, ctx) -> str:
        return format_help(self, ctx.command_path)


_USAGE_MESSAGES = (
    (r"Missing argument '(?P<a>[^']+)'", "het argument {a} ontbreekt"),
    (r"Missing option '(?P<a>[^']+)'", "de optie {a} ontbreekt"),
    (r"No such option: (?P<a>\S+?)(?: \(Possible options: (?P<c>[^)]+)\)| Did you mean (?P<c2>\S+?)\?)?$",
     "onbekende optie {a}"),
    (r"No such command '(?P<a>[^']+)'\.(?: Did you mean '(?P<c>[^']+)'\?)?", "onbekende opdracht '{a}'"),
    (r"Invalid value for (?P<a>.+?): '(?P<v>.*)' is not one of (?P<b>.+)\.$", "ongeldige waarde voor {a}: '{v}'"),
    (r"Invalid value for (?P<a>.+?): (?P<v>.+)$", "ongeldige waarde voor {a}: {v}"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.+)\)", "onverwacht extra argument: {a}"),
    (r"Option '(?P<a>[^']+)' requires an argument", "de optie {a} heeft een waarde nodig"),
    (r"Option '(?P<a>[^']+)' does not take a value", "de optie {a} neemt geen waarde"),
)


_NUM = r"-?\d+(?:\.\d+)?"
_BOUND = rf"(?P<lo>{_NUM})(?P<lop><=?)x(?P<hip><=?)(?P<hi>{_NUM})|x(?P<op>[<>]=?)(?P<n>{_NUM})"
_VALUE_MESSAGES = (
    (r"^(?P<v>.+?) is not in the range (?:" + _BOUND + r")\.?$", None),
    (r"^'?(?P<v>.*?)'? is not a valid int(eger)?( range)?\.?$", "'{v}' is geen geheel getal; geef een getal zoals 4"),
    (r"^'?(?P<v>.*?)'? is not a valid float( range)?\.?$", "'{v}' is geen getal; geef een getal zoals 1,5 of 2"),
    (r"^'?(?P<v>.*?)'? is not a valid boolean\.?$", "'{v}' is geen ja of nee; geef true of false"),
)
_OPS = {">=": "minstens", ">": "meer dan", "<=": "hoogstens", "<": "minder dan"}


def _value_nl(text: str) -> str:
    """Click's reason why a value is wrong, in Dutch and saying what to give (never its ``0<=x<=65535``)."""
    for pattern, dutch in _VALUE_MESSAGES:
        m = re.match(pattern, text.strip())
        if not m:
            continue
        if dutch is not None:
            return dutch.format(v=m.group("v"))
        v = m.group("v")
        if m.group("op"):
            return f"{v} kan niet; geef een getal van {_OPS[m.group('op')]} {m.group('n')}"
        lo = m.group("lo") + ("" if m.group("lop") == "<=" else " (niet meegerekend)")
        hi = m.group("hi") + ("" if m.group("hip") == "<=" else " (niet meegerekend)")
        return f"{v} kan niet; geef een getal van {lo} tot en met {hi}"
    return text


def usage_error_nl(message: str) -> str:
    """Click's usage errors, in Dutch, with its suggestion kept."""
    for pattern, dutch in _USAGE_MESSAGES:
        m = re.search(pattern, message)
        if m:
            parts = {k: (v or "") for k, v in m.groupdict().items()}
            if "v" in parts and "b" not in parts:
                parts["v"] = _value_nl(parts["v"])
            text = dutch.format(**parts)
            suggestion = parts.get("c") or parts.get("c2")
            if suggestion:
                text += f" (bedoelde u {suggestion}?)"
            elif parts.get("b"):
                text += f" (kies uit: {parts['b'].replace(chr(39), '')})"
            return text
    return f"verkeerd gebruik: {message}"


def _ancestor(cls, name: str):
    """A class of click's exception hierarchy, found from typer's public BadParameter (no private import)."""
    return next(c for c in cls.__mro__ if c.__name__ == name)


UsageError = _ancestor(typer.BadParameter, "UsageError")
ClickException = _ancestor(typer.BadParameter, "ClickException")
