"""The navigation above a case's page: made from the case alone, so a worker can finish the page.

It names the case's municipality, status, quarter and rules with links to
their pages. Those pages are named by :func:`.slugs.group_slug` from the
group's key, so the worker that makes the page and the run that writes the
site agree on every link; when two keys of one kind fold to one name (see
:meth:`.model.SiteModel._named`) the run's name differs, and the page is
made again with it.
"""

from __future__ import annotations

from .layout import NAMES_NOTE, e, link
from .slugs import group_slug

HOME = '<a href="../index.html">Overzicht</a>'
SEARCH_SCRIPT = '<script src="../zoek.js" defer></script>'
ALL_CASES = '<a href="../lijst/alle.html">Alle casussen</a>'


def nav_html(case_id: str, gemeente: tuple, status: tuple, kwartaal: tuple | None, rules: list, namen: bool,
             links: dict | None = None, facets=()) -> str:
    """The navigation; each place is (page path, link text), ``rules`` one per rule. ``links`` keeps made links.

    It also holds the search box (made by ``zoek.js``) and what the search index needs of the page: its title
    in the results and its ``facets`` ((filter, value) pairs, see :func:`search_facets`); the navigation's own
    words are kept out of the index (``data-pagefind-ignore``)."""
    links = {} if links is None else links

    def a(place) -> str:
        html = links.get(place)
        if html is None:
            html = links[place] = link("../" + place[0], place[1])
        return html

    items = [f"Status: {a(status)}"]
    if kwartaal is not None:
        items.append(f"Kwartaal: {a(kwartaal)}")
    if rules:
        items.append("Regels (precedenten): " + ", ".join(a(r) for r in rules))
    items.append(ALL_CASES)
    index = "".join(f'<span hidden data-pagefind-filter="{e(k)}:{e(v)}"></span>' for k, v in facets)
    nav = (f'<nav class="site" aria-label="Doorbraakplannen" data-pagefind-ignore><p class="pad">{HOME} › '
           f'{a(gemeente)} › <span class="naam">plan {e(case_id)}</span></p><ul>'
           + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
           + f'<span hidden data-pagefind-meta="title:Plan {e(case_id)} · {e(gemeente[1])}"></span>{index}'
           + f'<div class="zoeken" data-root="../"></div>{SEARCH_SCRIPT}</nav>\n')
    if namen:
        nav += f'<p class="intern" role="note">{e(NAMES_NOTE)}</p>\n'
    return nav


def search_facets(summary) -> list:
    """(filter, value) pairs of a case's page in the search: its gemeente and status, and every leefgebied and
    domein it has (as the site's lists of those groups count it)."""
    from ..compute.portfolio.base import NO_GEMEENTE

    out = [("gemeente", summary.head.gemeente or NO_GEMEENTE), ("status", summary.head.status)]
    out += [("leefgebied", lg) for lg in sorted({lg or "overig" for lg, _ in summary.doorbraken})]
    out += [("domein", d) for d, _ in summary.per_domein]
    return out


def own_rules(regels) -> list:
    """(key, the case's own citation) per rule the case cites, the first citation of each key."""
    out: dict = {}
    for key, citation, _, _ in regels:
        if key and key not in out:
            out[key] = citation
    return list(out.items())


def provisional_nav(summary, regels, kwartaal: str, namen: bool) -> str:
    """The navigation a worker puts in: every page named from its key alone."""
    from ..compute.portfolio.base import NO_GEMEENTE

    def place(dim: str, key: str, title: str) -> tuple:
        return f"{dim}/{group_slug(key)}.html", title

    head = summary.head
    g = head.gemeente or NO_GEMEENTE
    return nav_html(head.id, place("gemeente", g, g), place("status", head.status, head.status),
                    place("kwartaal", kwartaal, kwartaal),
                    [place("regel", key, citation) for key, citation in own_rules(regels)], namen,
                    facets=search_facets(summary))
