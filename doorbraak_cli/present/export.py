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
from ..compute.portfolio.casesummary import CaseHead, case_head
from ..compute.portfolio.shape import Mismatch, codec
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


class ExportLine(NamedTuple):
    domein: str
    post: str
    omschrijving: str
    prijs: str  # decimal text
    eenheid: str
    cellen: tuple[tuple[str | None, str | None, bool], ...]  # per scenario (then gerealiseerd): aantal, bedrag, exact
    indicatief: bool


class ExportMeasurement(NamedTuple):
    datum: str  # ISO date
    door: str
    scores: tuple[str, ...]  # per dimension (DIMENSIONS), one decimal


class ExportCase(NamedTuple):
    """The export payload of one case (computed in a worker, kept in the index): pre-formatted cells per line."""

    head: CaseHead  # who the case is, and whether the money figures count it (the summary's own head)
    posten: tuple[ExportLine, ...]
    metingen: tuple[ExportMeasurement, ...]


def case_rows(a: Analysis) -> ExportCase:
    """The export payload of one case. A case with realised figures has a fourth cell per line (gerealiseerd)
    and its measurements."""
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
                    cells.append((None, None, True))
                    continue
                aantal, a_exact = decimal_text(line.quantity(s).value)
                bedrag, b_exact = decimal_text(r.amounts[s], 2)
                cells.append((aantal, bedrag, a_exact and b_exact and prijs_exact))
            lines.append(ExportLine(line.domein, line.post or "", line.omschrijving, prijs, line.eenheid, tuple(cells),
                                    kind == "indicatief"))
    metingen = tuple(ExportMeasurement(m.datum.isoformat(), m.door, tuple(f"{m.scores[d]:.1f}" for d in DIMENSIONS))
                     for m in case.metingen)
    return ExportCase(case_head(case), tuple(lines), metingen)


_CODEC = codec(ExportCase)


class ExportPayload:
    """What ``export`` keeps of each case (a batch ``Work``'s payload): its rows, with their JSON form."""

    shape = _CODEC.shape

    def __call__(self, analysis: Analysis) -> ExportCase:
        return case_rows(analysis)

    def to_json(self, p: ExportCase) -> str:
        return _CODEC.to_json(p)

    def from_json(self, text) -> ExportCase | None:
        """The payload read back, checked against its declared shape; None (a miss) when it is not one."""
        p = _CODEC.from_json(text)
        if p is None:
            return None
        cells = {len(line.cellen) for line in p.posten}
        if not cells <= {len(SCENARIOS), len(SCENARIOS) + 1} or any(len(m.scores) != len(DIMENSIONS)
                                                                    for m in p.metingen):
            return None
        return p

    def head(self, p: ExportCase) -> CaseHead:
        return p.head

    def summary(self, p: ExportCase):
        raise Mismatch("an export is not folded")


def rows(payload: ExportCase, indicatief: bool = False):
    """The fact rows of one case, in the order of COLUMNS (strings, and booleans for exact/indicatief)."""
    h = payload.head
    head = (h.id, h.gemeente, h.status, h.datum)
    # whether the report's money figures count this case: the one rule (compute/portfolio/base.counts_in)
    kba = counts_in(WITH_ANALYSIS, h)
    for domein, post, omschrijving, prijs, eenheid, cells, ind in payload.posten:
        if ind and not indicatief:
            continue
        for s, (aantal, bedrag, exact) in zip((*SCENARIOS, REALISED), cells):
            yield head + (domein, post, omschrijving, prijs, eenheid, s, aantal, bedrag, exact, ind, kba)


def measurement_rows(payload: ExportCase):
    """The Positieve Gezondheid rows of one case, in the order of MEASUREMENT_COLUMNS: one per measurement × dimension."""
    h = payload.head
    for number, (datum, door, scores) in enumerate(payload.metingen, 1):
        for dimension, score in zip(DIMENSIONS, scores):
            yield (h.id, h.gemeente, datum, number, door, dimension, score)
