"""A problem found in a file: an error or a warning with a location.

Every check in the tool reports through :class:`Problem` (the reader, the
schema, the builder, the six-step rules, the price lists), so that all
commands print the same one-line format::

    bestand.yaml:12:5: fout[code]: sleutel.pad: wat er mis is (wat te doen)
"""

from __future__ import annotations

from typing import NamedTuple

ERROR = "fout"
WARNING = "waarschuwing"

Path = tuple  # a key path: str keys and int list indexes


_OS_REASONS = {
    "EACCES": "geen toegang: onvoldoende rechten", "EPERM": "niet toegestaan: onvoldoende rechten",
    "ENOENT": "bestaat niet", "ENOSPC": "de schijf is vol", "EDQUOT": "de schijfruimte (quota) is op",
    "EROFS": "het bestandssysteem is alleen-lezen", "EISDIR": "dit is een map", "ENOTDIR": "een deel van het pad is "
    "geen map", "EEXIST": "bestaat al", "ENAMETOOLONG": "de naam is te lang", "EMFILE": "te veel open bestanden",
    "ENFILE": "te veel open bestanden", "EXDEV": "ligt op een ander bestandssysteem", "ELOOP": "te veel koppelingen "
    "(symlinks) achter elkaar", "EIO": "lees- of schrijffout van het apparaat", "EBUSY": "het is in gebruik",
    "ETXTBSY": "het is in gebruik", "EADDRINUSE": "de poort is al in gebruik", "EADDRNOTAVAIL": "dit adres hoort niet "
    "bij deze computer", "ENOTEMPTY": "de map is niet leeg", "EINVAL": "ongeldige waarde voor het systeem",
    "EFBIG": "het bestand wordt te groot", "ENXIO": "het apparaat bestaat niet", "EAGAIN": "tijdelijk niet "
    "beschikbaar; probeer het opnieuw", "EWOULDBLOCK": "tijdelijk niet beschikbaar; probeer het opnieuw",
}


def os_reason(exc: BaseException) -> str:
    """Why a file or network operation failed, in Dutch (the system's own text is English): ``de schijf is vol``.
    An error of ours that already says it in Dutch keeps its words."""
    import errno

    code = getattr(exc, "errno", None)
    name = errno.errorcode.get(code) if isinstance(code, int) else None
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    if code is None and getattr(exc, "strerror", None):
        return exc.strerror  # ours (NotRegularFile, LinkInSite …): already Dutch
    return f"systeemfout {name}" if name else "systeemfout"


def shown(value) -> str:
    """A value read from YAML as a person wrote it: ``1.5``, ``tekst``, ``[1.5, 2]``, ``{a: 1}``; never a Python repr
    such as ``Decimal('1.5')``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def display_name(file: str) -> str:
    """A file name as a message shows it: as it is, or, when it holds a line break or another control character
    (which could forge a message line or act in a terminal), between double quotes with that character escaped. An
    empty name, or one that begins or ends with a space, is quoted too: ': fout…' would name no file at all."""
    if file and file.isprintable() and file == file.strip():
        return file
    import json

    return json.dumps(file, ensure_ascii=False).translate({c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)})


def format_path(path: Path) -> str:
    """``('a', 'b', 2, 'c')`` -> ``a.b[2].c``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class Problem(NamedTuple):
    severity: str  # ERROR or WARNING
    code: str  # stable, machine-readable, e.g. "onbekende-sleutel"
    file: str
    line: int | None  # 1-based; None for a whole-file problem
    column: int | None  # 1-based
    path: Path
    message: str  # what is wrong (Dutch)
    hint: str = ""  # what to do (Dutch), may be empty

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        where = display_name(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.severity}[{self.code}]: "
        if self.path:
            text += format_path(self.path) + ": "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_json(self) -> dict:
        return {
            "bestand": self.file,
            "regel": self.line,
            "kolom": self.column,
            "ernst": self.severity,
            "code": self.code,
            "pad": format_path(self.path),
            "melding": self.message,
            "advies": self.hint,
        }


def sort_key(p: Problem):
    return (p.file, p.line or 0, p.column or 0, p.severity != ERROR, p.code)
