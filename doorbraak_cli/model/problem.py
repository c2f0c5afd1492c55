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
        where = self.file
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
