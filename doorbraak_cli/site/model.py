"""The site's model: the counted cases, the portfolio folded exactly as ``report`` folds it, and the groups.

Every figure of the dashboard that sums cases links to a page listing exactly
those cases; :class:`SiteModel` makes those lists in one pass over the
counted summaries, with the same rules as the portfolio figures
(``compute/portfolio``), so a list's count and sum are the figure's. Names
and order of groups come from the portfolio's own records.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..compute.portfolio import exact as ex
from ..compute.portfolio.base import NO_CATEGORY, NO_GEMEENTE, WITH_ANALYSIS, counts_in
from ..compute.portfolio.keys import decider_key, gemeente_key, tag_key
from ..compute.portfolio.plans import QUICK_DAYS
from ..compute.portfolio.summary import Filters, Fold
from ..model.run import RunContext
from ..model.vocabulary import COMPARISONS, DECISIONS, DOMEINEN, LEEFGEBIEDEN, SCENARIOS, STATUSES
from .slugs import case_slug, group_slug, unique_slugs

NO_QUARTER = "zonder datum"
NAV_DIMS = ("gemeente", "status", "kwartaal", "regel")  # the groups a case page's navigation links to
COMPARISON_SLUG = {"huidig": "huidige-situatie", "dreigend": "dreigend-scenario"}


class SiteCase:
    """One counted case: its summary (``s``, a ``CaseSummary``, read only), what its pages need (from its
    ``SitePage``), and its totals and comparisons as exact values."""

    __slots__ = ("s", "id", "file", "digest", "slug", "kwartaal", "_tot", "_rend", "scaled", "pagina", "titel",
                 "regels", "reis", "bedragen", "domeinen", "paginafout", "peil", "kba")

    def __init__(self, entry, file: str, digest: str = ""):
        s, site = entry.summary, entry.site
        self.s = s
        self.id = s.head.id
        self.file = file
        self.digest = digest  # of the case's payload: what its rows and pages are made of
        self.slug = case_slug(self.id)
        self._tot = self._rend = None  # made when a page shows them (most runs sum them only: ``scaled``)
        self.scaled = scaled(s.totalen + s.rendement)
        self.kba = counts_in(WITH_ANALYSIS, s.head)  # whether its money counts (the report's rule, compute/portfolio/base)
        self.pagina = site.pagina
        self.titel = site.titel
        self.paginafout = site.paginafout  # a house style's mistake on this case (Dutch), or None
        self.peil = site.peil  # the peildatum of the run whose worker made its page (``pagina``)
        self.regels = site.regels  # (key, citation, grounds HTML, who decides)
        self.reis = site.reis  # (ISO date, event)
        self.bedragen = site.bedragen  # the five amounts as shown (numbers.euro), made by the worker
        self.domeinen = dict(site.domeinen)  # per domain its five amounts as shown
        self.kwartaal = case_quarter(s.head.datum, self.reis)

    @property
    def tot(self) -> tuple:
        """(huidig, dreigend, doorbraak) as exact values."""
        if self._tot is None:
            self._tot = tuple(ex.frac(a) for a in self.s.totalen)
        return self._tot

    @property
    def rend(self) -> tuple:
        """The comparisons (t.o.v. huidig, t.o.v. dreigend) as exact values."""
        if self._rend is None:
            self._rend = tuple(ex.frac(a) for a in self.s.rendement)
        return self._rend

    @property
    def path(self) -> str:
        return f"casus/{self.slug}.html"

    def nav_keys(self) -> list:
        """(dim, key) of every group its page's navigation links to."""
        head = self.s.head
        return ([("gemeente", head.gemeente or NO_GEMEENTE), ("status", head.status),
                 ("kwartaal", self.kwartaal)] + [("regel", r[0]) for r in self.regels if r[0]])

    def page_current(self, peildatum, renamed: set) -> bool:
        """Whether the page a worker made (in this run, or in the run whose payload the index kept) is right for
        this run: its navigation names no group whose page the run named otherwise (``renamed``: (dim, key), see
        :meth:`SiteModel._named`), and it says of every open follow-up measurement what it is on ``peildatum``
        (late or not yet due; the page was made as on ``peil``). Otherwise the page is made again."""
        if not self.pagina:
            return False
        if renamed and not renamed.isdisjoint(self.nav_keys()):
            return False
        day = peildatum.isoformat()
        e = self.s.evaluatie
        return e is None or all((due < self.peil) == (due < day) for _, due in e.vervolg)


def scaled(amounts) -> tuple:
    """(D, numerators): Amounts over one common denominator D, so that sums are sums of integers (no Fraction
    is made)."""
    from math import lcm

    common = lcm(*(d for _, d in amounts))
    return common, tuple(n * (common // d) for n, d in amounts)


def case_quarter(datum: str | None, reis) -> str:
    """A case's quarter: of its date, else of the first step of its journey."""
    return quarter_of(datum or (reis[0][0] if reis else None))


def quarter_of(iso: str | None) -> str:
    """'2025-05-17' -> '2025-K2'."""
    if not iso:
        return NO_QUARTER
    return f"{iso[:4]}-K{(int(iso[5:7]) - 1) // 3 + 1}"


class Group(NamedTuple):
    dim: str  # the folder: gemeente, status, domein, leefgebied, regel, kwartaal, probleem, budget, beslisser, ...
    key: str
    titel: str
    slug: str
    leden: list  # indexes into SiteModel.cases, in file order

    @property
    def path(self) -> str:
        return f"{self.dim}/{self.slug}.html"


# the lists of the dashboard's other figures: slug -> title
LIST_TITLES = {
    "alle": "Alle meegetelde casussen",
    "met-kba": "Casussen met een kosten-batenanalyse (de bedragen tellen alleen deze)",
    "goedkoper-dan-dreigend-scenario": "Doorbraak goedkoper dan het dreigende scenario",
    "goedkoper-dan-huidige-situatie": "Doorbraak goedkoper dan de huidige situatie",
    "met-uitzondering": "Casussen met een uitzondering op een regel",
    "break-even-kans": "Casussen met een break-even-kans",
    "altijd-rendabel": "Altijd rendabel (goedkoper dan de huidige situatie, welke kans ook)",
    "nooit-rendabel": "Nooit rendabel (duurder dan zelfs het zekere dreigende scenario)",
    "indicatief": "Casussen met indicatieve posten (niet meegeteld)",
    "maatwerkbudget": "Casussen met vrij maatwerkbudget",
    "met-reis": "Casussen met een reis",
    "ingediend": "Ingediend (volgens de reis)",
    "besloten": "Besloten na indienen",
    "binnen-14-dagen": f"Besloten binnen {QUICK_DAYS} dagen na indienen",
    "opgeschaald": "Opgeschaald naar wie erover gaat",
}


class SiteModel:
    """Add the records of a run in file order (:meth:`add`), then :meth:`finish`."""

    def __init__(self, filters: Filters | None, run: RunContext, templates: str | None = None):
        self.filters = filters or Filters()
        self.run = run  # the command's: its peildatum (late measurements), today and whether names are shown
        self.namen = not run.anonymised
        self.templates = templates  # the house style's folder (site --templates), or None
        self.peildatum = run.peildatum
        self.fold = Fold(self.filters)
        self.cases: list[SiteCase] = []
        self.rep = None
        self.groups: dict = {}  # dim -> {key: Group}
        self.lists: dict = {}  # slug -> Group (dim "lijst")
        self.memo: dict = {}
        # the case pages the run's workers wrote under temporary names (site/payload.py): their digests,
        # and per counted case the digest of its page
        self.written: set = set()
        self.fresh: dict = {}
        self.renamed: set = set()  # (dim, key) of the groups in a case's navigation not named from their key alone
        self.keys: list = []  # (file, digest, price-list fingerprint) of every file read, from the index

    def add(self, kind: str, file: str, payload, digest: str = "", chunk: str | None = None,
            chunk_end: bool = False, chunk_state=None) -> SiteCase | None:
        """One record, in file order: a case's ``payload.SiteEntry`` (counted when its id is its own and the
        filters let it through), an error or a price list; counted as ``report`` counts (:class:`Fold`). ``chunk``: another
        process folded the case into the state of that chunk, which comes with the chunk's last record
        (``chunk_end``, ``chunk_state``)."""
        summary = payload.summary if kind == "case" else payload
        counted = self.fold.record(kind, file, summary, summary.head.id if kind == "case" else None, chunk,
                                   chunk_end, chunk_state)
        # the chunk applied the filters to its cases; here they only decide whether the case gets a page
        if not counted or (chunk and not self.filters.match(summary.head)):
            return None
        case = SiteCase(payload, file, digest)
        self.cases.append(case)
        return case

    def finish(self) -> SiteModel:
        self.rep = self.fold.result(self.run)  # as `report --peildatum`
        self.fold = None
        self.cases.sort(key=lambda c: c.id)
        self._group()
        return self

    # --- grouping -------------------------------------------------------------------------------

    def _group(self) -> None:
        by: dict = {d: {} for d in ("gemeente", "status", "domein", "leefgebied", "regel", "kwartaal", "probleem",
                                    "budget", "beslisser", "stroom")}
        lists: dict = {k: [] for k in LIST_TITLES}
        extra: dict = {}

        def put(dim, key, i):
            members = by[dim].setdefault(key, [])
            if not members or members[-1] != i:
                members.append(i)

        def put_list(slug, i, title=None):
            if slug not in lists:
                lists[slug] = []
                extra[slug] = title
            lists[slug].append(i)

        shown = {gemeente_key(g): g for g in self.rep.per_gemeente}  # one page per municipality, as the report

        for i, c in enumerate(self.cases):
            s = c.s
            g = s.head.gemeente or NO_GEMEENTE
            put("gemeente", shown.get(gemeente_key(g), g), i)
            put("status", s.head.status, i)
            put("kwartaal", c.kwartaal, i)
            for iso, _ in c.reis:
                by["kwartaal"].setdefault(quarter_of(iso), [])  # a quarter with only journey events has a page too
            if c.kba:  # the money groups and lists count only the cases the money figures count
                for d, _ in s.per_domein:
                    put("domein", d, i)
                for van, naar, _ in s.stromen:
                    put("stroom", f"{van}|{naar}", i)
                money_lists(s, i, lists, put_list)
            for lg, _ in s.doorbraken:
                put("leefgebied", lg or "overig", i)
            if any(exc for _, exc in s.doorbraken):
                lists["met-uitzondering"].append(i)
            for key, _ in s.regels:
                if key:
                    put("regel", key, i)
            for key, _ in s.wie:
                if key:
                    put("beslisser", key, i)
            for p in s.problemen:
                if tag_key(p):
                    put("probleem", tag_key(p), i)
            for cat, _ in s.budget:
                put("budget", tag_key(cat) or NO_CATEGORY, i)
            lists["alle"].append(i)
            if s.budget:
                lists["maatwerkbudget"].append(i)
            r = s.reis
            if r is not None:
                lists["met-reis"].append(i)
                if r.ingediend:
                    lists["ingediend"].append(i)
                    put_list("besluit-" + (r.besluit or "nog-geen-besluit"), i, ("besluit", r.besluit))
                if r.dagen is not None:
                    lists["besloten"].append(i)
                    if r.dagen <= QUICK_DAYS:
                        lists["binnen-14-dagen"].append(i)
                if r.opgeschaald:
                    lists["opgeschaald"].append(i)
                put_list("laatste-stap-" + r.laatste, i, ("laatste", r.laatste))

        from .evaluation import case_lists  # the evaluation's lists

        for slug, (title, members) in case_lists(self).items():
            lists[slug] = members
            extra[slug] = None
            LIST_TITLES.setdefault(slug, title)
        self.groups = {dim: self._named(dim, members) for dim, members in by.items()}
        self.lists = {slug: Group("lijst", slug, LIST_TITLES.get(slug) or list_title(extra.get(slug)), slug, members)
                      for slug, members in lists.items()}

    def _named(self, dim: str, members: dict) -> dict:
        """{key: Group} in the portfolio's order, with its display names and page names."""
        rep = self.rep
        titles: dict = {}
        if dim == "gemeente":
            order = [g for g in rep.per_gemeente if g in members]
        elif dim == "status":
            order = [s for s in rep.casussen.per_status if s in members]
        elif dim == "domein":
            order = [d for d in rep.per_domein if d in members]
        elif dim == "leefgebied":
            order = [k for k in LEEFGEBIEDEN if k in members] + sorted(k for k in members if k not in LEEFGEBIEDEN)
        elif dim == "regel":
            ranked = {r.sleutel: r.regel for r in rep.legitimiteit.regels}
            titles = ranked
            order = [k for k in ranked if k in members]
        elif dim == "beslisser":
            titles = {decider_key(w.wie): w.wie for w in rep.legitimiteit.wie_gaat_erover}
            order = [k for k in titles if k in members]
        elif dim == "probleem":
            order = [p.probleem for p in rep.problemen if p.probleem in members]
        elif dim == "budget":
            order = [b.categorie for b in rep.maatwerkbudget.per_categorie if b.categorie in members]
        elif dim == "stroom":
            order = [f"{f.van}|{f.naar}" for f in rep.geldstromen if f"{f.van}|{f.naar}" in members]
            titles = {k: k.replace("|", " → ") for k in order}
        else:  # kwartaal
            order = sorted(k for k in members if k != NO_QUARTER) + ([NO_QUARTER] if NO_QUARTER in members else [])
        order += sorted(k for k in members if k not in set(order))  # never lose a group
        # a rule's page is named from its key, as a worker names it in a case's navigation (site/nav.py)
        slugs = unique_slugs(order, {} if dim == "regel" else titles)
        if dim in NAV_DIMS:  # a page name a worker could not know: the pages of its cases are made again
            self.renamed |= {(dim, k) for k in order if slugs[k] != group_slug(k)}
        return {k: Group(dim, k, titles.get(k, k), slugs[k], members[k]) for k in order}

    # --- lookups --------------------------------------------------------------------------------

    def group(self, dim: str, key: str) -> Group | None:
        return self.groups.get(dim, {}).get(key)

    def gemeente_of(self, c: SiteCase) -> Group:
        return self.groups["gemeente"][c.s.head.gemeente or NO_GEMEENTE]

    def members(self, g: Group) -> list:
        return [self.cases[i] for i in g.leden]

    def sums(self, cases, memo: str | None = None) -> tuple:
        """The exact sums of (huidig, dreigend, doorbraak, t.o.v. huidig, t.o.v. dreigend) over the cases with a
        cost-benefit analysis among them (as the report's money figures count)."""
        if memo is not None and memo in self.memo:
            return self.memo[memo]
        by_denominator: dict = {}
        for c in cases:
            if not c.kba:
                continue
            d, nums = c.scaled
            by_denominator.setdefault(d, []).append(nums)
        totals = [Fraction(0)] * 5
        for d, rows in by_denominator.items():  # a handful of denominators: cents, and the odd time fraction
            for i, col in enumerate(zip(*rows)):
                totals[i] += Fraction(sum(col), d)
        out = tuple(totals)
        if memo is not None:
            self.memo[memo] = out
        return out


def money_lists(s, i: int, lists: dict, put_list) -> None:
    """The lists behind the money figures of one case with a cost-benefit analysis (its ``CaseSummary``)."""
    lists["met-kba"].append(i)
    for c_i, comp in enumerate(COMPARISONS):
        if ex.sign(s.rendement[c_i]) > 0:
            lists[f"goedkoper-dan-{COMPARISON_SLUG[comp]}"].append(i)
        year = s.terugverdiend[c_i]
        slug = f"terugverdiend-{COMPARISON_SLUG[comp]}-" + (f"jaar-{year}" if year else "niet")
        put_list(slug, i, (comp, year))
    if s.break_even is not None:
        lists["break-even-kans"].append(i)
    if s.break_even_soort in ("altijd", "nooit"):
        lists[f"{s.break_even_soort}-rendabel"].append(i)
    if s.indicatief_posten:
        lists["indicatief"].append(i)


def list_title(spec) -> str:
    """The title of a list made while grouping (payback year, decision, last step)."""
    if not spec:
        return ""
    what, value = spec
    if what in COMPARISONS:
        against = "de huidige situatie" if what == "huidig" else "het dreigende scenario"
        return (f"Terugverdiend t.o.v. {against} in jaar {value}" if value
                else f"Niet terugverdiend t.o.v. {against} binnen de horizon")
    if what == "besluit":
        return f"Besluit na indienen: {value}" if value in DECISIONS else "Ingediend, nog geen besluit"
    return f"Laatste stap van de reis: {value}"


def case_domain(c: SiteCase, domein: str) -> tuple:
    """(huidig, dreigend, doorbraak, saldo t.o.v. huidig, saldo t.o.v. dreigend) of one domain of a case."""
    vals = c.s.domain(domein)
    if vals is None:
        return (Fraction(0),) * (len(SCENARIOS) + len(COMPARISONS))
    return tuple(ex.frac(v) for v in vals)


__all__ = ["DOMEINEN", "NO_QUARTER", "STATUSES", "Group", "SiteCase", "SiteModel", "case_domain"]
