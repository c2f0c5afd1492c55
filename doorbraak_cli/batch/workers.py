"""The work on each file, spread over worker processes in chunks, in file order."""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from typing import NamedTuple

SMALL_RUN = 48  # fewer files than this are processed in-process: starting workers costs more


class Work(NamedTuple):
    """What a run does with each analysed case, made by the command and sent with every task to the workers
    (pickled: nothing is read from the parent's module globals).

    ``key`` names the run's index (a word, then after ``@`` what else its payloads depend on: the index is not
    used for another key); ``payload`` is a picklable object that makes a case's typed payload from an
    ``Analysis`` (calling it) and knows that payload's JSON form: ``to_json(p)``, ``from_json(text)`` (None
    when the text is not such a payload: the index line is then a miss), ``head(p)`` (the case's
    ``CaseHead``: its id) and ``summary(p)`` (its ``CaseSummary``, for the fold); ``folds`` says whether the
    cases are folded into the portfolio (report, site) or only listed (export); ``reads`` whether the caller
    reads every case's payload (site, export) or only the fold (report: the index's cases can then be read
    back and folded in forked processes, see :func:`check_and_fold`)."""

    key: str
    payload: object
    folds: bool = True
    reads: bool = True


def process_file(path: str, work: Work, backend: str | None = None) -> tuple:
    """(sha256 or None, entry kind, payload, payload JSON) for one file; never raises for bad input.

    The path is exactly that of ``check_file`` and ``calc``: read the bytes,
    parse them with the reader (one builder for every backend), check, analyse.
    """
    from ..check.case import check_data
    from ..compute.analysis import analyse
    from ..source import fastyaml, yamlread
    from ..source.files import digest_bytes

    try:
        raw = yamlread.read_bytes(path)
    except yamlread.ReadError as exc:
        msg = exc.problem.format()
        return None, "fout", msg, json.dumps(msg, ensure_ascii=False)
    sha = digest_bytes(raw)
    try:
        try:
            doc = yamlread.parse(yamlread.decode(raw, path), path, backend) if backend else fastyaml.parse(raw, path)
        except yamlread.ReadError as exc:
            msg = exc.problem.format()
            return sha, "fout", msg, json.dumps(msg, ensure_ascii=False)
        checked = check_data(doc, warnings_shown=False)  # a run keeps a case, or the first error of a file
        if checked.kind == "pricelist":
            return sha, "prijslijst", None, "null"
        if checked.case is None:
            errors = checked.errors
            msg = errors[0].format() if errors else f"{checked.file}: fout: niet te verwerken"
            return sha, "fout", msg, json.dumps(msg, ensure_ascii=False)
        payload = work.payload(analyse(checked.case))
        return sha, "case", payload, work.payload.to_json(payload)
    except Exception as exc:
        msg = f"{path}: fout[interne-fout]: dit bestand kon niet verwerkt worden ({type(exc).__name__}: {exc}); " \
              "meld dit als fout in doorbraak"
        return None, "fout", msg, json.dumps(msg, ensure_ascii=False)


def work_chunk(task) -> tuple:
    """Process a chunk of files; for the report and the site also fold the chunk's cases into one accumulator
    state.

    Returns ``([(sha, kind, payload JSON, case id), ...], states or None)``.
    """
    work, backend, paths, filters = task
    form = work.payload
    acc = None
    if work.folds:
        from ..compute.portfolio.summary import Accumulator

        acc = Accumulator(filters)
    out = []
    from ..check import pricelists

    with pricelists.snapshot():
        for p in paths:
            sha, ekind, payload, payload_json = process_file(p, work, backend)
            cid = form.head(payload).id if ekind == "case" else None
            if acc is not None and ekind == "case":
                acc.add(form.summary(payload))
            out.append((sha, ekind, payload_json, cid))
    return out, (acc.states if acc is not None else None)


def quiet_interrupt() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it cancels what is queued, says "afgebroken" and exits 130);
    the worker finishes its chunk quietly instead of printing a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def end_with(parent: int) -> None:
    """In a worker: end when the parent process ends, also when it is killed (``kill -9``) and cannot say so:
    no worker goes on writing into a folder its run no longer owns. Linux: the kernel sends SIGKILL when the
    parent dies (PR_SET_PDEATHSIG); elsewhere a watchdog thread checks the parent every half second."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            armed = ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0  # PR_SET_PDEATHSIG
        except (OSError, AttributeError, ValueError):
            armed = False
    if not armed:
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            _end_now()

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        _end_now()


def _end_now() -> None:
    import signal

    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def start_worker(parent: int) -> None:
    """Every worker process's initializer: Ctrl-C quiet, and end with the run (``parent``, its process id)."""
    quiet_interrupt()
    end_with(parent)


def pool_size(jobs: int | None) -> int:
    """How many worker processes: ``--jobs`` (default: the processors this process may use), never more than
    there are processors (more workers than processors only cost memory and start-up time)."""
    return max(1, min(jobs or jobs_default(), cpus()))


def warm_up(backend: str | None) -> None:
    """Import in the parent what every worker needs, so forked workers start ready."""
    from ..check import build, case, fastcheck, pricelists, steps  # noqa: F401
    from ..compute import analysis  # noqa: F401
    from ..compute.portfolio import summary  # noqa: F401
    from ..present import export  # noqa: F401
    from ..source import fastyaml, yamlread

    if backend or not fastyaml.available():  # else PyYAML (10-15 ms) is loaded only by a worker that meets a file
        yamlread.load_backend(backend or yamlread.default_backend())  # for the exact reader
    fastcheck.is_valid({}, "case")


def cpus() -> int:
    """The processors this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def jobs_default() -> int:
    return max(1, min(cpus(), 16))


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


def run_misses(misses: list[str], work: Work, jobs: int, backend, filters, progress):
    """Yield ``(result, chunk state or None)`` for the files to compute, in their order.

    The state comes with the last result of its chunk. A few files are done
    in-process (one chunk); many go to ``jobs`` worker processes in chunks. If
    a worker dies (the pool breaks), the chunks not yet received are done
    in-process: a report never hangs on a lost worker.
    """
    if not misses:
        return
    jobs = pool_size(jobs)
    size = max(8, min(64, len(misses) // (max(jobs, 1) * 8) or 1))
    tasks = [(work, backend, misses[i:i + size], filters) for i in range(0, len(misses), size)]
    if jobs <= 1 or len(misses) < SMALL_RUN:
        for task in tasks:
            results, state = work_chunk(task)
            progress.advance(len(results))
            yield from _chunk_results(results, state)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # A pool that lost a worker: BrokenProcessPool, or OSError "handle is closed" when (CPython 3.11) its wakeup
    # pipe was closed under a submit or a shutdown. The chunks it did not finish are done in-process below, where
    # a real error in one of them is raised again as itself.
    lost_pool = (BrokenProcessPool, OSError)
    method = start_method()
    if method == "fork":
        warm_up(backend)  # forked workers inherit the imports
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["doorbraak_cli.batch.workers", "doorbraak_cli.compute.portfolio.summary",
                                    "doorbraak_cli.compute.analysis", "doorbraak_cli.check.case",
                                    "doorbraak_cli.check.build", "yaml"])
    done = 0
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=start_worker, initargs=(os.getpid(),))
    # a bounded window of chunks in flight: results are dropped once folded, so memory stays flat
    pending: deque = deque()
    nxt = 0
    try:
        while done < len(tasks):
            try:
                while nxt < len(tasks) and len(pending) < 4 * jobs:
                    pending.append(pool.submit(work_chunk, tasks[nxt]))
                    nxt += 1
                results, state = pending.popleft().result()
            except lost_pool:
                break
            done += 1
            progress.advance(len(results))
            yield from _chunk_results(results, state)
            del results, state
    finally:
        for fut in pending:
            fut.cancel()
        try:
            pool.shutdown(wait=True)
        except lost_pool:  # shutting a lost pool down can meet the same closed pipe: its chunks are done below
            pass
    for task in tasks[done:]:  # only after a lost worker
        results, state = work_chunk(task)
        progress.advance(len(results))
        yield from _chunk_results(results, state)


# --- the fold of the index's cases, beside the parent ------------------------------------------------

BACKGROUND_FOLD_FROM = 2000  # cases from the index from which their fold is worth a forked process
_BACKGROUND: list = []  # in the forked fold only: (case summaries, filters), given by its initializer


def _start_fold(parent: int, summaries: list, filters) -> None:
    """The forked fold's initializer: a worker of the run (``parent``), given the summaries (with fork, not
    pickled: they are many)."""
    start_worker(parent)
    _BACKGROUND[:] = [summaries, filters]


def _fold_summaries(_: int) -> list:
    from ..compute.portfolio.summary import Accumulator

    summaries, filters = _BACKGROUND
    acc = Accumulator(filters)
    for s in summaries:
        acc.add(s)
    return acc.states


def _start_check(parent: int, texts: list, ids: list, filters, form) -> None:
    start_worker(parent)
    _BACKGROUND[:] = [texts, ids, filters, form]


def _check_fold(bounds: tuple) -> tuple:
    """In a forked process: read back the index's payload texts ``lo`` to ``hi`` and fold those that are what
    they claim (their declared shape, their case's id); (states, the positions of the others)."""
    from ..compute.portfolio.summary import Accumulator

    texts, ids, filters, form = _BACKGROUND
    acc = Accumulator(filters)
    bad = []
    for i in range(*bounds):
        p = form.from_json(texts[i])
        if p is None or form.head(p).id != ids[i]:
            bad.append(i)
        else:
            acc.add(form.summary(p))
    return acc.states, bad


def check_and_fold(texts: list, ids: list, filters, form, jobs: int) -> tuple | None:
    """The index's case payloads (``texts``, of the cases ``ids``) read back, checked and folded in forked
    processes, so that a run that only folds them (``report``) reads none of them itself: (the states, the
    positions of the texts that are not such a payload: the caller computes those files again). None where
    forking is not safe or not worth it, or when a process was lost: the caller reads them itself."""
    if jobs < 2 or len(texts) < BACKGROUND_FOLD_FROM or start_method() != "fork":
        return None
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from ..compute.portfolio.summary import Accumulator

    n = pool_size(jobs)
    step = -(-len(texts) // n)
    try:
        with ProcessPoolExecutor(n, mp_context=mp.get_context("fork"), initializer=_start_check,
                                 initargs=(os.getpid(), texts, ids, filters, form)) as pool:
            parts = list(pool.map(_check_fold, [(lo, min(lo + step, len(texts))) for lo in range(0, len(texts), step)]))
    except Exception:  # a lost process (BrokenProcessPool), or one that could not start
        return None
    acc = Accumulator(filters)
    bad: list = []
    for states, others in parts:
        acc.merge(states)
        bad += others
    return acc.states, bad


class Folded:
    """The index's cases, folded before the run began (:func:`check_and_fold`): a chunk state ready at once."""

    def __init__(self, states: list):
        self.states = states

    def result(self) -> list:
        return self.states

    def close(self) -> None:
        pass


class BackgroundFold:
    """The fold of many summaries from the index in one forked process, while the parent uses them for its own
    ends (the site's lists): the parent then only merges the state (``summary.Fold`` chunk "index").

    :func:`start` gives None where forking is not safe or not worth it; :meth:`result` gives None when the
    process was lost (the parent then folds the cases itself: never a wrong or missing figure).
    """

    def __init__(self, summaries: list, filters):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"), initializer=_start_fold,
                                        initargs=(os.getpid(), summaries, filters))
        self.future = self.pool.submit(_fold_summaries, 0)

    @classmethod
    def start(cls, summaries: list, filters, jobs: int) -> BackgroundFold | None:
        if jobs < 2 or len(summaries) < BACKGROUND_FOLD_FROM or start_method() != "fork":
            return None
        try:
            return cls(summaries, filters)
        except OSError:
            return None

    def result(self) -> list | None:
        try:
            return self.future.result()
        except Exception:  # a lost process (BrokenProcessPool) or a failure in it: the parent folds instead
            return None
        finally:
            self.close()

    def close(self) -> None:
        self.future.cancel()
        try:
            self.pool.shutdown(wait=True, cancel_futures=True)
        except OSError:  # the pool's pipe closed under a lost process (CPython 3.11): nothing is left to wait for
            pass
