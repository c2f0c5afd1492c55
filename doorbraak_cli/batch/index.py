"""The index: per file of a report or export, its digest, its price-list fingerprint and its result.

One JSON Lines file per command and set of roots, in the user cache folder;
never pickle. An entry is used only when the file still has exactly those
bytes and its price lists are unchanged, so one changed file costs one file
of work. Line format: ``[path, sha, env, kind, id]<TAB>payload-json`` (JSON
never holds a raw tab). The index is rewritten through an atomic file, line
by line, so the parent never holds all summaries just to write them.
"""

from __future__ import annotations

import json
import os

from ..compute.portfolio.summary import SUMMARY_VERSION
from ..source import cache
from ..source.files import AtomicFile

INDEX_FORMAT = "doorbraak-index/2"


def code_fingerprint() -> str:
    """The code that made an index entry: the tool's (cache.key includes it) and the summary layout."""
    return cache.key("code", SUMMARY_VERSION)[:16]


def index_path(kind: str, paths) -> str:
    roots = sorted(os.path.abspath(p) for p in paths)
    return str(cache.cache_dir() / "index" / f"{kind}-{cache.key('index', kind, roots)[:32]}.jsonl")


def load_index(path: str) -> dict | None:
    """path -> (sha, env, line), or None when there is no usable index."""
    try:
        with open(path, encoding="utf-8") as fh:
            header = fh.readline()
            if json.loads(header) != {"format": INDEX_FORMAT, "code": code_fingerprint()}:
                return None
            out = {}
            for line in fh:
                head, tab, _ = line.partition("\t")
                if not tab:
                    return None
                f, sha, env = json.loads(head)[:3]
                out[f] = (sha, env, line)
            return out
    except (OSError, ValueError, TypeError):
        return None


def index_line(file: str, sha: str, env: str, kind: str, case_id, payload_json: str) -> str:
    return json.dumps([file, sha, env, kind, case_id], ensure_ascii=False) + "\t" + payload_json + "\n"


def parse_line(line: str) -> tuple[str, str | None, str]:
    """(entry kind, case id, payload JSON) of an index line."""
    head, _, payload_json = line.partition("\t")
    _, _, _, kind, case_id = json.loads(head)
    return kind, case_id, payload_json


class IndexWriter:
    """Writes the new index line by line; ``commit`` puts it in place atomically. A cache that cannot be written
    is skipped."""

    def __init__(self, path: str):
        try:
            self.file = AtomicFile(path, overwrite=True, mode=0o600, private_folder=True, durable=False)
            self.file.handle().write(json.dumps({"format": INDEX_FORMAT, "code": code_fingerprint()}) + "\n")
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
    return cache.key("output", command, SUMMARY_VERSION, options, [list(k) for k in keys])
