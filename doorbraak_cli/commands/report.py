"""``doorbraak report``: portfolio figures over every case under the folders.

A repeated report with no file changed comes from the cache: the output is
keyed by everything it depends on (the tool's code, every file's path and
SHA-256, the price lists, the options and, for the terminal, the terminal), so
it only walks the folders, hashes the files (or, for a file unchanged since it
was hashed, remembers its digest: batch/known.py) and prints the stored text,
byte for byte what the cold run printed.
"""

from __future__ import annotations

import os

from ..model.problem import os_reason
from ..source import cache
from . import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    Answer,
    Io,
    cache_allowed,
    output_is_input,
    output_not_regular,
    refuse_input_as_output,
)

REPORT_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json",
                     ".csv": "csv"}


def answer(paths, fmt: str = "terminal", filters=None, quiet: bool = False, use_cache: bool = True,
           jobs: int | None = None, backend: str | None = None, peildatum=None, verwachting=None) -> Answer:
    """(stdout, stderr, exit code) of ``doorbraak report``; ``peildatum`` (a date, default today): follow-up
    measurements due before it and not taken are late; ``verwachting`` (a Decimal, or None): the expected cost
    per case, set beside the realised average."""
    from ..batch import index as ix
    from ..batch.collect import collect, fold
    from ..batch.workers import jobs_default
    from ..check.pricelists import Fingerprints
    from ..compute.portfolio.summary import Filters
    from ..source.discover import find_files

    filters = filters or Filters()
    files, found = find_files(paths)
    notes = "".join(p.format() + "\n" for p in found)
    if any(p.is_error for p in found):  # a folder that cannot be read: the portfolio would be silently smaller
        return Answer("", notes, EXIT_INPUT)
    if not files:
        return Answer("", notes + "geen casusbestanden (.yaml of .yml) gevonden in " + ", ".join(paths) + "\n", EXIT_INPUT)
    use_cache = use_cache and cache.enabled()
    jobs = jobs or jobs_default()
    import datetime

    from ..model.run import RunContext

    run = RunContext.of(datetime.date.today(), peildatum, verwachting=verwachting)
    options = {"format": fmt, "filters": filters.as_json(), "paths": list(paths), "peildatum": run.peildatum.isoformat(),
               "verwachting": None if verwachting is None else str(verwachting)}
    if fmt == "terminal":
        options["terminal"] = cache.terminal_signature()
    index = shas = None
    envs = Fingerprints()
    # one stored report per question (folders, format, filters): the latest answer replaces the one before
    place = cache.slot("report", sorted(os.path.abspath(p) for p in paths), fmt, filters.as_json())
    if use_cache:
        idx_path = ix.index_path("report", paths)
        if os.path.exists(idx_path):
            # something was cached before: every file's digest decides what is still valid (remembered for a
            # file that did not change since it was hashed: batch/known.py)
            import time

            from ..batch.known import KnownDigests

            known = KnownDigests(paths, time.time_ns())
            shas = [known.digest(f) for f in files]
            known.save()
            k = ix.output_key("report", options, [(f, s, envs.of(f)) for f, s in zip(files, shas)])
            hit = cache.load("report-out", k, place)
            if isinstance(hit, dict) and isinstance(hit.get("out"), str) and isinstance(hit.get("err"), str):
                return Answer(hit["out"], notes + hit["err"], EXIT_OK)
            index = ix.load_index(idx_path, "report")
    from ..batch.workers import Work
    from ..compute.portfolio.casesummary import SummaryPayload

    work = Work("report", SummaryPayload(), reads=False)  # the report only folds its cases
    col = collect(files, work, paths, use_cache, jobs, backend, "Casussen doorrekenen", quiet, filters, index, shas,
                  envs)
    rep = fold(col.records, filters, run, work)
    keys = col.finish()
    out = render(rep, fmt)
    err = ""
    if rep.ongeldig:
        n = len(rep.ongeldig)
        err = (f"let op: {n} {'bestand is' if n == 1 else 'bestanden zijn'} ongeldig en niet meegeteld "
               "(zie 'ongeldig'; 'doorbraak validate' toont alle meldingen)\n")
    if use_cache and all(sha is not None for _, sha, _ in keys):
        cache.store("report-out", ix.output_key("report", options, keys), {"out": out, "err": err}, place)
    return Answer(out, notes + err, EXIT_OK)


def render(rep, fmt: str) -> str:
    if fmt == "json":
        from ..present.portfolio import jsonout as presenter
    elif fmt == "markdown":
        from ..present.portfolio import markdown as presenter
    elif fmt == "html":
        from ..present.portfolio import html as presenter
    elif fmt == "csv":
        from ..present.portfolio import csvout as presenter
    else:
        from ..present.portfolio import terminal as presenter

        return presenter.render(rep, plain=fmt == "text")
    return presenter.render(rep)


MARKED = ("markdown", "html")  # formats that carry the own-output marker (source/ownmark.py); JSON and CSV cannot


def expected_amount(text):
    """The Decimal of ``--verwachting``, or a Dutch message (str) saying what to write."""
    from ..check.quantity import PriceError, parse_money

    try:
        value = parse_money(text.strip() if isinstance(text, str) else text)
    except PriceError as exc:
        return f"--verwachting: {exc.message} ({exc.hint})\n"
    if value < 0:
        return f"--verwachting: '{text}' is negatief; geef de verwachte kosten per casus, bijvoorbeeld 15800\n"
    return value


def run(io: Io, paths, fmt: str | None = None, output: str | None = None, force: bool = False, filters=None,
        use_cache: bool = True, **options) -> int:
    """``doorbraak report``; with ``-o`` the format follows the file's extension, and nothing is overwritten unasked."""
    from ..source.files import appeared_message, exists_message, write_file

    options["use_cache"] = cache_allowed(io, use_cache)
    if options.get("verwachting") is not None:
        expected = expected_amount(options["verwachting"])
        if isinstance(expected, str):
            io.message(expected)
            return EXIT_USAGE
        options["verwachting"] = expected
    if output is None or output == "-":
        out, err, code = answer(paths, fmt or "terminal", filters, **options)
        io.messages(err)
        io.write(out)
        return code
    if os.path.isdir(output):
        io.message(f"{output} is een map; geef een bestandsnaam, bijvoorbeeld {os.path.join(output, 'rapport.html')}")
        return EXIT_INPUT
    if output_not_regular(io, output):
        return EXIT_INPUT
    if output_is_input(output, paths):
        return refuse_input_as_output(io, output)
    fmt = fmt or REPORT_EXTENSIONS.get(os.path.splitext(output)[1].lower(), "terminal")
    if fmt == "terminal":
        fmt = "text"  # the terminal layout without colour codes: a file is read later, elsewhere
    own = False
    if os.path.exists(output) and not force:
        from ..source.ownmark import is_own

        if fmt not in MARKED or not is_own(output):  # a report it wrote itself, unchanged: replaced without --force
            io.messages(exists_message(output))
            return EXIT_INPUT
        force = own = True
    out, err, code = answer(paths, fmt, filters, **options)
    if code:
        io.messages(err)
        io.write(out)
        return code
    from ..source.ownmark import mark

    try:
        write_file(output, mark(out, fmt) if fmt in MARKED else out, overwrite=force)
    except FileExistsError:
        io.messages(err + appeared_message(output))
        return EXIT_INPUT
    except OSError as exc:
        io.messages(err + f"{output}: kan niet schrijven ({os_reason(exc)})\n")
        return EXIT_INPUT
    io.messages(err + f"{'vervangen' if own else 'geschreven'}: {output}\n")
    return EXIT_OK
