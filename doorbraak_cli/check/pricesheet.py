"""A price sheet (CSV or XLSX) read and checked row by row, for ``doorbraak import-prices``.

The first non-empty row names the columns (case-insensitive): ``id``,
``omschrijving``, ``prijs``, ``eenheid``, ``domein`` and, optionally, ``bron``
and ``toelichting``. Every other row is one item. Every bad row is reported
with its row number, and the caller writes nothing when any row is bad.

* **Money stays exact.** A text cell goes through :func:`.quantity.parse_money`
  (``1.052,32``, ``€ 1.052,32``, ``1052.32``; ambiguous ``1.052`` is refused).
  A numeric XLSX cell arrives as a binary float: it is read through its
  shortest ``repr`` into a Decimal, so 1052.32 stays 1052.32. A price with
  more than two decimals is refused, except float noise on a cell whose
  number format shows at most two (``1052.3200000000002`` shown as
  ``1.052,32``), which is what the sheet shows.
* **Cells are data.** A cell starting with ``=``, ``+``, ``-`` or ``@`` is
  text like any other; nothing is ever evaluated. XLSX formulas are read as
  the value the spreadsheet last computed (what the cell shows).
* A CSV is UTF-8 (with or without BOM; Windows-1252 as a fallback, which is
  what Excel writes on a Dutch Windows), separated by ``;``, ``,`` or a tab.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from datetime import date, datetime, time
from decimal import Decimal
from difflib import get_close_matches
from typing import NamedTuple

from ..model.problem import os_reason
from ..model.vocabulary import DOMEINEN
from ..source.files import FileTooLarge, NotRegularFile, read_regular
from .quantity import MAX_AMOUNT, PriceError, parse_money

REQUIRED = ("id", "omschrijving", "prijs", "eenheid", "domein")
OPTIONAL = ("bron", "toelichting")
COLUMNS = REQUIRED + OPTIONAL
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
CENT = Decimal("0.01")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


class SheetProblem(NamedTuple):
    """One problem in a sheet: ``tarieven.csv:rij 5: kolom prijs: wat er mis is (wat te doen)``."""

    file: str
    row: int | None
    column: str | None
    message: str
    hint: str = ""

    def format(self) -> str:
        where = self.file + (f":rij {self.row}" if self.row is not None else "")
        text = f"{where}: " + (f"kolom {self.column}: " if self.column else "") + self.message
        return text + (f" ({self.hint})" if self.hint else "")


class SheetItem(NamedTuple):
    id: str
    omschrijving: str
    prijs: Decimal  # at most two decimals
    eenheid: str
    domein: str
    bron: str  # the sheet's bron, or a line naming the file, sheet and row
    toelichting: str
    row: int


class Sheet(NamedTuple):
    file: str
    blad: str | None  # the worksheet's name (XLSX)
    items: list  # of SheetItem, in sheet order
    problems: list  # of SheetProblem
    notes: list  # of str: what the user should know, not wrong

    @property
    def ok(self) -> bool:
        return not self.problems


class SheetError(Exception):
    """The sheet cannot be read at all; the message is Dutch and complete."""


def slug(text: str) -> str:
    """A suggestion for an id: 'Opvang (dag)' -> 'opvang-dag'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- reading raw rows -----------------------------------------------------------------------------


def _read_bytes(path: str) -> bytes:
    try:
        return read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise SheetError(f"{path}: het bestand bestaat niet (controleer de naam en de map)") from None
    except NotRegularFile as exc:
        raise SheetError(f"{path}: {'dit is een map' if exc.is_dir else 'dit is geen gewoon bestand'}") from None
    except FileTooLarge as exc:
        raise SheetError(f"{path}: het bestand is te groot ({exc.size // 1048576} MB; hoogstens "
                         f"{MAX_BYTES // 1048576} MB voor een prijslijst)") from None
    except OSError as exc:
        raise SheetError(f"{path}: kan het bestand niet lezen ({os_reason(exc)})") from None


def csv_rows(path: str, notes: list) -> list[tuple[int, list]]:
    """(row number, cells as text) for every record of a CSV file."""
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append("het bestand is geen UTF-8; gelezen als Windows-1252 (zoals Excel het op Windows opslaat)")
    if "\x00" in text:
        raise SheetError(f"{path}: het bestand bevat NUL-tekens; is het wel een CSV-bestand (of UTF-16)? "
                         "Sla het op als 'CSV UTF-8'")
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"
    out = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for n, cells in enumerate(reader, 1):
            if n > MAX_ROWS:
                raise SheetError(f"{path}: meer dan {MAX_ROWS} rijen; is dit wel een prijslijst?")
            out.append((n, cells))
    except csv.Error as exc:
        what = next((dutch for english, dutch in _CSV_ERRORS if english in str(exc)), "de rij kan niet gelezen worden")
        raise SheetError(f"{path}:rij {len(out) + 1}: geen geldige CSV: {what}; controleer de aanhalingstekens "
                         "in deze rij") from None
    return out


# what Python's CSV reader says (in English), told in Dutch; anything else is "de rij kan niet gelezen worden"
_CSV_ERRORS = (
    ("unexpected end of data", "een aanhalingsteken wordt niet gesloten"),
    ("expected after", "na een sluitend aanhalingsteken staat nog tekst in dezelfde cel"),
    ("field limit", "een cel is te groot"),
)
MAX_UNPACKED = 64 * 1024 * 1024  # an XLSX price list unpacks to a few MB; a zip bomb to gigabytes
MAX_PARTS = 2000
MAX_COLUMNS = 64


def _check_unpacked(path: str, data: bytes) -> None:
    """SheetError when the XLSX would unpack to more than MAX_UNPACKED bytes (or has absurdly many parts). The sizes
    come from the zip's directory; Python's zip reader never unpacks a part beyond its stated size, so a part that
    lies about it cannot grow past the bound either."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SheetError(f"{path}: geen geldig XLSX-bestand (geen werkmap van Excel of een ander rekenprogramma); "
                         "sla het op als .xlsx of als CSV") from None
    total = sum(max(0, p.file_size) for p in parts)
    if len(parts) > MAX_PARTS or total > MAX_UNPACKED:
        raise SheetError(f"{path}: het werkblad pakt uit tot {total / 1048576:,.0f} MB in {len(parts)} delen; dat is "
                         f"te groot voor een prijslijst (hoogstens {MAX_UNPACKED // 1048576} MB). Is dit wel een "
                         "prijslijst? Sla alleen het blad met de prijzen op, als .xlsx of als CSV".replace(",", "."))


def xlsx_rows(path: str, blad: str | None) -> tuple[str, list[tuple[int, list]]]:
    """(sheet name, [(row number, [(value, number format), ...])]) of one worksheet, read-only; the unpacked size,
    the rows and the columns read are bounded."""
    data = _read_bytes(path)  # the same checks (exists, regular, size) as a CSV
    _check_unpacked(path, data)
    try:
        import openpyxl
    except ImportError:
        raise SheetError("voor XLSX is openpyxl nodig, en dat is niet geïnstalleerd: pip install openpyxl "
                         "(of sla het werkblad op als CSV)") from None
    import io
    import warnings
    import zipfile

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)  # the bytes checked
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SheetError(f"{path}: geen geldig XLSX-bestand (geen werkmap van Excel of een ander rekenprogramma); "
                         "sla het op als .xlsx of als CSV") from None
    except MemoryError:
        raise SheetError(f"{path}: het werkblad is te groot om te lezen; sla alleen het blad met de prijzen op") from None
    except Exception as exc:  # openpyxl's own InvalidFileException and the like; its English is not shown
        raise SheetError(f"{path}: kan het werkblad niet lezen (het is geen werkmap die openpyxl kent); sla het op als "
                         ".xlsx of als CSV") from exc
    try:
        if blad is None:
            ws = wb.worksheets[0]
        elif blad in wb.sheetnames:
            ws = wb[blad]
        else:
            raise SheetError(f"{path}: er is geen blad '{blad}'; kies uit: {', '.join(wb.sheetnames)}")
        rows = []
        for n, cells in enumerate(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS), 1):
            if n > MAX_ROWS:
                raise SheetError(f"{path}: meer dan {MAX_ROWS} rijen; is dit wel een prijslijst?")
            rows.append((n, [(c.value, getattr(c, "number_format", "General") or "General") for c in cells]))
        return ws.title, rows
    finally:
        wb.close()


# --- cells ----------------------------------------------------------------------------------------


def text_of(value) -> str:
    """A cell as the text it shows: numbers without a binary tail, dates as JJJJ-MM-DD."""
    if isinstance(value, tuple):
        value = value[0]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def shows_two_places(number_format: str) -> bool:
    """Whether a number format shows at most two decimals ('0.00', '#,##0.00 €', 'General' does not count)."""
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format or "")
    if not fmt or fmt.lower() == "general" or "%" in fmt or "e" in fmt.lower():
        return False
    section = fmt.split(";")[0]
    decimals = section.split(".", 1)[1] if "." in section else ""
    return len(re.findall(r"[0#?]", decimals)) <= 2


def money_of(value) -> Decimal:
    """A price cell as an exact Decimal with at most two decimals; PriceError (Dutch) when it is none."""
    number_format = "General"
    from_xlsx = isinstance(value, tuple)
    if from_xlsx:
        value, number_format = value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PriceError("is leeg", "vul een prijs in, bijvoorbeeld 1052,32" + (
            "; staat er een formule, open en bewaar het werkblad dan eerst in Excel of LibreOffice, zodat de "
            "uitkomst in het bestand staat" if from_xlsx else ""))
    if isinstance(value, bool):
        raise PriceError(f"'{text_of(value)}' is geen bedrag", "vul een prijs in, bijvoorbeeld 1052,32")
    if isinstance(value, (datetime, date, time)):
        raise PriceError(f"'{text_of(value)}' is een datum, geen bedrag", "geef de cel de opmaak Getal of Valuta")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PriceError(f"'{value}' is geen bedrag", "vul een prijs in, bijvoorbeeld 1052,32")
        exact = Decimal(repr(value))  # the shortest text that reads back as this float: 1052.32, not 1052.31999…
        if abs(exact) > MAX_AMOUNT or exact and exact.adjusted() < -12:  # 1E+300 cannot be put in cents:
            return _bounded(parse_money(exact), exact)  # refused as any amount beyond a case is, and shown short
        rounded = exact.quantize(CENT)
        if exact != rounded:
            noise = abs(exact - rounded) <= Decimal("1e-9") * max(Decimal(1), abs(exact))
            if not (noise and shows_two_places(number_format)):
                raise PriceError(f"{format(exact, 'f').replace('.', ',')} heeft meer dan twee decimalen",
                                 "rond de prijs in het werkblad af op centen, bijvoorbeeld met =AFRONDEN(…; 2)")
            exact = rounded
        value = exact
    return _bounded(parse_money(value), value)


def _bounded(amount: Decimal, value) -> Decimal:
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(CENT):
        raise PriceError(f"'{text_of(value)}' heeft meer dan twee decimalen", "schrijf de prijs in euro en centen")
    if amount < 0:
        raise PriceError(f"'{text_of(value)}' is negatief; een prijs in een prijslijst kan niet negatief zijn",
                         "schrijf de prijs zonder minteken")
    return amount.quantize(CENT)


# --- the sheet ------------------------------------------------------------------------------------


def _header(file: str, row: int, cells: list) -> tuple[dict, list, list]:
    """(column name -> index, problems, notes) from the header row."""
    index: dict = {}
    problems: list = []
    notes: list = []
    for i, cell in enumerate(cells):
        name = text_of(cell).lower().strip()
        if not name:
            continue
        if name in index:
            problems.append(SheetProblem(file, row, name, f"de kolom '{name}' staat twee keer in de kop",
                                         "laat één van beide weg"))
        elif name in COLUMNS:
            index[name] = i
        else:
            close = get_close_matches(name, COLUMNS, n=1, cutoff=0.75)
            if close and close[0] not in index:
                notes.append(f"kolom '{text_of(cell)}' wordt niet gebruikt (bedoelde u '{close[0]}'?)")
            else:
                notes.append(f"kolom '{text_of(cell)}' wordt niet gebruikt")
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        problems.append(SheetProblem(
            file, row, None, f"de kop mist {'de kolom' if len(missing) == 1 else 'de kolommen'} {', '.join(missing)}",
            "de eerste rij noemt de kolommen id, omschrijving, prijs, eenheid, domein en bron "
            "(hoofdletters maken niet uit)"))
    return index, problems, notes


def check_row(file: str, n: int, cells: list, index: dict, width: int, seen: dict, label: str):
    """(item or None, problems) of one row; ``seen`` maps the ids so far to their rows."""
    problems: list = []

    def cell(name: str):
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    def bad(column: str | None, message: str, hint: str = "") -> None:
        problems.append(SheetProblem(file, n, column, message, hint))

    texts = {}
    for name in COLUMNS:
        if name != "prijs":
            texts[name] = text_of(cell(name))
            if _CONTROL.search(texts[name]):
                bad(name, "bevat een stuurteken (een onzichtbaar teken)", "typ de tekst opnieuw")
    pid = texts["id"]
    if not pid:
        bad("id", "is leeg", f"geef de post een id, bijvoorbeeld '{slug(texts['omschrijving']) or 'opvang-dag'}'")
    elif not ID_PATTERN.match(pid):
        suggestion = slug(pid)
        bad("id", f"'{pid}' is geen geldig id",
            "gebruik kleine letters, cijfers en streepjes" + (f", bijvoorbeeld '{suggestion}'" if suggestion else ""))
    elif pid in seen:
        bad("id", f"'{pid}' staat ook in rij {seen[pid]}", "geef elke post een eigen id")
    else:
        seen[pid] = n
    if not texts["omschrijving"]:
        bad("omschrijving", "is leeg", "vul een omschrijving in, bijvoorbeeld 'Verblijf maatschappelijke opvang'")
    prijs = None
    try:
        prijs = money_of(cell("prijs"))
    except PriceError as exc:
        bad("prijs", exc.message, exc.hint)
    if not texts["eenheid"]:
        bad("eenheid", "is leeg", "vul een eenheid in, bijvoorbeeld dag, uur, maand, jaar of keer")
    domein = texts["domein"]
    by_lower = {d.lower(): d for d in DOMEINEN}
    if not domein:
        bad("domein", "is leeg", f"kies uit: {', '.join(DOMEINEN)}")
    elif domein.lower() in by_lower:
        domein = by_lower[domein.lower()]  # WMO -> Wmo: unambiguous
    else:
        close = get_close_matches(domein.lower(), list(by_lower), n=1, cutoff=0.5)
        hint = (f"bedoelde u '{by_lower[close[0]]}'? " if close else "") + f"kies uit: {', '.join(DOMEINEN)}"
        bad("domein", f"'{domein}' is geen domein", hint)
    extra = [text_of(c) for c in cells[width:] if text_of(c)]
    if extra:
        bad(None, f"de rij heeft meer cellen dan de kop kolommen heeft ({', '.join(extra[:3])})",
            "geef de kolom een naam in de kop, of maak de cel leeg")
    if problems:
        return None, problems
    bron = texts["bron"] or f"{label}, rij {n}"
    return SheetItem(pid, texts["omschrijving"], prijs, texts["eenheid"], domein, bron, texts["toelichting"], n), []


def check_rows(file: str, rows: list, label: str) -> Sheet:
    """Check raw rows (row number, cells) into items; ``label`` names the source in a generated bron."""
    notes: list = []
    rows = [(n, cells) for n, cells in rows if any(text_of(c) for c in cells)]
    if not rows:
        return Sheet(file, None, [], [SheetProblem(file, None, None, "het werkblad is leeg",
                                                   "de eerste rij noemt de kolommen, daaronder één post per rij")], notes)
    head_row, head = rows[0]
    index, problems, head_notes = _header(file, head_row, head)
    notes.extend(head_notes)
    if problems:
        return Sheet(file, None, [], problems, notes)
    items: list = []
    seen: dict = {}
    width = max(i + 1 for i, c in enumerate(head) if text_of(c))
    for n, cells in rows[1:]:
        item, row_problems = check_row(file, n, cells, index, width, seen, label)
        problems.extend(row_problems)
        if item is not None:
            items.append(item)
    if not items and not problems:
        problems.append(SheetProblem(file, None, None, "het werkblad heeft alleen een kop en geen posten",
                                     "zet onder de kop één post per rij"))
    return Sheet(file, None, items, problems, notes)


def read_sheet(path: str, blad: str | None = None) -> Sheet:
    """Read and check a CSV or XLSX price sheet; SheetError when it cannot be read at all."""
    ext = os.path.splitext(path)[1].lower()
    name = os.path.basename(path)
    if ext in (".xlsx", ".xlsm"):
        title, rows = xlsx_rows(path, blad)
        sheet = check_rows(path, rows, f"{name}, blad {title}")
        return sheet._replace(blad=title)
    if ext in (".xls", ".ods", ".numbers"):
        raise SheetError(f"{path}: dit formaat wordt niet gelezen; sla het werkblad op als .xlsx of als CSV")
    if blad is not None:
        raise SheetError(f"{path}: een CSV-bestand heeft geen bladen; laat --blad weg")
    notes: list = []
    rows = csv_rows(path, notes)
    sheet = check_rows(path, rows, name)
    return sheet._replace(notes=notes + sheet.notes)
