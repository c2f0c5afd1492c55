"""The plan document's view model: one case's analysis as plain data for the templates.

``render`` goes::

    check -> analyse -> build (this view model) -> template (Markdown or HTML) -> [PDF]

Every figure comes from the :class:`~...compute.analysis.Analysis` and is
formatted by :mod:`..numbers` (Dutch notation, half-up), so the document shows
exactly what ``calc`` shows. Text fields become :class:`.narrative.Narrative`.
"""

from __future__ import annotations

from ...compute.analysis import Analysis
from ...compute.cost import Result
from ...model.case import Case
from ...model.run import RunContext
from ...model.vocabulary import COMPARISONS, SCENARIO_LABELS, SCENARIOS
from ..numbers import comparison_label, date_nl, euro
from .evaluation_view import consent_view, evaluation_view
from .narrative import Narrative

NOT_FILLED = "Nog niet ingevuld."

STEPS = (
    (1, "situatieschets", "Situatieschets"),
    (2, "toekomstperspectief", "Toekomstperspectief"),
    (3, "overzicht", "Overzicht"),
    (4, "doorbraak", "Doorbraak"),
    (5, "waardendriehoek", "Onderbouwen met de waardendriehoek"),
    (6, "actieplan", "Actieplan"),
)
FIVE_QUESTIONS = (
    ("regel", "Waar staat de regel?"),
    ("bedoeling", "Wat is de bedoeling van de regel?"),
    ("uitzonderingsgronden", "Welke uitzonderingsgronden zijn er?"),
    ("andere_regels", "Welke andere regels zijn van toepassing?"),
    ("wie_gaat_erover", "Wie gaat erover?"),
)
OVERVIEW_QUESTIONS = (
    ("A", "zelf", "Wat kan het huishouden zelf doen?"),
    ("B", "ondersteuning", "Waarbij is (langere tijd) ondersteuning nodig?"),
    ("C", "behandeling", "Wat moet eenmalig opgelost of behandeld worden?"),
)


def _table(t) -> dict:
    """A present.tables.Table as plain data for templates."""
    return {
        "titel": t.title,
        "koppen": [h.split("\n") for h in t.headers],
        "rijen": [list(r) for r in t.rows],
        "voet": [list(r) for r in t.footer],
        "numeriek": list(t.numeric),
    }


def _text_bars(result: Result, width: int = 32) -> list[str]:
    """The bar chart as text, for the Markdown output."""
    from ..svg import largest_positive, ratio

    highest = largest_positive(result.totals.values())  # 0 when no total is above zero
    label_w = max(len(SCENARIO_LABELS[s]) for s in SCENARIOS)
    out = []
    for s in SCENARIOS:
        v = result.totals[s]
        n = 0 if not highest or v.numerator <= 0 else max(1, round(ratio(v, highest) * width))
        out.append(f"{SCENARIO_LABELS[s]:<{label_w}} │{'█' * n:<{width}} {euro(v, cents=False)}")
    return out


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip(" ,;:") + "…"


def _corners(case: Case, result: Result) -> dict:
    """Where each value of the triangle stands, in a few words and a state (ok / letop / open)."""
    from ..svg import Corner

    rules = case.legitimiteit
    if rules:
        lines = [f"{len(rules)} {'regel' if len(rules) == 1 else 'regels'} onderzocht"]
        if any(b.uitzondering for b in case.doorbraken):
            lines.append("uitzondering nodig")
        elif case.doorbraken and all(b.uitzondering is False for b in case.doorbraken):
            lines.append("past binnen de regels")
        deciders = [r.wie_gaat_erover for r in rules if r.wie_gaat_erover]
        if deciders:
            lines.append("beslist: " + _short(deciders[0].split(";")[0].split(":")[0], 34))
        state = "ok" if len(deciders) == len(rules) else "letop"
        if len(deciders) < len(rules):
            lines.append("niet overal staat wie erover gaat")
    else:
        lines, state = ["nog geen regels uitgezocht"], "open"
    legit = Corner("legitimiteit", "Legitimiteit", state, tuple(lines))
    if case.betrokkenheid:
        betr = Corner("betrokkenheid", "Betrokkenheid", "ok", ("hypothese beschreven",))
    else:
        betr = Corner("betrokkenheid", "Betrokkenheid", "open", ("nog geen hypothese",))
    if result.lines:
        label, amount = comparison_label(result.rendement["dreigend"], "dreigend", cents=False)
        kind = label.split()[0]  # Rendement | Kosten
        rend = Corner("rendement", "Rendement", "ok" if kind == "Rendement" else "letop",
                      (f"{kind.lower()} {amount} t.o.v. dreigend scenario",))
    else:
        rend = Corner("rendement", "Rendement", "open", ("nog geen kostenposten",))
    afw = Corner("afweging", "Afweging", "ok" if case.afweging else "open",
                 ("gemaakt",) if case.afweging else ("nog niet gemaakt",))
    return {"legitimiteit": legit, "betrokkenheid": betr, "rendement": rend, "afweging": afw}


def _actions(actions) -> list[dict]:
    return [{"wie": a.wie, "wat": Narrative(a.wat, inline=True), "wanneer": date_nl(a.wanneer)} for a in actions]


def build(a: Analysis, run: RunContext) -> dict:
    """The whole document as plain data: strings, lists, Narratives and (safe) SVG markup.

    ``run.today`` is the day it is made, ``run.peildatum`` the day a follow-up measurement is late on, and
    ``run.anonymised`` whether it shows ids and neutral names instead of pseudonyms and names."""
    from markupsafe import Markup

    from ... import __version__
    from .. import svg, tables
    from ..case import outlook

    result = a.result
    case = a.case
    anoniem = run.anonymised
    if anoniem:
        from .anonymize import anonymous_analysis

        # the analysis of the anonymised case, so that every table (posts, realised figures) shows its texts
        a = anonymous_analysis(a)
        case = a.case
        result = a.result

    steps = [{"nr": nr, "key": key, "naam": name, "kop": f"Stap {nr} · {name}", "anker": f"stap-{nr}"}
             for nr, key, name in STEPS]
    tp = case.toekomstperspectief
    rules = []
    for i, r in enumerate(case.legitimiteit, 1):
        answers = []
        for field, question in FIVE_QUESTIONS:
            text = getattr(r, field)
            answers.append({"nr": len(answers) + 1, "vraag": question, "veld": field,
                            "antwoord": Narrative(text, inline=field == "regel")})
        rules.append({"nr": i, "regel": r.regel, "bron": r.bron, "vragen": answers})

    comparisons = []
    for against in COMPARISONS:
        label, amount = comparison_label(result.rendement[against], against, cents=False)
        comparisons.append({"label": label, "bedrag": amount, "positief": label.startswith("Rendement")})
    bars = [svg.Bar(s, SCENARIO_LABELS[s], result.totals[s], euro(result.totals[s], cents=False)) for s in SCENARIOS]
    chart_title = "Totale kosten per scenario: " + "; ".join(f"{b.label} {b.shown}" for b in bars)
    corners = _corners(case, result)
    acties = case.actieplan.acties

    rendement = {
        "periode": case.rendement.periode,
        "toelichting": Narrative(case.rendement.toelichting),
        # each post's own toelichting, under its number and name as the table shows them
        "posttoelichtingen": [{"post": tables.numbered(line), "tekst": Narrative(line.toelichting, inline=True)}
                              for line in case.rendement.posten if line.toelichting.strip()],
        "heeft_posten": bool(result.lines or result.indicative),
        "tabel": _table(tables.scenario_table(result)),
        "indicatief": _table(tables.scenario_table(result, indicative=True)) if result.indicative else None,
        "vergelijkingen": comparisons,
        "bonnen": [tables.comparison_receipt(result, against)._asdict() for against in COMPARISONS],
        "totalen": [{"key": s, "label": SCENARIO_LABELS[s], "bedrag": euro(result.totals[s], cents=False)}
                    for s in SCENARIOS],
        "grafiek": Markup(svg.bar_chart(bars, chart_title, "Staafdiagram van de totale kosten van de drie scenario's.")),
        "grafiek_tekst": _text_bars(result),
        "domeinen": _table(tables.domain_table(result)) if result.per_domein else None,
        "wie_betaalt": tables.who_pays(result),
    }
    # beyond the book's one year, and with kans/toerekening: the same presenters as calc --jaren
    if a.case.rendement.horizon > 1:
        rendement["jaren"] = _table(outlook.years_table(a))
        rendement["terugverdiend"] = outlook.payback_lines(a)
    else:
        rendement["jaren"], rendement["terugverdiend"] = None, []
    rendement["verwacht"] = outlook.expected_lines(a)
    rendement["break_even"] = outlook.break_even_text(a)
    money = a.flows["dreigend"]
    if any(d.investeert or d.profiteert for d in money.domains):
        rows = [svg.FlowBar(d.domein, d.investeert, d.profiteert, euro(d.investeert, cents=False),
                            euro(d.profiteert, cents=False)) for d in money.domains]
        rendement["geldstromen"] = {
            "tabel": _table(outlook.flows_table(a)),
            "grafiek": Markup(svg.flow_chart(rows, "Wie betaalt, wie profiteert t.o.v. het dreigende scenario",
                                             "Per domein: links wat het investeert, rechts wat het bespaart.")),
            "stromen": outlook.flow_lines(a),
        }
    else:
        rendement["geldstromen"] = None

    budget = None
    if case.maatwerkbudget:
        total = sum((b.bedrag for b in case.maatwerkbudget), start=0)
        budget = {"posten": [{"bedrag": euro(b.bedrag), "categorie": b.categorie, "omschrijving": b.omschrijving}
                             for b in case.maatwerkbudget], "totaal": euro(total)}

    return {
        "titel": case.titel,
        "id": case.id,
        "gemeente": case.gemeente,
        "regievoerder": case.regievoerder,
        "status": case.status,
        "datum": date_nl(case.datum),
        "vorig_plan": case.vorig_plan,
        "problemen": list(case.problemen),
        "prijslijsten": [f"{r.naam} (versie {r.versie})" if r.versie else r.naam for r in case.bronnen],
        "bronnen": [r._asdict() for r in case.bronnen],
        "instemming": consent_view(case),
        "evaluatie": evaluation_view(a, case, _table, run.peildatum),
        "anoniem": anoniem,
        "versleuteld": a.case.verhaal_versleuteld,  # the story is encrypted and no key opened it: the figures only
        "gemaakt": date_nl(run.today),
        "versie": __version__,
        "stappen": steps,
        "situatieschets": Narrative(case.situatieschets),
        "toekomstperspectief": {
            "termijn": tp.termijn,
            "kort": [Narrative(x) for x in tp.kort],
            "lang": [Narrative(x) for x in tp.lang],
        },
        "overzicht": [{"letter": letter, "vraag": question,
                       "punten": [Narrative(x, inline=True) for x in getattr(case.overzicht, key)]}
                      for letter, key, question in OVERVIEW_QUESTIONS],
        "doorbraken": [{"nr": i, "omschrijving": Narrative(b.omschrijving, inline=True),
                        "leefgebied": b.leefgebied,
                        "uitzondering": {True: "ja", False: "nee"}.get(b.uitzondering, ""),
                        "toelichting": Narrative(b.toelichting)}
                       for i, b in enumerate(case.doorbraken, 1)],
        "legitimiteit": rules,
        "betrokkenheid": Narrative(case.betrokkenheid),
        "afweging": Narrative(case.afweging),
        "rendement": rendement,
        "driehoek": Markup(svg.value_triangle(corners, "De waardendriehoek: waar elke waarde staat")),
        "driehoek_tekst": [{"label": c.label, "stand": c.state, "tekst": "; ".join(c.lines)} for c in corners.values()],
        "actieplan": {
            "voor": _actions(a for a in acties if a.fase == "doorbraak"),
            "daarna": _actions(a for a in acties if a.fase == "daarna"),
            "zonder_fase": _actions(a for a in acties if a.fase not in ("doorbraak", "daarna")),
            "evaluatie": [Narrative(date_nl(x), inline=True) for x in case.actieplan.evaluatie],
            "vangnet": Narrative(case.actieplan.vangnet),
        },
        "reis": [{"datum": date_nl(e.datum), "gebeurtenis": e.gebeurtenis, "bij": e.bij,
                  "toelichting": Narrative(e.toelichting, inline=True)} for e in case.reis],
        "maatwerkbudget": budget,
        "niet_ingevuld": NOT_FILLED,
    }
