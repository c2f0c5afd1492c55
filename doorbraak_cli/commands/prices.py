"""``doorbraak prices``: search the price lists, to find the id to write after ``post:``."""

from __future__ import annotations

import os

from ..check import pricelists
from ..present import prices as presenter
from . import EXIT_INPUT, EXIT_OK, Io


def run(io: Io, zoekterm: str | None = None, lijst=None, bij: str | None = None, fmt: str = "terminal") -> int:
    if bij is not None and not os.path.exists(bij):  # else only the shipped lists, without a word about why
        io.message(f"doorbraak prices: --bij '{bij}': het bestand bestaat niet (geef een casus; de pricelists/-map in "
                   "haar map en erboven wordt doorzocht)")
        return EXIT_INPUT
    unknown = [name for name in lijst or () if pricelists.find(name, bij) is None]
    if unknown:
        import difflib

        available = pricelists.available(bij)
        for name in unknown:
            guess = difflib.get_close_matches(name, available, n=1, cutoff=0.6)
            hint = f"bedoelde u '{guess[0]}'? " if guess else ""
            io.message(f"doorbraak prices: prijslijst '{name}' niet gevonden ({hint}beschikbaar: {', '.join(available)}"
                       + ("" if bij else "; met --bij CASUS ook de pricelists/-map van een casusrepository") + ")")
        return EXIT_INPUT
    items, problems = pricelists.all_items(bij, lijst or None)
    for p in problems:
        io.message(p.format())
    if zoekterm:
        items = [i for i in items if pricelists.matches(i, zoekterm)]
    io.write(presenter.render(items, zoekterm, fmt))
    if any(p.is_error for p in problems):
        return EXIT_INPUT
    if not items:
        io.message("geen posten gevonden" + (f" met '{zoekterm}'; probeer een korter woord" if zoekterm else ""))
        return EXIT_INPUT
    return EXIT_OK
