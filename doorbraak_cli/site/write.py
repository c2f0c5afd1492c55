"""Writing the site: every page through the folder's Writer (only what changed), then the search index.

The case pages the workers finished are put in place (:func:`place_written_pages`);
every other page comes from ``site/pages.py``, made in forked writers
when there are many. A forked writer is given its job by its initializer (with
fork, not pickled); nothing it reads was set in a module by its parent.
"""

from __future__ import annotations

import os

_JOB: list = []  # in a forked writer only: the (context, writer, tasks) its initializer was given (see run_tasks)
PARALLEL_FROM = 400  # pages (a list page counts its rows as pages) below which all is made in this process
CASES_PER_TASK = 64
ROWS_PER_PAGE = 20  # a list's rows that cost about as much as one case page


def do_task(job, i: int) -> list:
    """Make and write what task ``i`` holds, in this process or a forked writer; returns (rel, fingerprint or None
    when its page could not be made, size, whether it was written) per page.

    A task is a slice of case pages to make here (each: made, the navigation put in), one other page, or a part
    of the search index. A page whose fingerprint is only known from its content is not written when the last
    run wrote the same.
    """
    from ..source.files import fingerprint
    from . import pages
    from .build import render_case
    from .work import page_digest
    from .writer import content_digest

    ctx, w, tasks = job
    kind, items = tasks[i]
    if kind == "zoeken":  # a part of the search index, over pages written before
        from .search import part_task

        return part_task(w, *items)
    if kind == "pagina":
        rel, fp, make = items
        content = make()
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if fp is None:
            fp = fingerprint(content)
            if w.unchanged(rel, fp):
                return [(rel, fp, len(data), False, None)]
        w.write(os.path.join(w.output, *rel.split("/")), data)
        return [(rel, fp, len(data), True, content_digest(data))]
    out = []
    for c in items:
        page = render_case(c, ctx.model)
        if page is None:
            out.append((c.path, None, 0, False, None))
            continue
        data = pages.case_page(ctx, c, page, "")
        fp = page_digest(data)
        if w.unchanged(c.path, fp):
            out.append((c.path, fp, len(data), False, None))
            continue
        w.write(os.path.join(w.output, *c.path.split("/")), data)
        out.append((c.path, fp, len(data), True, content_digest(data)))
    return out


def _start_writer(parent: int, job) -> None:
    """A forked writer's initializer: a worker of the run (``parent``), given the job (with fork, not pickled: the
    model is large)."""
    from ..batch.workers import start_worker

    start_worker(parent)
    _JOB[:] = [job]


def _forked_task(i: int) -> list:
    return do_task(_JOB[0], i)


def run_tasks(ctx, w, tasks: list, jobs: int | None, work: int):
    """Yield the results of every task, in forked writers when there is much ``work`` (case pages, and the rows
    of the other pages); the larger tasks come first."""
    from ..batch.workers import pool_size, start_method

    jobs = pool_size(jobs)
    job = (ctx, w, tasks)
    if jobs < 2 or work < PARALLEL_FROM or start_method() != "fork":
        for i in range(len(tasks)):
            yield from do_task(job, i)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    lost_pool = (BrokenProcessPool, OSError)  # a lost writer, or the pool's pipe closed under it (CPython 3.11)
    finished = 0
    pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_start_writer,
                               initargs=(os.getpid(), job))
    try:
        answers = pool.map(_forked_task, range(len(tasks)))
        while finished < len(tasks):
            try:
                done = next(answers)
            except lost_pool:
                break
            finished += 1
            yield from done
    finally:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except lost_pool:
            pass
    for i in range(finished, len(tasks)):  # only after a lost writer: the same tasks, in this process
        yield from do_task(job, i)


def place_written_pages(ctx, w) -> list:
    """Put the case pages the workers finished into place (those that changed); returns the cases whose page
    must still be made: none from a worker, or one with other page names or as on another day."""
    from .work import pending_page

    model = ctx.model
    folder = os.path.join(w.output, "casus")
    todo = []
    for c in model.cases:
        if not c.page_current(model.peildatum, model.renamed):
            todo.append(c)
        elif w.unchanged(c.path, c.pagina):
            continue
        elif model.fresh.get(c.path) == c.pagina:  # a worker wrote it under a temporary name: rename it
            w.begin()
            final = os.path.join(w.output, *c.path.split("/"))
            os.replace(pending_page(folder, os.getpid(), c.pagina), final)
            w.written_file(c.path, c.pagina, os.stat(final).st_size, c.pagina)  # the page's digest is its key
        else:  # made in an earlier run, and no longer in this site as it was
            todo.append(c)
    return todo


def write_site(say, model, w, quiet: bool = True, jobs: int | None = None) -> tuple[int, int, int]:
    """Write every page through the :class:`.writer.Writer` ``w``, then the search index; (pages,
    written, removed). What goes wrong with the search is told through ``say``."""
    from ..batch.progress import Progress
    from . import pages
    from .build import asset, context, discard_pending

    ctx = context(model)
    try:
        for name in pages.ASSETS:
            w.page(name, asset(name))
        builders = pages.builders(ctx)
        index = builders.pop("index.html")[1]
        # the other pages whose fingerprint changed (or is only known from their content), the largest first
        others = [(rel, fp, make) for rel, (fp, make) in builders.items() if fp is None or not w.unchanged(rel, fp)]
        others.sort(key=lambda t: -pages.size_hint(ctx, t[0]))
        cases = place_written_pages(ctx, w)
    finally:
        discard_pending(w, model)  # the pages not put in place: unchanged, or of cases that do not count
    tasks = [("pagina", t) for t in others]
    tasks += [("casussen", cases[i:i + CASES_PER_TASK]) for i in range(0, len(cases), CASES_PER_TASK)]
    if tasks:
        w.begin()
        for folder in {os.path.dirname(os.path.join(w.output, *rel.split("/")))
                       for rel in [t[0] for t in others] + [c.path for c in cases]}:
            w.prepare(folder)  # before any writer forks: each folder is made and cleared once
    progress = Progress(len(cases) + len(others), "Pagina's schrijven", not quiet)
    try:
        work = len(cases) + sum(pages.size_hint(ctx, t[0]) // ROWS_PER_PAGE for t in others)
        keep_results(w, run_tasks(ctx, w, tasks, jobs, work), progress)
    finally:
        progress.close()
    w.page("cijfers.json", pages.figures_json(model))
    w.page("index.html", index())  # last: the overview never links to a page not yet there
    problem = write_search(ctx, w, len(model.cases), jobs)  # over the pages as written
    if problem:
        say(f"let op: {problem}")
    removed = w.finish()
    return len(w.new), w.written, removed


def keep_results(w, results, progress=None) -> None:
    """Put what the tasks wrote (or kept) into the writer's list for the marker."""
    for rel, fp, size, wrote, digest in results:
        if fp is not None:
            if wrote:
                w.written_file(rel, fp, size, digest)
            else:
                w.new[rel] = w.old[rel]  # unchanged: as the last run wrote it
        if progress is not None:
            progress.advance(1)


def write_search(ctx, w, cases: int, jobs: int | None) -> str | None:
    """The search index over the written pages: the parts whose pages changed, side by side in forked writers,
    then the list of parts. Returns what went wrong (Dutch), or None (the site is whole without search)."""
    from . import search

    keys, todo = search.parts_to_make(w, cases)
    if todo:
        binary = search.executable()
        if binary is None:
            return "zoeken werkt niet in deze site: Pagefind ontbreekt (het pakket pagefind-bin); installeer " \
                   "doorbraak opnieuw"
        w.begin()
        todo.sort(key=lambda t: -len(t[1]))  # the largest first
        tasks = [("zoeken", (part, rels, binary)) for part, rels in todo]
        results = list(run_tasks(ctx, w, tasks, jobs, sum(len(t[1]) for t in todo)))
        keep_results(w, results)  # what the parts that were made wrote, also when another part failed
        failed = [problem for rel, fp, _, _, problem in results if rel is None]
        if failed:
            return f"zoeken werkt niet in deze site: {failed[0]}"
    w.page(search.MANIFEST, search.manifest(keys))
    return None
