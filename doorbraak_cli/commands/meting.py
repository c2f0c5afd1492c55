"""``doorbraak meting``: add one Positieve Gezondheid measurement to a case file, and nothing else.

The measurement is written as a block of YAML after the last one (or as a new
``metingen:`` list at the end of the file); with ``--vervang`` it takes the place
of the measurement on the same date. Every other line stays byte for byte as it
was (see source/yamledit.py). Before anything is written, the new text is read
back: it must hold exactly the old data plus this measurement, and the
measurement must pass the checks. The write is atomic, keeps the file's
permissions, and is refused when the file changed meanwhile. A refused
measurement (a score of 11, a date that does not exist, a second one on a date
without ``--vervang``) leaves the file untouched: exit 1.

On a terminal, missing scores (and the date) are asked one by one, each with a
one-line explanation of the dimension; without a terminal they are a usage
error (exit 2).
"""

from __future__ import annotations

import os
import stat
import sys
from datetime import date

from ..model.vocabulary import DIMENSION_HELP, DIMENSION_LABELS, DIMENSIONS, MEASURED_BY
from . import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Io


def option(dimension: str) -> str:
    return "--" + dimension.replace("_", "-")


def _ask(io: Io, question: str, parse, default: str | None = None):
    """Ask until the answer parses; an empty answer takes the default."""
    while True:
        io.err.write(f"{question}{f' [{default}]' if default else ''}: ")
        io.err.flush()
        answer = sys.stdin.readline()
        if not answer:  # end of input
            raise KeyboardInterrupt
        answer = answer.strip() or (default or "")
        try:
            return parse(answer)
        except ValueError as exc:
            io.err.write(f"  {exc}\n")


def _score(text: str):
    from ..check.evaluation import parse_score

    try:
        return parse_score(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' kan niet: {exc}; geef een score van 0 tot en met 10 (bijvoorbeeld 7 of 6,5)") from None


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-25") from None


def _plain(score):
    """A score as it is written and read back: 7 (an int) or 6.5 (a Decimal with one decimal)."""
    return int(score) if score == score.to_integral_value() else score


def interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def run(io: Io, case_path: str, datum: str | None, scores: dict, door: str = "huishouden",
        toelichting: str | None = None, vervang: bool = False) -> int:
    """``scores``: dimension -> the text given on the command line (or None when not given)."""
    missing = [d for d in DIMENSIONS if scores.get(d) is None]
    if (missing or datum is None) and not interactive():
        what = [option(d) for d in missing] + (["--datum"] if datum is None else [])
        io.message(f"doorbraak meting: ontbreekt: {', '.join(what)} (zonder terminal wordt er niet gevraagd; "
                   "geef elke score van 0 tot en met 10 mee)")
        return EXIT_USAGE
    if door not in MEASURED_BY:
        io.message(f"doorbraak meting: --door '{door}' kan niet; kies uit: {', '.join(MEASURED_BY)}")
        return EXIT_USAGE
    try:
        when = _date(datum) if datum is not None else None
        given = {}
        for d in DIMENSIONS:
            if scores.get(d) is not None:
                try:
                    given[d] = _score(scores[d])
                except ValueError as exc:
                    raise ValueError(f"{option(d)}: {exc}") from None
    except ValueError as exc:
        io.message(f"{case_path}: meting niet toegevoegd: {exc}")
        return EXIT_INPUT
    from ..source import yamlread

    path = os.path.realpath(case_path)  # a link to the case: the case itself is edited
    try:
        raw = yamlread.read_bytes(path)
        text = yamlread.decode(raw, case_path)
        doc = yamlread.parse(text, case_path)
    except yamlread.ReadError as exc:
        io.message(exc.problem.format())
        io.message(f"{case_path}: meting niet toegevoegd: herstel het bestand eerst")
        return EXIT_INPUT
    if not isinstance(doc.data, dict):
        io.message(f"{case_path}: dit is geen casus; meting niet toegevoegd")
        return EXIT_INPUT
    if when is None:
        when = _ask(io, "Datum van de meting (JJJJ-MM-DD)", _date, date.today().isoformat())
    for d in DIMENSIONS:
        if d not in given:
            io.err.write(f"{DIMENSION_LABELS[d]}: {DIMENSION_HELP[d]}\n")
            given[d] = _ask(io, f"  score voor {DIMENSION_LABELS[d].lower()} (0–10)", _score)
    return _write(io, case_path, path, raw, text, doc, when, given, door, toelichting, vervang)


def _write(io, case_path, path, raw, text, doc, when, given, door, toelichting, vervang) -> int:
    from ..check.case import check_data
    from ..source import yamlread
    from ..source.files import digest_bytes, write_file
    from ..source.yamledit import EditError, Literal, append_item, replace_item

    item = {"datum": Literal(when.isoformat()), "door": door,
            "scores": {d: Literal(str(_plain(given[d]))) for d in DIMENSIONS}}
    if toelichting:
        item["toelichting"] = toelichting
    existing = doc.data.get("metingen")
    same = [i for i, m in enumerate(existing or []) if isinstance(m, dict) and m.get("datum") == when.isoformat()]
    if same and not vervang:
        io.message(f"{case_path}: er staat al een meting op {when.isoformat()}; meting niet toegevoegd "
                   "(vervang haar met --vervang)")
        return EXIT_INPUT
    try:
        new_text = replace_item(text, doc, "metingen", same[0], item) if same else append_item(text, doc, "metingen", item)
    except EditError as exc:
        io.message(f"{case_path}: meting niet toegevoegd: {exc}")
        return EXIT_INPUT
    # read it back: exactly the old data plus (or with) this measurement, and the measurement passes the checks
    try:
        new_doc = yamlread.parse(new_text, case_path)
    except yamlread.ReadError as exc:  # pragma: no cover - the splice writes valid YAML; never write if not
        io.message(f"{case_path}: meting niet toegevoegd: de nieuwe tekst is geen geldige YAML ({exc.problem.message})")
        return EXIT_INPUT
    expected = dict(doc.data)
    wanted = {"datum": when.isoformat(), "door": door,
              "scores": {d: _plain(given[d]) for d in DIMENSIONS}}
    if toelichting:
        wanted["toelichting"] = toelichting
    items = list(existing or [])
    if same:
        items[same[0]] = wanted
    else:
        items.append(wanted)
    expected["metingen"] = items
    if new_doc.data != expected:
        io.message(f"{case_path}: meting niet toegevoegd: het bestand liet zich niet veilig aanvullen; "
                   "voeg de meting met de hand toe (zie 'doorbraak schema')")
        return EXIT_INPUT
    problems = [p for p in check_data(new_doc).problems if p.is_error and p.path[:1] == ("metingen",)]
    if problems:
        for p in problems:
            io.message(p.format())
        io.message(f"{case_path}: meting niet toegevoegd")
        return EXIT_INPUT
    try:
        st = os.stat(path)
        with open(path, "rb") as fh:
            if digest_bytes(fh.read()) != digest_bytes(raw):
                io.message(f"{case_path}: het bestand is intussen veranderd; meting niet toegevoegd, probeer opnieuw")
                return EXIT_INPUT
        write_file(path, new_text.encode("utf-8") if not raw.startswith(b"\xef\xbb\xbf") else
                   b"\xef\xbb\xbf" + new_text.encode("utf-8"), overwrite=True, mode=stat.S_IMODE(st.st_mode))
    except OSError as exc:
        io.message(f"{case_path}: kan niet schrijven ({exc.strerror or exc}); meting niet toegevoegd")
        return EXIT_INPUT
    io.message(f"{'vervangen' if same else 'toegevoegd'}: meting van {when.isoformat()} in {case_path}")
    return EXIT_OK
