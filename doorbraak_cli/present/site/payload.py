"""What a worker keeps of each case for the site, and the case page it writes.

``batch.workers.payload_maker(kind)`` calls :func:`make` for the kinds
``site`` (anonymised) and ``site-namen`` (with names, for an internal site);
after ``@`` comes the templates' fingerprint and after ``#`` a house style's
folder (:func:`kind_for`). The payload is the case's name-free
:func:`summary <...compute.portfolio.summary.summarize>` (so the portfolio
folds exactly as ``report``'s) with one more key, ``site``:

* ``regels``: per cited rule ``[key, citation, grounds (HTML), who decides]``,
  the free texts passed through the same anonymiser as ``render --anoniem``;
* ``reis``: the journey as ``[date, event]`` pairs (for the trend per quarter);
* ``bedragen`` and ``domeinen``: the case's amounts as every list shows them;
* with names only: ``titel``;
* ``peil``: the day the page's late measurements are as on;
* when a house style's template failed on this case: ``paginafout``;
* ``pagina``: when the run writes a site (:func:`write_pages_to`), the
  digest of the finished page the worker wrote.

A worker of a run that writes a site finishes each case page itself (the
navigation is made from the case alone, :mod:`.nav`) and writes it under a
temporary name in the site's ``casus/`` folder, named by the run's process
id and the page's digest (:func:`pending_page`); the run renames it into
place once it knows the case counts, its navigation is right and the page
changed. Pages are never kept in the cache: a page is some 36 KB, and one
that is not in the site is made again when needed.
"""

from __future__ import annotations


def kind_for(namen: bool, templates: str | None = None) -> str:
    """The batch kind; after ``@`` the fingerprint of the templates (so that a changed template is a miss), and
    after ``#`` the house style's folder, when there is one."""
    return ("site" + ("-namen" if namen else "") + "@" + templates_fingerprint(templates)[:16]
            + (f"#{templates}" if templates else ""))


def kind_parts(kind: str) -> tuple[bool, str | None]:
    """(with names, house style folder or None) of a kind made by :func:`kind_for`."""
    flags, _, rest = kind.partition("@")
    return "-namen" in flags, rest.partition("#")[2] or None


_TEMPLATES: dict = {}


def folder_state(root: str) -> list:
    """'name:size:mtime' of every file under a folder, in a fixed order."""
    import os

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
        from ...source.files import digest_bytes
        from ...source.resources import data_dir

        parts = folder_state(str(data_dir("templates")))
        if templates:
            parts += ["--templates", templates, *folder_state(templates)]
        fp = _TEMPLATES[templates] = digest_bytes("\n".join(parts).encode("utf-8", "surrogateescape"))
    return fp


def anonymous_texts(case):
    """The case with the texts the portfolio figures carry (rules, problem labels) through the anonymiser; the
    rest stays as it is: the case page anonymises itself, and the figures never read a text."""
    from ..plan.anonymize import anonymize

    anonymous = anonymize(case)
    return case._replace(legitimiteit=anonymous.legitimiteit, problemen=anonymous.problemen)


def rule_details(case, plan: dict) -> list:
    """[key, citation, grounds HTML, who decides] per cited rule, the texts from the (anonymised) view."""
    from ...compute.portfolio.keys import rule_group

    out = []
    for rule, shown in zip(case.legitimiteit, plan["legitimiteit"]):
        if not rule.regel:
            continue
        answers = {q["veld"]: q["antwoord"] for q in shown["vragen"]}
        grounds = answers["uitzonderingsgronden"]
        out.append([rule_group(rule.regel, rule.regel_id), " ".join(rule.regel.split()), str(grounds.html) if grounds else "",
                    answers["wie_gaat_erover"].source])
    return out


_PEILDATUM: list = []  # the day the run's case pages say a measurement is late on (see render_on)


def render_on(day) -> None:
    """Make the case pages of this run as on ``day`` (``site --peildatum``; forked workers inherit it; a worker
    that did not is caught by :func:`..model.SiteCase.page_current`)."""
    _PEILDATUM[:] = [day]


def page_and_extras(analysis, namen: bool, with_page: bool, templates: str | None = None,
                    peildatum=None) -> tuple[str | None, dict]:
    """(the case page without navigation, or None; the ``site`` part of the payload).

    A house style's mistake on this case is kept in the payload (``paginafout``, the Dutch message): the case
    still counts, and the command says what went wrong rather than writing a site with a page missing. The
    day the page's late measurements are as on is kept as ``peil``.
    """
    from datetime import date

    from ...model.vocabulary import COMPARISONS, SCENARIOS
    from ..numbers import euro
    from ..plan.templating import RenderError
    from . import casepage

    case = analysis.case
    r = analysis.result
    peildatum = peildatum or (_PEILDATUM[0] if _PEILDATUM else date.today())
    plan = casepage.view(analysis, anoniem=not namen, peildatum=peildatum)
    extras = {"peil": peildatum.isoformat(),
              "regels": rule_details(case, plan),
              "reis": [[e.datum.isoformat(), e.gebeurtenis] for e in case.reis],
              # the amounts as every list shows them, formatted once here rather than in every run of the site
              "bedragen": [euro(r.totals[s]) for s in SCENARIOS] + [euro(r.rendement[c]) for c in COMPARISONS],
              "domeinen": {d: [euro(tot[s]) for s in SCENARIOS] + [euro(r.rendement_per_domein[d][c])
                                                                  for c in COMPARISONS]
                           for d, tot in r.per_domein.items()}}
    if namen:
        extras["titel"] = case.titel
    page = None
    if with_page:
        try:
            page = casepage.render(plan, templates)
        except RenderError as exc:
            extras["paginafout"] = str(exc)
    return page, extras


def make(kind: str):
    """The payload function of a site kind; in a run that writes a site it also writes the case's page."""
    from ...compute.portfolio.summary import summarize

    namen, templates = kind_parts(kind)
    target = _OUTPUT[0] if _OUTPUT else None

    def payload(analysis) -> dict:
        if not namen:  # rules and labels go into the figures (cijfers.json), page titles and file names
            analysis = analysis._replace(case=anonymous_texts(analysis.case))
        out = summarize(analysis)
        with_page = target is not None and target.filters.match(out)
        page, extras = page_and_extras(analysis, namen, with_page, templates)
        if page is not None:
            written = target.write(out, extras, page, namen)
            if written:
                extras["pagina"] = written
        out["site"] = extras
        return out

    return payload


# --- the case pages a worker writes ---------------------------------------------------------------


_OUTPUT: list = []  # the PageTarget of the run writing a site; forked workers inherit it


class PageTarget:
    """Where a run's workers put finished case pages: the site's ``casus/`` folder, under temporary names."""

    def __init__(self, folder: str, filters, mode: int):
        import os

        self.folder = folder
        self.filters = filters
        self.mode = mode
        self.pid = os.getpid()  # the run's: its temporaries outlive a worker, not the run

    def write(self, summary: dict, extras: dict, page: str, namen: bool) -> str | None:
        """Finish the page (its navigation in place) and write it; returns its digest (None when it could not
        be written: the run then makes the page itself)."""
        import os

        from ...source.files import open_new
        from .casepage import assemble
        from .model import case_quarter
        from .nav import provisional_nav

        quarter = case_quarter(summary["datum"], extras["reis"])
        nav = provisional_nav(summary, extras["regels"], quarter, namen)
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


def write_pages_to(target: PageTarget | None) -> None:
    """Let the workers of this run write finished case pages (None: they write none)."""
    _OUTPUT[:] = [target] if target is not None else []


def pending_page(folder: str, pid: int, key: str) -> str:
    """The temporary name of a finished page in ``folder`` (``.tmp-<pid>-``: a killed run's are cleared)."""
    import os

    from ...source.files import TEMP_PREFIX

    return os.path.join(folder, f"{TEMP_PREFIX}{pid}-pagina-{key[:40]}.html")


def page_digest(data: bytes) -> str:
    from ...source.files import digest_bytes

    return digest_bytes(data)

