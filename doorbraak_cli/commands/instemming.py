"""``doorbraak instemming``: the household's agreement with the plan, in its own words.

Writes (or updates) the ``instemming`` block: ``datum``, ``door`` and
``in_eigen_woorden``, the sentence the plan document puts at its top. The edit
is the one every case-editing command makes (check/edit.py): locked, read back,
checked, and a refusal changes nothing. Without ``--citaat`` the sentence is
asked on a terminal; without a terminal it is a usage error (exit 2).
"""

from __future__ import annotations

import sys
from datetime import date

from . import EXIT_USAGE, Io, finish_edit


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def run(io: Io, case_path: str, datum: str, door: str | None = None, citaat: str | None = None,
        today: date | None = None) -> int:
    from ..check import lifecycle
    from ..check.edit import Literal, Refusal, edit_case

    try:
        when = lifecycle.parse_date(datum, today=today or date.today())
    except Refusal as exc:
        io.message(f"doorbraak instemming: {exc.message}")
        return EXIT_USAGE
    if citaat is None:
        if not _interactive():
            io.message("doorbraak instemming: ontbreekt: --citaat (de zin van het huishouden zelf; zonder terminal "
                       "wordt er niet gevraagd)")
            return EXIT_USAGE
        io.err.write("Wat zegt het huishouden zelf over het plan (in eigen woorden)? ")
        io.err.flush()
        answer = sys.stdin.readline()
        if not answer:
            raise KeyboardInterrupt
        citaat = answer
    citaat = " ".join(citaat.split())
    if not citaat:
        io.message("doorbraak instemming: --citaat is leeg; schrijf de zin van het huishouden zelf")
        return EXIT_USAGE
    block = {"datum": Literal(when.isoformat())}
    if door:
        block["door"] = door.strip()
    block["in_eigen_woorden"] = citaat

    outcome = edit_case(case_path, lambda splice: splice.block("instemming", block), "instemming niet vastgelegd")
    return finish_edit(io, outcome, f"{case_path}: instemming van {when.isoformat()} vastgelegd")
