"""The search index of a served site, made in a process of its own while ``serve`` answers pages.

``serve`` starts it (:class:`SearchJob`) as soon as a version of the site is
ready, not when the first search asks: at 10,000 cases making every
searchable page and indexing it takes a minute. In a process of its own it
takes no time from the server's interpreter, so pages are answered as
quickly meanwhile, and the first search waits only for what is left.

The process (``python -m doorbraak_cli.site.searchjob``, the job as JSON on
its standard input) reads the cases through the index as ``serve`` just did
(every case a hit), makes every searchable page as ``serve`` shows it
(:func:`searchable_pages`) and writes Pagefind's bundle (``search.bundle``)
into the job's private temporary folder, then a file ``klaar``; or ``fout``
with what went wrong, in Dutch. It runs at a lower priority (the pages come
first), ends with ``serve`` (PR_SET_PDEATHSIG, as the workers do), and reads
neither the clock nor a module global of its parent: the day and the mode
come in the job.
"""

from __future__ import annotations

import json
import os
import sys

DONE, FAILED = "klaar", "fout"
TIMEOUT = 3600  # seconds a search waits for the job, at most


def searchable_pages(ctx, cases: dict) -> dict:
    """{path: HTML bytes} of every page in the search index, as ``serve`` shows it (a case page whose house style
    fails on it is left out: it is not there to find)."""
    from ..present.plan.templating import RenderError
    from . import pages, search
    from .build import render_case

    made = {rel: make().encode() for rel, (_, make) in pages.builders(ctx).items() if search.searchable(rel)}
    for rel, c in cases.items():
        try:
            source = render_case(c, ctx.model)
        except RenderError:
            continue
        if source is not None:
            made[rel] = pages.case_page(ctx, c, source, "")
    return made


class SearchJob:
    """One run of the job for a version of the served site: started at once, read when a search first asks. Made
    empty and then started, so whoever keeps it can always stop it, also when Ctrl-C comes in between."""

    def __init__(self):
        self.folder: str | None = None
        self.proc = None

    def start(self, paths, run, filters, templates: str | None, use_cache: bool, parts: str | None = None) -> None:
        """``parts``: a private folder where the jobs of one ``serve`` keep their index's parts for the next job
        (search.save_parts), so a changed case makes one part again, not all."""
        import subprocess
        import tempfile

        self.folder = tempfile.mkdtemp(prefix="doorbraak-zoeken-serve-")
        spec = {"paths": [os.path.abspath(p) for p in paths], "today": run.today.isoformat(),
                "peildatum": run.peildatum.isoformat(), "anonymised": run.anonymised,
                "filters": filters.as_json() if filters is not None else None, "templates": templates,
                "use_cache": use_cache, "folder": self.folder, "parts": parts, "parent": os.getpid()}
        self.proc = subprocess.Popen([sys.executable, "-m", "doorbraak_cli.site.searchjob"], stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.proc.stdin.write(json.dumps(spec).encode("utf-8"))
        self.proc.stdin.close()

    def result(self) -> dict:
        """{path in the site: bytes} of the bundle, waiting for the job when it is not done. Raises SearchFailed."""
        import subprocess

        from ..source.files import read_regular
        from .search import MAX_BUNDLE, SearchFailed

        if self.proc is None:
            raise SearchFailed("de zoekindex wordt niet gemaakt")
        try:
            self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            self.stop()
            raise SearchFailed("de zoekindex was niet op tijd klaar") from exc
        try:
            if not os.path.exists(os.path.join(self.folder, DONE)):
                said = read_regular(os.path.join(self.folder, FAILED), 4096).decode("utf-8", "replace")
                raise SearchFailed(said or "de zoekindex kon niet gemaakt worden")
            files, total = {}, 0
            for folder, dirs, names in os.walk(os.path.join(self.folder, "bundel")):
                dirs.sort()
                for name in sorted(names):
                    path = os.path.join(folder, name)
                    data = read_regular(path, MAX_BUNDLE - total)
                    total += len(data)
                    files[os.path.relpath(path, os.path.join(self.folder, "bundel")).replace(os.sep, "/")] = data
            return files
        except OSError as exc:
            raise SearchFailed(f"de zoekindex kon niet gelezen worden ({exc})") from exc
        finally:
            self.stop()

    def stop(self) -> None:
        """End the job if it still runs (it was started by this process) and remove its folder."""
        import shutil

        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def run_job(spec: dict) -> None:
    """In the job's process: make the bundle and write it into ``spec["folder"]``."""
    import datetime

    from ..batch.workers import end_with
    from ..compute.portfolio.summary import Filters
    from ..model.run import RunContext
    from ..source.files import write_file
    from . import search
    from .build import context, load

    end_with(spec["parent"])
    if hasattr(os, "nice"):
        os.nice(10)  # the server's pages first: on a busy machine the index waits, not the one who reads
    folder = spec["folder"]
    run = RunContext.of(datetime.date.fromisoformat(spec["today"]), datetime.date.fromisoformat(spec["peildatum"]),
                        anonymised=spec["anonymised"])
    filters = Filters(**spec["filters"]) if spec["filters"] is not None else None
    told: list = []
    try:
        model = load(told.append, spec["paths"], run, filters, spec["use_cache"], 1, True,
                     templates=spec["templates"])
        if model is None:
            raise search.SearchFailed("; ".join(told) or "de casussen konden niet gelezen worden")
        ctx = context(model)
        made = search.load_parts(spec.get("parts"))
        files = search.bundle(searchable_pages(ctx, {c.path: c for c in model.cases}), len(model.cases), made)
        search.save_parts(spec.get("parts"), made)
        for rel, data in files.items():
            path = os.path.join(folder, "bundel", *rel.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
        write_file(os.path.join(folder, DONE), "", overwrite=True)
    except (search.SearchFailed, OSError) as exc:
        write_file(os.path.join(folder, FAILED), str(exc), overwrite=True)


if __name__ == "__main__":
    run_job(json.loads(sys.stdin.buffer.read()))
