"""``calc --format csv``: one row per line, then the totals and comparisons.

Machine-friendly: '.' as decimal point, no grouping, amounts to the cent.
The column ``soort`` says what a row is: post, indicatief, totaal, rendement.
"""

from __future__ import annotations

import csv
import io

from ...compute.analysis import Analysis
from ...model.vocabulary import COMPARISONS, REALISED, SCENARIOS
from ..numbers import amount_json, quantity_plain
from ..safe import csv_row

HEADER = ["id", "soort", "post", "omschrijving", "prijs", "eenheid", "domein"] + [
    f"{s}_{k}" for s in (*SCENARIOS, REALISED) for k in ("aantal", "bedrag")]


def _amount(value) -> str:
    """An amount; an unknown one (a realised cost that is not complete) is an empty cell, never 0."""
    return "" if value is None else amount_json(value)


def _cells(line, scenario: str, amount) -> tuple:
    if amount is None:
        return ("", "")
    return (quantity_plain(line.quantity(scenario).value), amount_json(amount))


def rows(a: Analysis):
    result = a.result
    cid = a.case.id
    e = a.evaluation if a.realised else None
    # the realised columns stay empty for a plan that has not been evaluated
    shown = (*SCENARIOS, REALISED) if e else SCENARIOS
    for kind, source in (("post", result.lines), ("indicatief", result.indicative)):
        for r in source:
            line = r.line
            yield [cid, kind, line.post or "", line.omschrijving, amount_json(line.prijs), line.eenheid, line.domein] + [
                x for s in shown for x in _cells(line, s, r.amounts[s])] + ([] if e else ["", ""])
    realised = ["", _amount(e.totalen[REALISED])] if e else ["", ""]
    yield [cid, "totaal", "", "Totaal", "", "", ""] + [x for s in SCENARIOS for x in ("", amount_json(result.totals[s]))] \
        + realised
    for c in COMPARISONS:
        label = "Rendement t.o.v. huidige situatie" if c == "huidig" else "Rendement t.o.v. dreigend scenario"
        yield [cid, "rendement", "", label, "", "", ""] + [""] * 4 + ["", amount_json(result.rendement[c])] \
            + (["", _amount(e.rendement[c])] if e else ["", ""])


def render(a: Analysis, **_options) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(csv_row(r) for r in rows(a))
    return buf.getvalue()
