"""One module per subcommand, each with one contract: ``run(io, ...) -> exit code``.

A command reads its input, runs the checks and computations, picks a
presenter, and writes through :class:`Io` (stdout for results, stderr for
messages). It returns one of the documented exit codes; it never calls
``sys.exit`` and never prints a traceback (the CLI catches what escapes).
"""

from __future__ import annotations

import sys
from typing import NamedTuple

EXIT_OK = 0  # in orde
EXIT_INPUT = 1  # the input has errors (or warnings with --strict), a file is missing, or an output exists
EXIT_USAGE = 2  # wrong use of the command
EXIT_INTERNAL = 3  # an internal error in doorbraak
EXIT_INTERRUPTED = 130  # Ctrl-C


class Answer(NamedTuple):
    """A command's whole output, when it is computed before it is written (and so can be cached)."""

    out: str
    err: str
    code: int


def finish_edit(io, outcome, done: str) -> int:
    """Show a case edit's messages and say what it did: the exit code of a lifecycle command."""
    for line in outcome.messages:
        io.message(line)
    if not outcome.written:
        return EXIT_USAGE if outcome.usage else EXIT_INPUT
    io.message(done)
    return EXIT_OK


def edit_day(io, command: str, datum: str | None, today):
    """The day a lifecycle edit records: ``--datum`` (strict ISO), else ``today``; None after saying why (the
    command then exits with EXIT_USAGE)."""
    from ..check import lifecycle
    from ..check.edit import Refusal

    try:
        return lifecycle.parse_date(datum, today=today) if datum else today
    except Refusal as exc:
        io.message(f"doorbraak {command}: {exc.message}")
        return None


class Io:
    """Where a command writes: ``out`` (results) and ``err`` (messages); both text, ``out`` also takes bytes."""

    def __init__(self, out=None, err=None):
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr

    def write(self, text: str) -> None:
        self.out.write(text)

    def message(self, text: str) -> None:
        """A message on stderr (a newline is added when missing); a case's control characters are shown escaped.
        A message is one line: should it hold a line break (a file name with one), what follows is indented, so
        no text can pass for a message of its own (``file:line: fout…``)."""
        from ..present.safe import printable

        text = printable(text)
        body = text[:-1] if text.endswith("\n") else text
        self.err.write(body.replace("\n", "\n  ") + "\n")

    def messages(self, text: str) -> None:
        """Lines already ending in newlines (or nothing) on stderr, each one message, made safe for a terminal."""
        for line in text.splitlines():
            self.message(line)

    def write_bytes(self, data: bytes) -> None:
        """Binary output (a PDF to stdout)."""
        self.out.flush()
        buffer = getattr(self.out, "buffer", None)
        if buffer is None:
            raise OSError("de uitvoer neemt geen binaire gegevens aan")
        buffer.write(data)
        buffer.flush()


def cache_allowed(io: Io, use_cache: bool) -> bool:
    """Whether this run may use the cache: asked for, switched on, and a folder of the user's own (else one warning)."""
    from ..source import cache

    if not (use_cache and cache.enabled()):
        return False
    reason = cache.unusable()
    if reason:
        io.message(f"let op: {reason}")
        return False
    return True


def output_is_input(output: str, paths) -> bool:
    """Whether an output file would land on one of the input cases (or price lists): never written, even with --force."""
    import os

    from ..source.discover import find_files

    try:
        target = os.stat(output)
    except OSError:
        return False  # not there yet: it cannot be an input
    files, _ = find_files(paths)
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


def output_not_regular(io: Io, output) -> int | None:
    """EXIT_INPUT after a message when ``-o`` names something that is there and is no regular file (a device, a
    FIFO, a socket, a folder): ``-o`` only ever replaces a regular file, even with --force (``-o -`` is stdout)."""
    import os
    import stat

    try:
        st = os.stat(output)
    except OSError:
        return None
    if stat.S_ISREG(st.st_mode):
        return None
    what = "een map" if stat.S_ISDIR(st.st_mode) else "geen gewoon bestand (maar een apparaat, pipe of socket)"
    io.message(f"{output}: is {what}; -o schrijft alleen een gewoon bestand, ook met --force (kies een "
               "bestandsnaam, of -o - voor het scherm)")
    return EXIT_INPUT


def refuse_input_as_output(io: Io, output: str) -> int:
    io.message(f"{output}: dat is een van de casussen die worden gelezen; kies met -o een ander bestand "
               "(ook --force overschrijft een casus niet)")
    return EXIT_INPUT


class OptionError(ValueError):
    """An option's value is wrong; the CLI reports it as a usage error (exit 2)."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


def option_date(text: str, option: str):
    """The date of a date option, written JJJJ-MM-DD and nothing else (OptionError otherwise). Python also reads
    '20260101' and '2026-W01-4' as dates; a filter that compares its text with a case's date would then count
    nothing without a word."""
    import re
    from datetime import date

    from ..check.fields import FIRST_YEAR, LAST_YEAR

    try:
        day = date.fromisoformat(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else None
    except ValueError:
        day = None
    if day is None:
        raise OptionError(option, f"'{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-01-01")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # as a case's own dates: beyond them a typing error (0206 for 2026)
        raise OptionError(option, f"{text} ligt buiten de jaren {FIRST_YEAR}–{LAST_YEAR}; controleer het jaartal")
    return day


def portfolio_filters(gemeente=(), status=(), sinds: str | None = None):
    """The --gemeente/--status/--sinds filters of report and export, checked (OptionError when wrong)."""
    from ..compute.portfolio.summary import Filters
    from ..model.vocabulary import STATUSES

    for s in status or ():
        if s.lower() not in STATUSES:
            raise OptionError("--status", f"onbekende status '{s}'; kies uit: {', '.join(STATUSES)}")
    for g in gemeente or ():
        if not g.strip():  # it would count no case at all
            raise OptionError("--gemeente", "is leeg; geef de naam van een gemeente, bijvoorbeeld --gemeente Tilburg")
    if sinds is not None:
        option_date(sinds, "--sinds")
    return Filters(gemeente or (), status or (), sinds)
