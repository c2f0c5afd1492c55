"""Rows for the multi-year, uncertainty and money-flow sections of one case, shared by every format.

Everything here formats an :class:`~...compute.analysis.Analysis`; nothing is computed again.
"""

from __future__ import annotations

from ...compute.analysis import Analysis
from ...model.vocabulary import COMPARISONS, SCENARIOS
from ..numbers import amount_json, euro, percent_nl, quantity_plain
from ..tables import SCENARIO_HEADS, Table, comparison_cell


def break_even_text(a: Analysis) -> str:
    be = a.uncertainty.break_even
    if be.kans is None:
        return f"Break-even-kans: geen tussen 0% en 100% — {be.reason}."
    return f"Break-even-kans: {percent_nl(be.kans)} — {be.reason}."


def expected_lines(a: Analysis) -> list[str]:
    """Only when kans or toerekening is used: the expected comparisons."""
    u = a.uncertainty
    if u.expected_totals == a.result.totals:
        return []
    out = [f"Verwacht (met kans en toerekening): dreigend scenario {euro(u.expected_totals['dreigend'], False)}"
           + (f" bij een kans van {percent_nl(u.kans)}" if u.kans is not None else "")]
    for c in COMPARISONS:
        out.append("verwacht: " + comparison_cell(u.expected_rendement[c], c)
                   .replace("rendement", "rendement t.o.v. " + c).replace("kosten", "kosten t.o.v. " + c))
    return out


def years_table(a: Analysis, signed: bool = False) -> Table:
    """Per year and cumulatively: the three totals and both comparisons ('rendement €'/'kosten €', or +/− when
    ``signed``, which keeps the table narrow enough for a terminal)."""
    p = a.projection
    rows = []
    for y in p.years:
        rows.append((str(y.year),) + tuple(euro(y.totals[s], False) for s in SCENARIOS)
                    + tuple(comparison_cell(y.rendement[c], c, signed=signed) for c in COMPARISONS)
                    + tuple(comparison_cell(y.cumulative_rendement[c], c, signed=signed) for c in COMPARISONS))
    headers = ("Jaar",) + tuple(SCENARIO_HEADS[s] for s in SCENARIOS) + (
        "t.o.v.\nhuidig", "t.o.v.\ndreigend", "cumulatief\nt.o.v. huidig", "cumulatief\nt.o.v. dreigend")
    disc = f", gedisconteerd met {percent_nl(p.disconto, 2)} per jaar" if p.disconto else ""
    sign = " (+ rendement, − kosten)" if signed else ""
    return Table(f"Rendement per jaar over {p.horizon} jaar{disc}{sign}", headers, tuple(rows), (),
                 tuple(range(len(headers))))


def years_tables(a: Analysis, split: bool = False) -> list[Table]:
    """The years table, or for a narrow screen the same figures as two tables: totals, then comparisons."""
    full = years_table(a, signed=True)
    if not split:
        return [full]
    n = 1 + len(SCENARIOS)
    title = full.title.replace("Rendement per jaar", "Totalen per jaar").replace(" (+ rendement, − kosten)", "")
    return [Table(title, full.headers[:n], tuple(r[:n] for r in full.rows), (), tuple(range(n))),
            Table(full.title, full.headers[:1] + full.headers[n:], tuple(r[:1] + r[n:] for r in full.rows), (),
                  tuple(range(len(full.headers) - n + 1)))]


def payback_lines(a: Analysis) -> list[str]:
    p = a.projection
    out = []
    for c in COMPARISONS:
        target = "de huidige situatie" if c == "huidig" else "het dreigende scenario"
        year = p.payback[c]
        out.append(f"Terugverdiend t.o.v. {target}: " + (f"in jaar {year}" if year else f"niet binnen {p.horizon} jaar"))
    return out


def sensitivity_tables(a: Analysis) -> list[Table]:
    by_q, by_k = a.sensitivity
    out = []
    for title, rows in (("Gevoeligheid: aantallen in het dreigende scenario", by_q),
                        ("Gevoeligheid: kans dat het dreigende scenario uitkomt", by_k)):
        out.append(Table(title, ("Variant", "t.o.v. huidige\nsituatie", "t.o.v. dreigend\nscenario"),
                         tuple((r.label,) + tuple(comparison_cell(r.rendement[c], c) for c in COMPARISONS)
                               for r in rows), (), (1, 2)))
    return out


def flows_table(a: Analysis, against: str = "dreigend") -> Table:
    f = a.flows[against]
    rows = tuple((d.domein, euro(d.investeert, False), euro(d.profiteert, False), comparison_cell(d.netto, against))
                 for d in f.domains)
    ref = "het dreigende scenario" if against == "dreigend" else "de huidige situatie"
    return Table(f"Wie betaalt, wie profiteert (t.o.v. {ref})", ("Domein", "Investeert", "Profiteert", "Netto"), rows,
                 (), (1, 2, 3))


def flow_lines(a: Analysis, against: str = "dreigend") -> list[str]:
    """Each flow from an investing to a profiting domain, then what lands nowhere (net cost or net saving)."""
    f = a.flows[against]
    out = [f"{van} → {naar}: {euro(x, False)}{_already(a, van, against)}" for van, naar, x in f.stromen]
    if any(d.investeert for d in f.domains) and f.rest:
        if f.rest < 0:
            out.append(f"Netto kosten (meer geïnvesteerd dan bespaard, landt bij geen domein): {euro(-f.rest, False)}")
        else:
            out.append(f"Netto besparing (meer bespaard dan geïnvesteerd): {euro(f.rest, False)}")
    return out


def _already(a: Analysis, domein: str, against: str) -> str:
    """Against the threat, a domain that pays no more than it does now invests no new money: the book says so
    ("daarnaast betaalt de gemeente nu dagbestedingskosten vanuit de Wmo"), so the flow says so too."""
    if against == "huidig":
        return ""
    totals = a.result.per_domein.get(domein) or {}
    extra = totals.get("doorbraak", 0) - totals.get("huidig", 0)
    if extra <= 0:
        return f" ({'' if domein == 'Overig' else 'de '}{domein} betaalt dit nu ook al)"
    invested = -a.result.rendement_per_domein[domein][against]
    if extra < invested:
        return f" (waarvan {euro(extra, False)} meer dan nu)"
    return ""


def as_json(a: Analysis) -> dict:
    """The additions to calc's JSON contract (existing keys are untouched)."""
    u = a.uncertainty
    p = a.projection
    be = u.break_even
    money = {}
    for against in COMPARISONS:
        f = a.flows[against]
        money[against] = {
            "per_domein": {d.domein: {"investeert": amount_json(d.investeert), "profiteert": amount_json(d.profiteert),
                                      "netto": amount_json(d.netto)} for d in f.domains},
            "stromen": [{"van": v, "naar": n, "bedrag": amount_json(x)} for v, n, x in f.stromen],
            "zonder_stroom": {"netto_kosten": amount_json(max(-f.rest, 0)), "netto_besparing": amount_json(max(f.rest, 0))},
        }
    return {
        "onzekerheid": {
            "kans": quantity_plain(u.kans, 12) if u.kans is not None else None,
            "verwacht": {"totalen": {s: amount_json(u.expected_totals[s]) for s in SCENARIOS},
                         "rendement": {c: amount_json(u.expected_rendement[c]) for c in COMPARISONS}},
            "break_even_kans": quantity_plain(be.kans, 12) if be.kans is not None else None,
            "break_even_toelichting": be.reason,
        },
        "meerjarig": {
            "horizon": p.horizon,
            "disconto": quantity_plain(p.disconto, 12) if p.disconto else None,
            "jaren": [{"jaar": y.year,
                       "totalen": {s: amount_json(y.totals[s]) for s in SCENARIOS},
                       "rendement": {c: amount_json(y.rendement[c]) for c in COMPARISONS},
                       "cumulatief": {"totalen": {s: amount_json(y.cumulative_totals[s]) for s in SCENARIOS},
                                      "rendement": {c: amount_json(y.cumulative_rendement[c]) for c in COMPARISONS}}}
                      for y in p.years],
            "terugverdiend_in_jaar": dict(p.payback),
        },
        "geldstromen": money,
    }
