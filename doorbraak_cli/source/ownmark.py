"""Files the tool wrote itself, recognisable by a marker, so that re-rendering needs no ``--force``.

A document that ``render`` writes to a file carries, at its very end, the
marker ``doorbraak-gemaakt sha256=<64 hex>``: the SHA-256 of the whole file
with those 64 hex digits written as zeros. In HTML and Markdown it is an HTML
comment on the last line, in a PDF a comment line after ``%%EOF``, in a Word
document (a zip) the archive comment. None of them shows in the document.

:func:`is_own` trusts nothing it reads back: the file must be a regular file
of bounded size whose marker sits at the end and whose digest matches. A file
the user edited after it was written no longer matches, so it is not replaced
without ``--force``; neither is any file the tool did not write.
"""

from __future__ import annotations

import hashlib
import re
import struct

PREFIX = b"doorbraak-gemaakt sha256="
_ZEROS = b"0" * 64
_FOUND = re.compile(rb"doorbraak-gemaakt sha256=([0-9a-f]{64})")
TAIL = 512  # the marker stands within the last bytes of the file
LIMIT = 256 * 1024 * 1024  # a larger file is no document of ours


def _wrapped(fmt: str) -> bytes:
    if fmt in ("html", "markdown"):
        return b"<!-- " + PREFIX + _ZEROS + b" -->\n"
    if fmt == "pdf":
        return b"%" + PREFIX + _ZEROS + b"\n"
    return PREFIX + _ZEROS


def mark(data: str | bytes, fmt: str) -> bytes:
    """``data`` with the marker at its end (for ``fmt`` html, markdown, pdf or docx)."""
    body = data.encode("utf-8") if isinstance(data, str) else data
    marker = _wrapped(fmt)
    if fmt == "docx":
        # a zip's end-of-central-directory record (22 bytes) ends the file; its last field is the comment length
        if len(body) < 22 or body[-22:-18] != b"PK\x05\x06" or body[-2:] != b"\x00\x00":
            return body  # not a zip without a comment: leave it unmarked (then --force is needed, as before)
        body = body[:-2] + struct.pack("<H", len(marker))
    elif body and not body.endswith(b"\n"):
        body += b"\n"
    marked = body + marker
    digest = hashlib.sha256(marked).hexdigest().encode("ascii")
    return marked[: len(marked) - len(marker)] + marker.replace(_ZEROS, digest)


def is_own(path) -> bool:
    """Whether ``path`` is a file this tool wrote and nobody changed since (see the module's docstring)."""
    from .files import read_regular

    try:
        data = read_regular(path, LIMIT)
    except OSError:
        return False
    if len(data) > LIMIT:
        return False
    tail_at = max(0, len(data) - TAIL)
    found = list(_FOUND.finditer(data, tail_at))
    if not found:
        return False
    m = found[-1]
    end = m.end() + (4 if data[m.end():m.end() + 4] == b" -->" else 0)
    if data[end:].strip(b"\r\n") != b"":
        return False  # something was added after the marker
    zeroed = data[: m.start(1)] + _ZEROS + data[m.end(1):]
    return hashlib.sha256(zeroed).hexdigest().encode("ascii") == m.group(1)
