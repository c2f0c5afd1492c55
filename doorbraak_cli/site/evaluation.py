"""The evaluation (realised costs, Positieve Gezondheid, late follow-ups) on the site.

The overview shows the report's own section (``present/portfolio/tables``),
each case id in it linking to the case, above key figures that link to the
cases behind them; the worklist of late measurements is a page of its own.
The lists read each case's typed summary (``CaseSummary.evaluatie``).
"""

from __future__ import annotations

from . import layout as lo
from .slugs import ascii_words

WORKLIST = "evaluatie-te-laat"
MISSING = "evaluatie-nacalculatie-ontbreekt"
LISTS = {
    "evaluatie-gerealiseerd": "Casussen met volledige gerealiseerde kosten",
    MISSING: "Werklijst: gerealiseerd, maar de nacalculatie ontbreekt (posten zonder gerealiseerd aantal)",
    "evaluatie-metingen": "Casussen met twee of meer metingen van Positieve Gezondheid",
    WORKLIST: "Werklijst: te late vervolgmetingen",
}


def figure(rep):
    """The portfolio's evaluation figure (every portfolio has one)."""
    return rep.evaluatie


def case_lists(model) -> dict:
    """{list slug: (title, [case indexes])} of the evaluation's figures."""
    ev = figure(model.rep)
    late = {x.id for x in ev.metingen_te_laat}
    out = {slug: (title, []) for slug, title in LISTS.items()}
    for i, c in enumerate(model.cases):
        e = c.s.evaluatie
        if c.id in late:
            out[WORKLIST][1].append(i)
        if e is None:
            continue
        if e.gerealiseerd:
            out["evaluatie-gerealiseerd"][1].append(i)
        if e.onvolledig:
            out[MISSING][1].append(i)
        if e.scores:
            out["evaluatie-metingen"][1].append(i)
        if e.uitkomst is not None:
            slug = f"evaluatie-uitkomst-{ascii_words(e.uitkomst) or 'onbekend'}"
            out.setdefault(slug, (f"Uitkomst van de doorbraak: {e.uitkomst}", []))[1].append(i)
    return out


def key_figures(ctx, list_href) -> str:
    ev = figure(ctx.model.rep)
    missing = ev.nacalculatie_ontbreekt
    items = [("Gerealiseerde kosten volledig bekend", lo.count(ev.casussen_met_realisatie,
                                                               list_href("evaluatie-gerealiseerd")),
              "casussen: alleen die tellen in gepland en gerealiseerd", ""),
             ("Nacalculatie ontbreekt", lo.count(len(missing), list_href(MISSING)),
              "gerealiseerd, maar niet elke post zegt wat er echt nodig was: de werklijst", "kosten" if missing else "")]
    for outcome, n in ev.per_uitkomst.items():
        slug = f"evaluatie-uitkomst-{ascii_words(str(outcome)) or 'onbekend'}"
        items.append((f"Uitkomst: {outcome}", lo.count(n, list_href(slug)), "casussen", ""))
    items.append(("Gemeten (twee of meer keer)", lo.count(ev.casussen_met_metingen,
                                                          list_href("evaluatie-metingen")), "Positieve Gezondheid", ""))
    late = ev.metingen_te_laat
    items.append(("Te late vervolgmetingen", lo.count(len(late), list_href(WORKLIST)),
                  f"op {ev.peildatum}: de werklijst", "kosten" if late else ""))
    return lo.key_figures(items)
