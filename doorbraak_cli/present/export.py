"""``doorbraak export``: a long fact table for analysis elsewhere (DuckDB, Spark, a spreadsheet).

One row per case × cost line × scenario::

    id, gemeente, status, datum, domein, post, omschrijving, prijs, eenheid,
    scenario, aantal, bedrag, exact, indicatief

Amounts and quantities are decimal strings ('.' as decimal point, no
grouping) taken from calc's exact values. A value with a finite decimal
expansion is written exactly (``exact`` is true); the rare quantity that has
none (90 dagen of a price per jaar = 18/73 jaar) is written to 10 decimals,
half-up, and ``exact`` is false for that row. Summing ``bedrag`` over the rows
of a scenario and rounding to the cent gives the report's totals.

Indicative lines are left out, as in every total, unless ``--indicatief`` asks
for them (the column ``indicatief`` then tells them apart). No row holds a
pseudonym or a person's name. Formats: CSV, JSON Lines and Parquet (with the
optional ``pyarrow``).
"""

from __future__ import annotations

from decimal import Decimal

from ..compute.analysis import Analysis
from ..model.vocabulary import SCENARIOS
from .numbers import EXACT_PLACES as PLACES
from .numbers import decimal_text
from .safe import csv_row, json_dumps

COLUMNS = ("id", "gemeente", "status", "datum", "domein", "post", "omschrijving", "prijs", "eenheid", "scenario",
           "aantal", "bedrag", "exact", "indicatief")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet",
              ".pq": "parquet"}


def case_rows(a: Analysis) -> dict:
    """The export payload of one case (computed in a worker and cached): pre-formatted cells per line."""
    case, result = a.case, a.result
    lines = []
    for kind, rows in (("geteld", result.lines), ("indicatief", result.indicative)):
        for r in rows:
            line = r.line
            prijs, prijs_exact = decimal_text(line.prijs, 2)
            cells = []
            for s in SCENARIOS:
                aantal, a_exact = decimal_text(line.quantity(s).value)
                bedrag, b_exact = decimal_text(r.amounts[s], 2)
                cells.append([aantal, bedrag, a_exact and b_exact and prijs_exact])
            lines.append([line.domein, line.post or "", line.omschrijving, prijs, line.eenheid, cells,
                          kind == "indicatief"])
    return {"id": case.id, "gemeente": case.gemeente, "status": case.status,
            "datum": case.datum.isoformat() if case.datum else None, "posten": lines}


def rows(payload: dict, indicatief: bool = False):
    """The fact rows of one case, in the order of COLUMNS (strings, and booleans for exact/indicatief)."""
    head = (payload["id"], payload["gemeente"], payload["status"], payload["datum"])
    for domein, post, omschrijving, prijs, eenheid, cells, ind in payload["posten"]:
        if ind and not indicatief:
            continue
        for s, (aantal, bedrag, exact) in zip(SCENARIOS, cells):
            yield head + (domein, post, omschrijving, prijs, eenheid, s, aantal, bedrag, exact, ind)


# --- writers -------------------------------------------------------------------------------


class CsvWriter:
    def __init__(self, fh):
        import csv

        self.w = csv.writer(fh, lineterminator="\n")
        self.w.writerow(COLUMNS)

    def write(self, batch) -> None:
        self.w.writerows([csv_row(r[:12]) + ["true" if r[12] else "false", "true" if r[13] else "false"] for r in batch])

    def close(self) -> None:
        pass


class JsonlWriter:
    def __init__(self, fh):
        self.fh = fh

    def write(self, batch) -> None:
        self.fh.write("".join(json_dumps(dict(zip(COLUMNS, r))) + "\n" for r in batch))

    def close(self) -> None:
        pass


class ParquetWriter:
    """Typed columns: datum as date, prijs/aantal/bedrag as decimal(38, 10), exact/indicatief as boolean."""

    def __init__(self, path: str):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        dec = pa.decimal128(38, PLACES)
        self.schema = pa.schema([("id", pa.string()), ("gemeente", pa.string()), ("status", pa.string()),
                                 ("datum", pa.date32()), ("domein", pa.string()), ("post", pa.string()),
                                 ("omschrijving", pa.string()), ("prijs", dec), ("eenheid", pa.string()),
                                 ("scenario", pa.string()), ("aantal", dec), ("bedrag", dec),
                                 ("exact", pa.bool_()), ("indicatief", pa.bool_())])
        self.writer = pq.ParquetWriter(path, self.schema)

    def write(self, batch) -> None:
        if not batch:
            return
        from datetime import date

        pa = self.pa
        cols = list(zip(*batch))
        arrays = []
        for i, field in enumerate(self.schema):
            values = cols[i]
            if field.name == "datum":
                values = [date.fromisoformat(v) if v else None for v in values]
            elif pa.types.is_decimal(field.type):
                values = [Decimal(v) for v in values]
            arrays.append(pa.array(values, type=field.type))
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))

    def close(self) -> None:
        self.writer.close()
