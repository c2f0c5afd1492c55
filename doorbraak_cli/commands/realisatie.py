"""``doorbraak realisatie``: record the realisation: its date, outcome and what each post really took.

Writes (or updates) the ``realisatie`` block and, per ``--post NR=AANTAL``, the
post's ``gerealiseerd`` quantity. ``NR`` is the post's number as ``calc`` shows it
(its place in ``rendement.posten``, from 1) or its exact omschrijving; AANTAL is
a quantity in the case's own notation (``6 maanden``). Without ``--post`` on a
terminal it asks per post, offering the planned quantity; off a terminal the
realised quantities stay unrecorded (unknown, never 0).

Realising a plan is a step in its life too: ``status: gerealiseerd`` and a
``reis`` event ``gerealiseerd`` on the date (a case already gerealiseerd or
afgesloten keeps its status; a plan that was not approved is not realised unless
``--force``). The edit is check/edit.py's: locked, only the
additions and changed values in the diff, read back and checked, and a refusal
changes nothing.
"""

from __future__ import annotations

import re
import sys
from datetime import date

from . import EXIT_USAGE, Io, finish_edit

POSTEN = ("waardendriehoek", "rendement", "posten")
DONE = ("gerealiseerd", "afgesloten")


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _quantity(text: str):
    """How AANTAL is written: a whole number as a number, anything else as text ('6 maanden', '1,5')."""
    from ..check.edit import Literal

    t = " ".join(text.split())
    return Literal(t) if re.fullmatch(r"[0-9]{1,15}", t) else t


def _which(key: str, lines) -> int:
    """The index of the post meant by ``key``: its number (from 1) or its exact omschrijving."""
    from ..check.edit import Refusal

    k = key.strip()
    if re.fullmatch(r"[0-9]+", k):
        n = int(k)
        if 1 <= n <= len(lines):
            return n - 1
        raise Refusal(f"--post {k}: er is geen post {n}; de casus heeft posten 1 tot en met {len(lines)} "
                      "(zie 'doorbraak calc')", usage=True)
    exact = [i for i, line in enumerate(lines) if line.omschrijving == k]
    if not exact:
        exact = [i for i, line in enumerate(lines) if line.omschrijving.casefold() == k.casefold()]
    if len(exact) == 1:
        return exact[0]
    names = "; ".join(f"{i + 1}. {line.omschrijving}" for i, line in enumerate(lines))
    if exact:
        raise Refusal(f"--post '{k}': meer posten heten zo; gebruik het nummer ({names})", usage=True)
    raise Refusal(f"--post '{k}': geen post met die omschrijving; kies een nummer of omschrijving: {names}", usage=True)


def _pairs(posts: list[str]) -> list[tuple[str, str]]:
    from ..check.edit import Refusal

    out = []
    for p in posts:
        key, sep, amount = p.rpartition("=")
        if not sep or not key.strip() or not amount.strip():
            raise Refusal(f"--post '{p}' kan niet; schrijf NR=AANTAL, bijvoorbeeld --post 1=120 of "
                          "--post \"Mutatie van een woning=1\"", usage=True)
        out.append((key, amount))
    return out


def _ask(io: Io, case_path: str) -> list[tuple[str, str]] | None:
    """On a terminal: per post the realised quantity, the planned one offered (Enter takes it, '-' skips)."""
    from ..check.case import check_file

    checked = check_file(case_path)
    if checked.case is None or checked.errors:
        return None  # the edit reports the errors
    out = []
    io.err.write("Gerealiseerd aantal per post (Enter neemt het geplande aantal over, '-' slaat over):\n")
    from ..check.quantity import QuantityError, parse_quantity

    for i, line in enumerate(checked.case.rendement.posten, 1):
        planned = line.doorbraak.text or ""
        while True:  # until the answer fits the post's unit (or the post is skipped)
            io.err.write(f"  {i}. {line.omschrijving} ({line.eenheid or 'aantal'})"
                         f"{f' [{planned}]' if planned else ''}: ")
            io.err.flush()
            answer = sys.stdin.readline()
            if not answer:
                raise KeyboardInterrupt
            answer = answer.strip() or planned
            if not answer or answer == "-":
                break
            try:
                parse_quantity(answer, line.eenheid or None)
            except QuantityError as exc:
                io.err.write(f"    {exc.message}{f' ({exc.hint})' if exc.hint else ''}\n")
                continue
            out.append((str(i), answer))
            break
    return out


def run(io: Io, case_path: str, datum: str, uitkomst: str | None = None, posts: list[str] = (),
        force: bool = False, today: date | None = None) -> int:
    from ..check import lifecycle
    from ..check.edit import Literal, Refusal, edit_case
    from ..model.vocabulary import OUTCOMES

    try:
        when = lifecycle.parse_date(datum, today=today or date.today())
        if uitkomst is not None:
            uitkomst = " ".join(uitkomst.replace("-", " ").split()).lower()
            if uitkomst not in OUTCOMES:
                raise Refusal(f"--uitkomst '{uitkomst}' kan niet; kies uit: {', '.join(OUTCOMES)}", usage=True)
        pairs = _pairs(list(posts))
    except Refusal as exc:
        io.message(f"doorbraak realisatie: {exc.message}")
        return EXIT_USAGE
    if not pairs and _interactive():
        pairs = _ask(io, case_path) or []

    def change(splice):
        lines = splice.case.rendement.posten if splice.case is not None else ()
        chosen = {}
        for key, amount in pairs:
            i = _which(key, lines)
            if i in chosen:
                raise Refusal(f"--post {key}: post {i + 1} staat er twee keer in", usage=True)
            chosen[i] = _quantity(amount)
        current = splice.data.get("status")
        if current not in DONE:
            lifecycle.check_step(splice.data, "gerealiseerd", when, force)
        block = {"datum": Literal(when.isoformat())}
        if uitkomst:
            block["uitkomst"] = uitkomst
        splice.block("realisatie", block)
        for i, amount in sorted(chosen.items()):
            splice.set(POSTEN + (i,), "gerealiseerd", amount)
        if current not in DONE:
            lifecycle.record(splice, "gerealiseerd", when, status="gerealiseerd")

    outcome = edit_case(case_path, change, "realisatie niet vastgelegd")
    return finish_edit(io, outcome, f"{case_path}: realisatie van {when.isoformat()} vastgelegd"
               + (", 1 gerealiseerd aantal" if len(pairs) == 1 else
                  f", {len(pairs)} gerealiseerde aantallen" if pairs else ", zonder gerealiseerde aantallen"))
