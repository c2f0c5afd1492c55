"""``doorbraak site``: the portfolio as a static site of linked pages, readable from ``file://`` and any web server.

The cases go through the same index as ``report`` (only new or changed files
are parsed, checked, computed and their page rendered, in worker processes);
the pages come from :mod:`..present.site`. The output folder holds a marker
(``.doorbraak-site.json``) that lists every file the site wrote with a
fingerprint of its content: a second run writes only what changed and
removes only pages it wrote itself. A folder that is not empty and has no
marker is never written into without ``--force``.
"""

from __future__ import annotations

import json
import os

from . import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Io, cache_allowed

MARKER = ".doorbraak-site.json"
MARKER_FORMAT = "doorbraak-site/1"


def load(io: Io, paths, filters=None, namen: bool = False, use_cache: bool = True, jobs: int | None = None,
         quiet: bool = False, backend: str | None = None, pages: bool = True, peildatum=None,
         templates: str | None = None):
    """(the site's model, exit code): every case through the index, folded as ``report`` folds them.

    ``templates`` is a house style's folder for the case pages (as ``render --templates``); a mistake in it
    is told with its file and line, and no site is made (exit 1)."""
    import datetime

    from ..batch.collect import collect
    from ..batch.workers import jobs_default
    from ..present.site import casepage
    from ..present.site.model import SiteModel
    from ..present.site.pages import fingerprint
    from ..present.site.payload import kind_for, render_on, templates_fingerprint
    from ..source.discover import find_files

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
    kind = kind_for(namen, pages and use_cache, templates)
    peildatum = peildatum or datetime.date.today()  # a server's today moves on
    render_on(peildatum)
    col = collect(files, kind, paths, use_cache, jobs or jobs_default(), backend, "Casussen doorrekenen", quiet)
    model = SiteModel(filters, namen, peildatum, templates)
    failed = []
    for r in col.records:
        c = model.add(r.kind, r.file, json.loads(r.payload_json), fingerprint(r.payload_json))
        if c is not None and c.paginafout:
            failed.append(c)
    col.finish()
    if failed:  # the house style fails on these cases: say where, rather than leave pages out
        for c in failed[:MAX_TOLD]:
            io.message(f"{c.file}: de pagina kan niet gemaakt worden: {c.paginafout}")
        if len(failed) > MAX_TOLD:
            io.message(f"… en nog {len(failed) - MAX_TOLD} casussen met dezelfde soort fout")
        return None, EXIT_INPUT
    return model.finish(), EXIT_OK


MAX_TOLD = 10  # template mistakes told one by one; the rest counted


def render_case(c, model, store: bool) -> bytes | None:
    """A case page made here and now (its page was not in the cache, was made as on another day, or the cache is
    off), with the model's names, house style and peildatum."""
    from ..check.case import check_file
    from ..compute.analysis import analyse
    from ..present.site.payload import page_and_extras, store_page

    checked = check_file(c.file)
    if checked.case is None:
        return None
    page, extras = page_and_extras(analyse(checked.case), model.namen, True, model.templates, model.peildatum)
    if page is None:
        from ..present.plan.templating import RenderError

        raise RenderError(extras.get("paginafout") or "de pagina kan niet gemaakt worden")
    page = page.encode("utf-8")
    if store:
        store_page(page)
    return page


def case_page_source(c, model, store: bool) -> bytes | None:
    """A case's page without navigation: from the cache when it is as on the model's peildatum, else made now
    (a house style's mistake: RenderError)."""
    from ..present.site.payload import load_page

    return (load_page(c.pagina) if c.page_current(model.peildatum) else None) or render_case(c, model, store)


def target_problem(output: str, force: bool) -> str | None:
    """Why the site must not be written into this folder (Dutch), or None."""
    if os.path.exists(output) and not os.path.isdir(output):
        return f"{output}: dat is een bestand; geef een (nieuwe of lege) map voor de site"
    if os.path.isdir(output) and not force and not os.path.isfile(os.path.join(output, MARKER)):
        try:
            entries = [n for n in os.listdir(output) if n != ".DS_Store"]
        except OSError as exc:
            return f"{output}: de map kan niet gelezen worden ({exc.strerror})"
        if entries:
            return (f"{output}: de map is niet leeg en is geen site van doorbraak; kies een nieuwe of lege map, "
                    "of gebruik --force om er toch in te schrijven (andere bestanden blijven staan)")
    return None


def read_marker(output: str) -> dict:
    """{path: [fingerprint, size]} of the files the last complete run wrote ({} when unknown)."""
    try:
        with open(os.path.join(output, MARKER), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    if not (isinstance(data, dict) and data.get("format") == MARKER_FORMAT and data.get("klaar") is True
            and isinstance(data.get("bestanden"), dict)):
        return {}
    return data["bestanden"]


def write_marker(output: str, files: dict, done: bool, namen: bool) -> None:
    from ..source.files import write_file

    data = {"format": MARKER_FORMAT, "klaar": done, "namen": namen, "bestanden": files}
    write_file(os.path.join(output, MARKER), json.dumps(data, ensure_ascii=False, separators=(",", ":")),
               overwrite=True, durable=done)


def sizes_on_disk(output: str) -> dict:
    """{path: size} of every regular file under the site folder (links are not followed)."""
    out = {}
    folders = [(output, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    folders.append((e.path, f"{prefix}{e.name}/"))
                elif e.is_file(follow_symlinks=False):
                    out[prefix + e.name] = e.stat(follow_symlinks=False).st_size
            except OSError:
                pass
    return out


class Writer:
    """Writes the pages whose fingerprint changed; remembers every page for the marker.

    Each page is written atomically (a temporary file beside it, then a
    rename), as ``source/files.AtomicFile`` does and with its temporary names;
    but a site has thousands of files in one folder, so leftovers of a killed
    run are cleared once per folder, not once per file.
    """

    def __init__(self, output: str, namen: bool):
        from ..source.files import umask

        self.output = output
        self.namen = namen
        self.old = read_marker(output)
        self.disk = sizes_on_disk(output) if self.old else {}
        self.new: dict = {}
        self.written = 0
        self.started = False
        self.folders: set = set()
        self.mode = 0o666 & ~umask()

    def unchanged(self, rel: str, fp: str) -> bool:
        """Whether the file the last run wrote is there as it was and would be written the same: it is kept."""
        prev = self.old.get(rel)
        if prev and prev[0] == fp and self.disk.get(rel) == prev[1]:
            self.new[rel] = prev
            return True
        return False

    def begin(self) -> None:
        if not self.started:  # from here on the folder is half new: a killed run leaves a marker that says so
            write_marker(self.output, self.old, False, self.namen)
            self.started = True

    def put(self, rel: str, fp: str, make) -> None:
        if self.unchanged(rel, fp):
            return
        content = make()
        if content is None:
            return
        self.begin()
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        self.write(os.path.join(self.output, *rel.split("/")), data)
        self.written_file(rel, fp, len(data))

    def written_file(self, rel: str, fp: str, size: int) -> None:
        self.new[rel] = [fp, size]
        self.written += 1

    def prepare(self, folder: str) -> None:
        """Make the folder, and clear it of the temporary files of a run that was killed (once per folder)."""
        from ..source.files import remove_stale_temporaries

        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            remove_stale_temporaries(folder)
            self.folders.add(folder)

    def write(self, path: str, data: bytes) -> None:
        from ..source.files import replace_bytes

        self.prepare(os.path.dirname(path))
        replace_bytes(path, data, self.mode)

    def page(self, rel: str, content: str) -> None:
        from ..present.site.pages import fingerprint

        self.put(rel, fingerprint(content), lambda: content)

    def finish(self) -> int:
        """Remove the pages of the last run that this run did not make; write the marker. Returns how many went."""
        removed = 0
        for rel in self.old:
            if rel in self.new:
                continue
            path = os.path.join(self.output, *rel.split("/"))
            if os.path.isfile(path) and not os.path.islink(path):
                try:
                    os.unlink(path)
                    removed += 1
                except OSError:
                    pass
        if self.started or removed or self.new != self.old:
            write_marker(self.output, self.new, True, self.namen)
        return removed


_TASKS: list = []  # (context, writer, store, tasks) for forked writers: they inherit it, nothing is pickled
PARALLEL_FROM = 400  # pages (a list page counts its rows as pages) below which all is made in this process
CASES_PER_TASK = 64
ROWS_PER_PAGE = 20  # a list's rows that cost about as much as one case page


def _do_task(i: int) -> list:
    """Make and write what task ``i`` holds, in this process or a forked writer; returns (rel, fingerprint or None
    when its page could not be made, size, whether it was written) per page.

    A task is a slice of case pages (each: its page from the cache or made now, the navigation put in) or one
    other page. A page whose fingerprint is only known from its content is not written when the last run
    wrote the same.
    """
    from ..present.site import pages
    from ..present.site.pages import fingerprint
    from ..source.files import digest_bytes

    ctx, w, store, tasks = _TASKS
    kind, items = tasks[i]
    out = []
    if kind == "pagina":
        rel, fp, make = items
        content = make()
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if fp is None:
            fp = fingerprint(content)
            if w.unchanged(rel, fp):
                return [(rel, fp, len(data), False)]
        w.write(os.path.join(w.output, *rel.split("/")), data)
        return [(rel, fp, len(data), True)]
    for c, fp in items:
        page = case_page_source(c, ctx.model, store)
        if page is None:
            out.append((c.path, None, 0, False))
            continue
        nav = pages.case_nav(ctx, c)
        if fp is None:  # not in the cache: its fingerprint as for a cached page, its digest and its navigation
            fp = fingerprint(digest_bytes(page), nav)
            if w.unchanged(c.path, fp):
                out.append((c.path, fp, w.old[c.path][1], False))
                continue
        data = pages.case_page(ctx, c, page, "")
        w.write(os.path.join(w.output, *c.path.split("/")), data)
        out.append((c.path, fp, len(data), True))
    return out


def _run_tasks(ctx, w, tasks: list, store: bool, jobs: int | None, work: int):
    """Yield the results of every task, in forked writers when there is much ``work`` (case pages, and the rows
    of the other pages); the larger tasks come first."""
    from ..batch.workers import jobs_default, start_method

    jobs = jobs or jobs_default()
    _TASKS[:] = [ctx, w, store, tasks]
    try:
        if jobs < 2 or work < PARALLEL_FROM or start_method() != "fork":
            for i in range(len(tasks)):
                yield from _do_task(i)
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
            for done in pool.map(_do_task, range(len(tasks))):
                yield from done
    finally:
        _TASKS[:] = []


def write_site(io: Io, model, output: str, store: bool, quiet: bool = True,
               jobs: int | None = None) -> tuple[int, int, int]:
    """Write every page; (pages, written, removed)."""
    from ..batch.progress import Progress
    from ..present.site import pages
    from ..present.site.pages import fingerprint

    ctx = pages.Context(model)
    w = Writer(output, model.namen)
    for name in pages.ASSETS:
        w.page(name, pages.asset(name))
    builders = pages.builders(ctx)
    index = builders.pop("index.html")[1]
    # the other pages whose fingerprint changed (or is only known from their content), the largest first
    others = [(rel, fp, make) for rel, (fp, make) in builders.items() if fp is None or not w.unchanged(rel, fp)]
    others.sort(key=lambda t: -pages.size_hint(ctx, t[0]))
    cases = []  # (case, its fingerprint, or None when its page is made now)
    for c in model.cases:
        fp = fingerprint(c.pagina, pages.case_nav(ctx, c)) if c.page_current(model.peildatum) else None
        if fp is None or not w.unchanged(c.path, fp):
            cases.append((c, fp))
    tasks = [("pagina", t) for t in others]
    tasks += [("casussen", cases[i:i + CASES_PER_TASK]) for i in range(0, len(cases), CASES_PER_TASK)]
    if tasks:
        w.begin()
        for folder in {os.path.dirname(os.path.join(output, *rel.split("/")))
                       for rel in [t[0] for t in others] + [c.path for c, _ in cases]}:
            w.prepare(folder)  # before any writer forks: each folder is made and cleared once
    progress = Progress(len(cases) + len(others), "Pagina's schrijven", not quiet)
    try:
        work = len(cases) + sum(pages.size_hint(ctx, t[0]) // ROWS_PER_PAGE for t in others)
        for rel, fp, size, wrote in _run_tasks(ctx, w, tasks, store, jobs, work):
            if fp is not None:
                if wrote:
                    w.written_file(rel, fp, size)
                else:
                    w.new[rel] = [fp, size]
            progress.advance(1)
    finally:
        progress.close()
    w.page("cijfers.json", pages.figures_json(model))
    w.page("index.html", index())  # last: the overview never links to a page not yet there
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

    store = cache_allowed(io, use_cache)
    model, code = load(io, paths, filters, namen, store, jobs, quiet, backend, peildatum=peildatum,
                       templates=templates)
    if model is None:
        return code
    try:
        os.makedirs(output, exist_ok=True)
        n, written, removed = write_site(io, model, output, store, quiet, jobs)
    except OSError as exc:
        io.message(f"{output}: kan de site niet schrijven ({exc.strerror or exc})")
        return EXIT_INPUT
    except RenderError as exc:  # only when a page was not in the cache and the house style fails on it now
        io.message(str(exc))
        return EXIT_INPUT
    if model.rep.ongeldig:
        k = len(model.rep.ongeldig)
        io.message(f"let op: {k} {'bestand is' if k == 1 else 'bestanden zijn'} ongeldig en niet meegeteld "
                   "('doorbraak validate' toont alle meldingen)")
    if namen:
        io.message("let op: deze site bevat namen en is alleen voor intern gebruik")
    changes = f"{written} geschreven" + (f", {removed} verwijderd" if removed else "")
    io.message(f"site geschreven: {os.path.join(output, 'index.html')} ({n} bestanden; {changes})")
    return EXIT_OK
