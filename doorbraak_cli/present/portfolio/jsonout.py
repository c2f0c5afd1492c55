"""``report --format json``: the portfolio for scripts.

Amounts are strings with exactly two decimals ('.' as decimal point, no
grouping), rounded half-up from the exact sums, as in ``calc``'s contract.
Shares are percentages as strings with one decimal; days are numbers. Keys
beyond those named in the issue are only ever added, never changed.
"""

from __future__ import annotations

from fractions import Fraction

from ...model.vocabulary import COMPARISONS, SCENARIOS
from ..numbers import amount_json, to_decimal
from ..safe import json_dumps

RULES_IN_JSON = 50  # the most cited rules and deciders; the count of distinct ones is given too


def _a(value) -> str | None:
    return amount_json(value) if value is not None else None


def _scen(d: dict) -> dict:
    return {s: _a(d[s]) for s in SCENARIOS}


def _comp(d: dict) -> dict:
    return {a: _a(d[a]) for a in COMPARISONS}


def _pct(value) -> str | None:
    if value is None:
        return None
    from decimal import Decimal

    return f"{to_decimal(Fraction(value) * 100, Decimal('0.1')):.1f}"


def _num(value):
    """Days as a JSON number: an int, or a float for .25/.5/.75 (exact in binary)."""
    if value is None:
        return None
    f = Fraction(value)
    return f.numerator if f.denominator == 1 else float(f)


def _change(c) -> dict:
    return {"eerste": _score(c.eerste), "laatste": _score(c.laatste), "verandering_gemiddeld": _score(c.gemiddeld),
            "verandering_mediaan": _score(c.mediaan), "beter": c.beter, "gelijk": c.gelijk, "slechter": c.slechter}


def _score(value) -> str | None:
    from decimal import Decimal

    return None if value is None else f"{to_decimal(Fraction(value), Decimal('0.01')):.2f}"


def _evaluation(ev) -> dict:
    def stats(s: dict) -> dict:
        return {c: {"som": _a(s[c]["som"]), "gemiddeld": _a(s[c]["gemiddeld"]), "mediaan": _a(s[c]["mediaan"])}
                for c in COMPARISONS}

    return {
        "per_uitkomst": ev.per_uitkomst,
        "casussen_met_realisatie": ev.casussen_met_realisatie,
        "gepland": _a(ev.gepland),
        "gerealiseerd": _a(ev.gerealiseerd),
        "afwijking": _a(ev.gerealiseerd - ev.gepland),
        "rendement": {c: _a(ev.rendement[c]["som"]) for c in COMPARISONS},
        "rendement_per_casus": stats(ev.rendement),
        "rendement_gepland": stats(ev.rendement_gepland),
        "per_domein": {d: {k: _a(v) for k, v in t.items()} for d, t in ev.per_domein.items()},
        "gezondheid": {"casussen": ev.casussen_met_metingen,
                       "dimensies": {d: _change(c) for d, c in ev.dimensies.items()},
                       "gemiddelde": _change(ev.gemiddelde)},
        "peildatum": ev.peildatum,
        "metingen_te_laat": [m._asdict() for m in ev.metingen_te_laat],
        # realised cases without a complete realised cost: the worklist, counted in none of the sums above
        "nacalculatie_ontbreekt": [m.id for m in ev.nacalculatie_ontbreekt],
        "verwachting": None if ev.verwachting is None else {
            "per_casus": _a(ev.verwachting.per_casus), "gerealiseerd_gemiddeld": _a(ev.verwachting.gerealiseerd_gemiddeld),
            "verschil": _a(ev.verwachting.verschil), "aantal": ev.verwachting.aantal},
    }


def _funnel(t) -> dict:
    return {**t.stadia, "lopend": t.lopend, "gestopt": t.gestopt}


def as_dict(rep) -> dict:
    pd = rep.per_domein
    leg = rep.legitimiteit
    mb = rep.maatwerkbudget
    r = rep.reis
    d = rep.doorbraken
    rend = rep.rendement
    be = rep.break_even
    return {
        "aantal_casussen": rep.casussen.aantal,
        "filters": rep.filters,
        "ongeldig": rep.ongeldig,
        "totalen": _scen(rend.totalen),
        "rendement": _comp(rend.rendement),
        "per_domein": {k: _scen(v.totalen) for k, v in pd.items()},
        "per_gemeente": {g: {"aantal": v.aantal, "rendement": _comp(v.rendement), "totalen": _scen(v.totalen),
                             "met_kosten_batenanalyse": v.met_kba}
                         for g, v in rep.per_gemeente.items()},
        "per_status": rep.casussen.per_status,
        "trechter": _funnel(rep.trechter),
        # every money figure per case counts the cases with a cost-benefit analysis: this many
        "per_casus": {"gemiddeld": _comp(rend.gemiddeld), "mediaan": _comp(rend.mediaan), "aantal": rend.aantal},
        "goedkoper_dan": {"dreigend": rend.goedkoper["dreigend"], "huidig": rend.goedkoper["huidig"]},
        "rendement_per_domein": {
            k: {"casussen": v.casussen,
                **{a: {"investering": _a(v.investering[a]), "opbrengst": _a(v.opbrengst[a]),
                       "saldo": _a(v.saldo[a])} for a in COMPARISONS}}
            for k, v in pd.items()},
        "indicatief": {"casussen": rep.indicatief.casussen, "posten": rep.indicatief.posten,
                       "totalen": _scen(rep.indicatief.totalen), "meegeteld": False},
        "doorbraken": {
            "aantal": d.aantal,
            "met_uitzondering": d.met_uitzondering,
            "aandeel_uitzondering_procent": _pct(d.aandeel_uitzondering),
            "per_leefgebied": {k: {"aantal": v.aantal, "met_uitzondering": v.met_uitzondering,
                                   "aandeel_uitzondering_procent": _pct(v.aandeel_uitzondering)}
                               for k, v in d.per_leefgebied.items()},
        },
        "legitimiteit": {
            "aantal_regels": len(leg.regels),
            "regels": [x._asdict() for x in leg.regels[:RULES_IN_JSON]],
            "aantal_wie_gaat_erover": len(leg.wie_gaat_erover),
            "wie_gaat_erover": [x._asdict() for x in leg.wie_gaat_erover[:RULES_IN_JSON]],
        },
        "maatwerkbudget": {
            "casussen": mb.casussen,
            "totaal": _a(mb.totaal),
            "per_categorie": {c.categorie: {"bedrag": _a(c.bedrag), "aandeel_procent": _pct(c.aandeel)}
                              for c in mb.per_categorie},
        },
        "reis": {
            "casussen_met_reis": r.casussen_met_reis,
            "ingediend": r.ingediend,
            "besloten": r.besloten,
            "dagen_tot_besluit": {k: _num(v) for k, v in r.dagen_tot_besluit.items()},
            "binnen_14_dagen": r.binnen_14_dagen,
            "opgeschaald": r.opgeschaald,
            "besluiten": r.besluiten,
            "laatste_stap": r.laatste_stap,
        },
        "problemen": {p.probleem: p.casussen for p in rep.problemen},
        "prijslijsten_overgeslagen": rep.prijslijsten_overgeslagen,
        "break_even": {"casussen": be.aantal, "casussen_met_kans": be.casussen_met_kans,
                       **{f"{k}_procent": _pct(getattr(be, k)) for k in ("mediaan", "kwartiel_1", "kwartiel_3")},
                       "altijd_rendabel": be.altijd_rendabel,
                       "nooit_rendabel": be.nooit_rendabel},
        "terugverdiend": {a: {"in_jaar": {str(k): v for k, v in t.in_jaar.items()},
                              "niet_binnen_horizon": t.niet_binnen_horizon} for a, t in rep.terugverdiend.items()},
        "geldstromen": [{"van": f.van, "naar": f.naar, "bedrag": _a(f.bedrag)} for f in rep.geldstromen],
        "prijslijsten": [r._asdict() for r in rep.prijslijsten],
        "evaluatie": _evaluation(rep.evaluatie),
    }


def render(rep) -> str:
    return json_dumps(as_dict(rep), indent=2) + "\n"
