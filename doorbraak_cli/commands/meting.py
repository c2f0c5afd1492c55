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
import sys
from datetime import date

from ..model.problem import display_name, os_reason
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


def _date(text: str, today: date | None = None) -> date:
    try:
        when = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-25") from None
    if today is not None and when > today:  # a measurement is recorded once it was taken
        raise ValueError(f"{when.isoformat()} ligt in de toekomst (vandaag is {today.isoformat()}); een meting "
                         "leg je vast als ze gedaan is, met de dag waarop ze gedaan is")
    return when


def _plain(score):
    """A score as it is written and read back: 7 (an int) or 6.5 (a Decimal with one decimal)."""
    return int(score) if score == score.to_integral_value() else score


def interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def run(io: Io, case_path: str, datum: str | None, scores: dict, door: str | None = None,
        toelichting: str | None = None, vervang: bool = False, today: date | None = None) -> int:
    """``scores``: dimension -> the text given on the command line (or None when not given); ``door`` None: not
    given (a new measurement is the household's; a replaced one keeps its own)."""
    missing = [d for d in DIMENSIONS if scores.get(d) is None]
    if (missing or datum is None) and not interactive():
        what = [option(d) for d in missing] + (["--datum"] if datum is None else [])
        io.message(f"doorbraak meting: ontbreekt: {', '.join(what)} (zonder terminal wordt er niet gevraagd; "
                   "geef elke score van 0 tot en met 10 mee)")
        return EXIT_USAGE
    if door is not None and door not in MEASURED_BY:
        io.message(f"doorbraak meting: --door '{door}' kan niet; kies uit: {', '.join(MEASURED_BY)}")
        return EXIT_USAGE
    today = today or date.today()
    try:
        when = _date(datum, today) if datum is not None else None
        given = {}
        for d in DIMENSIONS:
            if scores.get(d) is not None:
                try:
                    given[d] = _score(scores[d])
                except ValueError as exc:
                    raise ValueError(f"{option(d)}: {exc}") from None
    except ValueError as exc:
        io.message(f"{display_name(case_path)}: meting niet toegevoegd: {exc}")
        return EXIT_INPUT
    from ..source import yamlread
    from ..source.locking import LockedEdit, not_edited

    path = os.path.realpath(case_path)  # a link to the case: the case itself is edited
    try:
        first = yamlread.read_bytes(path)
        loaded = _load(io, case_path, path, first)  # before asking: can the file take it?
    except yamlread.ReadError as exc:
        return _unreadable(io, case_path, exc)
    if isinstance(loaded, int):
        return loaded
    if when is None:
        when = _ask(io, "Datum van de meting (JJJJ-MM-DD)", lambda text: _date(text, today), today.isoformat())
    for d in DIMENSIONS:
        if d not in given:
            io.err.write(f"{DIMENSION_LABELS[d]}: {DIMENSION_HELP[d]}\n")
            given[d] = _ask(io, f"  score voor {DIMENSION_LABELS[d].lower()} (0–10)", _score)
    try:
        with LockedEdit(path, yamlread.MAX_BYTES) as edit:  # no other run edits the case from here to the write
            loaded = _load(io, case_path, path, edit.data, known=(first, loaded))
            if isinstance(loaded, int):
                return loaded
            text, doc = loaded
            edited = _edit(io, case_path, text, doc, when, given, door, toelichting, vervang)
            if isinstance(edited, int):
                return edited
            new, replaced = edited
            data = (b"\xef\xbb\xbf" if edit.data.startswith(b"\xef\xbb\xbf") else b"") + new.encode("utf-8")
            if len(data) > yamlread.MAX_BYTES:
                io.message(f"{display_name(case_path)}: meting niet toegevoegd: het bestand zou groter worden dan "
                           f"{yamlread.MAX_BYTES // 1048576} MB, de grens voor een casus (splits het dossier)")
                return EXIT_INPUT
            edit.replace(data)
    except OSError as exc:  # the lock not free in time, the file changed, or the system's refusal
        io.message(not_edited(display_name(case_path), exc, "meting niet toegevoegd"))
        return EXIT_INPUT
    io.message(f"{'vervangen' if replaced else 'toegevoegd'}: meting van {when.isoformat()} in {display_name(case_path)}")
    return EXIT_OK


def _unreadable(io: Io, case_path: str, exc) -> int:
    io.message(exc.problem.format())
    io.message(f"{display_name(case_path)}: meting niet toegevoegd: herstel het bestand eerst")
    return EXIT_INPUT


def _load(io: Io, case_path: str, path: str, raw: bytes, known: tuple | None = None):
    """(text, document) of a case that may take a measurement, or the exit code after saying why not: a file
    that is read-only, not valid YAML, a price list, or a case with errors is left alone. ``known``: (bytes, what
    _load gave for them) a moment ago; the same bytes are not read and checked again."""
    from ..check.case import check_data
    from ..source import yamlread

    try:
        st = os.stat(path)
    except OSError as exc:
        io.message(f"{display_name(case_path)}: kan niet lezen ({os_reason(exc)}); meting niet toegevoegd")
        return EXIT_INPUT
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        io.message(f"{display_name(case_path)}: het bestand is alleen-lezen; meting niet toegevoegd (maak het eerst schrijfbaar "
                   "als de meting er echt in moet)")
        return EXIT_INPUT
    if known is not None and known[0] == raw:
        return known[1]
    from ..source import fastyaml

    try:
        text = yamlread.decode(raw, case_path)
        doc = fastyaml.parse(raw, case_path)  # quickly where that is certain; the places of the splice come later
    except yamlread.ReadError as exc:
        return _unreadable(io, case_path, exc)
    if not isinstance(doc.data, dict):
        io.message(f"{display_name(case_path)}: dit is geen casus; meting niet toegevoegd")
        return EXIT_INPUT
    checked = check_data(doc, warnings_shown=False)  # only errors stop it: a warning needs no exact reading
    if checked.kind == "pricelist":
        io.message(f"{display_name(case_path)}: dit is een prijslijst, geen casus; meting niet toegevoegd (geef het casusbestand)")
        return EXIT_INPUT
    errors = [p for p in checked.problems if p.is_error]
    if errors:
        for p in errors[:5]:
            io.message(p.format())
        io.message(f"{display_name(case_path)}: meting niet toegevoegd: de casus heeft {len(errors)} "
                   f"{'fout' if len(errors) == 1 else 'fouten'}; herstel die eerst ('doorbraak validate')")
        return EXIT_INPUT
    return text, doc


def _edit(io, case_path, text, doc, when, given, door, toelichting, vervang):
    """(the new text, whether a measurement was replaced), or the exit code after saying why not. The new text
    is read back first: it must hold exactly the old data plus (or with) this measurement, and pass the checks."""
    from ..check.case import check_data
    from ..source import blockpos, fastyaml, yamlread
    from ..source.yamledit import EditError, Literal

    existing = doc.data.get("metingen")
    same = [i for i, m in enumerate(existing or []) if isinstance(m, dict) and m.get("datum") == when.isoformat()]
    if same and not vervang:
        io.message(f"{display_name(case_path)}: er staat al een meting op {when.isoformat()}; meting niet toegevoegd "
                   "(vervang haar met --vervang)")
        return EXIT_INPUT
    old = existing[same[0]] if same else {}
    if door is None and not same:
        door = "huishouden"
    item = {"datum": Literal(when.isoformat()), "scores": {d: Literal(str(_plain(given[d]))) for d in DIMENSIONS}}
    wanted = {"datum": when.isoformat(), "scores": {d: _plain(given[d]) for d in DIMENSIONS}}
    if door is not None:  # a replaced measurement keeps what this one does not set (its door, its toelichting)
        item = {"datum": item["datum"], "door": door, "scores": item["scores"]}
        wanted["door"] = door
    if toelichting:
        item["toelichting"] = wanted["toelichting"] = toelichting
    expected = dict(doc.data)
    items = list(existing or [])
    if same:
        items[same[0]] = {**old, **wanted, "scores": {**(old.get("scores") if isinstance(old.get("scores"), dict)
                                                         else {}), **wanted["scores"]}}
    else:
        items.append(wanted)
    expected["metingen"] = items
    new_text = new_doc = None
    # the plain layout: the places of the splice read from the text itself (no exact reading, no PyYAML); any
    # doubt, or a text that does not read back as meant, and the splice is made again at the exact reader's places
    placed = blockpos.locate(doc, "metingen") if doc.positions is None else None
    if placed is not None:
        try:
            new_text = _splice(text, placed, same, item, old, _Reread(placed, case_path), False)
            new_doc = fastyaml.parse_text(new_text, case_path)
        except (EditError, yamlread.ReadError):
            new_text = None
        if new_text is not None and new_doc.data != expected:
            new_text = None
    if new_text is None:
        try:
            new_text = _splice(text, fastyaml.exact(doc), same, item, old, lambda t: yamlread.parse(t, case_path), True)
        except EditError as exc:
            io.message(f"{display_name(case_path)}: meting niet toegevoegd: {exc}")
            return EXIT_INPUT
        try:  # quickly where that is certain: the check reads it exactly when it has anything to say
            new_doc = fastyaml.parse_text(new_text, case_path)
        except yamlread.ReadError as exc:  # pragma: no cover - the splice writes valid YAML; never write if not
            io.message(f"{display_name(case_path)}: meting niet toegevoegd: de nieuwe tekst is geen geldige YAML "
                       f"({exc.problem.message})")
            return EXIT_INPUT
    if new_doc.data != expected:
        io.message(f"{display_name(case_path)}: meting niet toegevoegd: het bestand liet zich niet veilig aanvullen; "
                   "voeg de meting met de hand toe (zie 'doorbraak schema')")
        return EXIT_INPUT
    if toelichting and "sops" in doc.data:  # an encrypted case: the toelichting is story, encrypted before writing
        from datetime import datetime, timezone

        from ..source import keys, sealwrite, sops

        try:
            new_text = sealwrite.reseal(new_text, case_path, datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
            new_doc = yamlread.parse(new_text, case_path)
        except (keys.KeyError_, sops.SopsError) as exc:
            io.message(f"{case_path}: meting niet toegevoegd: de toelichting moet versleuteld worden: {exc}")
            return EXIT_INPUT
    problems = [p for p in check_data(new_doc, warnings_shown=False).problems if p.is_error]
    if problems:
        for p in problems:
            io.message(p.format())
        io.message(f"{display_name(case_path)}: meting niet toegevoegd")
        return EXIT_INPUT
    return new_text, bool(same)


def _splice(text, doc, same, item, old, reread, whole_item: bool) -> str:
    """The text with the measurement spliced in at ``doc``'s places; ``reread(text)`` gives the places after each
    value set. ``whole_item``: a measurement that is not one key a line is replaced whole (else EditError)."""
    from ..source import yamlread
    from ..source.yamledit import EditError, append_item, replace_item, update_item

    if not same:
        return append_item(text, doc, "metingen", item)
    try:  # value by value: the measurement's other keys and its comments stay
        return update_item(text, doc, "metingen", same[0], item, reread)
    except (EditError, yamlread.ReadError):
        if not whole_item:
            raise
        return replace_item(text, doc, "metingen", same[0], {**old, **item})  # the whole item, as it is meant


class _Reread:
    """The places after each value set, for the plain layout: read from the new text, unless the text did not
    change or the value was set on its own line and nothing else moved (every place on that line stands before the
    first changed character): then the places stand where they stood. The read-back of the whole text checks the
    data in the end."""

    def __init__(self, doc, case_path: str):
        self.doc = doc
        self.case_path = case_path

    def __call__(self, text: str):
        self.doc = self.doc._replace(source=text) if self._unmoved(text) else _placed(text, self.case_path)
        return self.doc

    def _unmoved(self, text: str) -> bool:
        before = self.doc.source
        if self.doc.positions is None or before is None or before.count("\n") != text.count("\n"):
            return False
        if text == before:  # the value was already there as written
            return True
        changed = [(n, a, b) for n, (a, b) in enumerate(zip(before.split("\n"), text.split("\n")), 1) if a != b]
        if len(changed) != 1:
            return False
        line, a, b = changed[0]
        first = next(i for i, (x, y) in enumerate(zip(a + "\0", b + "\1")) if x != y)
        places = list(self.doc.positions.values()) + list(self.doc.key_positions.values())
        return all(col - 1 <= first for ln, col in places if ln == line)


def _placed(text: str, case_path: str):
    """A text read back quickly with the places of its measurements from the text itself, else exactly."""
    from ..source import blockpos, fastyaml

    doc = fastyaml.parse_text(text, case_path)
    return doc if doc.positions is not None else (blockpos.locate(doc, "metingen") or fastyaml.exact(doc))
