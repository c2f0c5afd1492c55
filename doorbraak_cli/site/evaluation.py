"""PLUG-IN: the evaluation (realised costs, Positieve Gezondheid, late follow-ups) on the site, when it exists.

Everything here is used only when the portfolio has the figure ``evaluatie``
(``getattr(rep, "evaluatie", None)``), and reads the cases' summaries with
``.get``: without the figure the site is the same as before. The overview
shows the report's own section (``present/portfolio/tables``), each case id in
it linking to the case, above key figures that link to the cases behind them;
the worklist of late measurements is a page of its own.
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
    return getattr(rep, "evaluatie", None)


def case_lists(model) -> dict:
    """{list slug: (title, [case indexes])} of the evaluation's figures; {} without the figure."""
    ev = figure(model.rep)
    if ev is None:
        return {}
    late = {getattr(x, "id", None) for x in getattr(ev, "metingen_te_laat", ())}
    out = {slug: (title, []) for slug, title in LISTS.items()}
    for i, c in enumerate(model.cases):
        e = c.s.get("evaluatie")
        if c.id in late:
            out[WORKLIST][1].append(i)
        if not isinstance(e, dict):
            continue
        if e.get("gerealiseerd"):
            out["evaluatie-gerealiseerd"][1].append(i)
        if e.get("onvolledig"):
            out[MISSING][1].append(i)
        if e.get("scores"):
            out["evaluatie-metingen"][1].append(i)
        if e.get("uitkomst") is not None:
            slug = f"evaluatie-uitkomst-{ascii_words(str(e['uitkomst'])) or 'onbekend'}"
            out.setdefault(slug, (f"Uitkomst van de doorbraak: {e['uitkomst']}", []))[1].append(i)
    return out


def key_figures(ctx, list_href) -> str:
    ev = figure(ctx.model.rep)
    missing = getattr(ev, "nacalculatie_ontbreekt", ())
    items = [("Gerealiseerde kosten volledig bekend", lo.count(getattr(ev, "casussen_met_realisatie", 0),
                                                               list_href("evaluatie-gerealiseerd")),
              "casussen: alleen die tellen in gepland en gerealiseerd", ""),
             ("Nacalculatie ontbreekt", lo.count(len(missing), list_href(MISSING)),
              "gerealiseerd, maar niet elke post zegt wat er echt nodig was: de werklijst", "kosten" if missing else "")]
    for outcome, n in (getattr(ev, "per_uitkomst", None) or {}).items():
        slug = f"evaluatie-uitkomst-{ascii_words(str(outcome)) or 'onbekend'}"
        items.append((f"Uitkomst: {outcome}", lo.count(n, list_href(slug)), "casussen", ""))
    items.append(("Gemeten (twee of meer keer)", lo.count(getattr(ev, "casussen_met_metingen", 0),
                                                          list_href("evaluatie-metingen")), "Positieve Gezondheid", ""))
    late = getattr(ev, "metingen_te_laat", ())
    items.append(("Te late vervolgmetingen", lo.count(len(late), list_href(WORKLIST)),
                  f"op {getattr(ev, 'peildatum', '')}: de werklijst", "kosten" if late else ""))
    return lo.key_figures(items)
