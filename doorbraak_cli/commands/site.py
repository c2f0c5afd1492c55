"""``doorbraak site``: the portfolio as a static site of linked pages, readable from ``file://`` and any web server.

The site's wing (``doorbraak_cli/site/``) reads the cases (:mod:`..site.build`, through the same index as
``report``) and writes the pages and the search index (:mod:`..site.write`). The output folder holds a marker
(``.doorbraak-site.json``) that lists every file the site wrote with a fingerprint of its content: a second
run writes only what changed and removes only pages it wrote itself. A folder that is not empty and has no
marker is never written into without ``--force``.
"""

from __future__ import annotations

import os

from ..model.problem import os_reason
from ..site.writer import Writer, target_problem
from . import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Io, cache_allowed


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
    import datetime

    from ..model.run import RunContext
    from ..present.plan.templating import RenderError
    from ..site.build import load, scan, source_key
    from ..site.write import write_site

    run_ctx = RunContext.of(datetime.date.today(), peildatum, anonymised=not namen)
    w = None
    try:
        w = Writer(output, namen)
        use_cache = cache_allowed(io, use_cache)
        # only when the last run left a key: a first run would hash every file twice
        sources = scan(paths, run_ctx, filters, templates) if use_cache and w.made_from else None
        if sources is not None and sources.key == w.made_from and w.old_invalid is not None and w.intact():
            # nothing it is made of changed, and every page is still there: the site is as this run would make it
            return done(io, output, len(w.old), 0, 0, w.old_invalid, namen)
        model = load(io.message, paths, run_ctx, filters, use_cache, jobs, quiet, backend, templates=templates,
                     writer=w, scan=sources)
        if model is None:
            return EXIT_INPUT
        key = sources.key if sources is not None else source_key(paths, run_ctx, filters, templates,
                                                                  model.keys) if use_cache else None
        w.source = (key, len(model.rep.ongeldig)) if key else (None, None)
        n, written, removed = write_site(io.message, model, w, quiet, jobs)
    except OSError as exc:
        io.message(f"{output}: kan de site niet schrijven ({os_reason(exc)})")
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
