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
import sys
import time
from typing import NamedTuple

from . import cache

INDEX_FORMAT = "doorbraak-index/1"
SMALL_RUN = 48  # fewer files than this are processed in-process: starting workers costs more
PROGRESS_AFTER = 0.4  # seconds before a progress bar appears ("more than a moment")


class Outcome(NamedTuple):
    out: str
    err: str
    code: int


# --- fingerprints ------------------------------------------------------------------

_code_fp: str | None = None


def code_fingerprint() -> str:
    """The tool's version and the size and mtime of every file of the package (cheap: ~50 stats)."""
    global _code_fp
    if _code_fp is None:
        from . import __version__
        from .portfolio import SUMMARY_VERSION

        pkg = os.path.dirname(os.path.abspath(__file__))
        parts = [__version__, SUMMARY_VERSION]
        for root, dirs, names in os.walk(pkg):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for n in sorted(names):
                if n.endswith((".py", ".json")):
                    st = os.stat(os.path.join(root, n))
                    parts.append([os.path.relpath(os.path.join(root, n), pkg), st.st_size, st.st_mtime_ns])
        _code_fp = cache.key("code", parts)[:16]
    return _code_fp


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

            local = pricelist.local_dir(path)
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
    """path -> (sha, env, line). Lines are ``[path, sha, env, kind]<TAB>payload-json``; JSON never holds a raw tab."""
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
                f, sha, env, _kind = json.loads(head)
                out[f] = (sha, env, line)
            return out
    except (OSError, ValueError, TypeError):
        return None


def _store_index(path: str, lines: list[str]) -> None:
    from pathlib import Path

    header = json.dumps({"format": INDEX_FORMAT, "code": code_fingerprint()}) + "\n"
    try:
        cache.cache_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
        cache.write_atomic(Path(path), header + "".join(lines))
    except OSError:
        pass  # a cache that cannot be written is skipped


def _line(f: str, sha: str, env: str, kind: str, payload_json: str) -> str:
    return json.dumps([f, sha, env, kind], ensure_ascii=False) + "\t" + payload_json + "\n"


# --- the work on one file (in a worker process) -----------------------------------------


def _first_error(checked) -> str:
    errors = checked.errors
    return errors[0].format() if errors else f"{checked.file}: fout: niet te verwerken"


def process_file(path: str, kind: str, backend: str | None = None) -> tuple:
    """(sha256 or None, entry kind, payload JSON) for one file; never raises for bad input."""
    from . import calc, check, yamlread

    try:
        raw = yamlread.read_bytes(path)
    except yamlread.ReadError as exc:
        return None, "fout", json.dumps(exc.problem.format(), ensure_ascii=False)
    sha = cache.digest_bytes(raw)
    try:
        try:
            doc = yamlread.parse(yamlread.decode(raw, path), path, backend)
        except yamlread.ReadError as exc:
            return sha, "fout", json.dumps(exc.problem.format(), ensure_ascii=False)
        checked = check.check_data(doc)
        if checked.kind == "pricelist":
            return sha, "prijslijst", "null"
        if checked.case is None:
            return sha, "fout", json.dumps(_first_error(checked), ensure_ascii=False)
        result = calc.compute(checked.case)
        if kind == "export":
            from .export import case_rows

            payload = case_rows(checked.case, result)
        else:
            from .portfolio import summarize

            payload = summarize(checked.case, result)
        return sha, "case", json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    except Exception as exc:  # noqa: BLE001 - one file must never abort a report of thousands
        msg = f"{path}: fout[interne-fout]: dit bestand kon niet verwerkt worden ({type(exc).__name__}: {exc}); " \
              "meld dit als fout in doorbraak"
        return None, "fout", json.dumps(msg, ensure_ascii=False)


def _work_chunk(task) -> list:
    kind, backend, paths = task
    return [process_file(p, kind, backend) for p in paths]


def _warm_up(backend: str | None) -> None:
    """Import and load in the parent what every worker needs, so forked workers start ready."""
    from . import build, calc, check, fastcheck, portfolio, pricelist, yamlread  # noqa: F401

    yamlread._load_backend(backend or yamlread.default_backend())
    fastcheck.is_valid({}, "case")
    for name in pricelist.DEFAULT_LISTS:
        found = pricelist.find(name, None)
        if found is not None:
            pricelist.load(found)


def jobs_default() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, 16))


def _run_misses(misses: list[str], kind: str, jobs: int, backend, progress):
    """Results for the files to (re)compute, in their order: in-process for a few, else in worker processes."""
    if not misses:
        return
    if jobs <= 1 or len(misses) < SMALL_RUN:
        for p in misses:
            yield process_file(p, kind, backend)
            progress.advance(1)
        return
    import multiprocessing as mp

    _warm_up(backend)
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    size = max(4, min(64, len(misses) // (jobs * 8) or 1))
    tasks = [(kind, backend, misses[i:i + size]) for i in range(0, len(misses), size)]
    with ctx.Pool(jobs) as pool:
        for results in pool.imap(_work_chunk, tasks):
            yield from results
            progress.advance(len(results))


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


class Collected(NamedTuple):
    entries: object  # iterator of (kind, file, payload) in file order
    finish: object  # call after the iterator is exhausted: writes the index, returns [(file, sha, env)]


def collect(files: list[str], kind: str, paths, use_cache: bool, jobs: int, backend, progress_label: str,
            quiet: bool, index: dict | None = None, shas: list | None = None) -> Collected:
    """Stream ``(kind, file, payload)`` for every file, from the index where still valid, else computed."""
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
            hits[i] = e is not None and e[0] == shas[i] and e[1] == file_envs[i] and shas[i] is not None
    misses = [f for f, h in zip(files, hits) if not h]
    progress = _Progress(len(misses), progress_label, not quiet)
    state = {"lines": [], "keys": [], "changed": bool(misses) or not index or len(index) != len(files)}

    def entries():
        computed = _run_misses(misses, kind, jobs, backend, progress)
        try:
            for i, f in enumerate(files):
                env = file_envs[i]
                if hits[i]:
                    sha, _, line = index[f]
                    head, _, payload_json = line.partition("\t")
                    ekind = json.loads(head)[3]
                else:
                    sha, ekind, payload_json = next(computed)
                    if sha is not None:
                        line = _line(f, sha, env, ekind, payload_json)
                    else:
                        line = None
                        state["changed"] = True
                if line is not None:
                    state["lines"].append(line)
                state["keys"].append((f, sha, env))
                yield ekind, f, json.loads(payload_json)
        finally:
            progress.close()
            computed.close()

    def finish():
        if use_cache and state["changed"]:
            _store_index(idx_path, state["lines"])
        return state["keys"]

    return Collected(entries(), finish)


def output_key(command: str, options, keys) -> str:
    """The key of a whole output: the code, the options, and every file's path, content and price lists."""
    import hashlib

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
    col = collect(files, "report", paths, use_cache, jobs, backend, "Casussen doorrekenen", quiet, index, shas)
    from .portfolio import aggregate

    rep = aggregate(col.entries, filters)
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
    return presenter.render(rep)
