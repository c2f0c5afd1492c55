"""Money figures over the portfolio: totals and comparisons, per domain, per municipality, indicative lines."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ...model.vocabulary import COMPARISONS, DOMEINEN, SCENARIOS
from . import exact as ex
from .base import NO_CATEGORY, NO_GEMEENTE, WITH_ANALYSIS, Figure, counts_in, merge_groups
from .keys import fold, gemeente_key, spelling, tag_key


class RendementFigures(NamedTuple):
    totalen: dict  # scenario -> Fraction
    rendement: dict  # comparison -> the sum of the cases' own comparisons
    gemiddeld: dict  # comparison -> Fraction | None (per case)
    mediaan: dict
    goedkoper: dict  # comparison -> cases where the breakthrough is cheaper
    aantal: int = 0  # the cases all of the above count: those with a cost-benefit analysis


class DomainFigures(NamedTuple):
    totalen: dict
    saldo: dict  # comparison -> net
    investering: dict  # comparison -> the cases' costs that rise (negative)
    opbrengst: dict  # comparison -> the cases' costs that fall (positive)
    casussen: int


class GemeenteFigures(NamedTuple):
    aantal: int  # every counted case of the municipality
    totalen: dict  # over the cases with a cost-benefit analysis only (``met_kba`` of them)
    rendement: dict
    met_kba: int = 0


class IndicativeFigures(NamedTuple):
    casussen: int
    posten: int
    totalen: dict


class Rendement(Figure):
    name = "rendement"
    scope = WITH_ANALYSIS

    def empty(self):
        return {"tot": ex.sums(SCENARIOS), "comp": {c: [] for c in COMPARISONS}, "cheaper": {c: 0 for c in COMPARISONS}}

    def add(self, st, s):
        tot, comp, cheaper = st["tot"], st["comp"], st["cheaper"]
        for sc, (n, d) in zip(SCENARIOS, s.totalen):
            acc = tot[sc]
            acc[d] = acc.get(d, 0) + n
        for c, a in zip(COMPARISONS, s.rendement):
            comp[c].append(a)
            if a[0] > 0:
                cheaper[c] += 1

    def merge(self, st, o):
        for sc in SCENARIOS:
            ex.merge(st["tot"][sc], o["tot"][sc])
        for c in COMPARISONS:
            st["comp"][c].extend(o["comp"][c])
            st["cheaper"][c] += o["cheaper"][c]

    def result(self, st, context):
        n = len(st["comp"][COMPARISONS[0]])
        ordered = {c: ex.exact_sorted(st["comp"][c]) for c in COMPARISONS}
        total = {c: ordered[c].total() for c in COMPARISONS}
        return RendementFigures({sc: ex.value(st["tot"][sc]) for sc in SCENARIOS}, total,
                                {c: (total[c] / n if n else None) for c in COMPARISONS},
                                {c: ex.median(ordered[c]) for c in COMPARISONS}, dict(st["cheaper"]), n)


class PerDomain(Figure):
    name = "per_domein"
    scope = WITH_ANALYSIS

    def empty(self):
        return {}

    def add(self, st, s):
        for name, vals in s.per_domein:
            acc = st.get(name)
            if acc is None:
                acc = st[name] = {"casussen": 0, "tot": ex.sums(SCENARIOS), "saldo": ex.sums(COMPARISONS),
                                  "inv": ex.sums(COMPARISONS), "opb": ex.sums(COMPARISONS)}
            acc["casussen"] += 1
            for sc, a in zip(SCENARIOS, vals):
                ex.add(acc["tot"][sc], a)
            for c, a in zip(COMPARISONS, vals[len(SCENARIOS):]):
                ex.add(acc["saldo"][c], a)
                if a[0] < 0:
                    ex.add(acc["inv"][c], a)
                elif a[0]:
                    ex.add(acc["opb"][c], a)

    def merge(self, st, o):
        merge_groups(st, o, "casussen", ("tot", "saldo", "inv", "opb"))

    def result(self, st, context):
        zero = Fraction(0)
        out = {}
        for d in list(DOMEINEN) + sorted(d for d in st if d not in DOMEINEN):
            acc = st.get(d)
            if acc is None:
                out[d] = DomainFigures({sc: zero for sc in SCENARIOS}, {c: zero for c in COMPARISONS},
                                       {c: zero for c in COMPARISONS}, {c: zero for c in COMPARISONS}, 0)
            else:
                out[d] = DomainFigures({sc: ex.value(acc["tot"][sc]) for sc in SCENARIOS},
                                       {c: ex.value(acc["saldo"][c]) for c in COMPARISONS},
                                       {c: ex.value(acc["inv"][c]) for c in COMPARISONS},
                                       {c: ex.value(acc["opb"][c]) for c in COMPARISONS}, acc["casussen"])
        return out


class PerGemeente(Figure):
    name = "per_gemeente"  # every counted case; its money only of the cases with a cost-benefit analysis

    def empty(self):
        return {}

    def add(self, st, s):
        # spellings that differ only in case or spaces ("Den Haag", "den haag ") are one municipality, shown as
        # its most frequent spelling (validate warns about the others)
        g = s.head.gemeente or NO_GEMEENTE
        key = gemeente_key(g)
        acc = st.get(key)
        if acc is None:
            acc = st[key] = {"aantal": 0, "kba": 0, "tot": ex.sums(SCENARIOS), "rend": ex.sums(COMPARISONS),
                             "namen": {}}
        acc["aantal"] += 1
        acc["namen"][g] = acc["namen"].get(g, 0) + 1
        if not counts_in(WITH_ANALYSIS, s.head):  # counted, but its plan money is no figure (a draft, or stopped
            return  # before a plan)
        acc["kba"] += 1
        for sc, a in zip(SCENARIOS, s.totalen):
            ex.add(acc["tot"][sc], a)
        for c, a in zip(COMPARISONS, s.rendement):
            ex.add(acc["rend"][c], a)

    def merge(self, st, o):
        names = {k: v["namen"] for k, v in o.items() if k in st}
        for g, other in o.items():
            if g in st:
                st[g]["kba"] += other["kba"]
        merge_groups(st, o, "aantal", ("tot", "rend"))
        for k, texts in names.items():
            ex.merge_counts(st[k]["namen"], texts)

    def result(self, st, context):
        out = {}
        for acc in st.values():
            name = spelling(acc["namen"])
            out[name] = GemeenteFigures(acc["aantal"], {sc: ex.value(acc["tot"][sc]) for sc in SCENARIOS},
                                        {c: ex.value(acc["rend"][c]) for c in COMPARISONS}, acc["kba"])
        return {g: out[g] for g in sorted(out, key=lambda x: (x == NO_GEMEENTE, fold(x), x))}


class Indicative(Figure):
    name = "indicatief"
    scope = WITH_ANALYSIS

    def empty(self):
        return {"cases": 0, "lines": 0, "tot": ex.sums(SCENARIOS)}

    def add(self, st, s):
        if s.indicatief_posten:
            st["cases"] += 1
            st["lines"] += s.indicatief_posten
            for sc, a in zip(SCENARIOS, s.indicatief):
                ex.add(st["tot"][sc], a)

    def merge(self, st, o):
        st["cases"] += o["cases"]
        st["lines"] += o["lines"]
        for sc in SCENARIOS:
            ex.merge(st["tot"][sc], o["tot"][sc])

    def result(self, st, context):
        return IndicativeFigures(st["cases"], st["lines"], {sc: ex.value(st["tot"][sc]) for sc in SCENARIOS})


class BudgetCategory(NamedTuple):
    categorie: str
    bedrag: Fraction
    aandeel: Fraction | None


class Budget(NamedTuple):
    casussen: int
    totaal: Fraction
    per_categorie: list  # of BudgetCategory, largest first


class Maatwerkbudget(Figure):
    name = "maatwerkbudget"

    def empty(self):
        return {"cases": 0, "sum": {}, "cats": {}}

    def add(self, st, s):
        if s.budget:
            st["cases"] += 1
        for cat, a in s.budget:
            ex.add(st["sum"], a)
            ex.add(st["cats"].setdefault(tag_key(cat) or NO_CATEGORY, {}), a)

    def merge(self, st, o):
        st["cases"] += o["cases"]
        ex.merge(st["sum"], o["sum"])
        for k, v in o["cats"].items():
            ex.merge(st["cats"].setdefault(k, {}), v)

    def result(self, st, context):
        total = ex.value(st["sum"])
        cats = sorted(((k, ex.value(v)) for k, v in st["cats"].items()), key=lambda kv: (-kv[1], kv[0]))
        return Budget(st["cases"], total, [BudgetCategory(k, v, (v / total) if total else None) for k, v in cats])
