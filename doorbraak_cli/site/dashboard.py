"""The overview (``index.html``): the report's sections, each figure that counts or sums cases linking to them.

The sections are the report's own (``present/portfolio/tables.sections``, the
one source of each): the same paragraphs and tables, where every
:class:`~..present.portfolio.tables.Ref` becomes a link to the page or list of
its cases (:func:`target`) and every amount carries its ``report --format
json`` value in a ``<data>`` element. The site adds what a page can show and a
report cannot: key figures at the top, charts beside their tables
(:func:`extras`), the trend per quarter and the evaluation's worklists.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model.vocabulary import COMPARISONS
from ..present.numbers import amount_json, euro, percent_nl
from ..present.portfolio import html as report_html
from ..present.portfolio import tables as rt
from . import layout as lo
from . import trend
from .model import COMPARISON_SLUG


def _href(ctx, dim: str, key) -> str | None:
    g = ctx.model.group(dim, key)
    return g.path if g else None


def _list(ctx, slug: str) -> str | None:
    g = ctx.model.lists.get(slug)
    return g.path if g and g.leden else None


def _section(sid: str, titel: str, blocks, klasse: str = "") -> dict:
    return {"id": sid, "titel": titel, "blokken": [Markup(b) for b in blocks if b], "klasse": klasse}


def key_figures(ctx) -> str:
    rep = ctx.model.rep
    n = rep.casussen.aantal
    k = rep.rendement.aantal  # the money figures count the cases with a cost-benefit analysis
    kba = _list(ctx, "met-kba")
    items = [("Casussen", lo.count(n, _list(ctx, "alle")), "meegeteld in dit overzicht", ""),
             ("Met een kosten-batenanalyse", lo.count(k, kba), "de bedragen tellen alleen deze casussen", "")]
    for against in COMPARISONS:
        label, shown = lo.comparison(rep.rendement.rendement[against], against, kba)
        items.append((label, shown, ("direct" if against == "huidig" else "reëel")
                      + f": opgeteld over {lo.plural(k, 'casus', 'casussen')} met een kosten-batenanalyse",
                      "kosten" if label.startswith("Kosten") else "rendement"))
    g = rep.rendement.goedkoper["dreigend"]
    items.append(("Goedkoper dan het dreigende scenario",
                  f'{lo.count(g, _list(ctx, "goedkoper-dan-dreigend-scenario"))} van {k}',
                  "casussen met een kosten-batenanalyse", ""))
    be = rep.break_even
    if be.mediaan is not None:
        href = _list(ctx, "break-even-kans")
        shown = lo.link(href, percent_nl(be.mediaan)) if href else lo.e(percent_nl(be.mediaan))
        items.append(("Mediaan break-even-kans", shown,
                      f"over {lo.plural(be.casussen_met_kans, 'casus', 'casussen')}", ""))
    return lo.key_figures(items)


def target(ctx, to: tuple) -> str | None:
    """The page or list of the cases a figure counts: ``to`` as a Ref names it, (kind, key[, more])."""
    kind, key, *more = to
    if kind == "lijst":
        return _list(ctx, key)
    if kind == "goedkoper":
        return _list(ctx, f"goedkoper-dan-{COMPARISON_SLUG[key]}")
    if kind == "terugverdiend":
        year = more[0]
        return _list(ctx, f"terugverdiend-{COMPARISON_SLUG[key]}-" + (f"jaar-{year}" if year is not None else "niet"))
    href = _href(ctx, kind, key)
    return href + more[0] if href and more else href


def piece(ctx, x, ids: dict) -> str:
    """A cell or a piece of a paragraph as HTML: a Ref as its figure (``<data>``) or name, linked to its cases;
    a case id linked to the case; any other text escaped."""
    if not isinstance(x, rt.Ref):
        return lo.link(ids[x], x) if x in ids else lo.e(x)
    href = target(ctx, x.to) if x.to else None
    if x.value is None:
        return lo.link(href, x) if href else lo.e(x)
    if x.money:
        shown = f'<data value="{amount_json(x.value)}">{lo.e(x)}</data>'
    else:
        shown = f'<data value="{int(x.value)}">{lo.e(x)}</data>'
        href = href if x.value else None  # no list of no cases
    return f'<a href="{lo.e(href)}">{shown}</a>' if href else shown


def block(ctx, b, ids: dict) -> str:
    """A paragraph or table of the report as HTML."""
    if isinstance(b, rt.Table):
        return lo.table(b.title.replace("\n", " "), [h.replace("\n", " ") for h in b.headers],
                        [[piece(ctx, c, ids) for c in row] for row in b.rows], b.numeric,
                        [[piece(ctx, c, ids) for c in row] for row in b.footer])
    return "<p>" + "".join(piece(ctx, p, ids) for p in (b.parts if isinstance(b, rt.Text) else (b,))) + "</p>"


def extras(ctx) -> dict:
    """What the overview shows beside the report's blocks: {section key: {"voor": [HTML at its start], table key:
    [HTML after that table]}}."""
    from ..present import funnel

    rep = ctx.model.rep
    pd = rep.per_domein
    over = rt.over(rep.rendement.aantal)
    return {
        "casussen": {"voor": [lo.figure(funnel.funnel_svg(rep.trechter), "De trechter zoals regionale monitoring hem "
                                        "telt: van aanmelding tot meting, met wat er in elk stadium nog loopt en wat "
                                        "er stopte (en waarom).")]},
        "rendement": {
            "voor": [lo.figure(report_html.scenario_chart(rep), f"Totalen per scenario {over}.")],
            "domein-dreigend": [lo.figure(report_html.diverging_chart(
                [(d, v.investering["dreigend"], v.opbrengst["dreigend"]) for d, v in pd.items()], "Per domein"),
                "Per domein, t.o.v. het dreigende scenario: investering (links) en opbrengst (rechts). Wie investeert "
                "is vaak een ander dan wie profiteert.")],
            "gemeente": [lo.figure(report_html.diverging_chart(
                [(g, min(v.rendement["dreigend"], 0), max(v.rendement["dreigend"], 0))
                 for g, v in rep.per_gemeente.items()], "Per gemeente"),
                "Rendement per gemeente t.o.v. het dreigende scenario (links: kosten, rechts: rendement).")]},
        "legitimiteit": {"voor": [f'<p>Per regel staat elke casus die hem noemt, met de gronden voor de uitzondering '
                                  f'en de uitkomst: {lo.link("regel/index.html", "alle regels en hun precedenten")}.'
                                  '</p>']},
        "vooruitblik": {"geldstromen": [flows_chart(rep)]},
    }


def flows_chart(rep) -> str:
    """The flows between domains as bars: per domain what it invests (left) and what it saves (right)."""
    from ..present.svg import FlowBar, flow_chart

    inv: dict = {}
    gain: dict = {}
    for f in rep.geldstromen:
        inv[f.van] = inv.get(f.van, 0) + f.bedrag
        gain[f.naar] = gain.get(f.naar, 0) + f.bedrag
    bars = [FlowBar(d, inv.get(d, 0), gain.get(d, 0), euro(inv.get(d, 0), False), euro(gain.get(d, 0), False))
            for d in dict.fromkeys([*inv, *gain])]
    return lo.figure(flow_chart(bars, "Geldstromen tussen domeinen", "Per domein: links wat het investeert, rechts "
                                "wat het als besparing ontvangt."), "Per domein: links wat het investeert, rechts "
                     "wat het bespaart door investeringen van andere domeinen.") if bars else ""


def present(ctx, section, ids: dict, added: dict) -> dict:
    """A report section as the overview shows it: its blocks, linked, with what the site adds ("voor": after the
    section's opening paragraph)."""
    blocks, first = [], list(added.get("voor", ()))
    if not section.blocks or isinstance(section.blocks[0], rt.Table):
        blocks, first = first, []
    for b in section.blocks:
        if isinstance(b, rt.Table) and b.key == "ongeldig":
            blocks.append(invalid_block(ctx))  # file names and messages can hold a household's name
            continue
        blocks.append(block(ctx, b, ids))
        if isinstance(b, rt.Table) and b.key:
            blocks += added.get(b.key, ())
        blocks, first = blocks + first, []
    return _section(section.key, section.title.split(". ", 1)[-1], blocks)


def invalid_block(ctx) -> str:
    rep = ctx.model.rep
    n = len(rep.ongeldig)
    text = (f"{lo.plural(n, 'bestand is', 'bestanden zijn')} ongeldig en {'telt' if n == 1 else 'tellen'} in geen "
            "enkel cijfer mee; 'doorbraak validate' toont alle meldingen.")
    if not ctx.model.namen:  # file names and messages can hold a household's name
        return lo.paragraph(text + " Bestandsnamen staan alleen in een site met namen.")
    rows = [[lo.e(o["bestand"]), lo.e(o["fout"])] for o in rep.ongeldig]
    return lo.paragraph(text) + lo.table("Ongeldige bestanden (niet meegeteld)", ["Bestand", "Eerste fout"], rows)


def health_chart(rep) -> str:
    """The portfolio's Positieve Gezondheid as one spider web (the report's, present/portfolio/html.py): the mean
    of each of the six dimensions at the first and at the latest measurement, with how many households it
    counts; nothing when no household was measured twice."""
    from ..present.portfolio.html import spider

    n = rep.evaluatie.casussen_met_metingen
    return lo.figure(spider(rep), f"Positieve Gezondheid van {lo.plural(n, 'huishouden', 'huishoudens')} met twee "
                                  "of meer metingen: per dimensie het gemiddelde van de eerste meting (stippellijn) "
                                  "en van de laatste (doorgetrokken), van 0 tot 10") if n else ""


def render(ctx) -> str:
    from . import evaluation

    rep = ctx.model.rep
    ids = {c.id: c.path for c in ctx.model.cases}
    added = extras(ctx)
    # the evaluation's key figures link to its cases and worklists (site/evaluation.py), above the report's section
    added["evaluatie"] = {"voor": [evaluation.key_figures(ctx, lambda slug: _list(ctx, slug)), health_chart(rep)]}
    sections = []
    for s in rt.sections(rep):
        if s.key == "evaluatie":  # the trend per quarter before it: what happened, then what became of it
            sections.append(_section("trend", "Trend per kwartaal", trend.blocks(ctx)))
        sections.append(present(ctx, s, ids, added.get(s.key, {})))
    lead = [f"Portfoliocijfers over {lo.plural(rep.casussen.aantal, 'doorbraakplan', 'doorbraakplannen')}, zoals "
            "'doorbraak report' ze geeft. Elk cijfer dat casussen optelt, leidt naar de lijst van die casussen; "
            "elke casus naar zijn plan."]
    pagina = ctx.frame("Overzicht", "", "overzicht", [])
    return lo.render("site/dashboard.html.j2", pagina=pagina, overzicht={
        "inleiding": lead, "kerncijfers": Markup(key_figures(ctx)), "secties": sections})
