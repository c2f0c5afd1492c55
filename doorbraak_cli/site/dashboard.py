"""The overview (``index.html``): the report's figures, each one that sums cases linking to those cases.

The figures are the portfolio's (``compute/portfolio``), folded exactly as
``report`` folds them and rounded by ``numbers``; every amount carries its
``report --format json`` value in a ``<data>`` element. A figure the site does
not know yet (a new section of ``present/portfolio/tables.sections``) is shown
as the report shows it, at the end.
"""

from __future__ import annotations

from markupsafe import Markup

from ..compute.portfolio.keys import decider_key
from ..model.vocabulary import COMPARISONS, SCENARIO_LABELS, SCENARIOS
from ..present.numbers import euro, percent_nl
from ..present.portfolio import html as report_html
from ..present.portfolio import tables as rt
from . import layout as lo
from . import trend
from .model import COMPARISON_SLUG

KNOWN = {"casussen", "rendement", "doorbraken", "legitimiteit", "maatwerkbudget", "reis", "problemen", "vooruitblik"}
HEADS = {"huidig": "t.o.v. huidige situatie (direct)", "dreigend": "t.o.v. dreigend scenario (reëel)"}


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


def cases_section(ctx) -> dict:
    rep = ctx.model.rep
    per_status = {s: c for s, c in rep.casussen.per_status.items()}
    rows = [[lo.link(h, s) if (h := _href(ctx, "status", s)) else lo.e(s), lo.count(c, h)]
            for s, c in per_status.items()]
    gem = [[lo.link(_href(ctx, "gemeente", g), g), lo.count(v.aantal, _href(ctx, "gemeente", g))]
           for g, v in rep.per_gemeente.items()]
    from ..present import funnel

    t = rep.trechter
    blocks = [lo.paragraph(rt.casussen(rep).blocks[0]),
              lo.figure(funnel.funnel_svg(t), "De trechter zoals regionale monitoring hem telt: van aanmelding tot "
                        "meting, met wat er in elk stadium nog loopt en wat er stopte (en waarom)."),
              lo.table(funnel.TITLE, list(funnel.HEADERS), [[lo.e(x) for x in row] for row in funnel.table_rows(t)],
                       (1, 2, 3)),
              lo.table("Casussen per status", ["Status", "Casussen"], rows, (1,), klasse="smal-tabel"),
              lo.table("Casussen per gemeente", ["Gemeente", "Casussen"], gem, (1,), klasse="smal-tabel")]
    if rep.ongeldig:
        blocks.append(invalid_block(ctx))
    return _section("casussen", "Casussen", blocks)


def invalid_block(ctx) -> str:
    rep = ctx.model.rep
    n = len(rep.ongeldig)
    text = (f"{lo.plural(n, 'bestand is', 'bestanden zijn')} ongeldig en {'telt' if n == 1 else 'tellen'} in geen "
            "enkel cijfer mee; 'doorbraak validate' toont alle meldingen.")
    if not ctx.model.namen:  # file names and messages can hold a household's name
        return lo.paragraph(text + " Bestandsnamen staan alleen in een site met namen.")
    rows = [[lo.e(o["bestand"]), lo.e(o["fout"])] for o in rep.ongeldig]
    return lo.paragraph(text) + lo.table("Ongeldige bestanden (niet meegeteld)", ["Bestand", "Eerste fout"], rows)


def money_section(ctx) -> dict:
    rep = ctx.model.rep
    r = rep.rendement
    n = r.aantal  # every money figure here counts the cases with a cost-benefit analysis
    over = rt.over(n)
    alle = _list(ctx, "met-kba")
    totals = [[lo.e(SCENARIO_LABELS[s]), lo.amount(r.totalen[s], alle)] for s in SCENARIOS]
    comps = []
    for against in COMPARISONS:
        label, shown = lo.comparison(r.rendement[against], against, alle)
        comps.append(f"{lo.e(label)}: {shown}")
    per_case = [[lo.e("Gemiddeld"), *(lo.amount(r.gemiddeld[a]) if r.gemiddeld[a] is not None else "–"
                                     for a in COMPARISONS)],
                [lo.e("Mediaan"), *(lo.amount(r.mediaan[a]) if r.mediaan[a] is not None else "–" for a in COMPARISONS)]]
    g = r.goedkoper
    cheaper = (f"De doorbraak is goedkoper dan het dreigende scenario in "
               f"{lo.count(g['dreigend'], _list(ctx, 'goedkoper-dan-dreigend-scenario'))} van de {n} {_cases(n)}, en "
               f"goedkoper dan de huidige situatie in {lo.count(g['huidig'], _list(ctx, 'goedkoper-dan-huidige-situatie'))}"
               f" van de {n}.")
    blocks = [lo.paragraph(rt.rendement(rep).blocks[0]),
              '<div class="twee">' + lo.figure(report_html.scenario_chart(rep), f"Totalen per scenario {over}.")
              + lo.table(f"Totalen {over}", ["Scenario", "Totaal"], totals, (1,),
                         klasse="smal-tabel") + "</div>",
              "<p>" + " · ".join(comps) + "</p>",
              lo.table(f"Per casus, gemiddeld en mediaan {over} (positief = rendement, negatief = kosten)",
                       ["", *HEADS.values()], per_case, (1, 2), klasse="smal-tabel"),
              f"<p>{cheaper}</p>"]
    pd = rep.per_domein
    rows = []
    for d, v in pd.items():
        h = _href(ctx, "domein", d)
        rows.append([lo.link(h, d) if h else lo.e(d), lo.count(v.casussen, h),
                     *(lo.amount(v.totalen[s], h) for s in SCENARIOS)])
    blocks.append(lo.table(f"Kosten per domein en scenario, {over}", ["Domein", "Casussen", "Huidig", "Dreigend", "Doorbraak"],
                           rows, (1, 2, 3, 4)))
    for a, name in (("huidig", "Directe kosten en baten (t.o.v. huidige situatie) per domein"),
                    ("dreigend", "Reële kosten en baten (t.o.v. dreigend scenario) per domein")):
        rows = [[lo.link(h, d) if (h := _href(ctx, "domein", d)) else lo.e(d), lo.amount(v.investering[a], h),
                 lo.amount(v.opbrengst[a], h), lo.amount(v.saldo[a], h), lo.amount(v.saldo[a] / n) if n else "–"]
                for d, v in pd.items()]
        blocks.append(lo.table(f"{name}, {over}", ["Domein", "Investering (−)", "Opbrengst (+)", "Saldo", "Saldo per casus"], rows,
                               (1, 2, 3, 4)))
    blocks.append(lo.figure(report_html.diverging_chart([(d, v.investering["dreigend"], v.opbrengst["dreigend"])
                                                         for d, v in pd.items()], "Per domein"),
                            "Per domein, t.o.v. het dreigende scenario: investering (links) en opbrengst (rechts). "
                            "Wie investeert is vaak een ander dan wie profiteert."))
    rows = []
    for gname, v in rep.per_gemeente.items():
        h = _href(ctx, "gemeente", gname)
        rows.append([lo.link(h, gname), lo.count(v.met_kba, h), *(lo.amount(v.totalen[s], h) for s in SCENARIOS),
                     lo.amount(v.rendement["huidig"], h), lo.amount(v.rendement["dreigend"], h)])
    blocks.append(lo.table("Per gemeente (bedragen over de casussen met een kosten-batenanalyse)",
                           ["Gemeente", "Met KBA", "Huidig", "Dreigend", "Doorbraak", "Direct",
                                            "Reëel"], rows, (1, 2, 3, 4, 5, 6),
                           note="Direct: t.o.v. de huidige situatie; reëel: t.o.v. het dreigende scenario; positief is "
                                "rendement, negatief kosten."))
    blocks.append(lo.figure(report_html.diverging_chart([(gname, min(v.rendement["dreigend"], 0),
                                                          max(v.rendement["dreigend"], 0))
                                                         for gname, v in rep.per_gemeente.items()], "Per gemeente"),
                            "Rendement per gemeente t.o.v. het dreigende scenario (links: kosten, rechts: rendement)."))
    ind = rep.indicatief
    if ind.posten:
        it = ind.totalen
        blocks.append(f"<p>Indicatief, apart getoond en nergens meegeteld: {lo.plural(ind.posten, 'post', 'posten')} "
                      f"in {lo.count(ind.casussen, _list(ctx, 'indicatief'))} {_cases(ind.casussen)}; huidig {lo.amount(it['huidig'])}"
                      f", dreigend {lo.amount(it['dreigend'])}, doorbraak {lo.amount(it['doorbraak'])}.</p>")
    return _section("rendement", "Rendement", blocks)


def flows_section(ctx) -> dict:
    from ..present.svg import FlowBar, flow_chart

    rep = ctx.model.rep
    flows = rep.geldstromen
    if not flows:
        return _section("geldstromen", "Geldstromen", [lo.paragraph("Er zijn geen geldstromen tussen domeinen.")])
    inv: dict = {}
    gain: dict = {}
    for f in flows:
        inv[f.van] = inv.get(f.van, 0) + f.bedrag
        gain[f.naar] = gain.get(f.naar, 0) + f.bedrag
    names = list(dict.fromkeys([*inv, *gain]))
    bars = [FlowBar(d, inv.get(d, 0), gain.get(d, 0), euro(inv.get(d, 0), False), euro(gain.get(d, 0), False))
            for d in names]
    rows = [[lo.e(f.van), lo.e(f.naar), lo.amount(f.bedrag, _href(ctx, "stroom", f"{f.van}|{f.naar}"))] for f in flows]
    return _section("geldstromen", "Geldstromen", [
        lo.paragraph("T.o.v. het dreigende scenario: de investering van het ene domein die als besparing bij het andere "
                     f"landt, opgeteld {rt.over(rep.rendement.aantal)}."),
        lo.figure(flow_chart(bars, "Geldstromen tussen domeinen", "Per domein: links wat het investeert, rechts wat "
                             "het als besparing ontvangt."), "Per domein: links wat het investeert, rechts wat het "
                  "bespaart door investeringen van andere domeinen."),
        lo.table("Geldstromen: van wie investeert naar wie bespaart", ["Van", "Naar", "Bedrag"], rows, (2,),
                 row_heads=False)])


def outlook_section(ctx) -> dict:
    rep = ctx.model.rep
    be = rep.break_even
    blocks = []
    if be.casussen_met_kans:
        blocks.append(f"<p>Break-even-kans (de kans op het dreigende scenario waarboven de doorbraak zich terugbetaalt): "
                      f"mediaan {lo.e(percent_nl(be.mediaan))}, kwartielen {lo.e(percent_nl(be.kwartiel_1))} en "
                      f"{lo.e(percent_nl(be.kwartiel_3))}, over "
                      f"{lo.count(be.casussen_met_kans, _list(ctx, 'break-even-kans'))} {_cases(be.casussen_met_kans)}.</p>")
    blocks.append(f"<p>Altijd rendabel (goedkoper dan de huidige situatie, welke kans ook): "
                  f"{lo.count(be.altijd_rendabel, _list(ctx, 'altijd-rendabel'))} {_cases(be.altijd_rendabel)}; nooit rendabel (duurder "
                  f"dan zelfs het zekere dreigende scenario): {lo.count(be.nooit_rendabel, _list(ctx, 'nooit-rendabel'))}"
                  f" casussen; {lo.e(rt.over(be.aantal))}.</p>")
    tv = rep.terugverdiend
    years = sorted({y for a in tv for y in tv[a].in_jaar})
    rows = [[lo.e(f"in jaar {y}"), *(lo.count(tv[a].in_jaar.get(y, 0),
                                              _list(ctx, f"terugverdiend-{COMPARISON_SLUG[a]}-jaar-{y}"))
                                     for a in COMPARISONS)] for y in years]
    rows.append([lo.e("niet binnen de horizon"), *(lo.count(tv[a].niet_binnen_horizon,
                                                           _list(ctx, f"terugverdiend-{COMPARISON_SLUG[a]}-niet"))
                                                  for a in COMPARISONS)])
    blocks.append(lo.table(f"Terugverdiend (over de horizon van elke casus), {rt.over(be.aantal)}", ["Terugverdiend", *HEADS.values()], rows,
                           (1, 2), klasse="smal-tabel"))
    return _section("terugverdienen", "Terugverdienen en break-even", blocks)


def plans_sections(ctx) -> list[dict]:
    rep = ctx.model.rep
    d = rep.doorbraken
    rows = []
    for k, v in d.per_leefgebied.items():
        h = _href(ctx, "leefgebied", k)
        rows.append([lo.link(h, k) if h else lo.e(k), lo.count(v.aantal, h),
                     lo.count(v.met_uitzondering, h and f"{h}#met-uitzondering"), lo.e(rt.share(v.aandeel_uitzondering))])
    doorbraken = _section("doorbraken", "Doorbraken", [
        lo.paragraph(rt.doorbraken(rep).blocks[0]),
        lo.table("Doorbraken per leefgebied", ["Leefgebied", "Doorbraken", "Met uitzondering", "Aandeel"], rows,
                 (1, 2, 3), klasse="smal-tabel")])
    leg = rep.legitimiteit
    top = leg.regels[:rt.TOP]
    rules = [[lo.link(h, r.regel) if (h := _href(ctx, "regel", r.sleutel)) else lo.e(r.regel),
              lo.count(r.casussen, h)] for r in top]
    wie = [[lo.link(h, w.wie) if (h := _href(ctx, "beslisser", decider_key(w.wie))) else lo.e(w.wie),
            lo.count(w.casussen, h)] for w in leg.wie_gaat_erover[:rt.TOP]]
    legit = _section("legitimiteit", "Legitimiteit: regels en precedenten", [
        lo.paragraph(rt.legitimiteit(rep).blocks[0]),
        f'<p>Per regel staat elke casus die hem noemt, met de gronden voor de uitzondering en de uitkomst: '
        f'{lo.link("regel/index.html", "alle regels en hun precedenten")}.</p>',
        lo.table(f"Meest genoemde regels (top {len(top)})", ["Regel", "Casussen"], rules, (1,), klasse="tekst"),
        lo.table("Wie gaat erover", ["Wie", "Casussen"], wie, (1,), klasse="tekst")])
    return [doorbraken, legit]


def journey_section(ctx) -> dict:
    rep = ctx.model.rep
    r = rep.reis
    dt = r.dagen_tot_besluit
    blocks = [f"<p>{lo.count(r.casussen_met_reis, _list(ctx, 'met-reis'))} {_cases(r.casussen_met_reis, 'heeft', 'hebben')} een reis; "
              f"{lo.count(r.ingediend, _list(ctx, 'ingediend'))} ingediend, "
              f"{lo.count(r.besloten, _list(ctx, 'besloten'))} besloten na indienen.</p>"]
    if r.besloten:
        blocks.append(f"<p>Dagen van indienen tot het eerste besluit: mediaan {lo.e(rt.days_text(dt['mediaan']))}, "
                      f"kwartielen {lo.e(rt.days_text(dt['kwartiel_1']))} en {lo.e(rt.days_text(dt['kwartiel_3']))} "
                      f"(kortst {dt['min']}, langst {dt['max']}). Binnen 14 dagen besloten: "
                      f"{lo.count(r.binnen_14_dagen, _list(ctx, 'binnen-14-dagen'))} van de {r.besloten}.</p>")
    blocks.append(f"<p>Opgeschaald naar wie erover gaat: {lo.count(r.opgeschaald, _list(ctx, 'opgeschaald'))} "
                  "plannen.</p>")
    dec = [[lo.e(rt.EVENT_LABELS[k]), lo.count(v, _list(ctx, "besluit-" + k.replace("_", "-")))]
           for k, v in r.besluiten.items()]
    last = [[lo.e(rt.EVENT_LABELS.get(k, k)), lo.count(v, _list(ctx, f"laatste-stap-{k}"))]
            for k, v in r.laatste_stap.items()]
    blocks.append('<div class="twee">' + lo.table("Besluit na indienen", ["Besluit", "Casussen"], dec, (1,),
                                                  klasse="smal-tabel")
                  + lo.table("Laatste stap van de reis", ["Stap", "Casussen"], last, (1,), klasse="smal-tabel")
                  + "</div>")
    return _section("reis", "Reis", blocks)


def budget_problems_sections(ctx) -> list[dict]:
    rep = ctx.model.rep
    mb = rep.maatwerkbudget
    rows = [[lo.e(c.categorie), lo.amount(c.bedrag, _href(ctx, "budget", c.categorie)), lo.e(rt.share(c.aandeel))]
            for c in mb.per_categorie]
    budget = [f"<p>Vrij maatwerkbudget: {lo.amount(mb.totaal, _list(ctx, 'maatwerkbudget'))} in "
              f"{lo.count(mb.casussen, _list(ctx, 'maatwerkbudget'))} {_cases(mb.casussen)}.</p>"]
    if rows:
        budget.append(lo.table("Besteding per categorie", ["Categorie", "Bedrag", "Aandeel"], rows, (1, 2),
                               klasse="smal-tabel"))
    probs = [[lo.link(h, p.probleem) if (h := _href(ctx, "probleem", p.probleem)) else lo.e(p.probleem),
              lo.count(p.casussen, h)] for p in rep.problemen]
    return [_section("maatwerkbudget", "Maatwerkbudget", budget),
            _section("problemen", "Problemen", [lo.table("Problemen", ["Probleem", "Casussen"], probs, (1,),
                                                         filterable=True, klasse="smal-tabel")])]


def generic(section, ctx=None) -> dict:
    """A report section the site has no page of its own for: shown as the report shows it, case ids linked."""
    ids = {c.id: c.path for c in ctx.model.cases} if ctx is not None else {}

    def cell(text) -> str:
        return lo.link(ids[text], text) if text in ids else lo.e(text)

    blocks = []
    for b in section.blocks:
        if isinstance(b, rt.Table):
            blocks.append(lo.table(b.title.replace("\n", " "), [h.replace("\n", " ") for h in b.headers],
                                   [[cell(c) for c in row] for row in b.rows], b.numeric,
                                   [[lo.e(c) for c in row] for row in b.footer]))
        else:
            blocks.append(lo.paragraph(b))
    title = section.title.split(". ", 1)[-1]
    return _section(section.key, title, blocks)


def evaluation_section(ctx) -> dict | None:
    """PLUG-IN POINT: the evaluation figures and the worklist of late measurements (site/evaluation.py).

    Renders only when the portfolio has the figure (``getattr(rep, "evaluatie", None)``): key figures that link
    to their cases and to the worklist page, then the report's own section ``evaluatie``
    (``present/portfolio/tables.sections``), each case id in it linking to the case.
    """
    from . import evaluation

    rep = ctx.model.rep
    if evaluation.figure(rep) is None:
        return None
    blocks = [evaluation.key_figures(ctx, lambda slug: _list(ctx, slug)), health_chart(rep)]
    found = next((s for s in rt.sections(rep) if s.key == "evaluatie"), None)
    if found is not None:
        blocks += generic(found, ctx)["blokken"]
    return _section("evaluatie", "Evaluatie", blocks, "evaluatie")


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
    rep = ctx.model.rep
    sections = [cases_section(ctx), money_section(ctx), flows_section(ctx), outlook_section(ctx),
                *plans_sections(ctx), journey_section(ctx), *budget_problems_sections(ctx),
                _section("trend", "Trend per kwartaal", trend.blocks(ctx))]
    ev = evaluation_section(ctx)
    if ev is not None:
        sections.append(ev)
    sections += [generic(s, ctx) for s in rt.sections(rep) if s.key not in KNOWN and s.key != "evaluatie"]
    lead = [f"Portfoliocijfers over {lo.plural(rep.casussen.aantal, 'doorbraakplan', 'doorbraakplannen')}, zoals "
            "'doorbraak report' ze geeft. Elk cijfer dat casussen optelt, leidt naar de lijst van die casussen; "
            "elke casus naar zijn plan."]
    pagina = ctx.frame("Overzicht", "", "overzicht", [])
    return lo.render("site/dashboard.html.j2", pagina=pagina, overzicht={
        "inleiding": lead, "kerncijfers": Markup(key_figures(ctx)), "secties": sections})


def _cases(n: int, one: str = "", many: str = "") -> str:
    """'casus' after 1, else 'casussen'; with a verb: 'casus heeft' / 'casussen hebben' (never '1 casussen')."""
    return ("casus" + (" " + one if one else "")) if n == 1 else ("casussen" + (" " + many if many else ""))
