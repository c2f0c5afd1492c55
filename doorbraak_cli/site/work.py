"""What a site run's workers do with each case: its payload, and in a run that writes a site, its finished page.

The run makes one :class:`SitePayload` (the run's context, names or not, the
house style, and where pages go) and hands it to ``batch`` as the payload of
its :class:`..batch.workers.Work`; each task carries it to the worker
(pickled: no worker reads a module global of its parent). The index of a site
run is keyed by :func:`work_key` (names or not, the templates' fingerprint
and the house style's folder), so a changed template is a miss.

A worker of a run that writes a site finishes each case page itself (the
navigation is made from the case alone, ``site/nav.py``) and writes
it under a temporary name in the site's ``casus/`` folder, named by the run's
process id and the page's digest (:func:`pending_page`); the run renames it
into place once it knows the case counts, its navigation is right and the
page changed. Pages are never kept in the cache: a page is some 36 KB, and one
that is not in the site is made again when needed.
"""

from __future__ import annotations

import os

_TEMPLATES: dict = {}  # templates folder -> fingerprint, for this process (``fresh`` looks again)


def folder_state(root: str) -> list:
    """'name:size:mtime' of every file under a folder, in a fixed order."""
    parts = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            try:
                st = os.stat(os.path.join(folder, n))
            except OSError:
                continue
            parts.append(f"{os.path.relpath(os.path.join(folder, n), root)}:{st.st_size}:{st.st_mtime_ns}")
    return parts


def templates_fingerprint(templates: str | None = None, fresh: bool = False) -> str:
    """Name, size and modification time of every shipped template and of a house style's (the code fingerprint
    covers only modules); ``fresh`` looks again (``serve`` after a change)."""
    fp = None if fresh else _TEMPLATES.get(templates)
    if fp is None:
        from ..source.files import digest_bytes
        from ..source.resources import data_dir

        parts = folder_state(str(data_dir("templates")))
        if templates:
            parts += ["--templates", templates, *folder_state(templates)]
        fp = _TEMPLATES[templates] = digest_bytes("\n".join(parts).encode("utf-8", "surrogateescape"))
    return fp


def work_key(namen: bool, templates: str | None = None) -> str:
    """The key of a site run's index: after ``@`` the fingerprint of the templates (a changed template is a miss)
    and of the declared shape of the site's payload (``payload.SiteEntry``: one of another shape is a miss), and
    after ``#`` the house style's folder, when there is one."""
    from ..batch.index import work_version
    from .payload import SHAPE

    return ("site" + ("-namen" if namen else "") + "@" + templates_fingerprint(templates)[:16] + work_version(SHAPE)[:8]
            + (f"#{templates}" if templates else ""))


class PageTarget:
    """Where a run's workers put finished case pages: the site's ``casus/`` folder, under temporary names."""

    def __init__(self, folder: str, filters, mode: int):
        self.folder = folder
        self.filters = filters
        self.mode = mode
        self.pid = os.getpid()  # the run's: its temporaries outlive a worker, not the run

    def write(self, summary, extras, page: str, namen: bool) -> str | None:
        """Finish the page (its navigation in place) and write it; returns its digest (None when it could not
        be written: the run then makes the page itself)."""
        from ..source.files import open_new
        from .casepage import assemble
        from .model import case_quarter
        from .nav import provisional_nav

        quarter = case_quarter(summary.head.datum, extras.reis)
        nav = provisional_nav(summary, extras.regels, quarter, namen)
        data = assemble(page.encode("utf-8"), nav)
        key = page_digest(data)
        # straight under its temporary name (a rename more per page would cost as much as the write): the run
        # renames it only after every worker finished, and a page left half-written by a lost worker is
        # written again, whole, by the run that redoes its chunk
        try:
            with os.fdopen(open_new(pending_page(self.folder, self.pid, key), self.mode, replace=True), "wb") as fh:
                fh.write(data)
        except OSError:
            return None
        return key


class SitePayload:
    """The payload of a site run (picklable, a batch ``Work``'s): the case's summary beside its page part
    (``payload.SiteEntry``), and in a run that writes a site (``target``) the case's finished page, written by
    the worker; with the payload's JSON form."""

    def __init__(self, run, templates: str | None = None, target: PageTarget | None = None):
        self.run = run
        self.templates = templates
        self.target = target

    def __call__(self, analysis):
        from ..compute.portfolio.casesummary import summarize
        from .payload import SiteEntry, anonymous_parts, page_and_extras

        shown = None
        if self.run.anonymised:  # rules and labels go into the figures (cijfers.json), page titles and file names
            analysis, shown = anonymous_parts(analysis)
        summary = summarize(analysis)
        target = self.target
        with_page = target is not None and target.filters.match(summary.head)
        page, extras = page_and_extras(analysis, self.run, with_page, self.templates, shown)
        if page is not None:
            written = target.write(summary, extras, page, not self.run.anonymised)
            if written:
                extras = extras._replace(pagina=written)
        return SiteEntry(summary, extras)

    def to_json(self, entry) -> str:
        from .payload import entry_to_json

        return entry_to_json(entry)

    def from_json(self, text):
        from .payload import entry_from_json

        return entry_from_json(text)

    def head(self, entry):
        return entry.summary.head

    def summary(self, entry):
        return entry.summary


def pending_page(folder: str, pid: int, key: str) -> str:
    """The temporary name of a finished page in ``folder`` (``.tmp-<pid>-``: a killed run's are cleared)."""
    from ..source.files import TEMP_PREFIX

    return os.path.join(folder, f"{TEMP_PREFIX}{pid}-pagina-{key[:40]}.html")


def page_digest(data: bytes) -> str:
    from ..source.files import digest_bytes

    return digest_bytes(data)
