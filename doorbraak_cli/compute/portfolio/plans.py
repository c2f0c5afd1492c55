"""Figures about the plans themselves: the funnel, the breakthroughs, the rules, the journey, the problems."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ...model.vocabulary import DECISIONS, JOURNEY_EVENTS, LEEFGEBIEDEN, STATUSES
from . import exact as ex
from .base import Figure, spelled_add, spelled_empty, spelled_merge, spelled_ranked
from .keys import tag_key

QUICK_DAYS = 14  # "decided within 14 days"


class Funnel(NamedTuple):
    aantal: int
    per_status: dict  # status -> cases (every known status, then any other)


class Cases(Figure):
    name = "casussen"

    def empty(self):
        return {"n": 0, "status": {}}

    def add(self, st, s):
        st["n"] += 1
        ex.count(st["status"], s.head.status)

    def merge(self, st, o):
        st["n"] += o["n"]
        ex.merge_counts(st["status"], o["status"])

    def result(self, st, context):
        counts = st["status"]
        return Funnel(st["n"], {**{x: counts.get(x, 0) for x in STATUSES},
                                **{x: c for x, c in sorted(counts.items()) if x not in STATUSES}})


class LeefgebiedFigures(NamedTuple):
    aantal: int
    met_uitzondering: int
    aandeel_uitzondering: Fraction | None


class Breakthroughs(NamedTuple):
    aantal: int
    met_uitzondering: int
    aandeel_uitzondering: Fraction | None
    per_leefgebied: dict  # leefgebied -> LeefgebiedFigures


class Doorbraken(Figure):
    name = "doorbraken"

    def empty(self):
        return {}

    def add(self, st, s):
        for leefgebied, uitzondering in s.doorbraken:
            acc = st.get(leefgebied or "overig")
            if acc is None:
                acc = st[leefgebied or "overig"] = [0, 0]
            acc[0] += 1
            if uitzondering:
                acc[1] += 1

    def merge(self, st, o):
        for k, v in o.items():
            acc = st.setdefault(k, [0, 0])
            acc[0] += v[0]
            acc[1] += v[1]

    def result(self, st, context):
        n = sum(v[0] for v in st.values())
        exc = sum(v[1] for v in st.values())
        order = list(LEEFGEBIEDEN) + sorted(k for k in st if k not in LEEFGEBIEDEN)
        return Breakthroughs(n, exc, Fraction(exc, n) if n else None,
                             {k: LeefgebiedFigures(st[k][0], st[k][1], Fraction(st[k][1], st[k][0]))
                              for k in order if k in st})


class RuleCount(NamedTuple):
    regel: str
    casussen: int
    schrijfwijzen: int
    sleutel: str = ""  # what it groups by: "#<regel_id>", or the normalised wording (keys.rule_group)


class DeciderCount(NamedTuple):
    wie: str
    casussen: int
    schrijfwijzen: int


class Legitimacy(NamedTuple):
    regels: list  # of RuleCount, most cited first
    wie_gaat_erover: list  # of DeciderCount


class Legitimiteit(Figure):
    name = "legitimiteit"

    def empty(self):
        return {"rules": spelled_empty(), "wie": spelled_empty()}

    def add(self, st, s):
        spelled_add(st["rules"], s.regels)
        spelled_add(st["wie"], s.wie)

    def merge(self, st, o):
        spelled_merge(st["rules"], o["rules"])
        spelled_merge(st["wie"], o["wie"])

    def result(self, st, context):
        return Legitimacy([RuleCount(*r) for r in spelled_ranked(st["rules"], keyed=True)],
                          [DeciderCount(*w) for w in spelled_ranked(st["wie"])])


class Journey(NamedTuple):
    casussen_met_reis: int
    ingediend: int
    besloten: int
    dagen_tot_besluit: dict  # mediaan, kwartiel_1, kwartiel_3, min, max
    binnen_14_dagen: int
    opgeschaald: int
    besluiten: dict
    laatste_stap: dict


class Reis(Figure):
    name = "reis"

    def empty(self):
        return {"n": 0, "submitted": 0, "escalated": 0, "days": [], "decisions": {}, "last": {}}

    def add(self, st, s):
        r = s.reis
        if r is None:
            return
        st["n"] += 1
        if r.ingediend:
            st["submitted"] += 1
            ex.count(st["decisions"], r.besluit or "nog_geen_besluit")
        if r.dagen is not None:
            st["days"].append(r.dagen)
        if r.opgeschaald:
            st["escalated"] += 1
        ex.count(st["last"], r.laatste)

    def merge(self, st, o):
        for k in ("n", "submitted", "escalated"):
            st[k] += o[k]
        st["days"].extend(o["days"])
        ex.merge_counts(st["decisions"], o["decisions"])
        ex.merge_counts(st["last"], o["last"])

    def result(self, st, context):
        days = sorted(st["days"])
        return Journey(
            st["n"], st["submitted"], len(days),
            {"mediaan": ex.median(days), "kwartiel_1": ex.quantile(days, Fraction(1, 4)),
             "kwartiel_3": ex.quantile(days, Fraction(3, 4)), "min": days[0] if days else None,
             "max": days[-1] if days else None},
            sum(1 for d in days if d <= QUICK_DAYS), st["escalated"],
            {k: st["decisions"].get(k, 0) for k in (*DECISIONS, "nog_geen_besluit")},
            {k: st["last"][k] for k in JOURNEY_EVENTS if k in st["last"]})


class ProblemCount(NamedTuple):
    probleem: str
    casussen: int


class Problemen(Figure):
    name = "problemen"

    def empty(self):
        return spelled_empty()

    def add(self, st, s):
        spelled_add(st, [(tag_key(p), tag_key(p)) for p in s.problemen])

    def merge(self, st, o):
        spelled_merge(st, o)

    def result(self, st, context):
        return [ProblemCount(t, c) for t, c, _ in spelled_ranked(st)]


class SourceCount(NamedTuple):
    naam: str
    versie: str
    sha256: str
    herkomst: str
    casussen: int


class Prijslijsten(Figure):
    name = "prijslijsten"  # provenance: which price lists (name, version, content) the counted cases used

    def empty(self):
        return {}

    def add(self, st, s):
        for naam, versie, sha, herkomst in s.lijsten:
            ex.count(st, "\0".join((naam, versie, sha, herkomst)))

    def merge(self, st, o):
        ex.merge_counts(st, o)

    def result(self, st, context):
        rows = [SourceCount(*k.split("\0"), n) for k, n in st.items()]
        return sorted(rows, key=lambda r: (-r.casussen, r.naam, r.versie, r.sha256))
