"""``doorbraak site``: the portfolio as a static site of linked pages, readable from ``file://`` and any web server.

The cases go through the same index as ``report``: only new or changed files
are parsed, checked and computed, in worker processes, which also write each
such case's finished page under a temporary name; the run puts it in place
(:func:`place_written_pages`). Every other page comes from
:mod:`..present.site`, made in forked writers when there are many. The
output folder holds a marker
(``.doorbraak-site.json``) that lists every file the site wrote with a
fingerprint of its content: a second run writes only what changed and
removes only pages it wrote itself. A folder that is not empty and has no
marker is never written into without ``--force``.
"""

from __future__ import annotations

import json
import os
from typing import NamedTuple

from ..source.generated import MARKER, Writer, target_problem  # noqa: F401  (MARKER: the tests and serve's docs)
from . import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Io, cache_allowed


def load(io: Io, paths, filters=None, namen: bool = False, use_cache: bool = True, jobs: int | None = None,
         quiet: bool = False, backend: str | None = None, peildatum=None, templates: str | None = None,
         writer=None, scan=None):
    """(the site's model, exit code): every case through the index, folded as ``report`` folds them.

    ``templates`` is a house style's folder for the case pages (as ``render --templates``); a mistake in it
    is told with its file and line, and no site is made (exit 1). With a ``writer`` (a :class:`Writer`: the
    run writes a site) the workers also write each computed case's finished page (see ``present/site/payload``);
    ``model.fresh`` then names them. ``scan`` is a :class:`Scan` of the same paths already made."""
    import datetime

    from ..batch.collect import collect
    from ..batch.workers import jobs_default
    from ..present.site import casepage
    from ..present.site.model import SiteModel
    from ..present.site.payload import PageTarget, kind_for, render_on, templates_fingerprint, write_pages_to
    from ..source.discover import find_files
    from ..source.files import fingerprint

    files, found = find_files(paths)
    for p in found:
        io.message(p.format())
    if any(p.is_error for p in found):  # a folder that cannot be read: the site would be silently smaller
        return None, EXIT_INPUT
    if not files:
        io.message("geen casusbestanden (.yaml of .yml) gevonden in " + ", ".join(paths))
        return None, EXIT_INPUT
    from ..present.plan.templating import RenderError

    if templates is not None and not os.path.isdir(templates):
        io.message(f"de sjablonenmap '{templates}' bestaat niet (geef met --templates een map met bijvoorbeeld "
                   "plan.html.j2)")
        return None, EXIT_INPUT
    templates = os.path.abspath(templates) if templates else None
    if templates:  # a house style is the user's to edit between two runs of one process (serve, a host program)
        templates_fingerprint(templates, fresh=True)
        casepage.forget(templates)
    try:
        casepage.warm(templates)  # compiled once here; forked workers inherit it
    except RenderError as exc:
        io.message(str(exc))
        return None, EXIT_INPUT
    kind = kind_for(namen, templates)
    peildatum = peildatum or datetime.date.today()  # a server's today moves on
    render_on(peildatum)
    model = SiteModel(filters, namen, peildatum, templates)
    if writer is not None:
        folder = os.path.join(writer.output, "casus")
        writer.prepare(folder)  # made, and cleared of a killed run's temporaries, before any worker writes in it
        write_pages_to(PageTarget(folder, model.filters, writer.mode))
    failed = []
    try:
        known = scan is not None and scan.files == files
        col = collect(files, kind, paths, use_cache, jobs or jobs_default(), backend, "Casussen doorrekenen", quiet,
                      model.filters, shas=scan.shas if known else None, envs=scan.envs if known else None)
        for r in col.records:
            payload = json.loads(r.payload_json)
            written = r.computed and writer is not None and r.kind == "case" and payload["site"].get("pagina")
            c = model.add(r.kind, r.file, payload, fingerprint(r.payload_json), r.chunk, r.chunk_end, r.chunk_state)
            if written:  # under a temporary name, until write_site puts it in place or removes it
                model.written.add(written)
                if c is not None:
                    model.fresh[c.path] = written
            if c is not None and c.paginafout:
                failed.append(c)
        model.keys = col.finish()
    finally:
        write_pages_to(None)
    if failed:  # the house style fails on these cases: say where, rather than leave pages out
        for c in failed[:MAX_TOLD]:
            io.message(f"{c.file}: de pagina kan niet gemaakt worden: {c.paginafout}")
        if len(failed) > MAX_TOLD:
            io.message(f"… en nog {len(failed) - MAX_TOLD} casussen met dezelfde soort fout")
        if writer is not None:
            discard_pending(writer, model)
        return None, EXIT_INPUT
    return model.finish(), EXIT_OK


MAX_TOLD = 10  # template mistakes told one by one; the rest counted


class Scan(NamedTuple):
    """What a site is made from: its case files, their digests and price-list fingerprints, and with the
    options one key (``key``), kept in the site's marker."""

    files: list
    shas: list
    envs: object
    key: str


def scan(paths, namen: bool, filters, peildatum, templates: str | None) -> Scan | None:
    """The sources of a site, or None when they cannot all be read (``load`` then says why)."""
    from ..batch.collect import digests
    from ..check.pricelists import Fingerprints
    from ..present.site.payload import templates_fingerprint
    from ..source.discover import find_files

    if templates and os.path.isdir(templates):
        templates_fingerprint(os.path.abspath(templates), fresh=True)  # the house style as it is now
    files, found = find_files(paths)
    if not files or any(p.is_error for p in found) or (templates and not os.path.isdir(templates)):
        return None
    shas = digests(files)
    envs = Fingerprints()
    key = source_key(paths, namen, filters, peildatum, templates, [(f, s, envs.of(f)) for f, s in zip(files, shas)])
    return Scan(files, shas, envs, key) if key else None


def source_key(paths, namen: bool, filters, peildatum, templates: str | None, keys) -> str | None:
    """The key of everything a site is made from: every file's (path, digest, price-list fingerprint) in
    ``keys``, and the options, templates and day; None when a file could not be read."""
    import datetime

    from ..batch import index as ix
    from ..compute.portfolio.summary import Filters
    from ..present.site.payload import templates_fingerprint

    if not keys or any(sha is None for _, sha, _ in keys):
        return None
    today = datetime.date.today()
    options = {"namen": namen, "filters": (filters or Filters()).as_json(), "paths": sorted(map(os.path.abspath, paths)),
               "peildatum": (peildatum or today).isoformat(), "vandaag": today.isoformat(),
               "sjablonen": templates_fingerprint(os.path.abspath(templates) if templates else None)}
    return ix.output_key("site", options, [list(k) for k in keys])


def render_case(c, model) -> bytes | None:
    """A case's page without navigation, made here and now (the worker made none for this run, or one with
    other page names or as on another day), with the model's names, house style and peildatum; a house
    style's mistake is a RenderError."""
    from ..check.case import check_file
    from ..compute.analysis import analyse
    from ..present.site.payload import page_and_extras

    checked = check_file(c.file)
    if checked.case is None:
        return None
    page, extras = page_and_extras(analyse(checked.case), model.namen, True, model.templates, model.peildatum)
    if page is None:
        from ..present.plan.templating import RenderError

        raise RenderError(extras.get("paginafout") or "de pagina kan niet gemaakt worden")
    return page.encode("utf-8")


def discard_pending(w, model) -> None:
    """Remove the pages the workers wrote under temporary names and the run did not put in place."""
    from ..present.site.payload import pending_page

    folder = os.path.join(w.output, "casus")
    for key in model.written:
        try:
            os.unlink(pending_page(folder, os.getpid(), key))
        except OSError:
            pass


_TASKS: list = []  # (context, writer, tasks) for forked writers: they inherit it, nothing is pickled
PARALLEL_FROM = 400  # pages (a list page counts its rows as pages) below which all is made in this process
CASES_PER_TASK = 64
ROWS_PER_PAGE = 20  # a list's rows that cost about as much as one case page


def _do_task(i: int) -> list:
    """Make and write what task ``i`` holds, in this process or a forked writer; returns (rel, fingerprint or None
    when its page could not be made, size, whether it was written) per page.

    A task is a slice of case pages to make here (each: made, the navigation put in) or one other page. A page
    whose fingerprint is only known from its content is not written when the last run wrote the same.
    """
    from ..present.site import pages
    from ..present.site.payload import page_digest
    from ..source.files import fingerprint
    from ..source.generated import content_digest

    ctx, w, tasks = _TASKS
    kind, items = tasks[i]
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


def _run_tasks(ctx, w, tasks: list, jobs: int | None, work: int):
    """Yield the results of every task, in forked writers when there is much ``work`` (case pages, and the rows
    of the other pages); the larger tasks come first."""
    from ..batch.workers import pool_size, start_method, start_worker

    jobs = pool_size(jobs)
    _TASKS[:] = [ctx, w, tasks]
    try:
        if jobs < 2 or work < PARALLEL_FROM or start_method() != "fork":
            for i in range(len(tasks)):
                yield from _do_task(i)
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=start_worker,
                                 initargs=(os.getpid(),)) as pool:
            for done in pool.map(_do_task, range(len(tasks))):
                yield from done
    finally:
        _TASKS[:] = []


def place_written_pages(ctx, w) -> list:
    """Put the case pages the workers finished into place (those that changed); returns the cases whose page
    must still be made: none from a worker, or one with other page names or as on another day."""
    from ..present.site.payload import pending_page

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


def write_site(io: Io, model, w, quiet: bool = True, jobs: int | None = None) -> tuple[int, int, int]:
    """Write every page through the :class:`Writer` ``w``; (pages, written, removed)."""
    from ..batch.progress import Progress
    from ..present.site import pages

    ctx = pages.Context(model)
    try:
        for name in pages.ASSETS:
            w.page(name, pages.asset(name))
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
        for rel, fp, size, wrote, digest in _run_tasks(ctx, w, tasks, jobs, work):
            if fp is not None:
                if wrote:
                    w.written_file(rel, fp, size, digest)
                else:
                    w.new[rel] = w.old[rel]  # unchanged: as the last run wrote it
            progress.advance(1)
    finally:
        progress.close()
    w.page("cijfers.json", pages.figures_json(model))
    w.page("index.html", index())  # last: the overview never links to a page not yet there
    from ..site import search

    problem = search.update(w, len(model.cases))  # over the pages as written
    if problem:
        io.message(f"let op: {problem}")
    removed = w.finish()
    return len(w.new), w.written, removed


def run(io: Io, paths, output: str, force: bool = False, filters=None, namen: bool = False, quiet: bool = False,
        use_cache: bool = True, jobs: int | None = None, backend: str | None = None, peildatum=None,
        templates: str | None = None) -> int:
    """``doorbraak site MAP... -o DIR``; ``peildatum`` (a date, default today) as ``report --peildatum``;
    ``templates`` a house style's folder for the case pages."""
    if not output:
        io.message("doorbraak site: geef met -o de map voor de site")
        return EXIT_USAGE
    problem = target_problem(output, force)
    if problem:
        io.message(problem)
        return EXIT_INPUT
    from ..present.plan.templating import RenderError

    w = None
    try:
        w = Writer(output, namen)
        use_cache = cache_allowed(io, use_cache)
        # only when the last run left a key: a first run would hash every file twice
        sources = scan(paths, namen, filters, peildatum, templates) if use_cache and w.made_from else None
        if sources is not None and sources.key == w.made_from and w.old_invalid is not None and w.intact():
            # nothing it is made of changed, and every page is still there: the site is as this run would make it
            return done(io, output, len(w.old), 0, 0, w.old_invalid, namen)
        model, code = load(io, paths, filters, namen, use_cache, jobs, quiet, backend, peildatum=peildatum,
                           templates=templates, writer=w, scan=sources)
        if model is None:
            return code
        key = sources.key if sources is not None else source_key(paths, namen, filters, peildatum, templates,
                                                                  model.keys) if use_cache else None
        w.source = (key, len(model.rep.ongeldig)) if key else (None, None)
        n, written, removed = write_site(io, model, w, quiet, jobs)
    except OSError as exc:
        io.message(f"{output}: kan de site niet schrijven ({exc.strerror or exc})")
        return EXIT_INPUT
    except RenderError as exc:  # only when a page is made now and the house style fails on it
        io.message(str(exc))
        return EXIT_INPUT
    finally:
        if w is not None:  # interrupted, or failed: leave none of this run's temporary files behind
            w.drop_temporaries()
    return done(io, output, n, written, removed, len(model.rep.ongeldig), namen)


def done(io: Io, output: str, n: int, written: int, removed: int, invalid: int, namen: bool) -> int:
    """What a finished run says."""
    if invalid:
        io.message(f"let op: {invalid} {'bestand is' if invalid == 1 else 'bestanden zijn'} ongeldig en niet "
                   "meegeteld ('doorbraak validate' toont alle meldingen)")
    if namen:
        io.message("let op: deze site bevat namen en is alleen voor intern gebruik")
    changes = f"{written} geschreven" + (f", {removed} verwijderd" if removed else "")
    io.message(f"site geschreven: {os.path.join(output, 'index.html')} ({n} bestanden; {changes})")
    return EXIT_OK
