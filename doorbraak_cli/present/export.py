"""``doorbraak export``: a long fact table for analysis elsewhere (DuckDB, Spark, a spreadsheet).

One row per case × cost line × scenario::

    id, gemeente, status, datum, domein, post, omschrijving, prijs, eenheid,
    scenario, aantal, bedrag, exact, indicatief, kosten_batenanalyse

Amounts and quantities are decimal strings ('.' as decimal point, no
grouping) taken from calc's exact values. A value with a finite decimal
expansion is written exactly (``exact`` is true); the rare quantity that has
none (90 dagen of a price per jaar = 18/73 jaar) is written to 10 decimals,
half-up, and ``exact`` is false for that row. Summing ``bedrag`` over the rows
of a scenario over the rows with ``kosten_batenanalyse`` true (the cases the
report's money figures count: status ingediend or later, or stopped after a
plan) and rounding to the cent gives the report's totals. A realised
quantity that a line does not record is unknown: ``aantal`` and ``bedrag`` are
empty (CSV) or null (JSON Lines, Parquet), never 0.

Indicative lines are left out, as in every total, unless ``--indicatief`` asks
for them (the column ``indicatief`` then tells them apart). No row holds a
pseudonym or a person's name. Formats: CSV, JSON Lines and Parquet (with the
optional ``pyarrow``).
"""

from __future__ import annotations

from typing import NamedTuple

from ..compute.analysis import Analysis
from ..compute.portfolio.base import WITH_ANALYSIS, counts_in
from ..model.vocabulary import DIMENSIONS, REALISED, SCENARIOS
from .numbers import decimal_text

COLUMNS = ("id", "gemeente", "status", "datum", "domein", "post", "omschrijving", "prijs", "eenheid", "scenario",
           "aantal", "bedrag", "exact", "indicatief", "kosten_batenanalyse")
MEASUREMENT_COLUMNS = ("id", "gemeente", "datum", "volgnummer", "door", "dimensie", "score")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet",
              ".pq": "parquet"}


class Layout(NamedTuple):
    """A long table: its columns and, for Parquet, their types."""

    columns: tuple
    dates: frozenset = frozenset()
    decimals: frozenset = frozenset()
    booleans: frozenset = frozenset()
    integers: frozenset = frozenset()


FACTS = Layout(COLUMNS, frozenset({"datum"}), frozenset({"prijs", "aantal", "bedrag"}),
               frozenset({"exact", "indicatief", "kosten_batenanalyse"}))
MEASUREMENTS = Layout(MEASUREMENT_COLUMNS, frozenset({"datum"}), frozenset({"score"}), integers=frozenset({"volgnummer"}))


def case_rows(a: Analysis) -> dict:
    """The export payload of one case (computed in a worker and cached): pre-formatted cells per line.

    A case with realised figures has a fourth cell per line (gerealiseerd) and its measurements.
    """
    case, result = a.case, a.result
    scenarios = (*SCENARIOS, REALISED) if a.realised else SCENARIOS
    lines = []
    for kind, rows in (("geteld", result.lines), ("indicatief", result.indicative)):
        for r in rows:
            line = r.line
            prijs, prijs_exact = decimal_text(line.prijs, 2)
            cells = []
            for s in scenarios:
                if r.amounts[s] is None:  # a realised quantity nobody recorded: unknown, never 0
                    cells.append([None, None, True])
                    continue
                aantal, a_exact = decimal_text(line.quantity(s).value)
                bedrag, b_exact = decimal_text(r.amounts[s], 2)
                cells.append([aantal, bedrag, a_exact and b_exact and prijs_exact])
            lines.append([line.domein, line.post or "", line.omschrijving, prijs, line.eenheid, cells,
                          kind == "indicatief"])
    metingen = [[m.datum.isoformat(), m.door, [f"{m.scores[d]:.1f}" for d in DIMENSIONS]] for m in case.metingen]
    # whether the report's money figures count this case: the one rule (compute/portfolio/base.counts_in)
    kba = counts_in(WITH_ANALYSIS, {"kba": case.has_plan})
    return {"id": case.id, "gemeente": case.gemeente, "status": case.status,
            "datum": case.datum.isoformat() if case.datum else None, "posten": lines, "metingen": metingen,
            "kba": kba}


def rows(payload: dict, indicatief: bool = False):
    """The fact rows of one case, in the order of COLUMNS (strings, and booleans for exact/indicatief)."""
    head = (payload["id"], payload["gemeente"], payload["status"], payload["datum"])
    kba = bool(payload.get("kba"))
    for domein, post, omschrijving, prijs, eenheid, cells, ind in payload["posten"]:
        if ind and not indicatief:
            continue
        for s, (aantal, bedrag, exact) in zip((*SCENARIOS, REALISED), cells):
            yield head + (domein, post, omschrijving, prijs, eenheid, s, aantal, bedrag, exact, ind, kba)


def measurement_rows(payload: dict):
    """The Positieve Gezondheid rows of one case, in the order of MEASUREMENT_COLUMNS: one per measurement × dimension."""
    for number, (datum, door, scores) in enumerate(payload["metingen"], 1):
        for dimension, score in zip(DIMENSIONS, scores):
            yield (payload["id"], payload["gemeente"], datum, number, door, dimension, score)
