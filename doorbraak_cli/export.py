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
optional ``pyarrow``). ``-o FILE`` never overwrites an existing file without
``--force``, and is written through a temporary file and an atomic rename.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from fractions import Fraction

from .files import appeared_message, exists_message, publish, temp_beside
from .fmt import terminates
from .model import SCENARIOS

COLUMNS = ("id", "gemeente", "status", "datum", "domein", "post", "omschrijving", "prijs", "eenheid", "scenario",
           "aantal", "bedrag", "exact", "indicatief")
PLACES = 10  # decimals for the rare value without a finite decimal expansion
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet",
              ".pq": "parquet"}


def decimal_text(value, min_places: int = 0) -> tuple[str, bool]:
    """(decimal string, exact?) of an exact value: exact when it terminates, else rounded half-up to PLACES."""
    f = value if isinstance(value, Fraction) else Fraction(value)
    exact = terminates(f)
    if exact:
        d = Decimal(f.numerator) / Decimal(f.denominator) if f.denominator != 1 else Decimal(f.numerator)
        text = format(d.normalize(), "f") if f.denominator != 1 else str(f.numerator)
    else:
        scaled = f * 10 ** PLACES
        q, r = divmod(abs(scaled.numerator), scaled.denominator)
        if 2 * r >= scaled.denominator:
            q += 1
        digits = str(q).rjust(PLACES + 1, "0")
        text = ("-" if f < 0 else "") + digits[:-PLACES] + "." + digits[-PLACES:]
    if min_places:
        whole, _, frac = text.partition(".")
        if len(frac) < min_places:
            text = whole + "." + frac.ljust(min_places, "0")
    if text.startswith("-") and Fraction(text) == 0:
        text = text[1:]
    return text, exact


def case_rows(case, result) -> dict:
    """The export payload of one case (computed in a worker and cached): pre-formatted cells per line."""
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


class _CsvWriter:
    def __init__(self, fh):
        import csv

        self.w = csv.writer(fh, lineterminator="\n")
        self.w.writerow(COLUMNS)

    def write(self, batch) -> None:
        self.w.writerows([r[:12] + ("true" if r[12] else "false", "true" if r[13] else "false") for r in batch])

    def close(self) -> None:
        pass


class _JsonlWriter:
    def __init__(self, fh):
        self.fh = fh

    def write(self, batch) -> None:
        dumps = json.dumps
        self.fh.write("".join(dumps(dict(zip(COLUMNS, r)), ensure_ascii=False) + "\n" for r in batch))

    def close(self) -> None:
        pass


class _ParquetWriter:
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


def _format_for(output: str | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if output:
        return EXTENSIONS.get(os.path.splitext(output)[1].lower(), "csv")
    return "csv"


def run(paths, output: str | None, fmt: str | None, force: bool = False, indicatief: bool = False, filters=None,
        quiet: bool = False, use_cache: bool = True, jobs: int | None = None, backend: str | None = None,
        stdout=None):
    """(stdout, stderr, exit code) of ``doorbraak export``; without ``output`` the rows stream to ``stdout``."""
    import sys

    from . import cache, reportrun
    from .portfolio import Filters, duplicate_error

    Outcome = reportrun.Outcome
    filters = filters or Filters()
    fmt = _format_for(output, fmt)
    if fmt == "parquet":
        if not output:
            return Outcome("", "Parquet is binair en gaat niet naar het scherm; geef een bestand op met -o BESTAND.parquet\n", 2)
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            return Outcome("", "Parquet vraagt pyarrow, dat niet geïnstalleerd is: pip install 'doorbraak[parquet]' "
                               "(of kies --format csv of jsonl)\n", 1)
    if output and os.path.exists(output) and not force:
        return Outcome("", exists_message(output), 1)
    files, missing = reportrun._discover(paths)
    if missing:
        return Outcome("", "".join(m + "\n" for m in missing), 1)
    if not files:
        return Outcome("", "geen casusbestanden (.yaml of .yml) gevonden in " + ", ".join(paths) + "\n", 1)
    use_cache = use_cache and cache.enabled()
    col = reportrun.collect(files, "export", paths, use_cache, jobs or reportrun.jobs_default(), backend,
                            "Casussen exporteren", quiet, filters)
    tmp = None
    if output:
        try:
            tmp = temp_beside(os.path.abspath(output))
        except OSError as exc:
            return Outcome("", f"{output}: kan niet schrijven ({exc.strerror})\n", 1)
    try:
        if fmt == "parquet":
            writer = _ParquetWriter(tmp)
            fh = None
        else:
            # to a file, or streamed to stdout as the rows come (never the whole table in memory)
            fh = open(tmp, "w", encoding="utf-8", newline="") if tmp else (stdout or sys.stdout)
            writer = _CsvWriter(fh) if fmt == "csv" else _JsonlWriter(fh)
        ongeldig = []
        ids: dict = {}
        batch = []
        n_cases = n_rows = 0
        for rec in col.records:
            if rec.kind == "prijslijst":
                continue
            if rec.kind != "case":
                ongeldig.append(json.loads(rec.payload_json))
                continue
            if rec.case_id in ids:
                ongeldig.append(duplicate_error(rec.file, rec.case_id, ids[rec.case_id]))
                continue
            ids[rec.case_id] = rec.file
            payload = json.loads(rec.payload_json)
            if not filters.match(payload):
                continue
            n_cases += 1
            batch.extend(rows(payload, indicatief))
            if len(batch) >= 20_000:
                writer.write(batch)
                n_rows += len(batch)
                batch = []
        writer.write(batch)
        n_rows += len(batch)
        writer.close()
        col.finish()
        if tmp and fh is not None:
            fh.close()
        if tmp:
            try:
                publish(tmp, output, overwrite=force)
            except FileExistsError:
                return Outcome("", appeared_message(output), 1)
            tmp = None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
    err = "".join(f"niet geëxporteerd (ongeldig): {o}\n" for o in ongeldig)
    if output:
        err += f"{n_rows} rijen van {n_cases} casussen geschreven naar {output}\n"
    return Outcome("", err, 0)
