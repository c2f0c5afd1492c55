"""Every page of the site, by its path: what ``site`` writes and ``serve`` answers.

:func:`builders` maps each path (except the case pages, whose HTML comes
from the cache, see :mod:`.payload`) to the function that makes it, so
``site`` can make them all and ``serve`` only the one asked for. All pages
but ``index.html`` are one folder deep, so one row of a case serves every list.
"""

from __future__ import annotations

import json

from ..present.numbers import date_nl
from ..source.files import fingerprint
from . import dashboard, evaluation, lists, rules, trend
from . import layout as lo
from .casepage import assemble
from .lists import DIMS, Rows
from .nav import nav_html, own_rules, search_facets

ASSETS = ("site.css", "site.js", "zoek.js")  # shipped files copied into every site (templates/site/)
LIVE_ASSET = "live.js"  # only served by `serve`


def filters_text(f: dict) -> str:
    parts = []
    if f.get("gemeente"):
        parts.append("gemeente " + " of ".join(f["gemeente"]))
    if f.get("status"):
        parts.append("status " + " of ".join(f["status"]))
    if f.get("sinds"):
        parts.append(f"datum vanaf {f['sinds']}")
    return ("Alleen casussen met " + "; ".join(parts) + ". ") if parts else ""


class Context:
    """What every page builder needs: the model, each case's row, and the frame's common parts."""

    def __init__(self, model, templates_fingerprint: str):
        """``templates_fingerprint``: of the templates the pages are made with (site/work.py)."""
        from .. import __version__
        from ..source import cache

        self.model = model
        self.rows = Rows(model)
        self.gemaakt = date_nl(model.run.today)
        self.versie = __version__
        self.filters = filters_text(model.rep.filters)
        self.links: dict = {}
        self.sizes: dict = {}  # path -> how many cases its page lists (the larger are made first)
        # what every page depends on besides its cases: the code, the templates, the day, the mode and the filters
        self.base = fingerprint(cache.code_fingerprint(), templates_fingerprint, self.gemaakt,
                                str(model.namen),
                                json.dumps(model.rep.filters, sort_keys=True))

    def made_of(self, path: str, title: str, cases) -> str:
        """The fingerprint of a list page: the base, its name and title, and each listed case's payload."""
        self.sizes[path] = len(cases)
        return fingerprint(self.base, path, title, *(c.digest for c in cases))

    def made_of_groups(self, path: str, groups) -> str:
        """The fingerprint of an index page: the base, its name, and each group's page, title and cases."""
        model = self.model
        parts = [g.path + "\0" + g.titel + "\0" + ",".join(model.cases[i].digest for i in g.leden) for g in groups]
        self.sizes[path] = len(model.cases)
        return fingerprint(self.base, path, *parts)

    def frame(self, titel: str, root: str, actief: str = "", kruimels=()) -> dict:
        return lo.frame(self.model, titel, root, actief, kruimels, self.gemaakt, self.versie, self.filters)


def builders(ctx) -> dict:
    """{path: (fingerprint of what the page is made of, or None: always made; function() -> HTML)} for every page
    but the case pages."""
    model = ctx.model
    out = {"index.html": (None, lambda: dashboard.render(ctx))}
    for dim, groups in model.groups.items():
        maker = {"regel": lambda d: rules.rules_index(ctx), "kwartaal": lambda d: trend.quarter_index(ctx)}.get(
            dim, lambda d: lists.index_page(ctx, d))
        path = f"{dim}/index.html"
        out[path] = (ctx.made_of_groups(path, groups.values()), _second(lambda dim=dim, maker=maker: maker(dim)))
    events = trend.events_by_quarter(model)
    for dim, groups in model.groups.items():
        maker = {"regel": rules.rule_page, "kwartaal": trend.quarter_page}.get(dim, lists.group_page)
        for g in groups.values():
            cases = model.members(g)
            if dim == "kwartaal":  # its page also lists the journey's steps in that quarter
                cases = cases + [c for per in events.get(g.key, {}).values() for c in per]
            out[g.path] = (ctx.made_of(g.path, g.titel, cases), _second(lambda maker=maker, g=g: maker(ctx, g)))
    for g in model.lists.values():
        if g.leden or g.key == "alle":
            maker = lists.worklist_page if g.key == evaluation.WORKLIST else lists.list_page
            fp = None if g.key == evaluation.WORKLIST else ctx.made_of(g.path, g.titel, model.members(g))
            out[g.path] = (fp, _second(lambda g=g, maker=maker: maker(ctx, g)))
    return out


def size_hint(ctx, path: str) -> int:
    """About how many cases the page at ``path`` lists (its work), for the order in which pages are made."""
    return ctx.sizes.get(path, 0)


def _second(fn):
    """A page maker gives (path, html); the map wants the html."""
    return lambda: fn()[1]


def case_nav(ctx, c) -> str:
    """The site's navigation above a case's plan document (and, with names, the internal-use line), with the
    run's page names; the same HTML as the worker's :func:`.nav.provisional_nav` unless two names folded alike."""
    model = ctx.model

    def place(g, title=None) -> tuple:
        return g.path, title or g.titel

    q = model.group("kwartaal", c.kwartaal)
    rules = [place(model.group("regel", key), citation) for key, citation in own_rules(c.regels)
             if model.group("regel", key) is not None]
    return nav_html(c.id, place(model.gemeente_of(c)), place(model.group("status", c.s.head.status)),
                    place(q) if q is not None else None, rules, model.namen, ctx.links, search_facets(c.s))


def case_page(ctx, c, page: bytes, live: str = "") -> bytes:
    """A case's finished page (UTF-8) from its page without navigation and its navigation."""
    return assemble(page, case_nav(ctx, c), live)


def figures_json(model) -> str:
    """``cijfers.json``: ``report --format json`` of the same cases; without names, invalid files are only counted."""
    from ..present.portfolio.jsonout import as_dict

    data = as_dict(model.rep)
    if not model.namen:  # a file name or a message can hold a household's name
        data["ongeldig"] = [{"bestand": "(alleen in een site met namen)", "fout": "(alleen in een site met namen)"}
                            for _ in data["ongeldig"]]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


__all__ = ["ASSETS", "DIMS", "LIVE_ASSET", "Context", "builders", "case_nav", "case_page", "figures_json",
           "fingerprint", "size_hint"]
