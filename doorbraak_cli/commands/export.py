"""``doorbraak export``: the fact table (CSV, JSON Lines, Parquet), to a file or streamed to stdout.

``-o FILE`` never overwrites an existing file without ``--force``, and is
written through a temporary file and an atomic rename.
"""

from __future__ import annotations

import json
import os

from ..model.problem import os_reason
from . import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    Io,
    cache_allowed,
    output_is_input,
    output_not_regular,
    refuse_input_as_output,
)


def format_for(output: str | None, fmt: str | None) -> str:
    from ..present.export import EXTENSIONS

    if fmt:
        return fmt
    if output:
        return EXTENSIONS.get(os.path.splitext(output)[1].lower(), "csv")
    return "csv"


def run(io: Io, paths, output: str | None = None, fmt: str | None = None, force: bool = False,
        indicatief: bool = False, filters=None, quiet: bool = False, use_cache: bool = True, jobs: int | None = None,
        backend: str | None = None, metingen: bool = False) -> int:
    """Without ``output`` the rows stream to ``io.out`` as they come (never the whole table in memory).

    ``metingen``: the long table of Positieve Gezondheid measurements instead of the cost facts.
    """
    from ..batch.collect import case_payload, collect, internal_error
    from ..batch.index import work_version
    from ..batch.workers import jobs_default
    from ..compute.portfolio.summary import Filters, Fold
    from ..present.export import FACTS, MEASUREMENTS, measurement_rows, rows
    from ..source.discover import find_files
    from ..source.files import AtomicFile, appeared_message, exists_message

    filters = filters or Filters()
    fmt = format_for(output, fmt)
    if fmt == "parquet":
        if not output or output == "-":
            io.message("Parquet is binair en gaat niet naar het scherm; geef een bestand op met -o BESTAND.parquet")
            return EXIT_USAGE
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            io.message("Parquet vraagt pyarrow, dat niet geïnstalleerd is: pip install 'doorbraak[parquet]' "
                       "(of kies --format csv of jsonl)")
            return EXIT_INPUT
    if output == "-":
        output = None  # standard output
    if output and output_not_regular(io, output):
        return EXIT_INPUT
    if output and output_is_input(output, paths):
        return refuse_input_as_output(io, output)
    if output and os.path.exists(output) and not force:
        io.messages(exists_message(output))
        return EXIT_INPUT
    files, found = find_files(paths)
    for p in found:
        io.message(p.format())
    if any(p.is_error for p in found):  # a folder that cannot be read: the table would be silently smaller
        return EXIT_INPUT
    if not files:
        io.message("geen casusbestanden (.yaml of .yml) gevonden in " + ", ".join(paths))
        return EXIT_INPUT
    from ..batch.workers import Work
    from ..present.export import ExportPayload

    form = ExportPayload()
    work = Work("export@" + work_version(form.shape), form, folds=False)  # a payload of another shape: a miss
    col = collect(files, work, paths, cache_allowed(io, use_cache), jobs or jobs_default(), backend,
                  "Casussen exporteren", quiet, filters)
    layout = MEASUREMENTS if metingen else FACTS
    target = None
    if output:
        try:
            target = AtomicFile(os.path.abspath(output), overwrite=force, text=fmt != "parquet")
        except OSError as exc:
            io.message(f"{output}: kan niet schrijven ({os_reason(exc)})")
            return EXIT_INPUT
    try:
        if fmt == "parquet":
            writer = ParquetWriter(target.tmp, layout)
        else:
            fh = target.handle() if target else io.out
            writer = CsvWriter(fh, layout) if fmt == "csv" else JsonlWriter(fh, layout)
        counted = Fold(filters)  # which cases count: the same rules as report's and the site's
        batch = []
        n_cases = n_rows = 0
        for rec in col.records:
            if rec.kind == "prijslijst":
                continue
            if rec.kind != "case":
                counted.invalid(rec.file, json.loads(rec.payload_json))
                continue
            payload = case_payload(rec, work)
            if payload is None:
                counted.invalid(rec.file, internal_error(rec.file))
                continue
            if not counted.admit(rec.file, payload.head):
                continue
            before = len(batch)
            batch.extend(measurement_rows(payload) if metingen else rows(payload, indicatief))
            n_cases += len(batch) > before or not metingen  # with --metingen: the cases that were measured
            if len(batch) >= 20_000:
                writer.write(batch)
                n_rows += len(batch)
                batch = []
        writer.write(batch)
        n_rows += len(batch)
        writer.close()
        col.finish()
        if target:
            try:
                target.commit()
            except FileExistsError:
                io.messages(appeared_message(output))
                return EXIT_INPUT
    finally:
        if target:
            target.discard()
    err = "".join(f"niet geëxporteerd (ongeldig): {o['fout']}\n" for o in counted.ongeldig)
    if output:
        err += (f"{n_rows} {'rij' if n_rows == 1 else 'rijen'} van {n_cases} {'casus' if n_cases == 1 else 'casussen'} "
                f"geschreven naar {output}\n")
    io.messages(err)
    return EXIT_OK


# --- the files an export writes (the rows are present/export.py's) ------------------------------


class CsvWriter:
    def __init__(self, fh, layout):
        import csv

        self.layout = layout
        self.w = csv.writer(fh, lineterminator="\n")
        self.w.writerow(layout.columns)
        self.flags = [c in layout.booleans for c in layout.columns]

    def write(self, batch) -> None:
        from ..present.safe import csv_cell

        flags = self.flags
        self.w.writerows([[("true" if v else "false") if flag else csv_cell(v) for v, flag in zip(r, flags)]
                          for r in batch])

    def close(self) -> None:
        pass


class JsonlWriter:
    def __init__(self, fh, layout):
        self.fh = fh
        self.columns = layout.columns

    def write(self, batch) -> None:
        from ..present.safe import json_dumps

        self.fh.write("".join(json_dumps(dict(zip(self.columns, r))) + "\n" for r in batch))

    def close(self) -> None:
        pass


class ParquetWriter:
    """Typed columns: dates as date, amounts and scores as decimal(38, 10), flags as boolean, numbers as int."""

    def __init__(self, path: str, layout):
        import pyarrow as pa
        import pyarrow.parquet as pq

        from ..present.numbers import EXACT_PLACES as PLACES

        self.pa = pa
        dec = pa.decimal128(38, PLACES)

        def kind(c: str):
            if c in layout.dates:
                return pa.date32()
            if c in layout.decimals:
                return dec
            if c in layout.booleans:
                return pa.bool_()
            if c in layout.integers:
                return pa.int64()
            return pa.string()

        self.schema = pa.schema([(c, kind(c)) for c in layout.columns])
        self.writer = pq.ParquetWriter(path, self.schema)

    def write(self, batch) -> None:
        if not batch:
            return
        from datetime import date
        from decimal import Decimal

        pa = self.pa
        cols = list(zip(*batch))
        arrays = []
        for i, field in enumerate(self.schema):
            values = cols[i]
            if pa.types.is_date(field.type):
                values = [date.fromisoformat(v) if v else None for v in values]
            elif pa.types.is_decimal(field.type):
                values = [None if v is None else Decimal(v) for v in values]
            arrays.append(pa.array(values, type=field.type))
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))

    def close(self) -> None:
        self.writer.close()
