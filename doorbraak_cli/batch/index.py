"""The index: per file of a report or export, its digest, its price-list fingerprint and its result.

One JSON Lines file per command and set of roots, in the user cache folder;
never pickle. An entry is used only when the file still has exactly those
bytes and its price lists are unchanged, so one changed file costs one file
of work. Line format: ``"checksum"<TAB>[path, sha, env, kind, id]<TAB>payload-json``
(JSON never holds a raw tab). Every line starts with a checksum of the rest,
as written (checking it needs no encoding again); a line that does not
match it (edited, truncated) is only a miss for its file.
The index is rewritten through an atomic file, line by line, so the parent
never holds all summaries just to write them.
"""

from __future__ import annotations

import json
import os
import re
from typing import NamedTuple

from ..compute.portfolio.casesummary import summary_shape
from ..source import cache
from ..source.files import AtomicFile, open_regular

INDEX_FORMAT = "doorbraak-index/4"


class Entry(NamedTuple):
    sha: str
    env: str
    kind: str  # "case", "fout" or "prijslijst"
    case_id: str | None
    payload_json: str
    line: str  # the whole line, written again as it is when the file is unchanged


def code_fingerprint() -> str:
    """The code that made an index entry: the tool's (cache.key includes it) and the declared shape of a case's
    summary (every field's name and type: a summary of another shape is never read back)."""
    return cache.key("code", summary_shape())[:16]


def work_version(*parts) -> str:
    """What else a run's payloads depend on, for a ``Work`` key's part after ``@`` (an index of another version is
    not used): a digest of ``parts``, e.g. the declared shape of a payload that is more than a case's summary."""
    return cache.checksum(cache.canonical(list(parts)))[:16]


def index_path(kind: str, paths) -> str:
    """One index per command and set of roots (and house style): the kind without its version (after ``@``, the
    templates' fingerprint), and no code version, so a new version overwrites the index rather than leaving
    another one behind. The header says which code and kind made it (:func:`header`)."""
    roots = sorted(os.path.abspath(p) for p in paths)
    name, _, version = kind.partition("@")
    house = version.partition("#")[2]
    digest = cache.checksum(cache.canonical(["index", name, house, roots]))[:32]
    return str(cache.cache_dir() / "index" / f"{re.sub('[^a-z-]', '', name)}-{digest}.jsonl")


def header(kind: str) -> dict:
    """The first line of an index: an index made by other code, or for another kind or version, is not used."""
    return {"format": INDEX_FORMAT, "code": code_fingerprint(), "kind": kind}


def _line_sum(rest: str) -> str:
    """The checksum a line starts with, as a JSON string (every part of a line is JSON)."""
    return '"' + cache.checksum(rest)[:32] + '"'


def load_index(path: str, kind: str) -> dict | None:
    """file -> Entry for every line that is intact, or None when there is no usable index."""
    try:
        with open_regular(path, encoding="utf-8", errors="surrogateescape") as fh:  # a FIFO here never blocks
            if json.loads(fh.readline()) != header(kind):
                return None
            out = {}
            for line in fh:
                entry = _entry(line)
                if entry is not None:
                    out[entry[0]] = entry[1]
            return out
    except (OSError, ValueError, TypeError, UnicodeError):
        return None


def _entry(line: str) -> tuple[str, Entry] | None:
    """(file, Entry) of an index line, or None when the line is damaged (a miss for that file only)."""
    if not line.endswith("\n"):
        return None  # truncated: the writer was stopped in the middle of it
    check, tab, rest = line[:-1].partition("\t")
    if not tab or check != _line_sum(rest):
        return None
    head, tab, payload_json = rest.partition("\t")
    if not tab:
        return None
    try:
        f, sha, env, kind, case_id = json.loads(head)
    except (ValueError, TypeError):
        return None
    if not (isinstance(f, str) and isinstance(sha, str) and isinstance(env, str) and kind in ("case", "fout", "prijslijst")
            and (case_id is None or isinstance(case_id, str))):
        return None
    return f, Entry(sha, env, kind, case_id, payload_json, line)


def index_line(file: str, sha: str, env: str, kind: str, case_id, payload_json: str) -> str:
    rest = json.dumps([file, sha, env, kind, case_id], ensure_ascii=False) + "\t" + payload_json
    return _line_sum(rest) + "\t" + rest + "\n"


class IndexWriter:
    """Writes the new index line by line; ``commit`` puts it in place atomically. A cache that cannot be written
    is skipped."""

    def __init__(self, path: str, kind: str):
        try:
            self.file = AtomicFile(path, overwrite=True, mode=0o600, private_folder=True, durable=False)
            self.file.handle().write(json.dumps(header(kind), ensure_ascii=False) + "\n")
        except OSError:
            self.file = None

    def write(self, line: str) -> None:
        if self.file is not None:
            try:
                self.file.handle().write(line)
            except OSError:
                self.discard()

    def commit(self) -> None:
        if self.file is not None:
            try:
                self.file.commit()
            except OSError:
                self.discard()
            self.file = None

    def discard(self) -> None:
        if self.file is not None:
            self.file.discard()
            self.file = None


def output_key(command: str, options, keys) -> str:
    """The key of a whole output: the code, the options, and every file's path, content and price lists."""
    return cache.key("output", command, summary_shape(), options, [list(k) for k in keys])
