"""``doorbraak report`` and ``export`` over many cases: discovery, parallel work, cache, progress.

The figures of one case come from the same path as ``calc``: yamlread.parse
(one builder for every YAML backend) -> check.check_data -> calc.compute.
Each case becomes a small, name-free summary (:mod:`.portfolio`) or a list of
export rows (:mod:`.export`). That work runs in worker processes (one per
core), in chunks, in file order; the parent only folds the summaries, one at a
time, so memory stays flat: no parsed document outlives its worker call.

The cache has two levels, both JSON (never pickle), both safe to delete:

* an **index** per command and set of report roots (one JSON Lines file in the
  user cache folder): for every file its path, the SHA-256 of its bytes, the
  fingerprint of the price lists it can see, and its summary. An entry is used
  only when the file still has exactly those bytes and the price lists are
  unchanged, so one changed file costs one file of work;
* the **output** of a report, keyed by everything it depends on: the tool's
  code, every file's path and SHA-256, the price lists, the options and (for
  the terminal) the terminal. A repeated report with nothing changed only
  walks the folders, hashes the files and prints the stored text, which is
  byte for byte what the cold run printed.

A price-list fingerprint covers every list a case could resolve (the nearest
``pricelists/`` folder above it and the shipped lists), so adding, changing or
removing a list is never missed. The code fingerprint (sizes and modification
times of the package's files) keeps a development checkout from reading
summaries written by other code.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from typing import NamedTuple

from . import cache

INDEX_FORMAT = "doorbraak-index/2"
SMALL_RUN = 48  # fewer files than this are processed in-process: starting workers costs more
PROGRESS_AFTER = 0.4  # seconds before a progress bar appears ("more than a moment")


class Outcome(NamedTuple):
    out: str
    err: str
    code: int


# --- fingerprints ------------------------------------------------------------------

def code_fingerprint() -> str:
    """The code that made an index entry: the tool's (cache.key includes it) and the summary layout."""
    from .portfolio import SUMMARY_VERSION

    return cache.key("code", SUMMARY_VERSION)[:16]


class _Envs:
    """The price-list fingerprint of a case's folder, memoised per folder and per list folder."""

    def __init__(self):
        self._by_dir: dict = {}
        self._by_lists: dict = {}

    def _lists_fp(self, folder) -> list:
        key = str(folder)
        if key not in self._by_lists:
            entries = []
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                names = []
            for n in names:
                if n.endswith((".yaml", ".yml")):
                    entries.append([n, cache.digest_file(os.path.join(folder, n))])
            self._by_lists[key] = [key, entries]
        return self._by_lists[key]

    def of(self, path: str) -> str:
        d = os.path.dirname(path)
        fp = self._by_dir.get(d)
        if fp is None:
            from . import pricelist
            from .resources import local_pricelists

            local = local_pricelists(path)  # looked up afresh each run: a new pricelists/ folder is never missed
            parts = [self._lists_fp(local) if local else None, self._lists_fp(pricelist.shipped_dir())]
            fp = self._by_dir[d] = cache.key("env", parts)[:16]
        return fp


def digest_path(path: str) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read (the lean read matters for 10,000 files)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        h = hashlib.sha256()
        size = os.fstat(fd).st_size + 1
        while True:
            chunk = os.read(fd, size)
            if not chunk:
                break
            h.update(chunk)
            size = 1 << 16
        return h.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def _hash_all(files: list[str]) -> list[str | None]:
    """SHA-256 of every file, in one thread: threads only contend for the GIL on open/close."""
    return [digest_path(f) for f in files]


# --- the index -------------------------------------------------------------------------


def _index_path(kind: str, paths) -> str:
    roots = sorted(os.path.abspath(p) for p in paths)
    return str(cache.cache_dir() / "index" / f"{kind}-{cache.key('index', kind, roots)[:32]}.jsonl")


def _load_index(path: str) -> dict | None:
    """path -> (sha, env, line). Lines are ``[path, sha, env, kind, id]<TAB>payload-json``; JSON never holds a raw tab."""
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


class _IndexWriter:
    """Writes the new index line by line to a temporary file; ``commit`` renames it into place atomically.

    Streaming keeps the parent's memory flat: no list of 10,000 summaries is
    held just to be written at the end. A cache that cannot be written is skipped.
    """

    def __init__(self, path: str):
        self.path = path
        self.fh = None
        self.tmp = None
        try:
            import tempfile

            folder = os.path.dirname(path)
            os.makedirs(folder, mode=0o700, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".jsonl")
            self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
            self.fh.write(json.dumps({"format": INDEX_FORMAT, "code": code_fingerprint()}) + "\n")
        except OSError:
            self.discard()

    def write(self, line: str) -> None:
        if self.fh is not None:
            try:
                self.fh.write(line)
            except OSError:
                self.discard()

    def commit(self) -> None:
        if self.fh is None:
            return
        try:
            self.fh.close()
            self.fh = None
            os.chmod(self.tmp, 0o600)
            os.replace(self.tmp, self.path)
            self.tmp = None
        except OSError:
            self.discard()

    def discard(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None
        if self.tmp:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


# --- the work on one file (in a worker process) -----------------------------------------


def _first_error(checked) -> str:
    errors = checked.errors
    return errors[0].format() if errors else f"{checked.file}: fout: niet te verwerken"


def _read(path: str) -> bytes:
    """The file's bytes, as ``yamlread.read_bytes`` gives them, without its 2 MiB read buffer per file.

    Anything unusual (not a regular file, too large, unreadable) goes to
    ``read_bytes`` itself, so every error is exactly the one ``check`` reports.
    A file that grew past the limit while being read is refused by ``decode``.
    """
    from . import yamlread

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return yamlread.read_bytes(path)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > yamlread.MAX_BYTES:
            return yamlread.read_bytes(path)
        parts = []
        want = st.st_size + 1
        total = 0
        while total <= yamlread.MAX_BYTES:
            chunk = os.read(fd, want)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = 1 << 16
        return parts[0] if len(parts) == 1 else b"".join(parts)
    except OSError:
        return yamlread.read_bytes(path)
    finally:
        os.close(fd)


def process_file(path: str, kind: str, backend: str | None = None) -> tuple:
    """(sha256 or None, entry kind, payload, payload JSON) for one file; never raises for bad input.

    The path is exactly that of ``check.check_file``: read the bytes, parse
    them with yamlread (one builder for every backend), check_data, compute.
    """
    from . import calc, check, yamlread

    try:
        raw = _read(path)
    except yamlread.ReadError as exc:
        msg = exc.problem.format()
        return None, "fout", msg, json.dumps(msg, ensure_ascii=False)
    sha = cache.digest_bytes(raw)
    try:
        try:
            doc = yamlread.parse(yamlread.decode(raw, path), path, backend)
        except yamlread.ReadError as exc:
            msg = exc.problem.format()
            return sha, "fout", msg, json.dumps(msg, ensure_ascii=False)
        checked = check.check_data(doc)
        if checked.kind == "pricelist":
            return sha, "prijslijst", None, "null"
        if checked.case is None:
            msg = _first_error(checked)
            return sha, "fout", msg, json.dumps(msg, ensure_ascii=False)
        result = calc.compute(checked.case)
        if kind == "export":
            from .export import case_rows

            payload = case_rows(checked.case, result)
        else:
            from .portfolio import summarize

            payload = summarize(checked.case, result)
        return sha, "case", payload, json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    except Exception as exc:  # noqa: BLE001 - one file must never abort a report of thousands
        msg = f"{path}: fout[interne-fout]: dit bestand kon niet verwerkt worden ({type(exc).__name__}: {exc}); " \
              "meld dit als fout in doorbraak"
        return None, "fout", msg, json.dumps(msg, ensure_ascii=False)


def work_chunk(task) -> tuple:
    """Process a chunk of files; for the report also fold the chunk's cases into one accumulator state.

    Returns ``([(sha, kind, payload JSON, case id), ...], state or None)``.
    """
    kind, backend, paths, filters = task
    acc = None
    if kind == "report":
        from .portfolio import Accumulator

        acc = Accumulator(filters)
    out = []
    from . import pricelist

    with pricelist.snapshot():
        for p in paths:
            sha, ekind, payload, payload_json = process_file(p, kind, backend)
            cid = payload["id"] if ekind == "case" else None
            if acc is not None and ekind == "case":
                acc.add(payload)
            out.append((sha, ekind, payload_json, cid))
    return out, (acc.s if acc is not None else None)


def _warm_up(backend: str | None) -> None:
    """Import in the parent what every worker needs, so forked workers start ready."""
    from . import build, calc, check, export, fastcheck, portfolio, pricelist, steps, yamlread  # noqa: F401

    yamlread._load_backend(backend or yamlread.default_backend())
    fastcheck.is_valid({}, "case")


def jobs_default() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, 16))


def start_method() -> str:
    """How to start workers: fork when that is safe (Linux, a process with one thread), else forkserver/spawn.

    Forking copies a process as it is; when other threads exist (a library such
    as Pango or a thread pool started them, e.g. in a long-lived host or a test
    run) a forked child can inherit a held lock or half-changed state and
    crash. The command line itself has one thread, so it gets the cheap fork.
    """
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        try:
            single = len(os.listdir("/proc/self/task")) == 1
        except OSError:
            import threading

            single = threading.active_count() == 1
        if single:
            return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _chunk_results(results, state):
    last = len(results) - 1
    for i, r in enumerate(results):
        yield r, (state if i == last else None)


def _run_misses(misses: list[str], kind: str, jobs: int, backend, filters, progress):
    """Yield ``(result, chunk state or None)`` for the files to compute, in their order.

    The state comes with the last result of its chunk. A few files are done
    in-process (one chunk); many go to ``jobs`` worker processes in chunks. If
    a worker dies (the pool breaks), the chunks not yet received are done
    in-process: a report never hangs on a lost worker.
    """
    if not misses:
        return
    size = max(8, min(64, len(misses) // (max(jobs, 1) * 8) or 1))
    tasks = [(kind, backend, misses[i:i + size], filters) for i in range(0, len(misses), size)]
    if jobs <= 1 or len(misses) < SMALL_RUN:
        for task in tasks:
            results, state = work_chunk(task)
            progress.advance(len(results))
            yield from _chunk_results(results, state)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = start_method()
    if method == "fork":
        _warm_up(backend)  # forked workers inherit the imports
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["doorbraak_cli.reportrun", "doorbraak_cli.portfolio", "doorbraak_cli.calc",
                                    "doorbraak_cli.check", "doorbraak_cli.build", "yaml"])
    from collections import deque

    done = 0
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        # a bounded window of chunks in flight: results are dropped once folded, so memory stays flat
        pending = deque()
        nxt = 0
        try:
            while done < len(tasks):
                while nxt < len(tasks) and len(pending) < 4 * jobs:
                    pending.append(pool.submit(work_chunk, tasks[nxt]))
                    nxt += 1
                results, state = pending.popleft().result()
                done += 1
                progress.advance(len(results))
                yield from _chunk_results(results, state)
                del results, state
        except BrokenProcessPool:
            pass
        finally:
            for fut in pending:
                fut.cancel()
    for task in tasks[done:]:  # only after a lost worker
        results, state = work_chunk(task)
        progress.advance(len(results))
        yield from _chunk_results(results, state)


class _Progress:
    """A rich progress bar on stderr, only on a terminal and only once the run takes more than a moment."""

    def __init__(self, total: int, label: str, enabled: bool):
        self.total = total
        self.label = label
        self.enabled = enabled and total > 0 and sys.stderr.isatty()
        self.start = time.monotonic()
        self.done = 0
        self.bar = None
        self.task = None

    def advance(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < PROGRESS_AFTER or self.done >= self.total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=Console(file=sys.stderr), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total, completed=self.done)
        else:
            self.bar.update(self.task, completed=self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


# --- collecting entries ------------------------------------------------------------------


class Record(NamedTuple):
    kind: str  # "case", "fout" or "prijslijst"
    file: str
    payload_json: str
    case_id: str | None
    chunk_state: object  # a worker's accumulator state, on the last record of its chunk; else None
    computed: bool  # False when it came from the index


class Collected(NamedTuple):
    records: object  # iterator of Record, in file order
    finish: object  # call after the iterator is exhausted: writes the index, returns [(file, sha, env)]


def collect(files: list[str], kind: str, paths, use_cache: bool, jobs: int, backend, progress_label: str,
            quiet: bool, filters=None, index: dict | None = None, shas: list | None = None) -> Collected:
    """Stream a :class:`Record` for every file, from the index where still valid, else computed."""
    envs = _Envs()
    file_envs = [envs.of(f) for f in files]
    idx_path = _index_path(kind, paths) if use_cache else None
    if use_cache and index is None:
        index = _load_index(idx_path)
    if index and shas is None:
        shas = _hash_all(files)
    hits = [False] * len(files)
    if index:
        for i, f in enumerate(files):
            e = index.get(f)
            hits[i] = e is not None and shas[i] is not None and e[0] == shas[i] and e[1] == file_envs[i]
    misses = [f for f, h in zip(files, hits) if not h]
    progress = _Progress(len(misses), progress_label, not quiet)
    changed = use_cache and (bool(misses) or not index or len(index) != len(files))
    writer = _IndexWriter(idx_path) if changed else None
    keys: list = []

    def records():
        computed = _run_misses(misses, kind, jobs, backend, filters, progress)
        try:
            for i, f in enumerate(files):
                env = file_envs[i]
                if hits[i]:
                    sha, _, line = index[f]
                    head, _, payload_json = line.partition("\t")
                    _, _, _, ekind, cid = json.loads(head)
                    chunk_state, fresh = None, False
                else:
                    (sha, ekind, payload_json, cid), chunk_state = next(computed)
                    fresh = True
                    line = None
                    if sha is not None:
                        line = json.dumps([f, sha, env, ekind, cid], ensure_ascii=False) + "\t" + payload_json + "\n"
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


def fold(records, filters) -> dict:
    """The portfolio from records in file order: worker chunk states are merged, cached summaries added.

    A case whose id an earlier file already used is listed as invalid and left
    out; a worker chunk holding such a case is re-folded without it.
    """
    from .portfolio import Accumulator, duplicate_error

    acc = Accumulator(filters)
    ongeldig = []
    ids: dict = {}
    prijslijsten = 0
    chunk: list = []  # (payload_json, duplicate?) of the current worker chunk's cases
    dirty = False
    for r in records:
        if r.kind == "prijslijst":
            prijslijsten += 1
        elif r.kind != "case":
            ongeldig.append({"bestand": r.file, "fout": json.loads(r.payload_json)})
        else:
            dup = r.case_id in ids
            if dup:
                ongeldig.append({"bestand": r.file, "fout": duplicate_error(r.file, r.case_id, ids[r.case_id])})
            else:
                ids[r.case_id] = r.file
            if r.computed:
                chunk.append((r.payload_json, dup))
                dirty = dirty or dup
            elif not dup:
                acc.add(json.loads(r.payload_json))
        if r.chunk_state is not None:
            if dirty:
                for payload_json, dup in chunk:
                    if not dup:
                        acc.add(json.loads(payload_json))
            else:
                acc.merge(r.chunk_state)
            chunk, dirty = [], False
    return acc.result(ongeldig, prijslijsten)


def output_key(command: str, options, keys) -> str:
    """The key of a whole output: the code, the options, and every file's path, content and price lists."""
    h = hashlib.sha256()
    h.update(json.dumps([command, code_fingerprint(), options], sort_keys=True, ensure_ascii=True).encode())
    for f, sha, env in keys:
        h.update(f"\n{f}\0{sha}\0{env}".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


# --- the commands ------------------------------------------------------------------------


def _discover(paths) -> tuple[list[str], list[str]]:
    from .check import find_files

    files, problems = find_files(paths)
    return files, [p.format() for p in problems]


def report(paths, fmt: str = "terminal", filters=None, quiet: bool = False, use_cache: bool = True,
           jobs: int | None = None, backend: str | None = None) -> Outcome:
    """(stdout, stderr, exit code) of ``doorbraak report``."""
    from .portfolio import Filters

    filters = filters or Filters()
    files, missing = _discover(paths)
    if missing:
        return Outcome("", "".join(m + "\n" for m in missing), 1)
    if not files:
        return Outcome("", "geen casusbestanden (.yaml of .yml) gevonden in " + ", ".join(paths) + "\n", 1)
    use_cache = use_cache and cache.enabled()
    jobs = jobs or jobs_default()
    options = {"format": fmt, "filters": filters.as_json(), "paths": list(paths)}
    if fmt == "terminal":
        from .calcrun import terminal_signature

        options["terminal"] = terminal_signature()
    index = shas = None
    if use_cache:
        idx_path = _index_path("report", paths)
        if os.path.exists(idx_path):
            # something was cached before: hashing every file decides what is still valid
            shas = _hash_all(files)
            envs = _Envs()
            k = output_key("report", options, [(f, s, envs.of(f)) for f, s in zip(files, shas)])
            hit = cache.load("report-out", k)
            if hit and isinstance(hit.get("out"), str):
                return Outcome(hit["out"], hit.get("err", ""), 0)
            index = _load_index(idx_path)
    col = collect(files, "report", paths, use_cache, jobs, backend, "Casussen doorrekenen", quiet, filters,
                  index, shas)
    rep = fold(col.records, filters)
    keys = col.finish()
    out = render(rep, fmt)
    err = ""
    if rep["ongeldig"]:
        n = len(rep["ongeldig"])
        err = (f"let op: {n} {'bestand is' if n == 1 else 'bestanden zijn'} ongeldig en niet meegeteld "
               "(zie 'ongeldig'; 'doorbraak validate' toont alle meldingen)\n")
    if use_cache and all(sha is not None for _, sha, _ in keys):
        cache.store("report-out", output_key("report", options, keys), {"out": out, "err": err})
    return Outcome(out, err, 0)


REPORT_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json",
                     ".csv": "csv"}


def report_command(paths, fmt: str | None, output: str | None, force: bool = False, filters=None,
                   **options) -> Outcome:
    """``doorbraak report`` with ``-o``: the format follows the file's extension; never overwrites unasked."""
    from .files import appeared_message, exists_message, write_file

    if output is None or output == "-":
        return report(paths, fmt or "terminal", filters, **options)
    if os.path.isdir(output):
        return Outcome("", f"{output} is een map; geef een bestandsnaam, bijvoorbeeld {os.path.join(output, 'rapport.html')}\n", 1)
    if os.path.exists(output) and not force:
        return Outcome("", exists_message(output), 1)
    fmt = fmt or REPORT_EXTENSIONS.get(os.path.splitext(output)[1].lower(), "terminal")
    if fmt == "terminal":
        fmt = "text"  # the terminal layout without colour codes: a file is read later, elsewhere
    out, err, code = report(paths, fmt, filters, **options)
    if code:
        return Outcome(out, err, code)
    try:
        write_file(output, out, overwrite=force)
    except FileExistsError:
        return Outcome("", err + appeared_message(output), 1)
    except OSError as exc:
        return Outcome("", err + f"{output}: kan niet schrijven ({exc.strerror or exc})\n", 1)
    return Outcome("", err + f"geschreven: {output}\n", 0)


def render(rep: dict, fmt: str) -> str:
    if fmt == "json":
        from .present import report_json as presenter
    elif fmt == "markdown":
        from .present import report_markdown as presenter
    elif fmt == "html":
        from .present import report_html as presenter
    elif fmt == "csv":
        from .present import report_csv as presenter
    else:
        from .present import report_terminal as presenter

        return presenter.render(rep, plain=fmt == "text")
    return presenter.render(rep)
