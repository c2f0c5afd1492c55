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
from .workers import SMALL_RUN, BackgroundFold, Folded, Work, check_and_fold, run_misses


class Record(NamedTuple):
    kind: str  # "case", "fout" or "prijslijst"
    file: str
    payload_json: str
    case_id: str | None
    chunk_state: object  # on the last record of a chunk (chunk_end): its accumulator states, None when lost
    computed: bool  # False when it came from the index
    chunk: str | None = None  # the chunk whose state holds this case folded: "worker" or "index" (see Fold)
    chunk_end: bool = False  # the last record of its chunk (chunk_state then holds the chunk's states)
    payload: object = None  # a case's typed payload, read back from the index already (else: read payload_json)


class Collected(NamedTuple):
    records: object  # iterator of Record, in file order
    finish: object  # call after the iterator is exhausted: writes the index, returns [(file, sha, env)]


def digests(files: list[str]) -> list[str | None]:
    """SHA-256 of every file, in one thread: threads only contend for the GIL on open/close."""
    return [digest_file(f) for f in files]


def collect(files: list[str], work: Work, paths, use_cache: bool, jobs: int, backend, progress_label: str,
            quiet: bool, filters=None, index: dict | None = None, shas: list | None = None,
            envs: Fingerprints | None = None) -> Collected:
    """Stream a :class:`Record` for every file, from the index where still valid, else computed (``work``: what
    each case gives, see :class:`.workers.Work`)."""
    kind = work.key
    envs = envs or Fingerprints()
    file_envs = [envs.of(f) for f in files]
    idx_path = ix.index_path(kind, paths) if use_cache else None
    if use_cache and index is None:
        index = ix.load_index(idx_path, kind)
    if index and shas is None:
        shas = digests(files)
    hits = [False] * len(files)
    known: dict = {}  # file index -> the typed payload of a case read back from the index
    folded = None  # the index's cases read back and folded in forked processes: their states
    if index:
        form = work.payload
        at = []
        for i, f in enumerate(files):
            e = index.get(f)
            hits[i] = e is not None and shas[i] is not None and e.sha == shas[i] and e.env == file_envs[i]
            if hits[i] and e.kind == "case":
                at.append(i)
        # read back, every payload is checked against its declared shape: one of another shape (or another
        # case's) is computed again; a run that only folds them has them checked and folded beside it
        checked = None
        if work.folds and not work.reads:
            entries = [index[files[i]] for i in at]
            checked = check_and_fold([e.payload_json for e in entries], [e.case_id for e in entries], filters,
                                     form, jobs)
        if checked is not None:
            folded, bad = checked
            for k in bad:
                hits[at[k]] = False
        else:
            for i in at:
                e = index[files[i]]
                p = form.from_json(e.payload_json)
                if p is None or form.head(p).id != e.case_id:
                    hits[i] = False
                else:
                    known[i] = p
    misses = [f for f, h in zip(files, hits) if not h]
    progress = Progress(len(misses), progress_label, not quiet)
    changed = use_cache and (bool(misses) or not index or len(index) != len(files))
    writer = ix.IndexWriter(idx_path, kind) if changed else None
    keys: list = []
    # many cases from the index and few to compute (one changed): a forked process folds the index's cases
    # while the caller reads them (the site its lists); with many to compute the workers have the cores
    background = None
    last_hit = -1
    if folded is not None:
        cases = [i for i in at if hits[i]]
        if cases:
            background, last_hit = Folded(folded), cases[-1]
    elif work.folds and index and len(misses) < SMALL_RUN:
        at = sorted(known)
        background = BackgroundFold.start([work.payload.summary(known[i]) for i in at], filters, jobs)
        last_hit = at[-1] if background is not None else -1

    def records():
        computed = run_misses(misses, work, jobs, backend, filters, progress)
        try:
            for i, f in enumerate(files):
                env = file_envs[i]
                if hits[i]:
                    e = index[f]
                    sha, ekind, cid, payload_json, line = e.sha, e.kind, e.case_id, e.payload_json, e.line
                    fresh = False
                    chunk = "index" if background is not None and ekind == "case" else None
                    end = i == last_hit
                    chunk_state = background.result() if end else None
                else:
                    (sha, ekind, payload_json, cid), chunk_state = next(computed)
                    fresh = True
                    chunk = "worker" if work.folds else None
                    end = chunk_state is not None
                    line = ix.index_line(f, sha, env, ekind, cid, payload_json) if sha is not None else None
                if writer is not None and line is not None:
                    writer.write(line)
                keys.append((f, sha, env))
                yield Record(ekind, f, payload_json.rstrip("\n"), cid, chunk_state, fresh, chunk, end, known.pop(i, None))
        except BaseException:
            if writer is not None:
                writer.discard()
            raise
        finally:
            progress.close()
            computed.close()
            if background is not None:
                background.close()

    def finish():
        if writer is not None:
            writer.commit()
        return keys

    return Collected(records(), finish)


def case_payload(record: Record, work: Work):
    """The typed payload of a case record: read back from the index already, or read from the JSON a worker
    just made (None only if that fails its own check: the caller lists the file with :func:`internal_error`)."""
    return record.payload if record.payload is not None else work.payload.from_json(record.payload_json)


def internal_error(file: str) -> str:
    """The message of a case whose payload, just made, does not read back (a fault of doorbraak, not the file's)."""
    return (f"{file}: fout[interne-fout]: de samenvatting van dit bestand kon niet gelezen worden; "
            "meld dit als fout in doorbraak")


def fold(records, filters, run, work: Work):
    """The portfolio from records in file order (see :class:`..compute.portfolio.summary.Fold`): cases come
    folded in their chunk's state (a worker's, or the background fold of the index's), or are read here; ``run``
    is the command's :class:`..model.run.RunContext`."""
    from ..compute.portfolio.summary import UNREADABLE, Fold

    f = Fold(filters)
    summary = work.payload.summary
    for r in records:
        if r.kind == "prijslijst":
            payload = None
        elif r.kind == "case" and r.chunk:  # folded already: read only should the chunk need folding again
            payload = lambda r=r: summary(case_payload(r, work))  # noqa: E731
        elif r.kind == "case":
            p = case_payload(r, work)
            if p is None:
                f.record(UNREADABLE, r.file, internal_error(r.file), chunk_end=r.chunk_end, chunk_state=r.chunk_state)
                continue
            payload = summary(p)
        else:
            payload = json.loads(r.payload_json)
        f.record(r.kind, r.file, payload, r.case_id, r.chunk, r.chunk_end, r.chunk_state)
    return f.result(run)
