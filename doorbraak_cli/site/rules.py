"""A page per rule (``legitimiteit.regel``): every case that cited it, the grounds for an exception and the outcome.

This is how colleagues find a precedent and decide alike. Citations that
differ only in spelling are one rule (``compute/portfolio/keys.rule_key``),
as in the report. The grounds are the plan's own words, passed through the
anonymiser of ``render --anoniem`` (unless the site is made with names).
"""

from __future__ import annotations

from ..present.numbers import euro
from . import layout as lo
from .lists import DIMS, page, section

OUTCOME_NOTE = ("Uitkomst: het eerste besluit na indienen volgens de reis van het plan, met het aantal dagen; "
                "zonder besluit in de reis de huidige status.")


def exception(c) -> bool:
    """Whether the case's breakthrough asked an exception to a rule."""
    return any(exc for _, exc in c.s.doorbraken)


def outcome(c) -> tuple[str, str]:
    """(text, css class) of what became of the plan."""
    r = c.s.reis
    status = c.s.head.status
    if r and r.besluit:
        days = r.dagen
        text = f"{r.besluit} na {lo.plural(days, 'dag', 'dagen')}" if days is not None else r.besluit
        if status != r.besluit:
            text += f" · nu {status}"
        return text, f"uitkomst-{r.besluit}"
    if r and r.ingediend:
        return f"ingediend, nog geen besluit · nu {status}", ""
    return f"status {status}", ""


def decision_counts(cases) -> dict:
    out = {"goedgekeurd": 0, "afgewezen": 0}
    for c in cases:
        r = c.s.reis
        if r and r.besluit in out:
            out[r.besluit] += 1
    return out


def rule_table(ctx, key: str, cases, caption: str, title: str) -> str:
    """Per citation of the rule: the case, the grounds (with the citation when spelled otherwise), who decides,
    the outcome and the rendement."""
    rows = ctx.rows
    head = rows.headers()[:-1]  # the date is in the case's own page; this table needs the room for the grounds
    width = len(head)
    headers = head + ["Uitzonderingsgronden", "Wie gaat erover", "Uitkomst", "t.o.v. dreigend"]
    body = []
    escaped: dict = {}  # outcomes and deciders repeat over thousands of rows: each escaped once
    numeric, classes = {width + 3}, {width: "grond", width + 1: "tekst", width + 2: "tekst"}
    for c in cases:
        text, klasse = outcome(c)
        shown = escaped.get((text, klasse))
        if shown is None:
            shown = escaped[text, klasse] = f'<span class="{klasse}">{lo.e(text)}</span>' if klasse else lo.e(text)
        for rkey, citation, grounds, wie in c.regels:
            if rkey != key:
                continue
            cited = "" if citation == title else f'<p class="klein">Genoemd als: {lo.e(citation)}</p>'
            who = escaped.get(wie)
            if who is None:
                who = escaped[wie] = lo.e(wie or "–")
            # the worker's own rounding of the rendement t.o.v. dreigend (as every list shows it), else made here
            amount = c.bedragen[4] if c.bedragen else euro(c.rend[1])
            cells = rows.head_cells(c)[:-1] + [cited + (grounds or '<span class="leeg">niet ingevuld</span>'), who,
                                                shown, amount]
            body.append(lo.tr(cells, numeric, classes=classes))
    return lo.table(caption, headers, body or [lo.empty_row(len(headers))], (width + 3,), filterable=True,
                    note=OUTCOME_NOTE)


def rule_page(ctx, g) -> tuple[str, str]:
    cases = ctx.model.members(g)
    with_exc, without = [], []
    for c in cases:
        (with_exc if exception(c) else without).append(c)
    spellings = sorted({cit for c in cases for k, cit, _, _ in c.regels if k == g.key})
    decided = decision_counts(with_exc)
    lead = [f"{lo.plural(len(cases), 'casus noemt', 'casussen noemen')} deze regel; in {len(with_exc)} daarvan "
            "vroeg de doorbraak een uitzondering. Lees hoe collega's de uitzondering onderbouwden en wat ervan "
            "werd: zo vindt u een precedent en beslist u gelijk in gelijke gevallen."]
    if len(spellings) > 1:
        lead.append("Zo geschreven: " + "; ".join(spellings) + ".")
    if not ctx.model.namen:
        lead.append("De gronden zijn de woorden uit de plannen, met de namen die het plan zelf noemt vervangen door "
                    "neutrale namen; namen die alleen in de lopende tekst staan, worden niet herkend.")
    figures = lo.key_figures([
        ("Casussen", lo.count(len(cases)), "die deze regel noemen", ""),
        ("Met uitzondering", lo.count(len(with_exc), "#met-uitzondering"), "de doorbraak vroeg een uitzondering", ""),
        ("Goedgekeurd", lo.count(decided["goedgekeurd"]), "van de uitzonderingen, volgens de reis", "rendement"),
        ("Afgewezen", lo.count(decided["afgewezen"]), "van de uitzonderingen, volgens de reis", "kosten"),
    ])
    secties = [section("met-uitzondering", "Met een uitzondering",
                       rule_table(ctx, g.key, with_exc, f"{g.titel}: uitzonderingen", g.titel)),
               section("zonder-uitzondering", "Genoemd zonder uitzondering",
                       rule_table(ctx, g.key, without, f"{g.titel}: genoemd zonder uitzondering", g.titel))]
    return page(ctx, g, f"Regel: {g.titel}", lead, secties, figures)


def rules_index(ctx) -> tuple[str, str]:
    """Every rule with how often it was cited, and what became of the exceptions: the way to a precedent."""
    from markupsafe import Markup

    model = ctx.model
    body = []
    for g in model.groups["regel"].values():
        cases = model.members(g)
        with_exc = [c for c in cases if exception(c)]
        d = decision_counts(with_exc)
        body.append([lo.link(f"{g.slug}.html", g.titel), lo.count(len(cases), f"{g.slug}.html"),
                     lo.count(len(with_exc), f"{g.slug}.html#met-uitzondering"), lo.count(d["goedgekeurd"]),
                     lo.count(d["afgewezen"])])
    table = lo.table("Regels en hun uitzonderingen", ["Regel", "Casussen", "Met uitzondering", "Goedgekeurd",
                                                      "Afgewezen"], body or [lo.empty_row(5, "Geen regels.")],
                     (1, 2, 3, 4), filterable=True, klasse="tekst",
                     note="Goedgekeurd en afgewezen: het eerste besluit na indienen bij de casussen met een "
                          "uitzondering, volgens hun reis.")
    title = DIMS["regel"][1]
    pagina = ctx.frame(title, "../", "regel", [(title, None)])
    lead = ["Welke regels vragen om maatwerk, en hoe werd er eerder beslist? Zoek een regel en open hem: u ziet "
            "elke casus die hem noemt, met de gronden voor de uitzondering en de uitkomst. Schrijfwijzen die alleen "
            "in hoofdletters, spaties, leestekens of 'artikel'/'art.' verschillen, tellen als één regel."]
    html = lo.render("site/lijst.html.j2", pagina=pagina, lijst={
        "inleiding": lead, "kerncijfers": Markup(""), "secties": [section("regels", title, table)]})
    return "regel/index.html", html
