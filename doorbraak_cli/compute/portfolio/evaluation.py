"""The evaluation over the portfolio: outcomes, realised against planned, quality of life, and late measurements.

As in the Maatpact reports: the realised costs and benefits next to what was
expected, summed and per case, per domain; the Positieve Gezondheid change over
the cases measured at least twice; and the worklist of follow-up measurements
that are past due on the peildatum (the day the report is about).
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ...model.vocabulary import COMPARISONS, DIMENSIONS, OUTCOMES, domain_order
from . import exact as ex
from .base import Figure

NO_OUTCOME = "niet vermeld"  # the outcome of a realisation that does not say one
SCORES = (*DIMENSIONS, "gemiddelde")  # the order of a summary's CaseEvaluation.scores


class DimensionChange(NamedTuple):
    gemiddeld: Fraction | None  # mean change first -> last over the cases
    mediaan: Fraction | None
    beter: int
    gelijk: int
    slechter: int
    eerste: Fraction | None  # mean first score (the portfolio's spider web)
    laatste: Fraction | None


class LateMeasurement(NamedTuple):
    id: str
    meting: str  # "eerste vervolgmeting"
    vervaldatum: str  # ISO date


class MissingRealised(NamedTuple):
    id: str
    bekend: int  # lines with a realised quantity
    posten: int  # lines that need one (a planned or a realised quantity)


class Expectation(NamedTuple):
    """The expected cost per case (report --verwachting) beside the realised average over the complete cases."""

    per_casus: Fraction
    gerealiseerd_gemiddeld: Fraction | None  # evaluatie.gerealiseerd / aantal; None without complete cases
    verschil: Fraction | None  # gerealiseerd_gemiddeld − per_casus
    aantal: int  # the complete realised cases


def expectation(expected, realised: Fraction, n: int) -> Expectation | None:
    if expected is None:
        return None
    mean = realised / n if n else None
    return Expectation(Fraction(expected), mean, None if mean is None else mean - Fraction(expected), n)


class EvaluationFigures(NamedTuple):
    per_uitkomst: dict  # gelukt, deels, niet gelukt, niet vermeld -> cases with a realisation
    casussen_met_realisatie: int  # realised cases whose realised cost is complete: the ones the sums below count
    gepland: Fraction  # the breakthrough totals of those same cases
    gerealiseerd: Fraction
    rendement: dict  # comparison -> {"som", "gemiddeld", "mediaan"} realised (scenario total − gerealiseerd)
    rendement_gepland: dict  # the same for the plans of those cases
    per_domein: dict  # domain -> {gepland, gerealiseerd, afwijking}
    casussen_met_metingen: int  # cases measured at least twice
    dimensies: dict  # dimension -> DimensionChange
    gemiddelde: DimensionChange  # of the six-dimension mean
    metingen_te_laat: list  # of LateMeasurement, by due date
    peildatum: str  # ISO date the worklist is about
    nacalculatie_ontbreekt: list = []  # of MissingRealised: realised cases whose realised cost is incomplete, by id
    verwachting: Expectation | None = None  # the expected cost per case beside the realised one, when asked for


def _stats(texts: list) -> dict:
    values = ex.exact_sorted(texts)
    total = values.total()
    return {"som": total, "gemiddeld": total / len(values) if values else None, "mediaan": ex.median(values)}


def _change(pairs: list, unit: int) -> DimensionChange:
    """From [first, last] per case, as whole numbers of 1/``unit`` (exact, and cheap over many cases)."""
    changes = sorted(b - a for a, b in pairs)
    n = len(changes)
    if not n:
        return DimensionChange(None, None, 0, 0, 0, None, None)
    median = ex.median(changes) / unit
    return DimensionChange(Fraction(sum(changes), n * unit), median, sum(c > 0 for c in changes),
                           sum(c == 0 for c in changes), sum(c < 0 for c in changes),
                           Fraction(sum(a for a, _ in pairs), n * unit), Fraction(sum(b for _, b in pairs), n * unit))


class Evaluatie(Figure):
    name = "evaluatie"

    def empty(self):
        return {"uitkomst": {}, "n": 0, "plan": {}, "real": {}, "rend": {c: [] for c in COMPARISONS},
                "rend_plan": {c: [] for c in COMPARISONS}, "dom": {}, "scores": {d: [] for d in SCORES},
                "open": [], "incomplete": []}

    def add(self, st, s):
        e = s.evaluatie
        if e is None:
            return
        case_id = s.head.id
        if e.uitkomst is not None:
            ex.count(st["uitkomst"], e.uitkomst)
        if e.onvolledig:
            st["incomplete"].append((case_id, *e.onvolledig))
        if e.gerealiseerd:
            st["n"] += 1
            ex.add(st["plan"], e.totalen[0])
            ex.add(st["real"], e.totalen[1])
            for c, a, planned in zip(COMPARISONS, e.rendement, s.rendement):
                st["rend"][c].append(a)
                st["rend_plan"][c].append(planned)
            for d, gepland, gerealiseerd in e.per_domein:
                acc = st["dom"].setdefault(d, [{}, {}])
                ex.add(acc[0], gepland)
                ex.add(acc[1], gerealiseerd)
        if e.scores:
            for d, pair in zip(SCORES, e.scores):
                st["scores"][d].append(pair)
        st["open"].extend([(case_id, label, due) for label, due in e.vervolg])

    def merge(self, st, o):
        ex.merge_counts(st["uitkomst"], o["uitkomst"])
        st["n"] += o["n"]
        ex.merge(st["plan"], o["plan"])
        ex.merge(st["real"], o["real"])
        for c in COMPARISONS:
            st["rend"][c].extend(o["rend"][c])
            st["rend_plan"][c].extend(o["rend_plan"][c])
        for d, (p, r) in o["dom"].items():
            acc = st["dom"].setdefault(d, [{}, {}])
            ex.merge(acc[0], p)
            ex.merge(acc[1], r)
        for d in st["scores"]:
            st["scores"][d].extend(o["scores"][d])
        st["open"].extend(o["open"])
        st["incomplete"].extend(o["incomplete"])

    def result(self, st, context):
        peil = context.peildatum.isoformat()
        domains = {}
        for d in sorted(st["dom"], key=domain_order):
            p, r = st["dom"][d]
            gp, gr = ex.value(p), ex.value(r)
            domains[d] = {"gepland": gp, "gerealiseerd": gr, "afwijking": gr - gp}
        return EvaluationFigures(
            {k: st["uitkomst"].get(k, 0) for k in (*OUTCOMES, NO_OUTCOME)}, st["n"], ex.value(st["plan"]),
            ex.value(st["real"]), {c: _stats(st["rend"][c]) for c in COMPARISONS},
            {c: _stats(st["rend_plan"][c]) for c in COMPARISONS}, domains, len(st["scores"]["gemiddelde"]),
            {d: _change(st["scores"][d], 10) for d in DIMENSIONS}, _change(st["scores"]["gemiddelde"], 60),
            sorted((LateMeasurement(*x) for x in st["open"] if x[2] < peil), key=lambda m: (m.vervaldatum, m.id, m.meting)),
            peil, sorted(MissingRealised(*x) for x in st["incomplete"]),
            expectation(context.verwachting, ex.value(st["real"]), st["n"]))
