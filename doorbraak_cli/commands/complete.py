"""Values for shell completion (Tab): the statuses from the vocabulary, the municipalities from the cases nearby.

Completion runs on every press of Tab, so it is bounded: the case files under
the folders already typed on the command line (else the current folder), at
most :data:`MAX_FILES` of them, only the first :data:`HEAD` bytes of each.
A file that cannot be read is skipped; completion never prints anything but
the values, and never fails.
"""

from __future__ import annotations

import os
import re

from ..model.vocabulary import STATUSES
from ..source.discover import find_files
from ..source.files import open_regular

MAX_FILES = 2000
HEAD = 8192
_GEMEENTE = re.compile(rb"^gemeente:[ \t]*(.*?)[ \t]*(?:#.*)?$", re.MULTILINE)


def statuses(incomplete: str) -> list[str]:
    return [s for s in STATUSES if s.startswith(incomplete.lower())]


def _value(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    return text if text.isprintable() else ""


def municipalities(roots, incomplete: str) -> list[str]:
    """The distinct ``gemeente:`` values of the case files under ``roots`` that start with ``incomplete``."""
    folders = [r for r in (roots or []) if os.path.isdir(r)] or ["."]
    files, _ = find_files(folders)
    found = set()
    for path in files[:MAX_FILES]:
        try:
            with open_regular(path, text=False) as fh:
                head = fh.read(HEAD)
        except OSError:
            continue
        m = _GEMEENTE.search(head)
        if m:
            value = _value(m.group(1))
            if value:
                found.add(value)
    want = incomplete.lower()
    return sorted(v for v in found if v.lower().startswith(want))
