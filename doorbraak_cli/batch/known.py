"""The digests of files that did not change since they were hashed: a repeated report reads no case file.

A warm ``report`` answers from the cache when every file still has the bytes
it had; finding that out by hashing 10,000 files took most of its time. A
file's SHA-256 is remembered here with what the file system says about it
(size, modification and change time in nanoseconds, inode and device), and
given again only while all of those are unchanged: writing a file changes its
change time, which no program can set back. A file that had changed shortly
before it was hashed (less than :data:`SETTLED` before the run began) is not
remembered, so a change made in the same tick of the file system's clock,
after it was read, cannot hide behind an unchanged time. Anything in doubt is
hashed again. The memory is a cache entry like any other (JSON, keyed by the
code, checksummed; a miss when it does not check out), one per set of folders:
one text of a line per file, ``path<TAB>signature<TAB>sha256`` (a path with a
tab or a line break in it is not remembered), which loads in a few milliseconds.
"""

from __future__ import annotations

import os
import re

from ..source import cache
from ..source.files import digest_file

SETTLED = 2_000_000_000  # nanoseconds: a file's last change must lie this long before the run began
_SHA = re.compile(r"[0-9a-f]{64}\Z")


def _stat(path: str):
    try:
        return os.stat(path)
    except OSError:
        return None


def _signature(st) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


class KnownDigests:
    """``digest(path)`` as :func:`..source.files.digest_file`, from memory where the file is unchanged; ``save()``
    keeps what this run hashed (only the files it was asked about). ``began``: when the run began, in
    nanoseconds since the epoch (the command's clock: nothing below commands reads it)."""

    def __init__(self, roots, began: int):
        roots = sorted(os.path.abspath(p) for p in roots)
        self.key = cache.key("digests", roots)
        self.place = cache.slot("digests", roots)
        self.began = began
        self.known: dict = {}
        self.kept: dict = {}
        self.changed = False
        value = cache.load("digests", self.key, self.place)
        if isinstance(value, str):
            for line in value.split("\n"):
                parts = line.split("\t")
                if len(parts) == 3:
                    self.known[parts[0]] = (parts[1], parts[2])

    def digest(self, path: str) -> str | None:
        st = _stat(path)
        if st is None:
            return digest_file(path)
        before = _signature(st)
        known = self.known.get(path)
        if known is not None and known[0] == before and _SHA.match(known[1]):
            self.kept[path] = known
            return known[1]
        sha = digest_file(path)
        # remembered only when the file had settled before the run began, and did not change while it was read
        settled = self.began - SETTLED
        if sha is not None and st.st_ctime_ns < settled and st.st_mtime_ns < settled and "\t" not in path \
                and "\n" not in path:
            after = _stat(path)
            if after is not None and _signature(after) == before:
                self.kept[path] = (before, sha)
                self.changed = True
        return sha

    def save(self) -> None:
        if self.changed or len(self.kept) != len(self.known):
            cache.store("digests", self.key, "\n".join(f"{p}\t{sig}\t{sha}" for p, (sig, sha) in self.kept.items()),
                        self.place)
