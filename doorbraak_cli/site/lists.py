"""Pages that list cases: one per municipality, domain, life domain, status, problem, budget category,
decider and money flow, one per figure of the overview, and an index page per kind of group.

Each list shows the cases' key figures and links to their pages; its footer
sums the listed cases exactly, and that sum is the figure on the overview
that links here.
"""

from __future__ import annotations

from ..compute.portfolio import exact as ex
from ..model.vocabulary import COMPARISONS
from ..present.numbers import euro
from . import layout as lo
from .model import Group, case_domain

COMPARISON_HEADS = ("t.o.v. huidig", "t.o.v. dreigend")
SIGN_NOTE = "Bij t.o.v. huidig en t.o.v. dreigend is positief rendement en negatief kosten (investering)."
KBA_NOTE = ("De bedragen tellen alleen de casussen met een kosten-batenanalyse (Met KBA); " + SIGN_NOTE[0].lower()
            + SIGN_NOTE[1:])
DIMS = {  # folder -> (name of one, name of the index page, plural)
    "gemeente": ("Gemeente", "Gemeenten", "gemeenten"),
    "status": ("Status", "Statussen", "statussen"),
    "domein": ("Domein", "Domeinen", "domeinen"),
    "leefgebied": ("Leefgebied", "Leefgebieden", "leefgebieden"),
    "regel": ("Regel", "Regels", "regels"),
    "kwartaal": ("Kwartaal", "Kwartalen", "kwartalen"),
    "probleem": ("Probleem", "Problemen", "problemen"),
    "budget": ("Budgetcategorie", "Maatwerkbudget per categorie", "categorieën"),
    "beslisser": ("Wie gaat erover", "Wie gaat erover", "beslissers"),
    "stroom": ("Geldstroom", "Geldstromen", "geldstromen"),
    "lijst": ("Lijst", "Lijsten", "lijsten"),
}


class Rows:
    """Each case's table row, made once and shared by every list it appears in (all lists are one folder deep)."""

    def __init__(self, model):
        self.model = model
        self.cache: dict = {}
        self.heads: dict = {}

    def head_cells(self, c) -> list:
        """The cells that name the case (link, [title,] municipality, status, date), escaped once per run."""
        cells = self.heads.get(c.id)
        if cells is None:
            cells = [lo.link(f"../{c.path}", c.id)]
            if self.model.namen:
                cells.append(lo.e(c.titel or ""))
            h = c.s.head
            cells += [lo.e(h.gemeente or "–"), f'<span class="status">{lo.e(h.status)}</span>', lo.e(h.datum or "–")]
            self.heads[c.id] = cells
        return list(cells)

    def headers(self) -> list:
        return ["Casus"] + (["Titel"] if self.model.namen else []) + ["Gemeente", "Status", "Datum"]

    def standard(self, c) -> str:
        row = self.cache.get(c.id)
        if row is None:
            shown = c.bedragen or [euro(v) for v in c.tot + c.rend]  # no markup in euro(): nothing to escape
            cells = self.head_cells(c) + list(shown)
            row = self.cache[c.id] = lo.tr(cells, self.numeric())
        return row

    def numeric(self) -> frozenset:
        first = len(self.headers())
        return frozenset(range(first, first + 5))


def standard_table(ctx, cases, caption: str, extra_note: str = "", memo: str | None = None) -> str:
    rows = ctx.rows
    headers = rows.headers() + ["Huidig", "Dreigend", "Doorbraak"] + list(COMPARISON_HEADS)
    width = len(rows.headers())
    foot = []
    if cases:
        sums = ctx.model.sums(cases, memo)
        foot = [[lo.e(total_label(cases))] + [""] * (width - 1) + [lo.amount(v) for v in sums]]
    body = [rows.standard(c) for c in cases] or [lo.empty_row(width + 5)]
    return lo.table(caption, headers, body, rows.numeric(), foot, filterable=True,
                    note=(extra_note + " " if extra_note else "") + SIGN_NOTE)


def section(sid: str, titel: str, tabel: str, tekst=()) -> dict:
    from markupsafe import Markup

    return {"id": sid, "titel": titel, "tabel": Markup(tabel), "tekst": list(tekst)}


def page(ctx, g: Group, titel: str, inleiding, secties, kerncijfers: str = "") -> tuple[str, str]:
    from markupsafe import Markup

    dim_name = DIMS[g.dim][1]
    crumbs = [] if g.dim == "lijst" else [(dim_name, "index.html")]
    crumbs.append((g.titel, None))
    pagina = ctx.frame(titel, "../", g.dim, crumbs)
    html = lo.render("site/lijst.html.j2", pagina=pagina, lijst={
        "inleiding": list(inleiding), "kerncijfers": Markup(kerncijfers), "secties": secties})
    return g.path, html


def kba_count(cases) -> int:
    """How many of the cases have a cost-benefit analysis: the cases every money figure counts."""
    return sum(1 for c in cases if c.kba)


def money_cells(ctx, cases, memo: str | None = None, href: str | None = None) -> list[str]:
    """How many of the cases have a cost-benefit analysis, and their summed comparisons (linked to ``href``): the
    sums count only those, and over none there is no sum ('–', not € 0,00)."""
    n = kba_count(cases)
    if not n:
        return [lo.count(0), "–", "–"]
    return [lo.count(n, href), *(lo.amount(v, href) for v in ctx.model.sums(cases, memo)[3:])]


def total_label(cases) -> str:
    """The footer of a list's money columns: the sums count only the cases with a cost-benefit analysis."""
    n = kba_count(cases)
    if n == len(cases):
        return f"Totaal ({lo.plural(n, 'casus', 'casussen')})"
    return f"Totaal over {lo.plural(n, 'casus', 'casussen')} met een kosten-batenanalyse (van {len(cases)})"


def totals_figures(ctx, cases, memo: str | None = None) -> str:
    if not cases:
        return ""
    rend = ctx.model.sums(cases, memo)[3:]
    n = kba_count(cases)
    items = [("Casussen", lo.count(len(cases)), f"waarvan {n} met een kosten-batenanalyse", "")]
    for against, value in zip(COMPARISONS, rend):
        label, shown = lo.comparison(value, against)
        items.append((label, shown, f"opgeteld over {lo.plural(n, 'casus', 'casussen')} met een kosten-batenanalyse",
                      "kosten" if label.startswith("Kosten") else "rendement"))
    return lo.key_figures(items)


# --- the pages of the groups -------------------------------------------------------------------


def group_page(ctx, g: Group) -> tuple[str, str]:
    """The page of one group (not rules and quarters: see rules.py and trend.py)."""
    cases = ctx.model.members(g)
    n = lo.plural(len(cases), "casus", "casussen")
    one = DIMS[g.dim][0]
    if g.dim == "domein":
        return page(ctx, g, f"Domein {g.titel}", [f"{n} met kosten in het domein {g.titel}, in een van de drie "
                                                  "scenario's. De bedragen zijn die van dit domein."],
                    [section("casussen", "Casussen", domain_table(ctx, g.key, cases))])
    if g.dim == "budget":
        return page(ctx, g, f"Maatwerkbudget: {g.titel}", [f"{n} met vrij maatwerkbudget in de categorie "
                                                           f"'{g.titel}'."],
                    [section("casussen", "Casussen", amount_table(ctx, cases, f"Maatwerkbudget: {g.titel}",
                                                                  ["Bedrag"], lambda c: [budget_in(c, g.key)]))])
    if g.dim == "stroom":
        van, naar = g.key.split("|")
        return page(ctx, g, f"Geldstroom {van} → {naar}",
                    [f"{n} waarin een investering van {van} als besparing bij {naar} landt (t.o.v. het dreigende "
                     "scenario)."],
                    [section("casussen", "Casussen", amount_table(ctx, cases, f"Geldstroom {van} → {naar}",
                                                                  ["Bedrag"], lambda c: [flow_in(c, van, naar)]))])
    secties = [section("casussen", "Casussen", standard_table(ctx, cases, f"Casussen: {g.titel}", memo=g.path))]
    lead = f"{n} met {one.lower()} {g.titel}."
    if g.dim == "leefgebied":
        with_exc = [c for c in cases if any((lg or "overig") == g.key and exc for lg, exc in c.s.doorbraken)]
        lead = (f"{n} met een doorbraak in het leefgebied {g.titel}; in {len(with_exc)} daarvan vroeg die "
                "doorbraak een uitzondering op een regel.")
        secties.append(section("met-uitzondering", "Met een uitzondering op een regel",
                               standard_table(ctx, with_exc, f"{g.titel}: doorbraken met een uitzondering")))
    elif g.dim == "status":
        lead = f"{n} met de status {g.titel}."
    elif g.dim == "beslisser":
        lead = f"{n} waarin '{g.titel}' erover gaat (bij een van de regels)."
    elif g.dim == "probleem":
        lead = f"{n} met het probleem '{g.titel}'."
    title = g.titel if g.dim == "gemeente" else f"{one}: {g.titel}"
    return page(ctx, g, title, [lead], secties, totals_figures(ctx, cases, g.path))


def list_page(ctx, g: Group) -> tuple[str, str]:
    """The cases behind one figure of the overview."""
    cases = ctx.model.members(g)
    lead = f"{lo.plural(len(cases), 'casus', 'casussen')}. Deze lijst hoort bij het cijfer op het overzicht."
    if g.key == "break-even-kans":
        table = amount_table(ctx, cases, g.titel, ["Break-even-kans"], lambda c: [ex.frac(c.s.break_even)],
                             percent=True)
        return page(ctx, g, g.titel, [lead], [section("casussen", "Casussen", table)])
    if g.key == "maatwerkbudget":
        table = amount_table(ctx, cases, g.titel, ["Maatwerkbudget"], lambda c: [sum_amounts(a for _, a in c.s.budget)])
        return page(ctx, g, g.titel, [lead], [section("casussen", "Casussen", table)])
    if g.key == "indicatief":
        table = amount_table(ctx, cases, g.titel, ["Indicatief huidig", "Indicatief dreigend", "Indicatief doorbraak"],
                             lambda c: [ex.frac(a) for a in c.s.indicatief],
                             note="Indicatieve posten worden getoond maar nergens meegeteld.")
        return page(ctx, g, g.titel, [lead], [section("casussen", "Casussen", table)])
    return page(ctx, g, g.titel, [lead], [section("casussen", "Casussen",
                                                  standard_table(ctx, cases, g.titel, memo=g.path))],
                totals_figures(ctx, cases, g.path))


def sum_amounts(amounts):
    acc: dict = {}
    for a in amounts:
        ex.add(acc, a)
    return ex.value(acc)


def budget_in(c, key: str):
    from ..compute.portfolio.base import NO_CATEGORY
    from ..compute.portfolio.keys import tag_key

    return sum_amounts(a for cat, a in c.s.budget if (tag_key(cat) or NO_CATEGORY) == key)


def flow_in(c, van: str, naar: str):
    return sum_amounts(a for v, n, a in c.s.stromen if v == van and n == naar)


def amount_table(ctx, cases, caption: str, heads, values, percent: bool = False, note: str = "") -> str:
    """Cases with their own figures (``values(case)`` gives one per head), summed exactly in the footer.

    With ``percent`` the figures are probabilities, shown as percentages and not summed.
    """
    from ..present.numbers import percent_nl

    rows = ctx.rows
    width = len(rows.headers())
    num = frozenset(range(width, width + len(heads)))
    body, cols = [], [[] for _ in heads]
    for c in cases:
        vals = values(c)
        for i, v in enumerate(vals):
            cols[i].append(v)
        body.append(lo.tr(rows.head_cells(c) + [percent_nl(v) if percent else euro(v) for v in vals], num))
    foot = []
    if cases and not percent:
        foot = [[lo.e(f"Totaal ({lo.plural(len(cases), 'casus', 'casussen')})")] + [""] * (width - 1)
                + [lo.amount(ex.sum_values(col)) for col in cols]]
    return lo.table(caption, rows.headers() + list(heads), body or [lo.empty_row(width + len(heads))], num, foot,
                    filterable=True, note=note)


def domain_table(ctx, domein: str, cases) -> str:
    """The cases' amounts in one domain; the footer sums the summaries' exact values (no Fractions per cell)."""
    rows = ctx.rows
    width = len(rows.headers())
    num = frozenset(range(width, width + 5))
    sums: list = [{} for _ in range(5)]
    body = []
    for c in cases:
        amounts = c.s.domain(domein) or ((0, 1),) * 5
        for acc, a in zip(sums, amounts):
            ex.add(acc, a)
        shown = c.domeinen.get(domein) or [euro(v) for v in case_domain(c, domein)]
        body.append(lo.tr(rows.head_cells(c) + list(shown), num))
    foot = []
    if cases:
        foot = [[lo.e(f"Totaal ({lo.plural(len(cases), 'casus', 'casussen')})")] + [""] * (width - 1)
                + [lo.amount(ex.value(acc)) for acc in sums]]
    headers = rows.headers() + ["Huidig", "Dreigend", "Doorbraak", "Saldo t.o.v. huidig", "Saldo t.o.v. dreigend"]
    return lo.table(f"Kosten in het domein {domein} per casus", headers, body, num, foot, filterable=True,
                    note="Saldo: positief is opbrengst (besparing), negatief investering.")


def index_page(ctx, dim: str) -> tuple[str, str]:
    """The index of one kind of group: every group with its number of cases and their comparisons."""
    from markupsafe import Markup

    model = ctx.model
    groups = list(model.groups[dim].values())
    one, title, many = DIMS[dim]
    body = []
    for g in groups:
        cases = model.members(g)
        body.append([lo.link(f"{g.slug}.html", g.titel), lo.count(len(cases), f"{g.slug}.html"),
                     *money_cells(ctx, cases, g.path)])
    table = lo.table(f"{title}: casussen en rendement", [one, "Casussen", "Met KBA", *COMPARISON_HEADS], body or
                     [lo.empty_row(5, f"Geen {many}.")], (1, 2, 3, 4), filterable=True, note=KBA_NOTE,
                     klasse="tekst" if dim in ("regel", "beslisser") else "")
    pagina = ctx.frame(title, "../", dim, [(title, None)])
    lead = [f"{lo.plural(len(groups), one.lower(), many)}; elke naam leidt naar de casussen."]
    html = lo.render("site/lijst.html.j2", pagina=pagina, lijst={
        "inleiding": lead, "kerncijfers": Markup(""), "secties": [section("overzicht", title, table)]})
    return f"{dim}/index.html", html


def worklist_page(ctx, g) -> tuple[str, str]:
    """The late follow-up measurements, by due date, each with its case."""
    ev = ctx.model.rep.evaluatie
    by_id = {c.id: c for c in ctx.model.cases}
    rows = ctx.rows
    body = []
    for x in ev.metingen_te_laat:
        c = by_id.get(x.id)
        if c is None:
            continue
        body.append(lo.tr(rows.head_cells(c) + [lo.e(x.meting), lo.e(x.vervaldatum)]))
    table = lo.table("Te late vervolgmetingen", rows.headers() + ["Meting", "Gepland op"], body, filterable=True)
    lead = [f"Vervolgmetingen die op {ev.peildatum} te laat zijn, de oudste eerst: "
            f"{lo.plural(len(body), 'meting', 'metingen')}. Plan ze in met het huishouden en leg ze vast in de casus."]
    return page(ctx, g, g.titel, lead, [section("werklijst", "Werklijst", table)])
