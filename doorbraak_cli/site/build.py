"""The site's model from a folder of cases, as ``site`` and ``serve`` both read it; a case page made on demand.

The cases go through the same index as ``report``: only new or changed files
are parsed, checked and computed, in worker processes (see :mod:`.work`),
which in a run that writes a site also write each such case's finished page
under a temporary name. What goes wrong is told through ``say`` (Dutch, one
message a call); a function that cannot go on returns None.
"""

from __future__ import annotations

import json
import os
from typing import NamedTuple

MAX_TOLD = 10  # template mistakes told one by one; the rest counted


def load(say, paths, run, filters=None, use_cache: bool = True, jobs: int | None = None, quiet: bool = False,
         backend: str | None = None, templates: str | None = None, writer=None, scan=None):
    """The site's model, every case through the index, folded as ``report`` folds them; None when the cases
    cannot all be read or a house style fails (told through ``say``).

    ``run`` is the command's RunContext (peildatum, today, names or not). ``templates`` is a house style's folder
    for the case pages (as ``render --templates``); a mistake in it is told with its file and line, and no site
    is made. With a ``writer`` (a :class:`.writer.Writer`: the run writes a site) the workers also
    write each computed case's finished page; ``model.fresh`` then names them. ``scan`` is a :class:`Scan` of
    the same paths already made."""
    from ..batch.collect import case_payload, collect, internal_error
    from ..batch.workers import Work, jobs_default
    from ..compute.portfolio.summary import UNREADABLE
    from ..present.plan.templating import RenderError
    from ..source.discover import find_files
    from ..source.files import fingerprint
    from . import casepage
    from .model import SiteModel
    from .work import PageTarget, SitePayload, templates_fingerprint, work_key

    files, found = find_files(paths)
    for p in found:
        say(p.format())
    if any(p.is_error for p in found):  # a folder that cannot be read: the site would be silently smaller
        return None
    if not files:
        say("geen casusbestanden (.yaml of .yml) gevonden in " + ", ".join(paths))
        return None
    if templates is not None and not os.path.isdir(templates):
        say(f"de sjablonenmap '{templates}' bestaat niet (geef met --templates een map met bijvoorbeeld "
            "plan.html.j2)")
        return None
    templates = os.path.abspath(templates) if templates else None
    if templates:  # a house style is the user's to edit between two runs of one process (serve, a host program)
        templates_fingerprint(templates, fresh=True)
        casepage.forget(templates)
    try:
        casepage.warm(templates)  # compiled once here; forked workers inherit it
    except RenderError as exc:
        say(str(exc))
        return None
    model = SiteModel(filters, run, templates)
    target = None
    if writer is not None:
        folder = os.path.join(writer.output, "casus")
        writer.prepare(folder)  # made, and cleared of a killed run's temporaries, before any worker writes in it
        target = PageTarget(folder, model.filters, writer.mode)
    work = Work(work_key(model.namen, templates), SitePayload(run, templates, target))
    failed = []
    known = scan is not None and scan.files == files
    col = collect(files, work, paths, use_cache, jobs or jobs_default(), backend, "Casussen doorrekenen", quiet,
                  model.filters, shas=scan.shas if known else None, envs=scan.envs if known else None)
    for r in col.records:
        if r.kind == "case":
            payload = case_payload(r, work)
            if payload is None:  # its own payload does not read back: listed as invalid, never a wrong page
                model.add(UNREADABLE, r.file, internal_error(r.file), "", r.chunk, r.chunk_end, r.chunk_state)
                continue
        else:
            payload = json.loads(r.payload_json)
        written = r.computed and writer is not None and r.kind == "case" and payload.site.pagina
        c = model.add(r.kind, r.file, payload, fingerprint(r.payload_json), r.chunk, r.chunk_end, r.chunk_state)
        if written:  # under a temporary name, until the run puts it in place or removes it
            model.written.add(written)
            if c is not None:
                model.fresh[c.path] = written
        if c is not None and c.paginafout:
            failed.append(c)
    model.keys = col.finish()
    if failed:  # the house style fails on these cases: say where, rather than leave pages out
        for c in failed[:MAX_TOLD]:
            say(f"{c.file}: de pagina kan niet gemaakt worden: {c.paginafout}")
        if len(failed) > MAX_TOLD:
            say(f"… en nog {len(failed) - MAX_TOLD} casussen met dezelfde soort fout")
        if writer is not None:
            discard_pending(writer, model)
        return None
    return model.finish()


class Scan(NamedTuple):
    """What a site is made from: its case files, their digests and price-list fingerprints, and with the
    options one key (``key``), kept in the site's marker."""

    files: list
    shas: list
    envs: object
    key: str


def scan(paths, run, filters, templates: str | None) -> Scan | None:
    """The sources of a site, or None when they cannot all be read (``load`` then says why)."""
    from ..batch.collect import digests
    from ..check.pricelists import Fingerprints
    from ..source.discover import find_files
    from .work import templates_fingerprint

    if templates and os.path.isdir(templates):
        templates_fingerprint(os.path.abspath(templates), fresh=True)  # the house style as it is now
    files, found = find_files(paths)
    if not files or any(p.is_error for p in found) or (templates and not os.path.isdir(templates)):
        return None
    shas = digests(files)
    envs = Fingerprints()
    key = source_key(paths, run, filters, templates, [(f, s, envs.of(f)) for f, s in zip(files, shas)])
    return Scan(files, shas, envs, key) if key else None


def source_key(paths, run, filters, templates: str | None, keys) -> str | None:
    """The key of everything a site is made from: every file's (path, digest, price-list fingerprint) in
    ``keys``, and the options, templates and days; None when a file could not be read."""
    from ..batch import index as ix
    from ..compute.portfolio.summary import Filters
    from .work import templates_fingerprint

    if not keys or any(sha is None for _, sha, _ in keys):
        return None
    options = {"namen": not run.anonymised, "filters": (filters or Filters()).as_json(),
               "paths": sorted(map(os.path.abspath, paths)), "peildatum": run.peildatum.isoformat(),
               "vandaag": run.today.isoformat(),
               "sjablonen": templates_fingerprint(os.path.abspath(templates) if templates else None)}
    return ix.output_key("site", options, [list(k) for k in keys])


def render_case(c, model) -> bytes | None:
    """A case's page without navigation, made here and now (the worker made none for this run, or one with
    other page names), with the model's run context and house style; a house style's mistake is a RenderError."""
    from ..check.case import check_file
    from ..compute.analysis import analyse
    from .payload import page_and_extras

    checked = check_file(c.file)
    if checked.case is None:
        return None
    page, extras = page_and_extras(analyse(checked.case), model.run, True, model.templates)
    if page is None:
        from ..present.plan.templating import RenderError

        raise RenderError(extras.paginafout or "de pagina kan niet gemaakt worden")
    return page.encode("utf-8")


def discard_pending(w, model) -> None:
    """Remove the pages the workers wrote under temporary names and the run did not put in place."""
    from .work import pending_page

    folder = os.path.join(w.output, "casus")
    for key in model.written:
        try:
            os.unlink(pending_page(folder, os.getpid(), key))
        except OSError:
            pass


def asset(name: str) -> str:
    """A shipped file of every site (templates/site/: its stylesheet and scripts)."""
    from ..source.resources import data_dir

    return (data_dir("templates") / "site" / name).read_text(encoding="utf-8")


def context(model):
    """The page builders' context (site/pages.py) of a model, with the fingerprint of its templates."""
    from . import pages
    from .work import templates_fingerprint

    return pages.Context(model, templates_fingerprint(model.templates))
