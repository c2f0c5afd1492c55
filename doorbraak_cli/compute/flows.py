"""Who pays, who profits: the money flows between legal domains.

Against a reference scenario (the threatening one by default), a domain whose
costs rise under the breakthrough *invests*; one whose costs fall *profits*.
The flow matrix spreads each investing domain's investment over the profiting
domains in proportion to what they save, so it reads as "the Participatiewet
invests € X, of which € Y ends up as a saving in the Wlz". Pure functions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..model.vocabulary import domain_order
from .cost import Result


class DomainFlow(NamedTuple):
    domein: str
    investeert: Fraction  # >= 0: how much more this domain pays under the breakthrough
    profiteert: Fraction  # >= 0: how much less it pays
    netto: Fraction  # profiteert − investeert (= the domain's comparison)


class Flows(NamedTuple):
    against: str  # "dreigend" or "huidig"
    domains: tuple  # of DomainFlow, in the fixed domain order
    stromen: tuple  # of (van, naar, Fraction): investment of `van` that lands as saving in `naar`


def flows(result: Result, against: str = "dreigend") -> Flows:
    domains = []
    for d in sorted(result.rendement_per_domein, key=domain_order):
        net = result.rendement_per_domein[d][against]
        domains.append(DomainFlow(d, max(-net, Fraction(0)), max(net, Fraction(0)), net))
    invest = [x for x in domains if x.investeert > 0]
    profit = [x for x in domains if x.profiteert > 0]
    total_profit = sum((x.profiteert for x in profit), Fraction(0))
    stromen = []
    if total_profit:
        for i in invest:
            for p in profit:
                stromen.append((i.domein, p.domein, i.investeert * p.profiteert / total_profit))
    return Flows(against, tuple(domains), tuple(stromen))


def combine(many) -> Flows:
    """Add up per-case flows (same reference) into portfolio flows."""
    many = list(many)
    against = many[0].against if many else "dreigend"
    inv: dict = {}
    prof: dict = {}
    streams: dict = {}
    for f in many:
        for d in f.domains:
            inv[d.domein] = inv.get(d.domein, Fraction(0)) + d.investeert
            prof[d.domein] = prof.get(d.domein, Fraction(0)) + d.profiteert
        for van, naar, amount in f.stromen:
            streams[(van, naar)] = streams.get((van, naar), Fraction(0)) + amount
    domains = tuple(DomainFlow(d, inv[d], prof[d], prof[d] - inv[d]) for d in sorted(inv, key=domain_order))
    stromen = tuple((v, n, a) for (v, n), a in sorted(streams.items(), key=lambda kv: (domain_order(kv[0][0]), domain_order(kv[0][1]))))
    return Flows(against, domains, stromen)
