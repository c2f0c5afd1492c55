"""Problems for one file, located by key path in the reader's position map."""

from __future__ import annotations

import re

from ..model.problem import ERROR, WARNING, Path, Problem

_REPR = re.compile(r"Decimal\('([^']*)'\)")


class Located:
    """Creates problems for one file, looking up positions in a position map."""

    def __init__(self, file: str, positions: dict | None = None, key_positions: dict | None = None,
                 flow: frozenset = frozenset()):
        self.file = file
        self.positions = positions or {}
        self.key_positions = key_positions or {}
        self.flow = flow  # paths of the mappings written inline, between { }
        self.problems: list[Problem] = []

    def where(self, path: Path, at_key: bool = False) -> tuple[int | None, int | None]:
        """The position of a value (or its key); falls back to the nearest parent."""
        p = tuple(path)
        while True:
            if at_key and p in self.key_positions:
                return self.key_positions[p]
            if p in self.positions:
                return self.positions[p]
            if not p:
                return (None, None)
            p = p[:-1]

    def add(self, severity: str, code: str, path: Path, message: str, hint: str = "", at_key: bool = False) -> None:
        line, col = self.where(path, at_key)
        if "Decimal(" in message:  # a value put into a message as Python shows it: as it was written instead
            message = _REPR.sub(r"\1", message)
        self.problems.append(Problem(severity, code, self.file, line, col, tuple(path), message, hint))

    def error(self, code: str, path: Path, message: str, hint: str = "", at_key: bool = False) -> None:
        self.add(ERROR, code, path, message, hint, at_key)

    def warn(self, code: str, path: Path, message: str, hint: str = "", at_key: bool = False) -> None:
        self.add(WARNING, code, path, message, hint, at_key)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)
