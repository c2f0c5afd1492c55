"""``doorbraak import-prices``: a price list from a spreadsheet (CSV or XLSX), checked before it is written.

The sheet is read and checked by :mod:`..check.pricesheet`. Only when every
row is right is the price list written: as YAML built here line by line,
every text value a JSON string (which YAML reads as the same string), every
price an exact decimal with two places. The text is written to a temporary
file beside the target, read back with :func:`..check.pricelists.load` and
compared item by item with the sheet; only then does it get its name
(atomically, never over an existing file without ``--force``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..model.problem import os_reason
from . import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Io, output_not_regular

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
_ESCAPE = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``text`` (JSON string syntax, which YAML shares).

    Besides JSON's escapes, every character YAML would not keep as it is gets
    a ``\\uXXXX`` escape: C0/C1 controls, DEL, the line and paragraph
    separators and NEL (line breaks to some parsers), BOM and non-characters.
    """
    out = []
    for ch in text:
        o = ord(ch)
        if ch in _ESCAPE:
            out.append(_ESCAPE[ch])
        elif o < 0x20 or 0x7F <= o <= 0x9F or o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def pricelist_yaml(naam: str, bron: str, items, source: str) -> str:
    """The price list (``schema: prijslijst/1``) as YAML text."""
    lines = [
        f"# Prijslijst {naam}: gemaakt met 'doorbraak import-prices' uit {' '.join(source.split())}.",
        "# Pas prijzen bij voorkeur aan in het werkblad en importeer opnieuw (met --force).",
        "schema: prijslijst/1",
        f"naam: {quote(naam)}",
        f"bron: {quote(bron)}",
        "posten:",
    ]
    for item in items:
        lines.append(f"  {quote(item.id)}:")
        lines.append(f"    omschrijving: {quote(item.omschrijving)}")
        lines.append(f"    prijs: {item.prijs:.2f}")
        lines.append(f"    eenheid: {quote(item.eenheid)}")
        lines.append(f"    domein: {quote(item.domein)}")
        lines.append(f"    bron: {quote(item.bron)}")
        if item.toelichting:
            lines.append(f"    toelichting: {quote(item.toelichting)}")
    return "\n".join(lines) + "\n"


def default_output(naam: str) -> Path:
    """``pricelists/NAAM.yaml`` in the nearest ``pricelists/`` folder above the current folder, else here."""
    from ..check.pricelists import local_dir

    folder = local_dir(os.path.join(os.getcwd(), "x.yaml"))
    return (folder if folder is not None else Path("pricelists")) / f"{naam}.yaml"


def differences(plist, items) -> list[str]:
    """What reads back differently from the sheet (empty when the YAML is faithful)."""
    out = []
    if plist is None:
        return ["de prijslijst is niet leesbaar"]
    if list(plist.items) != [i.id for i in items]:
        out.append("de ids")
    for item in items:
        got = plist.items.get(item.id)
        if got is None:
            continue
        for field in ("omschrijving", "prijs", "eenheid", "domein", "bron", "toelichting"):
            if getattr(got, field) != getattr(item, field):
                out.append(f"{item.id}.{field}")
    return out


def run(io: Io, sheet_path: str, naam: str, output: str | None = None, force: bool = False,
        blad: str | None = None) -> int:
    """The exit code: 0 written; 1 a bad row (nothing written), an unreadable sheet or an existing output; 2 wrong use."""
    from ..check.pricesheet import SheetError, read_sheet, slug

    if not NAME_PATTERN.match(naam or ""):
        suggestion = slug(naam or "")
        io.message(f"doorbraak import-prices: '{naam}' is geen bruikbare naam voor een prijslijst (kleine letters, "
                   "cijfers en streepjes; een casus noemt de lijst met 'prijslijst: NAAM')"
                   + (f"; bijvoorbeeld --naam {suggestion}" if suggestion else ""))
        return EXIT_USAGE
    target = Path(output) if output else default_output(naam)
    if target.suffix.lower() not in (".yaml", ".yml"):
        io.message(f"doorbraak import-prices: {target}: een prijslijst is een YAML-bestand; geef een naam op .yaml")
        return EXIT_USAGE
    if target.exists() and os.path.exists(sheet_path) and os.path.samefile(target, sheet_path):
        io.message(f"{target}: dat is het werkblad zelf; kies met -o een ander bestand")
        return EXIT_INPUT
    if target.is_dir():
        io.message(f"{target}: is een map; geef een bestandsnaam op .yaml")
        return EXIT_INPUT
    if output_not_regular(io, target):
        return EXIT_INPUT
    if target.exists() and force and _is_case(target):
        io.message(f"{target}: dat is een casus, geen prijslijst; ook --force overschrijft geen casus (kies met -o "
                   "een andere naam)")
        return EXIT_INPUT
    if target.exists() and not force:
        io.message(f"{target}: bestaat al en wordt niet overschreven; kies met -o een andere naam, "
                   "of gebruik --force om het te vervangen")
        return EXIT_INPUT
    try:
        sheet = read_sheet(sheet_path, blad)
    except SheetError as exc:
        io.message(str(exc))
        return EXIT_INPUT
    for note in sheet.notes:
        io.message(f"{sheet_path}: let op: {note}")
    if sheet.problems:
        for p in sheet.problems:
            io.message(p.format())
        n = len(sheet.problems)
        rows = len({p.row for p in sheet.problems if p.row is not None})
        io.message(f"{sheet_path}: niets geschreven: {n} {'fout' if n == 1 else 'fouten'}"
                   + (f" in {rows} {'rij' if rows == 1 else 'rijen'}" if rows else "")
                   + "; herstel het werkblad en importeer opnieuw")
        return EXIT_INPUT
    source = os.path.basename(sheet_path) + (f", blad {sheet.blad}" if sheet.blad else "")
    text = pricelist_yaml(naam, f"Geïmporteerd uit {source}", sheet.items, source)
    code = _write_checked(io, target, text, sheet.items, force)
    if code != EXIT_OK:
        return code
    if target.stem != naam:
        io.message(f"let op: een casus noemt een prijslijst bij de bestandsnaam: 'prijslijst: {target.stem}'")
    from ..check.pricelists import DEFAULT_LISTS

    if target.stem in DEFAULT_LISTS:
        io.message(f"let op: '{target.stem}' is ook de naam van een meegeleverde prijslijst; in deze map gaat de "
                   "eigen lijst voor")
    n = len(sheet.items)
    io.message(f"geschreven: {target} ({n} {'post' if n == 1 else 'posten'} uit {source})")
    io.message(f"gebruik in een casus: 'prijslijst: {target.stem}' en per kostenpost 'post: {sheet.items[0].id}' "
               "(zoeken: doorbraak prices --bij CASUS)")
    io.write(f"{target}\n")
    return EXIT_OK


def _write_checked(io: Io, target: Path, text: str, items, force: bool) -> int:
    """Write through a temporary file that is read back and compared first; 0, or 1 with a message."""
    from ..check.pricelists import load
    from ..source.files import AtomicFile

    try:
        with AtomicFile(target, overwrite=force) as f:
            fh = f.handle()
            fh.write(text)
            fh.flush()
            plist, problems = load(f.tmp)
            wrong = [p.format() for p in problems if p.is_error] or differences(plist, items)
            if wrong:
                raise ValueError("; ".join(wrong))
    except FileExistsError:
        io.message(f"{target}: is intussen aangemaakt en wordt niet overschreven; gebruik --force om het te vervangen")
        return EXIT_INPUT
    except ValueError as exc:  # a bug in the writer: nothing is written
        io.message(f"doorbraak import-prices: interne fout: de geschreven prijslijst leest anders terug ({exc}); "
                   "er is niets geschreven. Dit is een fout in doorbraak; meld het met het werkblad")
        return EXIT_INPUT
    except OSError as exc:
        io.message(f"{target}: kan niet schrijven ({os_reason(exc)})")
        return EXIT_INPUT
    return EXIT_OK


_CASE_KEYS = re.compile(r"^(schema:\s*[\"']?doorbraakplan/|situatieschets:|waardendriehoek:|actieplan:|toekomstperspectief:)",
                        re.MULTILINE)


def _is_case(path: Path) -> bool:
    """Whether an existing file is (or looks like, even broken) a case: never replaced by a price list."""
    from ..source.files import read_regular

    try:
        text = read_regular(path, 4 * 1024 * 1024).decode("utf-8", "replace")
    except OSError:
        return False
    return bool(_CASE_KEYS.search(text))
