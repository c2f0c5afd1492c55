"""Figures that look ahead: break-even probabilities, payback years, and money flows between domains."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ...model.vocabulary import COMPARISONS
from . import exact as ex
from .base import WITH_ANALYSIS, Figure


class BreakEvenFigures(NamedTuple):
    casussen_met_kans: int
    mediaan: Fraction | None
    kwartiel_1: Fraction | None
    kwartiel_3: Fraction | None
    altijd_rendabel: int
    nooit_rendabel: int
    aantal: int = 0  # the cases counted: those with a cost-benefit analysis


class BreakEven(Figure):
    name = "break_even"
    scope = WITH_ANALYSIS

    def empty(self):
        return {"be": [], "kind": {}}

    def add(self, st, s):
        ex.count(st["kind"], s.break_even_soort)
        if s.break_even is not None:
            st["be"].append(s.break_even)

    def merge(self, st, o):
        st["be"].extend(o["be"])
        ex.merge_counts(st["kind"], o["kind"])

    def result(self, st, context):
        be = ex.exact_sorted(st["be"])
        return BreakEvenFigures(len(be), ex.median(be), ex.quantile(be, Fraction(1, 4)),
                                ex.quantile(be, Fraction(3, 4)), st["kind"].get("altijd", 0),
                                st["kind"].get("nooit", 0), sum(st["kind"].values()))


class Payback(NamedTuple):
    in_jaar: dict  # year -> cases
    niet_binnen_horizon: int


class Terugverdiend(Figure):
    name = "terugverdiend"
    scope = WITH_ANALYSIS

    def empty(self):
        return {c: {} for c in COMPARISONS}

    def add(self, st, s):
        for c, year in zip(COMPARISONS, s.terugverdiend):
            ex.count(st[c], str(year) if year else "niet")

    def merge(self, st, o):
        for c in COMPARISONS:
            ex.merge_counts(st[c], o[c])

    def result(self, st, context):
        return {c: Payback(dict(sorted((int(k), v) for k, v in st[c].items() if k != "niet")), st[c].get("niet", 0))
                for c in COMPARISONS}


class FlowFigure(NamedTuple):
    van: str
    naar: str
    bedrag: Fraction


class Geldstromen(Figure):
    name = "geldstromen"  # against the threatening scenario
    scope = WITH_ANALYSIS

    def empty(self):
        return {}

    def add(self, st, s):
        for van, naar, a in s.stromen:
            ex.add(st.setdefault(f"{van}|{naar}", {}), a)

    def merge(self, st, o):
        for k, v in o.items():
            ex.merge(st.setdefault(k, {}), v)

    def result(self, st, context):
        ordered = sorted(((k, ex.value(v)) for k, v in st.items()), key=lambda kv: (-kv[1], kv[0]))
        return [FlowFigure(*k.split("|"), v) for k, v in ordered]
