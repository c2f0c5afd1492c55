"""The editor's modeline at the top of a case: ``# yaml-language-server: $schema=<path>``.

``doorbraak new`` writes it with a path relative to the case, so an editor finds
the JSON Schema. A case moved to another folder (or a repository cloned without
the schema copy) keeps a path that leads nowhere; the editor then silently checks
nothing. :func:`find` reads the modeline, :func:`broken` judges it (a web address
is not checked), and ``doorbraak init --repair`` writes a working one.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple
from urllib.parse import unquote, urlparse

HEAD_BYTES = 4096  # the modeline stands among the first comment lines
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(?P<ref>\S*)")


class Modeline(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based, where the reference starts
    ref: str
    text: str  # the whole line, without its line ending


def find(text: str) -> Modeline | None:
    """The modeline among the leading comment lines of ``text`` (None when there is none)."""
    for i, line in enumerate(text.lstrip("\ufeff").splitlines()[:40], 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return None
        m = _MODELINE.match(stripped)
        if m:
            return Modeline(i, line.index("$schema=") + len("$schema=") + 1, m.group("ref"), line)
    return None


def target(case_path: str, ref: str) -> str | None:
    """The file a modeline's reference means, or None for a web address (not checked)."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]+://", ref):
        parsed = urlparse(ref)
        if parsed.scheme != "file":
            return None
        return unquote(parsed.path)
    return os.path.join(os.path.dirname(os.path.abspath(case_path)), ref)


def broken(case_path: str, ref: str) -> bool:
    """Whether the reference leads to no file (an empty one counts as broken)."""
    if not ref:
        return True
    path = target(case_path, ref)
    return path is not None and not os.path.isfile(path)


def read_head(path: str) -> str:
    """The first bytes of a regular file as text ('' when it cannot be read; a FIFO is never waited on)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        data = os.read(fd, HEAD_BYTES)
    except OSError:
        return ""
    finally:
        os.close(fd)
    return data.decode("utf-8", errors="replace")


def reference(case_path: str, schema: str) -> str:
    """The modeline's reference to ``schema`` as seen from ``case_path``: relative, or a file URI (another drive)."""
    from pathlib import Path

    try:
        return os.path.relpath(schema, start=os.path.dirname(os.path.abspath(case_path))).replace(os.sep, "/")
    except ValueError:
        return Path(schema).as_uri()
