"""Read a YAML file into plain data plus a map of positions.

One event-driven builder serves every YAML backend (libyaml through PyYAML,
pure-Python PyYAML, ruamel.yaml), so a file means the same whatever parsed it:

* scalars resolve by the YAML 1.2 core schema, done here and not by the
  backend (``yes`` and ``2026-11-02`` stay text, ``1.5`` becomes an exact
  :class:`~decimal.Decimal` read from the source text, never a float);
* duplicate keys, anchors/aliases, explicit tags, complex keys and more than
  one document are refused with a located problem;
* nesting depth and size are bounded before anything can explode, so an
  alias bomb or a deeply nested file is refused quickly in bounded memory.

The result is a :class:`Document`: the data (dicts, lists, str, int,
Decimal, bool, None) and, for every key path, the 1-based line and column.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from ..model.problem import ERROR, Problem, os_reason
from .files import FileTooLarge, NotRegularFile, read_regular
from .yamlwords import ESCAPE, KINDS, TRANSLATIONS, runaway_quote

MAX_BYTES = 2 * 1024 * 1024  # a case is a few KB; 2 MiB is generous
MAX_DEPTH = 50
MAX_EVENTS = 400_000
MAX_NUMBER_DIGITS = 30  # a YAML number with more digits (or a larger exponent) is kept as text

BACKENDS = ("libyaml", "pyyaml", "ruamel")


class Document(NamedTuple):
    file: str
    data: Any
    positions: dict  # path -> (line, column) of the value
    key_positions: dict  # path -> (line, column) of the key
    flow: frozenset = frozenset()  # paths of the mappings written inline, between { }
    source: str | None = None  # the text, kept by a quick reading (positions None) to read it exactly when needed


class ReadError(Exception):
    """Raised with a located :class:`Problem` when a file cannot be read."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def _fail(file: str, code: str, message: str, hint: str = "", line=None, column=None, path=()) -> ReadError:
    return ReadError(Problem(ERROR, code, file, line, column, tuple(path), message, hint))


# --- bytes -> text ---------------------------------------------------------


def read_bytes(path: str) -> bytes:
    """Read a regular file, refusing one that is too large before reading it (and never opening a FIFO)."""
    try:
        return read_regular(path, MAX_BYTES)
    except FileTooLarge as exc:
        raise _fail(
            path,
            "te-groot",
            f"het bestand is te groot ({exc.size / 1048576:.1f} MB; hoogstens {MAX_BYTES // 1048576} MB)".replace(".", ","),
            "een casus is een paar kilobyte; splits het bestand of controleer of het wel een casus is",
        ) from None
    except NotRegularFile as exc:
        if exc.is_dir:
            raise _fail(path, "geen-bestand", "dit is een map, geen bestand") from None
        raise _fail(path, "geen-bestand", "dit is geen gewoon bestand (maar bijvoorbeeld een pipe, socket of apparaat); "
                    "het wordt niet geopend") from None
    except FileNotFoundError:
        raise _fail(path, "niet-gevonden", "het bestand bestaat niet", "controleer de naam en de map") from None
    except PermissionError:
        raise _fail(path, "geen-toegang", "het bestand kan niet gelezen worden (geen leesrechten)") from None
    except OSError as exc:
        raise _fail(path, "leesfout", f"het bestand kan niet gelezen worden ({os_reason(exc)})") from None


def decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _fail(file, "te-groot", f"het bestand is te groot (meer dan {MAX_BYTES // 1048576} MB)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(file, "geen-utf8", "het bestand is UTF-16, geen UTF-8", "sla het op als UTF-8 (zonder BOM)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            file,
            "geen-utf8",
            f"het bestand is geen geldige UTF-8-tekst (byte 0x{raw[exc.start]:02X})",
            "sla het bestand op als UTF-8; in Windows-Kladblok: 'Opslaan als' en codering UTF-8",
            line,
            column,
        ) from None
    if "\x00" in text:
        raise _fail(file, "binair", "het bestand bevat een NUL-teken; het is geen tekstbestand")
    return text


# --- YAML 1.2 core schema scalars -------------------------------------------

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
STR_TAG = "tag:yaml.org,2002:str"
_CONTAINER_TAGS = frozenset(("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"))


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar by the YAML 1.2 core schema.

    Floats become exact Decimals from the source text. Octal/hex integers and
    .inf/.nan are kept as text: no case field needs them, and a price of
    ``.inf`` must never pass as a number.
    """
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        # A number beyond any case (1e999999999 would expand into a billion-digit integer
        # downstream) stays text, which the checks then refuse with a message.
        if _INT.match(value):
            return plain_int(value)
        if _FLOAT.match(value):
            return plain_decimal(value)
    return value


def plain_int(value: str):
    """An integer's text as an int, or the text when it has more digits than any case needs."""
    return int(value) if len(value) <= MAX_NUMBER_DIGITS else value


def plain_decimal(value: str):
    """A float's text as the exact Decimal it writes, or the text when its exponent or digits exceed any case."""
    d = Decimal(value)
    return d if abs(d.adjusted()) <= MAX_NUMBER_DIGITS and len(d.as_tuple().digits) <= 2 * MAX_NUMBER_DIGITS else value


# --- backends ----------------------------------------------------------------

_backend_cache: dict = {}


def load_backend(name: str):
    """Return (make_parser, kinds, error_class) for a backend."""
    if name in _backend_cache:
        return _backend_cache[name]
    if name in ("libyaml", "pyyaml"):
        import yaml
        from yaml import events as ev

        # the loaders' own event parsers (public API); their constructors are never used
        make = yaml.CSafeLoader if name == "libyaml" else yaml.SafeLoader

        error = (yaml.MarkedYAMLError, yaml.reader.ReaderError)  # the reader's: a control character, with its offset
    elif name == "ruamel":
        from ruamel.yaml import YAML
        from ruamel.yaml import events as ev
        from ruamel.yaml.error import MarkedYAMLError

        error = (MarkedYAMLError, AssertionError)  # it asserts the version of a '%YAML 1.11' line: a syntax error

        class _Events:
            def __init__(self, text):
                # the safe, pure parser: the round-trip one marks fold points in ">" scalars with "\\a"
                self.get_event = YAML(typ="safe", pure=True).parse(text).__next__

        make = _Events
    else:
        raise ValueError(f"unknown YAML backend {name!r}")
    kinds = {
        ev.ScalarEvent: "scalar",
        ev.MappingStartEvent: "map",
        ev.MappingEndEvent: "end",
        ev.SequenceStartEvent: "seq",
        ev.SequenceEndEvent: "end",
        ev.AliasEvent: "alias",
        ev.DocumentStartEvent: "docstart",
        ev.DocumentEndEvent: "docend",
        ev.StreamStartEvent: "streamstart",
        ev.StreamEndEvent: "streamend",
    }
    _backend_cache[name] = (make, kinds, error)
    return _backend_cache[name]


def default_backend() -> str:
    try:
        import yaml

        if getattr(yaml, "__with_libyaml__", False):
            return "libyaml"
        return "pyyaml"
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        return "ruamel"


# --- parser errors in Dutch ---------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def _too_deep_at(text: str) -> tuple[int, int] | None:
    """Where flow nesting ('[' and '{', outside quotes) first reaches MAX_DEPTH levels, as our builder counts them."""
    depth = 0
    quote = None
    line, column = 1, 0
    for ch in text:
        column += 1
        if ch == "\n":
            line, column = line + 1, 0
        elif quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth >= MAX_DEPTH:  # as the builder counts: the root mapping and MAX_DEPTH - 1 levels fit
                return line, column
        elif ch in "]}":
            depth -= 1
    return None


def _translate(exc, text: str, file: str) -> ReadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = column = None
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    problem = " ".join(str(p) for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p)
    if mark is None and isinstance(getattr(exc, "position", None), int):  # the reader's error: an offset in the text
        pos = exc.position
        line, column = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        problem = str(getattr(exc, "reason", ""))
    if "nesting depth" in problem:  # newer libyaml stops deep flow nesting in its scanner, before our own check
        line, column = _too_deep_at(text) or (line, column)
        return _fail(file, "te-diep", f"de structuur is te diep genest (meer dan {MAX_DEPTH} niveaus)",
                     "een casus heeft hooguit een paar niveaus", line, column)
    lines = text.split("\n")
    # A tab in the indentation of the offending line (or the one before) is the usual cause.
    if line is not None:
        for ln in (line, line - 1):
            if 1 <= ln <= len(lines):
                s = lines[ln - 1]
                lead = s[: len(s) - len(s.lstrip(" \t"))]
                if "\t" in lead or (ln == line and column and column <= len(s) and s[column - 1] == "\t"):
                    return _fail(file, "tab", "een tab-teken in de inspringing",
                                 "YAML springt alleen in met spaties; vervang de tab door spaties",
                                 ln, (lead.index("\t") + 1) if "\t" in lead else column)
        opened = runaway_quote(text, line)
        if opened is not None:
            return _fail(file, "yaml-syntax", "een aanhalingsteken wordt niet gesloten: de tekst die hier begint, loopt "
                         f"door tot regel {line}", "sluit de tekst op deze regel af met hetzelfde aanhalingsteken",
                         *opened)
    for needle, message, hint in TRANSLATIONS:
        if needle in problem:
            return _fail(file, "yaml-syntax", message, hint, line, column)
    lowered = problem.lower()
    for needles, message, hint in KINDS:
        if any(n in lowered for n in needles):
            if message == ESCAPE[0] and line is not None and 1 <= line <= len(lines) and column:
                back = lines[line - 1].rfind("\\", 0, column)  # libyaml points after '\u': show the backslash
                column = back + 1 if 0 <= column - 1 - back <= 2 else column
            return _fail(file, "yaml-syntax", message, hint, line, column)
    return _fail(file, "yaml-syntax", "de YAML kan hier niet gelezen worden",
                 "controleer inspringing, dubbele punten en aanhalingstekens", line, column)


# --- the builder ------------------------------------------------------------


# what YAML 1.2 allows in a file (its c-printable set): tab, line breaks, printable ASCII, NEL and the rest of Unicode
# but the C1 controls, surrogates and the non-characters U+FFFE/U+FFFF. Written as the characters it refuses: the
# same set, but the negated class with all of Unicode took 4-5 ms to compile on every start (calc's path).
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def check_characters(text: str, file: str) -> None:
    """ReadError at the first character no YAML parser accepts (form feed, escape, DEL, a C1 control, U+FFFE):
    one located problem, the same with every backend."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    at = bad.start()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    raise _fail(file, "yaml-syntax", f"een ongeldig (controle)teken in het bestand: U+{ord(bad.group()):04X}, dat in "
                "YAML niet mag", "haal het teken weg; het komt vaak mee bij kopiëren en plakken uit een ander programma",
                line, column)


def parse(text: str, file: str, backend: str | None = None) -> Document:
    """Parse YAML text into a :class:`Document`; raise :class:`ReadError`."""
    check_characters(text, file)
    make, kinds, yaml_error = load_backend(backend or default_backend())
    positions: dict = {}
    key_positions: dict = {}
    flow: set = set()
    stack: list = []  # frames: [container, path, pending_key or None, is_map]
    root: Any = None
    documents = 0
    count = 0
    parser = make(text)
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            kind = kinds[type(event)]
            count += 1
            if count > MAX_EVENTS:
                raise _fail(file, "te-groot", "het bestand heeft te veel elementen om een casus te zijn")
            if kind == "streamend":
                break
            if kind in ("streamstart", "docend"):
                continue
            if kind == "docstart":
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    raise _fail(file, "meerdere-documenten", "het bestand bevat meer dan één YAML-document ('---')",
                                "zet elke casus in een eigen bestand", m.line + 1, m.column + 1)
                continue
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            if kind == "alias":
                raise _fail(file, "alias", "aliassen (*naam) worden niet ondersteund",
                            "schrijf de waarde voluit; dat voorkomt ook dat een klein bestand ongemerkt enorm wordt",
                            *where)
            if kind == "end":
                container, path, _, _ = stack.pop()
                value = container
                if not stack:
                    root = value
                continue
            # scalar, map or seq: a value, or a key of the mapping on top
            frame = stack[-1] if stack else None
            if frame is not None and frame[3] and frame[2] is None:
                # expecting a key
                if kind != "scalar":
                    raise _fail(file, "complexe-sleutel", "een sleutel moet gewone tekst zijn, geen lijst of mapping",
                                "", *where, path=frame[1])
                key = event.value
                if event.style == '"' and _SURROGATE.search(key):
                    raise _fail(file, "yaml-syntax", *ESCAPE, *where, path=frame[1])
                container = frame[0]
                if key in container:
                    first = key_positions.get(frame[1] + (key,))
                    first_txt = f" (eerder op regel {first[0]})" if first else ""
                    raise _fail(file, "dubbele-sleutel", f"de sleutel '{key}' staat twee keer in dezelfde mapping{first_txt}",
                                "haal een van de twee weg of voeg ze samen; YAML-lezers houden stilzwijgend alleen de laatste",
                                *where, path=frame[1] + (key,))
                frame[2] = key
                key_positions[frame[1] + (key,)] = where
                continue
            tag = event.tag
            if tag is not None and not isinstance(tag, str):
                tag = str(tag)
            if frame is None:
                path: tuple = ()
            elif frame[3]:
                path = frame[1] + (frame[2],)
            else:
                path = frame[1] + (len(frame[0]),)
            if len(path) > MAX_DEPTH:
                raise _fail(file, "te-diep", f"de structuur is te diep genest (meer dan {MAX_DEPTH} niveaus)",
                            "een casus heeft hooguit een paar niveaus", *where)
            if kind == "scalar":
                if event.style == '"' and _SURROGATE.search(event.value):  # "\ud800": no character, unwritable
                    raise _fail(file, "yaml-syntax", *ESCAPE, *where, path=path)
                if tag is None or tag == "!":
                    value = resolve_plain(event.value) if (tag is None and event.implicit[0]) else event.value
                elif tag == STR_TAG:
                    value = event.value
                else:
                    raise _fail(file, "yaml-label", f"het YAML-label '{tag}' wordt niet ondersteund",
                                "haal het label weg; waarden zijn gewone tekst, getallen of lijsten", *where, path=path)
                new = None
            else:
                if tag is not None and tag not in _CONTAINER_TAGS and tag != "!":
                    raise _fail(file, "yaml-label", f"het YAML-label '{tag}' wordt niet ondersteund",
                                "haal het label weg", *where, path=path)
                value = {} if kind == "map" else []
                new = [value, path, None, kind == "map"]
                if kind == "map" and getattr(event, "flow_style", False):
                    flow.add(path)
            positions[path] = where
            if frame is not None:
                if frame[3]:
                    frame[0][frame[2]] = value
                    frame[2] = None
                else:
                    frame[0].append(value)
            elif new is None:
                root = value
            if new is not None:
                if len(stack) >= MAX_DEPTH:
                    raise _fail(file, "te-diep", f"de structuur is te diep genest (meer dan {MAX_DEPTH} niveaus)",
                                "een casus heeft hooguit een paar niveaus", *where)
                stack.append(new)
    except ReadError:
        raise
    except yaml_error as exc:
        raise _translate(exc, text, file) from None
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise _fail(file, "te-diep", "de structuur is te diep genest") from None
    return Document(file, root, positions, key_positions, frozenset(flow))


def read(path: str, backend: str | None = None) -> Document:
    """Read and parse one file; raise :class:`ReadError` with a Dutch problem."""
    return parse(decode(read_bytes(path), path), path, backend)
