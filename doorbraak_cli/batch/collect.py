"""Collecting per-file results for ``report`` and ``export``: from the index where still valid, else computed.

The cache has two levels, both JSON (never pickle), both safe to delete: the
per-file :mod:`index <.index>`, and the finished output of a report (see
``commands/report.py``). A price-list fingerprint covers every list a case
could resolve, so adding, changing or removing a list is never missed.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from ..check.pricelists import Fingerprints
from ..source.files import digest_file
from . import index as ix
from .progress import Progress
from .workers import run_misses


class Record(NamedTuple):
    kind: str  # "case", "fout" or "prijslijst"
    file: str
    payload_json: str
    case_id: str | None
    chunk_state: object  # a worker's accumulator states, on the last record of its chunk; else None
    computed: bool  # False when it came from the index


class Collected(NamedTuple):
    records: object  # iterator of Record, in file order
    finish: object  # call after the iterator is exhausted: writes the index, returns [(file, sha, env)]


def digests(files: list[str]) -> list[str | None]:
    """SHA-256 of every file, in one thread: threads only contend for the GIL on open/close."""
    return [digest_file(f) for f in files]


def collect(files: list[str], kind: str, paths, use_cache: bool, jobs: int, backend, progress_label: str,
            quiet: bool, filters=None, index: dict | None = None, shas: list | None = None,
            envs: Fingerprints | None = None) -> Collected:
    """Stream a :class:`Record` for every file, from the index where still valid, else computed."""
    envs = envs or Fingerprints()
    file_envs = [envs.of(f) for f in files]
    idx_path = ix.index_path(kind, paths) if use_cache else None
    if use_cache and index is None:
        index = ix.load_index(idx_path)
    if index and shas is None:
        shas = digests(files)
    hits = [False] * len(files)
    if index:
        for i, f in enumerate(files):
            e = index.get(f)
            hits[i] = e is not None and shas[i] is not None and e.sha == shas[i] and e.env == file_envs[i]
    misses = [f for f, h in zip(files, hits) if not h]
    progress = Progress(len(misses), progress_label, not quiet)
    changed = use_cache and (bool(misses) or not index or len(index) != len(files))
    writer = ix.IndexWriter(idx_path) if changed else None
    keys: list = []

    def records():
        computed = run_misses(misses, kind, jobs, backend, filters, progress)
        try:
            for i, f in enumerate(files):
                env = file_envs[i]
                if hits[i]:
                    e = index[f]
                    sha, ekind, cid, payload_json, line = e.sha, e.kind, e.case_id, e.payload_json, e.line
                    chunk_state, fresh = None, False
                else:
                    (sha, ekind, payload_json, cid), chunk_state = next(computed)
                    fresh = True
                    line = ix.index_line(f, sha, env, ekind, cid, payload_json) if sha is not None else None
                if writer is not None and line is not None:
                    writer.write(line)
                keys.append((f, sha, env))
                yield Record(ekind, f, payload_json.rstrip("\n"), cid, chunk_state, fresh)
        except BaseException:
            if writer is not None:
                writer.discard()
            raise
        finally:
            progress.close()
            computed.close()

    def finish():
        if writer is not None:
            writer.commit()
        return keys

    return Collected(records(), finish)


def fold(records, filters, peildatum):
    """The portfolio from records in file order (see :class:`..compute.portfolio.summary.Fold`): a worker's
    cases come folded in its chunk's state; a summary from the index is read here."""
    from ..compute.portfolio.summary import Fold

    f = Fold(filters)
    for r in records:
        if r.kind == "prijslijst":
            f.pricelist()
        elif r.kind != "case":
            f.invalid(r.file, json.loads(r.payload_json))
        elif r.computed:
            f.case(r.file, r.case_id, folded=lambda text=r.payload_json: json.loads(text))
        else:
            f.case(r.file, r.case_id, json.loads(r.payload_json))
        if r.chunk_state is not None:
            f.chunk(r.chunk_state)
    return f.result(peildatum)
