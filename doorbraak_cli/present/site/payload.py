"""What a worker keeps of each case for the site: its report summary, plus what the site's pages need.

``batch.workers.payload_maker(kind)`` calls :func:`make` for the kinds
``site`` (anonymised) and ``site-namen`` (with names, for an internal site);
``-kaal`` after either (``--no-cache``) leaves the case page out, after
``@`` comes the templates' fingerprint and after ``#`` a house style's
folder (:func:`kind_for`). The payload
is the case's name-free :func:`summary <...compute.portfolio.summary.summarize>`
(so the portfolio folds exactly as ``report``'s) with one more key, ``site``:

* ``regels``: per cited rule ``[key, citation, grounds (HTML), who decides]``,
  the free texts passed through the same anonymiser as ``render --anoniem``;
* ``reis``: the journey as ``[date, event]`` pairs (for the trend per quarter);
* ``bedragen`` and ``domeinen``: the case's amounts as every list shows them;
* ``pagina``: the digest of the case page, kept in the cache folder under that
  digest (:func:`store_page`; never in the index: a page is some 30 KB);
* with names only: ``titel``;
* ``peil``: the day the page's late measurements are as on;
* when a house style's template failed on this case: ``paginafout``.
"""

from __future__ import annotations

PAGE_NAMESPACE = "site-pagina"


def kind_for(namen: bool, pages: bool, templates: str | None = None) -> str:
    """The batch kind; after ``@`` the fingerprint of the templates (so that a changed template is a miss), and
    after ``#`` the house style's folder, when there is one."""
    return ("site" + ("-namen" if namen else "") + ("" if pages else "-kaal") + "@" + templates_fingerprint(templates)[:16]
            + (f"#{templates}" if templates else ""))


def kind_parts(kind: str) -> tuple[bool, bool, str | None]:
    """(with names, with pages, house style folder or None) of a kind made by :func:`kind_for`."""
    flags, _, rest = kind.partition("@")
    return "-namen" in flags, not flags.endswith("-kaal"), rest.partition("#")[2] or None


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


def rule_details(case, plan: dict) -> list:
    """[key, citation, grounds HTML, who decides] per cited rule, the texts from the (anonymised) view."""
    from ...compute.portfolio.keys import rule_key

    out = []
    for rule, shown in zip(case.legitimiteit, plan["legitimiteit"]):
        if not rule.regel:
            continue
        answers = {q["veld"]: q["antwoord"] for q in shown["vragen"]}
        grounds = answers["uitzonderingsgronden"]
        out.append([rule_key(rule.regel), " ".join(rule.regel.split()), str(grounds.html) if grounds else "",
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
    """The payload function of a site kind."""
    from ...compute.portfolio.summary import summarize

    namen, with_page, templates = kind_parts(kind)

    def payload(analysis) -> dict:
        out = summarize(analysis)
        page, extras = page_and_extras(analysis, namen, with_page, templates)
        if page is not None:
            extras["pagina"] = store_page(page.encode("utf-8"))
        out["site"] = extras
        return out

    return payload


# --- the case pages in the cache -----------------------------------------------------------------
# A page is some 30 KB of HTML, stored as it is under the digest of its bytes (so it can never be stale and is
# checked by hashing it), in the user's private cache folder. The cache's JSON entries would encode and check
# every page twice more; the index only holds the digest.


def page_path(key: str):
    from ...source import cache

    return cache.cache_dir() / PAGE_NAMESPACE / key[:2] / f"{key}.html"


def store_page(data: bytes) -> str | None:
    """Keep a page under its digest; returns the digest (None when the cache cannot be written)."""
    from ...source.files import digest_bytes, replace_bytes

    key = digest_bytes(data)
    path = page_path(key)
    if path.exists():
        return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        replace_bytes(str(path), data, 0o600)
    except OSError:
        return None
    return key


def load_page(key: str | None) -> bytes | None:
    """A page by its digest, or None when it is not there or not intact."""
    if not (isinstance(key, str) and len(key) == 64 and all(ch in "0123456789abcdef" for ch in key)):
        return None  # only a digest names a file (an index line is data, never a path)
    from ...source.files import digest_bytes

    try:
        data = page_path(key).read_bytes()
    except OSError:
        return None
    return data if digest_bytes(data) == key else None
